// Live calls: cc.calls(), cc.answer() and cc.watchCalls() over fake-genesys's
// notification service (REST channels + one WebSocket per client), on the
// packed package in Node 20 with the `ws` package's WebSocket injected.
// Claims about sockets, channels and requests are counted at the server
// (GET /__control/notifications, the request log). Every wait is bounded and
// waits on an iterator value, a status, or the server's control state.
import { test, before, after, beforeEach, afterEach } from 'node:test';
import assert from 'node:assert/strict';
import { WebSocket } from 'ws';
import { CallControl, CallControlError } from 'genesys-callctl';
import { fakeGenesys, token, queueId, agentOf, lastState, seed } from './fake.mjs';

const AGENT = seed.users.find((u) => u.tokenKey === 'agent').id;
const TOPIC = `v2.users.${AGENT}.conversations.calls`;
const CHANNELS = '/api/v2/notifications/channels';
const LISTING = '/api/v2/conversations/calls';

let g;
/** Every watcher a test started: ended after the test, so a failed test leaves no session behind. */
let watchers = [];

before(async () => {
  g = await fakeGenesys();
});
beforeEach(async () => {
  await ctl('POST', '/__control/reset');
  watchers = [];
});
afterEach(async () => {
  await Promise.allSettled(watchers.map((w) => w.it.return()));
});
after(() => g.close());

// ---- fake-genesys control ---------------------------------------------------

async function ctl(method, path, body) {
  const r = await fetch(g.url + path, {
    method,
    headers: body ? { 'content-type': 'application/json' } : {},
    body: body ? JSON.stringify(body) : undefined,
  });
  const text = await r.text();
  if (!r.ok) throw new Error(`control ${method} ${path}: ${r.status} ${text.slice(0, 300)}`);
  return text ? JSON.parse(text) : null;
}
const notifications = () => ctl('GET', '/__control/notifications');
const faultOn = (operation, fault, count = 1) => ctl('POST', '/__control/faults', { match: { operation }, count, fault });
const requests = async (method, path) => (await ctl('GET', '/__control/requests')).filter((r) => r.method === method && r.path === path);
const customerOf = (conv) => conv.participants.find((p) => p.purpose === 'customer');
/** The customer hangs up (the agent's leg ends with it). */
const customerHangsUp = (conv) => ctl('PATCH', `/__control/conversations/${conv.id}/participants/${customerOf(conv).id}`, { state: 'disconnected' });
/** Forces the agent's leg (held, muted, state) at the server. */
const forceAgent = (conv, body) => ctl('PATCH', `/__control/conversations/${conv.id}/participants/${agentOf(conv).id}`, body);
/** Registers a token of the seeded agent used by one test only. */
async function privateToken(tag) {
  const t = `watch-${tag}-${Math.floor(Math.random() * 1e9)}`;
  await ctl('POST', '/__control/tokens', { token: t, userId: AGENT });
  return t;
}

/** Polls the fake's notification state (every 20 ms) until `pred(state)` holds; fails after `ms`. */
async function serverUntil(pred, what, ms = 10_000) {
  const deadline = Date.now() + ms;
  let state;
  for (;;) {
    state = await notifications();
    if (pred(state)) return state;
    if (Date.now() > deadline) assert.fail(`${what}: not within ${ms} ms; server totals ${JSON.stringify(state.totals)}, channels ${JSON.stringify(state.channels.map((c) => ({ id: c.id, topics: c.topics, openSockets: c.openSockets, socketOpens: c.socketOpens, socketCloses: c.socketCloses })))}`);
    await new Promise((r) => setTimeout(r, 20));
  }
}
const openSockets = (state) => state.channels.reduce((n, c) => n + c.openSockets, 0);

// ---- the package ----------------------------------------------------------------

const client = (extra = {}) => new CallControl({ apiBase: g.url, token, WebSocket, ...extra });
const brief = (c) => `${c.conversationId.slice(0, 8)}:${c.state}${c.held ? '+held' : ''}${c.muted ? '+muted' : ''}`;

