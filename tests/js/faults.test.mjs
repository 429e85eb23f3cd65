// The fault matrix: every operation × every fault fake-genesys can inject,
// through the packed package. Each cell asserts the outcome (success or the
// error kind), `maybeApplied`, the exact number of requests the server
// received for the operation's path, and that the promise settled in time.
//
// The rules (README › Reliability): a 429 is retried after its Retry-After
// (header, else the seconds in Genesys's 429 message) within the cap, else
// `rate_limited` at once; GETs are also retried on network failure, 408, 502,
// 503 and 504; a POST/PATCH/DELETE is never re-sent after it may have reached
// the server (timeout, dropped connection, 5xx) and fails with maybeApplied.
import { test, before, after, beforeEach } from 'node:test';
import assert from 'node:assert/strict';
import { CallControl, CallControlError } from 'genesys-callctl';
import { fakeGenesys, token, queueId, agentOf } from './fake.mjs';
import { UUID, controlOf, settle, withFetch, corsView, waitFor } from './reliability.mjs';

const TIMEOUT_MS = 1000; // per attempt: long enough that a loaded CI machine never times out a request meant to succeed
const RETRY = { limit: 2, maxRetryAfterMs: 1000 };
const ATTEMPTS_MAX = RETRY.limit + 1;

let g;
let ctl;
let cc; // a fresh client per case: no users/me cache or in-flight call carries over
before(async () => {
  g = await fakeGenesys();
  ctl = controlOf(g.url);
});
after(() => g.close());
beforeEach(async () => {
  await ctl.clearFaults();
  cc = new CallControl({ apiBase: g.url, token, timeoutMs: TIMEOUT_MS, retry: RETRY });
});

// ---- operations: each prepares one case and says how to run and count it ----

let caseNo = 0;
const OPERATIONS = {
  dial: {
    method: 'POST',
    async prepare() {
      const phoneNumber = `+1317556${String(1000 + ++caseNo).padStart(4, '0')}`;
      return {
        path: '/api/v2/conversations/calls',
        run: () => cc.dial({ phoneNumber: phoneNumber.replace(/(\d{3})(\d{4})$/, ' $1-$2') }),
        mine: (r) => r.body?.phoneNumber === phoneNumber,
        ok: (out) => assert.match(out.conversationId, UUID),
      };
    },
  },
  'blind transfer': {
    method: 'POST',
    async prepare() {
      const conv = await g.scenario('agent-connected');
      const pid = agentOf(conv).id;
      return {
        path: `/api/v2/conversations/${conv.id}/participants/${pid}/replace/queue`,
        run: () => cc.transfer({ conversationId: conv.id, participantId: pid, to: { queueId: queueId('Billing') } }),
        ok: (out) => assert.deepEqual(out, { conversationId: conv.id, participantId: pid, queueId: queueId('Billing') }),
      };
    },
  },
  'GET me': {
    method: 'GET',
    async prepare() {
      return { path: '/api/v2/users/me', run: () => cc.me(), ok: (out) => assert.equal(out.name, 'Alex Agent') };
    },
  },
  'GET conversation': {
    method: 'GET',
    async prepare() {
      const conv = await g.scenario('agent-connected');
      return { path: `/api/v2/conversations/${conv.id}`, run: () => cc.conversation(conv.id), ok: (out) => assert.equal(out.id, conv.id) };
    },
  },
  'GET queues': {
    method: 'GET',
    async prepare() {
      return {
        path: '/api/v2/routing/queues',
        run: () => cc.findQueues('Support*'),
        ok: (out) => assert.deepEqual(out.map((q) => q.name), ['Support Tier 1', 'Support Tier 2']),
      };
    },
  },
};

// ---- faults: what to inject, and what each kind of operation must do ----
// expect(isGet, operation) → {ok} or {kind, maybeApplied, status?, retryAfterMs?}, plus the
// `requests` the server must receive and optional bounds on when it settles (minMs, maxMs).

