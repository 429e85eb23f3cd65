// The agent desktop end to end, in order on one page: sign in (PKCE), dial, ring, connect, hold, blind
// transfer, consult + reload + complete, an inbound call answered. Headless Chromium,
// the built package under the page's strict CSP, fake-genesys with calls that ring for 1.5 s.
// Every claim about the call is checked at the server (/__control), every wait is on a DOM or server condition.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import {
  useDemo, signIn, shoot, waitForCallState, eventually, tokensSeen, assertNoTokenLeak, assertQuietConsole, queue, ALEX, UUID,
} from './harness.mjs';

const h = useDemo({ callSetupMs: 1500 });
const TIER2 = queue('Support Tier 2');
const BILLING = queue('Billing');
let page;

const lastCall = (p) => p.calls[p.calls.length - 1];
const agentLeg = (conv) => conv.participants.filter((p) => p.userId === ALEX.id).at(-1);
const conversationId = async () => (await page.textContent('#conversation-id')).trim();

async function dialAndConnect(number) {
  await page.fill('#number', number);
  await page.press('#number', 'Enter');
  await waitForCallState(page, 'connected');
  return conversationId();
}

async function pickQueue(search, q) {
  await page.fill('#queue-search', search);
  const button = page.locator(`#queue-results button[data-queue-id="${q.id}"]`);
  await button.click();
  await page.waitForFunction(() => !document.querySelector('#transfer').disabled);
}

test('sign in, then dial a number typed with spaces and dashes: it rings, then connects', async () => {
  page = await h.newPage();
  await signIn(page, h);
  assert.equal((await page.textContent('#agent-name')).trim(), ALEX.name);
  assert.equal((await page.textContent('#agent-status')).trim(), 'Available');

  await page.fill('#number', '+1 317');
  await page.waitForFunction(() => document.querySelector('#normalized').classList.contains('is-bad'));
  assert.equal(await page.getAttribute('#number', 'aria-invalid'), 'true');
  await page.fill('#number', '+1 317-555 0142');
  await page.waitForFunction(() => document.querySelector('#normalized').textContent.includes('+13175550142'));

  await page.press('#number', 'Enter');
  await waitForCallState(page, 'dialing');
  const id = await conversationId();
  assert.match(id, UUID);
  const ringing = await h.conversation(id);
  assert.equal(lastCall(ringing.participants.find((p) => p.purpose === 'customer')).state, 'dialing', 'the server has the call ringing');
  await shoot(page, 'ringing');

  await waitForCallState(page, 'connected');
  const conv = await h.conversation(id);
  assert.equal(lastCall(conv.participants.find((p) => p.purpose === 'customer')).state, 'connected');
  assert.equal((await page.textContent('#call-party')).trim(), '+13175550142');
  assert.equal((await page.textContent('#agent-status')).trim(), 'On a call');

  const dials = (await h.control('GET', '/requests')).filter((r) => r.method === 'POST' && r.path === '/api/v2/conversations/calls');
  assert.equal(dials.length, 1);
  assert.equal(dials[0].body.phoneNumber, '+13175550142');
});

test('hold and resume (by keyboard) and mute: the server sees each', async () => {
  const id = await conversationId();
  await page.focus('#hold');
  await page.keyboard.press('Space');
  await waitForCallState(page, 'held');
  assert.equal(await page.getAttribute('#hold', 'aria-pressed'), 'true');
  assert.equal(lastCall(agentLeg(await h.conversation(id))).held, true);
  await shoot(page, 'held');

  await page.keyboard.press('Space'); // focus stayed on the button, now "Resume"
  await waitForCallState(page, 'connected');
  assert.equal(lastCall(agentLeg(await h.conversation(id))).held, false);

  await page.click('#mute');
  await page.waitForFunction(() => document.querySelector('#mute').getAttribute('aria-pressed') === 'true');
  assert.equal(lastCall(agentLeg(await h.conversation(id))).muted, true);
  await page.click('#mute');
  await page.waitForFunction(() => document.querySelector('#mute').getAttribute('aria-pressed') === 'false');
  assert.equal(lastCall(agentLeg(await h.conversation(id))).muted, false);
  await shoot(page, 'connected');
});

