// A client used over and over keeps no JS value it is done with: the wasm's
// externref table (where wasm-bindgen keeps every JS value the wasm holds)
// stops growing once warm. The table is read from the module instance, caught
// by wrapping WebAssembly.instantiate before the package loads it.
//
// Found by the memory benchmark: every transfer grew the table by two slots,
// because `JSON.parse` of the empty 202 body threw through a `catch` import
// and wasm-bindgen leaks the return slot of a `catch` import that throws.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { fakeGenesys, token, queueId, agentOf } from './fake.mjs';
import { controlOf } from './reliability.mjs';

let g;
let ctl;
let pkg;
let table;
before(async () => {
  g = await fakeGenesys();
  ctl = controlOf(g.url);
  pkg = await import('genesys-callctl');
  const real = WebAssembly.instantiate;
  let instance;
  WebAssembly.instantiate = async (...args) => {
    const r = await real.apply(WebAssembly, args);
    instance = r instanceof WebAssembly.Instance ? r : r.instance;
    return r;
  };
  try {
    const wasm = readFileSync(new URL('./wasm/genesys_callctl_bg.wasm', import.meta.resolve('genesys-callctl')));
    await pkg.init(new WebAssembly.Module(wasm));
  } finally {
    WebAssembly.instantiate = real;
  }
  table = instance?.exports.__wbindgen_externrefs;
  assert.ok(table instanceof WebAssembly.Table, 'the wasm exports its externref table');
});
after(() => g.close());

/** How much `run(i)` × `n` grows the table, after `warm` runs to reach steady state. */
async function growth(run, n, warm = 20) {
  for (let i = 0; i < warm; i++) await run(i);
  const before = table.length;
  for (let i = warm; i < warm + n; i++) await run(i);
  return table.length - before;
}

test('300 transfers on one client (202, no body) leave the externref table as it was', async () => {
  const cc = new pkg.CallControl({ apiBase: g.url, token });
  const to = { queueId: queueId('Support Tier 2') };
  const convs = [];
  for (let i = 0; i < 320; i++) convs.push(await g.scenario('agent-connected'));
  const grew = await growth(async (i) => {
    const r = await cc.transfer({ conversationId: convs[i].id, to });
    assert.equal(r.participantId, agentOf(convs[i]).id);
  }, 300);
  // A leak of one slot per transfer would be ≥ 300.
  assert.ok(grew <= 16, `the table grew by ${grew} slots over 300 transfers`);
  const replaced = await g.requests('POST', '/api/v2/conversations/');
  assert.equal(replaced.filter((r) => r.path.endsWith('/replace/queue')).length, 320, 'every transfer reached the server once');
});

// Bodies JSON.parse must not see: an HTML page (a proxy's error) and half a
// JSON body (starts with `{`, does not end with `}`). Each threw, leaving a
// slot behind, until the body's first and last characters were checked.
for (const [fault, what] of [['non-json', 'an HTML page (a proxy error)'], ['truncate', 'cut short (half a JSON body)']]) {
  test(`300 answers that are ${what} leave the externref table as it was`, async () => {
    const cc = new pkg.CallControl({ apiBase: g.url, token });
    await ctl.fault('GET', '/api/v2/users/me', { type: fault }, 320);
    const grew = await growth(async () => {
      const e = await cc.me().then(() => null, (err) => err);
      assert.equal(e?.kind, 'unexpected_response');
    }, 300);
    assert.ok(grew <= 16, `the table grew by ${grew} slots over 300 answers that are ${what}`);
  });
}