const status = (s, extra = {}) => ({ type: 'status', status: s, ...extra });
const retriedGet = (kind, st) => (isGet) =>
  isGet ? { kind, status: st, maybeApplied: false, requests: ATTEMPTS_MAX } : { kind, status: st, maybeApplied: true, requests: 1 };
const network = (isGet) =>
  isGet ? { kind: 'network', maybeApplied: false, requests: ATTEMPTS_MAX } : { kind: 'network', maybeApplied: true, requests: 1 };

const FAULTS = [
  {
    name: '429 Retry-After 0.05 s',
    fault: status(429, { retryAfter: 0.05 }),
    expect: () => ({ ok: true, requests: 2 }),
  },
  {
    // In Node the header is readable whatever CORS exposes.
    name: '429 Retry-After not exposed by CORS (Node reads it)',
    fault: status(429, { retryAfter: 0.05, exposeRetryAfter: false }),
    expect: () => ({ ok: true, requests: 2 }),
  },
  {
    // A browser's view: the header is hidden, only Genesys's message says
    // "Retry the request in [0.4] seconds". The wait proves the message was
    // read: backoff alone would wait at most 300 ms before the first retry.
    name: '429 seconds only in the message (browser CORS view)',
    fault: status(429, { retryAfter: 0.4, exposeRetryAfter: false }),
    cors: true,
    expect: () => ({ ok: true, requests: 2, minMs: 395 }),
  },
  {
    name: '429 on every attempt',
    fault: status(429, { retryAfter: 0.05 }),
    count: ATTEMPTS_MAX,
    expect: () => ({ kind: 'rate_limited', status: 429, retryAfterMs: 50, maybeApplied: false, requests: ATTEMPTS_MAX }),
  },
  {
    name: '429 Retry-After 120 s (over the cap)',
    fault: status(429, { retryAfter: 120 }),
    count: ATTEMPTS_MAX,
    expect: () => ({ kind: 'rate_limited', status: 429, retryAfterMs: 120000, maybeApplied: false, requests: 1, maxMs: 1000 }),
  },
  {
    name: '408',
    fault: status(408),
    count: ATTEMPTS_MAX,
    // A 408 is an answer: the server did not process the request.
    expect: (isGet) => ({ kind: 'timeout', status: 408, maybeApplied: false, requests: isGet ? ATTEMPTS_MAX : 1 }),
  },
  {
    name: '500',
    fault: status(500),
    count: ATTEMPTS_MAX,
    expect: (isGet) => ({ kind: 'server', status: 500, maybeApplied: !isGet, requests: 1 }),
  },
  { name: '502', fault: status(502), count: ATTEMPTS_MAX, expect: retriedGet('server', 502) },
  { name: '503', fault: status(503), count: ATTEMPTS_MAX, expect: retriedGet('server', 503) },
  { name: '504', fault: status(504), count: ATTEMPTS_MAX, expect: retriedGet('server', 504) },
  {
    name: '503 once',
    fault: status(503),
    expect: (isGet) => (isGet ? { ok: true, requests: 2 } : { kind: 'server', status: 503, maybeApplied: true, requests: 1 }),
  },
  {
    name: 'delay 100 ms (within timeoutMs)',
    fault: { type: 'delay', ms: 100 },
    expect: () => ({ ok: true, requests: 1, minMs: 95 }),
  },
  {
    // README retries GETs on network failure, 408, 502, 503, 504: a per-attempt timeout is none of them.
    name: 'hang',
    fault: { type: 'hang' },
    count: ATTEMPTS_MAX,
    expect: (isGet) => ({ kind: 'timeout', maybeApplied: !isGet, requests: 1, minMs: TIMEOUT_MS - 5 }),
  },
  { name: 'drop', fault: { type: 'drop' }, count: ATTEMPTS_MAX, expect: network },
  { name: 'drop-after', fault: { type: 'drop-after' }, count: ATTEMPTS_MAX, expect: network },
  { name: 'drop-mid-response', fault: { type: 'drop-mid-response' }, count: ATTEMPTS_MAX, expect: network },
  {
    // Transfers answer 202 with no body, so a mangled body changes nothing.
    // A dial's 2xx means the call WAS placed: failing it must say maybeApplied.
    name: 'truncate',
    fault: { type: 'truncate' },
    expect: (isGet, op) =>
      op === 'blind transfer' ? { ok: true, requests: 1 } : { kind: 'unexpected_response', maybeApplied: !isGet, requests: 1 },
  },
  {
    name: 'non-json',
    fault: { type: 'non-json' },
    expect: (isGet, op) =>
      op === 'blind transfer' ? { ok: true, requests: 1 } : { kind: 'unexpected_response', maybeApplied: !isGet, requests: 1 },
  },
  {
    // The body is the documented JSON; only the media type is off.
    name: 'wrong-content-type',
    fault: { type: 'wrong-content-type' },
    expect: () => ({ ok: true, requests: 1 }),
  },
  {
    name: 'huge (5 MB body)',
    fault: { type: 'huge', bytes: 5 * 1024 * 1024 },
    expect: () => ({ ok: true, requests: 1 }),
  },
];

