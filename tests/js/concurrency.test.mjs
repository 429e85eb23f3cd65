// Identical calls in flight at once share one request (a double click places
// one call); different calls do not. A server-side delay makes the calls
// overlap for real; the server's request log is the judge.
import { test, before, after, beforeEach } from 'node:test';
import assert from 'node:assert/strict';
import { CallControl, CallControlError } from 'genesys-callctl';
import { fakeGenesys, token, queueId, agentOf, lastState } from './fake.mjs';
import { UUID, controlOf, settle } from './reliability.mjs';

const DIAL = '/api/v2/conversations/calls';
const DELAY = { type: 'delay', ms: 200 };

let g;
let ctl;
before(async () => {
  g = await fakeGenesys();
  ctl = controlOf(g.url);
});
after(() => g.close());
beforeEach(() => ctl.clearFaults());

/** One E.164 number written the ways people type it. */
function spellings(e164) {
  const d = e164.slice(1); // 1 317 555 xxxx
  const [c, a, p, l] = [d.slice(0, 1), d.slice(1, 4), d.slice(4, 7), d.slice(7)];
  return [
    e164,
    `+${c} ${a} ${p} ${l}`,
    `+${c}-${a}-${p}-${l}`,
    `+${c} (${a}) ${p}-${l}`,
    `+${c}.${a}.${p}.${l}`,
    `tel:${e164}`,
    `  ${e164}  `,
    `+${c}\u00a0${a}\u00a0${p}\u00a0${l}`,
  ];
}

test('50 concurrent dials of one number, written 8 ways → one POST, one conversationId for all', async () => {
  const cc = new CallControl({ apiBase: g.url, token });
  const number = '+13175557001';
  const forms = spellings(number);
  await ctl.fault('POST', DIAL, DELAY, 50);
  const mark = await ctl.mark();
  const all = Array.from({ length: 50 }, (_, i) => cc.dial({ phoneNumber: forms[i % forms.length] }));
  const got = await settle(Promise.all(all), 10_000, '50 dials');
  assert.ok(got.ok, `a dial failed: ${got.error?.kind} ${got.error?.message}`);
  const ids = new Set(got.value.map((r) => r.conversationId));
  assert.equal(ids.size, 1, 'every caller got the same conversation');
  assert.match([...ids][0], UUID);
  assert.ok(got.ms >= 190, 'the calls overlapped the server delay');
  const posts = await ctl.since(mark, 'POST', DIAL);
  assert.equal(posts.length, 1, 'exactly one call placed');
  assert.deepEqual(posts[0].body, { phoneNumber: number });
});

test('50 concurrent dials of 50 different numbers → 50 POSTs, 50 conversations', async () => {
  const cc = new CallControl({ apiBase: g.url, token });
  const numbers = Array.from({ length: 50 }, (_, i) => `+1317555${String(7100 + i)}`);
  await ctl.fault('POST', DIAL, DELAY, 50);
  const mark = await ctl.mark();
  const got = await settle(Promise.all(numbers.map((n, i) => cc.dial({ phoneNumber: spellings(n)[i % 8] }))), 10_000, '50 dials');
  assert.ok(got.ok, `a dial failed: ${got.error?.kind} ${got.error?.message}`);
  assert.equal(new Set(got.value.map((r) => r.conversationId)).size, 50, 'one conversation each');
  const posts = await ctl.since(mark, 'POST', DIAL);
  assert.equal(posts.length, 50);
  assert.deepEqual(posts.map((p) => p.body.phoneNumber).sort(), [...numbers].sort(), 'each number dialed once');
});

test('the same number with different options is a different dial → two POSTs', async () => {
  const cc = new CallControl({ apiBase: g.url, token });
  await ctl.fault('POST', DIAL, DELAY, 5);
  const mark = await ctl.mark();
  const [a, b, c] = await Promise.all([
    cc.dial({ phoneNumber: '+13175557201' }),
    cc.dial({ phoneNumber: '+1 317 555 7201', label: 'second' }),
    cc.dial({ phoneNumber: '+1-317-555-7201' }),
  ]);
  assert.equal(a.conversationId, c.conversationId);
  assert.notEqual(a.conversationId, b.conversationId);
  assert.equal((await ctl.since(mark, 'POST', DIAL)).length, 2);
});

