// The widget follows calls live with cc.watchCalls(): a call offered to the agent rings in the card
// without any polling, changes made elsewhere (hold from another device, the customer hanging up, a
// supervisor moving the call) show at once, Decline ends the agent's ringing leg, and a dropped
// notification socket shows "Reconnecting…" until it is live again — with what changed meanwhile.
// The request log shows the channel and subscription requests and the socket's state changes.
// Headless Chromium, the built package under the page's strict CSP (its connect-src lists the fake's
// ws:// origin), fake-genesys publishing call events on its own WebSocket.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import {
  useDemo, signIn, shoot, waitForCallState, waitForLive, eventually, conversationReads, assertQuietConsole, queue, ALEX, SEED,
} from './harness.mjs';

const h = useDemo({ callSetupMs: 500 });
const TIER2 = queue('Support Tier 2');
let page;
const sockets = []; // the WebSocket URLs the page opened

const lastCall = (p) => p.calls[p.calls.length - 1];
const agentLeg = (conv) => conv.participants.filter((p) => p.userId === ALEX.id).at(-1);
const customerOf = (conv) => conv.participants.find((p) => p.purpose === 'customer');
const conversationId = async () => (await page.textContent('#conversation-id')).trim();
const logRows = () => page.$$eval('#log li', (lis) => lis.map((li) => ({ ...li.dataset, text: li.textContent })).reverse()); // oldest first

// Showing that nothing polls needs a window of time: 2.5 periods of the 1 s poll this page used to run.
const IDLE_WINDOW_MS = 2500;
async function assertNoReadsWhileIdle(what) {
  await h.control('DELETE', '/requests');
  const logBefore = await page.textContent('#log');
  await page.waitForTimeout(IDLE_WINDOW_MS);
  const sent = (await h.control('GET', '/requests')).filter((r) => r.method !== 'OPTIONS');
  assert.deepEqual(sent.map((r) => `${r.method} ${r.path}`), [], `no request at all while ${what} (at the server)`);
  assert.equal(await page.textContent('#log'), logBefore, `nothing new in the request log while ${what}`);
}

