// The demo page, end to end in headless Chromium: the built package (dist/),
// imported by its bare name through an import map, under a strict CSP,
// against fake-genesys. What reached the server is checked at the server.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync } from 'node:fs';
import { chromium } from 'playwright-core';
import { startStack } from '../../scripts/serve.mjs';
import { SEED } from '../fake-genesys/org.mjs';

const DIST_ENTRY = new URL('../../dist/index.js', import.meta.url);
const TOKEN = SEED.tokens.agent;
const TIER2 = SEED.queues.find((q) => q.name === 'Support Tier 2');
const AGENT = SEED.users.find((u) => u.tokenKey === 'agent');

let stack;
let browser;
let page;
const consoleLines = [];
const pageErrors = [];
const requestedOrigins = new Set();

before(async () => {
  assert.ok(existsSync(DIST_ENTRY), 'dist/index.js is missing: run `node scripts/build.mjs` first');
  stack = await startStack({ port: 0, callSetupMs: 0 });
  browser = await chromium.launch({
    executablePath: '/usr/bin/chromium',
    args: ['--headless=new', '--no-sandbox', '--disable-gpu', '--disable-dev-shm-usage', '--disable-background-networking',
      '--disable-component-update', '--disable-sync', '--no-first-run'],
  });
  const context = await browser.newContext({ viewport: { width: 360, height: 800 } });
  page = await context.newPage();
  page.on('console', (m) => consoleLines.push({ type: m.type(), text: m.text() }));
  page.on('pageerror', (e) => pageErrors.push(String(e?.stack ?? e)));
  page.on('request', (r) => requestedOrigins.add(new URL(r.url()).origin));
});

after(async () => {
  await browser?.close();
  await stack?.close();
});

async function serverRequests() {
  const res = await fetch(`${stack.apiUrl}/__control/requests`);
  assert.equal(res.status, 200);
  return res.json();
}

test('dial and blind-transfer to a queue from the demo page', async () => {
  const pageRes = await page.goto(stack.url);
  assert.equal(pageRes.status(), 200);
  assert.match(pageRes.headers()['content-security-policy'], /script-src 'self' 'wasm-unsafe-eval'/);

  // Signed in: the agent's name comes from cc.me().
  await page.waitForFunction(() => document.querySelector('#agent-name')?.textContent.trim().length > 0);
  assert.equal((await page.textContent('#agent-name')).trim(), AGENT.name);

  // The E.164 form as you type.
  await page.fill('#number', '+1 (317) 555-0142');
  await page.waitForFunction(() => document.querySelector('#normalized').textContent.includes('+13175550142'));

  // Enter dials; the card follows the call.
  await page.press('#number', 'Enter');
  await page.waitForFunction(() => document.querySelector('#call-state').dataset.state === 'connected');
  const conversationId = (await page.textContent('#conversation-id')).trim();
  assert.match(conversationId, /^[0-9a-f-]{36}$/);

  // Queue search as you type; pick the result; transfer.
  await page.fill('#queue-search', 'Tier 2');
  const result = page.locator(`#queue-results button[data-queue-id="${TIER2.id}"]`);
  await result.waitFor();
  assert.equal((await result.textContent()).trim(), 'Support Tier 2');
  await result.click();
  await page.waitForFunction(() => !document.querySelector('#transfer').disabled);
  await page.click('#transfer');
  await page.waitForFunction(() => document.querySelector('#call-state').dataset.state === 'transferred');
  assert.equal(await page.isHidden('#error'), true, `unexpected error shown: ${await page.textContent('#error')}`);

  // The request log saw the page's requests.
  await page.waitForFunction(() => [...document.querySelectorAll('#log li')].some((li) => li.title.includes('/replace/queue')));

  // At the server: exactly one dial and one transfer, with the right bodies.
  const recorded = await serverRequests();
  const dials = recorded.filter((r) => r.method === 'POST' && r.path === '/api/v2/conversations/calls');
  assert.equal(dials.length, 1, `dial requests: ${JSON.stringify(dials.map((d) => d.body))}`);
  assert.equal(dials[0].body.phoneNumber, '+13175550142');
  assert.equal(dials[0].headers.authorization, `Bearer ${TOKEN}`);

  const transfers = recorded.filter((r) => r.method === 'POST' && /\/replace\/queue$/.test(r.path));
  assert.equal(transfers.length, 1, `transfer requests: ${JSON.stringify(transfers.map((t) => t.body))}`);
  assert.equal(transfers[0].body.queueId, TIER2.id);
  assert.ok(transfers[0].path.startsWith(`/api/v2/conversations/${conversationId}/participants/`));
  assert.equal(recorded.filter((r) => !['GET', 'OPTIONS', 'HEAD'].includes(r.method)).length, 2, 'no other writes reached the server');

  // The server's view of the call: the queue replaced the agent.
  const conv = await (await fetch(`${stack.apiUrl}/__control/conversations/${conversationId}`)).json();
  assert.ok(conv.participants.some((p) => p.purpose === 'acd' && p.queueId === TIER2.id), 'the queue joined the call');

  // The token never reached the DOM or the console; nothing was blocked.
  const html = await page.content();
  assert.equal(html.includes(TOKEN), false, 'token in the DOM');
  const text = await page.evaluate(() => document.body.innerText);
  assert.equal(text.includes(TOKEN), false, 'token in the page text');
  for (const line of consoleLines) assert.equal(line.text.includes(TOKEN), false, `token in console: ${line.text}`);
  const problems = consoleLines.filter((l) => l.type === 'error' || l.type === 'warning');
  assert.deepEqual(problems, [], 'console errors or warnings (CSP violations show up here)');
  assert.deepEqual(pageErrors, []);
  assert.deepEqual([...requestedOrigins].sort(), [new URL(stack.url).origin, new URL(stack.apiUrl).origin].sort(),
    'the page talked only to its own origin and the API');
});
