// Signing in: OAuth Authorization Code + PKCE (S256) against the fake org's /oauth endpoints, which
// check the verifier for real. The token stays in memory: never in storage, the URL, the DOM or a log.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createHash, randomBytes } from 'node:crypto';
import { useDemo, signIn, shoot, tokensSeen, assertNoTokenLeak, assertQuietConsole, ALEX } from './harness.mjs';
import { DEMO_CLIENT } from '../fake-genesys/routes-oauth.mjs';
import { DOMAINS } from '../../www/regions.js';

const h = useDemo({ callSetupMs: 0 });
const S256 = (v) => createHash('sha256').update(v, 'ascii').digest('base64url');

test('the page signs in with Authorization Code + PKCE: S256 challenge, state, verifier checked at the token endpoint', async () => {
  const page = await h.newPage();
  const res = await page.goto(h.stack.url);
  const csp = res.headers()['content-security-policy'];
  assert.match(csp, /script-src 'self' 'wasm-unsafe-eval' 'sha256-/);
  const connectSrc = / connect-src ([^;]+)/.exec(csp)[1].split(' ');
  for (const d of DOMAINS) {
    for (const origin of [`https://login.${d}`, `https://api.${d}`, `wss://streaming.${d}`]) {
      assert.ok(connectSrc.includes(origin), `connect-src lists ${origin}`);
    }
  }
  assert.ok(connectSrc.includes(h.stack.apiUrl), 'connect-src lists the fake org');
  assert.ok(connectSrc.includes(h.stack.apiUrl.replace(/^http:/, 'ws:')), 'connect-src lists the fake org\'s notification socket (ws:)');
  assert.equal(connectSrc.filter((s) => s.includes('*')).length, 0, 'no wildcard');
  await page.locator('#signin:not([hidden])').waitFor();
  assert.equal(await page.inputValue('#signin-org'), 'fake', 'the embedded fake org is the default');
  assert.equal(await page.locator('#signin-org option').count(), 19, 'the fake org and the 18 regions');
  assert.equal(await page.inputValue('#signin-client'), DEMO_CLIENT.id);
  assert.equal(await page.isHidden('#dev'), true, 'no developer drawer before sign-in');
  await shoot(page, 'signin');

  await page.click('#signin-button');
  await page.waitForURL((u) => u.pathname === '/oauth/authorize');
  const authorize = new URL(page.url());
  assert.equal(authorize.origin, h.stack.apiUrl, 'the fake org is its own login host');
  const q = authorize.searchParams;
  assert.equal(q.get('response_type'), 'code');
  assert.equal(q.get('client_id'), DEMO_CLIENT.id);
  assert.equal(q.get('redirect_uri'), h.stack.url);
  assert.equal(q.get('code_challenge_method'), 'S256');
  assert.match(q.get('code_challenge'), /^[A-Za-z0-9_-]{43}$/);
  assert.match(q.get('state'), /^[A-Za-z0-9\-._~]{43,}$/);
  assert.deepEqual([...q.keys()].sort(), ['client_id', 'code_challenge', 'code_challenge_method', 'redirect_uri', 'response_type', 'state']);
  await shoot(page, 'signin-consent');

  await page.click('button[value="allow"]');
  await page.waitForFunction(() => document.querySelector('#agent-name')?.textContent.trim().length > 0);
  assert.equal((await page.textContent('#agent-name')).trim(), ALEX.name);
  assert.equal(page.url(), h.stack.url, 'code and state left the address bar');
  assert.deepEqual(await page.evaluate(() => Object.keys(sessionStorage)), [], 'the PKCE flow record is gone once used');
  assert.equal(await page.isVisible('#dev summary'), true, 'the developer drawer is there for the fake org');
  assert.equal(await page.getAttribute('#dev', 'open'), null, 'collapsed by default');

  // At the token endpoint: a form post with the verifier whose S256 is the challenge; no secret.
  const { log } = await h.control('GET', '/oauth');
  const exchanges = log.filter((e) => e.endpoint === 'token');
  assert.equal(exchanges.length, 1);
  const [tokenRequest] = exchanges;
  assert.equal(tokenRequest.status, 200);
  assert.equal(tokenRequest.basicAuth, false);
  assert.deepEqual(Object.keys(tokenRequest.params).sort(), ['client_id', 'code', 'code_verifier', 'grant_type', 'redirect_uri']);
  assert.equal(tokenRequest.params.grant_type, 'authorization_code');
  assert.equal(tokenRequest.params.redirect_uri, h.stack.url);
  assert.match(tokenRequest.params.code_verifier, /^[A-Za-z0-9\-._~]{43,128}$/);
  assert.equal(S256(tokenRequest.params.code_verifier), q.get('code_challenge'));

  // The API saw the issued token; the page kept it out of storage, the DOM and the console.
  const tokens = await tokensSeen(h);
  assert.equal(tokens.length, 1);
  assert.match(tokens[0], /^fake-oauth-/);
  await assertNoTokenLeak(page, tokens);
  assert.equal((await page.textContent('#log')).includes(tokenRequest.params.code), false, 'the code is not logged');
  // The log: the page's own requests tagged host, the package's from its onRequest (attempt 1), then
  // watchCalls() setting up: its socket's state (onStatus), its channel, subscription and calls listing.
  const rows = await page.$$eval('#log li', (lis) => lis.map((li) => (li.dataset.source === 'socket'
    ? `socket ${li.dataset.socket}`
    : `${li.dataset.source} ${li.dataset.method} ${li.dataset.path} ${li.dataset.status} ${li.dataset.attempt ?? '-'}`)).reverse());
  assert.deepEqual(rows.map((r) => r.replace(/streaming-0-…\w{4}/, 'CHANNEL')), [
    'host GET /config.json 200 -', 'host POST /oauth/token 200 -', 'package GET /api/v2/users/me 200 1',
    'socket connecting',
    'package POST /api/v2/notifications/channels 200 1',
    'package PUT /api/v2/notifications/channels/CHANNEL/subscriptions 200 1',
    'package GET /api/v2/conversations/calls 200 1',
    'socket live',
  ]);
  assertQuietConsole(page);
  await page.context().close();
});

test('the token endpoint rejects a wrong verifier (invalid_grant) and accepts the right one', async () => {
  const redirect = 'http://127.0.0.1:1/';
  async function codeFor(challenge) {
    const params = new URLSearchParams({
      client_id: DEMO_CLIENT.id, redirect_uri: redirect, response_type: 'code', code_challenge: challenge, code_challenge_method: 'S256', state: 's',
    });
    const consentPage = await (await fetch(`${h.stack.apiUrl}/oauth/authorize?${params}`)).text();
    const consent = /name="consent" value="([^"]+)"/.exec(consentPage)[1];
    const back = await fetch(`${h.stack.apiUrl}/oauth/authorize`, {
      method: 'POST', redirect: 'manual', body: new URLSearchParams({ consent, user: ALEX.id, decision: 'allow' }),
    });
    return new URL(back.headers.get('location')).searchParams.get('code');
  }
  const exchange = (code, verifier) => fetch(`${h.stack.apiUrl}/oauth/token`, {
    method: 'POST',
    body: new URLSearchParams({ grant_type: 'authorization_code', code, code_verifier: verifier, client_id: DEMO_CLIENT.id, redirect_uri: redirect }),
  });
  const verifier = randomBytes(48).toString('base64url');

  const wrong = await exchange(await codeFor(S256(verifier)), randomBytes(48).toString('base64url'));
  assert.equal(wrong.status, 400);
  const body = await wrong.json();
  assert.equal(body.error, 'invalid_grant');
  assert.equal(body.access_token, undefined);

  const right = await exchange(await codeFor(S256(verifier)), verifier);
  assert.equal(right.status, 200);
  assert.match((await right.json()).access_token, /^fake-oauth-/);
});

