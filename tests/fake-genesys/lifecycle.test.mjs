// Process and server lifecycle: cli.mjs output and signals, close() with a hanging request.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { fileURLToPath } from 'node:url';
import { startFakeGenesys } from './server.mjs';
import { TOKENS } from './harness.mjs';

test('cli.mjs prints exactly one FAKE_GENESYS_URL line, serves, and exits 0 on SIGTERM', async () => {
  const cli = fileURLToPath(new URL('./cli.mjs', import.meta.url));
  const child = spawn(process.execPath, [cli, '--port', '0', '--call-setup-ms', '25'], { stdio: ['ignore', 'pipe', 'pipe'] });
  let out = '';
  child.stdout.setEncoding('utf8');
  const url = await new Promise((resolve, reject) => {
    child.stdout.on('data', (d) => {
      out += d;
      const m = /^FAKE_GENESYS_URL=(http:\/\/127\.0\.0\.1:\d+)\n/.exec(out);
      if (m) resolve(m[1]);
    });
    child.once('exit', (code) => reject(new Error(`cli exited early with ${code}`)));
  });
  const me = await fetch(`${url}/api/v2/users/me`, { headers: { Authorization: `Bearer ${TOKENS.agent}` } });
  assert.equal(me.status, 200);
  const state = await (await fetch(`${url}/__control/state`)).json();
  assert.equal(state.callSetupMs, 25);
  child.kill('SIGTERM');
  const [code] = await once(child, 'exit');
  assert.equal(code, 0);
  assert.equal(out, `FAKE_GENESYS_URL=${url}\n`);
});

test('close() ends hanging connections and resolves', async () => {
  const server = await startFakeGenesys();
  assert.match(server.url, /^http:\/\/127\.0\.0\.1:\d+$/);
  assert.equal(server.port, Number(server.url.split(':').at(-1)));
  await fetch(`${server.url}/__control/faults`, {
    method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify({ fault: { type: 'hang' } }),
  });
  const pending = fetch(`${server.url}/api/v2/users/me`, { headers: { Authorization: `Bearer ${TOKENS.agent}` } });
  await new Promise((r) => setTimeout(r, 50));
  const started = Date.now();
  await server.close();
  assert.ok(Date.now() - started < 1000);
  await assert.rejects(pending);
  await server.close(); // idempotent
});
