// Runtime tests: dial, transfer, error kinds, retries, timeouts and the token
// provider (see suite.mjs for how they run).
import { ok, equal } from './assert.mjs';

/** Registers this part's tests with `test(name, fn)`; `h` is harness(). */
export function callTests(test, h) {
  const { pkg, server, seed, CallControl, WORKER, token, userId, queueId, scenario, serverConversation, fault, requests, participants, callState, client, succeeds, rejects, uniqueNumber, scope } = h;

  // =========================================================================
  // Ported from tests/wasm/suite.rs
  // =========================================================================

  test('suite_runs_in_the_expected_global_scope', async () => {
    equal(globalThis.constructor?.name, scope, 'globalThis.constructor.name');
    if (WORKER || scope === 'Object') {
      ok(typeof window === 'undefined', `no window in ${scope}: typeof window is ${typeof window}`);
      ok(!('window' in globalThis), `no window property on ${scope}`);
    } else {
      ok(typeof window === 'object' && window === globalThis, 'a page has window as its global');
    }
  });

  test('dial_normalizes_the_number_and_reaches_the_server_once', async () => {
    const number = uniqueNumber(1);
    const typed = `${number.slice(0, 2)} (${number.slice(2, 5)}) ${number.slice(5, 8)}-${number.slice(8)}`;
    await pkg.init();
    equal(pkg.normalizePhoneNumber(typed), number, 'normalizePhoneNumber');
    const c = client(token('agent'));
    const out = await succeeds(c.dial({ phoneNumber: typed }), 'dial');
    const id = out.conversationId;
    const sent = (await requests('POST', '/api/v2/conversations/calls')).filter((r) => r.body?.phoneNumber === number);
    equal(sent.length, 1, 'the dial must reach the server exactly once');
    equal(sent[0].body, { phoneNumber: number });
    equal(sent[0].headers.authorization, `Bearer ${token('agent')}`);
    ok(String(sent[0].headers['content-type']).startsWith('application/json'), 'content-type is JSON');
    const conv = await serverConversation(id);
    equal(participants(conv, 'customer')[0].address, `tel:${number}`);
  });

  test('dial_on_behalf_of_a_user_uses_the_user_path', async () => {
    const number = uniqueNumber(2);
    const alex = userId('agent');
    const c = client(token('clientCredentials'));
    await succeeds(c.dial({ phoneNumber: number, onBehalfOf: alex, callerIdName: 'Acme Support', attributes: { crmId: '42' } }), 'dial on behalf');
    const sent = await requests('POST', `/api/v2/conversations/calls/user/${alex}`);
    const mine = sent.filter((r) => r.body?.phoneNumber === number);
    equal(mine.length, 1);
    equal(mine[0].body, { phoneNumber: number, callerIdName: 'Acme Support', attributes: { crmId: '42' } });
  });

  test('plain_dial_with_a_client_credentials_token_is_refused_as_not_a_user', async () => {
    // The one-shot export: client options and dial options in one object.
    const e = await rejects(pkg.dial({ token: token('clientCredentials'), apiBase: server, phoneNumber: uniqueNumber(3) }), 'dial');
    equal(e.kind, 'bad_request');
    equal(e.status, 400);
    equal(e.code, 'not.a.user');
    ok(typeof e.correlationId === 'string' && e.correlationId.length === 36, `correlationId ${e.correlationId}`);
  });

  test('invalid_input_is_refused_before_any_request', async () => {
    const c = client(token('agent'));
    const before = (await requests('POST', '/api/v2/conversations/calls')).length;
    let e = await rejects(c.dial({ phoneNumber: '+1 555 12' }), 'dial');
    equal(e.kind, 'invalid_input');
    equal(e.field, 'phoneNumber');
    e = await rejects(c.transfer({ conversationId: '../../users/me', to: { queueId: queueId('Billing') } }), 'transfer');
    equal(e.field, 'conversationId');
    equal((await requests('POST', '/api/v2/conversations/calls')).length, before);
  });

  test('transfer_to_a_queue_by_name_replaces_the_agents_own_participant', async () => {
    const conv = await scenario('agent-connected', 'agent');
    const cid = conv.id;
    const agentPid = participants(conv, 'agent')[0].id;
    // The one-shot export: client options and transfer options in one object.
    const out = await succeeds(pkg.transfer({ token: token('agent'), apiBase: server, conversationId: cid, to: { queueName: 'Support Tier 2' } }), 'transfer');
    equal(out.participantId, agentPid);
    equal(out.queueId, queueId('Support Tier 2'));
    const posts = await requests('POST', `/api/v2/conversations/${cid}/participants/*`);
    equal(posts.length, 1, 'one transfer request');
    equal(posts[0].path, `/api/v2/conversations/${cid}/participants/${agentPid}/replace/queue`);
    equal(posts[0].body, { queueId: queueId('Support Tier 2') });
    const lookups = await requests('GET', '/api/v2/routing/queues');
    ok(lookups.some((r) => r.query?.name === 'Support Tier 2'), 'the queue was looked up by name');
    const after = await serverConversation(cid);
    equal(callState(participants(after, 'agent')[0]), 'disconnected');
    const acd = participants(after, 'acd').filter((p) => p.queueName === 'Support Tier 2');
    equal(acd.length, 1);
    equal(callState(acd[0]), 'connected');
  });

  test('transfer_to_each_target_uses_its_endpoint', async () => {
    const contact = seed.externalContacts[0].id;
    const blair = userId('agent2');
    const cases = [
      [{ userId: blair }, '/replace/agent', { userId: blair }],
      [{ address: '+1 317-555-0177' }, '/transfer', { address: '+13175550177' }],
      [{ contactId: contact, phoneType: 'CellPhone' }, '/replace/contact/external', { contactId: contact, phoneType: 'CellPhone' }],
      [{ queueId: queueId('Billing') }, '/replace/queue', { queueId: queueId('Billing') }],
    ];
    const c = client(token('agent'));
    for (const [to, suffix, body] of cases) {
      const conv = await scenario('agent-connected', 'agent');
      const cid = conv.id;
      const pid = participants(conv, 'agent')[0].id;
      await succeeds(c.transfer({ conversationId: cid, to }), `transfer to ${JSON.stringify(to)}`);
      const posts = await requests('POST', `/api/v2/conversations/${cid}/participants/*`);
      equal(posts.length, 1, suffix);
      equal(posts[0].path, `/api/v2/conversations/${cid}/participants/${pid}${suffix}`);
      equal(posts[0].body, body);
    }
  });

  test('an_ambiguous_queue_name_lists_the_candidates_and_sends_no_transfer', async () => {
    const conv = await scenario('agent-connected', 'agent');
    const cid = conv.id;
    const c = client(token('agent'));
    let e = await rejects(c.transfer({ conversationId: cid, to: { queueName: 'Support*' } }), 'transfer');
    equal(e.kind, 'ambiguous');
    equal(e.candidates.map((q) => q.name), ['Support Tier 1', 'Support Tier 2']);
    ok(e.message.includes('Support Tier 2'), `message names the candidates: ${e.message}`);
    e = await rejects(c.transfer({ conversationId: cid, to: { queueName: 'No Such Queue' } }), 'transfer');
    equal(e.kind, 'not_found');
    equal(await requests('POST', `/api/v2/conversations/${cid}/participants/*`), []);
  });

  test('transfer_is_refused_before_sending_when_the_agent_is_not_connected', async () => {
    const conv = await scenario('agent-alerting', 'agent');
    const cid = conv.id;
    const c = client(token('agent'));
    const e = await rejects(c.transfer({ conversationId: cid, to: { queueId: queueId('Billing') } }), 'transfer');
    equal(e.kind, 'invalid_state');
    ok(e.message.includes('not connected'), `message: ${e.message}`);
    equal(await requests('POST', `/api/v2/conversations/${cid}/participants/*`), []);
  });

  test('a_queued_call_is_moved_with_a_client_credentials_token', async () => {
    const conv = await scenario('queued', 'agent');
    const cid = conv.id;
    const acdPid = participants(conv, 'acd')[0].id;
    const c = client(token('clientCredentials'));
    const out = await succeeds(c.transfer({ conversationId: cid, to: { queueName: 'Support Tier 1' } }), 'move');
    equal(out.participantId, acdPid);
    const after = await serverConversation(cid);
    const waiting = participants(after, 'acd').filter((p) => callState(p) === 'connected');
    equal(waiting.length, 1);
    equal(waiting[0].queueName, 'Support Tier 1');
  });

  test('genesys_errors_map_to_their_kinds', async () => {
    const conv = await scenario('agent-connected', 'noPermissions');
    const cid = conv.id;
    let c = client(token('noPermissions'));
    let e = await rejects(
      c.transfer({ conversationId: cid, to: { queueId: queueId('Billing') }, participantId: participants(conv, 'agent')[0].id }),
      'transfer',
    );
    equal(e.kind, 'forbidden');
    ok(e.message.includes('conversation:communication:blindTransfer'), `message names the permission: ${e.message}`);

    c = client(token('agent'));
    e = await rejects(c.conversation('00000000-0000-4000-8000-000000000000'), 'conversation');
    equal([e.kind, e.status], ['not_found', 404]);

    const bad = client('not-a-known-token');
    e = await rejects(bad.me(), 'me');
    equal([e.kind, e.code], ['unauthorized', 'bad.credentials']);
    for (const text of [JSON.stringify(e), String(e), e.message, String(e.stack ?? '')]) {
      ok(!text.includes('not-a-known-token'), 'the token never appears in an error');
    }
  });

  test('a_dial_that_may_have_reached_the_server_is_never_resent', async () => {
    const c = client(token('agent'), { retry: 3 });
    for (const [tag, spec, kind] of [
      [4, { type: 'drop-mid-response' }, 'network'],
      [6, { type: 'status', status: 503 }, 'server'],
    ]) {
      const number = uniqueNumber(tag);
      await fault('POST', '/api/v2/conversations/calls', 1, spec);
      const e = await rejects(c.dial({ phoneNumber: number }), `dial with ${spec.type} ${spec.status ?? ''}`);
      equal(e.kind, kind);
      equal(e.maybeApplied, true);
      equal(e.attempts, 1);
      const sent = (await requests('POST', '/api/v2/conversations/calls')).filter((r) => r.body?.phoneNumber === number);
      equal(sent.length, 1, 'never re-sent');
    }
  });

  test('a_429_on_dial_is_retried_after_retry_after_and_places_one_call', async () => {
    const number = uniqueNumber(5);
    await fault('POST', '/api/v2/conversations/calls', 1, { type: 'status', status: 429, retryAfter: 0.05 });
    const c = client(token('agent'));
    await succeeds(c.dial({ phoneNumber: number }), 'dial after 429');
    const mine = (await requests('POST', '/api/v2/conversations/calls')).filter((r) => r.body?.phoneNumber === number);
    equal(mine.length, 2, 'one rejected with 429, one placed');
  });

  test('a_429_asking_for_more_than_the_cap_fails_at_once_with_retry_after', async () => {
    await fault('GET', '/api/v2/users/me', 1, { type: 'status', status: 429, retryAfter: 120 });
    const c = client(token('agent'), { retry: { limit: 3, maxRetryAfterMs: 1000 } });
    const e = await rejects(c.me(), 'me');
    equal(e.kind, 'rate_limited');
    equal(e.retryAfterMs, 120_000);
    equal(e.attempts, 1);
  });

  test('a_hanging_request_times_out_and_a_bad_body_is_unexpected', async () => {
    await fault('GET', '/api/v2/users/me', 1, { type: 'hang' });
    const c = client(token('agent'), { timeoutMs: 1000, retry: 0 });
    let e = await rejects(c.me(), 'me (hang)');
    equal(e.kind, 'timeout');
    await fault('GET', '/api/v2/users/me', 1, { type: 'non-json' });
    e = await rejects(c.me(), 'me (non-json)');
    equal(e.kind, 'unexpected_response');
  });

  test('a_token_provider_is_asked_again_once_after_a_401', async () => {
    let calls = 0;
    const good = token('agent');
    // First an expired token, then a fresh one, as a host's refresh would.
    const provider = () => {
      calls += 1;
      return Promise.resolve(calls === 1 ? 'expired-token' : good);
    };
    const c = new CallControl({ apiBase: server, token: provider });
    const me = await succeeds(c.me(), 'me after refresh');
    equal(me.id, userId('agent'));
    equal(calls, 2);
  });

}
