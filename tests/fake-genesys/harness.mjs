// Test helpers shared by the *.test.mjs files (not a test file itself).
import { before, after, beforeEach } from 'node:test';
import { startFakeGenesys } from './server.mjs';
import { SEED } from './org.mjs';

export { SEED };
export const TOKENS = SEED.tokens;
export const user = (tokenKey) => SEED.users.find((u) => u.tokenKey === tokenKey);
export const queue = (name) => SEED.queues.find((q) => q.name === name);
export const CONTACT = SEED.externalContacts[0];

/** Starts one server for the file and resets it before each test. Returns a live handle object. */
export function useServer(options = {}) {
  const h = { server: undefined, url: undefined };
  before(async () => {
    h.server = await startFakeGenesys({ port: 0, ...options });
    h.url = h.server.url;
  });
  beforeEach(async () => { await control(h, 'POST', '/reset', options.callSetupMs !== undefined ? { callSetupMs: options.callSetupMs } : undefined); });
  after(async () => { await h.server?.close(); });
  return h;
}

/** Calls /api/v2. opts: {token (a key of SEED.tokens or a raw token; null = none), body, headers, signal} */
export async function api(h, method, path, opts = {}) {
  const headers = { ...(opts.headers ?? {}) };
  const tokenKey = opts.token === undefined ? 'agent' : opts.token;
  if (tokenKey !== null) headers.Authorization = `Bearer ${TOKENS[tokenKey] ?? tokenKey}`;
  let body;
  if (opts.rawBody !== undefined) body = opts.rawBody;
  else if (opts.body !== undefined) {
    body = JSON.stringify(opts.body);
    headers['Content-Type'] ??= 'application/json';
  }
  const res = await fetch(h.url + path, { method, headers, body, signal: opts.signal });
  const text = await res.text();
  let json;
  try { json = text ? JSON.parse(text) : undefined; } catch { json = undefined; }
  return { status: res.status, headers: res.headers, text, json };
}

export async function control(h, method, path, body) {
  const res = await fetch(`${h.url}/__control${path}`, {
    method,
    headers: body !== undefined ? { 'Content-Type': 'application/json' } : {},
    body: body !== undefined ? JSON.stringify(body) : undefined,
  });
  const text = await res.text();
  const json = text ? JSON.parse(text) : undefined;
  if (res.status >= 400) throw new Error(`control ${method} ${path} -> ${res.status} ${text}`);
  return json;
}

export const scenario = (h, name, userKey) => control(h, 'POST', '/conversations', { scenario: name, userKey });
export const getConv = (h, id) => control(h, 'GET', `/conversations/${id}`);
export const byPurpose = (conv, purpose) => conv.participants.filter((p) => p.purpose === purpose);
export const one = (conv, purpose) => {
  const all = byPurpose(conv, purpose);
  if (all.length !== 1) throw new Error(`expected one ${purpose} participant, got ${all.length}`);
  return all[0];
};
export const callOf = (p) => p.calls[p.calls.length - 1];
export const sleep = (ms) => new Promise((r) => setTimeout(r, ms));
