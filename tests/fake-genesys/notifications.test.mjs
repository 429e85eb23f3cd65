// Notification service: channels, subscriptions, the WebSocket (heartbeat, ping/pong, one socket per
// channel, 20-channel eviction, expiry) and v2.users.{id}.conversations.calls events from call control.
import { test, afterEach } from 'node:test';
import assert from 'node:assert/strict';
import { request } from 'node:http';
import WebSocket from 'ws';
import { useServer, api, control, user, queue, TOKENS } from './harness.mjs';
import {
  Client, within, WAIT_MS, callsTopic, createChannel, subscriptionsPath, listen, notifState, channelState,
  participantOf, byPurpose, isHeartbeat, isPong, stateWhen,
} from './notifications-harness.mjs';

const h = useServer();
const clients = [];
afterEach(() => { for (const c of clients.splice(0)) c.close(); });

const CHANNELS = '/api/v2/notifications/channels';
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;
const ALEX = user('agent');
const BLAIR = user('agent2');
const participantPath = (cid, pid) => `/api/v2/conversations/calls/${cid}/participants/${pid}`;
const connect = async (uri) => { const c = await Client.connect(uri); clients.push(c); return c; };

test('POST /notifications/channels: Channel {connectUri on the fake\'s port, id, expires in 24 h}, recorded, CORS', async () => {
  const before = Date.now();
  const r = await api(h, 'POST', CHANNELS);
  assert.equal(r.status, 200);
  assert.deepEqual(Object.keys(r.json).sort(), ['connectUri', 'expires', 'id']);
  assert.match(r.json.id, /^streaming-0-[a-z0-9]{26}$/);
  assert.equal(r.json.connectUri, `ws://127.0.0.1:${h.server.port}/channels/${r.json.id}`);
  const expires = Date.parse(r.json.expires);
  assert.ok(expires >= before + 24 * 3600_000 && expires <= Date.now() + 24 * 3600_000);
  assert.match(r.headers.get('inin-correlation-id'), UUID);
  assert.equal(r.headers.get('access-control-allow-origin'), '*');
  const log = await control(h, 'GET', '/requests');
  assert.deepEqual(log.map((e) => [e.method, e.path]), [['POST', CHANNELS]]);

  const anonymous = await api(h, 'POST', CHANNELS, { token: null });
  assert.equal(anonymous.status, 401);
  assert.equal(anonymous.json.code, 'authentication.required');
  assert.equal(anonymous.json.contextId, anonymous.headers.get('inin-correlation-id'));
  const pre = await fetch(h.url + subscriptionsPath(r.json.id), { method: 'OPTIONS' });
  assert.equal(pre.status, 204);
  assert.match(pre.headers.get('access-control-allow-methods'), /\bPUT\b/);
});

test('GET channels (includechannels token|oauthclient) and HEAD a channel', async () => {
  await control(h, 'POST', '/tokens', { token: 'alex-second-tab', userId: ALEX.id });
  const a = await createChannel(h, 'agent');
  const b = await createChannel(h, 'alex-second-tab');
  const blairs = await createChannel(h, 'agent2');

  const byToken = await api(h, 'GET', CHANNELS);
  assert.equal(byToken.status, 200);
  assert.deepEqual(byToken.json, { entities: [a] });
  const explicit = await api(h, 'GET', `${CHANNELS}?includechannels=token`);
  assert.deepEqual(explicit.json, { entities: [a] });
  const byClient = await api(h, 'GET', `${CHANNELS}?includechannels=oauthclient`);
  assert.deepEqual(byClient.json, { entities: [a, { expires: b.expires }] }, 'another token\'s channel: existence shown, id hidden');
  const bad = await api(h, 'GET', `${CHANNELS}?includechannels=everything`);
  assert.equal(bad.status, 400);
  assert.equal(bad.json.code, 'bad.request');

  for (const [token, id, status] of [['agent', a.id, 200], ['agent', b.id, 200], ['agent', blairs.id, 404], ['agent2', a.id, 404], ['agent', 'streaming-0-nope', 404]]) {
    const head = await api(h, 'HEAD', `${CHANNELS}/${id}`, { token });
    assert.equal(head.status, status, `HEAD ${id} as ${token}`);
    assert.equal(head.text, '');
  }
  const log = await control(h, 'GET', '/requests');
  assert.ok(log.some((e) => e.method === 'HEAD'), 'HEAD is recorded');
});

