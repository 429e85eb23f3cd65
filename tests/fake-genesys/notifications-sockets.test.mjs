// Notification service, the WebSocket: heartbeat, ping/pong, one socket per channel, refused upgrades,
// 20-channel eviction, channel expiry, and POST /__control/reset closing sockets.
import { test, afterEach } from 'node:test';
import assert from 'node:assert/strict';
import WebSocket from 'ws';
import { useServer, api, control, user } from './harness.mjs';
import {
  Client, within, WAIT_MS, callsTopic, createChannel, subscriptionsPath, listen, notifState, channelState,
  isHeartbeat, isPong, stateWhen,
} from './notifications-harness.mjs';

const h = useServer();
const clients = [];
afterEach(() => { for (const c of clients.splice(0)) c.close(); });

const CHANNELS = '/api/v2/notifications/channels';
const ALEX = user('agent');
const connect = async (uri) => { const c = await Client.connect(uri); clients.push(c); return c; };

test('WebSocket: connect to connectUri, heartbeat at the configured interval, ping -> pong, other text ignored', async () => {
  await control(h, 'POST', '/notifications/config', { heartbeatMs: 40 });
  const ch = await createChannel(h);
  const c = await connect(ch.connectUri);
  const hb1 = await c.take(isHeartbeat, 'heartbeat 1');
  const hb2 = await c.take(isHeartbeat, 'heartbeat 2');
  assert.deepEqual(hb1, { topicName: 'channel.metadata', eventBody: { message: 'WebSocket Heartbeat' } });
  assert.deepEqual(hb2, hb1);
  c.ws.send('not json at all');
  c.ws.send(JSON.stringify({ message: 'hello' }));
  c.ws.send(JSON.stringify({ message: 'ping' }));
  assert.deepEqual(await c.take(isPong, 'pong'), { topicName: 'channel.metadata', eventBody: { message: 'pong' } });
  assert.deepEqual(c.all.filter((f) => !isHeartbeat(f)), [{ topicName: 'channel.metadata', eventBody: { message: 'pong' } }]);
  const st = await channelState(h, ch.id);
  assert.equal(st.openSockets, 1);
  assert.equal(st.socketOpens, 1);
  assert.ok(st.heartbeatsSent >= 2);
  assert.equal((await notifState(h)).config.heartbeatMs, 40);
});

test('default heartbeat interval is 30 s; reset restores the start options', async () => {
  const s = await notifState(h);
  assert.equal(s.config.heartbeatMs, 30_000);
  assert.equal(s.config.channelTtlMs, 24 * 3600_000);
  await control(h, 'POST', '/notifications/config', { heartbeatMs: 10 });
  await control(h, 'POST', '/reset');
  assert.equal((await notifState(h)).config.heartbeatMs, 30_000);
  await assert.rejects(control(h, 'POST', '/notifications/config', { heartbeatMs: 0 }), /400/);
});

test('WebSocket upgrade to an unknown channel or another path is refused with HTTP 404', async () => {
  for (const path of ['/channels/streaming-0-doesnotexist', '/stream/channels/x', '/api/v2/users/me']) {
    const ws = new WebSocket(`ws://127.0.0.1:${h.server.port}${path}`);
    ws.on('error', () => {});
    const status = await within(new Promise((resolve) => ws.once('unexpected-response', (_req, res) => resolve(res.statusCode))), WAIT_MS, `404 for ${path}`);
    assert.equal(status, 404);
    ws.terminate();
  }
});

test('a second socket on the same channel closes the first; events go to the new one', async () => {
  const { channel, client: first } = await listen(h, 'agent', clients);
  const second = await connect(channel.connectUri);
  const closed = await first.waitClosed();
  assert.equal(closed.code, 1001);
  assert.match(closed.reason, /another WebSocket/);
  await second.ping();
  const conv = await control(h, 'POST', '/offers', { userKey: 'agent' });
  const ev = await second.nextEvent();
  assert.equal(ev.eventBody.id, conv.id);
  const st = (await stateWhen(h, (s) => s.totals.socketCloses === 1, 'the close of the first socket')).channels[0];
  assert.equal(st.openSockets, 1);
  assert.equal(st.socketOpens, 2);
  assert.equal(st.socketCloses, 1);
  assert.equal(first.all.filter((f) => f.topicName !== 'channel.metadata').length, 0);
});

