// The token is a secret (DESIGN › Rules; README › Security): it goes only in
// the Authorization header, only to https://api.<known Genesys domain> or a
// loopback/https apiBase, and never appears in an error, a console line, a
// path, a query or a body — even when a server echoes it back.
import { test, before, after, beforeEach } from 'node:test';
import assert from 'node:assert/strict';
import { inspect, format } from 'node:util';
import { randomBytes } from 'node:crypto';
import { dial, transfer, CallControl, CallControlError } from 'genesys-callctl';
import { fakeGenesys, seed, queueId } from './fake.mjs';
import { controlOf, settle, withFetch, waitFor } from './reliability.mjs';

const SENTINEL = `sntl-${randomBytes(24).toString('hex')}`; // 53 visible ASCII characters
const WRONG = `${SENTINEL}-revoked`; // unknown to the server: 401
const LIMITED = `${SENTINEL}-limited`; // a real user token without the permissions: 403
const alex = seed.users.find((u) => u.tokenKey === 'agent').id;
const blair = seed.users.find((u) => u.tokenKey === 'agent2').id;

/** Every 16-character piece of the sentinel: finding one is a (partial) leak. */
const PIECES = Array.from({ length: SENTINEL.length - 15 }, (_, i) => SENTINEL.slice(i, i + 16));
const leaks = (text) => typeof text === 'string' && PIECES.some((p) => text.includes(p));

let g;
let ctl;
const consoleLines = [];
const errors = []; // [label, error]
const restoreConsole = [];

before(async () => {
  g = await fakeGenesys();
  ctl = controlOf(g.url);
  await ctl.token(SENTINEL, alex);
  await ctl.token(LIMITED, alex, ['conversation:communication:view']);
  for (const m of ['log', 'info', 'warn', 'error', 'debug', 'trace', 'dir', 'table']) {
    const real = console[m];
    restoreConsole.push(() => (console[m] = real));
    console[m] = (...args) => {
      consoleLines.push(format(...args));
      return real.apply(console, args);
    };
  }
});
beforeEach(() => ctl.clearFaults());
after(async () => {
  for (const undo of restoreConsole) undo();
  await g.close();
});

/** Runs `promise`, keeping its rejection (if any) for the leak checks. */
async function attempt(label, promise) {
  const got = await settle(promise, 10_000, label);
  if (!got.ok) errors.push([label, got.error]);
  return got;
}

/** Every way an error can be shown, logged or serialized. */
function renderings(e) {
  const out = [String(e), inspect(e, { depth: 10, showHidden: true })];
  if (e && typeof e === 'object') {
    out.push(e.message, e.stack, JSON.stringify(e));
    for (const v of Object.values(e)) out.push(typeof v === 'string' ? v : JSON.stringify(v));
    for (const k of Object.getOwnPropertyNames(e)) out.push(String(e[k]));
    if ('cause' in e) out.push(inspect(e.cause));
  }
  return out;
}

function assertNoLeak(label, e) {
  for (const text of renderings(e)) assert.ok(!leaks(text), `${label}: the token (or a piece of it) is in ${JSON.stringify(text)?.slice(0, 400)}`);
}

test('operations that succeed, with a token string and a token function', async () => {
  for (const tok of [SENTINEL, () => SENTINEL, async () => SENTINEL]) {
    const cc = new CallControl({ apiBase: g.url, token: tok, timeoutMs: 2000 });
    const label = typeof tok === 'string' ? 'string token' : 'token function';
    assert.ok((await attempt(`${label}: me`, cc.me())).ok);
    assert.ok((await attempt(`${label}: findQueues`, cc.findQueues('Support*'))).ok);
    const d = await attempt(`${label}: dial`, cc.dial({ phoneNumber: '+1 317 555 0190', label: 'secrecy' }));
    assert.ok(d.ok);
    assert.ok((await attempt(`${label}: conversation`, cc.conversation(d.value.conversationId))).ok);
    const conv = await g.scenario('agent-connected');
    assert.ok((await attempt(`${label}: hold`, cc.hold(conv.id, true))).ok);
    assert.ok((await attempt(`${label}: unhold`, cc.hold(conv.id, false))).ok);
    assert.ok((await attempt(`${label}: mute`, cc.mute(conv.id, true))).ok);
    const consult = await attempt(`${label}: consult`, cc.consult({ conversationId: conv.id, to: { userId: blair } }));
    assert.ok(consult.ok, consult.error?.message);
    assert.ok((await attempt(`${label}: speakTo`, consult.value.speakTo('both'))).ok);
    assert.ok((await attempt(`${label}: cancel`, consult.value.cancel())).ok);
    assert.ok((await attempt(`${label}: transfer`, cc.transfer({ conversationId: conv.id, to: { queueName: 'Billing' } }))).ok);
    const other = await g.scenario('agent-connected');
    assert.ok((await attempt(`${label}: hangUp`, cc.hangUp(other.id))).ok);
  }
  const one = await attempt('one-shot dial', dial({ token: SENTINEL, apiBase: g.url, phoneNumber: '+13175550191' }));
  assert.ok(one.ok);
  const conv = await g.scenario('agent-connected');
  assert.ok((await attempt('one-shot transfer', transfer({ token: SENTINEL, apiBase: g.url, conversationId: conv.id, to: { queueId: queueId('Sales') } }))).ok);
});

