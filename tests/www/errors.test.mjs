// Errors as the agent sees them: kind, message, correlation id (the one the server sent), retry-after,
// the "may have been placed" warning; faults injected from the page's own developer drawer.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import {
  useDemo, signIn, shoot, waitForCallState, tokensSeen, assertNoTokenLeak, assertQuietConsole, queue, ALEX, UUID,
} from './harness.mjs';

const h = useDemo({ callSetupMs: 0 });
const TIER2 = queue('Support Tier 2');
let page;
const correlationIds = new Map(); // `${status} ${method} ${path}` -> ININ-Correlation-Id the browser received

const lastCall = (p) => p.calls[p.calls.length - 1];
const errorKind = () => page.getAttribute('#error', 'data-kind');
const shownCorrelationId = async () => (await page.textContent('#error [data-testid="correlation-id"]')).trim();

test('a 429 whose Retry-After is over the cap surfaces at once as rate_limited, with its correlation id', async () => {
  page = await h.newPage();
  page.on('response', async (r) => {
    const id = r.headers()['inin-correlation-id'];
    if (id && r.request().method() !== 'OPTIONS') correlationIds.set(`${r.status()} ${r.request().method()} ${new URL(r.url()).pathname}`, id);
  });
  await signIn(page, h);
  await page.click('#dev summary');
  await page.click('#dev-429');
  await page.waitForFunction(() => document.querySelector('#dev-status').textContent.includes('429'));
  await h.control('DELETE', '/requests');

  await page.fill('#number', '+1 317 555 0190');
  await page.press('#number', 'Enter');
  await page.locator('#error:not([hidden])').waitFor();
  assert.equal(await errorKind(), 'rate_limited');
  const text = await page.textContent('#error');
  assert.match(text, /retry after\s*60 s/);
  assert.equal(await shownCorrelationId(), correlationIds.get('429 POST /api/v2/conversations/calls'));
  assert.match(await shownCorrelationId(), UUID);
  assert.equal(await page.locator('#error [data-testid="maybe-applied"]').count(), 0, 'a 429 was not applied');

  const requests = await h.control('GET', '/requests');
  assert.equal(requests.filter((r) => r.method === 'POST').length, 1, 'not retried: 60 s is over the 30 s cap');
  assert.equal((await h.control('GET', '/state')).conversations.length, 0, 'no call was placed');
  assert.deepEqual(await h.control('GET', '/faults'), []);
  await shoot(page, 'error-429');
});

test('a 403 on the next transfer is shown as forbidden with the permissions and correlation id; nothing moved', async () => {
  await page.click('#error .error-close');
  await page.press('#number', 'Enter');
  await waitForCallState(page, 'connected');
  const id = (await page.textContent('#conversation-id')).trim();

  await page.click('#dev-403');
  await page.waitForFunction(() => document.querySelector('#dev-status').textContent.includes('403 on next transfer'));
  await page.fill('#queue-search', 'Tier 2');
  await page.locator(`#queue-results button[data-queue-id="${TIER2.id}"]`).click();
  await page.click('#transfer');
  await page.locator('#error:not([hidden])').waitFor();
  assert.equal(await errorKind(), 'forbidden');
  assert.match(await page.textContent('#error'), /conversation:communication:blindTransfer/);
  const pathOf = [...correlationIds.keys()].find((k) => k.startsWith('403 POST') && k.endsWith('/replace/queue'));
  assert.ok(pathOf, 'the browser saw the 403');
  assert.equal(await shownCorrelationId(), correlationIds.get(pathOf));

  const conv = await h.conversation(id);
  const agent = conv.participants.find((p) => p.userId === ALEX.id);
  assert.equal(lastCall(agent).state, 'connected', 'the agent is still on the call');
  assert.equal(conv.participants.some((p) => p.purpose === 'acd'), false, 'no queue joined');
  await waitForCallState(page, 'connected');
  await shoot(page, 'error-403');
});

