// Seed, auth, CORS, validation, permissions, dial, queues, call control, recording.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { useServer, api, control, scenario, getConv, one, callOf, user, queue, SEED, TOKENS, sleep } from './harness.mjs';

const h = useServer();
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

test('seed.json has fixed lowercase UUIDs and the documented tokens', () => {
  const seed = JSON.parse(readFileSync(new URL('./seed.json', import.meta.url), 'utf8'));
  const ids = [...seed.users, ...seed.queues, ...seed.externalContacts].map((x) => x.id);
  for (const id of ids) assert.match(id, UUID);
  assert.equal(new Set(ids).size, ids.length);
  assert.deepEqual(Object.keys(seed.tokens).sort(), ['agent', 'agent2', 'clientCredentials', 'noPermissions', 'supervisor']);
  assert.deepEqual(seed.queues.map((q) => q.name), ['Support Tier 1', 'Support Tier 2', 'Billing', 'Sales']);
  const nora = seed.users.find((u) => u.tokenKey === 'noPermissions');
  assert.ok(!nora.permissions.some((p) => /Transfer|call:add|conference:add/.test(p)));
});

test('GET /users/me returns the token user with correlation id and CORS headers', async () => {
  const r = await api(h, 'GET', '/api/v2/users/me');
  assert.equal(r.status, 200);
  const alex = user('agent');
  assert.equal(r.json.id, alex.id);
  assert.equal(r.json.name, 'Alex Agent');
  assert.equal(r.json.email, 'alex.agent@example.com');
  assert.equal(r.json.state, 'active');
  assert.equal(r.json.selfUri, `/api/v2/users/${alex.id}`);
  assert.equal(r.json.division.id, SEED.division.id);
  assert.match(r.headers.get('inin-correlation-id'), UUID);
  assert.equal(r.headers.get('access-control-allow-origin'), '*');
  assert.equal(r.headers.get('access-control-expose-headers'), 'ININ-Correlation-Id, Retry-After');
  assert.match(r.headers.get('content-type'), /^application\/json/);
  const again = await api(h, 'GET', '/api/v2/users/me');
  assert.notEqual(again.headers.get('inin-correlation-id'), r.headers.get('inin-correlation-id'));
});

test('client credentials on /users/me -> 400 not.a.user', async () => {
  const r = await api(h, 'GET', '/api/v2/users/me', { token: 'clientCredentials' });
  assert.equal(r.status, 400);
  assert.equal(r.json.code, 'not.a.user');
});

test('401: missing header -> authentication.required, unknown token -> bad.credentials; ErrorBody shape', async () => {
  const missing = await api(h, 'GET', '/api/v2/users/me', { token: null });
  assert.equal(missing.status, 401);
  assert.equal(missing.json.code, 'authentication.required');
  const bad = await api(h, 'GET', '/api/v2/users/me', { token: 'no-such-token' });
  assert.equal(bad.status, 401);
  assert.equal(bad.json.code, 'bad.credentials');
  assert.equal(bad.json.status, 401);
  assert.equal(bad.json.contextId, bad.headers.get('inin-correlation-id'));
  assert.deepEqual(bad.json.details, []);
  assert.deepEqual(bad.json.errors, []);
  assert.equal(typeof bad.json.message, 'string');
});

test('OPTIONS preflight -> 204 with CORS allow headers', async () => {
  const res = await fetch(`${h.url}/api/v2/conversations/calls`, {
    method: 'OPTIONS',
    headers: { Origin: 'http://localhost:8080', 'Access-Control-Request-Method': 'POST', 'Access-Control-Request-Headers': 'authorization,content-type' },
  });
  assert.equal(res.status, 204);
  assert.equal(res.headers.get('access-control-allow-origin'), '*');
  assert.equal(res.headers.get('access-control-allow-headers'), 'Authorization, Content-Type');
  assert.equal(res.headers.get('access-control-allow-methods'), 'GET, HEAD, POST, PUT, PATCH, DELETE, OPTIONS');
  assert.equal(res.headers.get('access-control-max-age'), '600');
});

