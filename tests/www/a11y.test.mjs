// Accessibility: axe-core (npm, injected from node_modules) finds no serious or critical violation in
// the widget's main states, light and dark. axe is injected as an inline script, which the page's
// strict CSP forbids, so this file alone runs with bypassCSP; every other file keeps the CSP on.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { useDemo, signIn, waitForCallState, waitForLive, axeViolations, shoot, queue, ALEX } from './harness.mjs';

const h = useDemo({ callSetupMs: 0 });
const BILLING = queue('Billing');

async function assertAccessible(page, state) {
  const violations = await axeViolations(page);
  assert.deepEqual(violations, [], `axe: serious or critical violations in "${state}"`);
}

for (const colorScheme of ['light', 'dark']) {
  test(`no serious or critical axe violations (${colorScheme}): sign-in, idle, reconnecting, consult, incoming, error`, async () => {
    const page = await h.newPage({ bypassCSP: true, colorScheme });
    await page.goto(h.stack.url);
    await page.locator('#signin:not([hidden])').waitFor();
    await assertAccessible(page, 'sign-in');

    await signIn(page, h);
    await page.click('#dev summary');
    await assertAccessible(page, 'signed in, idle, developer drawer open');

    // The notification socket down: the "Reconnecting…" line (held for 2 s by a slow channel check).
    await h.control('POST', '/faults', { match: { method: 'HEAD', path: '/api/v2/notifications/channels/*' }, fault: { type: 'delay', ms: 2000 } });
    await h.control('POST', '/notifications/drop', { userId: ALEX.id });
    await page.waitForFunction(() => document.querySelector('#live').dataset.status === 'reconnecting');
    await assertAccessible(page, 'socket reconnecting');
    await waitForLive(page, 15_000);

    await page.fill('#number', '+1 317 555 0142');
    await page.press('#number', 'Enter');
    await waitForCallState(page, 'connected');
    await page.check('#mode-consult');
    await page.fill('#queue-search', 'Bill');
    await page.locator(`#queue-results button[data-queue-id="${BILLING.id}"]`).click();
    await page.click('#transfer');
    await waitForCallState(page, 'consulting');
    await assertAccessible(page, 'consult in progress');
    if (colorScheme === 'dark') await shoot(page, 'consult-dark');

    await page.click('#consult-cancel');
    await page.locator('#transfer-form:not([hidden])').waitFor();
    await page.click('#hangup');
    await waitForCallState(page, 'ended');
    await page.click('#dev-offer');
    await waitForCallState(page, 'incoming');
    await assertAccessible(page, 'incoming call');

    await page.click('#answer');
    await waitForCallState(page, 'connected');
    await h.control('POST', '/faults', { match: { operation: 'transfer' }, fault: { type: 'status', status: 503 } });
    await page.click('#mode-blind');
    await page.click('#transfer');
    await page.locator('#error [data-testid="maybe-applied"]').waitFor();
    await assertAccessible(page, 'error with the maybe-applied warning');
    await page.context().close();
  });
}
