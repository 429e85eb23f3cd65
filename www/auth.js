// Sign-in with OAuth 2 Authorization Code + PKCE (S256), for a public browser client: no secret.
// genesys-api.md §10: authorize at https://login.<domain>/oauth/authorize with code_challenge and
// code_challenge_method=S256, exchange at https://login.<domain>/oauth/token with a form body
// grant_type=authorization_code&code&code_verifier&client_id&redirect_uri and no Basic auth.
//
// Only the flow record (verifier, state, where to exchange) is kept, in sessionStorage, between the
// redirect out and the redirect back; it is removed the moment the page comes back. The access token
// is returned to the caller and lives in memory only.
import { addSecret } from './secrets.js';
import { hostFetch } from './log.js';

const FLOW_KEY = 'genesys-callctl-demo:pkce';
const UNRESERVED = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-._~'; // 66 characters
const FLOW_TTL_MS = 10 * 60_000;

/** A sign-in failure, shown like a package error: kind `sign_in`, the OAuth `error` as code. */
export class SignInError extends Error {
  constructor(code, message, status) {
    super(message);
    this.name = 'SignInError';
    this.kind = 'sign_in';
    this.code = code;
    this.status = status;
  }
}

/** `length` characters drawn uniformly from the unreserved set (RFC 7636 §4.1: 43-128). */
export function randomUnreserved(length) {
  if (!(Number.isInteger(length) && length >= 43 && length <= 128)) throw new RangeError('a PKCE verifier is 43-128 characters');
  let out = '';
  while (out.length < length) {
    for (const b of crypto.getRandomValues(new Uint8Array(length))) {
      // 198 = 3 × 66: bytes at or above it are dropped, so every character is equally likely.
      if (b < 198 && out.length < length) out += UNRESERVED[b % 66];
    }
  }
  return out;
}

function base64url(bytes) {
  let bin = '';
  for (const b of new Uint8Array(bytes)) bin += String.fromCharCode(b);
  return btoa(bin).replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, '');
}

/** BASE64URL(SHA-256(ASCII(verifier))): the S256 code challenge. */
export async function challengeOf(verifier) {
  return base64url(await crypto.subtle.digest('SHA-256', new TextEncoder().encode(verifier)));
}

/** The page's own address without query or fragment: the redirect URI to register on the OAuth client. */
export const redirectUri = () => `${location.origin}${location.pathname}`;

/**
 * Starts a sign-in: keeps the flow record in sessionStorage and leaves for the login host.
 * `org` is 'fake' or a Genesys domain; `loginBase` is https://login.<domain> (or the fake's origin).
 */
export async function beginSignIn({ org, loginBase, apiBase, clientId }) {
  const verifier = randomUnreserved(96);
  const state = randomUnreserved(43);
  const flow = { org, loginBase, apiBase, clientId, redirectUri: redirectUri(), verifier, state, startedAt: Date.now() };
  const url = new URL('/oauth/authorize', loginBase);
  url.search = new URLSearchParams({
    client_id: clientId,
    response_type: 'code',
    redirect_uri: flow.redirectUri,
    code_challenge: await challengeOf(verifier),
    code_challenge_method: 'S256',
    state,
  }).toString();
  sessionStorage.setItem(FLOW_KEY, JSON.stringify(flow));
  location.assign(url.href);
}

/**
 * When this page load is the login host's redirect back (`?code=` or `?error=`): checks `state`,
 * exchanges the code, and resolves {token, expiresAt, org, apiBase, loginBase}. Otherwise undefined.
 * Rejects with a SignInError.
 */
export async function finishSignIn() {
  const q = new URLSearchParams(location.search);
  if (!q.has('code') && !q.has('error')) return undefined;
  // The code leaves the address bar (and the history entry) before anything else happens.
  history.replaceState(null, '', location.pathname);
  const code = q.get('code');
  addSecret(code);
  const raw = sessionStorage.getItem(FLOW_KEY);
  sessionStorage.removeItem(FLOW_KEY);
  let flow;
  try { flow = JSON.parse(raw ?? 'null'); } catch { flow = null; }
  if (!flow?.verifier) throw new SignInError('no_flow', 'No sign-in was started in this tab, so its answer cannot be used. Sign in again.');
  addSecret(flow.verifier);
  if (q.get('state') !== flow.state) throw new SignInError('state_mismatch', 'The sign-in answer does not belong to the request this tab made (state differs). Sign in again.');
  if (q.has('error')) throw new SignInError(q.get('error'), q.get('error_description') || 'The login host refused the sign-in.');
  if (Date.now() - flow.startedAt > FLOW_TTL_MS) throw new SignInError('expired', 'The sign-in took too long. Sign in again.');

  let res;
  try {
    res = await hostFetch(new URL('/oauth/token', flow.loginBase), {
      method: 'POST',
      headers: { 'Content-Type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({
        grant_type: 'authorization_code', code, code_verifier: flow.verifier, client_id: flow.clientId, redirect_uri: flow.redirectUri,
      }),
      credentials: 'omit',
      cache: 'no-store',
    });
  } catch {
    throw new SignInError('network', `The token endpoint ${flow.loginBase} could not be reached.`);
  }
  let body;
  try { body = await res.json(); } catch { body = undefined; }
  if (!res.ok || typeof body?.access_token !== 'string') {
    throw new SignInError(body?.error ?? 'token_error', body?.error_description ?? `The token endpoint answered HTTP ${res.status}.`, res.status);
  }
  addSecret(body.access_token);
  const expiresIn = Number.isFinite(body.expires_in) ? body.expires_in : 0;
  return { token: body.access_token, expiresAt: expiresIn ? Date.now() + expiresIn * 1000 : undefined, org: flow.org, apiBase: flow.apiBase, loginBase: flow.loginBase };
}
