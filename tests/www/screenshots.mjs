// Screenshots of the demo page for review (not a test): artifacts/demo-*.png.
//   node tests/www/screenshots.mjs     (needs dist/; run `node scripts/build.mjs` first)
import { mkdirSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { chromium } from 'playwright-core';
import { startStack } from '../../scripts/serve.mjs';

const out = fileURLToPath(new URL('../../artifacts/', import.meta.url));
mkdirSync(out, { recursive: true });

const stack = await startStack({ port: 0, callSetupMs: 0 });
const browser = await chromium.launch({
  executablePath: '/usr/bin/chromium',
  args: ['--headless=new', '--no-sandbox', '--disable-gpu', '--disable-dev-shm-usage', '--disable-background-networking',
    '--disable-component-update', '--disable-sync', '--no-first-run'],
});

async function control(method, path, body) {
  const res = await fetch(`${stack.apiUrl}/__control${path}`, {
    method, headers: body ? { 'Content-Type': 'application/json' } : {}, body: body ? JSON.stringify(body) : undefined,
  });
  return res.json();
}

/** Dials, searches a queue and selects it: the widget mid-call. */
async function midCall(page) {
  await page.goto(stack.url);
  await page.waitForFunction(() => document.querySelector('#agent-name').textContent.trim().length > 0);
  await page.fill('#number', '+1 (317) 555-0142');
  await page.press('#number', 'Enter');
  await page.waitForFunction(() => document.querySelector('#call-state').dataset.state === 'connected');
  await page.fill('#queue-search', 'Support');
  await page.locator('#queue-results button').nth(1).waitFor();
  await page.locator('#queue-results button', { hasText: 'Support Tier 2' }).click();
  await page.focus('#transfer');
}

try {
  for (const [name, viewport, scheme] of [
    ['demo-360', { width: 360, height: 860 }, 'light'],
    ['demo-1280', { width: 1280, height: 860 }, 'light'],
    ['demo-1280-dark', { width: 1280, height: 860 }, 'dark'],
  ]) {
    await control('POST', '/reset');
    const page = await browser.newPage({ viewport, colorScheme: scheme });
    await midCall(page);
    await page.screenshot({ path: `${out}${name}.png`, fullPage: true });
    await page.close();
  }

  // After the transfer: the agent's leg ended, the queue holds the customer.
  await control('POST', '/reset');
  const done = await browser.newPage({ viewport: { width: 360, height: 860 } });
  await midCall(done);
  await done.click('#transfer');
  await done.waitForFunction(() => document.querySelector('#call-state').dataset.state === 'transferred');
  await done.screenshot({ path: `${out}demo-360-transferred.png`, fullPage: true });
  await done.close();

  // Error state: a transfer whose answer is a 503 (the outcome is unknown: maybeApplied).
  await control('POST', '/reset');
  const page = await browser.newPage({ viewport: { width: 360, height: 860 } });
  await midCall(page);
  await control('POST', '/faults', { match: { method: 'POST', path: '/api/v2/conversations/*' }, fault: { type: 'status', status: 503 } });
  await page.click('#transfer');
  await page.waitForSelector('#error:not([hidden])');
  await page.fill('#number', '+1 317');
  await page.screenshot({ path: `${out}demo-360-error.png`, fullPage: true });
  await page.close();
  console.log(`screenshots in ${out}`);
} finally {
  await browser.close();
  await stack.close();
}
