// Blind transfers: /replace/queue, /replace/agent, /replace/contact/external, /transfer, calls /replace.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { useServer, api, scenario, getConv, one, callOf, user, queue, CONTACT } from './harness.mjs';

const h = useServer();
const replace = (conv, pid, kind, body, token) =>
  api(h, 'POST', `/api/v2/conversations/${conv.id}/participants/${pid}/${kind}`, { body, token });

test('replace/queue: agent leg ends with transfer, acd participant joins, recentTransfers updated', async () => {
  const conv = await scenario(h, 'agent-connected');
  const agent = one(conv, 'agent');
  const sales = queue('Sales');
  const r = await replace(conv, agent.id, 'replace/queue', { queueId: sales.id, transferType: 'Unattended' });
  assert.equal(r.status, 202);
  assert.equal(r.text, '');
  assert.equal(r.headers.get('content-type'), null);
  const after = await getConv(h, conv.id);
  const oldAgent = after.participants.find((p) => p.id === agent.id);
  assert.equal(callOf(oldAgent).state, 'disconnected');
  assert.equal(callOf(oldAgent).disconnectType, 'transfer');
  assert.ok(callOf(oldAgent).disconnectedTime);
  const acd = after.participants.filter((p) => p.purpose === 'acd' && p.queueId === sales.id);
  assert.equal(acd.length, 1);
  assert.equal(acd[0].queueName, 'Sales');
  assert.equal(callOf(acd[0]).state, 'connected');
  assert.equal(callOf(one(after, 'customer')).state, 'connected');
  assert.equal(after.recentTransfers.length, 1);
  const t = after.recentTransfers[0];
  assert.equal(t.state, 'Complete');
  assert.equal(t.transferType, 'Unattended');
  assert.deepEqual(t.initiator, { userId: user('agent').id });
  assert.ok(t.dateIssued);
});

test('replace/queue by queueName; unknown queue -> 400 conversations.error.queue.not.found', async () => {
  const conv = await scenario(h, 'agent-connected');
  const agent = one(conv, 'agent');
  const missing = await replace(conv, agent.id, 'replace/queue', { queueName: 'Nope' });
  assert.equal(missing.status, 400);
  assert.equal(missing.json.code, 'conversations.error.queue.not.found');
  const none = await replace(conv, agent.id, 'replace/queue', {});
  assert.equal(none.status, 400);
  const ok = await replace(conv, agent.id, 'replace/queue', { queueName: 'billing' });
  assert.equal(ok.status, 202);
  const after = await getConv(h, conv.id);
  assert.ok(after.participants.some((p) => p.purpose === 'acd' && p.queueName === 'Billing' && callOf(p).state === 'connected'));
});

test('replace/agent: new agent participant alerting; same agent -> same.party', async () => {
  const conv = await scenario(h, 'agent-connected');
  const agent = one(conv, 'agent');
  const self = await replace(conv, agent.id, 'replace/agent', { userId: user('agent').id });
  assert.equal(self.status, 400);
  assert.equal(self.json.code, 'conversations.error.transfer.same.party');
  const r = await replace(conv, agent.id, 'replace/agent', { userId: user('agent2').id });
  assert.equal(r.status, 202);
  const after = await getConv(h, conv.id);
  const blair = after.participants.find((p) => p.userId === user('agent2').id);
  assert.equal(blair.purpose, 'agent');
  assert.equal(callOf(blair).state, 'alerting');
  assert.deepEqual(after.recentTransfers[0].destination, { userId: user('agent2').id });
  // Blair answers her own leg.
  const answer = await api(h, 'PATCH', `/api/v2/conversations/calls/${conv.id}/participants/${blair.id}`,
    { token: 'agent2', body: { state: 'connected' } });
  assert.equal(answer.status, 202);
  assert.equal(callOf((await getConv(h, conv.id)).participants.find((p) => p.id === blair.id)).state, 'connected');
});

test('replace/contact/external dials the contact number; phoneType and contactId are required', async () => {
  const conv = await scenario(h, 'agent-connected');
  const agent = one(conv, 'agent');
  const noType = await replace(conv, agent.id, 'replace/contact/external', { contactId: CONTACT.id });
  assert.equal(noType.status, 400);
  assert.deepEqual(noType.json.details, [{ fieldName: 'phoneType', errorCode: 'invalid.value' }]);
  const badEnum = await replace(conv, agent.id, 'replace/contact/external', { contactId: CONTACT.id, phoneType: 'Mobile' });
  assert.equal(badEnum.status, 400);
  const r = await replace(conv, agent.id, 'replace/contact/external', { contactId: CONTACT.id, phoneType: 'CellPhone' });
  assert.equal(r.status, 202);
  const ext = one(await getConv(h, conv.id), 'external');
  assert.equal(ext.address, 'tel:+13175550112');
  assert.equal(ext.externalContactId, CONTACT.id);
  assert.equal(callOf(ext).state, 'connected');
});