/**
 * Starts `cc.watchCalls(options)` and pumps it into `calls` (and `statuses`,
 * from onStatus). `until(pred)` waits for a condition on them (bounded).
 */
function watch(cc, options = {}) {
  const calls = [];
  const statuses = [];
  const waiters = new Set();
  const wake = () => { for (const w of [...waiters]) w(); };
  const state = { ended: false, error: undefined };
  const it = cc.watchCalls({ ...options, onStatus: (s) => { statuses.push(s); wake(); } });
  const pump = (async () => {
    try {
      for (;;) {
        const r = await it.next();
        if (r.done) break;
        calls.push(r.value);
        wake();
      }
    } catch (e) {
      state.error = e;
    } finally {
      state.ended = true;
      wake();
    }
  })();
  function until(pred, what, ms = 10_000) {
    return new Promise((resolve, reject) => {
      let timer;
      const stop = () => { clearTimeout(timer); waiters.delete(check); };
      function check() {
        let v;
        try { v = pred(); } catch (e) { stop(); reject(e); return; }
        if (v) { stop(); resolve(v); }
      }
      timer = setTimeout(() => {
        stop();
        reject(new assert.AssertionError({ message: `${what}: not within ${ms} ms; calls [${calls.map(brief).join(', ')}], statuses [${statuses.join(', ')}], ended ${state.ended}, error ${state.error?.kind ?? state.error}` }));
      }, ms);
      waiters.add(check);
      check();
    });
  }
  const w = {
    it, calls, statuses, pump, until,
    get ended() { return state.ended; },
    get error() { return state.error; },
    of: (cid) => calls.filter((c) => c.conversationId === cid),
    /** The n-th `live` status (1: the first connection). */
    live: (n = 1, ms = 10_000) => until(() => statuses.filter((s) => s === 'live').length >= n, `live #${n}`, ms),
    /** The first Call of `cid` after the first `after` ones that satisfies `pred`. */
    next: (cid, pred, what, after = 0, ms = 10_000) => until(() => w.of(cid).slice(after).find(pred), what, ms),
    /** Waits until the session ended (done or failed). */
    end: (ms = 10_000) => until(() => state.ended, 'the iterator ends', ms),
  };
  watchers.push(w);
  return w;
}

/**
 * A barrier: a new ringing call, waited for on `w`. Events on one socket
 * arrive in order, so anything `w` was to get before it has arrived.
 */
async function barrier(w) {
  const conv = await g.scenario('agent-alerting');
  await w.next(conv.id, (c) => c.state === 'alerting', 'the barrier call');
  return conv;
}

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
// 3. a dropped socket: the resync brings what was missed
// =============================================================================

for (const mode of ['close', 'terminate']) {
  test(`a socket dropped (${mode === 'close' ? 'close frame' : 'no close frame'}) while the call ends: the final disconnected arrives once, from the resync`, async () => {
    const cc = client();
    const w = watch(cc);
    await w.live();
    const conv = await g.scenario('agent-connected');
    await w.next(conv.id, (c) => c.state === 'connected', 'connected');
    const { dropped } = await ctl('POST', '/__control/notifications/drop', { mode });
    assert.equal(dropped, 1);
    await customerHangsUp(conv); // published while no socket is open: lost
    await w.next(conv.id, (c) => c.state === 'disconnected', 'disconnected after the reconnect', 0, 15_000);
    await barrier(w);
    assert.deepEqual(w.of(conv.id).map((c) => c.state), ['connected', 'disconnected'], 'the final disconnected, exactly once');
    const s = await notifications();
    assert.equal(s.totals.socketOpens, 2, 'a second socket opened');
    assert.equal(s.totals.channelsCreated, 1, 'no second channel');
    assert.equal(openSockets(s), 1);
    assert.equal((await requests('GET', LISTING)).length, 2, 'the listing was read again after the reconnect');
    assert.equal((await requests('POST', CHANNELS)).length, 1);
    assert.equal(w.error, undefined);
  });
}

