// The login host's OAuth 2 Authorization Code grant with PKCE (S256), for a public browser client
// (genesys-api.md §10). Served on the fake's own origin, which stands in for https://login.<domain>:
//   GET  /oauth/authorize?client_id&redirect_uri&response_type=code&code_challenge&code_challenge_method=S256[&state][&scope]
//        -> 200 a consent page (pick the user to sign in as; Allow / Deny)
//   POST /oauth/authorize  (the consent form) -> 302 redirect_uri?code=…&state=…   (Deny: ?error=access_denied&state=…)
//   POST /oauth/token      application/x-www-form-urlencoded
//        grant_type=authorization_code&code&code_verifier&client_id&redirect_uri   (no client secret, no Basic auth)
//        -> 200 {access_token, token_type:"bearer", expires_in};  400 {error, error_description}
// PKCE is verified for real: BASE64URL(SHA-256(code_verifier)) must equal the code_challenge sent to
// /oauth/authorize, or the token request fails with 400 invalid_grant. A code is single use and lives
// 60 s; any failed exchange burns it. The access token is registered like POST /__control/tokens, bound
// to the chosen user with that user's permissions (so POST /__control/reset forgets it).
import { createHash, randomBytes, randomUUID } from 'node:crypto';

/** The demo's OAuth client (a public "Code Authorization" client with PKCE). */
export const DEMO_CLIENT = Object.freeze({ id: '9f1c2e4a-6b3d-4e5f-8a7b-0c1d2e3f4a5b', name: 'genesys-callctl demo desktop' });

const CODE_TTL_MS = 60_000;
const TOKEN_TTL_S = 86_399;
const UNRESERVED = /^[A-Za-z0-9\-._~]{43,128}$/;
const CHALLENGE = /^[A-Za-z0-9_-]{43}$/;

/** Per-server OAuth state: pending consents, issued codes, and a log of the requests (for tests). */
class OAuthStore {
  constructor() {
    this.pending = new Map(); // consent id -> authorize params
    this.codes = new Map(); // code -> {clientId, redirectUri, challenge, userId, expires}
    this.log = [];
  }

  record(entry) {
    this.log.push({ seq: this.log.length + 1, at: new Date().toISOString(), ...entry });
    if (this.log.length > 200) this.log.shift();
  }

  view() {
    return { clients: [{ ...DEMO_CLIENT, redirectUris: 'any http://127.0.0.1, http://[::1] or http://localhost URL' }], log: this.log };
  }
}

export const oauthStore = (state) => (state.oauth ??= new OAuthStore());

export const s256 = (verifier) => createHash('sha256').update(verifier, 'ascii').digest('base64url');

/**
 * Real Genesys matches a client's registered redirect URIs exactly. The demo's port is chosen at run
 * time, so the fake accepts any loopback http(s) URL without a fragment for its one client.
 */
function redirectAllowed(clientId, redirectUri) {
  if (clientId !== DEMO_CLIENT.id) return false;
  try {
    const u = new URL(redirectUri);
    return ['http:', 'https:'].includes(u.protocol) && ['127.0.0.1', '[::1]', 'localhost'].includes(u.hostname) && !u.hash;
  } catch {
    return false;
  }
}

const esc = (s) => String(s).replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);

function html(status, title, body, formOrigin) {
  const page = `<!doctype html><html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<title>${esc(title)} · fake-genesys login</title><style>
body{margin:0;font:15px/1.5 system-ui,sans-serif;background:#f3f4f7;color:#1a1d23}
main{max-width:400px;margin:40px auto;padding:24px;background:#fff;border:1px solid #e2e5ea;border-radius:12px}
h1{font-size:20px;margin:0 0 8px}p{margin:0 0 12px}label{display:block;font-weight:600;margin:12px 0 4px}
select{width:100%;height:38px;font:inherit}ul{padding-left:20px;color:#5d6573}
.row{display:flex;gap:8px;margin-top:16px}button{flex:1;height:40px;font:inherit;font-weight:600;border-radius:8px;cursor:pointer}
.allow{background:#2450d3;color:#fff;border:0}.deny{background:#fff;border:1px solid #c9ced6;color:#1a1d23}
button:focus-visible,select:focus-visible{outline:3px solid #2450d3;outline-offset:2px}.muted{color:#5d6573;font-size:13px}main>p.muted:last-child{margin:16px 0 0}
</style></head><body><main>${body}</main></body></html>`;
  const csp = ["default-src 'none'", "style-src 'unsafe-inline'", `form-action 'self'${formOrigin ? ` ${formOrigin}` : ''}`, "frame-ancestors 'none'", "base-uri 'none'"];
  return {
    status,
    rawBody: page,
    contentType: 'text/html; charset=utf-8',
    headers: { 'Content-Security-Policy': csp.join('; '), 'Cache-Control': 'no-store', 'Referrer-Policy': 'no-referrer' },
  };
}

