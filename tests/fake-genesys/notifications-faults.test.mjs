// Notification faults (/__control/notifications/*): dropped sockets (close frame / TCP), socket_closing,
// stopped heartbeats and pongs, expired and evicted channels, duplicated and reordered events, and failed
// channel creation through the ordinary /__control/faults queue.
import { test, afterEach } from 'node:test';
import assert from 'node:assert/strict';
import { useServer, api, control, user } from './harness.mjs';
import {
  Client, callsTopic, createChannel, subscriptionsPath, listen, notifState, channelState, stateWhen,
  participantOf, isHeartbeat, isPong,
} from './notifications-harness.mjs';

const h = useServer();
const clients = [];
afterEach(() => { for (const c of clients.splice(0)) c.close(); });

const CHANNELS = '/api/v2/notifications/channels';
const ALEX = user('agent');
const connect = async (uri) => { const c = await Client.connect(uri); clients.push(c); return c; };
const nc = (method, path, body) => control(h, method, `/notifications${path}`, body);
const participantPath = (cid, pid) => `/api/v2/conversations/calls/${cid}/participants/${pid}`;

/** An inbound call answered by Alex; returns {conv, path} with Alex's participant path. */
async function answeredCall(client) {
  const conv = await control(h, 'POST', '/offers', { userKey: 'agent' });
  const path = participantPath(conv.id, conv.participants.find((p) => p.purpose === 'agent').id);
  await api(h, 'PATCH', path, { body: { state: 'connected' } });
  await client.nextEvent('offer');
  await client.nextEvent('answer');
  return { conv, path };
}

test('drop with a close frame: default 1001 or a given code/reason; the channel and its subscriptions survive', async () => {
  const { channel, client } = await listen(h, 'agent', clients);
  assert.deepEqual(await nc('POST', '/drop', { channelId: channel.id }), { dropped: 1, mode: 'close' });
  assert.deepEqual(await client.waitClosed(), { code: 1001, reason: 'dropped by fake-genesys control' });
  assert.equal((await api(h, 'HEAD', `${CHANNELS}/${channel.id}`)).status, 200);

  const again = await connect(channel.connectUri);
  await nc('POST', '/drop', { channelId: channel.id, code: 4000, reason: 'custom' });
  assert.deepEqual(await again.waitClosed(), { code: 4000, reason: 'custom' });
  const third = await connect(channel.connectUri);
  await control(h, 'POST', '/offers', { userKey: 'agent' });
  assert.equal((await third.nextEvent()).topicName, callsTopic('agent'), 'still subscribed after the drops');
  const st = (await stateWhen(h, (s) => s.totals.socketCloses === 2, 'two closes')).channels[0];
  assert.equal(st.socketOpens, 3);
  assert.equal(st.openSockets, 1);

  await assert.rejects(nc('POST', '/drop', { channelId: channel.id, code: 1006 }), /400/);
  await assert.rejects(nc('POST', '/drop', { mode: 'explode' }), /400/);
  await assert.rejects(nc('POST', '/drop', { channelId: 'streaming-0-none' }), /404/);
});

test('drop without a close frame (TCP terminated): the client sees 1006', async () => {
  const { client } = await listen(h, 'agent', clients);
  assert.deepEqual(await nc('POST', '/drop', { mode: 'terminate' }), { dropped: 1, mode: 'terminate' });
  assert.equal((await client.waitClosed()).code, 1006);
  await stateWhen(h, (s) => s.totals.socketCloses === 1 && s.channels[0].openSockets === 0, 'the fake to see the drop');
});

test('drop by user closes every socket of that user only', async () => {
  await control(h, 'POST', '/tokens', { token: 'alex-tab-2', userId: ALEX.id });
  const a1 = (await listen(h, 'agent', clients)).client;
  const a2 = (await listen(h, 'alex-tab-2', clients, 'agent')).client;
  const b = (await listen(h, 'agent2', clients)).client;
  assert.equal((await nc('POST', '/drop', { userId: ALEX.id })).dropped, 2);
  await a1.waitClosed();
  await a2.waitClosed();
  await b.ping();
  assert.equal(b.closeInfo, undefined);
});