test('dial with phoneNumber creates a connected conversation', async () => {
  const r = await api(h, 'POST', '/api/v2/conversations/calls', { body: { phoneNumber: '+13175550100', attributes: { ticket: '42' } } });
  assert.equal(r.status, 200);
  assert.match(r.json.id, UUID);
  assert.equal(r.json.selfUri, `/api/v2/conversations/calls/${r.json.id}`);
  const conv = await api(h, 'GET', `/api/v2/conversations/${r.json.id}`);
  assert.equal(conv.status, 200);
  assert.equal(conv.json.id, r.json.id);
  const me = one(conv.json, 'user');
  assert.equal(me.userId, user('agent').id);
  assert.equal(callOf(me).state, 'connected');
  const cust = one(conv.json, 'customer');
  assert.equal(cust.address, 'tel:+13175550100');
  assert.deepEqual(cust.attributes, { ticket: '42' });
  assert.equal(callOf(cust).state, 'connected');
  assert.equal(callOf(cust).self.addressNormalized, 'tel:+13175550100');
  assert.equal(conv.json.consultSpeakTo, undefined);
  assert.deepEqual(conv.json.recentTransfers, []);
});

test('dial on behalf of a queue makes an agent participant with queueId; callSetupMs keeps the customer dialing', async () => {
  await control(h, 'POST', '/reset', { callSetupMs: 150 });
  const tier1 = queue('Support Tier 1');
  const r = await api(h, 'POST', '/api/v2/conversations/calls', { body: { phoneNumber: '3175550100', callFromQueueId: tier1.id } });
  assert.equal(r.status, 200);
  let conv = await getConv(h, r.json.id);
  const agent = one(conv, 'agent');
  assert.equal(agent.queueId, tier1.id);
  assert.equal(callOf(one(conv, 'customer')).state, 'dialing');
  assert.equal(one(conv, 'customer').address, 'tel:+13175550100');
  await sleep(300);
  conv = await getConv(h, r.json.id);
  assert.equal(callOf(one(conv, 'customer')).state, 'connected');
});

test('dial validation: destinations, unknown ids, client credentials, dial for a user', async () => {
  const dial = (body, token) => api(h, 'POST', '/api/v2/conversations/calls', { body, token });
  const two = await dial({ phoneNumber: '+13175550100', callUserId: user('agent2').id });
  assert.equal(two.status, 400);
  assert.equal(two.json.code, 'too.many.create.conversation.parameters');
  const none = await dial({ callerId: '+13175550000' });
  assert.equal(none.status, 400);
  assert.equal(none.json.code, 'bad.request');
  const badQueue = await dial({ phoneNumber: '+13175550100', callFromQueueId: '00000000-0000-4000-8000-000000000000' });
  assert.equal(badQueue.status, 404);
  assert.equal(badQueue.json.code, 'not.found');
  const cc = await dial({ phoneNumber: '+13175550100' }, 'clientCredentials');
  assert.equal(cc.status, 400);
  assert.equal(cc.json.code, 'not.a.user');
  const forUser = await api(h, 'POST', `/api/v2/conversations/calls/user/${user('agent2').id}`,
    { token: 'clientCredentials', body: { phoneNumber: '+13175550100' } });
  assert.equal(forUser.status, 200);
  const conv = await getConv(h, forUser.json.id);
  assert.equal(one(conv, 'user').userId, user('agent2').id);
  const unknownUser = await api(h, 'POST', '/api/v2/conversations/calls/user/00000000-0000-4000-8000-000000000000',
    { token: 'clientCredentials', body: { phoneNumber: '+13175550100' } });
  assert.equal(unknownUser.status, 404);
});

