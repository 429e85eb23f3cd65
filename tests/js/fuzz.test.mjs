// Property-based fuzzing of every export and option with fast-check (fixed
// seed, bounded runs). Any JS value, however malformed, must give a promise
// (never a synchronous throw) that settles in time with a CallControlError
// of a documented kind — `invalid_input` when nothing was sent — and no
// input may change a request path or send the token over plain http to a
// host that is not loopback. The module must keep working afterwards.
//
//   FUZZ_RUNS  random cases in all (default 23,000: what npm test runs;
//              `npm run fuzz` runs 100,000)
//   FUZZ_SEED  fast-check seed (default 20261121)
// The hostile-value matrix (tests/js/fuzz-hostile.mjs) runs in full on top.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { dial, transfer, CallControl, CallControlError, init, normalizePhoneNumber } from 'genesys-callctl';
import { fakeGenesys, token, seed, agentOf } from './fake.mjs';
import { UUID, controlOf, withFetch } from './reliability.mjs';
import { setPool, thrower, exotic, materialize, idLike, strings, leaf, options, withTo, nearValid, validDial, validCall, DIAL_KEYS, TRANSFER_KEYS, CONSULT_KEYS, CLIENT_KEYS } from './fuzz-inputs.mjs';
import { HOSTILE, levels, matrix } from './fuzz-hostile.mjs';
import { API_PATH, QUERY, KNOWN_API_HOSTS, tokenMayGoTo, fetched, recordingFetch, setFakeOrigin, contract, violations, exoticNames, judged } from './fuzz-oracle.mjs';

const envInt = (name, fallback) => {
  const v = process.env[name];
  if (v === undefined || v === '') return fallback;
  if (!/^\d+$/.test(v)) throw new Error(`${name} must be a non-negative integer, got '${v}'`);
  return Number(v);
};
const SEED = envInt('FUZZ_SEED', 20261121);
const TARGET = envInt('FUZZ_RUNS', 23_000);
// Each property's share of the random cases (normalize is the cheapest,
// client the dearest: a fresh client per case).
const SHARES = { client: 1500, dial: 2000, transfer: 1500, consult: 1000, callOps: 2000, lookups: 1500, oneShot: 1000, normalize: 1000 };
const SHARE_SUM = Object.values(SHARES).reduce((a, b) => a + b, 0);
const RUNS = Object.fromEntries(Object.entries(SHARES).map(([k, w]) => [k, Math.ceil((TARGET * w) / SHARE_SUM)]));
const TOTAL_RUNS = Object.values(RUNS).reduce((a, b) => a + b, 0);
// About 0.5 ms a case on a 2-core machine; the bound leaves room for a loaded one.
const BOUND_S = Math.max(60, TARGET / 400);

let g;
let ctl;
let origin;
const summary = {};
before(async () => {
  g = await fakeGenesys();
  ctl = controlOf(g.url);
  origin = new URL(g.url).origin;
  setFakeOrigin(origin);
});
after(async () => {
  await g.close();
  // The line to quote (and to rerun with FUZZ_SEED / FUZZ_RUNS).
  const r = summary.random;
  const m = summary.matrix;
  console.log(
    `fuzz summary: seed ${SEED}, ${r ? `${r.total} random cases in ${r.seconds.toFixed(1)} s` : 'random cases did not finish'}` +
      `${m ? `, ${m.total} hostile-matrix cases in ${m.seconds.toFixed(1)} s` : ''}, ${fetched.urls.length} requests`,
  );
});

