// Shared by the demo page's tests (not a test file): the npm-start stack, Chromium, sign-in through
// the fake org's PKCE flow, the control API, screenshots at 360 and 1280 px, axe-core.
import { before, after } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, mkdirSync } from 'node:fs';
import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';
import { chromium } from 'playwright-core';
import { startStack } from '../../scripts/serve.mjs';
import { SEED } from '../fake-genesys/org.mjs';

export { SEED };
export const ALEX = SEED.users.find((u) => u.tokenKey === 'agent');
export const queue = (name) => SEED.queues.find((q) => q.name === name);
export const ARTIFACTS = fileURLToPath(new URL('../../artifacts/', import.meta.url));
const DIST_ENTRY = new URL('../../dist/index.js', import.meta.url);
export const AXE_PATH = createRequire(import.meta.url).resolve('axe-core/axe.min.js');
const CHROMIUM_ARGS = ['--headless=new', '--no-sandbox', '--disable-gpu', '--disable-dev-shm-usage',
  '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run'];
export const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

/**
 * One stack and one browser for the test file. The returned object fills in before() runs:
 * {stack, browser, newPage(options) -> page with .consoleLines/.pageErrors/.origins}.
 */
export function useDemo({ callSetupMs = 1500 } = {}) {
  const h = { stack: undefined, browser: undefined, pages: [] };
  before(async () => {
    assert.ok(existsSync(DIST_ENTRY), 'dist/index.js is missing: run `node scripts/build.mjs` first');
    mkdirSync(ARTIFACTS, { recursive: true });
    h.stack = await startStack({ port: 0, callSetupMs });
    h.browser = await chromium.launch({ executablePath: '/usr/bin/chromium', args: CHROMIUM_ARGS });
  });
  after(async () => {
    await h.browser?.close();
    await h.stack?.close();
  });
  h.newPage = async ({ width = 360, height = 800, ...options } = {}) => {
    const context = await h.browser.newContext({ viewport: { width, height }, ...options });
    const page = await context.newPage();
    page.consoleLines = [];
    page.pageErrors = [];
    page.origins = new Set();
    page.on('console', (m) => page.consoleLines.push({ type: m.type(), text: m.text() }));
    page.on('pageerror', (e) => page.pageErrors.push(String(e?.stack ?? e)));
    page.on('request', (r) => page.origins.add(new URL(r.url()).origin));
    h.pages.push(page);
    return page;
  };
  h.control = async (method, path, body) => {
    const res = await fetch(`${h.stack.apiUrl}/__control${path}`, {
      method, headers: body ? { 'Content-Type': 'application/json' } : {}, body: body ? JSON.stringify(body) : undefined,
    });
    const json = await res.json();
    assert.ok(res.ok, `control ${method} ${path}: ${res.status} ${JSON.stringify(json)}`);
    return json;
  };
  h.conversation = (id) => h.control('GET', `/conversations/${id}`);
  return h;
}

/** Waits until the page's #id element has data-state `value` (or any of `value` when an array). */
export function waitForCallState(page, value, timeout = 10_000) {
  const wanted = [value].flat();
  return page.waitForFunction((w) => w.includes(document.querySelector('#call-state')?.dataset.state), wanted, { timeout });
}

/** Polls `read()` (a server read) until `check(value)` is true; returns the value. No fixed sleeps. */
export async function eventually(read, check, { timeout = 10_000, what = 'condition' } = {}) {
  const deadline = Date.now() + timeout;
  let value;
  for (;;) {
    value = await read();
    if (check(value)) return value;
    if (Date.now() > deadline) assert.fail(`timed out waiting for ${what}: ${JSON.stringify(value)?.slice(0, 600)}`);
    await new Promise((r) => setTimeout(r, 25)); // poll interval, not a fixed wait
  }
}

/**
 * Signs in through the fake org's Authorization Code + PKCE flow: the page redirects to
 * /oauth/authorize (the consent page), the test clicks Allow, the page exchanges the code.
 * Returns the authorize URL the page built.
 */
