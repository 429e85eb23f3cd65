// The packed package, imported by name, against fake-genesys over HTTP.
import { test, before, after, beforeEach } from 'node:test';
import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { dial, transfer, CallControl, CallControlError, init, normalizePhoneNumber } from 'genesys-callctl';
import { fakeGenesys, token, queueId, agentOf, lastState } from './fake.mjs';

let g;
before(async () => {
  g = await fakeGenesys();
});
beforeEach(() => g.clearFaults()); // a fault one test queued never reaches the next
after(() => g.close());

test('dial and transfer as the README shows them', async () => {
  const { conversationId } = await dial({ token, apiBase: g.url, phoneNumber: '+1 (317) 555-0100' });
  assert.match(conversationId, /^[0-9a-f-]{36}$/);
  const out = await transfer({ token, apiBase: g.url, conversationId, to: { queueName: 'Support Tier 2' } });
  assert.equal(out.queueId, queueId('Support Tier 2'));

  const dials = (await g.requests('POST', '/api/v2/conversations/calls')).filter((r) => r.body.phoneNumber === '+13175550100');
  assert.equal(dials.length, 1);
  assert.deepEqual(dials[0].body, { phoneNumber: '+13175550100' });
  const moves = await g.requests('POST', `/api/v2/conversations/${conversationId}/participants/`);
  assert.equal(moves.length, 1);
  assert.match(moves[0].path, /\/replace\/queue$/);
  assert.deepEqual(moves[0].body, { queueId: queueId('Support Tier 2') });
  const conv = await g.conversation(conversationId);
  const acd = conv.participants.find((p) => p.purpose === 'acd');
  assert.equal(acd.queueName, 'Support Tier 2');
  assert.equal(lastState(acd), 'connected');
});

test('a client with a token provider: me, findQueues, conversation, transfer to a user', async () => {
  let asked = 0;
  const cc = new CallControl({ apiBase: g.url, token: async () => (asked++, token) });
  const me = await cc.me();
  assert.equal(me.name, 'Alex Agent');
  const queues = await cc.findQueues('Support*');
  assert.deepEqual(queues.map((q) => q.name), ['Support Tier 1', 'Support Tier 2']);
  const conv = await g.scenario('agent-connected');
  const read = await cc.conversation(conv.id);
  assert.equal(read.id, conv.id);
  const blair = (await import('./fake.mjs')).seed.users.find((u) => u.tokenKey === 'agent2').id;
  await cc.transfer({ conversationId: conv.id, to: { userId: blair } });
  const after = await g.conversation(conv.id);
  assert.equal(lastState(agentOf(after)), 'disconnected');
  assert.ok(after.participants.some((p) => p.userId === blair));
  assert.ok(asked >= 4, 'the provider is asked per operation');
});

test('errors are CallControlError with stable fields and never the token', async () => {
  const secret = 'sentinel-token-0f9e8d7c';
  const err = await new CallControl({ apiBase: g.url, token: secret }).me().catch((e) => e);
  assert.ok(err instanceof CallControlError);
  assert.ok(err instanceof Error);
  assert.equal(err.name, 'CallControlError');
  assert.equal(err.kind, 'unauthorized');
  assert.equal(err.status, 401);
  assert.equal(err.code, 'bad.credentials');
  assert.match(err.correlationId, /^[0-9a-f-]{36}$/);
  for (const text of [err.message, err.stack, JSON.stringify(err), String(err)]) {
    assert.ok(!text.includes(secret), 'token leaked');
  }
});

test('bad input is refused by field before any request', async () => {
  const cc = new CallControl({ apiBase: g.url, token });
  const before = (await g.requests('POST', '/api/v2/conversations/calls')).length;
  const cases = [
    [{ phoneNumber: '12' }, 'phoneNumber'],
    [{ phoneNumber: '+13175550100', callerId: 'abc' }, 'callerId'],
    [{ phoneNumber: '+13175550100', extra: true }, 'extra'],
    [{ phoneNumber: () => '+13175550100' }, 'phoneNumber'],
    [{ phoneNumber: '+13175550100', priority: 10n }, 'priority'],
    [{ phoneNumber: '+13175550100', priority: NaN }, 'priority'],
    [{ phoneNumber: '+13175550100', signal: 'nope' }, 'signal'],
    [JSON.parse('{"phoneNumber":"+13175550100","__proto__":{"x":1}}'), '__proto__'],
    [null, 'options'],
    ['+13175550100', 'options'],
  ];
  for (const [opts, field] of cases) {
    const e = await cc.dial(opts).catch((x) => x);
    assert.ok(e instanceof CallControlError, `${field}: ${e}`);
    assert.equal(e.kind, 'invalid_input', field);
    assert.equal(e.field, field);
  }
  const t = await cc.transfer({ conversationId: '../users/me', to: { queueId: queueId('Billing') } }).catch((x) => x);
  assert.equal(t.field, 'conversationId');
  assert.equal((await g.requests('POST', '/api/v2/conversations/calls')).length, before);
  const bad = await new CallControl({ region: 'evil.example.com', token }).me().catch((x) => x);
  assert.equal(bad.field, 'region');
  assert.deepEqual(await cc.me().then((m) => m.name), 'Alex Agent', 'still works afterwards');
});