test('415 for a non-JSON content type, 400 for broken JSON, unknown fields and wrong types', async () => {
  const text = await api(h, 'POST', '/api/v2/conversations/calls', { rawBody: '{"phoneNumber":"+13175550100"}', headers: { 'Content-Type': 'text/plain' } });
  assert.equal(text.status, 415);
  assert.equal(text.json.code, 'unsupported.media.type');
  const charset = await api(h, 'POST', '/api/v2/conversations/calls', {
    rawBody: '{"phoneNumber":"+13175550100"}', headers: { 'Content-Type': 'application/json; charset=utf-8' },
  });
  assert.equal(charset.status, 200);
  const broken = await api(h, 'POST', '/api/v2/conversations/calls', { rawBody: '{"phoneNumber":', headers: { 'Content-Type': 'application/json' } });
  assert.equal(broken.status, 400);
  assert.equal(broken.json.code, 'bad.request');
  for (const [body, field] of [
    [{ to: '+13175550100', from: '+13175550000' }, 'to'],
    [{ phoneNumber: 13175550100 }, 'phoneNumber'],
    [{ phoneNumber: '+13175550100', priority: '5' }, 'priority'],
    [{ phoneNumber: '+13175550100', attributes: { n: 1 } }, 'attributes'],
    [{ participants: [{ address: '+13175550100', provider: 'x' }] }, 'participants[0].provider'],
  ]) {
    const r = await api(h, 'POST', '/api/v2/conversations/calls', { body });
    assert.equal(r.status, 400, JSON.stringify(body));
    assert.equal(r.json.code, 'bad.request');
    assert.deepEqual(r.json.details, [{ fieldName: field, errorCode: 'invalid.value' }]);
  }
});

test('403 missing.any.permissions names the endpoint permissions', async () => {
  const r = await api(h, 'POST', '/api/v2/conversations/calls', { token: 'noPermissions', body: { phoneNumber: '+13175550100' } });
  assert.equal(r.status, 403);
  assert.equal(r.json.code, 'missing.any.permissions');
  assert.equal(r.json.message,
    'Unable to perform the requested action. You are missing the following permission(s): [conversation:call:add, conversation:conference:add]');
  assert.deepEqual(r.json.messageParams, { permissions: 'conversation:call:add, conversation:conference:add' });
  const queues = await api(h, 'GET', '/api/v2/routing/queues', { token: 'noPermissions' });
  assert.equal(queues.status, 403);
});

test('GET /routing/queues: exact case-insensitive name, wildcards, paging, pageSize limit', async () => {
  const names = async (q) => (await api(h, 'GET', `/api/v2/routing/queues${q}`)).json.entities.map((e) => e.name);
  assert.deepEqual(await names('?name=billing'), ['Billing']);
  assert.deepEqual(await names('?name=Support'), []);
  assert.deepEqual(await names('?name=support*'), ['Support Tier 1', 'Support Tier 2']);
  assert.deepEqual(await names('?name=*tier 2'), ['Support Tier 2']);
  assert.deepEqual(await names(`?name=${encodeURIComponent('*ll*')}`), ['Billing']);
  const all = await api(h, 'GET', '/api/v2/routing/queues?pageSize=2&pageNumber=2');
  assert.equal(all.status, 200);
  assert.deepEqual(all.json.entities.map((e) => e.name), ['Support Tier 1', 'Support Tier 2']);
  assert.equal(all.json.total, 4);
  assert.equal(all.json.pageCount, 2);
  assert.equal(all.json.pageSize, 2);
  assert.equal(all.json.pageNumber, 2);
  const e = all.json.entities[0];
  assert.equal(e.id, queue('Support Tier 1').id);
  assert.equal(e.selfUri, `/api/v2/routing/queues/${e.id}`);
  assert.equal(e.division.id, SEED.division.id);
  assert.equal((await api(h, 'GET', '/api/v2/routing/queues?pageSize=501')).status, 400);
});

test('GET unknown conversation -> 404 not.found', async () => {
  const r = await api(h, 'GET', '/api/v2/conversations/00000000-0000-4000-8000-000000000000');
  assert.equal(r.status, 404);
  assert.equal(r.json.code, 'not.found');
});