test('a transfer answered 503 may have been applied: the warning says to check before retrying', async () => {
  await h.control('POST', '/faults', { match: { operation: 'transfer' }, fault: { type: 'status', status: 503 } });
  await page.click('#transfer');
  await page.waitForFunction(() => document.querySelector('#error')?.dataset.kind === 'server');
  assert.match(await page.textContent('#error [data-testid="maybe-applied"]'), /may have been applied — check the call before retrying/);
  await page.click('#hangup');
  await waitForCallState(page, 'ended');
});

test('a dial answered 503 may have been placed: the warning says to check before retrying', async () => {
  await page.click('#call-dismiss');
  await h.control('POST', '/faults', { match: { operation: 'dial' }, fault: { type: 'status', status: 503 } });
  await page.press('#number', 'Enter');
  await page.waitForFunction(() => document.querySelector('#error')?.dataset.kind === 'server');
  assert.equal((await page.textContent('#error [data-testid="maybe-applied"]')).trim(), 'The call may have been placed — check before retrying.');
  await shoot(page, 'error-maybe-placed');

  await assertNoTokenLeak(page, await tokensSeen(h));
  assertQuietConsole(page, [429, 403, 503]);
});

test('the request log: a 429 retried by the package is attempt 1 (429 rate_limited) then attempt 2 (2xx); the page\'s own requests are tagged host', async () => {
  await page.click('#error .error-close');
  await page.click('#log-clear');
  await h.control('DELETE', '/requests');
  // Retry-After 0.05 s is under the package's cap: it waits and sends the dial again.
  await h.control('POST', '/faults', { match: { operation: 'dial' }, fault: { type: 'status', status: 429, retryAfter: 0.05 } });
  await page.fill('#number', '+1 317 555 0191');
  await page.press('#number', 'Enter');
  await waitForCallState(page, ['ringing', 'connected']);
  assert.equal(await page.isHidden('#error'), true, 'the retry succeeded: no error shown');

  const DIAL = '/api/v2/conversations/calls';
  const rows = () => page.$$eval('#log li', (lis) => lis.map((li) => ({ ...li.dataset, text: li.textContent })));
  const dials = (await rows()).filter((r) => r.method === 'POST' && r.path === DIAL).reverse(); // oldest first
  assert.deepEqual(dials.map(({ source, status, attempt, outcome }) => ({ source, status, attempt, outcome })), [
    { source: 'package', status: '429', attempt: '1', outcome: 'rate_limited' },
    { source: 'package', status: '200', attempt: '2', outcome: 'ok' },
  ], 'one row per attempt, from onRequest, never also from a fetch wrapper');
  assert.match(dials[0].text, /429 rate_limited/, 'the outcome kind of the failed attempt is shown');
  assert.match(dials[0].text, /#1$/);
  assert.match(dials[1].text, /#2$/);
  const sent = (await h.control('GET', '/requests')).filter((r) => r.method === 'POST' && r.path === DIAL);
  assert.equal(sent.length, 2, 'the server saw both attempts, as the log says');

  // The page's own requests: the control API from the drawer, tagged host, never counted as attempts.
  await page.click('#dev-clear');
  await page.waitForFunction(() => [...document.querySelectorAll('#log li[data-source="host"]')].some((li) => li.dataset.path === '/__control/faults' && li.dataset.method === 'DELETE'));
  const host = (await rows()).filter((r) => r.source === 'host');
  assert.ok(host.every((r) => r.kind === 'control' && r.attempt === undefined && r.text.startsWith(`${r.method}host `)), JSON.stringify(host));
  assert.ok((await rows()).every((r) => r.source === 'host' || r.kind === 'api'), 'the package only reports API requests');

  const all = await page.textContent('#log');
  for (const t of await tokensSeen(h)) assert.equal(all.includes(t), false, 'no token in the log');
  await page.click('#hangup');
  await waitForCallState(page, 'ended');
  assertQuietConsole(page, [429, 403, 503]);
});
