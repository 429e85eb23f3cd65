// The runtime suite: the packed package, through its public API only, against
// fake-genesys over real HTTP, asserting what reached the server (request log,
// counts) and the server's conversation state after each step.
//
// One module for every runtime: Node (tests/runtimes/node.test.mjs), a
// Chromium page, a dedicated module worker and a module service worker
// (tests/runtimes/chromium.mjs). So: no Node built-ins, no DOM, no dynamic
// import(); only fetch, timers, AbortController and the package namespace
// passed in.
//
// The tests share one fake-genesys per runner and run one at a time: queued
// faults match on method and path, so a test's fault must not be taken by
// another test's request. Numbers, conversations and tokens are unique per
// test, so request counts at the server belong to the test that reads them.
import { ok, equal, notEqual, fail } from './assert.mjs';

/**
 * The tests, as `[{ name, fn }]` (fn is async and throws on failure).
 * @param pkg    the imported 'genesys-callctl' module namespace
 * @param server fake-genesys base URL (`http://127.0.0.1:PORT`)
 * @param seed   tests/fake-genesys/seed.json, parsed
 * @param scope  the expected `globalThis.constructor.name`: `Object` (Node),
 *               `Window`, `DedicatedWorkerGlobalScope`, `ServiceWorkerGlobalScope`
 */
