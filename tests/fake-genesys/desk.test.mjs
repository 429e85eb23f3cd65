// Desk controls (control-desk.mjs) and operation-matched faults (fault-operations.mjs).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { useServer, api, control, scenario, getConv, one, callOf, user, queue } from './harness.mjs';

const h = useServer();
const ALEX = user('agent');

test('an offered inbound call alerts on the user\'s leg and connects when the agent answers', async () => {
  const conv = await control(h, 'POST', '/offers', { userId: ALEX.id, from: '+1 (317) 555-0177' });
  const agent = one(conv, 'agent');
  assert.equal(agent.userId, ALEX.id);
  assert.equal(callOf(agent).state, 'alerting');
  assert.equal(one(conv, 'customer').address, 'tel:+13175550177');
  const r = await api(h, 'PATCH', `/api/v2/conversations/calls/${conv.id}/participants/${agent.id}`, { body: { state: 'connected' } });
  assert.equal(r.status, 202);
  assert.equal(callOf(one(await getConv(h, conv.id), 'agent')).state, 'connected');
});

test('an operation fault skips the dial and hits the next blind transfer only', async () => {
  const conv = await scenario(h, 'agent-connected');
  const agent = one(conv, 'agent');
  await control(h, 'POST', '/faults', { match: { operation: 'transfer' }, fault: { type: 'status', status: 403 } });
  assert.equal((await api(h, 'POST', '/api/v2/conversations/calls', { body: { phoneNumber: '+13175550142' } })).status, 200);
  const path = `/api/v2/conversations/${conv.id}/participants/${agent.id}/replace/queue`;
  assert.equal((await api(h, 'POST', path, { body: { queueId: queue('Billing').id } })).status, 403);
  assert.equal(callOf(one(await getConv(h, conv.id), 'agent')).state, 'connected', 'the 403 applied nothing');
  assert.equal((await api(h, 'POST', path, { body: { queueId: queue('Billing').id } })).status, 202);
});

test('an operation fault matches a consult start; an unknown operation is refused', async () => {
  const conv = await scenario(h, 'agent-connected');
  await control(h, 'POST', '/faults', { match: { operation: 'consult-transfer' }, fault: { type: 'status', status: 503 } });
  const customer = one(conv, 'customer');
  const path = `/api/v2/conversations/calls/${conv.id}/participants/${customer.id}/consult/queue`;
  assert.equal((await api(h, 'POST', path, { body: { queueId: queue('Billing').id, speakTo: 'DESTINATION' } })).status, 503);
  assert.deepEqual(await control(h, 'GET', '/faults'), []);
  await assert.rejects(control(h, 'POST', '/faults', { match: { operation: 'teleport' }, fault: { type: 'status', status: 403 } }), /400/);
});
