// Notification service, v2.users.{id}.conversations.calls events from call control: one event per
// change in the real shape, after the REST response, to participants' topics only (transfers, consults,
// dial, hang-ups), and nothing for unsubscribed or socket-less channels.
import { test, afterEach } from 'node:test';
import assert from 'node:assert/strict';
import { request } from 'node:http';
import { useServer, api, control, user, queue, TOKENS } from './harness.mjs';
import { Client, callsTopic, subscriptionsPath, listen, participantOf, byPurpose } from './notifications-harness.mjs';

const h = useServer();
const clients = [];
afterEach(() => { for (const c of clients.splice(0)) c.close(); });

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;
const ALEX = user('agent');
const BLAIR = user('agent2');
const participantPath = (cid, pid) => `/api/v2/conversations/calls/${cid}/participants/${pid}`;
const connect = async (uri) => { const c = await Client.connect(uri); clients.push(c); return c; };

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