const errorPage = (message) => html(400, 'Sign-in error', `<h1>Sign-in error</h1><p>${esc(message)}</p>`);

function redirectTo(redirectUri, params) {
  const u = new URL(redirectUri);
  for (const [k, v] of Object.entries(params)) if (v !== undefined && v !== null) u.searchParams.set(k, v);
  return { status: 302, headers: { Location: u.href, 'Cache-Control': 'no-store' } };
}

function authorizePage({ url, org, store }) {
  const q = url.searchParams;
  const clientId = q.get('client_id') ?? '';
  const redirectUri = q.get('redirect_uri') ?? '';
  const state = q.get('state') ?? undefined;
  const entry = { endpoint: 'authorize', method: 'GET', params: Object.fromEntries(q) };
  // RFC 6749 §4.1.2.1: a bad client or redirect URI is shown, never redirected to.
  if (clientId !== DEMO_CLIENT.id) {
    store.record({ ...entry, status: 400, error: 'invalid_client' });
    return errorPage(`Unknown OAuth client '${clientId}'.`);
  }
  if (!redirectAllowed(clientId, redirectUri)) {
    store.record({ ...entry, status: 400, error: 'invalid_redirect_uri' });
    return errorPage('The redirect URI is not registered for this client.');
  }
  const fail = (error, description) => {
    store.record({ ...entry, status: 302, error });
    return redirectTo(redirectUri, { error, error_description: description, state });
  };
  if (q.get('response_type') !== 'code') return fail('unsupported_response_type', 'response_type must be code');
  if (q.get('code_challenge_method') !== 'S256') return fail('invalid_request', 'code_challenge_method must be S256');
  if (!CHALLENGE.test(q.get('code_challenge') ?? '')) return fail('invalid_request', 'code_challenge must be BASE64URL(SHA-256(code_verifier))');

  const id = randomUUID();
  store.pending.set(id, { clientId, redirectUri, state, challenge: q.get('code_challenge'), scope: q.get('scope') ?? '', expires: Date.now() + 10 * 60_000 });
  store.record({ ...entry, status: 200 });
  const users = [...org.users.values()];
  const scopes = (q.get('scope') ?? '').split(/\s+/).filter(Boolean);
  return html(200, 'Sign in', `<h1>Sign in to fake-genesys</h1>
<p><strong>${esc(DEMO_CLIENT.name)}</strong> wants to use Genesys Cloud as you.</p>
${scopes.length ? `<p class="muted">Scopes:</p><ul>${scopes.map((s) => `<li>${esc(s)}</li>`).join('')}</ul>` : ''}
<form method="post" action="/oauth/authorize">
<input type="hidden" name="consent" value="${esc(id)}">
<label for="user">Sign in as</label>
<select id="user" name="user">${users.map((u) => `<option value="${esc(u.id)}">${esc(u.name)} (${esc(u.email)})</option>`).join('')}</select>
<div class="row"><button class="allow" name="decision" value="allow" autofocus>Allow</button><button class="deny" name="decision" value="deny">Deny</button></div>
</form><p class="muted">A local stand-in for https://login.&lt;region&gt;. No password: pick a seeded user.</p>`, new URL(redirectUri).origin);
}

function consent({ raw, org, store }) {
  const form = new URLSearchParams(raw.toString('utf8'));
  const pending = store.pending.get(form.get('consent') ?? '');
  store.pending.delete(form.get('consent') ?? '');
  const entry = { endpoint: 'authorize', method: 'POST', params: { decision: form.get('decision'), user: form.get('user') } };
  if (!pending || pending.expires < Date.now()) {
    store.record({ ...entry, status: 400, error: 'invalid_request' });
    return errorPage('This sign-in request has expired. Start again from the application.');
  }
  if (form.get('decision') !== 'allow') {
    store.record({ ...entry, status: 302, error: 'access_denied' });
    return redirectTo(pending.redirectUri, { error: 'access_denied', error_description: 'The user denied access', state: pending.state });
  }
  const user = org.users.get(form.get('user') ?? '');
  if (!user) {
    store.record({ ...entry, status: 400, error: 'invalid_request' });
    return errorPage('Unknown user.');
  }
  const code = randomBytes(24).toString('base64url');
  store.codes.set(code, { clientId: pending.clientId, redirectUri: pending.redirectUri, challenge: pending.challenge, userId: user.id, expires: Date.now() + CODE_TTL_MS });
  store.record({ ...entry, status: 302 });
  return redirectTo(pending.redirectUri, { code, state: pending.state });
}