test('20 identical concurrent transfers → one lookup, one transfer request, one result', async () => {
  const cc = new CallControl({ apiBase: g.url, token });
  const conv = await g.scenario('agent-connected');
  const agent = agentOf(conv).id;
  const move = `/api/v2/conversations/${conv.id}/participants/${agent}/replace/queue`;
  await ctl.fault('POST', move, DELAY, 20);
  const mark = await ctl.mark();
  // The same transfer, with the ids written in either case.
  const ids = [conv.id, conv.id.toUpperCase()];
  const queue = queueId('Sales');
  const all = Array.from({ length: 20 }, (_, i) =>
    cc.transfer({ conversationId: ids[i % 2], to: { queueId: i % 3 ? queue : queue.toUpperCase() } }),
  );
  const got = await settle(Promise.all(all), 10_000, '20 transfers');
  assert.ok(got.ok, `a transfer failed: ${got.error?.kind} ${got.error?.message}`);
  for (const r of got.value) assert.deepEqual(r, { conversationId: conv.id, participantId: agent, queueId: queue });
  assert.equal((await ctl.since(mark, 'POST', move)).length, 1, 'one transfer request');
  assert.equal((await ctl.since(mark, 'POST')).length, 1, 'no other POST');
  assert.equal((await ctl.since(mark, 'GET', `/api/v2/conversations/${conv.id}`)).length, 1, 'one conversation lookup');
  const after = await g.conversation(conv.id);
  assert.equal(lastState(agentOf(after)), 'disconnected');
  assert.equal(after.participants.filter((p) => p.purpose === 'acd' && p.queueId === queue).length, 1, 'moved to Sales once');
});

test('20 identical concurrent transfers with participantId → one request', async () => {
  const cc = new CallControl({ apiBase: g.url, token });
  const conv = await g.scenario('agent-connected');
  const agent = agentOf(conv).id;
  const move = `/api/v2/conversations/${conv.id}/participants/${agent}/replace/queue`;
  await ctl.fault('POST', move, DELAY, 20);
  const mark = await ctl.mark();
  const all = Array.from({ length: 20 }, () =>
    cc.transfer({ conversationId: conv.id, participantId: agent, to: { queueId: queueId('Billing') } }),
  );
  const got = await settle(Promise.all(all), 10_000, '20 transfers');
  assert.ok(got.ok, `a transfer failed: ${got.error?.kind} ${got.error?.message}`);
  assert.equal((await ctl.since(mark, 'POST', move)).length, 1);
  assert.equal((await ctl.since(mark)).length, 1, 'nothing else was sent');
});

test('concurrent identical dials that fail share the failure: one POST, every caller told maybeApplied', async () => {
  const cc = new CallControl({ apiBase: g.url, token, timeoutMs: 300, retry: { limit: 2, maxRetryAfterMs: 1000 } });
  await ctl.fault('POST', DIAL, { type: 'hang' }, 30);
  const mark = await ctl.mark();
  const all = Array.from({ length: 30 }, (_, i) =>
    cc.dial({ phoneNumber: spellings('+13175557301')[i % 8] }).then(
      () => assert.fail('a dial that got no answer resolved'),
      (e) => e,
    ),
  );
  const got = await settle(Promise.all(all), 10_000, '30 dials');
  for (const e of got.value) {
    assert.ok(e instanceof CallControlError, String(e));
    assert.equal(e.kind, 'timeout');
    assert.equal(e.maybeApplied, true);
  }
  assert.equal((await ctl.since(mark, 'POST', DIAL)).length, 1, 'sent once, never re-sent');
});

test('after the shared dial settles, the same number can be dialed again (no stale sharing)', async () => {
  const cc = new CallControl({ apiBase: g.url, token });
  const mark = await ctl.mark();
  const a = await cc.dial({ phoneNumber: '+13175557401' });
  const b = await cc.dial({ phoneNumber: '+13175557401' });
  assert.notEqual(a.conversationId, b.conversationId);
  assert.equal((await ctl.since(mark, 'POST', DIAL)).length, 2);
});
