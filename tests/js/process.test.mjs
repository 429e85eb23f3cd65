// Node processes: the package's one shared request timer keeps a process
// alive while a call is in flight (so the call can time out even when
// nothing else is pending), and never after (so a script ends as soon as its
// last call has settled, not when the timer would have fired).
// Each case runs a script in a child Node that imports the installed package.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { fakeGenesys, token } from './fake.mjs';

let g;
before(async () => {
  g = await fakeGenesys();
});
after(() => g.close());

/**
 * Runs `source` as an ES module in a child Node, from this project (so
 * 'genesys-callctl' resolves to the installed tarball). Resolves with its
 * exit code and output; fails if it is still running after `limitMs`.
 */
function runScript(source, limitMs) {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['--input-type=module', '-e', source], { stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d) => (stdout += d));
    child.stderr.on('data', (d) => (stderr += d));
    const limit = setTimeout(() => {
      child.kill('SIGKILL');
      reject(new Error(`the script was still running after ${limitMs} ms: something holds the process open\n${stderr}`));
    }, limitMs);
    child.on('exit', (code) => {
      clearTimeout(limit);
      resolve({ code, stdout: stdout.trim(), stderr });
    });
  });
}

test('a script exits once its dial has settled, though the call allowed 10 minutes', async () => {
  const r = await runScript(
    `import { dial } from 'genesys-callctl';
     const { conversationId } = await dial({ apiBase: ${JSON.stringify(g.url)}, token: ${JSON.stringify(token)}, phoneNumber: '+13175550100', timeoutMs: 600000 });
     console.log(typeof conversationId);`,
    30_000,
  );
  assert.equal(r.code, 0, r.stderr);
  assert.equal(r.stdout, 'string');
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
  assert.equal(r.stdout, 'timeout true');
});