test('subscriptions: PUT replaces, POST adds, GET lists, DELETE removes all', async () => {
  const ch = await createChannel(h);
  const path = subscriptionsPath(ch.id);
  const calls = callsTopic('agent');
  const presence = `v2.users.${ALEX.id}.presence`;
  const conversations = `v2.users.${ALEX.id}.conversations`;

  assert.deepEqual((await api(h, 'GET', path)).json, { entities: [] });
  const put = await api(h, 'PUT', path, { body: [{ id: calls }, { id: presence }] });
  assert.equal(put.status, 200);
  assert.deepEqual(put.json, { entities: [{ id: calls, state: 'Permitted' }, { id: presence, state: 'Permitted' }] });
  const post = await api(h, 'POST', path, { body: [{ id: conversations }, { id: calls }] });
  assert.equal(post.status, 200);
  assert.deepEqual(post.json.entities.map((t) => t.id), [calls, presence, conversations]);
  const replaced = await api(h, 'PUT', path, { body: [{ id: presence }] });
  assert.deepEqual(replaced.json, { entities: [{ id: presence, state: 'Permitted' }] });
  assert.deepEqual((await api(h, 'GET', path)).json, { entities: [{ id: presence, state: 'Permitted' }] });
  const del = await api(h, 'DELETE', path);
  assert.equal(del.status, 204);
  assert.equal(del.text, '');
  assert.deepEqual((await api(h, 'GET', path)).json, { entities: [] });
  assert.deepEqual((await channelState(h, ch.id)).topics, []);
});

test('another user\'s topic: 403 notification.unauthorized.topic for the whole request, or Rejected with ignoreErrors=true', async () => {
  const ch = await createChannel(h);
  const path = subscriptionsPath(ch.id);
  const mine = callsTopic('agent');
  const blairs = callsTopic('agent2');
  const r = await api(h, 'PUT', path, { body: [{ id: mine }, { id: blairs }] });
  assert.equal(r.status, 403);
  assert.equal(r.json.code, 'notification.unauthorized.topic');
  assert.equal(r.json.status, 403);
  assert.match(r.json.message, new RegExp(`topic "${blairs.replaceAll('.', '\\.')}"`));
  assert.equal(r.json.contextId, r.headers.get('inin-correlation-id'));
  assert.deepEqual(r.json.details, []);
  assert.deepEqual((await api(h, 'GET', path)).json, { entities: [] }, 'nothing was subscribed');

  const lenient = await api(h, 'PUT', `${path}?ignoreErrors=true`, { body: [{ id: mine }, { id: blairs }] });
  assert.equal(lenient.status, 200);
  assert.deepEqual(lenient.json.entities[0], { id: mine, state: 'Permitted' });
  assert.equal(lenient.json.entities[1].id, blairs);
  assert.equal(lenient.json.entities[1].state, 'Rejected');
  assert.equal(typeof lenient.json.entities[1].rejectionReason, 'string');
  assert.deepEqual((await api(h, 'GET', path)).json, { entities: [{ id: mine, state: 'Permitted' }] });

  const cc = await createChannel(h, 'clientCredentials');
  const noUser = await api(h, 'POST', subscriptionsPath(cc.id), { token: 'clientCredentials', body: [{ id: mine }] });
  assert.equal(noUser.status, 403, 'a user-less token may not subscribe to a user topic');
});

