// The oracles for tests/js/fuzz.test.mjs: the real API's paths, where the
// token may go, a fetch spy that records every URL the package fetched (only
// the fake is reached), and the contract every package call must keep, with
// violations collected (one report per distinct violation) instead of thrown.
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { CallControlError } from 'genesys-callctl';
import { DOCUMENTED_KINDS, settle } from './reliability.mjs';
import { Exotic, Obj } from './fuzz-inputs.mjs';

const SETTLE_MS = 8000;

// ---- the real API's paths: fixed words and lowercase UUIDs only ----
const ID = '[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}';
export const API_PATH = new RegExp(
  '^/api/v2/(?:' +
    [
      'users/me',
      'routing/queues',
      'conversations/calls',
      `conversations/calls/user/${ID}`,
      `conversations/${ID}`,
      `conversations/${ID}/participants/${ID}/(?:replace/queue|replace/agent|replace/contact/external|transfer)`,
      `conversations/calls/${ID}/participants/${ID}(?:/consult(?:/queue|/agent|/contact/external)?|/voice/consult)?`,
    ].join('|') +
    ')$',
);
export const QUERY = /^name=(?:[A-Za-z0-9._~-]|%[0-9A-F]{2})+&pageSize=[0-9]+$/;
export const KNOWN_API_HOSTS = [
  'mypurecloud.com', 'mypurecloud.ie', 'mypurecloud.com.au', 'mypurecloud.jp', 'mypurecloud.de', 'usw2.pure.cloud',
  'cac1.pure.cloud', 'apne2.pure.cloud', 'euw2.pure.cloud', 'aps1.pure.cloud', 'use2.us-gov-pure.cloud', 'sae1.pure.cloud',
  'mec1.pure.cloud', 'apne3.pure.cloud', 'euc2.pure.cloud', 'mxc1.pure.cloud', 'apse1.pure.cloud', 'edee1.eusc-pure.cloud',
].map((d) => `https://api.${d}/`);

// ---- where the token may go: the package's own rule (src/core/region.rs) ----

/**
 * Whether a request to `url` may carry the token: https anywhere, or http to
 * a loopback host — `localhost`, 127.0.0.0/8 or `[::1]`. The host is read as
 * fetch reads it (WHATWG URL), so the check is on where the request goes, not
 * on how the apiBase was spelled.
 */
export function tokenMayGoTo(url) {
  let u;
  try {
    u = new URL(url);
  } catch {
    return false;
  }
  if (u.protocol === 'https:') return true;
  if (u.protocol !== 'http:') return false;
  if (u.hostname === 'localhost' || u.hostname === '[::1]') return true;
  const m = /^127\.(\d{1,3})\.(\d{1,3})\.(\d{1,3})$/.exec(u.hostname);
  return m !== null && m.slice(1).every((x) => Number(x) <= 255);
}

// ---- the fetch the package sees: records every URL; only our fake is reached ----

/** The fake's origin (set once it is up): the only host really fetched. */
let origin;
export function setFakeOrigin(o) {
  origin = o;
}

export const fetched = { api: 0, urls: [], elsewhere: [], insecure: [] };
export const recordingFetch = (real) => async (input, init) => {
  const url = String(input instanceof Request ? input.url : input);
  if (url.startsWith(`${origin}/__control`)) return real(input, init);
  fetched.api++;
  fetched.urls.push(url);
  // Judged here too, so the first insecure request is caught with its URL even if the run stops.
  if (!tokenMayGoTo(url)) fetched.insecure.push(url);
  if (url.startsWith(`${origin}/`)) return real(input, init);
  // Anything else (a Genesys region, a random https apiBase, a loopback
  // apiBase on another port) is answered here: no network.
  fetched.elsewhere.push(url);
  return new Response('{"message":"Invalid login credentials.","code":"bad.credentials","status":401}', { status: 401, headers: { 'content-type': 'application/json' } });
};

/**
 * Calls `fn` (which makes one package call) and checks the contract:
 * a promise, settled in time, resolved or rejected with a documented
 * CallControlError — `invalid_input` (or `aborted` for an aborted signal, or
 * `unauthorized` for a token that cannot be used) when nothing was sent.
 */
export async function contract(label, fn, { allowedWithoutRequest = ['invalid_input', 'aborted'] } = {}) {
  const before = fetched.api;
  let p;
  try {
    p = fn();
  } catch (e) {
    assert.fail(`${label} threw synchronously: ${e?.constructor?.name}: ${e?.message}`);
  }
  assert.ok(p instanceof Promise, `${label} did not return a promise`);
  const got = await settle(p, SETTLE_MS, label);
  if (got.ok) return got;
  const e = got.error;
  assert.ok(e instanceof CallControlError, `${label} rejected with ${e?.constructor?.name}: ${e?.message ?? e}`);
  assert.ok(e instanceof Error && typeof e.message === 'string' && e.message.length > 0, `${label}: a real Error with a message`);
  assert.doesNotMatch(e.message, /unreachable|RuntimeError|panicked|out of bounds|recursion|internally/i, `${label}: ${e.message}`);
  assert.ok(DOCUMENTED_KINDS.has(e.kind), `${label}: kind ${e.kind} (${e.message})`);
  if (e.kind === 'invalid_input') assert.equal(typeof e.field, 'string', `${label}: invalid_input names its field`);
  if (fetched.api === before) {
    assert.ok(allowedWithoutRequest.includes(e.kind), `${label}: refused before the network with ${e.kind} (${e.message}), expected ${allowedWithoutRequest.join(' or ')}`);
  }
  return got;
}

// A contract violation does not stop the run: every case runs, and each
// distinct violation (call, error, exotic values involved) is reported once,
// with its first counterexample, so one bug does not hide the next.
export const violations = new Map();
export function exoticNames(v, out = new Set(), depth = 0) {
  if (depth > 20) return out;
  if (v instanceof Exotic) out.add(v.name);
  else if (v instanceof Obj) for (const [k, x] of v.entries) (k === '__proto__' && out.add('own __proto__ key'), exoticNames(x, out, depth + 1));
  else if (Array.isArray(v)) for (const x of v) exoticNames(x, out, depth + 1);
  return out;
}
export async function judged(label, inputs, fn, opts) {
  try {
    return await contract(label, fn, opts);
  } catch (e) {
    const involved = [...exoticNames(inputs)].sort().join(', ') || 'plain values';
    const key = `${label} — ${e.message} — with ${involved}`;
    const seen = violations.get(key);
    if (seen) seen.count++;
    else violations.set(key, { count: 1, example: fc.stringify(inputs).slice(0, 600) });
    return undefined;
  }
}