const property = (arbs, body) => fc.asyncProperty(...arbs, body);
async function check(name, prop, numRuns) {
  await fc.assert(prop, { seed: SEED, numRuns, verbose: 1, includeErrorInReport: true });
}
test(`fuzz: ${TOTAL_RUNS} random calls across every export (seed ${SEED})`, { timeout: BOUND_S * 2000 }, async (t) => {
  // Real ids, so some random inputs are valid and reach the server.
  const convs = [];
  for (let i = 0; i < 40; i++) convs.push(await g.scenario(['agent-connected', 'agent-connected', 'agent-held', 'queued', 'agent-alerting'][i % 5]));
  const pool = {
    convIds: convs.map((c) => c.id),
    ids: [
      ...convs.map((c) => c.id),
      ...convs.flatMap((c) => c.participants.map((p) => p.id)),
      ...seed.queues.map((q) => q.id),
      ...seed.users.map((u) => u.id),
      seed.externalContacts[0].id,
    ],
    phones: ['+13175550100', '+1 (317) 555-0101', '+44 20 7946 0958', 'tel:+13175550102', '+1-317-555-0103', '12', '+0123456789', '+1234567890123456'],
  };
  setPool(pool);

  const cc = new CallControl({ apiBase: g.url, token, timeoutMs: 2000, totalTimeoutMs: 4000, retry: 0 });
  const started = performance.now();
  const runs = {};
  const count = (name) => () => (runs[name] = (runs[name] ?? 0) + 1);

  await withFetch(recordingFetch, async () => {
    // new CallControl(random options), then a call: the constructor never throws.
    // A rejecting provider's promise is marked handled: random keys also put these
    // functions where they are called and their result dropped (an own toJSON, onRequest).
    const rejecting = () => {
      const p = Promise.reject(new Error('token provider failed'));
      p.catch(() => {});
      return p;
    };
    const tokenValue = fc.oneof(
      { weight: 4, arbitrary: fc.constant(token) },
      fc.constantFrom(() => token, async () => token, () => 42, () => null, () => thrower(), rejecting, () => `${token}\n`, () => ''),
      leaf(),
    );
    const clientValue = fc.oneof(
      { weight: 3, arbitrary: leaf() },
      fc.constantFrom(g.url, `${g.url}/`, 'http://example.com', 'https://example.com', 'mypurecloud.ie', 'us-west-2', 'https://api.usw2.pure.cloud', 'evil.com'),
      // loopback http bases the design allows (answered by the spy) …
      fc.constantFrom('http://localhost:1', 'HTTP://LOCALHOST:1/', 'http://127.0.0.2:1', 'http://127.255.255.254:9', 'http://[::1]:1'),
      // … and http spellings that are not loopback, or only look like it
      fc.constantFrom('http://127.0.0.1.evil.com', 'http://localhost.evil.com', 'http://127.0.0.1@evil.com', 'http://evil.com#@127.0.0.1', 'http://10.0.0.1', 'http://0.0.0.0:1', 'http://[::2]:1', 'http://[::ffff:127.0.0.1]', 'http://128.0.0.1', 'http://127.0.0.256'),
      options(['limit', 'maxRetryAfterMs'], leaf()),
    );
    const clientOptions = options(CLIENT_KEYS, fc.oneof(clientValue, tokenValue));
    await check(
      'client',
      property([clientOptions, fc.constantFrom('me', 'dial', 'findQueues')], async (spec, op) => {
        count('client')();
        const o = materialize(spec);
        const call = { me: (c) => c.me(), dial: (c) => c.dial({ phoneNumber: '+13175550110' }), findQueues: (c) => c.findQueues('Support*') }[op];
        // The constructor must not throw either: it runs inside the checked call.
        await judged(`new CallControl(…).${op}`, spec, () => call(new CallControl(o)), {
          allowedWithoutRequest: ['invalid_input', 'aborted', 'unauthorized', 'timeout'],
        });
      }),
      RUNS.client,
    );

    await check(
      'dial',
      property([fc.oneof(options(DIAL_KEYS, fc.oneof({ weight: 3, arbitrary: leaf() }, options(['a', 'b', '__proto__'], leaf()))), nearValid(validDial(), DIAL_KEYS))], async (spec) => {
        count('dial')();
        const got = await judged('cc.dial', spec, () => cc.dial(materialize(spec)));
        if (got?.ok) assert.match(got.value.conversationId, UUID);
      }),
      RUNS.dial,
    );

    await check(
      'transfer',
      property([fc.oneof(withTo(TRANSFER_KEYS), nearValid(validCall(), TRANSFER_KEYS))], async (spec) => {
        count('transfer')();
        await judged('cc.transfer', spec, () => cc.transfer(materialize(spec)));
      }),
      RUNS.transfer,
    );

    await check(
      'consult',
      property([fc.oneof(withTo(CONSULT_KEYS), nearValid(validCall([['speakTo', fc.constantFrom('destination', 'object', 'both', 'conference')]]), CONSULT_KEYS))], async (spec) => {
        count('consult')();
        const got = await judged('cc.consult', spec, () => cc.consult(materialize(spec)));
        // A consult that started is cancelled through its handle, which obeys the same contract.
        if (got?.ok) await judged('consult.cancel', spec, () => got.value.cancel());
      }),
      RUNS.consult,
    );

    const callOp = fc.constantFrom('consultFor', 'hold', 'mute', 'hangUp', 'speakTo', 'complete');
    await check(
      'callOps',
      property([callOp, fc.oneof(idLike(), leaf()), leaf(), options(['signal', 'participantId'], fc.oneof(leaf(), idLike()))], async (op, cid, flag, opts) => {
        count('callOps')();
        const [id, f, o] = [materialize(cid), materialize(flag), materialize(opts)];
        const run = {
          consultFor: () => cc.consultFor(id, o),
          hold: () => cc.hold(id, f, o),
          mute: () => cc.mute(id, f, o),
          hangUp: () => cc.hangUp(id, o),
          speakTo: () => cc.consultFor(id).then((c) => c.speakTo(f, o)),
          complete: () => cc.consultFor(id).then((c) => c.complete(o)),
        }[op];
        await judged(`cc.${op}`, [cid, flag, opts], run);
      }),
      RUNS.callOps,
    );

    await check(
      'lookups',
      property([fc.constantFrom('me', 'conversation', 'findQueues'), fc.oneof(idLike(), leaf()), options(['signal'], leaf())], async (op, arg, opts) => {
        count('lookups')();
        const [a, o] = [materialize(arg), materialize(opts)];
        const run = { me: () => cc.me(a), conversation: () => cc.conversation(a, o), findQueues: () => cc.findQueues(a, o) }[op];
        await judged(`cc.${op}`, [arg, opts], run);
      }),
      RUNS.lookups,
    );

    const oneShotKeys = [...CLIENT_KEYS, ...DIAL_KEYS, ...TRANSFER_KEYS];
    await check(
      'oneShot',
      property([fc.constantFrom('dial', 'transfer'), withTo(oneShotKeys), fc.boolean()], async (op, spec, addClient) => {
        count('oneShot')();
        let o = materialize(spec);
        // Often a usable client part, so the call itself is what is fuzzed.
        if (addClient && o && typeof o === 'object') {
          try {
            if (!Array.isArray(o)) o = { apiBase: g.url, token, timeoutMs: 2000, retry: 0, ...o };
          } catch {
            // a value whose spread (or even Array.isArray, for a revoked proxy) throws stays as it is
          }
        }
        await judged(`${op}(…)`, spec, () => (op === 'dial' ? dial(o) : transfer(o)), {
          allowedWithoutRequest: ['invalid_input', 'aborted', 'unauthorized', 'timeout'],
        });
      }),
      RUNS.oneShot,
    );
  });

  // normalizePhoneNumber (synchronous after init): an E.164 string, or a thrown invalid_input.
  await init();
  await check(
    'normalize',
    property([fc.oneof(fc.constantFrom(...pool.phones), strings, leaf())], async (spec) => {
      count('normalize')();
      const input = materialize(spec);
      try {
        const out = normalizePhoneNumber(input);
        assert.match(out, /^\+[1-9][0-9]{7,14}$/, `normalizePhoneNumber(${fc.stringify(spec).slice(0, 80)}) → ${out}`);
      } catch (e) {
        if (e instanceof assert.AssertionError) throw e;
        const involved = [...exoticNames(spec)].join(', ') || typeof input;
        if (!(e instanceof CallControlError) || e.kind !== 'invalid_input' || e.field !== 'phoneNumber') {
          const key = `normalizePhoneNumber — threw ${e?.constructor?.name} ${e?.kind ?? ''}: ${e?.message} — with ${involved}`;
          const seen = violations.get(key);
          if (seen) seen.count++;
          else violations.set(key, { count: 1, example: fc.stringify(spec).slice(0, 600) });
        }
      }
    }),
    RUNS.normalize,
  );

  const seconds = (performance.now() - started) / 1000;
  const total = Object.values(runs).reduce((a, b) => a + b, 0);
  t.diagnostic(`fast-check seed ${SEED}: ${total} cases (${JSON.stringify(runs)}) in ${seconds.toFixed(1)} s; ${fetched.urls.length} requests`);
  const report = [...violations].map(([key, v]) => `${key} (${v.count}×)\n    e.g. ${v.example}`);
  const shown = 30;
  assert.equal(
    report.length,
    0,
    `${report.length} distinct contract violations in ${[...violations.values()].reduce((a, v) => a + v.count, 0)} cases` +
      `${report.length > shown ? ` (first ${shown} shown)` : ''}:\n${report.slice(0, shown).join('\n')}`,
  );
  assert.ok(total >= TARGET, `at least ${TARGET} cases ran (${total})`);
  assert.ok(seconds < BOUND_S, `the fuzz run is bounded (${seconds.toFixed(1)} s, bound ${BOUND_S} s)`);
  summary.random = { total, seconds };
});