test('subscription errors: over 1,000 topics, unknown topics, bad bodies, someone else\'s channel', async () => {
  const ch = await createChannel(h);
  const path = subscriptionsPath(ch.id);
  const many = Array.from({ length: 1001 }, (_, i) => ({ id: `v2.users.00000000-0000-4000-8000-${String(i).padStart(12, '0')}.conversations.calls` }));
  const tooMany = await api(h, 'PUT', path, { body: many });
  assert.equal(tooMany.status, 400);
  assert.equal(tooMany.json.code, 'notification.subscription.too.many.subscriptions');

  // POST counts the existing list too: 1 existing + 1,000 new distinct topics = 1,001.
  await api(h, 'PUT', path, { body: [{ id: callsTopic('agent') }] });
  const overByPost = await api(h, 'POST', path, { body: many.slice(0, 1000) });
  assert.equal(overByPost.status, 400);
  assert.equal(overByPost.json.code, 'notification.subscription.too.many.subscriptions');

  for (const id of ['channel.metadata', 'v2.system.socket_closing', `v2.users.${ALEX.id}.conversations.emails`, 'v2.conversations.x', `v2.users.${ALEX.id}.conversations?calls&chats`]) {
    const r = await api(h, 'POST', path, { body: [{ id }] });
    assert.equal(r.status, 400, id);
    assert.equal(r.json.code, 'notification.invalid.topic', id);
  }
  for (const body of [{ id: callsTopic('agent') }, ['v2.users.x.conversations.calls'], [{}], undefined]) {
    const r = await api(h, 'PUT', path, { body });
    assert.equal(r.status, 400, JSON.stringify(body));
    assert.equal(r.json.code, 'bad.request');
  }
  const text = await api(h, 'PUT', path, { rawBody: '[{"id":"x"}]', headers: { 'Content-Type': 'text/plain' } });
  assert.equal(text.status, 415);
  assert.deepEqual((await api(h, 'GET', path)).json.entities.map((t) => t.id), [callsTopic('agent')], 'failed requests changed nothing');

  for (const [method, body] of [['GET'], ['PUT', [{ id: callsTopic('agent2') }]], ['POST', [{ id: callsTopic('agent2') }]], ['DELETE']]) {
    const r = await api(h, method, path, { token: 'agent2', body });
    assert.equal(r.status, 404, `${method} on Alex's channel as Blair`);
    assert.equal(r.json.code, 'not.found');
  }
});

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

test('inbound offer -> answer -> hold -> mute -> unhold -> hang up: one event each, in order, in the real shape', async () => {
  const { client } = await listen(h, 'agent', clients);
  const conv = await control(h, 'POST', '/offers', { userKey: 'agent', from: '+13175550177' });
  const agentId = conv.participants.find((p) => p.purpose === 'agent').id;
  const path = participantPath(conv.id, agentId);

  const offered = await client.nextEvent('offer');
  assert.deepEqual(Object.keys(offered).sort(), ['eventBody', 'metadata', 'topicName', 'version']);
  assert.equal(offered.topicName, callsTopic('agent'));
  assert.equal(offered.version, '2');
  assert.match(offered.metadata.CorrelationId, UUID);
  const body = offered.eventBody;
  assert.equal(body.id, conv.id);
  assert.equal(body.selfUri, undefined);
  assert.equal(body.recentTransfers, undefined);
  assert.deepEqual(body.otherMediaUris, []);
  assert.equal(body.participants.length, 3);
  const agent = participantOf(body, 'agent');
  assert.equal(agent.id, agentId);
  assert.equal(agent.state, 'alerting');
  assert.equal(agent.direction, 'inbound');
  assert.equal(agent.purpose, 'agent');
  assert.deepEqual(agent.user, { id: ALEX.id, name: 'Alex Agent' });
  assert.deepEqual(agent.queue, { id: queue('Support Tier 1').id, name: 'Support Tier 1' });
  assert.equal(agent.held, false);
  assert.equal(agent.muted, false);
  assert.equal(agent.calls, undefined, 'flat participant: no calls[]');
  assert.equal(agent.userId, undefined, 'the .calls topic has user{id,name}, not userId');
  const customer = byPurpose(body, 'customer')[0];
  assert.equal(customer.address, 'tel:+13175550177');
  assert.equal(customer.state, 'connected');
  assert.equal(byPurpose(body, 'acd')[0].disconnectType, 'transfer');

  const steps = [
    [{ state: 'connected' }, (p) => p.state === 'connected' && !p.held],
    [{ held: true }, (p) => p.state === 'connected' && p.held && !p.muted],
    [{ muted: true }, (p) => p.held && p.muted],
    [{ held: false }, (p) => !p.held && p.muted],
  ];
  const correlationIds = new Set([offered.metadata.CorrelationId]);
  for (const [patch, check] of steps) {
    assert.equal((await api(h, 'PATCH', path, { body: patch })).status, 202);
    const ev = await client.nextEvent(JSON.stringify(patch));
    assert.ok(check(participantOf(ev.eventBody, 'agent')), `after ${JSON.stringify(patch)}: ${JSON.stringify(participantOf(ev.eventBody, 'agent'))}`);
    correlationIds.add(ev.metadata.CorrelationId);
  }
  assert.equal(correlationIds.size, 5, 'each event has its own CorrelationId');
  assert.equal((await api(h, 'PATCH', path, { body: { state: 'disconnected' } })).status, 202);
  const ended = (await client.nextEvent('hang up')).eventBody;
  assert.equal(participantOf(ended, 'agent').state, 'disconnected');
  assert.equal(participantOf(ended, 'agent').disconnectType, 'client');
  assert.equal(byPurpose(ended, 'customer')[0].state, 'disconnected');
  assert.equal(byPurpose(ended, 'customer')[0].disconnectType, 'peer');
  await client.ping();
  assert.deepEqual(client.pendingEvents(), [], 'exactly one event per change');
});