test('operations that fail: 401, 403, 404, 429, 5xx, timeouts, aborts, invalid input', async () => {
  const expectKind = async (label, promise, kind) => {
    const got = await attempt(label, promise);
    assert.ok(!got.ok, `${label}: expected ${kind}, got success`);
    assert.ok(got.error instanceof CallControlError, `${label}: ${got.error}`);
    assert.equal(got.error.kind, kind, `${label}: ${got.error.message}`);
    // Each case uses up the faults it queued, so none can leak into the next case.
    assert.deepEqual(await ctl.faults(), [], `${label}: faults left unused`);
    return got.error;
  };
  const cc = new CallControl({ apiBase: g.url, token: SENTINEL, timeoutMs: 1000, retry: { limit: 1, maxRetryAfterMs: 200 } });
  const conv = await g.scenario('agent-connected');

  // 401: a wrong token, as a string and from a function (asked again once).
  await expectKind('401 string', new CallControl({ apiBase: g.url, token: WRONG }).me(), 'unauthorized');
  await expectKind('401 dial', new CallControl({ apiBase: g.url, token: WRONG }).dial({ phoneNumber: '+13175550192' }), 'unauthorized');
  let asked = 0;
  await expectKind('401 function', new CallControl({ apiBase: g.url, token: () => (asked++, WRONG) }).transfer({ conversationId: conv.id, to: { queueName: 'Billing' } }), 'unauthorized');
  assert.equal(asked, 2, 'asked once, and once more after the 401');
  await expectKind('401 one-shot', dial({ token: WRONG, apiBase: g.url, phoneNumber: '+13175550193' }), 'unauthorized');

  // 403: a real missing permission, and a status fault.
  await expectKind('403 real', new CallControl({ apiBase: g.url, token: LIMITED }).dial({ phoneNumber: '+13175550194' }), 'forbidden');
  await ctl.fault('GET', '/api/v2/users/me', { type: 'status', status: 403 });
  await expectKind('403 fault', cc.me(), 'forbidden');

  // 404.
  await expectKind('404', cc.conversation('0f8fad5b-d9cb-469f-a165-70867728950e'), 'not_found');
  await expectKind('404 transfer', cc.transfer({ conversationId: '0f8fad5b-d9cb-469f-a165-70867728950e', to: { userId: blair } }), 'not_found');

  // 429 over the cap, 500, 503 after retries.
  await ctl.fault('POST', '/api/v2/conversations/calls', { type: 'status', status: 429, retryAfter: 60 });
  await expectKind('429', cc.dial({ phoneNumber: '+13175550195' }), 'rate_limited');
  await ctl.fault('POST', '/api/v2/conversations/calls', { type: 'status', status: 500 });
  await expectKind('500', cc.dial({ phoneNumber: '+13175550196' }), 'server');
  await ctl.fault('GET', '/api/v2/routing/queues', { type: 'status', status: 503 }, 2);
  await expectKind('503', cc.findQueues('Support*'), 'server');

  // Timeouts and network drops.
  await ctl.fault('GET', '/api/v2/users/me', { type: 'hang' }); // a GET is not retried after its own timeout
  await expectKind('timeout', cc.me(), 'timeout');
  await ctl.fault('POST', '/api/v2/conversations/calls', { type: 'drop-mid-response' });
  await expectKind('network', cc.dial({ phoneNumber: '+13175550197' }), 'network');
  await ctl.fault('GET', '/api/v2/users/me', { type: 'hang' });
  await expectKind('total timeout', new CallControl({ apiBase: g.url, token: SENTINEL, timeoutMs: 10_000, totalTimeoutMs: 50 }).me(), 'timeout');

  // Aborts, including an abort reason that carries the token.
  await expectKind('pre-aborted', cc.dial({ phoneNumber: '+13175550198', signal: AbortSignal.abort(new Error(SENTINEL)) }), 'aborted');
  await ctl.fault('GET', '/api/v2/users/me', { type: 'hang' });
  const ac = new AbortController();
  const seq = await ctl.mark();
  const pending = cc.me({ signal: ac.signal });
  await waitFor(async () => (await ctl.since(seq, 'GET', '/api/v2/users/me')).length > 0, { what: 'the request reached the server' });
  ac.abort(new Error(`abort ${SENTINEL}`));
  await expectKind('aborted in flight', pending, 'aborted');

  // Invalid input, including the token where it does not belong.
  await expectKind('bad phone', cc.dial({ phoneNumber: 'call me' }), 'invalid_input');
  await expectKind('token as region', new CallControl({ region: SENTINEL, token: SENTINEL }).me(), 'invalid_input');
  await expectKind('token in an http apiBase', new CallControl({ apiBase: `http://${SENTINEL}.example`, token: SENTINEL }).me(), 'invalid_input');
  await expectKind('token with a line break', new CallControl({ apiBase: g.url, token: `${SENTINEL}\r\nX-Evil: 1` }).me(), 'invalid_input');
  await expectKind('token with a space', new CallControl({ apiBase: g.url, token: `Bearer ${SENTINEL}` }).me(), 'invalid_input');
  await expectKind('unknown option', new CallControl({ apiBase: g.url, token: SENTINEL, tokn: SENTINEL }).me(), 'invalid_input');
  await expectKind('one-shot unknown option', dial({ apiBase: g.url, token: SENTINEL, phoneNumber: '+13175550199', secret: SENTINEL }), 'invalid_input');
});

