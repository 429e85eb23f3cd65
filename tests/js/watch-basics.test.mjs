// Live calls, basics: calls() and answer(), the events of one call pushed
// without polling, ending a watcher, many watchers on one socket, a burst of
// changes, and watchCalls options (helpers: watch-harness.mjs).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { WebSocket } from 'ws';
import { CallControl, CallControlError } from 'genesys-callctl';
import { token, queueId, agentOf, lastState } from './fake.mjs';
import { useFake, CHANNELS, LISTING, g, watchers, ctl, notifications, requests, customerOf, customerHangsUp, forceAgent, serverUntil, openSockets, client, watch, barrier } from './watch-harness.mjs';

useFake();

// =============================================================================
// 1. calls() and answer()
// =============================================================================

test("calls() lists the agent's live calls, each as the agent's own leg", async () => {
  const cc = client();
  assert.deepEqual(await cc.calls(), [], 'no calls after a reset');
  const conv = await g.scenario('agent-connected');
  const other = await g.scenario('agent-connected', 'agent2'); // Blair's call is not Alex's
  const calls = await cc.calls();
  assert.deepEqual(calls, [{
    conversationId: conv.id,
    participantId: agentOf(conv).id,
    state: 'connected',
    direction: 'inbound',
    held: false,
    muted: false,
    remote: customerOf(conv).address,
    queueId: queueId('Support Tier 1'),
  }]);
  assert.equal(customerOf(conv).address, 'tel:+13175550100');
  assert.ok(!calls.some((c) => c.conversationId === other.id));
  assert.equal((await requests('GET', LISTING)).length, 2, 'one GET /api/v2/conversations/calls per calls()');
  // A held call lists as held; an ended one is not listed.
  await forceAgent(conv, { held: true });
  assert.equal((await cc.calls())[0].held, true);
  await customerHangsUp(conv);
  assert.deepEqual(await cc.calls(), []);
});

test('answer() connects a ringing call; on a connected call it is invalid_state and sends no PATCH', async () => {
  const cc = client();
  const ringing = await g.scenario('agent-alerting');
  assert.equal(lastState(agentOf(ringing)), 'alerting');
  assert.deepEqual(await cc.answer(ringing.id), { conversationId: ringing.id, participantId: agentOf(ringing).id });
  assert.equal(lastState(agentOf(await g.conversation(ringing.id))), 'connected', 'the server shows the leg connected');
  const patches = await requests('PATCH', `/api/v2/conversations/calls/${ringing.id}/participants/${agentOf(ringing).id}`);
  assert.deepEqual(patches.map((r) => r.body), [{ state: 'connected' }]);

  const connected = await g.scenario('agent-connected');
  const e = await cc.answer(connected.id).catch((x) => x);
  assert.ok(e instanceof CallControlError, String(e));
  assert.equal(e.kind, 'invalid_state');
  const sent = (await ctl('GET', '/__control/requests')).filter((r) => r.method === 'PATCH' && r.path.includes(connected.id));
  assert.equal(sent.length, 0, 'no PATCH reached the server');
  assert.equal(lastState(agentOf(await g.conversation(connected.id))), 'connected');
});

// =============================================================================
// 2. events of one call, without polling
// =============================================================================

test('watchCalls: ringing → answered → held → the customer hangs up, one Call each, pushed not polled', async () => {
  const cc = client();
  const w = watch(cc);
  await w.live();
  const conv = await g.scenario('agent-alerting');
  const base = { conversationId: conv.id, participantId: agentOf(conv).id, direction: 'inbound', muted: false, remote: 'tel:+13175550100', queueId: queueId('Support Tier 1') };
  assert.deepEqual(await w.next(conv.id, () => true, 'the ringing call'), { ...base, state: 'alerting', held: false });
  assert.equal((await requests('GET', LISTING)).length, 1, 'the ringing call came as an event: the listing was read once, at connect');

  await cc.answer(conv.id);
  assert.deepEqual(await w.next(conv.id, (c) => c.state === 'connected', 'connected'), { ...base, state: 'connected', held: false });
  await cc.hold(conv.id, true);
  assert.deepEqual(await w.next(conv.id, (c) => c.held, 'held'), { ...base, state: 'connected', held: true });
  await customerHangsUp(conv);
  const last = await w.next(conv.id, (c) => c.state === 'disconnected', 'disconnected');
  assert.equal(last.participantId, agentOf(conv).id);

  const server = agentOf(await g.conversation(conv.id)).calls.at(-1);
  assert.deepEqual([last.state, last.held], [server.state, server.held], 'the final Call is the server state');

  await barrier(w);
  assert.deepEqual(w.of(conv.id).map((c) => [c.state, c.held]), [['alerting', false], ['connected', false], ['connected', true], ['disconnected', server.held]],
    'one Call per change, nothing after disconnected');
  assert.equal((await requests('GET', LISTING)).length, 1, 'never polled');
  assert.deepEqual(w.statuses, ['connecting', 'live']);
  assert.equal(w.error, undefined);
});