const tokenError = (status, error, description) => ({
  status, json: { error, error_description: description }, headers: { 'Cache-Control': 'no-store', Pragma: 'no-cache' },
});

function token({ req, raw, org, store }) {
  const type = (req.headers['content-type'] ?? '').split(';')[0].trim().toLowerCase();
  const form = new URLSearchParams(type === 'application/x-www-form-urlencoded' ? raw.toString('utf8') : '');
  const params = Object.fromEntries(form);
  const entry = { endpoint: 'token', method: 'POST', params, basicAuth: /^basic /i.test(req.headers.authorization ?? '') };
  const answer = (r) => { store.record({ ...entry, status: r.status, error: r.json.error }); return r; };

  if (type !== 'application/x-www-form-urlencoded') return answer(tokenError(400, 'invalid_request', 'Content-Type must be application/x-www-form-urlencoded'));
  if (params.grant_type !== 'authorization_code') return answer(tokenError(400, 'unsupported_grant_type', 'grant_type must be authorization_code'));
  if (params.client_secret !== undefined || entry.basicAuth) return answer(tokenError(400, 'invalid_request', 'a PKCE client sends no secret'));
  if (params.client_id !== DEMO_CLIENT.id) return answer(tokenError(400, 'invalid_client', 'unknown client_id'));
  for (const k of ['code', 'code_verifier', 'redirect_uri']) {
    if (!params[k]) return answer(tokenError(400, 'invalid_request', `${k} is required`));
  }
  const grant = store.codes.get(params.code);
  store.codes.delete(params.code); // single use: a failed exchange burns the code too
  if (!grant || grant.expires < Date.now()) return answer(tokenError(400, 'invalid_grant', 'the authorization code is invalid, used or expired'));
  if (grant.clientId !== params.client_id) return answer(tokenError(400, 'invalid_grant', 'the code was issued to another client'));
  if (grant.redirectUri !== params.redirect_uri) return answer(tokenError(400, 'invalid_grant', 'redirect_uri does not match the authorization request'));
  if (!UNRESERVED.test(params.code_verifier)) return answer(tokenError(400, 'invalid_grant', 'code_verifier must be 43-128 characters of A-Z a-z 0-9 - . _ ~'));
  if (s256(params.code_verifier) !== grant.challenge) return answer(tokenError(400, 'invalid_grant', 'PKCE verification failed: the code_verifier does not match the code_challenge'));

  const accessToken = `fake-oauth-${randomBytes(32).toString('base64url')}`;
  org.addToken(accessToken, grant.userId, undefined, grant.clientId);
  return answer({
    status: 200,
    json: { access_token: accessToken, token_type: 'bearer', expires_in: TOKEN_TTL_S },
    headers: { 'Cache-Control': 'no-store', Pragma: 'no-cache' },
  });
}

const PREFLIGHT = {
  'Access-Control-Allow-Origin': '*',
  'Access-Control-Allow-Headers': 'Content-Type',
  'Access-Control-Allow-Methods': 'POST, OPTIONS',
  'Access-Control-Max-Age': '600',
};

/** Handles a request under /oauth/; returns a response description for the server's send(). */
export function handleOAuth({ req, url, raw, state }) {
  const store = oauthStore(state);
  const ctx = { req, url, raw, org: state.org, store };
  const m = req.method;
  if (url.pathname === '/oauth/authorize' && m === 'GET') return authorizePage(ctx);
  if (url.pathname === '/oauth/authorize' && m === 'POST') return consent(ctx);
  if (url.pathname === '/oauth/token' && m === 'POST') return token(ctx);
  if (url.pathname === '/oauth/token' && m === 'OPTIONS') return { status: 204, headers: PREFLIGHT };
  return { status: 404, json: { error: 'not_found', error_description: `no ${m} ${url.pathname}` } };
}