test('reconnects start over at the shortest backoff after a good connection (three drops, each reconnected within 2.5 s)', async () => {
  const cc = client();
  const w = watch(cc);
  await w.live();
  const took = [];
  for (let i = 1; i <= 3; i++) {
    const at = Date.now();
    await ctl('POST', '/__control/notifications/drop', { mode: 'terminate' });
    await serverUntil((s) => s.totals.socketOpens >= i + 1, `reconnect #${i} (took so far: ${took.join(', ')} ms)`, 6_000);
    took.push(Date.now() - at);
    await w.live(i + 1);
  }
  // README/core::notify: the first reconnect after a drop waits 1–2 s.
  for (const [i, ms] of took.entries()) assert.ok(ms <= 2_500, `reconnect #${i + 1} took ${ms} ms (all: ${took.join(', ')})`);
});

// =============================================================================
// 4. socket_closing: a new socket before the old one goes
// =============================================================================

test('socket_closing: a new socket opens, the old one closes, no event missed or repeated', async () => {
  const cc = client();
  const w = watch(cc);
  await w.live();
  const conv = await g.scenario('agent-connected');
  await w.next(conv.id, () => true, 'connected');
  const before = await notifications();
  const channel = before.channels[0];
  await ctl('POST', '/__control/notifications/socket-closing', { closeAfterMs: null });
  await forceAgent(conv, { held: true }); // right after the warning, before the switch
  const switched = await serverUntil((s) => s.channels[0]?.socketOpens === 2 && s.channels[0].socketCloses === 1, 'the switch');
  assert.equal(openSockets(switched), 1, 'at most one open socket once the switch completes');
  assert.equal(switched.channels[0].id, channel.id, 'the same channel');
  await forceAgent(conv, { held: false }); // right after the switch
  await forceAgent(conv, { muted: true });
  await w.next(conv.id, (c) => c.muted, 'muted');
  await barrier(w);
  assert.deepEqual(w.of(conv.id).map((c) => [c.held, c.muted]), [[false, false], [true, false], [false, false], [false, true]],
    'exactly one Call per change');
  const s = await notifications();
  assert.equal(s.totals.channelsCreated, 1);
  assert.equal(s.totals.socketOpens, 2);
  assert.ok(!w.statuses.includes('reconnecting'), `a seamless switch: ${w.statuses}`);
});

// =============================================================================
// 5. a silent socket is replaced
// =============================================================================

test('a silent socket (no heartbeats) is replaced after heartbeatTimeoutMs, and the watcher keeps yielding', async () => {
  await ctl('POST', '/__control/notifications/config', { heartbeatMs: 200 });
  const cc = client({ heartbeatTimeoutMs: 1000 });
  const w = watch(cc);
  await w.live();
  const conv = await g.scenario('agent-connected');
  await w.next(conv.id, () => true, 'connected');
  // Heartbeats keep it: well past 1 s of heartbeats, still the first socket.
  const beating = await serverUntil((s) => s.channels[0]?.heartbeatsSent >= 8, 'eight heartbeats');
  assert.equal(beating.totals.socketOpens, 1, 'a socket that heartbeats is kept');
  await ctl('POST', '/__control/notifications/heartbeats', { enabled: false });
  await serverUntil((s) => s.totals.socketOpens >= 2, 'a new socket after the silence', 10_000);
  await ctl('POST', '/__control/notifications/heartbeats', { enabled: true });
  await w.live(2);
  assert.ok(w.statuses.includes('reconnecting'));
  await forceAgent(conv, { held: true });
  await w.next(conv.id, (c) => c.held, 'held after the reconnect');
  const s = await notifications();
  assert.equal(s.totals.channelsCreated, 1, 'the channel was reused');
  assert.equal(w.error, undefined);
});

// =============================================================================
// 6. ending a watcher closes the socket
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
// 7. many watchers, one socket
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
// 8. a burst of changes
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
// 9. channel lifetime and channel-creation faults
// =============================================================================