test('dial: connected + customer dialing, then the timer connects the customer, then hang up', async () => {
  await control(h, 'POST', '/reset', { callSetupMs: 50 });
  const { client } = await listen(h, 'agent', clients);
  const r = await api(h, 'POST', '/api/v2/conversations/calls', { body: { phoneNumber: '+1 317 555 0100' } });
  assert.equal(r.status, 200);
  const dialing = (await client.nextEvent('dial')).eventBody;
  assert.equal(dialing.id, r.json.id);
  assert.equal(participantOf(dialing, 'agent').state, 'connected');
  assert.equal(participantOf(dialing, 'agent').purpose, 'user');
  assert.equal(participantOf(dialing, 'agent').direction, 'outbound');
  assert.equal(byPurpose(dialing, 'customer')[0].state, 'dialing');
  assert.equal(byPurpose(dialing, 'customer')[0].address, 'tel:+13175550100');
  const answered = (await client.nextEvent('customer answers')).eventBody;
  assert.equal(byPurpose(answered, 'customer')[0].state, 'connected');
  const me = participantOf(answered, 'agent');
  assert.equal((await api(h, 'PATCH', participantPath(r.json.id, me.id), { body: { state: 'disconnected' } })).status, 202);
  const ended = (await client.nextEvent('hang up')).eventBody;
  assert.deepEqual(ended.participants.map((p) => p.state), ['disconnected', 'disconnected']);
});

test('the event is written after the REST response that caused it', async () => {
  const { client } = await listen(h, 'agent', clients);
  const conv = await control(h, 'POST', '/offers', { userKey: 'agent' });
  await client.nextEvent('offer');
  const order = [];
  client.ws.on('message', (d) => { if (JSON.parse(d).topicName.startsWith('v2.users.')) order.push('event'); });
  const agentId = conv.participants.find((p) => p.purpose === 'agent').id;
  // node:http fires 'response' synchronously when the head is parsed (fetch adds stream hops).
  const status = await new Promise((resolve, reject) => {
    const body = JSON.stringify({ state: 'connected' });
    const req = request(`${h.url}${participantPath(conv.id, agentId)}`, {
      method: 'PATCH',
      headers: { Authorization: `Bearer ${TOKENS.agent}`, 'Content-Type': 'application/json', 'Content-Length': Buffer.byteLength(body) },
    }, (res) => { order.push('response'); res.resume(); resolve(res.statusCode); });
    req.on('error', reject);
    req.end(body);
  });
  assert.equal(status, 202);
  await client.nextEvent('answer');
  assert.deepEqual(order, ['response', 'event']);
});