test('a server that echoes the token in its error is scrubbed', async () => {
  const cc = new CallControl({ apiBase: g.url, token: SENTINEL, timeoutMs: 2000, retry: 0 });
  const echo = (status, body) => ({ type: 'status', status, body });
  const cases = [
    ['500 message', 'POST', '/api/v2/conversations/calls', echo(500, { message: `upstream said: Bearer ${SENTINEL} is bad`, code: 'internal.server.error', status: 500 })],
    ['401 message+code', 'GET', '/api/v2/users/me', echo(401, { message: `token ${SENTINEL} expired`, code: SENTINEL, status: 401, contextId: SENTINEL })],
    ['400 details', 'POST', '/api/v2/conversations/calls', echo(400, { message: 'bad', code: 'bad.request', status: 400, details: [{ fieldName: SENTINEL, errorCode: SENTINEL }] })],
    ['429 message', 'GET', '/api/v2/routing/queues', echo(429, { message: `${SENTINEL} Retry the request in [60] seconds`, code: 'too.many.requests.retry.after', status: 429 })],
    ['403 twice', 'GET', '/api/v2/users/me', echo(403, { message: `${SENTINEL} ${SENTINEL} missing`, code: 'missing.any.permissions', status: 403 })],
  ];
  for (const [label, method, path, fault] of cases) {
    await ctl.fault(method, path, fault);
    const run = method === 'POST' ? cc.dial({ phoneNumber: '+13175550200' }) : path.endsWith('/me') ? cc.me() : cc.findQueues('Support*');
    const got = await attempt(`echo ${label}`, run);
    assert.ok(got.error instanceof CallControlError, `${label}: ${got.error}`);
    assert.ok(got.error.message.length > 0);
    assertNoLeak(`echo ${label}`, got.error);
    assert.deepEqual(await ctl.faults(), [], `${label}: fault left unused`);
  }
});

test('a token echoed across the 300-character message clip leaves no piece of it', async () => {
  const cc = new CallControl({ apiBase: g.url, token: SENTINEL, retry: 0 });
  for (const at of [270, 280, 290, 299]) {
    await ctl.fault('GET', '/api/v2/users/me', { type: 'status', status: 500, body: { message: `${'x'.repeat(at)}${SENTINEL}`, code: 'e', status: 500 } });
    const got = await settle(cc.me(), 5000); // kept out of `errors`: this test alone judges the clip
    assert.equal(got.error?.kind, 'server', got.error?.message);
    assertNoLeak(`echo at ${at}`, got.error);
  }
});