// =============================================================================
// 3. ending a watcher closes the socket
// =============================================================================

test('abort: the iterator ends and the socket is closed at the server within a second', async () => {
  const cc = client();
  const ac = new AbortController();
  const w = watch(cc, { signal: ac.signal });
  await w.live();
  await serverUntil((s) => openSockets(s) === 1, 'the socket is open');
  const pending = w.it.next(); // a next() waiting when the signal fires
  ac.abort();
  assert.deepEqual(await pending, { value: undefined, done: true });
  await w.end(1000);
  assert.equal(w.error, undefined);
  assert.deepEqual(await w.it.next(), { value: undefined, done: true });
  const s = await serverUntil((st) => openSockets(st) === 0 && st.totals.socketCloses === 1, 'the socket closed', 1500);
  assert.equal(s.totals.socketOpens, 1);
});

test('break out of for await: the socket is closed at the server within a second', async () => {
  const cc = client();
  let conv;
  const seen = [];
  for await (const call of cc.watchCalls({
    onStatus: (st) => { if (st === 'live') conv = g.scenario('agent-alerting'); },
  })) {
    seen.push(call);
    if (call.state === 'alerting') break;
  }
  assert.equal(seen.at(-1).conversationId, (await conv).id);
  await serverUntil((st) => openSockets(st) === 0 && st.totals.socketCloses === 1, 'the socket closed', 1500);
});

test('a signal aborted before watching: done at once, no channel and no socket', async () => {
  const cc = client();
  const w = watch(cc, { signal: AbortSignal.abort() });
  await w.end(2000);
  assert.deepEqual(w.calls, []);
  assert.equal(w.error, undefined);
  // Barrier: a second client's session shows the server is idle otherwise.
  const w2 = watch(client());
  await w2.live();
  const s = await notifications();
  assert.equal(s.totals.channelsCreated, 1, 'only the second client made a channel');
  assert.equal(s.totals.socketOpens, 1);
});

// =============================================================================
// 4. many watchers, one socket
// =============================================================================

test('100 watchers on one client share one channel and one socket, and each gets the same Calls', async () => {
  const cc = client();
  const ws = Array.from({ length: 100 }, () => watch(cc));
  await Promise.all(ws.map((w) => w.live()));
  const conv = await g.scenario('agent-alerting');
  await Promise.all(ws.map((w) => w.next(conv.id, () => true, 'alerting')));
  await cc.answer(conv.id);
  await Promise.all(ws.map((w) => w.next(conv.id, (c) => c.state === 'connected', 'connected')));
  const first = JSON.stringify(ws[0].calls);
  for (const w of ws) assert.equal(JSON.stringify(w.calls), first);
  assert.deepEqual(ws[0].calls.map((c) => c.state), ['alerting', 'connected']);
  let s = await notifications();
  assert.equal(s.totals.channelsCreated, 1, 'one channel');
  assert.equal(s.totals.socketOpens, 1, 'one socket');
  assert.equal((await requests('POST', CHANNELS)).length, 1);

  // The socket stays while any watcher is left, and closes with the last.
  await Promise.all(ws.slice(0, 99).map((w) => w.it.return()));
  await forceAgent(conv, { held: true });
  await ws[99].next(conv.id, (c) => c.held, 'the last watcher still gets events');
  assert.ok(ws.slice(0, 99).every((w) => w.of(conv.id).length === 2), 'ended watchers get nothing more');
  s = await notifications();
  assert.equal(openSockets(s), 1);
  await ws[99].it.return();
  await serverUntil((st) => openSockets(st) === 0 && st.totals.socketCloses === 1, 'closed with the last watcher', 1500);
});