test('events reach only participants\' subscribed topics; a blind transfer hands the call from Alex to Blair', async () => {
  const alex = (await listen(h, 'agent', clients)).client;
  const blair = (await listen(h, 'agent2', clients)).client;
  const sam = (await listen(h, 'supervisor', clients)).client;
  const conv = await control(h, 'POST', '/offers', { userKey: 'agent' });
  const agentId = conv.participants.find((p) => p.purpose === 'agent').id;
  await alex.nextEvent('offer');
  await api(h, 'PATCH', participantPath(conv.id, agentId), { body: { state: 'connected' } });
  await alex.nextEvent('answer');

  const t = await api(h, 'POST', `/api/v2/conversations/${conv.id}/participants/${agentId}/replace/agent`, { body: { userId: BLAIR.id } });
  assert.equal(t.status, 202);
  const alexEv = await alex.nextEvent('transfer (Alex)');
  const alexSees = alexEv.eventBody;
  assert.equal(participantOf(alexSees, 'agent').state, 'disconnected');
  assert.equal(participantOf(alexSees, 'agent').disconnectType, 'transfer');
  assert.equal(participantOf(alexSees, 'agent2').state, 'alerting');
  const blairEv = await blair.nextEvent('transfer (Blair)');
  assert.equal(blairEv.topicName, callsTopic('agent2'));
  assert.equal(blairEv.metadata.CorrelationId, alexEv.metadata.CorrelationId, 'one change, one CorrelationId');
  assert.deepEqual(blairEv.eventBody, alexSees, 'same snapshot on both topics');
  const blairPid = participantOf(blairEv.eventBody, 'agent2').id;

  assert.equal((await api(h, 'PATCH', participantPath(conv.id, blairPid), { token: 'agent2', body: { state: 'connected' } })).status, 202);
  assert.equal(participantOf((await blair.nextEvent('Blair answers')).eventBody, 'agent2').state, 'connected');
  for (const c of [alex, sam]) await c.ping();
  assert.deepEqual(alex.pendingEvents(), [], 'Alex left the call: no more events for him');
  assert.deepEqual(sam.all.filter((f) => f.topicName?.startsWith('v2.users.')), [], 'Sam was never a participant');
});

