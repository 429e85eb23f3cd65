// Live calls and the channel: expiry and eviction, reuse after a drop, the
// subscription renewal, reordered events, and channel-creation faults
// (helpers: watch-harness.mjs).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { useFake, TOPIC, CHANNELS, g, ctl, notifications, faultOn, requests, customerHangsUp, forceAgent, serverUntil, openSockets, client, watch, barrier } from './watch-harness.mjs';

useFake();

// =============================================================================
// 1. channel lifetime and channel-creation faults
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
