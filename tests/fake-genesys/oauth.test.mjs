// The login host's Authorization Code + PKCE flow (routes-oauth.mjs): consent, code, real S256 check.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { useServer, control, user } from './harness.mjs';
import { DEMO_CLIENT, s256 } from './routes-oauth.mjs';

const h = useServer();
const REDIRECT = 'http://127.0.0.1:9999/';
const ALEX = user('agent');
const BLAIR = user('agent2');

const verifier = () => randomBytes(48).toString('base64url'); // 64 unreserved characters

/** GET /oauth/authorize, then submits the consent form; returns the redirect's URL. */
async function authorize({ challenge, state = 'st-1', decision = 'allow', userId = ALEX.id, params = {} }) {
  const q = new URLSearchParams({
    client_id: DEMO_CLIENT.id, redirect_uri: REDIRECT, response_type: 'code', code_challenge: challenge,
    code_challenge_method: 'S256', state, ...params,
  });
  const page = await fetch(`${h.url}/oauth/authorize?${q}`, { redirect: 'manual' });
  if (page.status === 302) return new URL(page.headers.get('location'));
  assert.equal(page.status, 200);
  const html = await page.text();
  const consent = /name="consent" value="([^"]+)"/.exec(html)[1];
  const res = await fetch(`${h.url}/oauth/authorize`, {
    method: 'POST', redirect: 'manual', headers: { 'Content-Type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams({ consent, user: userId, decision }),
  });
  assert.equal(res.status, 302);
  return new URL(res.headers.get('location'));
}

async function exchange(fields) {
  const res = await fetch(`${h.url}/oauth/token`, {
    method: 'POST', headers: { 'Content-Type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams({ grant_type: 'authorization_code', client_id: DEMO_CLIENT.id, redirect_uri: REDIRECT, ...fields }),
  });
  return { status: res.status, json: await res.json(), headers: res.headers };
}

test('the code exchanged with the right verifier gives a token bound to the chosen user', async () => {
  const v = verifier();
  const back = await authorize({ challenge: s256(v), userId: BLAIR.id });
  assert.equal(back.origin + back.pathname, REDIRECT);
  assert.equal(back.searchParams.get('state'), 'st-1');
  const { status, json, headers } = await exchange({ code: back.searchParams.get('code'), code_verifier: v });
  assert.equal(status, 200);
  assert.equal(json.token_type, 'bearer');
  assert.ok(json.expires_in > 0);
  assert.equal(headers.get('cache-control'), 'no-store');
  assert.equal(headers.get('access-control-allow-origin'), '*');
  const me = await fetch(`${h.url}/api/v2/users/me`, { headers: { Authorization: `Bearer ${json.access_token}` } });
  assert.equal((await me.json()).id, BLAIR.id);
});

test('a wrong verifier is invalid_grant, and the code is burned', async () => {
  const v = verifier();
  const code = (await authorize({ challenge: s256(v) })).searchParams.get('code');
  const wrong = await exchange({ code, code_verifier: verifier() });
  assert.equal(wrong.status, 400);
  assert.equal(wrong.json.error, 'invalid_grant');
  assert.match(wrong.json.error_description, /PKCE/);
  const again = await exchange({ code, code_verifier: v });
  assert.equal(again.status, 400);
  assert.equal(again.json.error, 'invalid_grant');
});

test('a code is single use, bound to its redirect_uri, and the verifier must be 43-128 unreserved characters', async () => {
  const v = verifier();
  const code = (await authorize({ challenge: s256(v) })).searchParams.get('code');
  assert.equal((await exchange({ code, code_verifier: v })).status, 200);
  assert.equal((await exchange({ code, code_verifier: v })).json.error, 'invalid_grant');

  const code2 = (await authorize({ challenge: s256(v) })).searchParams.get('code');
  assert.equal((await exchange({ code: code2, code_verifier: v, redirect_uri: 'http://127.0.0.1:9999/other' })).json.error, 'invalid_grant');

  const short = 'a'.repeat(42);
  const code3 = (await authorize({ challenge: s256(short) })).searchParams.get('code');
  assert.equal((await exchange({ code: code3, code_verifier: short })).json.error, 'invalid_grant');
});

test('authorize refuses plain PKCE and a foreign redirect URI; deny redirects with access_denied', async () => {
  const plain = await authorize({ challenge: s256(verifier()), params: { code_challenge_method: 'plain' } });
  assert.equal(plain.searchParams.get('error'), 'invalid_request');
  assert.equal(plain.searchParams.get('state'), 'st-1');

  const q = new URLSearchParams({ client_id: DEMO_CLIENT.id, redirect_uri: 'https://evil.example/', response_type: 'code', code_challenge: s256(verifier()), code_challenge_method: 'S256' });
  const evil = await fetch(`${h.url}/oauth/authorize?${q}`, { redirect: 'manual' });
  assert.equal(evil.status, 400, 'never redirects to an unregistered URI');

  const denied = await authorize({ challenge: s256(verifier()), decision: 'deny', state: 'st-2' });
  assert.equal(denied.searchParams.get('error'), 'access_denied');
  assert.equal(denied.searchParams.get('state'), 'st-2');
  assert.equal(denied.searchParams.get('code'), null);
});

test('the token endpoint wants a form body, grant_type authorization_code and no secret; the log is under /__control/oauth', async () => {
  const json = await fetch(`${h.url}/oauth/token`, { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: '{}' });
  assert.equal((await json.json()).error, 'invalid_request');
  assert.equal((await exchange({ grant_type: 'client_credentials' })).json.error, 'unsupported_grant_type');
  assert.equal((await exchange({ code: 'x', code_verifier: verifier(), client_secret: 's' })).json.error, 'invalid_request');
  assert.equal((await exchange({ client_id: 'nope', code: 'x', code_verifier: verifier() })).json.error, 'invalid_client');
  const { log } = await control(h, 'GET', '/oauth');
  assert.ok(log.some((e) => e.endpoint === 'token' && e.error === 'unsupported_grant_type'));
});
