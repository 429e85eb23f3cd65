// Shared by the watch-*.test.mjs files (not a test file itself): live calls,
// cc.calls(), cc.answer() and cc.watchCalls() over fake-genesys's
// notification service (REST channels + one WebSocket per client), on the
// packed package in Node 20 with the `ws` package's WebSocket injected.
// Claims about sockets, channels and requests are counted at the server
// (GET /__control/notifications, the request log). Every wait is bounded and
// waits on an iterator value, a status, or the server's control state.
import { before, after, beforeEach, afterEach } from 'node:test';
import assert from 'node:assert/strict';
import { WebSocket } from 'ws';
import { CallControl } from 'genesys-callctl';
import { fakeGenesys, token, agentOf, seed } from './fake.mjs';

export const AGENT = seed.users.find((u) => u.tokenKey === 'agent').id;
export const TOPIC = `v2.users.${AGENT}.conversations.calls`;
export const CHANNELS = '/api/v2/notifications/channels';
export const LISTING = '/api/v2/conversations/calls';

/** The file's fake-genesys (set by useFake's before hook). */
export let g;
/** Every watcher a test started: ended after the test, so a failed test leaves no session behind. */
export let watchers = [];

/** One fake-genesys per test file, reset before each test; every watcher is ended after each test. */
export function useFake() {
  before(async () => {
    g = await fakeGenesys();
  });
  beforeEach(async () => {
    await ctl('POST', '/__control/reset');
    watchers = [];
  });
  afterEach(async () => {
    await Promise.allSettled(watchers.map((w) => w.it.return()));
  });
  after(() => g.close());
}

// ---- fake-genesys control ---------------------------------------------------

export async function ctl(method, path, body) {
  const r = await fetch(g.url + path, {
    method,
    headers: body ? { 'content-type': 'application/json' } : {},
    body: body ? JSON.stringify(body) : undefined,
  });
  const text = await r.text();
  if (!r.ok) throw new Error(`control ${method} ${path}: ${r.status} ${text.slice(0, 300)}`);
  return text ? JSON.parse(text) : null;
}
export const notifications = () => ctl('GET', '/__control/notifications');
export const faultOn = (operation, fault, count = 1) => ctl('POST', '/__control/faults', { match: { operation }, count, fault });
export const requests = async (method, path) => (await ctl('GET', '/__control/requests')).filter((r) => r.method === method && r.path === path);
export const customerOf = (conv) => conv.participants.find((p) => p.purpose === 'customer');
/** The customer hangs up (the agent's leg ends with it). */
export const customerHangsUp = (conv) => ctl('PATCH', `/__control/conversations/${conv.id}/participants/${customerOf(conv).id}`, { state: 'disconnected' });
/** Forces the agent's leg (held, muted, state) at the server. */
export const forceAgent = (conv, body) => ctl('PATCH', `/__control/conversations/${conv.id}/participants/${agentOf(conv).id}`, body);
/** Registers a token of the seeded agent used by one test only. */
export async function privateToken(tag) {
  const t = `watch-${tag}-${Math.floor(Math.random() * 1e9)}`;
  await ctl('POST', '/__control/tokens', { token: t, userId: AGENT });
  return t;
}

/** Polls the fake's notification state (every 20 ms) until `pred(state)` holds; fails after `ms`. */
export async function serverUntil(pred, what, ms = 10_000) {
  const deadline = Date.now() + ms;
  let state;
  for (;;) {
    state = await notifications();
    if (pred(state)) return state;
    if (Date.now() > deadline) assert.fail(`${what}: not within ${ms} ms; server totals ${JSON.stringify(state.totals)}, channels ${JSON.stringify(state.channels.map((c) => ({ id: c.id, topics: c.topics, openSockets: c.openSockets, socketOpens: c.socketOpens, socketCloses: c.socketCloses })))}`);
    await new Promise((r) => setTimeout(r, 20));
  }
}
export const openSockets = (state) => state.channels.reduce((n, c) => n + c.openSockets, 0);

// ---- the package ----------------------------------------------------------------

export const client = (extra = {}) => new CallControl({ apiBase: g.url, token, WebSocket, ...extra });
export const brief = (c) => `${c.conversationId.slice(0, 8)}:${c.state}${c.held ? '+held' : ''}${c.muted ? '+muted' : ''}`;

/**
 * Starts `cc.watchCalls(options)` and pumps it into `calls` (and `statuses`,
 * from onStatus). `until(pred)` waits for a condition on them (bounded).
 */
export function watch(cc, options = {}) {
  const calls = [];
  const statuses = [];
  const waiters = new Set();
  const wake = () => { for (const w of [...waiters]) w(); };
  const state = { ended: false, error: undefined };
  const it = cc.watchCalls({ ...options, onStatus: (s) => { statuses.push(s); wake(); } });
  const pump = (async () => {
    try {
      for (;;) {
        const r = await it.next();
        if (r.done) break;
        calls.push(r.value);
        wake();
      }
    } catch (e) {
      state.error = e;
    } finally {
      state.ended = true;
      wake();
    }
  })();
  function until(pred, what, ms = 10_000) {
    return new Promise((resolve, reject) => {
      let timer;
      const stop = () => { clearTimeout(timer); waiters.delete(check); };
      function check() {
        let v;
        try { v = pred(); } catch (e) { stop(); reject(e); return; }
        if (v) { stop(); resolve(v); }
      }
      timer = setTimeout(() => {
        stop();
        reject(new assert.AssertionError({ message: `${what}: not within ${ms} ms; calls [${calls.map(brief).join(', ')}], statuses [${statuses.join(', ')}], ended ${state.ended}, error ${state.error?.kind ?? state.error}` }));
      }, ms);
      waiters.add(check);
      check();
    });
  }
  const w = {
    it, calls, statuses, pump, until,
    get ended() { return state.ended; },
    get error() { return state.error; },
    of: (cid) => calls.filter((c) => c.conversationId === cid),
    /** The n-th `live` status (1: the first connection). */
    live: (n = 1, ms = 10_000) => until(() => statuses.filter((s) => s === 'live').length >= n, `live #${n}`, ms),
    /** The first Call of `cid` after the first `after` ones that satisfies `pred`. */
    next: (cid, pred, what, after = 0, ms = 10_000) => until(() => w.of(cid).slice(after).find(pred), what, ms),
    /** Waits until the session ended (done or failed). */
    end: (ms = 10_000) => until(() => state.ended, 'the iterator ends', ms),
  };
  watchers.push(w);
  return w;
}

/**
 * A barrier: a new ringing call, waited for on `w`. Events on one socket
 * arrive in order, so anything `w` was to get before it has arrived.
 */
export async function barrier(w) {
  const conv = await g.scenario('agent-alerting');
  await w.next(conv.id, (c) => c.state === 'alerting', 'the barrier call');
  return conv;
}