test('v2.system.socket_closing, then the close after closeAfterMs; with closeAfterMs null the socket stays', async () => {
  const { channel, client } = await listen(h, 'agent', clients);
  assert.deepEqual(await nc('POST', '/socket-closing', { channelId: channel.id, closeAfterMs: null }), { notified: 1, closeAfterMs: null });
  const notice = await client.take((f) => f.topicName === 'v2.system.socket_closing', 'socket_closing');
  assert.equal(notice.version, '2');
  assert.equal(notice.eventBody.channelId, channel.id);
  assert.equal(notice.eventBody.userId, ALEX.id);
  assert.equal(typeof notice.eventBody.message, 'string');
  assert.equal(notice.metadata.CorrelationId, notice.eventBody.correlationId);
  await client.ping();
  assert.equal(client.closeInfo, undefined, 'null: left open');

  // The rollover a client should do: a new socket on the same channel replaces the old one.
  const next = await connect(channel.connectUri);
  assert.equal((await client.waitClosed()).code, 1001);
  await nc('POST', '/socket-closing', { userId: ALEX.id, closeAfterMs: 30 });
  await next.take((f) => f.topicName === 'v2.system.socket_closing', 'socket_closing 2');
  assert.equal((await next.waitClosed()).code, 1001);
  assert.equal((await api(h, 'HEAD', `${CHANNELS}/${channel.id}`)).status, 200, 'the channel outlives the socket');
  assert.equal((await nc('GET', '')).config.socketClosingMs, 60_000, 'default delay is about a minute');
});

test('stop and resume heartbeats (and pongs)', async () => {
  await nc('POST', '/config', { heartbeatMs: 15 });
  const { channel, client } = await listen(h, 'agent', clients);
  await client.take(isHeartbeat, 'first heartbeat');
  await nc('POST', '/heartbeats', { enabled: false, channelId: channel.id });
  await client.ping(); // any heartbeat written before the stop is now received
  const seen = client.all.filter(isHeartbeat).length;
  await stateWhen(h, (s) => s.channels[0].heartbeatsSkipped >= 3, 'three silent intervals');
  await client.ping();
  assert.equal(client.all.filter(isHeartbeat).length, seen, 'no heartbeat while stopped');

  await nc('POST', '/heartbeats', { pongs: false, channelId: channel.id });
  client.ws.send(JSON.stringify({ message: 'ping' }));
  await stateWhen(h, (s) => s.channels[0].pingsUnanswered === 1, 'the unanswered ping');
  await nc('POST', '/heartbeats', { enabled: true, pongs: true, channelId: channel.id });
  await client.take(isHeartbeat, 'heartbeat after resume');
  await client.ping();
  assert.equal(client.all.filter(isPong).length, 3, 'the ping sent while pongs were stopped got none');

  // Global switch (all channels).
  assert.equal((await nc('POST', '/heartbeats', { enabled: false })).heartbeatsEnabled, false);
  const st = await channelState(h, channel.id);
  await stateWhen(h, (s) => s.channels[0].heartbeatsSkipped >= st.heartbeatsSkipped + 2, 'silent intervals (global)');
  assert.equal((await nc('POST', '/heartbeats', { enabled: true })).heartbeatsEnabled, true);
  await assert.rejects(nc('POST', '/heartbeats', { enabled: 'no' }), /400/);
});

test('expire and evict a channel on demand: {"result":"404"} frame, close, channel gone', async () => {
  for (const action of ['expire', 'evict']) {
    const { channel, client } = await listen(h, 'agent', clients);
    const r = await nc('POST', `/channels/${channel.id}/${action}`);
    assert.equal(r.channelId, channel.id);
    assert.equal(r.sockets, 1);
    const frame = await client.nextNonHeartbeat(`${action} frame`);
    assert.equal(frame.result, '404');
    assert.match(frame.message, action === 'expire' ? /expired/ : /removed/);
    assert.equal((await client.waitClosed()).code, 1001);
    assert.equal((await api(h, 'HEAD', `${CHANNELS}/${channel.id}`)).status, 404);
    assert.equal((await api(h, 'GET', subscriptionsPath(channel.id))).status, 404);
  }
  const totals = (await notifState(h)).totals;
  assert.equal(totals.expired, 1);
  assert.equal(totals.evicted, 1);
  await assert.rejects(nc('POST', '/channels/streaming-0-none/expire'), /404/);
});

test('duplicate the next N events: each arrives twice (same frame), then single again', async () => {
  const { client } = await listen(h, 'agent', clients);
  const { path } = await answeredCall(client);
  const fault = await nc('POST', '/event-faults', { type: 'duplicate', count: 2 });
  assert.equal(fault.remaining, 2);
  await api(h, 'PATCH', path, { body: { held: true } });
  await api(h, 'PATCH', path, { body: { held: false } });
  await api(h, 'PATCH', path, { body: { muted: true } });
  const got = [];
  for (let i = 0; i < 5; i++) got.push(await client.nextEvent(`event ${i}`));
  assert.deepEqual(got[0], got[1]);
  assert.deepEqual(got[2], got[3]);
  assert.equal(participantOf(got[0].eventBody, 'agent').held, true);
  assert.equal(participantOf(got[2].eventBody, 'agent').held, false);
  assert.equal(participantOf(got[4].eventBody, 'agent').muted, true);
  await client.ping();
  assert.deepEqual(client.pendingEvents(), []);
  assert.deepEqual(await nc('GET', '/event-faults'), []);
});