function title(op, f, want) {
  if (want.ok) return `${op} × ${f.name} → success, received ${times(want.requests)}`;
  const parts = [want.kind];
  if (want.maybeApplied) parts.push('maybeApplied');
  return `${op} × ${f.name} → ${parts.join(', ')}, received ${times(want.requests)}`;
}
const times = (n) => (n === 1 ? 'once' : n === 2 ? 'twice' : `${n} times`);

for (const [opName, op] of Object.entries(OPERATIONS)) {
  for (const f of FAULTS) {
    const isGet = op.method === 'GET';
    const want = f.expect(isGet, opName);
    test(title(opName, f, want), async () => {
      const c = await op.prepare();
      const mark = await ctl.mark();
      await ctl.fault(op.method, c.path, f.fault, f.count ?? 1);
      // Per attempt timeoutMs, plus every wait the retry rules allow, plus slack.
      const bound = TIMEOUT_MS * want.requests + RETRY.maxRetryAfterMs * RETRY.limit + 2000;
      const run = () => settle(c.run(), bound, `${opName} × ${f.name}`);
      const got = f.cors ? await withFetch(corsView, run) : await run();

      if (want.ok) {
        assert.ok(got.ok, `expected success, got ${got.error?.kind}: ${got.error?.message}`);
        c.ok(got.value);
      } else {
        assert.ok(!got.ok, `expected ${want.kind}, got success ${JSON.stringify(got.value)?.slice(0, 200)}`);
        const e = got.error;
        assert.ok(e instanceof CallControlError, `not a CallControlError: ${e}`);
        assert.equal(e.kind, want.kind, `kind (message: ${e.message})`);
        assert.equal(e.maybeApplied, want.maybeApplied, 'maybeApplied');
        if (want.status !== undefined) assert.equal(e.status, want.status, 'status');
        if (want.retryAfterMs !== undefined) assert.equal(e.retryAfterMs, want.retryAfterMs, 'retryAfterMs');
      }
      const seen = (await ctl.since(mark, op.method, c.path)).filter(c.mine ?? (() => true));
      assert.equal(seen.length, want.requests, `requests the server received for ${op.method} ${c.path}`);
      if (want.minMs !== undefined) assert.ok(got.ms >= want.minMs, `settled after ${got.ms.toFixed(0)} ms, expected ≥ ${want.minMs}`);
      if (want.maxMs !== undefined) assert.ok(got.ms < want.maxMs, `settled after ${got.ms.toFixed(0)} ms, expected < ${want.maxMs}`);
      // README › Errors: `attempts` is the number of requests sent for the failing step.
      if (!want.ok) assert.equal(got.error.attempts, want.requests, 'error.attempts');
    });
  }
}

// ---- deadlines and retry switches ----

