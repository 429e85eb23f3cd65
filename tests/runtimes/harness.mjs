// The helpers every runtime test uses: the seed, fake-genesys's control API,
// conversation views, clients of the package, and small utilities. Plain
// fetch and timers only, like the tests (see suite.mjs).
import { ok, fail } from './assert.mjs';

/**
 * @param pkg    the imported 'genesys-callctl' module namespace
 * @param server fake-genesys base URL (`http://127.0.0.1:PORT`)
 * @param seed   tests/fake-genesys/seed.json, parsed
 * @param scope  the expected `globalThis.constructor.name`
 * @param WebSocket a WebSocket constructor for watchCalls where the runtime has
 *               none (Node 20: the `ws` package's); browsers use their own
 */
export function harness(pkg, { server, seed, scope, WebSocket }) {
  const { CallControl, CallControlError } = pkg;
  const WORKER = scope.endsWith('WorkerGlobalScope');

  // ---- the seed ----------------------------------------------------------
  const token = (key) => seed.tokens[key] ?? fail(`no seed token ${key}`);
  const userId = (tokenKey) => (seed.users.find((u) => u.tokenKey === tokenKey) ?? fail(`no seed user ${tokenKey}`)).id;
  const queueId = (name) => (seed.queues.find((q) => q.name === name) ?? fail(`no seed queue ${name}`)).id;

  // ---- fake-genesys's control API -----------------------------------------
  async function control(method, path, body) {
    const res = await fetch(server + path, {
      method,
      headers: body ? { 'content-type': 'application/json' } : {},
      body: body ? JSON.stringify(body) : undefined,
    });
    const text = await res.text();
    if (!res.ok) fail(`control ${method} ${path}: ${res.status} ${text.slice(0, 300)}`);
    return text ? JSON.parse(text) : null;
  }
  /** Creates a conversation from a fake-genesys scenario; returns its control view. */
  const scenario = (name, userKey) => control('POST', '/__control/conversations', { scenario: name, userKey });
  /** The conversation as the server holds it now. */
  const serverConversation = (id) => control('GET', `/__control/conversations/${id}`);
  /** Queues a fault for the next `count` requests matching method and path. */
  const fault = (method, path, count, spec) => control('POST', '/__control/faults', { match: { method, path }, count, fault: spec });
  /** Every /api/v2 request the server received with this method and path (`path` may end in `*` for a prefix). */
  async function requests(method, path) {
    const all = await control('GET', '/__control/requests');
    const prefix = path.endsWith('*') ? path.slice(0, -1) : undefined;
    return all.filter((r) => r.method === method && (prefix === undefined ? r.path === path : r.path.startsWith(prefix)));
  }
  /** Registers a token of the seeded agent that only this test uses. */
  async function privateToken(tag) {
    const t = `abort-test-${tag}-${Math.floor(Math.random() * 1e9)}`;
    await control('POST', '/__control/tokens', { token: t, userId: userId('agent') });
    return t;
  }

  // ---- conversations --------------------------------------------------------
  const participants = (conv, purpose) => conv.participants.filter((p) => p.purpose === purpose);
  const byId = (conv, id) => conv.participants.find((p) => p.id === id) ?? fail(`no participant ${id}`);
  const callState = (p) => p.calls?.at(-1)?.state ?? '';

  // ---- the package -----------------------------------------------------------
  /** A client against fake-genesys with a fixed token (and extra options). */
  const client = (tok, extra = {}) => new CallControl({ apiBase: server, token: tok, ...extra });
  /** Whether watchCalls uses the runtime's own WebSocket (no constructor passed in). */
  const NATIVE_WEBSOCKET = WebSocket === undefined;
  /** A client for watchCalls: the passed WebSocket constructor where the runtime has none. */
  const watchClient = (tok, extra = {}) => client(tok, NATIVE_WEBSOCKET ? extra : { WebSocket, ...extra });
  /** Awaits an operation that must succeed; a rejection fails with its fields. */
  async function succeeds(promise, what) {
    try {
      return await promise;
    } catch (e) {
      return fail(`${what} failed: ${e instanceof CallControlError ? JSON.stringify(e) : String(e?.stack ?? e)}`);
    }
  }
  /** Awaits an operation that must fail; returns its CallControlError. */
  async function rejects(promise, what = 'the operation') {
    let value;
    try {
      value = await promise;
    } catch (e) {
      ok(e instanceof CallControlError, `${what}: rejects with a CallControlError, not ${e?.name}: ${e?.message}`);
      ok(e instanceof Error, `${what}: a CallControlError is an Error`);
      return e;
    }
    return fail(`${what} resolved (${JSON.stringify(value)}), expected a CallControlError`);
  }

  // ---- small utilities ----------------------------------------------------------
  /** A phone number unique to this run and scope, so counts at the server belong to one test. */
  const uniqueNumber = (tag) => `+1${200 + (tag % 700)}${Math.floor(Math.random() * 9_000_000) + 1_000_000}`;
  /** Resolves after `ms` (for bounded polling only). */
  const pause = (ms) => new Promise((r) => setTimeout(r, ms));
  const now = () => Date.now();

  return { pkg, server, seed, CallControl, CallControlError, WORKER, token, userId, queueId, control, scenario, serverConversation, fault, requests, privateToken, participants, byId, callState, client, watchClient, NATIVE_WEBSOCKET, succeeds, rejects, uniqueNumber, pause, now, scope };
}