export function defineTests(pkg, { server, seed, scope }) {
  const { CallControl, CallControlError } = pkg;
  const WORKER = scope.endsWith('WorkerGlobalScope');

  // ---- the seed ----------------------------------------------------------
  const token = (key) => seed.tokens[key] ?? fail(`no seed token ${key}`);
  const userId = (tokenKey) => (seed.users.find((u) => u.tokenKey === tokenKey) ?? fail(`no seed user ${tokenKey}`)).id;
  const queueId = (name) => (seed.queues.find((q) => q.name === name) ?? fail(`no seed queue ${name}`)).id;

  // ---- fake-genesys's control API -----------------------------------------
  async function control(method, path, body) {
    const res = await fetch(server + path, {
      method,
      headers: body ? { 'content-type': 'application/json' } : {},
      body: body ? JSON.stringify(body) : undefined,
    });
    const text = await res.text();
    if (!res.ok) fail(`control ${method} ${path}: ${res.status} ${text.slice(0, 300)}`);
    return text ? JSON.parse(text) : null;
  }
  /** Creates a conversation from a fake-genesys scenario; returns its control view. */
  const scenario = (name, userKey) => control('POST', '/__control/conversations', { scenario: name, userKey });
  /** The conversation as the server holds it now. */
  const serverConversation = (id) => control('GET', `/__control/conversations/${id}`);
  /** Queues a fault for the next `count` requests matching method and path. */
  const fault = (method, path, count, spec) => control('POST', '/__control/faults', { match: { method, path }, count, fault: spec });
  /** Every /api/v2 request the server received with this method and path (`path` may end in `*` for a prefix). */
  async function requests(method, path) {
    const all = await control('GET', '/__control/requests');
    const prefix = path.endsWith('*') ? path.slice(0, -1) : undefined;
    return all.filter((r) => r.method === method && (prefix === undefined ? r.path === path : r.path.startsWith(prefix)));
  }
  /** Registers a token of the seeded agent that only this test uses. */
  async function privateToken(tag) {
    const t = `abort-test-${tag}-${Math.floor(Math.random() * 1e9)}`;
    await control('POST', '/__control/tokens', { token: t, userId: userId('agent') });
    return t;
  }

  // ---- conversations --------------------------------------------------------
  const participants = (conv, purpose) => conv.participants.filter((p) => p.purpose === purpose);
  const byId = (conv, id) => conv.participants.find((p) => p.id === id) ?? fail(`no participant ${id}`);
  const callState = (p) => p.calls?.at(-1)?.state ?? '';

  // ---- the package -----------------------------------------------------------
  /** A client against fake-genesys with a fixed token (and extra options). */
  const client = (tok, extra = {}) => new CallControl({ apiBase: server, token: tok, ...extra });
  /** Awaits an operation that must succeed; a rejection fails with its fields. */
  async function succeeds(promise, what) {
    try {
      return await promise;
    } catch (e) {
      return fail(`${what} failed: ${e instanceof CallControlError ? JSON.stringify(e) : String(e?.stack ?? e)}`);
    }
  }
  /** Awaits an operation that must fail; returns its CallControlError. */
  async function rejects(promise, what = 'the operation') {
    let value;
    try {
      value = await promise;
    } catch (e) {
      ok(e instanceof CallControlError, `${what}: rejects with a CallControlError, not ${e?.name}: ${e?.message}`);
      ok(e instanceof Error, `${what}: a CallControlError is an Error`);
      return e;
    }
    return fail(`${what} resolved (${JSON.stringify(value)}), expected a CallControlError`);
  }

  // ---- small utilities ----------------------------------------------------------
  /** A phone number unique to this run and scope, so counts at the server belong to one test. */
  const uniqueNumber = (tag) => `+1${200 + (tag % 700)}${Math.floor(Math.random() * 9_000_000) + 1_000_000}`;
  /** Resolves after `ms` (for bounded polling only). */
  const pause = (ms) => new Promise((r) => setTimeout(r, ms));
  const now = () => Date.now();

  const tests = [];
  const test = (name, fn) => tests.push({ name, fn });

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

  // =========================================================================
  // Ported from tests/wasm/abort_suite.rs: cancellation at each phase and
  // deadlines. Each test uses its own token, so the server's counts of
  // users/me requests belong to it alone.
  // =========================================================================

  const meRequestsWith = async (tok) =>
    (await requests('GET', '/api/v2/users/me')).filter((r) => r.headers.authorization === `Bearer ${tok}`).length;
  /** Waits (bounded: 500 polls of 10 ms) until the server has this token's users/me request. */
  async function untilMeReceived(tok) {
    for (let i = 0; i < 500; i++) {
      if ((await meRequestsWith(tok)) >= 1) return;
      await pause(10);
    }
    fail('the server never received the request');
  }
  /** Marks a promise's rejection as handled now; it is awaited later. */
  const later = (promise) => {
    promise.catch(() => {});
    return promise;
  };

  test('abort_before_sending_sends_nothing', async () => {
    const number = uniqueNumber(7);
    const ac = new AbortController();
    ac.abort();
    const c = client(token('agent'));
    const e = await rejects(c.dial({ phoneNumber: number, signal: ac.signal }), 'dial');
    equal(e.kind, 'aborted');
    equal(e.maybeApplied, false, 'nothing was sent');
    const sent = (await requests('POST', '/api/v2/conversations/calls')).filter((r) => r.body?.phoneNumber === number).length;
    equal(sent, 0);
  });

  test('abort_of_a_dial_in_flight_is_maybe_applied_and_never_resent', async () => {
    const number = uniqueNumber(8);
    await fault('POST', '/api/v2/conversations/calls', 1, { type: 'hang' });
    const c = client(token('agent'), { timeoutMs: 20000 });
    const ac = new AbortController();
    const pending = later(c.dial({ phoneNumber: number, signal: ac.signal }));
    const received = async () => (await requests('POST', '/api/v2/conversations/calls')).filter((r) => r.body?.phoneNumber === number).length;
    for (let i = 0; i < 500 && (await received()) === 0; i++) await pause(10);
    equal(await received(), 1, 'the server received the dial');
    ac.abort();
    const e = await rejects(pending, 'dial');
    equal(e.kind, 'aborted');
    equal(e.maybeApplied, true, 'cut off after sending: it may have been placed');
    equal(e.attempts, 1);
    equal(await received(), 1, 'never re-sent');
  });

  test('abort_in_flight_rejects_promptly_with_aborted', async () => {
    const t = await privateToken('flight');
    await fault('GET', '/api/v2/users/me', 1, { type: 'hang' });
    const c = client(t, { timeoutMs: 20000 });
    const ac = new AbortController();
    const pending = later(c.me({ signal: ac.signal }));
    await untilMeReceived(t);
    const at = now();
    ac.abort();
    const e = await rejects(pending, 'me');
    equal(e.kind, 'aborted');
    ok(now() - at < 1000, `aborted promptly, not after the 20 s timeout (${now() - at} ms)`);
  });

  test('abort_during_the_wait_before_a_retry_stops_the_wait', async () => {
    const t = await privateToken('backoff');
    await fault('GET', '/api/v2/users/me', 1, { type: 'status', status: 429, retryAfter: 10 });
    const c = client(t);
    const ac = new AbortController();
    const pending = later(c.me({ signal: ac.signal }));
    await untilMeReceived(t);
    const at = now();
    ac.abort();
    const e = await rejects(pending, 'me');
    equal(e.kind, 'aborted');
    ok(now() - at < 1000, `the 10 s wait was cut short (${now() - at} ms)`);
    equal(await meRequestsWith(t), 1, 'no retry after the abort');
  });

  test('a_timeout_and_an_abort_are_told_apart_by_which_signal_fired', async () => {
    const t = await privateToken('timeout');
    await fault('GET', '/api/v2/users/me', 1, { type: 'hang' });
    const c = client(t, { timeoutMs: 200, retry: 0 });
    const ac = new AbortController();
    const at = now();
    const e = await rejects(c.me({ signal: ac.signal }), 'me');
    equal(e.kind, 'timeout');
    ok(now() - at < 2000, `timed out in ${now() - at} ms`);
    ok(!ac.signal.aborted, "the caller's signal is untouched");
  });

  test('a_wait_past_the_total_deadline_fails_at_once', async () => {
    const t = await privateToken('deadline');
    await fault('GET', '/api/v2/users/me', 1, { type: 'status', status: 429, retryAfter: 5 });
    const c = client(t, { totalTimeoutMs: 1000 });
    const at = now();
    const e = await rejects(c.me(), 'me');
    equal(e.kind, 'rate_limited');
    equal(e.retryAfterMs, 5000);
    ok(now() - at < 1000, `no sleeping past the deadline (${now() - at} ms)`);
  });

  // Tests share the server and run one at a time: a fault a failed test left
  // queued must not be taken by the next test's request, and a passing test
  // uses up every fault it queued.
  return tests.map(({ name, fn }) => ({
    name,
    fn: async () => {
      await control('DELETE', '/__control/faults');
      await fn();
      // Every fault a test queues is meant for one of its own requests.
      const left = await control('GET', '/__control/faults');
      equal(left.length, 0, `faults left unused: ${JSON.stringify(left)}`);
    },
  }));
}

/**
 * Runs the tests one at a time, each bounded by `timeoutMs`; resolves
 * `[{ name, ok, ms, error? }]`. For runners without node:test (browsers, workers).
 */
export async function runTests(tests, { timeoutMs = 20_000, onResult = () => {} } = {}) {
  const results = [];
  for (const { name, fn } of tests) {
    const start = Date.now();
    let timer;
    const deadline = new Promise((_, reject) => {
      timer = setTimeout(() => reject(new Error(`timed out after ${timeoutMs} ms`)), timeoutMs);
    });
    let result;
    try {
      await Promise.race([fn(), deadline]);
      result = { name, ok: true, ms: Date.now() - start };
    } catch (e) {
      result = { name, ok: false, ms: Date.now() - start, error: String(e?.stack ?? e) };
    } finally {
      clearTimeout(timer);
    }
    results.push(result);
    onResult(result);
  }
  return results;
}