test('an inbound call offered through the control API rings in the card with no polling; Answer connects it; hold from elsewhere and the customer hanging up show at once', async () => {
  page = await h.newPage();
  page.on('websocket', (ws) => sockets.push(ws.url()));
  await signIn(page, h); // waits for the socket to be live
  assert.equal(await page.textContent('#live'), '', 'no live line while live');
  await assertNoReadsWhileIdle('signed in with no call');

  // The call reaches the page through the notification socket only: nothing tells the page but Genesys.
  const offered = await h.control('POST', '/offers', { userId: ALEX.id });
  await waitForCallState(page, 'incoming');
  assert.equal(await conversationId(), offered.id);
  await page.locator('#answer:not([hidden])').waitFor();
  assert.equal(await page.isVisible('#decline'), true);
  assert.equal(await page.isHidden('#hold'), true);
  // Announced at once (role="alert"), with who calls and through which queue.
  assert.equal(await page.getAttribute('#ringing', 'role'), 'alert');
  await page.waitForFunction(() => /^Incoming call from .+ via Support Tier 1\. Answer or decline\.$/.test(document.querySelector('#ringing').textContent));
  // Keyboard: the ring put focus on Answer (nothing was being typed); Enter answers.
  await page.waitForFunction(() => document.activeElement?.id === 'answer');
  await page.keyboard.press('Enter');
  await waitForCallState(page, 'connected');
  const answered = await h.conversation(offered.id);
  assert.equal(lastCall(agentLeg(answered)).state, 'connected', 'the server has the agent leg connected');
  assert.equal(await page.textContent('#ringing'), '', 'the banner is gone once answered');
  const answers = (await h.control('GET', '/requests')).filter((r) => r.method === 'PATCH' && r.path.includes(offered.id));
  assert.deepEqual(answers.map((r) => r.body), [{ state: 'connected' }], 'one answer request');

  await assertNoReadsWhileIdle('on a connected call');

  // Hold from another device (the control API changes the agent's leg): the card follows.
  const agentId = agentLeg(answered).id;
  await h.control('PATCH', `/conversations/${offered.id}/participants/${agentId}`, { held: true });
  await waitForCallState(page, 'held');
  assert.equal(await page.getAttribute('#hold', 'aria-pressed'), 'true');
  await h.control('PATCH', `/conversations/${offered.id}/participants/${agentId}`, { held: false });
  await waitForCallState(page, 'connected');

  // The customer hangs up: the agent's leg ends with them, and the card says so.
  await h.control('PATCH', `/conversations/${offered.id}/participants/${customerOf(answered).id}`, { state: 'disconnected' });
  await waitForCallState(page, 'ended');
  assert.equal((await page.textContent('#agent-status')).trim(), 'Available');
  assert.equal(lastCall(agentLeg(await h.conversation(offered.id))).state, 'disconnected');
  // Each change brought one read of the conversation (its details), never a timer's.
  assert.ok((await conversationReads(h, offered.id)).length <= 8, 'reads follow changes only');

  // The log: the channel and the subscription (PUT), the calls listing, the socket's state.
  const rows = await logRows();
  const line = (r) => `${r.source} ${r.method} ${r.path ?? r.socket}`;
  const seq = rows.filter((r) => r.source === 'socket' || r.path?.startsWith('/api/v2/notifications') || r.path === '/api/v2/conversations/calls').map(line);
  assert.deepEqual(seq.slice(0, 5).map((s) => s.replace(/streaming-0-…\w{4}/, 'CHANNEL')), [
    'socket WS connecting',
    'package POST /api/v2/notifications/channels',
    'package PUT /api/v2/notifications/channels/CHANNEL/subscriptions',
    'package GET /api/v2/conversations/calls',
    'socket WS live',
  ]);
  const live = rows.find((r) => r.socket === 'live');
  assert.match(live.text, /^WSsocket live\d{2}:\d{2}:\d{2}$/);
  // The channel id opens the agent's event stream without a token: the log shows its last 4 characters only.
  const { channels } = await h.control('GET', '/notifications');
  const mine = channels.filter((c) => c.userId === ALEX.id);
  assert.ok(mine.length >= 1);
  const html = await page.content();
  for (const c of mine) assert.equal(html.includes(c.id), false, 'no channel id in the page');
  // The socket went to the fake's ws:// origin, allowed by the CSP (a violation would be a console error).
  assert.ok(sockets.length >= 1 && sockets.every((u) => u.startsWith(`${h.stack.apiUrl.replace(/^http/, 'ws')}/channels/`)), sockets.join());
  assertQuietConsole(page);
});

test('Decline on a ringing call disconnects the agent\'s leg at the server', async () => {
  await page.click('#call-dismiss');
  const offered = await h.control('POST', '/offers', { userId: ALEX.id, from: '+13175550177' });
  await waitForCallState(page, 'incoming');
  assert.equal(await conversationId(), offered.id);
  await page.locator('#decline:not([hidden])').waitFor();
  await page.click('#decline');
  await waitForCallState(page, 'ended');
  const conv = await h.conversation(offered.id);
  assert.equal(lastCall(agentLeg(conv)).state, 'disconnected', 'the agent leg is disconnected');
  const sent = (await h.control('GET', '/requests')).filter((r) => r.method === 'PATCH' && r.path.includes(offered.id));
  assert.deepEqual(sent.map((r) => r.body), [{ state: 'disconnected' }], 'Decline is hangUp: {state: "disconnected"}');
  assert.equal(await page.isVisible('#call-dismiss'), true);
  assert.equal((await page.textContent('#agent-status')).trim(), 'Available');
});