export async function signIn(page, h) {
  await page.goto(h.stack.url);
  await page.locator('#signin:not([hidden])').waitFor();
  await page.click('#signin-button');
  await page.waitForURL((u) => u.pathname === '/oauth/authorize');
  const authorizeUrl = new URL(page.url());
  await page.click('button[value="allow"]');
  await page.waitForFunction(() => document.querySelector('#agent-name')?.textContent.trim().length > 0);
  await waitForLive(page);
  return authorizeUrl;
}

/**
 * Waits until the page's watchCalls() socket is live (#live's data-status, from onStatus): its
 * channel, subscription and calls listing are done, so no later request of the test races them.
 */
export function waitForLive(page, timeout = 10_000) {
  return page.waitForFunction(() => document.querySelector('#live')?.dataset.status === 'live', undefined, { timeout });
}

/** The package's GET reads of one conversation (`GET /api/v2/conversations/{id}`) the server saw. */
export async function conversationReads(h, id) {
  const requests = await h.control('GET', '/requests');
  return requests.filter((r) => r.method === 'GET' && r.path.startsWith('/api/v2/conversations/') && r.path.includes(id));
}

/** Saves the page at 360 and 1280 px wide: artifacts/<name>-360.png and -1280.png. Restores the viewport. */
export async function shoot(page, name) {
  const original = page.viewportSize();
  for (const width of [360, 1280]) {
    await page.setViewportSize({ width, height: 800 });
    await page.screenshot({ path: `${ARTIFACTS}${name}-${width}.png`, fullPage: true, animations: 'disabled', caret: 'hide' });
  }
  await page.setViewportSize(original);
}

/** Runs axe-core (from node_modules) on the page; returns the serious and critical violations. */
export async function axeViolations(page) {
  if (!(await page.evaluate(() => typeof window.axe === 'object'))) await page.addScriptTag({ path: AXE_PATH });
  const result = await page.evaluate(() => window.axe.run(document, { resultTypes: ['violations'] }));
  return result.violations
    .filter((v) => v.impact === 'serious' || v.impact === 'critical')
    .map((v) => ({ id: v.id, impact: v.impact, help: v.help, nodes: v.nodes.map((n) => n.target.join(' ')) }));
}

/** The bearer tokens the fake saw from the page (read at the server). */
export async function tokensSeen(h) {
  const requests = await h.control('GET', '/requests');
  return [...new Set(requests.map((r) => /^Bearer (.+)$/.exec(r.headers.authorization ?? '')?.[1]).filter(Boolean))];
}

/** Asserts no token appears in the DOM, the page text, the console, or either storage. */
export async function assertNoTokenLeak(page, tokens) {
  assert.ok(tokens.length > 0, 'the page used a token');
  const html = await page.content();
  const text = await page.evaluate(() => document.body.innerText);
  const storage = await page.evaluate(() => JSON.stringify({
    session: Object.entries(sessionStorage), local: Object.entries(localStorage),
  }));
  for (const token of tokens) {
    assert.equal(html.includes(token), false, 'token in the DOM');
    assert.equal(text.includes(token), false, 'token in the page text');
    assert.equal(storage.includes(token), false, 'token in sessionStorage/localStorage');
    for (const line of page.consoleLines) assert.equal(line.text.includes(token), false, `token in console: ${line.text}`);
  }
}

/**
 * No console errors or warnings (CSP violations show up there), no uncaught exceptions. `httpStatuses`:
 * error statuses the test provoked on purpose, whose "Failed to load resource" lines Chromium logs.
 */
export function assertQuietConsole(page, httpStatuses = []) {
  const provoked = (l) => httpStatuses.some((s) => l.text.startsWith(`Failed to load resource: the server responded with a status of ${s} `));
  const problems = page.consoleLines.filter((l) => (l.type === 'error' || l.type === 'warning') && !provoked(l));
  assert.deepEqual(problems, [], 'console errors or warnings');
  assert.deepEqual(page.pageErrors, []);
}