test('blind transfer: search "Supp", pick Support Tier 2; the agent leaves and the queue holds the customer', async () => {
  const id = await conversationId();
  await page.fill('#queue-search', 'Supp');
  await page.locator('#queue-results button').nth(1).waitFor();
  const names = await page.locator('#queue-results button').allTextContents();
  assert.deepEqual(names.map((n) => n.trim()).sort(), ['Support Tier 1', 'Support Tier 2']);
  await page.locator('#queue-results button', { hasText: 'Support Tier 2' }).click();
  await page.waitForFunction(() => !document.querySelector('#transfer').disabled);
  await page.click('#transfer');
  await waitForCallState(page, 'transferred');
  assert.equal(await page.isHidden('#error'), true, `unexpected error: ${await page.textContent('#error')}`);

  const conv = await h.conversation(id);
  assert.equal(lastCall(agentLeg(conv)).state, 'disconnected');
  assert.equal(lastCall(agentLeg(conv)).disconnectType, 'transfer');
  const acd = conv.participants.find((p) => p.purpose === 'acd' && p.queueId === TIER2.id);
  assert.equal(lastCall(acd).state, 'connected');
  assert.equal(lastCall(conv.participants.find((p) => p.purpose === 'customer')).state, 'connected');
  const transfers = (await h.control('GET', '/requests')).filter((r) => r.method === 'POST' && r.path.endsWith('/replace/queue'));
  assert.equal(transfers.length, 1);
  assert.equal(transfers[0].body.queueId, TIER2.id);
  await shoot(page, 'transferred');
});

test('consult a queue, speak to both, reload (the consult comes back), complete', async () => {
  const id = await dialAndConnect('+1 (317) 555-0150');
  await page.check('#mode-consult');
  await pickQueue('Bill', BILLING);
  assert.equal((await page.textContent('#transfer')).trim(), 'Start consult');
  await page.click('#transfer');
  await page.locator('#consult:not([hidden])').waitFor();
  await waitForCallState(page, 'consulting');
  assert.equal((await page.textContent('#consult-dest')).trim(), 'Billing');

  let conv = await h.conversation(id);
  const customer = conv.participants.find((p) => p.purpose === 'customer');
  const billing = conv.participants.find((p) => p.purpose === 'acd' && p.queueId === BILLING.id);
  assert.ok(billing, 'the destination joined the call');
  assert.equal(customer.consultParticipantId, billing.id);
  assert.equal(customer.consultSpeakTo, 'DESTINATION');
  assert.equal(lastCall(customer).confined, true, 'the customer hears nobody while the agent consults');

  await page.click('button[data-speak="both"]');
  await page.waitForFunction(() => document.querySelector('button[data-speak="both"]').getAttribute('aria-pressed') === 'true');
  conv = await h.conversation(id);
  assert.equal(conv.participants.find((p) => p.id === customer.id).consultSpeakTo, 'BOTH');
  await shoot(page, 'consult');

  // A reload drops the in-memory token: sign in again; the call and its consult are rebuilt (consultFor).
  await page.reload();
  await page.locator('#signin:not([hidden])').waitFor();
  await page.click('#signin-button');
  await page.waitForURL((u) => u.pathname === '/oauth/authorize');
  await page.click('button[value="allow"]');
  await page.locator('#consult:not([hidden])').waitFor();
  assert.equal(await conversationId(), id);
  assert.equal(await page.getAttribute('button[data-speak="both"]', 'aria-pressed'), 'true', 'who speaks, read back from the call');

  await page.click('#consult-complete');
  await waitForCallState(page, 'transferred');
  conv = await h.conversation(id);
  assert.equal(lastCall(agentLeg(conv)).state, 'disconnected');
  assert.equal(lastCall(agentLeg(conv)).disconnectType, 'transfer.consult');
  assert.equal(lastCall(conv.participants.find((p) => p.id === customer.id)).state, 'connected');
  assert.equal(lastCall(conv.participants.find((p) => p.id === billing.id)).state, 'connected');
  assert.equal(conv.recentTransfers.at(-1).transferType, 'Attended');
  const writes = (await h.control('GET', '/requests')).filter((r) => r.path.includes(`/calls/${id}/participants/`) && !['GET', 'OPTIONS'].includes(r.method));
  assert.deepEqual(writes.map((r) => `${r.method} ${r.path.split('/').slice(-2).join('/')}`), [
    `POST consult/queue`, `PATCH ${customer.id}/consult`, `PATCH participants/${agentLeg(conv).id}`,
  ]);
  await page.locator('#transfer-form:not([hidden])').waitFor();
});

