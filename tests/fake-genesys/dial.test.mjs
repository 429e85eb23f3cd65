// Other dial destinations and the CallConversation read endpoints.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { useServer, api, scenario, getConv, one, callOf, user, queue, CONTACT } from './harness.mjs';

const h = useServer();
const DIAL = '/api/v2/conversations/calls';

test('callQueueId adds a connected acd participant; callUserId a user participant', async () => {
  const q = await api(h, 'POST', DIAL, { body: { callQueueId: queue('Sales').id, priority: 3, routingSkillsIds: [] } });
  assert.equal(q.status, 200);
  const qc = await getConv(h, q.json.id);
  assert.equal(one(qc, 'acd').queueId, queue('Sales').id);
  assert.equal(callOf(one(qc, 'acd')).state, 'connected');
  const u = await api(h, 'POST', DIAL, { body: { callUserId: user('agent2').id } });
  assert.equal(u.status, 200);
  const uc = await getConv(h, u.json.id);
  assert.deepEqual(uc.participants.map((p) => [p.purpose, p.userId]),
    [['user', user('agent').id], ['user', user('agent2').id]]);
});

test('participants[] makes an ad-hoc conference; conversationIds merges calls', async () => {
  const conf = await api(h, 'POST', DIAL, {
    token: 'supervisor',
    body: { participants: [{ address: '+13175550120' }, { userId: user('agent2').id }] },
  });
  assert.equal(conf.status, 200);
  const cc = await getConv(h, conf.json.id);
  assert.equal(one(cc, 'external').address, 'tel:+13175550120');
  assert.equal(cc.participants.length, 3);
  const ambiguous = await api(h, 'POST', DIAL, { body: { participants: [{ address: '+13175550120', userId: user('agent2').id }] } });
  assert.equal(ambiguous.status, 400);

  const first = await api(h, 'POST', DIAL, { body: { phoneNumber: '+13175550130' } });
  const second = await api(h, 'POST', DIAL, { body: { phoneNumber: '+13175550131' } });
  const merged = await api(h, 'POST', DIAL, { body: { conversationIds: [first.json.id, second.json.id] } });
  assert.equal(merged.status, 200);
  const mc = await getConv(h, merged.json.id);
  assert.deepEqual(mc.participants.filter((p) => p.purpose === 'customer').map((p) => p.address).sort(),
    ['tel:+13175550130', 'tel:+13175550131']);
  const old = await getConv(h, first.json.id);
  assert.ok(old.participants.every((p) => callOf(p).state === 'disconnected'));
  const missing = await api(h, 'POST', DIAL, { body: { conversationIds: ['00000000-0000-4000-8000-000000000000'] } });
  assert.equal(missing.status, 404);
});

test('externalContactId links the customer; unknown contact -> 404', async () => {
  const r = await api(h, 'POST', DIAL, { body: { phoneNumber: CONTACT.workPhone, externalContactId: CONTACT.id } });
  assert.equal(r.status, 200);
  const cust = one(await getConv(h, r.json.id), 'customer');
  assert.equal(cust.externalContactId, CONTACT.id);
  assert.equal(cust.name, 'Pat Customer');
  const bad = await api(h, 'POST', DIAL, { body: { phoneNumber: '+13175550100', externalContactId: '00000000-0000-4000-8000-000000000000' } });
  assert.equal(bad.status, 404);
});

test('GET /conversations/calls/{id} returns CallConversation with user/queue refs; list shows my calls', async () => {
  const conv = await scenario(h, 'agent-connected');
  const r = await api(h, 'GET', `/api/v2/conversations/calls/${conv.id}`);
  assert.equal(r.status, 200);
  assert.equal(r.json.selfUri, `/api/v2/conversations/calls/${conv.id}`);
  const agent = r.json.participants.find((p) => p.purpose === 'agent');
  assert.equal(agent.state, 'connected');
  assert.equal(agent.user.id, user('agent').id);
  assert.equal(agent.queue.id, queue('Support Tier 1').id);
  assert.equal(agent.calls, undefined);
  const list = await api(h, 'GET', '/api/v2/conversations/calls');
  assert.equal(list.status, 200);
  assert.deepEqual(list.json.entities.map((e) => e.id), [conv.id]);
  const blairList = await api(h, 'GET', '/api/v2/conversations/calls', { token: 'agent2' });
  assert.deepEqual(blairList.json.entities, []);
});

test('wrong method on a known path -> 405; unknown path -> 404', async () => {
  const conv = await scenario(h, 'agent-connected');
  const wrong = await api(h, 'DELETE', `/api/v2/conversations/${conv.id}`);
  assert.equal(wrong.status, 405);
  const unknown = await api(h, 'PATCH', `/api/v2/conversations/voice/${conv.id}`, { body: { actions: [] } });
  assert.equal(unknown.status, 404);
  assert.equal(unknown.json.code, 'not.found');
});

test('transferType Attended is recorded as given', async () => {
  const conv = await scenario(h, 'agent-connected');
  const r = await api(h, 'POST', `/api/v2/conversations/${conv.id}/participants/${one(conv, 'agent').id}/replace/queue`,
    { body: { queueId: queue('Sales').id, transferType: 'Attended' } });
  assert.equal(r.status, 202);
  assert.equal((await getConv(h, conv.id)).recentTransfers[0].transferType, 'Attended');
});
