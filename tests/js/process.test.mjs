// Node processes: the package's one shared request timer keeps a process
// alive while a call is in flight (so the call can time out even when
// nothing else is pending), and never after (so a script ends as soon as its
// last call has settled, not when the timer would have fired).
// Each case runs a script in a child Node that imports the installed package.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { fakeGenesys, token } from './fake.mjs';
import { exec } from '../env/lib.mjs';

let g;
before(async () => {
  g = await fakeGenesys();
});
after(() => g.close());

/**
 * Runs `source` as an ES module in a child Node, from this project (so
 * 'genesys-callctl' resolves to the installed tarball), killed if it still
 * runs after `limitMs` (then its exit code is 'SIGKILL').
 */
const runScript = (source, limitMs) => exec(process.execPath, ['--input-type=module', '-e', source], { timeoutMs: limitMs });

test('a script exits once its dial has settled, though the call allowed 10 minutes', async () => {
  const r = await runScript(
    `import { dial } from 'genesys-callctl';
     const { conversationId } = await dial({ apiBase: ${JSON.stringify(g.url)}, token: ${JSON.stringify(token)}, phoneNumber: '+13175550100', timeoutMs: 600000 });
     console.log(typeof conversationId);`,
    30_000,
  );
  assert.equal(r.code, 0, `the script did not end by itself: ${r.stderr}`);
  assert.equal(r.stdout.trim(), 'string');
  assert.equal((await g.requests('POST', '/api/v2/conversations/calls')).length, 1);
});

test('a call in flight keeps the process alive until it times out, even with nothing else pending', async () => {
  // A fetch that only ever ends by its signal: no socket, no timer of its
  // own, so only the package's timer is left to keep Node running.
  const r = await runScript(
    `globalThis.fetch = (url, init) => new Promise((_, reject) => init.signal.addEventListener('abort', () => reject(init.signal.reason)));
     const { dial } = await import('genesys-callctl');
     const e = await dial({ apiBase: 'http://127.0.0.1:9', token: ${JSON.stringify(token)}, phoneNumber: '+13175550100', timeoutMs: 300 }).then(() => null, (e) => e);
     console.log(e?.kind, e?.maybeApplied);`,
    30_000,
  );
  // Without the timer holding Node open, the process would end early with
  // the top-level await unsettled (exit code 13) and print nothing.
  assert.equal(r.code, 0, r.stderr);
  assert.equal(r.stdout.trim(), 'timeout true');
});