test('an answer whose state this tab did not send is refused before any token request', async () => {
  const page = await h.newPage();
  await page.goto(h.stack.url);
  await page.click('#signin-button');
  await page.waitForURL((u) => u.pathname === '/oauth/authorize');
  const before = (await h.control('GET', '/oauth')).log.filter((e) => e.endpoint === 'token').length;
  await page.goto(`${h.stack.url}?code=forged-code-value&state=forged-state-value`);
  await page.waitForFunction(() => document.querySelector('#error')?.dataset.kind === 'sign_in');
  assert.match(await page.textContent('#error'), /state_mismatch/);
  assert.equal(await page.isVisible('#signin'), true);
  assert.equal(page.url(), h.stack.url);
  assert.deepEqual(await page.evaluate(() => Object.keys(sessionStorage)), [], 'the unused flow record is dropped too');
  assert.equal((await h.control('GET', '/oauth')).log.filter((e) => e.endpoint === 'token').length, before, 'no exchange was tried');
  await shoot(page, 'signin-error');
  await page.context().close();
});

test('Deny on the consent page comes back as access_denied; signing in again works', async () => {
  const page = await h.newPage();
  await page.goto(h.stack.url);
  await page.click('#signin-button');
  await page.waitForURL((u) => u.pathname === '/oauth/authorize');
  await page.click('button[value="deny"]');
  await page.waitForFunction(() => document.querySelector('#error')?.dataset.kind === 'sign_in');
  assert.match(await page.textContent('#error'), /access_denied/);
  await signIn(page, h);
  assert.equal(await page.isHidden('#error'), true);
  await page.click('#signout');
  await page.locator('#signin:not([hidden])').waitFor();
  assert.equal((await page.textContent('#agent-status')).trim(), 'Signed out');
  await page.context().close();
});
