// Consult (warm) transfers: start, change speakTo, cancel, complete.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { useServer, api, scenario, getConv, one, callOf, user, queue, CONTACT } from './harness.mjs';

const h = useServer();
const base = (conv, pid) => `/api/v2/conversations/calls/${conv.id}/participants/${pid}`;

test('consult/agent, switch speakTo, complete by disconnecting the agent leg', async () => {
  const conv = await scenario(h, 'agent-connected');
  const customer = one(conv, 'customer');
  const agent = one(conv, 'agent');
  const r = await api(h, 'POST', `${base(conv, customer.id)}/consult/agent`, { body: { speakTo: 'DESTINATION', userId: user('agent2').id } });
  assert.equal(r.status, 200);
  const destId = r.json.destinationParticipantId;
  let state = await getConv(h, conv.id);
  const dest = state.participants.find((p) => p.id === destId);
  assert.equal(dest.userId, user('agent2').id);
  assert.equal(dest.consultParticipantId, customer.id);
  let cust = state.participants.find((p) => p.id === customer.id);
  assert.equal(cust.consultParticipantId, destId);
  assert.equal(cust.consultSpeakTo, 'DESTINATION');
  assert.equal(cust.consultingUserId, user('agent').id);
  assert.equal(callOf(cust).confined, true);

  // The public API view does not leak the fake-only fields.
  const apiView = await api(h, 'GET', `/api/v2/conversations/${conv.id}`);
  assert.equal(apiView.json.participants.find((p) => p.id === customer.id).consultParticipantId, destId);
  assert.equal(apiView.json.participants.find((p) => p.id === customer.id).consultSpeakTo, undefined);

  const sw = await api(h, 'PATCH', `${base(conv, customer.id)}/consult`, { body: { speakTo: 'BOTH' } });
  assert.equal(sw.status, 200);
  assert.deepEqual(sw.json, { destinationParticipantId: destId });
  state = await getConv(h, conv.id);
  cust = state.participants.find((p) => p.id === customer.id);
  assert.equal(cust.consultSpeakTo, 'BOTH');
  assert.equal(callOf(cust).confined, false);

  await api(h, 'PATCH', `${base(conv, destId)}`, { token: 'agent2', body: { state: 'connected' } });
  const done = await api(h, 'PATCH', base(conv, agent.id), { body: { state: 'disconnected' } });
  assert.equal(done.status, 202);
  state = await getConv(h, conv.id);
  cust = state.participants.find((p) => p.id === customer.id);
  assert.equal(callOf(cust).state, 'connected');
  assert.equal(cust.consultParticipantId, undefined);
  assert.equal(cust.consultSpeakTo, undefined);
  const blair = state.participants.find((p) => p.id === destId);
  assert.equal(callOf(blair).state, 'connected');
  assert.equal(blair.consultParticipantId, undefined);
  assert.equal(callOf(state.participants.find((p) => p.id === agent.id)).state, 'disconnected');
  assert.equal(state.recentTransfers.at(-1).transferType, 'Attended');
  assert.deepEqual(state.recentTransfers.at(-1).destination, { userId: user('agent2').id });
});

test('consult/queue then cancel with DELETE removes the destination', async () => {
  const conv = await scenario(h, 'agent-connected');
  const customer = one(conv, 'customer');
  const r = await api(h, 'POST', `${base(conv, customer.id)}/consult/queue`, { body: { speakTo: 'OBJECT', queueId: queue('Billing').id } });
  assert.equal(r.status, 200);
  let state = await getConv(h, conv.id);
  const dest = state.participants.find((p) => p.id === r.json.destinationParticipantId);
  assert.equal(dest.purpose, 'acd');
  assert.equal(dest.queueName, 'Billing');
  assert.equal(callOf(dest).confined, true);
  assert.equal(state.participants.find((p) => p.id === customer.id).consultSpeakTo, 'OBJECT');
  const del = await api(h, 'DELETE', `${base(conv, customer.id)}/consult`);
  assert.equal(del.status, 200);
  assert.equal(del.text, '');
  state = await getConv(h, conv.id);
  assert.equal(callOf(state.participants.find((p) => p.id === dest.id)).state, 'disconnected');
  const cust = state.participants.find((p) => p.id === customer.id);
  assert.equal(cust.consultParticipantId, undefined);
  assert.equal(callOf(cust).state, 'connected');
  assert.equal(callOf(one(state, 'agent')).state, 'connected');
  assert.deepEqual(state.recentTransfers, []);
});

