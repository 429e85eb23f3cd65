// Fault injection: status (429 + Retry-After), delay, hang, drop, drop-after, truncate, non-json,
// wrong-content-type, huge; matching by method/path prefix and count.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { useServer, api, control, scenario, getConv, one, callOf, queue } from './harness.mjs';

const h = useServer();
const fault = (spec) => control(h, 'POST', '/faults', spec);
const DIAL = '/api/v2/conversations/calls';

test('429 fault: Retry-After header, exposed via CORS, normalised body; consumed after count', async () => {
  await fault({ match: { method: 'POST', path: DIAL }, count: 2, fault: { type: 'status', status: 429, retryAfter: 3 } });
  for (let i = 0; i < 2; i++) {
    const r = await api(h, 'POST', DIAL, { body: { phoneNumber: '+13175550100' } });
    assert.equal(r.status, 429);
    assert.equal(r.headers.get('retry-after'), '3');
    assert.equal(r.headers.get('access-control-expose-headers'), 'ININ-Correlation-Id, Retry-After');
    assert.equal(r.json.code, 'too.many.requests.retry.after');
    assert.equal(r.json.status, 429);
    assert.equal(r.json.message, 'Rate limit exceeded the maximum. Retry the request in [3] seconds');
    assert.equal(r.json.contextId, r.headers.get('inin-correlation-id'));
  }
  const state = await control(h, 'GET', '/state');
  assert.equal(state.conversations.length, 0, 'faulted requests have no effect');
  const ok = await api(h, 'POST', DIAL, { body: { phoneNumber: '+13175550100' } });
  assert.equal(ok.status, 200);
  const log = await control(h, 'GET', '/requests');
  assert.equal(log.length, 3, 'faulted requests are recorded too');
});

test('status fault options: exposeRetryAfter false, custom body, path prefix, method filter, preflight not consumed', async () => {
  await fault({ match: { path: '/api/v2/routing/*' }, fault: { type: 'status', status: 429, retryAfter: 1, exposeRetryAfter: false } });
  const pre = await fetch(`${h.url}/api/v2/routing/queues`, { method: 'OPTIONS' });
  assert.equal(pre.status, 204);
  const r = await api(h, 'GET', '/api/v2/routing/queues?name=Sales');
  assert.equal(r.status, 429);
  assert.equal(r.headers.get('access-control-expose-headers'), 'ININ-Correlation-Id');
  assert.equal(r.headers.get('retry-after'), '1');
  await fault({ match: { method: 'GET', path: '/api/v2/users/me' }, fault: { type: 'status', status: 503, body: { hello: 'world' } } });
  const post = await api(h, 'GET', '/api/v2/routing/queues');
  assert.equal(post.status, 200);
  const me = await api(h, 'GET', '/api/v2/users/me');
  assert.equal(me.status, 503);
  assert.deepEqual(me.json, { hello: 'world' });
  const plain = await fault({ fault: { type: 'status', status: 500 } });
  assert.equal(plain.remaining, 1);
  const five = await api(h, 'GET', '/api/v2/users/me');
  assert.equal(five.status, 500);
  assert.equal(five.json.code, 'internal.server.error');
});

test('drop fault: the socket closes without a response and nothing happens', async () => {
  await fault({ match: { method: 'POST', path: DIAL }, fault: { type: 'drop' } });
  await assert.rejects(api(h, 'POST', DIAL, { body: { phoneNumber: '+13175550100' } }), TypeError);
  assert.equal((await control(h, 'GET', '/state')).conversations.length, 0);
});

test('drop-after fault: the effect is applied, then the socket closes', async () => {
  const conv = await scenario(h, 'agent-connected');
  const agent = one(conv, 'agent');
  const path = `/api/v2/conversations/${conv.id}/participants/${agent.id}/replace/queue`;
  await fault({ match: { method: 'POST', path }, fault: { type: 'drop-after' } });
  await assert.rejects(api(h, 'POST', path, { body: { queueId: queue('Sales').id } }), TypeError);
  const after = await getConv(h, conv.id);
  assert.equal(callOf(after.participants.find((p) => p.id === agent.id)).disconnectType, 'transfer');
  assert.equal(after.recentTransfers.length, 1);
});

test('hang fault: no answer until the client gives up', async () => {
  await fault({ match: { path: '/api/v2/users/me' }, fault: { type: 'hang' } });
  const started = Date.now();
  await assert.rejects(api(h, 'GET', '/api/v2/users/me', { signal: AbortSignal.timeout(150) }), (e) => e.name === 'TimeoutError');
  assert.ok(Date.now() - started >= 140);
  const next = await api(h, 'GET', '/api/v2/users/me');
  assert.equal(next.status, 200);
});

test('delay fault answers normally after the delay', async () => {
  await fault({ match: { path: '/api/v2/users/me' }, fault: { type: 'delay', ms: 120 } });
  const started = Date.now();
  const r = await api(h, 'GET', '/api/v2/users/me');
  assert.equal(r.status, 200);
  assert.ok(Date.now() - started >= 110);
});

test('body faults: truncate, non-json, wrong-content-type, huge', async () => {
  await fault({ match: { method: 'POST', path: DIAL }, fault: { type: 'truncate' } });
  const t = await api(h, 'POST', DIAL, { body: { phoneNumber: '+13175550100' } });
  assert.equal(t.status, 200);
  assert.match(t.headers.get('content-type'), /^application\/json/);
  assert.throws(() => JSON.parse(t.text), SyntaxError);
  assert.ok(t.text.startsWith('{"id":"'));

  await fault({ match: { path: '/api/v2/users/me' }, fault: { type: 'non-json' } });
  const n = await api(h, 'GET', '/api/v2/users/me');
  assert.equal(n.status, 200);
  assert.match(n.headers.get('content-type'), /^text\/html/);
  assert.equal(n.json, undefined);

  await fault({ match: { path: '/api/v2/users/me' }, fault: { type: 'wrong-content-type' } });
  const w = await api(h, 'GET', '/api/v2/users/me');
  assert.match(w.headers.get('content-type'), /^text\/plain/);
  assert.equal(w.json.name, 'Alex Agent');

  await fault({ match: { path: '/api/v2/users/me' }, fault: { type: 'huge', bytes: 200000 } });
  const big = await api(h, 'GET', '/api/v2/users/me');
  assert.equal(big.status, 200);
  assert.equal(Buffer.byteLength(big.text), 200000);
  assert.equal(big.json.name, 'Alex Agent');
});

test('bad fault spec -> 400; DELETE /__control/faults clears; reset clears faults', async () => {
  await assert.rejects(fault({ fault: { type: 'explode' } }), /400/);
  await fault({ fault: { type: 'status', status: 500 } });
  assert.equal((await control(h, 'GET', '/faults')).length, 1);
  await control(h, 'DELETE', '/faults');
  assert.equal((await api(h, 'GET', '/api/v2/users/me')).status, 200);
  await fault({ fault: { type: 'status', status: 500 } });
  await control(h, 'POST', '/reset');
  assert.equal((await api(h, 'GET', '/api/v2/users/me')).status, 200);
});