test('the 21st channel of a user evicts the oldest-used one, preferring channels without a socket', async () => {
  const created = [];
  for (let i = 0; i < 20; i++) created.push(await createChannel(h));
  // The oldest channel has a socket, so the oldest one WITHOUT a socket (#2) goes first.
  const onOldest = await connect(created[0].connectUri);
  await onOldest.ping();
  const c21 = await createChannel(h);
  assert.equal((await api(h, 'HEAD', `${CHANNELS}/${created[1].id}`)).status, 404, '#2 evicted');
  assert.equal((await api(h, 'HEAD', `${CHANNELS}/${created[0].id}`)).status, 200, '#1 kept: it has a socket');
  const s = await notifState(h);
  assert.equal(s.users[ALEX.id].length, 20);
  assert.equal(s.totals.evicted, 1);
  assert.deepEqual((await api(h, 'GET', CHANNELS)).json.entities.map((c) => c.id), [created[0], ...created.slice(2), c21].map((c) => c.id));

  // Other users and other OAuth clients of the same user have their own 20.
  await createChannel(h, 'agent2');
  await control(h, 'POST', '/tokens', { token: 'alex-other-app', userId: ALEX.id, clientId: 'other-client' });
  await createChannel(h, 'alex-other-app');
  assert.equal((await notifState(h)).totals.evicted, 1);
});

test('when every channel has a socket, the 21st evicts the oldest-used: {"result":"404"} frame, then close 1001', async () => {
  const sockets = [];
  for (let i = 0; i < 20; i++) {
    const ch = await createChannel(h);
    sockets.push({ ch, client: await connect(ch.connectUri) });
  }
  await createChannel(h);
  const victim = sockets[0];
  const frame = await victim.client.nextNonHeartbeat('the 404 frame');
  assert.equal(frame.result, '404');
  assert.match(frame.message, new RegExp(victim.ch.id));
  assert.equal((await victim.client.waitClosed()).code, 1001);
  assert.equal((await api(h, 'HEAD', `${CHANNELS}/${victim.ch.id}`)).status, 404);
  for (const s of sockets.slice(1)) assert.equal(s.client.closeInfo, undefined);
  await stateWhen(h, (st) => st.totals.socketCloses === 1, 'the fake to note the close');
});

test('channel expiry (configured TTL) closes the socket and the channel is gone; resubscribing extends it', async () => {
  await control(h, 'POST', '/notifications/config', { channelTtlMs: 300 });
  const ch = await createChannel(h);
  assert.ok(Date.parse(ch.expires) - Date.now() <= 300);
  const c = await connect(ch.connectUri);
  const frame = await c.nextNonHeartbeat('the expiry frame');
  assert.deepEqual(Object.keys(frame).sort(), ['message', 'result']);
  assert.equal(frame.result, '404');
  assert.match(frame.message, /expired/);
  assert.equal((await c.waitClosed()).code, 1001);
  assert.equal((await api(h, 'HEAD', `${CHANNELS}/${ch.id}`)).status, 404);
  assert.equal((await notifState(h)).totals.expired >= 1, true);

  // A subscription change restarts the lifetime (here with a TTL raised after creation).
  const fresh = await createChannel(h);
  await control(h, 'POST', '/notifications/config', { channelTtlMs: 24 * 3600_000 });
  await api(h, 'PUT', subscriptionsPath(fresh.id), { body: [{ id: callsTopic('agent') }] });
  const after = Date.parse((await channelState(h, fresh.id)).expires);
  assert.ok(after - Date.parse(fresh.expires) > 23 * 3600_000, 'resubscribing extends the channel');
  const ws = new WebSocket(ch.connectUri);
  ws.on('error', () => {});
  const status = await within(new Promise((resolve) => ws.once('unexpected-response', (_q, res) => resolve(res.statusCode))), WAIT_MS, 'refused upgrade');
  assert.equal(status, 404);
  ws.terminate();
});

test('POST /__control/reset closes sockets and forgets channels', async () => {
  const { channel, client } = await listen(h, 'agent', clients);
  await control(h, 'POST', '/reset');
  assert.equal((await client.waitClosed()).code, 1001);
  assert.equal((await api(h, 'HEAD', `${CHANNELS}/${channel.id}`)).status, 404);
  const s = await notifState(h);
  assert.deepEqual(s.channels, []);
  assert.deepEqual(s.totals, { channelsCreated: 0, socketOpens: 0, socketCloses: 0, eventsPublished: 0, evicted: 0, expired: 0 });
});