for (const action of ['expire', 'evict']) {
  test(`a channel that ${action === 'expire' ? 'expires' : 'is evicted'}: a new channel, subscribed again, and events keep coming`, async () => {
    const cc = client();
    const w = watch(cc);
    await w.live();
    const conv = await g.scenario('agent-connected');
    await w.next(conv.id, () => true, 'connected');
    const old = (await notifications()).channels[0].id;
    await ctl('POST', `/__control/notifications/channels/${old}/${action}`);
    const s = await serverUntil((st) => st.totals.channelsCreated === 2 && openSockets(st) === 1, 'a new channel with a socket', 10_000);
    assert.equal(s.channels.length, 1);
    assert.notEqual(s.channels[0].id, old);
    assert.deepEqual(s.channels[0].topics, [TOPIC], 'subscribed again');
    assert.equal(s.totals[action === 'expire' ? 'expired' : 'evicted'], 1);
    await w.live(2);
    await forceAgent(conv, { held: true });
    await w.next(conv.id, (c) => c.held, 'held on the new channel');
    assert.deepEqual(w.of(conv.id).map((c) => c.held), [false, true]);
    assert.equal(w.error, undefined);
  });
}

test('a channel that expired while the socket was down: HEAD says 404, a new channel is made and subscribed', async () => {
  const cc = client();
  const w = watch(cc);
  await w.live();
  const conv = await g.scenario('agent-connected');
  await w.next(conv.id, () => true, 'connected');
  const old = (await notifications()).channels[0].id;
  await ctl('POST', '/__control/notifications/drop', { mode: 'terminate' });
  await serverUntil((st) => st.totals.socketCloses === 1, 'the socket is gone');
  await ctl('POST', `/__control/notifications/channels/${old}/expire`); // no socket: no 404 frame
  await w.live(2, 15_000);
  const heads = await requests('HEAD', `${CHANNELS}/${old}`);
  assert.equal(heads.length, 1, 'the old channel was checked once');
  const s = await notifications();
  assert.equal(s.totals.channelsCreated, 2);
  assert.deepEqual(s.channels.map((c) => [c.topics, c.openSockets]), [[[TOPIC], 1]]);
  await forceAgent(conv, { held: true });
  await w.next(conv.id, (c) => c.held, 'held on the new channel');
});

test('a channel whose socket was dropped and came back is reused: HEAD, no new channel, no new subscription', async () => {
  const cc = client();
  const w = watch(cc);
  await w.live();
  const id = (await notifications()).channels[0].id;
  await ctl('POST', '/__control/notifications/drop', { mode: 'close' });
  await w.live(2, 15_000);
  assert.equal((await requests('HEAD', `${CHANNELS}/${id}`)).length, 1);
  const subscriptions = (await ctl('GET', '/__control/requests')).filter((r) => r.path === `${CHANNELS}/${id}/subscriptions`);
  assert.equal(subscriptions.length, 1, 'subscribed once, when the channel was made');
  assert.equal((await notifications()).totals.channelsCreated, 1);
});

test("the subscription is renewed before the channel's lifetime runs out", async () => {
  // A channel living 1 h + 3 s: renewal is due (an hour before expiry) 3 s after it is made.
  await ctl('POST', '/__control/notifications/config', { heartbeatMs: 200, channelTtlMs: 3_603_000 });
  const cc = client({ heartbeatTimeoutMs: 1000 });
  const w = watch(cc);
  await w.live();
  const first = (await notifications()).channels[0];
  const path = `${CHANNELS}/${first.id}/subscriptions`;
  const deadline = Date.now() + 10_000;
  let subs;
  while ((subs = (await ctl('GET', '/__control/requests')).filter((r) => r.path === path && r.method !== 'OPTIONS')).length < 2) {
    assert.ok(Date.now() < deadline, `no renewal within 10 s: ${subs.map((r) => r.method)}`);
    await new Promise((r) => setTimeout(r, 50));
  }
  assert.deepEqual(subs[1].body, [{ id: TOPIC }], 'the same topic');
  const s = await notifications();
  assert.ok(Date.parse(s.channels[0].expires) > Date.parse(first.expires), 'the channel lives longer');
  assert.equal(s.totals.socketOpens, 1, 'on the same socket');
  assert.equal(s.totals.channelsCreated, 1);
  const conv = await g.scenario('agent-alerting');
  await w.next(conv.id, () => true, 'events after the renewal');
});

