// Consult transfer and in-call controls through the packed package's JS API.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { CallControl, CallControlError, Consult } from 'genesys-callctl';
import { fakeGenesys, token, seed, agentOf, lastState } from './fake.mjs';

let g;
let cc;
before(async () => {
  g = await fakeGenesys();
  cc = new CallControl({ apiBase: g.url, token });
});
after(() => g.close());

const byId = (conv, id) => conv.participants.find((p) => p.id === id);

test('consult → speakTo both → complete hands the customer over', async () => {
  const conv = await g.scenario('agent-connected');
  const blair = seed.users.find((u) => u.tokenKey === 'agent2').id;
  const consult = await cc.consult({ conversationId: conv.id, to: { userId: blair }, speakTo: 'destination' });
  assert.ok(consult instanceof Consult);
  assert.equal(consult.speaking, 'destination');
  const customer = conv.participants.find((p) => p.purpose === 'customer').id;
  assert.equal(consult.participantId, customer);
  assert.equal(byId(await g.conversation(conv.id), customer).consultSpeakTo, 'DESTINATION');

  await consult.speakTo('both');
  assert.equal(consult.speaking, 'both');
  assert.equal(byId(await g.conversation(conv.id), customer).consultSpeakTo, 'BOTH');

  await consult.complete();
  const done = await g.conversation(conv.id);
  assert.equal(lastState(agentOf(done)), 'disconnected');
  assert.equal(lastState(byId(done, customer)), 'connected');
  assert.equal(byId(done, consult.destinationParticipantId).userId, blair);
});

test('a handle rebuilt with consultFor cancels the consult', async () => {
  const conv = await g.scenario('agent-connected');
  const first = await cc.consult({ conversationId: conv.id, to: { queueName: 'Support Tier 1' } });
  const again = await cc.consultFor(conv.id);
  assert.equal(again.destinationParticipantId, first.destinationParticipantId);
  await again.cancel();
  const after = await g.conversation(conv.id);
  assert.equal(lastState(byId(after, first.destinationParticipantId)), 'disconnected');
  assert.equal(lastState(agentOf(after)), 'connected');
  const none = await cc.consultFor(conv.id).catch((e) => e);
  assert.ok(none instanceof CallControlError);
  assert.equal(none.kind, 'invalid_state');
});

test('hold, mute and hang up', async () => {
  const conv = await g.scenario('agent-connected');
  await cc.hold(conv.id, true);
  assert.equal(agentOf(await g.conversation(conv.id)).calls.at(-1).held, true);
  await cc.hold(conv.id, false);
  await cc.mute(conv.id);
  const c = agentOf(await g.conversation(conv.id)).calls.at(-1);
  assert.deepEqual([c.held, c.muted], [false, true]);
  await cc.hangUp(conv.id);
  assert.equal(lastState(agentOf(await g.conversation(conv.id))), 'disconnected');
  const e = await cc.hold(conv.id, 'yes').catch((x) => x);
  assert.equal(e.field, 'held');
});