test(`fuzz: every hostile value at every option level (${Object.keys(HOSTILE).length} values)`, { timeout: 120_000 }, async (t) => {
  const conv = await g.scenario('agent-connected');
  const ctx = { cc: new CallControl({ apiBase: g.url, token, timeoutMs: 2000, totalTimeoutMs: 4000, retry: 0 }), CallControl, dial, transfer, apiBase: g.url, token, conversationId: conv.id, queueId: seed.queues[0].id };
  const started = performance.now();
  const covered = new Map(); // level → Set of hostile names
  let cases = 0;
  const failures = [];
  await withFetch(recordingFetch, async () => {
    for (const c of matrix(ctx)) {
      cases++;
      const label = `${c.level} ${c.placement} = ${c.hostile}`;
      try {
        const got = await contract(label, c.call, c.L.allowedWithoutRequest ? { allowedWithoutRequest: c.L.allowedWithoutRequest } : undefined);
        if (got.ok && c.L.consult) await contract(`${label}: cancel`, () => got.value.cancel());
      } catch (e) {
        failures.push(e.message.split('\n')[0]);
      }
      if (!covered.has(c.level)) covered.set(c.level, new Set());
      covered.get(c.level).add(c.hostile);
    }
  });
  const seconds = (performance.now() - started) / 1000;
  t.diagnostic(`hostile matrix: ${cases} cases over ${covered.size} levels in ${seconds.toFixed(1)} s`);
  summary.matrix = { total: cases, seconds };
  assert.deepEqual(failures, [], `${failures.length} of ${cases} hostile cases broke the contract`);
  const names = [...Object.keys(HOSTILE), 'throwing getter'];
  for (const [level, L] of Object.entries(levels(ctx))) {
    const missing = names.filter((n) => !covered.get(level)?.has(n) && !(n === 'throwing getter' && L.keys.length === 0));
    assert.deepEqual(missing, [], `${level}: hostile values not tried`);
  }
  assert.equal(Object.prototype.polluted, undefined, 'an own __proto__ key polluted Object.prototype');
});

