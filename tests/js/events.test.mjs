// onRequest: one event per HTTP attempt, for a host's request log.
import { test, before, after, beforeEach } from 'node:test';
import assert from 'node:assert/strict';
import { CallControl, CallControlError } from 'genesys-callctl';
import { fakeGenesys, token, queueId } from './fake.mjs';

let g;
before(async () => {
  g = await fakeGenesys();
});
beforeEach(() => g.clearFaults()); // a fault one test queued never reaches the next
after(() => g.close());

test('every attempt is one event: method, path, status, ms, attempt, outcome', async () => {
  const events = [];
  const cc = new CallControl({ apiBase: g.url, token, onRequest: (e) => events.push(e) });
  await g.fault('POST', '/api/v2/conversations/calls', { type: 'status', status: 429, retryAfter: 0.01 });
  await cc.dial({ phoneNumber: '+13175550181' });
  assert.deepEqual(
    events.map(({ method, path, status, attempt, outcome }) => ({ method, path, status, attempt, outcome })),
    [
      { method: 'POST', path: '/api/v2/conversations/calls', status: 429, attempt: 1, outcome: 'rate_limited' },
      { method: 'POST', path: '/api/v2/conversations/calls', status: 200, attempt: 2, outcome: 'ok' },
    ],
  );
  for (const e of events) assert.ok(Number.isInteger(e.ms) && e.ms >= 0);
  assert.deepEqual(Object.keys(events[0]).sort(), ['attempt', 'method', 'ms', 'outcome', 'path', 'status']);
});

test('a transfer by queue name reports its lookups, with the query, and never the token', async () => {
  const events = [];
  const cc = new CallControl({ apiBase: g.url, token, onRequest: (e) => events.push(e) });
  const conv = await g.scenario('agent-connected');
  await cc.transfer({ conversationId: conv.id, to: { queueName: 'Support Tier 2' } });
  assert.deepEqual(events.map((e) => `${e.method} ${e.path.split('/participants/')[0]}`), [
    'GET /api/v2/routing/queues?name=Support%20Tier%202&pageSize=100',
    `GET /api/v2/conversations/${conv.id}`,
    'GET /api/v2/users/me',
    `POST /api/v2/conversations/${conv.id}`,
  ]);
  assert.ok(!JSON.stringify(events).includes(token));
  assert.equal(events.at(-1).status, 202);
  void queueId;
});

test('failures without a response have no status; a throwing hook never breaks the call', async () => {
  const events = [];
  const cc = new CallControl({ apiBase: g.url, token, timeoutMs: 1000, retry: 0, onRequest: (e) => { events.push(e); throw new Error('host bug'); } });
  await g.fault('GET', '/api/v2/users/me', { type: 'hang' });
  const e = await cc.me().catch((x) => x);
  assert.equal(e.kind, 'timeout');
  assert.deepEqual([events[0].status, events[0].outcome], [null, 'timeout']);
  assert.equal((await cc.me()).name, 'Alex Agent', 'the hook threw on both calls; both settled as they should');
  const bad = await new CallControl({ apiBase: g.url, token, onRequest: 'log' }).me().catch((x) => x);
  assert.ok(bad instanceof CallControlError);
  assert.deepEqual([bad.kind, bad.field], ['invalid_input', 'onRequest']);
});