test('consult transfer: start, Blair answers, speakTo, complete; and a cancelled consult', async () => {
  const alex = (await listen(h, 'agent', clients)).client;
  const blair = (await listen(h, 'agent2', clients)).client;
  const conv = await control(h, 'POST', '/offers', { userKey: 'agent' });
  const agentId = conv.participants.find((p) => p.purpose === 'agent').id;
  const customerId = conv.participants.find((p) => p.purpose === 'customer').id;
  await api(h, 'PATCH', participantPath(conv.id, agentId), { body: { state: 'connected' } });
  await alex.nextEvent('offer');
  await alex.nextEvent('answer');

  const start = await api(h, 'POST', `${participantPath(conv.id, customerId)}/consult/agent`, { body: { speakTo: 'DESTINATION', userId: BLAIR.id } });
  assert.equal(start.status, 200);
  const destId = start.json.destinationParticipantId;
  let ev = (await alex.nextEvent('consult start')).eventBody;
  let cust = ev.participants.find((p) => p.id === customerId);
  assert.equal(cust.consultParticipantId, destId);
  assert.equal(cust.confined, true);
  assert.equal(ev.participants.find((p) => p.id === destId).state, 'alerting');
  assert.equal(ev.participants.find((p) => p.id === destId).consultParticipantId, customerId);
  assert.equal((await blair.nextEvent('consult offered to Blair')).eventBody.participants.find((p) => p.id === destId).state, 'alerting');

  await api(h, 'PATCH', participantPath(conv.id, destId), { token: 'agent2', body: { state: 'connected' } });
  assert.equal((await alex.nextEvent('Blair answers')).eventBody.participants.find((p) => p.id === destId).state, 'connected');
  await blair.nextEvent('Blair answers (Blair)');

  await api(h, 'PATCH', `${participantPath(conv.id, customerId)}/consult`, { body: { speakTo: 'BOTH' } });
  ev = (await alex.nextEvent('speakTo BOTH')).eventBody;
  assert.equal(ev.participants.find((p) => p.id === customerId).confined, false);
  await blair.nextEvent('speakTo BOTH (Blair)');

  await api(h, 'PATCH', participantPath(conv.id, agentId), { body: { state: 'disconnected' } });
  ev = (await alex.nextEvent('complete')).eventBody;
  assert.equal(participantOf(ev, 'agent').disconnectType, 'transfer.consult');
  cust = ev.participants.find((p) => p.id === customerId);
  assert.equal(cust.state, 'connected');
  assert.equal(cust.consultParticipantId, undefined);
  assert.deepEqual((await blair.nextEvent('complete (Blair)')).eventBody, ev);

  // A second call: consult then cancel.
  const c2 = await control(h, 'POST', '/offers', { userKey: 'agent' });
  const a2 = c2.participants.find((p) => p.purpose === 'agent').id;
  const cu2 = c2.participants.find((p) => p.purpose === 'customer').id;
  await api(h, 'PATCH', participantPath(c2.id, a2), { body: { state: 'connected' } });
  const s2 = await api(h, 'POST', `${participantPath(c2.id, cu2)}/consult/queue`, { body: { speakTo: 'DESTINATION', queueId: queue('Billing').id } });
  assert.equal((await api(h, 'DELETE', `${participantPath(c2.id, cu2)}/consult`)).status, 200);
  await alex.nextEvent('offer 2');
  await alex.nextEvent('answer 2');
  ev = (await alex.nextEvent('consult 2')).eventBody;
  assert.equal(ev.participants.find((p) => p.id === s2.json.destinationParticipantId).queue.name, 'Billing');
  ev = (await alex.nextEvent('cancel')).eventBody;
  assert.equal(ev.participants.find((p) => p.id === s2.json.destinationParticipantId).state, 'disconnected');
  assert.equal(ev.participants.find((p) => p.id === cu2).consultParticipantId, undefined);
  assert.equal(ev.participants.find((p) => p.id === cu2).confined, false);
});

test('the customer hanging up via the control API publishes the end of the call', async () => {
  const { client } = await listen(h, 'agent', clients);
  const conv = await control(h, 'POST', '/conversations', { scenario: 'agent-connected' });
  await client.nextEvent('scenario');
  const customerId = conv.participants.find((p) => p.purpose === 'customer').id;
  await control(h, 'PATCH', `/conversations/${conv.id}/participants/${customerId}`, { state: 'disconnected' });
  const ev = (await client.nextEvent('customer hangs up')).eventBody;
  const cust = ev.participants.find((p) => p.id === customerId);
  assert.equal(cust.state, 'disconnected');
  assert.equal(cust.disconnectType, 'endpoint');
  assert.equal(participantOf(ev, 'agent').state, 'disconnected');
  assert.equal(participantOf(ev, 'agent').disconnectType, 'peer');
});

test('unsubscribed or socket-less channels get nothing; events while disconnected are lost', async () => {
  const { channel, client } = await listen(h, 'agent', clients);
  assert.equal((await api(h, 'DELETE', subscriptionsPath(channel.id))).status, 204);
  await control(h, 'POST', '/offers', { userKey: 'agent' });
  await client.ping();
  assert.deepEqual(client.pendingEvents(), []);
  await api(h, 'PUT', subscriptionsPath(channel.id), { body: [{ id: callsTopic('agent') }] });
  client.close();
  await client.waitClosed();
  const conv2 = await control(h, 'POST', '/offers', { userKey: 'agent' });
  const again = await connect(channel.connectUri);
  await again.ping();
  assert.deepEqual(again.pendingEvents(), [], 'no durability');
  const a2 = conv2.participants.find((p) => p.purpose === 'agent').id;
  await api(h, 'PATCH', participantPath(conv2.id, a2), { body: { state: 'connected' } });
  assert.equal((await again.nextEvent('after reconnect')).eventBody.id, conv2.id, 'subscriptions belong to the channel, not the socket');
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
