// Notification service, REST: creating, listing and checking channels (HEAD), and subscriptions
// (PUT/POST/GET/DELETE, another user's topic, the 1,000-topic limit, bad bodies and topics).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { useServer, api, control, user } from './harness.mjs';
import { callsTopic, createChannel, subscriptionsPath, channelState } from './notifications-harness.mjs';

const h = useServer();

const CHANNELS = '/api/v2/notifications/channels';
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;
const ALEX = user('agent');

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