test('a token function that returns a non-string, throws or rejects → unauthorized, nothing sent, nothing leaked', async () => {
  const before = (await ctl.log()).length;
  const providers = {
    'returns a number': () => 42,
    'returns an object holding the token': () => ({ token: SENTINEL, toString: () => SENTINEL }),
    'returns undefined': () => undefined,
    'returns a promise of null': async () => null,
    'returns a String object': () => new String(SENTINEL), // eslint-disable-line no-new-wrappers
    'returns the token with a newline': () => `${SENTINEL}\n`,
    'returns an empty string': () => '',
    'throws an Error naming the token': () => {
      throw new Error(`could not refresh ${SENTINEL}`);
    },
    'throws the token itself': () => {
      throw SENTINEL;
    },
    'rejects with the token': () => Promise.reject(new Error(SENTINEL)),
    'returns a thenable that throws': () => ({ then() { throw new Error(SENTINEL); } }),
  };
  for (const [label, token] of Object.entries(providers)) {
    const cc = new CallControl({ apiBase: g.url, token, timeoutMs: 1000 });
    for (const [op, run] of [['me', () => cc.me()], ['dial', () => cc.dial({ phoneNumber: '+13175550201' })]]) {
      const got = await attempt(`provider ${label}: ${op}`, run());
      assert.ok(got.error instanceof CallControlError, `${label}: ${got.error}`);
      assert.equal(got.error.kind, 'unauthorized', `${label}: ${got.error.message}`);
    }
  }
  assert.equal((await ctl.log()).length, before, 'no request was sent without a usable token');
});

test('the token is never sent to a non-loopback http:// base: refused before any fetch', async () => {
  const urls = [];
  const spy = () => async (input) => {
    urls.push(String(input instanceof Request ? input.url : input));
    return new Response('{}', { status: 599 });
  };
  const bases = [
    'http://example.com',
    'HTTP://EXAMPLE.COM',
    'http://127.0.0.1.example.com',
    'http://localhost.example.com',
    'http://127.1',
    'http://0x7f000001',
    'http://user:pass@127.0.0.1:8080',
    'http://127.0.0.1@example.com',
    'http://[::1].example.com',
    'http://10.0.0.1',
    'ftp://127.0.0.1',
    '//example.com',
    'javascript:alert(1)',
    'example.com',
    `http://example.com/${SENTINEL}`,
  ];
  await withFetch(spy, async () => {
    for (const apiBase of bases) {
      for (const [op, run] of [
        ['me', () => new CallControl({ apiBase, token: SENTINEL }).me()],
        ['dial', () => new CallControl({ apiBase, token: () => SENTINEL }).dial({ phoneNumber: '+13175550202' })],
        ['one-shot dial', () => dial({ apiBase, token: SENTINEL, phoneNumber: '+13175550202' })],
        ['one-shot transfer', () => transfer({ apiBase, token: SENTINEL, conversationId: '0f8fad5b-d9cb-469f-a165-70867728950e', to: { queueId: queueId('Billing') } })],
      ]) {
        const got = await attempt(`apiBase ${apiBase}: ${op}`, run());
        assert.ok(got.error instanceof CallControlError, `${apiBase}: ${got.error}`);
        assert.equal(got.error.kind, 'invalid_input', `${apiBase} ${op}: ${got.error.message}`);
        assert.equal(got.error.field, 'apiBase', `${apiBase} ${op}`);
      }
    }
  });
  assert.deepEqual(urls, [], 'nothing was fetched');
});

const DOMAINS = [
  'mypurecloud.com', 'mypurecloud.ie', 'mypurecloud.com.au', 'mypurecloud.jp', 'mypurecloud.de', 'usw2.pure.cloud',
  'cac1.pure.cloud', 'apne2.pure.cloud', 'euw2.pure.cloud', 'aps1.pure.cloud', 'use2.us-gov-pure.cloud', 'sae1.pure.cloud',
  'mec1.pure.cloud', 'apne3.pure.cloud', 'euc2.pure.cloud', 'mxc1.pure.cloud', 'apse1.pure.cloud', 'edee1.eusc-pure.cloud',
];