test('totalTimeoutMs bounds a GET whose every attempt hangs → timeout in time, one request', async () => {
  const c = new CallControl({ apiBase: g.url, token, timeoutMs: 10_000, totalTimeoutMs: 500, retry: RETRY });
  const mark = await ctl.mark();
  await ctl.fault('GET', '/api/v2/users/me', { type: 'hang' }, 5);
  const got = await settle(c.me(), 500 + 1500);
  assert.equal(got.error?.kind, 'timeout', got.error?.message);
  assert.ok(got.ms >= 490 && got.ms < 500 + 1000, `settled after ${got.ms.toFixed(0)} ms`);
  assert.equal((await ctl.since(mark, 'GET', '/api/v2/users/me')).length, 1);
});

test('totalTimeoutMs spans retries: 503, then a hang on the retry → timeout at the overall deadline', async () => {
  const c = new CallControl({ apiBase: g.url, token, timeoutMs: 10_000, totalTimeoutMs: 900, retry: RETRY });
  const mark = await ctl.mark();
  await ctl.fault('GET', '/api/v2/users/me', status(503), 1);
  await ctl.fault('GET', '/api/v2/users/me', { type: 'hang' }, 5);
  const got = await settle(c.me(), 900 + 1500);
  assert.equal(got.error?.kind, 'timeout', got.error?.message);
  assert.equal(got.error.attempts, 2);
  assert.ok(got.ms >= 890 && got.ms < 900 + 1000, `settled after ${got.ms.toFixed(0)} ms`);
  assert.equal((await ctl.since(mark, 'GET', '/api/v2/users/me')).length, 2);
});

test('totalTimeoutMs bounds a transfer whose lookup hangs → timeout, the transfer itself never sent', async () => {
  const c = new CallControl({ apiBase: g.url, token, timeoutMs: 10_000, totalTimeoutMs: 400, retry: RETRY });
  const conv = await g.scenario('agent-connected');
  const mark = await ctl.mark();
  await ctl.fault('GET', `/api/v2/conversations/${conv.id}`, { type: 'hang' }, 5);
  const got = await settle(c.transfer({ conversationId: conv.id, to: { queueId: queueId('Sales') } }), 400 + 1500);
  assert.equal(got.error?.kind, 'timeout', got.error?.message);
  assert.equal(got.error.maybeApplied, false, 'nothing that changes the call was sent');
  assert.ok(got.ms < 400 + 1000, `settled after ${got.ms.toFixed(0)} ms`);
  assert.deepEqual((await ctl.since(mark, 'POST')).length, 0);
});

test('totalTimeoutMs bounds a token provider that never answers → timeout, nothing sent', async () => {
  const c = new CallControl({ apiBase: g.url, token: () => new Promise(() => {}), totalTimeoutMs: 300 });
  const mark = await ctl.mark();
  const got = await settle(c.dial({ phoneNumber: '+13175569903' }), 300 + 2000, 'dial with a silent token provider');
  assert.equal(got.error?.kind, 'timeout', got.error?.message);
  assert.equal(got.error.maybeApplied, false);
  assert.equal((await ctl.since(mark)).length, 0);
});

test('a fetch that ignores its signal cannot outlast timeoutMs: a dial sent to it → timeout, maybeApplied', async () => {
  // A host's fetch wrapper that drops `signal` (so aborting does nothing) in
  // front of a server that never answers: the package's own deadline ends the wait.
  const c = new CallControl({ apiBase: g.url, token, timeoutMs: 300 });
  let seen = 0;
  const dropSignal = () => () => {
    seen++;
    return new Promise(() => {});
  };
  const got = await withFetch(dropSignal, () => settle(c.dial({ phoneNumber: '+13175569904' }), 300 + 2000, 'dial through a fetch that ignores its signal'));
  assert.equal(got.error?.kind, 'timeout', got.error?.message);
  assert.equal(got.error.maybeApplied, true, 'the request was handed to fetch');
  assert.equal(seen, 1, 'sent once, never re-sent');
  assert.ok(got.ms < 300 + 1000, `settled after ${got.ms.toFixed(0)} ms`);
});