test('a dropped socket shows "Reconnecting…" and then live again; a call offered while it was down rings after', async () => {
  await page.click('#call-dismiss');
  // Hold the reconnect back a little (its channel check answers after 3 s), so the state can be seen.
  await h.control('POST', '/faults', {
    match: { method: 'HEAD', path: '/api/v2/notifications/channels/*' }, fault: { type: 'delay', ms: 3000 },
  });
  const { dropped } = await h.control('POST', '/notifications/drop', { userId: ALEX.id, mode: 'terminate' });
  assert.equal(dropped, 1);
  await page.waitForFunction(() => document.querySelector('#live').dataset.status === 'reconnecting');
  assert.match(await page.textContent('#live'), /^Reconnecting…/);
  assert.equal(await page.isVisible('#live'), true);
  // Genesys keeps no events for a closed socket: this call's only way to the page is the resync.
  const offered = await h.control('POST', '/offers', { userId: ALEX.id });
  await shoot(page, 'reconnecting');

  await waitForLive(page, 15_000);
  assert.equal(await page.textContent('#live'), '', 'the line is gone once live');
  await waitForCallState(page, 'incoming');
  assert.equal(await conversationId(), offered.id);
  const socketRows = (await logRows()).filter((r) => r.source === 'socket').map((r) => r.text.replace(/\d{2}:\d{2}:\d{2}$/, ''));
  assert.deepEqual(socketRows.slice(-2), ['WSsocket down — reconnecting', 'WSsocket live']);
  const head = (await logRows()).filter((r) => r.method === 'HEAD');
  assert.equal(head.length, 1, 'the channel was checked, with HEAD');
  assert.match(head[0].path, /^\/api\/v2\/notifications\/channels\/streaming-0-…\w{4}$/);
  assert.equal(head[0].status, '200');
  await page.click('#decline');
  await waitForCallState(page, 'ended');
  assertQuietConsole(page);
});

test('an outbound call: read while the customer\'s phone rings, then never again while it is quiet; a supervisor moving it ends it for the agent at once', async () => {
  await page.click('#call-dismiss');
  await page.fill('#number', '+1 317 555 0142');
  await page.press('#number', 'Enter');
  await waitForCallState(page, 'dialing');
  await waitForCallState(page, 'connected');
  const id = await conversationId();
  await assertNoReadsWhileIdle('the call is connected and quiet');

  // A supervisor (another token, another app) blind-transfers the agent's leg to a queue.
  const agent = agentLeg(await h.conversation(id));
  const res = await fetch(`${h.stack.apiUrl}/api/v2/conversations/${id}/participants/${agent.id}/replace/queue`, {
    method: 'POST',
    headers: { Authorization: `Bearer ${SEED.tokens.supervisor}`, 'Content-Type': 'application/json' },
    body: JSON.stringify({ queueId: TIER2.id }),
  });
  assert.equal(res.status, 202);
  await waitForCallState(page, 'transferred');
  const conv = await eventually(() => h.conversation(id), (c) => lastCall(agentLeg(c)).disconnectType === 'transfer', { what: 'agent leg transferred' });
  assert.equal(lastCall(customerOf(conv)).state, 'connected', 'the customer stays, with the queue');
  assert.equal((await page.textContent('#agent-status')).trim(), 'Available');
  assertQuietConsole(page);
});

test('a watcher refused its channel (403) says live updates stopped and shows the error; the rest of the desk works', async () => {
  const other = await h.newPage();
  await h.control('POST', '/faults', { match: { operation: 'create-channel' }, fault: { type: 'status', status: 403 } });
  await other.goto(h.stack.url);
  await other.click('#signin-button');
  await other.waitForURL((u) => u.pathname === '/oauth/authorize');
  await other.click('button[value="allow"]');
  await other.waitForFunction(() => document.querySelector('#live')?.dataset.status === 'stopped');
  assert.equal((await other.textContent('#live')).trim(), 'Live call updates stopped.');
  assert.equal(await other.getAttribute('#error', 'data-kind'), 'forbidden');
  const socketRows = await other.$$eval('#log li[data-source="socket"]', (lis) => lis.map((li) => li.dataset.socket).reverse());
  assert.deepEqual(socketRows, ['connecting', 'stopped']);
  await other.fill('#number', '+1 317 555 0142');
  await other.waitForFunction(() => !document.querySelector('#dial').disabled);
  assertQuietConsole(other, [403]);
  await other.context().close();
});