test('PATCH participant: hold, hold alerting, hang up, patch disconnected, other user', async () => {
  const conv = await scenario(h, 'agent-connected');
  const agent = one(conv, 'agent');
  const path = `/api/v2/conversations/calls/${conv.id}/participants/${agent.id}`;
  const held = await api(h, 'PATCH', path, { body: { held: true } });
  assert.equal(held.status, 202);
  assert.equal(held.text, '');
  assert.equal(callOf(one(await getConv(h, conv.id), 'agent')).held, true);
  const other = await api(h, 'PATCH', path, { token: 'agent2', body: { state: 'disconnected' } });
  assert.equal(other.status, 403);
  const hang = await api(h, 'PATCH', path, { body: { state: 'disconnected' } });
  assert.equal(hang.status, 202);
  const after = await getConv(h, conv.id);
  assert.equal(callOf(one(after, 'agent')).state, 'disconnected');
  assert.equal(callOf(one(after, 'agent')).disconnectType, 'client');
  const again = await api(h, 'PATCH', path, { body: { muted: true } });
  assert.equal(again.status, 400);
  assert.equal(again.json.code, 'conversation.error.call.disconnected');

  const alerting = await scenario(h, 'agent-alerting');
  const ap = one(alerting, 'agent');
  const r = await api(h, 'PATCH', `/api/v2/conversations/calls/${alerting.id}/participants/${ap.id}`, { body: { held: true } });
  assert.equal(r.status, 400);
  assert.equal(r.json.code, 'conversation.error.hold.alerting');
  const answer = await api(h, 'PATCH', `/api/v2/conversations/calls/${alerting.id}/participants/${ap.id}`, { body: { state: 'connected' } });
  assert.equal(answer.status, 202);
  assert.equal(callOf(one(await getConv(h, alerting.id), 'agent')).state, 'connected');
});

test('scenarios: queued, agent-held, userKey', async () => {
  const q = await scenario(h, 'queued');
  assert.equal(one(q, 'acd').queueName, 'Billing');
  assert.equal(callOf(one(q, 'acd')).state, 'connected');
  assert.equal(q.participants.filter((p) => p.purpose === 'agent').length, 0);
  const held = await scenario(h, 'agent-held', 'agent2');
  assert.equal(one(held, 'agent').userId, user('agent2').id);
  assert.equal(callOf(one(held, 'agent')).held, true);
  const c = await scenario(h, 'agent-connected');
  assert.equal(callOf(one(c, 'acd')).disconnectType, 'transfer');
  assert.equal(one(c, 'acd').queueId, queue('Support Tier 1').id);
});

test('request log records /api/v2 requests (incl. preflight) but not control calls', async () => {
  await api(h, 'POST', '/api/v2/conversations/calls', { body: { phoneNumber: '+13175550100' } });
  await fetch(`${h.url}/api/v2/users/me`, { method: 'OPTIONS' });
  await api(h, 'GET', '/api/v2/routing/queues?name=Sales&pageSize=5');
  const log = await control(h, 'GET', '/requests');
  assert.deepEqual(log.map((e) => [e.method, e.path]), [
    ['POST', '/api/v2/conversations/calls'], ['OPTIONS', '/api/v2/users/me'], ['GET', '/api/v2/routing/queues']]);
  assert.deepEqual(log[0].body, { phoneNumber: '+13175550100' });
  assert.equal(log[0].headers.authorization, `Bearer ${TOKENS.agent}`);
  assert.equal(log[0].headers['content-type'], 'application/json');
  assert.deepEqual(log[2].query, { name: 'Sales', pageSize: '5' });
  assert.equal(log[2].body, null);
  assert.deepEqual(log.map((e) => e.seq), [log[0].seq, log[0].seq + 1, log[0].seq + 2]);
  await control(h, 'DELETE', '/requests');
  assert.deepEqual(await control(h, 'GET', '/requests'), []);
});

test('registered sentinel token acts as its user; state endpoint lists conversations', async () => {
  await control(h, 'POST', '/tokens', { token: 'sentinel-SECRET-123', userId: user('agent').id });
  const me = await api(h, 'GET', '/api/v2/users/me', { token: 'sentinel-SECRET-123' });
  assert.equal(me.json.id, user('agent').id);
  await control(h, 'POST', '/tokens', { token: 'limited', userId: user('agent').id, permissions: [] });
  const limited = await api(h, 'GET', '/api/v2/routing/queues', { token: 'limited' });
  assert.equal(limited.status, 403);
  await scenario(h, 'queued');
  const state = await control(h, 'GET', '/state');
  assert.equal(state.conversations.length, 1);
  assert.equal(state.queues.length, 4);
  assert.equal(state.users.length, 4);
});