test('reordered events: a connected that arrives after the disconnected yields nothing', async () => {
  const cc = client();
  const w = watch(cc);
  await w.live();
  const conv = await g.scenario('agent-alerting');
  await w.next(conv.id, () => true, 'alerting');
  await ctl('POST', '/__control/notifications/event-faults', { type: 'reorder', count: 1 });
  await cc.answer(conv.id); // its event is held back …
  await customerHangsUp(conv); // … and sent after this one
  await w.next(conv.id, (c) => c.state === 'disconnected', 'disconnected');
  await barrier(w);
  assert.deepEqual(w.of(conv.id).map((c) => c.state), ['alerting', 'disconnected'], 'disconnected is final');
  assert.equal((await notifications()).channels[0].heldBackEvents, 0, 'the held-back event was sent');
  assert.deepEqual(await ctl('GET', '/__control/notifications/event-faults'), [], 'the reorder fault was used');
});

test('429 with Retry-After on channel creation: retried after the wait', async () => {
  await faultOn('create-channel', { type: 'status', status: 429, retryAfter: 1 });
  const cc = client();
  const w = watch(cc);
  await w.live(1, 15_000);
  const posts = await requests('POST', CHANNELS);
  assert.equal(posts.length, 2);
  const waited = Date.parse(posts[1].at) - Date.parse(posts[0].at);
  assert.ok(waited >= 950, `waited ${waited} ms for Retry-After: 1`);
  assert.equal((await notifications()).totals.channelsCreated, 1);
  const conv = await g.scenario('agent-alerting');
  await w.next(conv.id, () => true, 'a call after the retry');
});

test('503 on channel creation: retried, then live', async () => {
  await faultOn('create-channel', { type: 'status', status: 503 });
  const cc = client();
  const w = watch(cc);
  await w.live(1, 15_000);
  assert.equal((await requests('POST', CHANNELS)).length, 2);
  assert.equal((await notifications()).totals.channelsCreated, 1);
  assert.equal(w.error, undefined);
});

// =============================================================================
// 10. a token that stops working ends every watcher
// =============================================================================

test('a string token refused (401) while reconnecting ends every iterator with unauthorized', async () => {
  const t = await privateToken('401');
  const cc = client({ token: t });
  const a = watch(cc);
  const b = watch(cc);
  await a.live();
  await b.live();
  const conv = await g.scenario('agent-alerting');
  await a.next(conv.id, () => true, 'a call before');
  await ctl('POST', '/__control/faults', { match: { path: '/api/v2/*' }, count: 20, fault: { type: 'status', status: 401 } });
  await ctl('POST', '/__control/notifications/drop', { mode: 'terminate' });
  await Promise.all([a.end(15_000), b.end(15_000)]);
  for (const w of [a, b]) {
    assert.ok(w.error instanceof CallControlError, `ended with ${w.error}`);
    assert.equal(w.error.kind, 'unauthorized');
    assert.equal(w.error.status, 401);
    assert.deepEqual(await w.it.next(), { value: undefined, done: true }, 'then done');
  }
  const s = await notifications();
  assert.equal(openSockets(s), 0);
  assert.equal(s.totals.socketOpens, 1, 'no socket after the 401');
});

test('a string token refused (401) at the first step: every iterator rejects with unauthorized, one request', async () => {
  const t = await privateToken('401a');
  await ctl('POST', '/__control/faults', { match: { path: '/api/v2/*' }, count: 1, fault: { type: 'status', status: 401 } });
  const cc = client({ token: t });
  const a = watch(cc);
  const b = watch(cc);
  await Promise.all([a.end(), b.end()]);
  for (const w of [a, b]) assert.equal(w.error?.kind, 'unauthorized');
  const sent = (await ctl('GET', '/__control/requests')).filter((r) => r.headers.authorization === `Bearer ${t}`);
  assert.equal(sent.length, 1, 'a string token gets no second try');
});