test('reorder the next 2 events: the second arrives first, the first (now stale) after it', async () => {
  const { channel, client } = await listen(h, 'agent', clients);
  const { path } = await answeredCall(client);
  await nc('POST', '/event-faults', { type: 'reorder' });
  await api(h, 'PATCH', path, { body: { held: true } });
  await stateWhen(h, (s) => s.channels[0].heldBackEvents === 1, 'the held-back event');
  await client.ping();
  assert.deepEqual(client.pendingEvents(), [], 'the first event is held back');
  await api(h, 'PATCH', path, { body: { muted: true } });
  const first = participantOf((await client.nextEvent('second event')).eventBody, 'agent');
  const second = participantOf((await client.nextEvent('first event')).eventBody, 'agent');
  assert.deepEqual([first.held, first.muted], [true, true]);
  assert.deepEqual([second.held, second.muted], [true, false]);
  await api(h, 'PATCH', path, { body: { held: false } });
  assert.equal(participantOf((await client.nextEvent('in order again')).eventBody, 'agent').held, false);
  assert.equal((await channelState(h, channel.id)).heldBackEvents, 0);
});

test('event faults can target one channel; bad specs are refused; DELETE and reset clear them', async () => {
  await control(h, 'POST', '/tokens', { token: 'alex-tab-2', userId: ALEX.id });
  const a = await listen(h, 'agent', clients);
  const b = await listen(h, 'alex-tab-2', clients, 'agent');
  await nc('POST', '/event-faults', { type: 'duplicate', channelId: b.channel.id });
  await control(h, 'POST', '/offers', { userKey: 'agent' });
  await b.client.nextEvent('b 1');
  await b.client.nextEvent('b 2');
  await a.client.nextEvent('a 1');
  await a.client.ping();
  assert.deepEqual(a.client.pendingEvents(), []);

  await assert.rejects(nc('POST', '/event-faults', { type: 'drop-everything' }), /400/);
  await assert.rejects(nc('POST', '/event-faults', { type: 'duplicate', count: 0 }), /400/);
  await nc('POST', '/event-faults', { type: 'reorder', count: 3 });
  assert.equal((await nc('GET', '/event-faults')).length, 1);
  await nc('DELETE', '/event-faults');
  assert.deepEqual(await nc('GET', '/event-faults'), []);
  await nc('POST', '/event-faults', { type: 'duplicate' });
  await control(h, 'POST', '/reset');
  assert.deepEqual((await notifState(h)).eventFaults, []);
});

test('429 with Retry-After, then 503, on the next channel creations (match.operation create-channel)', async () => {
  await control(h, 'POST', '/faults', { match: { operation: 'create-channel' }, fault: { type: 'status', status: 429, retryAfter: 7 } });
  await control(h, 'POST', '/faults', { match: { method: 'POST', path: CHANNELS }, fault: { type: 'status', status: 503 } });
  const other = await api(h, 'GET', CHANNELS);
  assert.equal(other.status, 200, 'only channel creation is hit');
  const limited = await api(h, 'POST', CHANNELS);
  assert.equal(limited.status, 429);
  assert.equal(limited.headers.get('retry-after'), '7');
  assert.equal(limited.json.code, 'too.many.requests.retry.after');
  const down = await api(h, 'POST', CHANNELS);
  assert.equal(down.status, 503);
  assert.equal(down.json.code, 'service.unavailable');
  assert.equal((await notifState(h)).channels.length, 0, 'faulted creations made no channel');
  const ok = await api(h, 'POST', CHANNELS);
  assert.equal(ok.status, 200);
  const log = await control(h, 'GET', '/requests');
  assert.deepEqual(log.map((e) => `${e.method} ${e.path}`), [`GET ${CHANNELS}`, `POST ${CHANNELS}`, `POST ${CHANNELS}`, `POST ${CHANNELS}`]);

  // The same queue fails subscription writes by operation.
  await control(h, 'POST', '/faults', { match: { operation: 'subscribe' }, fault: { type: 'status', status: 503 } });
  const sub = await api(h, 'PUT', subscriptionsPath(ok.json.id), { body: [{ id: callsTopic('agent') }] });
  assert.equal(sub.status, 503);
  assert.deepEqual((await api(h, 'GET', subscriptionsPath(ok.json.id))).json, { entities: [] });
  assert.ok(await createChannel(h));
});