test('an inbound call offered from the dev drawer rings with Answer and Decline; Answer (cc.answer) connects it; hang up', async () => {
  await page.click('#dev summary');
  await page.waitForFunction(() => !document.querySelector('#dev-offer').disabled);
  await page.click('#dev-offer');
  await waitForCallState(page, 'incoming');
  await page.locator('#answer:not([hidden])').waitFor();
  assert.equal(await page.isVisible('#decline'), true, 'Decline beside Answer');
  const id = await conversationId();
  assert.equal(lastCall(agentLeg(await h.conversation(id))).state, 'alerting');
  assert.equal(await page.isHidden('#hold'), true, 'no hold while ringing: only Answer and Decline');
  await page.waitForFunction(() => document.querySelector('#ringing').textContent.includes('via Support Tier 1'));
  await shoot(page, 'incoming');

  await page.click('#answer');
  await waitForCallState(page, 'connected');
  assert.equal(lastCall(agentLeg(await h.conversation(id))).state, 'connected');
  const answers = (await h.control('GET', '/requests')).filter((r) => r.method === 'PATCH' && r.path.includes(id));
  assert.deepEqual(answers.map((r) => r.body), [{ state: 'connected' }]);
  const logged = await page.$$eval('#log li[data-method="PATCH"]', (lis, cid) => lis.filter((li) => li.dataset.path.includes(cid))
    .map((li) => ({ source: li.dataset.source, status: li.dataset.status, attempt: li.dataset.attempt })), id);
  assert.deepEqual(logged, [{ source: 'package', status: '202', attempt: '1' }], 'the answer is the package\'s request (cc.answer), logged once');
  assert.equal(await page.textContent('#ringing'), '', 'the ringing banner is gone');

  await page.click('#hangup');
  await waitForCallState(page, 'ended');
  const conv = await eventually(() => h.conversation(id), (c) => lastCall(agentLeg(c)).state === 'disconnected', { what: 'agent leg disconnected' });
  assert.ok(conv.endTime, 'the conversation ended');
  assert.equal((await page.textContent('#agent-status')).trim(), 'Available');
});

test('blind transfer to an agent by user id: the agent is offered the call', async () => {
  const blair = (await h.control('GET', '/state')).users.find((u) => u.name === 'Blair Agent');
  await page.click('#call-dismiss');
  const id = await dialAndConnect('+44 20 7946 0958');
  await page.check('#mode-blind');
  await page.check('#kind-agent');
  await page.fill('#transfer-user', blair.id);
  await page.waitForFunction(() => document.querySelector('#transfer-summary').textContent.includes('Blair Agent (agent)'));
  await page.click('#transfer');
  await waitForCallState(page, 'transferred');
  const conv = await h.conversation(id);
  assert.equal(lastCall(agentLeg(conv)).disconnectType, 'transfer');
  assert.equal(lastCall(conv.participants.find((p) => p.userId === blair.id)).state, 'alerting');
});

test('the token never reached the DOM, the console or storage; the page talked only to itself and the fake org', async () => {
  const tokens = await tokensSeen(h);
  assert.equal(tokens.length, 2, 'two sign-ins, two tokens');
  for (const t of tokens) assert.match(t, /^fake-oauth-/);
  await assertNoTokenLeak(page, tokens);
  const keys = await page.evaluate(() => Object.keys(sessionStorage));
  assert.ok(keys.every((k) => k === 'genesys-callctl-demo:call'), `sessionStorage holds only the followed call id: ${keys}`);
  assertQuietConsole(page);
  assert.deepEqual([...page.origins].sort(), [new URL(h.stack.url).origin, h.stack.apiUrl].sort());
  // The request log shows attempts and never a token.
  const rows = await page.locator('#log li').count();
  assert.ok(rows > 5);
});