test('region values resolve only to https://api.<known domain>; the token goes only there, only in Authorization', async () => {
  const seen = [];
  const spy = () => async (input, init) => {
    const url = String(input instanceof Request ? input.url : input);
    const headers = new Headers(init?.headers ?? (input instanceof Request ? input.headers : undefined));
    seen.push({ url, authorization: headers.get('authorization'), others: [...headers].filter(([k]) => k !== 'authorization'), body: init?.body });
    return new Response(JSON.stringify({ message: 'Invalid login credentials.', code: 'bad.credentials', status: 401 }), {
      status: 401,
      headers: { 'content-type': 'application/json' },
    });
  };
  const good = [
    ['mypurecloud.ie', 'mypurecloud.ie'],
    ['eu-west-1', 'mypurecloud.ie'],
    ['https://api.mypurecloud.ie', 'mypurecloud.ie'],
    ['https://api.mypurecloud.ie/', 'mypurecloud.ie'],
    ['api.mypurecloud.ie', 'mypurecloud.ie'],
    ['  MyPureCloud.IE ', 'mypurecloud.ie'],
    ['us-west-2', 'usw2.pure.cloud'],
    ['us_east_1', 'mypurecloud.com'],
    ...DOMAINS.map((d) => [d, d]),
  ];
  const bad = [
    'evil.com', 'mypurecloud.ie.evil.com', 'api.evil.com', 'https://api.mypurecloud.ie@evil.com', 'https://api.mypurecloud.ie.evil.com',
    'mypurecloud.ie/../evil', 'http://api.mypurecloud.ie', 'https://api.mypurecloud.ie:8443', 'https://evil.com/api.mypurecloud.ie',
    'mypurecloud', 'pure.cloud', 'eu-west-9', '', ' ', 'https://', `${SENTINEL}.mypurecloud.ie`,
  ];
  await withFetch(spy, async () => {
    for (const [region, domain] of good) {
      seen.length = 0;
      const got = await attempt(`region ${region}`, new CallControl({ region, token: SENTINEL, retry: 0 }).me());
      assert.equal(got.error?.kind, 'unauthorized', `${region}: ${got.error?.message}`);
      assert.equal(seen.length, 1, `${region}: one request`);
      assert.ok(seen[0].url.startsWith(`https://api.${domain}/api/v2/`), `${region} → ${seen[0].url}`);
      assert.equal(seen[0].url, `https://api.${domain}/api/v2/users/me`);
      assert.equal(seen[0].authorization, `Bearer ${SENTINEL}`);
      assert.ok(!seen[0].others.some(([, v]) => leaks(v)), 'the token only in Authorization');
    }
    seen.length = 0;
    for (const region of bad) {
      const got = await attempt(`region ${JSON.stringify(region)}`, new CallControl({ region, token: SENTINEL }).me());
      assert.equal(got.error?.kind, 'invalid_input', `${JSON.stringify(region)}: ${got.error?.message ?? 'resolved'}`);
      assert.equal(got.error.field, 'region');
    }
    assert.deepEqual(seen.map((s) => s.url), [], 'an unknown region is refused before any fetch');
  });
});

test('at the server the token appears only in the Authorization header', async () => {
  const log = await ctl.log();
  assert.ok(log.length > 20, `the earlier tests reached the server (${log.length} requests)`);
  let carried = 0;
  for (const r of log) {
    const { authorization, ...headers } = r.headers;
    if (leaks(authorization)) carried++;
    for (const [where, value] of [['path', r.path], ['query', JSON.stringify(r.query)], ['body', JSON.stringify(r.body)], ['headers', JSON.stringify(headers)]]) {
      assert.ok(!leaks(value), `${r.method} ${r.path}: the token is in the ${where}`);
    }
    if (authorization !== undefined) assert.match(authorization, /^Bearer [\x21-\x7e]+$/);
  }
  assert.ok(carried > 10, 'the sentinel did travel, in Authorization');
});

test('no error, in any rendering, and no console line carries the token', (t) => {
  assert.ok(errors.length >= 60, `a broad set of errors was collected (${errors.length})`);
  t.diagnostic(`${errors.length} errors and ${consoleLines.length} console lines checked`);
  for (const [label, e] of errors) {
    assert.ok(e instanceof CallControlError, `${label}: ${e?.constructor?.name} ${e}`);
    assertNoLeak(label, e);
  }
  for (const line of consoleLines) assert.ok(!leaks(line), `console line: ${line.slice(0, 300)}`);
});
