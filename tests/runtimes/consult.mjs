// Runtime tests: consult transfer and in-call controls (see suite.mjs).
import { ok, equal, notEqual } from './assert.mjs';

/** Registers this part's tests with `test(name, fn)`; `h` is harness(). */
export function consultTests(test, h) {
  const { token, userId, queueId, scenario, serverConversation, requests, participants, byId, callState, client, succeeds, rejects } = h;

  // =========================================================================
  // Ported from tests/wasm/consult_suite.rs: consult transfer and in-call
  // controls, with the server's state asserted after every step.
  // =========================================================================

  test('consult_then_speak_to_both_then_complete_leaves_customer_with_destination', async () => {
    const conv = await scenario('agent-connected', 'agent');
    const cid = conv.id;
    const customer = participants(conv, 'customer')[0].id;
    const agent = participants(conv, 'agent')[0].id;
    const blair = userId('agent2');
    const c = client(token('agent'));
    const consult = await succeeds(c.consult({ conversationId: cid, to: { userId: blair } }), 'consult');
    equal(consult.participantId, customer, 'a consult starts from the customer');
    const dest = consult.destinationParticipantId;
    const posts = await requests('POST', `/api/v2/conversations/calls/${cid}/participants/*`);
    equal(posts.length, 1);
    equal(posts[0].path, `/api/v2/conversations/calls/${cid}/participants/${customer}/consult/agent`);
    equal(posts[0].body, { speakTo: 'DESTINATION', userId: blair });
    let s = await serverConversation(cid);
    equal(byId(s, dest).userId, blair);
    equal(byId(s, customer).consultSpeakTo, 'DESTINATION');

    await succeeds(consult.speakTo('both'), 'speakTo both');
    s = await serverConversation(cid);
    equal(byId(s, customer).consultSpeakTo, 'BOTH');

    await succeeds(consult.complete(), 'complete');
    s = await serverConversation(cid);
    equal(callState(byId(s, agent)), 'disconnected');
    equal(callState(byId(s, customer)), 'connected');
    notEqual(callState(byId(s, dest)), 'disconnected');
    const patches = await requests('PATCH', `/api/v2/conversations/calls/${cid}/participants/${agent}`);
    equal(patches.length, 1);
    equal(patches[0].body, { state: 'disconnected' });
  });

  test('consult_to_a_queue_by_name_then_cancel_keeps_agent_and_customer', async () => {
    const conv = await scenario('agent-connected', 'agent');
    const cid = conv.id;
    const customer = participants(conv, 'customer')[0].id;
    const c = client(token('agent'));
    const started = await succeeds(c.consult({ conversationId: cid, to: { queueName: 'Billing' }, speakTo: 'object' }), 'consult');
    const dest = started.destinationParticipantId;
    const [post] = await requests('POST', `/api/v2/conversations/calls/${cid}/participants/${customer}/consult/queue`);
    ok(post, 'the consult reached the server');
    equal(post.body, { speakTo: 'OBJECT', queueId: queueId('Billing') });
    // The handle rebuilt from the conversation (after a reload, say) cancels it.
    const rebuilt = await succeeds(c.consultFor(cid), 'consultFor');
    equal(rebuilt.destinationParticipantId, dest);
    await succeeds(rebuilt.cancel(), 'cancel');
    const s = await serverConversation(cid);
    equal(callState(byId(s, dest)), 'disconnected');
    equal(callState(participants(s, 'agent')[0]), 'connected');
    equal(callState(byId(s, customer)), 'connected');
    equal((await requests('DELETE', `/api/v2/conversations/calls/${cid}/participants/${customer}/consult`)).length, 1);
  });

  test('hold_unhold_mute_and_hang_up_change_the_agents_own_leg', async () => {
    const conv = await scenario('agent-connected', 'agent');
    const cid = conv.id;
    const agent = participants(conv, 'agent')[0].id;
    const c = client(token('agent'));
    const flag = (s, k) => byId(s, agent).calls.at(-1)[k];
    await succeeds(c.hold(cid, true), 'hold');
    equal(flag(await serverConversation(cid), 'held'), true);
    await succeeds(c.hold(cid, false), 'unhold');
    equal(flag(await serverConversation(cid), 'held'), false);
    await succeeds(c.mute(cid, true), 'mute');
    equal(flag(await serverConversation(cid), 'muted'), true);
    await succeeds(c.hangUp(cid), 'hang up');
    equal(callState(byId(await serverConversation(cid), agent)), 'disconnected');
    const bodies = (await requests('PATCH', `/api/v2/conversations/calls/${cid}/participants/${agent}`)).map((r) => r.body);
    equal(bodies, [{ held: true }, { held: false }, { muted: true }, { state: 'disconnected' }]);
  });

  test('wrong_states_are_refused_before_sending', async () => {
    const c = client(token('agent'));
    // No consult in progress: there is no handle to rebuild, and a handle whose
    // consult has ended refuses speakTo, complete and cancel.
    const conv = await scenario('agent-connected', 'agent');
    const cid = conv.id;
    let e = await rejects(c.consultFor(cid), 'consultFor without a consult');
    equal(e.kind, 'invalid_state');
    equal(await requests('PATCH', `/api/v2/conversations/calls/${cid}/*`), []);
    equal(await requests('DELETE', `/api/v2/conversations/calls/${cid}/*`), []);
    const ended = await scenario('agent-connected', 'agent');
    const stale = await succeeds(c.consult({ conversationId: ended.id, to: { userId: userId('agent2') } }), 'consult');
    await succeeds(stale.cancel(), 'cancel');
    const sentBefore = [
      (await requests('PATCH', `/api/v2/conversations/calls/${ended.id}/*`)).length,
      (await requests('DELETE', `/api/v2/conversations/calls/${ended.id}/*`)).length,
    ];
    equal(sentBefore, [0, 1], 'the cancel itself');
    e = await rejects(stale.speakTo('both'), 'speakTo without a consult');
    equal(e.kind, 'invalid_state');
    e = await rejects(stale.complete(), 'complete without a consult');
    equal(e.kind, 'invalid_state');
    e = await rejects(stale.cancel(), 'cancel without a consult');
    equal(e.kind, 'invalid_state');
    equal((await requests('PATCH', `/api/v2/conversations/calls/${ended.id}/*`)).length, 0, 'no PATCH sent');
    equal((await requests('DELETE', `/api/v2/conversations/calls/${ended.id}/*`)).length, 1, 'no DELETE sent');
    // A consult on a call that is not connected; hold on an alerting call.
    const alerting = await scenario('agent-alerting', 'agent');
    const aid = alerting.id;
    e = await rejects(c.consult({ conversationId: aid, to: { address: '+13175550199' } }), 'consult on an alerting call');
    equal(e.kind, 'invalid_state');
    e = await rejects(c.hold(aid, true), 'hold on an alerting call');
    equal(e.kind, 'invalid_state');
    equal(await requests('POST', `/api/v2/conversations/calls/${aid}/*`), []);
    // Genesys's own state error maps to invalid_state too (participantId skips the pre-check).
    const agent = participants(alerting, 'agent')[0].id;
    e = await rejects(c.hold(aid, true, { participantId: agent }), 'hold with participantId');
    equal([e.kind, e.status], ['invalid_state', 400]);
    // A bad speakTo and a flag that is not a boolean are input errors.
    e = await rejects(stale.speakTo('everyone'), 'speakTo everyone');
    equal(e.field, 'speakTo');
    e = await rejects(c.hold(cid, 'yes'), 'hold with a non-boolean flag');
    equal(e.field, 'held');
  });
}