test('403 on the subscription ends every iterator with forbidden', async () => {
  await faultOn('subscribe', { type: 'status', status: 403, body: { message: 'missing permission', code: 'notification.unauthorized.topic', status: 403 } });
  const cc = client();
  const a = watch(cc);
  const b = watch(cc);
  await Promise.all([a.end(), b.end()]);
  for (const w of [a, b]) {
    assert.ok(w.error instanceof CallControlError);
    assert.equal(w.error.kind, 'forbidden');
    assert.equal(w.error.status, 403);
  }
  assert.equal((await notifications()).totals.socketOpens, 0);
});

test('a token provider is asked again once after a 401, and the retry uses the new token', async () => {
  const tokens = [];
  for (let i = 0; i < 12; i++) tokens.push(await privateToken(`p${i}`));
  let asked = 0;
  const cc = client({ token: () => tokens[asked++] });
  await faultOn('create-channel', { type: 'status', status: 401 });
  const w = watch(cc);
  await w.live();
  const posts = await requests('POST', CHANNELS);
  assert.equal(posts.length, 2);
  const [first, second] = posts.map((r) => tokens.indexOf(r.headers.authorization.replace('Bearer ', '')));
  assert.ok(first >= 0 && second === first + 1, `the retry used the next token the provider gave (${first} then ${second})`);
  assert.equal(w.error, undefined);
});

test('a token provider whose token stays refused: asked once more, then unauthorized', async () => {
  const t = await privateToken('prov');
  let asked = 0;
  const cc = client({ token: () => { asked++; return t; } });
  await faultOn('create-channel', { type: 'status', status: 401 }, 5);
  const w = watch(cc);
  await w.end(15_000);
  assert.equal(w.error?.kind, 'unauthorized');
  assert.equal((await requests('POST', CHANNELS)).length, 2, 'the original and one retry after asking again');
  await ctl('DELETE', '/__control/faults');
  assert.ok(asked >= 2);
});

// =============================================================================
// 11. options
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

// =============================================================================
// 12. secrecy
// =============================================================================

test('the token is in no socket URL, Call, status or error', async () => {
  const secret = await privateToken('secret-abcdef0123456789');
  const urls = [];
  class RecordingWebSocket extends WebSocket {
    constructor(url, ...rest) {
      super(url, ...rest);
      urls.push(String(url));
    }
  }
  const cc = client({ token: secret, WebSocket: RecordingWebSocket });
  const w = watch(cc);
  await w.live();
  const conv = await g.scenario('agent-alerting');
  await w.next(conv.id, () => true, 'alerting');
  await ctl('POST', '/__control/notifications/drop', { mode: 'terminate' });
  await w.live(2, 15_000);
  const s = await notifications();
  assert.equal(urls.length, 2);
  for (const u of urls) {
    assert.match(u, /^ws:\/\/127\.0\.0\.1:\d+\/channels\/streaming-0-[a-z0-9]{26}$/, 'the connectUri as the fake gave it');
    assert.ok(!u.includes(secret));
  }
  assert.equal(new URL(urls[0]).pathname, `/channels/${s.channels[0].id}`);
  // The REST steps carry it only as the Authorization header.
  for (const r of await ctl('GET', '/__control/requests')) {
    assert.ok(!r.path.includes(secret) && !JSON.stringify(r.query).includes(secret) && !JSON.stringify(r.body ?? null).includes(secret));
  }
  // An error after the token is refused.
  await ctl('POST', '/__control/faults', { match: { path: '/api/v2/*' }, count: 20, fault: { type: 'status', status: 401, body: { message: `bad token ${secret}`, code: 'bad.credentials', status: 401 } } });
  await ctl('POST', '/__control/notifications/drop', { mode: 'terminate' });
  await w.end(15_000);
  assert.equal(w.error?.kind, 'unauthorized');
  for (const text of [JSON.stringify(w.calls), JSON.stringify(w.statuses), String(w.error), w.error.stack, JSON.stringify(w.error), w.error.message]) {
    assert.ok(!String(text).includes(secret), `the token leaked into ${String(text).slice(0, 200)}`);
  }
});