test('an AbortSignal ends an in-flight request and a pre-aborted one sends nothing', async () => {
  const cc = new CallControl({ apiBase: g.url, token });
  const pre = await cc.dial({ phoneNumber: '+13175550161', signal: AbortSignal.abort() }).catch((e) => e);
  assert.equal(pre.kind, 'aborted');
  assert.equal((await g.requests('POST', '/api/v2/conversations/calls')).filter((r) => r.body.phoneNumber === '+13175550161').length, 0);
  await g.fault('GET', '/api/v2/users/me', { type: 'hang' });
  const seen = (await g.requests('GET', '/api/v2/users/me')).length;
  const ac = new AbortController();
  const pending = cc.me({ signal: ac.signal }).catch((e) => e);
  await waitFor(async () => (await g.requests('GET', '/api/v2/users/me')).length > seen);
  ac.abort();
  const e = await pending;
  assert.equal(e.kind, 'aborted');
});

test('identical dials in flight share one request', async () => {
  const cc = new CallControl({ apiBase: g.url, token });
  await g.fault('POST', '/api/v2/conversations/calls', { type: 'delay', ms: 100 });
  const [a, b] = await Promise.all([cc.dial({ phoneNumber: '+13175550162' }), cc.dial({ phoneNumber: '+1 317 555 0162' })]);
  assert.equal(a.conversationId, b.conversationId);
  assert.equal((await g.requests('POST', '/api/v2/conversations/calls')).filter((r) => r.body.phoneNumber === '+13175550162').length, 1);
});

test('normalizePhoneNumber after init', async () => {
  await init();
  assert.equal(normalizePhoneNumber('+44 20 7946.0958'), '+442079460958');
  assert.throws(() => normalizePhoneNumber('020 7946 0958'), (e) => e instanceof CallControlError && e.kind === 'invalid_input');
});

test('the published JS is readable: no minified lines, real names in stack traces', async () => {
  // Every shipped module, as installed (users' bundlers minify; we ship what they can debug).
  const dist = dirname(fileURLToPath(import.meta.resolve('genesys-callctl')));
  const files = [...readdirSync(dist), ...readdirSync(join(dist, 'wasm')).map((f) => join('wasm', f))].filter((f) => f.endsWith('.js'));
  assert.ok(files.length >= 5, `shipped modules: ${files}`);
  for (const f of files) {
    for (const [i, line] of readFileSync(join(dist, f), 'utf8').split('\n').entries()) {
      // The inline entry's one long line is its base64 data, not code.
      if (line.startsWith('const WASM_BASE64 = ')) continue;
      assert.ok(line.length <= 500, `${f}:${i + 1} is ${line.length} characters long (minified?)`);
    }
  }
  await init();
  const e = (() => {
    try {
      normalizePhoneNumber('12');
    } catch (err) {
      return err;
    }
  })();
  assert.equal(e.constructor.name, 'CallControlError');
  assert.match(e.stack, /at normalizePhoneNumber /, e.stack);
  assert.doesNotMatch(e.stack, /at [a-zA-Z_$] \(/, 'no one-letter (minified) function names');
});

/** Polls a condition on the server, bounded in count and time. */
async function waitFor(cond, { tries = 200, everyMs = 10 } = {}) {
  for (let i = 0; i < tries; i++) {
    if (await cond()) return;
    await new Promise((r) => setTimeout(r, everyMs));
  }
  throw new Error('condition not reached');
}

test('users/me is fetched once per client, and attempts count only the failing request', async () => {
  const own = `once-token-${Date.now()}`;
  const alex = (await import('./fake.mjs')).seed.users.find((u) => u.tokenKey === 'agent').id;
  await fetch(`${g.url}/__control/tokens`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ token: own, userId: alex }) });
  const cc = new CallControl({ apiBase: g.url, token: own });
  const first = await g.scenario('agent-connected');
  const second = await g.scenario('agent-connected');
  await cc.transfer({ conversationId: first.id, to: { queueId: queueId('Billing') } });
  assert.equal((await cc.me()).id, alex);
  await g.fault('POST', `/api/v2/conversations/${second.id}/participants/*`, { type: 'status', status: 503 });
  const e = await cc.transfer({ conversationId: second.id, to: { queueId: queueId('Billing') } }).catch((x) => x);
  assert.equal(e.kind, 'server');
  assert.equal(e.maybeApplied, true);
  assert.equal(e.attempts, 1, 'the conversation and users/me lookups are not counted');
  const mine = (await g.requests('GET', '/api/v2/users/me')).filter((r) => r.headers.authorization === `Bearer ${own}`);
  assert.equal(mine.length, 1);
});