test('transfer to address: external party; blair (granular perms only) gets 403 on /transfer', async () => {
  const conv = await scenario(h, 'agent-connected');
  const agent = one(conv, 'agent');
  const r = await replace(conv, agent.id, 'transfer', { address: '+1 (317) 555-0199' });
  assert.equal(r.status, 202);
  assert.equal(one(await getConv(h, conv.id), 'external').address, 'tel:+13175550199');

  const conv2 = await scenario(h, 'agent-connected', 'agent2');
  const blairLeg = one(conv2, 'agent');
  const denied = await replace(conv2, blairLeg.id, 'transfer', { address: '+13175550199' }, 'agent2');
  assert.equal(denied.status, 403);
  assert.equal(denied.json.code, 'missing.any.permissions');
  assert.deepEqual(denied.json.messageParams, { permissions: 'conversation:communication:blindTransfer' });
  const allowed = await replace(conv2, blairLeg.id, 'replace/queue', { queueId: queue('Sales').id }, 'agent2');
  assert.equal(allowed.status, 202);
});

test('not connected -> 400 conversations.error.transfer.not.connected; unknown ids -> 404', async () => {
  for (const name of ['agent-alerting', 'agent-disconnected']) {
    const conv = await scenario(h, name);
    const r = await replace(conv, one(conv, 'agent').id, 'replace/queue', { queueId: queue('Sales').id });
    assert.equal(r.status, 400, name);
    assert.equal(r.json.code, 'conversations.error.transfer.not.connected');
    assert.equal(r.json.message, 'Only connected calls can be transferred');
  }
  const conv = await scenario(h, 'agent-connected');
  const noConv = await api(h, 'POST', `/api/v2/conversations/00000000-0000-4000-8000-000000000000/participants/${one(conv, 'agent').id}/replace/queue`,
    { body: { queueId: queue('Sales').id } });
  assert.equal(noConv.status, 404);
  assert.equal(noConv.json.code, 'not.found');
  const noPart = await replace(conv, '00000000-0000-4000-8000-000000000000', 'replace/queue', { queueId: queue('Sales').id });
  assert.equal(noPart.status, 404);
});

test('non-participant is forbidden; supervisor and client credentials may transfer', async () => {
  const conv = await scenario(h, 'agent-connected');
  const agent = one(conv, 'agent');
  const blair = await replace(conv, agent.id, 'replace/queue', { queueId: queue('Sales').id }, 'agent2');
  assert.equal(blair.status, 403);
  assert.equal(blair.json.code, 'conversation.error.forbidden.not.active.participant');
  const sup = await replace(conv, agent.id, 'replace/queue', { queueId: queue('Sales').id }, 'supervisor');
  assert.equal(sup.status, 202);
  const conv2 = await scenario(h, 'agent-connected');
  const cc = await replace(conv2, one(conv2, 'agent').id, 'replace/agent', { userId: user('agent2').id }, 'clientCredentials');
  assert.equal(cc.status, 202);
  assert.deepEqual((await getConv(h, conv2.id)).recentTransfers[0].initiator, {});
});

test('acd participant to its own queue -> same.party; transferType enum is checked', async () => {
  const conv = await scenario(h, 'queued');
  const acd = one(conv, 'acd');
  const same = await replace(conv, acd.id, 'replace/queue', { queueId: queue('Billing').id }, 'supervisor');
  assert.equal(same.status, 400);
  assert.equal(same.json.code, 'conversations.error.transfer.same.party');
  const bad = await replace(conv, acd.id, 'replace/queue', { queueId: queue('Sales').id, transferType: 'blind' }, 'supervisor');
  assert.equal(bad.status, 400);
  assert.deepEqual(bad.json.details, [{ fieldName: 'transferType', errorCode: 'invalid.value' }]);
});

test('voice /calls/{cid}/participants/{pid}/replace (TransferRequest) still works', async () => {
  const conv = await scenario(h, 'agent-connected');
  const r = await api(h, 'POST', `/api/v2/conversations/calls/${conv.id}/participants/${one(conv, 'agent').id}/replace`,
    { body: { queueId: queue('Support Tier 2').id } });
  assert.equal(r.status, 202);
  const after = await getConv(h, conv.id);
  assert.ok(after.participants.some((p) => p.purpose === 'acd' && p.queueName === 'Support Tier 2'));
});
