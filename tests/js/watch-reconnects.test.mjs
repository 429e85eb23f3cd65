// Live calls across socket trouble: a dropped socket and the resync, the
// reconnect backoff, socket_closing, and a silent socket replaced
// (helpers: watch-harness.mjs).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { useFake, CHANNELS, LISTING, g, ctl, notifications, requests, customerHangsUp, forceAgent, serverUntil, openSockets, client, watch, barrier } from './watch-harness.mjs';

useFake();

// =============================================================================
// 1. a dropped socket: the resync brings what was missed
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
// 2. socket_closing: a new socket before the old one goes
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
// 3. a silent socket is replaced
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