test('an AbortSignal ends the wait on a fetch that ignores its signal → aborted, maybeApplied', async () => {
  const c = new CallControl({ apiBase: g.url, token, timeoutMs: 60_000 });
  const ac = new AbortController();
  let seen = 0;
  const dropSignal = () => () => {
    seen++;
    return new Promise(() => {});
  };
  const got = await withFetch(dropSignal, async () => {
    const pending = settle(c.dial({ phoneNumber: '+13175569905', signal: ac.signal }), 5000, 'dial through a fetch that ignores its signal');
    await waitFor(() => seen === 1, { what: 'the dial was handed to fetch' });
    ac.abort();
    return pending;
  });
  assert.equal(got.error?.kind, 'aborted', got.error?.message);
  assert.equal(got.error.maybeApplied, true);
  assert.equal(seen, 1);
  assert.ok(got.ms < 3000, `settled after ${got.ms.toFixed(0)} ms, with 60 s of timeoutMs left`);
});

test('an AbortSignal ends the wait on a token provider that never answers → aborted', async () => {
  const ac = new AbortController();
  let asked = false;
  const slow = new CallControl({ apiBase: g.url, token: () => ((asked = true), new Promise(() => {})) });
  const pending = settle(slow.me({ signal: ac.signal }), 2000, 'me with a silent token provider');
  await waitFor(() => asked, { what: 'the provider was asked' });
  ac.abort();
  const got = await pending;
  assert.equal(got.error?.kind, 'aborted', got.error?.message);
  assert.ok(got.ms < 1000, `settled after ${got.ms.toFixed(0)} ms`);
});

test('retry: 0 turns retries off: 503 on a GET → server after one request', async () => {
  const c = new CallControl({ apiBase: g.url, token, timeoutMs: TIMEOUT_MS, retry: 0 });
  const mark = await ctl.mark();
  await ctl.fault('GET', '/api/v2/users/me', status(503), 3);
  const got = await settle(c.me(), 3000);
  assert.equal(got.error?.kind, 'server');
  assert.equal(got.error.attempts, 1);
  assert.equal((await ctl.since(mark, 'GET', '/api/v2/users/me')).length, 1);
});

test('retry: 0 turns retries off: 429 with a short Retry-After → rate_limited after one request', async () => {
  const c = new CallControl({ apiBase: g.url, token, timeoutMs: TIMEOUT_MS, retry: { limit: 0, maxRetryAfterMs: 1000 } });
  const mark = await ctl.mark();
  await ctl.fault('POST', '/api/v2/conversations/calls', status(429, { retryAfter: 0.05 }), 3);
  const got = await settle(c.dial({ phoneNumber: '+13175569901' }), 3000);
  assert.equal(got.error?.kind, 'rate_limited');
  assert.equal(got.error.retryAfterMs, 50);
  assert.equal(got.error.maybeApplied, false);
  assert.equal((await ctl.since(mark, 'POST', '/api/v2/conversations/calls')).length, 1);
});

test('a dial that may have been placed really was: drop-after applied it, and maybeApplied says so', async () => {
  const phoneNumber = '+13175569902';
  await ctl.fault('POST', '/api/v2/conversations/calls', { type: 'drop-after' });
  const got = await settle(cc.dial({ phoneNumber }), 3000);
  assert.equal(got.error?.kind, 'network');
  assert.equal(got.error.maybeApplied, true);
  const { conversations } = await ctl.call('GET', '/state');
  const placed = JSON.stringify(conversations).split(phoneNumber).length - 1;
  assert.ok(placed >= 1, 'the fake placed the call before dropping the connection');
  assert.equal((await g.requests('POST', '/api/v2/conversations/calls')).filter((r) => r.body?.phoneNumber === phoneNumber).length, 1);
});