test('fuzz oracle: the token may go over https, or http to loopback only', async () => {
  for (const ok of ['https://example.com/api/v2/users/me', 'http://localhost:1/api/v2/users/me', 'http://LOCALHOST:1/', 'http://127.0.0.1:9/', 'http://127.255.255.254/', 'http://[::1]:1/']) {
    assert.ok(tokenMayGoTo(ok), ok);
  }
  for (const bad of ['http://example.com/', 'http://127.0.0.1.evil.com/', 'http://localhost.evil.com/', 'http://evil.com/127.0.0.1', 'http://10.0.0.1/', 'http://0.0.0.0/', 'http://[::2]/', 'http://[::ffff:127.0.0.1]/', 'http://128.0.0.1/', 'ws://localhost/', 'file:///etc/passwd', 'not a url']) {
    assert.ok(!tokenMayGoTo(bad), bad);
  }
  // Whatever the seed, a loopback base the design allows is used (the spy
  // answers it, and the URL check below judges it), and one that only looks
  // like loopback is refused before the network.
  await withFetch(recordingFetch, async () => {
    const sent = fetched.api;
    const local = await new CallControl({ apiBase: 'http://localhost:1', token, retry: 0 }).me().catch((e) => e);
    assert.equal(local.kind, 'unauthorized', `${local.kind}: ${local.message}`);
    assert.equal(fetched.urls.at(-1), 'http://localhost:1/api/v2/users/me');
    const evil = await new CallControl({ apiBase: 'http://localhost.evil.com', token }).me().catch((e) => e);
    assert.equal(evil.kind, 'invalid_input', `${evil.kind}: ${evil.message}`);
    assert.equal(fetched.api, sent + 1, 'only the loopback base was fetched');
  });
});