// =============================================================================
// 5. a burst of changes
// =============================================================================

test('1,000 changes in a burst over 5 calls (with 100 duplicated events): each call yields every change once, in order', async () => {
  const cc = client();
  const w = watch(cc);
  await w.live();
  const convs = [];
  for (let i = 0; i < 5; i++) convs.push(await g.scenario('agent-connected'));
  for (const conv of convs) await w.next(conv.id, () => true, 'connected');
  await ctl('POST', '/__control/notifications/event-faults', { type: 'duplicate', count: 100 });
  // A Gray code over (held, muted): every step changes exactly one flag.
  const GRAY = [[false, false], [true, false], [true, true], [false, true]];
  const STEPS = 200;
  await Promise.all(convs.map(async (conv) => {
    for (let k = 1; k <= STEPS; k++) {
      const [held, muted] = GRAY[k % 4];
      const [wasHeld] = GRAY[(k - 1) % 4];
      await forceAgent(conv, held !== wasHeld ? { held } : { muted });
    }
  }));
  for (const conv of convs) await w.until(() => w.of(conv.id).length >= STEPS + 1, `all changes of ${conv.id}`, 20_000);
  await barrier(w);
  const faults = await ctl('GET', '/__control/notifications/event-faults');
  assert.deepEqual(faults, [], 'every duplicate fault was used');
  const expected = Array.from({ length: STEPS + 1 }, (_, k) => GRAY[k % 4]);
  for (const conv of convs) {
    assert.deepEqual(w.of(conv.id).map((c) => [c.held, c.muted]), expected, `the sequence of ${conv.id}`);
    const server = agentOf(await g.conversation(conv.id)).calls.at(-1);
    const last = w.of(conv.id).at(-1);
    assert.deepEqual([last.state, last.held, last.muted], [server.state, server.held, server.muted], 'the last Call is the server state');
  }
});

// =============================================================================
// 6. options
// =============================================================================

test('watchCalls options: unknown keys, a non-function onStatus, no WebSocket constructor', async () => {
  const cc = client();
  const unknown = await cc.watchCalls({ foo: 1 }).next().catch((x) => x);
  assert.ok(unknown instanceof CallControlError, String(unknown));
  assert.deepEqual([unknown.kind, unknown.field], ['invalid_input', 'foo']);
  const status = await cc.watchCalls({ onStatus: 'live' }).next().catch((x) => x);
  assert.deepEqual([status.kind, status.field], ['invalid_input', 'onStatus']);
  const signal = await cc.watchCalls({ signal: 'stop' }).next().catch((x) => x);
  assert.deepEqual([signal.kind, signal.field], ['invalid_input', 'signal']);

  assert.equal(typeof globalThis.WebSocket, 'undefined', 'Node 20 has no global WebSocket');
  const bare = new CallControl({ apiBase: g.url, token });
  const w = watch(bare);
  await w.end();
  assert.ok(w.error instanceof CallControlError, String(w.error));
  assert.deepEqual([w.error.kind, w.error.field], ['invalid_input', 'WebSocket']);

  const notCtor = await new CallControl({ apiBase: g.url, token, WebSocket: 'ws' }).watchCalls().next().catch((x) => x);
  assert.deepEqual([notCtor.kind, notCtor.field], ['invalid_input', 'WebSocket']);
  const badTimeout = await new CallControl({ apiBase: g.url, token, WebSocket, heartbeatTimeoutMs: 10 }).watchCalls().next().catch((x) => x);
  assert.deepEqual([badTimeout.kind, badTimeout.field], ['invalid_input', 'heartbeatTimeoutMs']);
});

test('onStatus is told connecting, live, then reconnecting and live again across a drop; a throwing hook is ignored', async () => {
  const cc = client();
  const w = watch(cc);
  const thrower = cc.watchCalls({ onStatus: () => { throw new Error('host bug'); } });
  watchers.push({ it: thrower });
  await w.live();
  await ctl('POST', '/__control/notifications/drop', { mode: 'close' });
  await w.live(2, 15_000);
  assert.deepEqual(w.statuses, ['connecting', 'live', 'reconnecting', 'live']);
  const conv = await g.scenario('agent-alerting');
  const r = await thrower.next();
  assert.equal(r.value.conversationId, conv.id, 'the watcher whose hook throws still gets Calls');
});