test('consult errors: no consult, not connected object, missing speakTo, missing permission', async () => {
  const conv = await scenario(h, 'agent-connected');
  const customer = one(conv, 'customer');
  const patch = await api(h, 'PATCH', `${base(conv, customer.id)}/consult`, { body: { speakTo: 'BOTH' } });
  assert.equal(patch.status, 404);
  assert.equal(patch.json.code, 'conversation.error.consult.transfer.pending.not.found');
  const del = await api(h, 'DELETE', `${base(conv, customer.id)}/consult`);
  assert.equal(del.status, 400);
  assert.equal(del.json.code, 'conversation.error.consult.transfer.not.started');
  const noSpeak = await api(h, 'POST', `${base(conv, customer.id)}/consult/queue`, { body: { queueId: queue('Sales').id } });
  assert.equal(noSpeak.status, 400);
  assert.deepEqual(noSpeak.json.details, [{ fieldName: 'speakTo', errorCode: 'invalid.value' }]);
  const acd = one(conv, 'acd');
  const notConnected = await api(h, 'POST', `${base(conv, acd.id)}/consult/queue`, { body: { speakTo: 'DESTINATION', queueId: queue('Sales').id } });
  assert.equal(notConnected.status, 400);
  assert.equal(notConnected.json.code, 'object.participant.id.required');
  const nora = await api(h, 'POST', `${base(conv, customer.id)}/consult/queue`,
    { token: 'noPermissions', body: { speakTo: 'DESTINATION', queueId: queue('Sales').id } });
  assert.equal(nora.status, 403);
  assert.deepEqual(nora.json.messageParams,
    { permissions: 'conversation:communication:consultTransfer, conversation:communication:consultTransferQueue' });
});

test('consult to external contact and to an address', async () => {
  const conv = await scenario(h, 'agent-connected');
  const customer = one(conv, 'customer');
  const r = await api(h, 'POST', `${base(conv, customer.id)}/consult/contact/external`,
    { body: { speakTo: 'DESTINATION', contactId: CONTACT.id, phoneType: 'WorkPhone' } });
  assert.equal(r.status, 200);
  let state = await getConv(h, conv.id);
  assert.equal(state.participants.find((p) => p.id === r.json.destinationParticipantId).address, 'tel:+13175550111');
  const twice = await api(h, 'POST', `${base(conv, customer.id)}/voice/consult`, { body: { speakTo: 'DESTINATION', address: '+13175550177' } });
  assert.equal(twice.status, 400);
  await api(h, 'DELETE', `${base(conv, customer.id)}/consult`);
  const v = await api(h, 'POST', `${base(conv, customer.id)}/voice/consult`, { body: { speakTo: 'CONFERENCE', address: '+13175550177' } });
  assert.equal(v.status, 200);
  state = await getConv(h, conv.id);
  const dest = state.participants.find((p) => p.id === v.json.destinationParticipantId);
  assert.equal(dest.purpose, 'external');
  assert.equal(dest.address, 'tel:+13175550177');
  assert.equal(state.participants.find((p) => p.id === customer.id).consultSpeakTo, 'CONFERENCE');
});

test('consult by a user who is not on the call -> 403; client credentials without consultingUserId -> not.a.user', async () => {
  const conv = await scenario(h, 'agent-connected');
  const customer = one(conv, 'customer');
  const body = { speakTo: 'DESTINATION', queueId: queue('Sales').id };
  const blair = await api(h, 'POST', `${base(conv, customer.id)}/consult/queue`, { token: 'agent2', body });
  assert.equal(blair.status, 403);
  assert.equal(blair.json.code, 'conversation.error.forbidden.not.active.participant');
  const cc = await api(h, 'POST', `${base(conv, customer.id)}/consult/queue`, { token: 'clientCredentials', body });
  assert.equal(cc.status, 400);
  assert.equal(cc.json.code, 'not.a.user');
  const ccOk = await api(h, 'POST', `${base(conv, customer.id)}/consult/queue`,
    { token: 'clientCredentials', body: { ...body, consultingUserId: user('agent').id } });
  assert.equal(ccOk.status, 200);
});