test('fuzz: every URL the package fetched is https://, or http:// on loopback, with a real API path', (t) => {
  assert.ok(fetched.urls.length > 100, `random valid inputs reached the network (${fetched.urls.length})`);
  assert.deepEqual(fetched.insecure, [], 'the token was sent over http to a host that is not loopback');
  const loopback = fetched.elsewhere.filter((u) => u.startsWith('http:'));
  t.diagnostic(`${fetched.urls.length} requests; ${loopback.length} to loopback http bases other than the fake (answered by the spy)`);
  for (const url of fetched.urls) {
    const u = new URL(url);
    assert.ok(tokenMayGoTo(url), `token sent over ${u.protocol} to ${u.host}`);
    assert.ok(!url.includes('#'), `a fragment in ${url}`);
    if (u.origin !== origin) continue; // a fuzzed https apiBase or a Genesys region: answered by the spy
    const raw = url.slice(origin.length);
    const [path, query, extra] = raw.split('?');
    assert.equal(extra, undefined, `two ?s in ${url}`);
    assert.match(path, API_PATH, `fetched ${url}`);
    if (query !== undefined) {
      assert.equal(path, '/api/v2/routing/queues', `a query on ${path}`);
      assert.match(query, QUERY, `query of ${url}`);
    }
  }
  for (const url of fetched.elsewhere) {
    assert.ok(tokenMayGoTo(url), `token sent over plain http to a host that is not loopback: ${url}`);
  }
  assert.ok(fetched.elsewhere.some((u) => KNOWN_API_HOSTS.some((h) => u.startsWith(h))), 'regions resolved to a Genesys API host');
});

test('fuzz: the server saw only real API paths: no .., %2F, ?, # or foreign segment', async () => {
  const log = await ctl.log();
  assert.ok(log.length > 100, `the server was reached (${log.length})`);
  for (const r of log) {
    assert.doesNotMatch(r.path, /\.\.|%2f|[?#]/i, `${r.method} ${r.path}`);
    assert.match(r.path, API_PATH, `${r.method} ${r.path}`);
    assert.ok(['GET', 'POST', 'PATCH', 'DELETE'].includes(r.method), r.method);
  }
});

test('fuzz: the module still works afterwards', async () => {
  const cc = new CallControl({ apiBase: g.url, token });
  const mark = await ctl.mark();
  const { conversationId } = await cc.dial({ phoneNumber: '+1 317 555 0999' });
  assert.match(conversationId, UUID);
  assert.equal((await cc.me()).name, 'Alex Agent');
  const conv = await g.scenario('agent-connected');
  const out = await transfer({ token, apiBase: g.url, conversationId: conv.id, to: { queueName: 'Sales' } });
  assert.equal(out.participantId, agentOf(conv).id);
  const e = await cc.dial({ phoneNumber: '12' }).catch((x) => x);
  assert.equal(e.kind, 'invalid_input');
  assert.ok((await ctl.since(mark, 'POST')).length >= 2);
});

test('an own toJSON key is an unknown option, not a replacement for the options (top level and nested)', async () => {
  const cc = new CallControl({ apiBase: g.url, token });
  const mark = await ctl.mark();
  const top = await cc
    .dial({ phoneNumber: '+13175550171', toJSON: () => ({ phoneNumber: '+13175550172' }) })
    .then((v) => v, (e) => e);
  assert.ok(top instanceof CallControlError, `resolved ${JSON.stringify(top)}: the toJSON result was dialed`);
  assert.equal(top.kind, 'invalid_input');
  assert.equal(top.field, 'toJSON');
  const conv = await g.scenario('agent-connected');
  const blair = seed.users.find((u) => u.tokenKey === 'agent2').id;
  const nested = await cc
    .transfer({ conversationId: conv.id, to: { queueId: seed.queues[0].id, toJSON: () => ({ userId: blair }) } })
    .then((v) => v, (e) => e);
  assert.ok(nested instanceof CallControlError, `resolved ${JSON.stringify(nested)}: the nested toJSON result was used`);
  assert.equal(nested.kind, 'invalid_input');
  assert.match(nested.field, /toJSON/);
  assert.deepEqual(await ctl.since(mark, 'POST'), [], 'nothing was sent');
});
