// Figure 4, end to end on loopback, in Node: the three clients against
// fake-genesys (its own process, so it has its own core) over real HTTP —
// genesys-callctl and hand-written fetch through Node's fetch, the SDK
// through its axios (http adapter). Sequential, and 32 in flight. Rounds
// alternate between the clients; before each round (untimed) the fake is
// reset and, for transfers, one agent-connected conversation per op is
// created through the control API. Dials use distinct numbers.
// Then the same against a second fake answering every API request after
// 20 ms (`--latency-ms 20`): what an agent's browser sees from a real region,
// where the client's own cost is a small part of each op.
import { callctlClient, fetchClient, IMPLS, OPS, sdkClient } from './clients.js';
import { emit, importNodeEntry, median, QUEUE, quantile, quick, startFakeProcess, TOKEN } from './lib.mjs';

const MODES = quick
  ? { sequential: { inFlight: 1, perRound: 20, rounds: 2 }, inFlight32: { inFlight: 32, perRound: 64, rounds: 2 } }
  : { sequential: { inFlight: 1, perRound: 40, rounds: 15 }, inFlight32: { inFlight: 32, perRound: 192, rounds: 10 } };
// With the fake answering after LATENCY_MS (a WAN-like response time), the
// same ops, fewer of them: each is mostly waiting.
const LATENCY_MS = 20;
const LATENCY_MODES = quick
  ? { sequential: { inFlight: 1, perRound: 5, rounds: 2 }, inFlight32: { inFlight: 32, perRound: 32, rounds: 2 } }
  : { sequential: { inFlight: 1, perRound: 20, rounds: 6 }, inFlight32: { inFlight: 32, perRound: 96, rounds: 6 } };
// Untimed ops per client before each (op, mode): the JITs of client and fake settle.
const WARMUP = quick ? 10 : 200;
const LATENCY_WARMUP = quick ? 5 : 20;

/** Runs `task(i)` for i in [0, n) with at most `k` in flight. */
async function pool(n, k, task) {
  let next = 0;
  const worker = async () => {
    while (next < n) await task(next++);
  };
  await Promise.all(Array.from({ length: Math.min(k, n) }, worker));
}

const { CallControl } = await importNodeEntry();
const platformClient = (await import('purecloud-platform-client-v2')).default;

let serial = 0; // distinct phone numbers across the whole run

/**
 * Every op × mode for the three clients against a fake-genesys process
 * started with `fakeArgs`. The SDK's client is a singleton: each call of this
 * re-points it, so the phases run one after the other.
 */
async function measure(fakeArgs, modes, warmup) {
  const fake = await startFakeProcess(fakeArgs);
  try {
    const control = async (method, path, body) => {
      const res = await fetch(fake.url + path, { method, headers: { 'Content-Type': 'application/json' }, body: body && JSON.stringify(body) });
      if (!res.ok) throw new Error(`control ${method} ${path}: ${res.status}`);
      return res.json();
    };
    const conversations = async (n) => {
      const ids = [];
      await pool(n, 8, async () => ids.push((await control('POST', '/__control/conversations', { scenario: 'agent-connected' })).id));
      return ids;
    };
    const opts = { apiBase: fake.url, token: TOKEN };
    const clients = { callctl: callctlClient(CallControl, opts), sdk: sdkClient(platformClient, opts), fetch: fetchClient(opts) };
    const round = async (op, client, n, inFlight, latencies) => {
      await control('POST', '/__control/reset', {});
      const ids = op === 'dial' ? [] : await conversations(n);
      const ctx = { conversationId: (i) => ids[i], queueId: QUEUE.id, queueName: QUEUE.name };
      const base = serial;
      serial += n;
      const t0 = performance.now();
      await pool(n, inFlight, async (i) => {
        const s = performance.now();
        await OPS[op](client, op === 'dial' ? base + i : i, ctx);
        latencies?.push(performance.now() - s);
      });
      return performance.now() - t0;
    };
    const result = {};
    for (const op of Object.keys(OPS)) {
      result[op] = {};
      for (const [mode, { inFlight, perRound, rounds }] of Object.entries(modes)) {
        for (const n of IMPLS) await round(op, clients[n], warmup, inFlight);
        const lat = Object.fromEntries(IMPLS.map((n) => [n, []]));
        const wall = Object.fromEntries(IMPLS.map((n) => [n, 0]));
        for (let r = 0; r < rounds; r++) {
          for (let j = 0; j < IMPLS.length; j++) {
            const n = IMPLS[(r + j) % IMPLS.length];
            wall[n] += await round(op, clients[n], perRound, inFlight, lat[n]);
          }
        }
        result[op][mode] = Object.fromEntries(IMPLS.map((n) => [n, {
          medianMs: median(lat[n]),
          p99Ms: quantile(lat[n], 0.99),
          opsPerSec: (lat[n].length / wall[n]) * 1000,
          ops: lat[n].length,
          inFlight,
        }]));
      }
    }
    return result;
  } finally {
    await fake.close();
  }
}

const result = await measure([], MODES, WARMUP);
result.latency = { ms: LATENCY_MS, ...(await measure(['--latency-ms', String(LATENCY_MS)], LATENCY_MODES, LATENCY_WARMUP)) };
// The fake really waited: no op of any client came back sooner than one response time.
const fastest = Math.min(...Object.keys(OPS).flatMap((op) => IMPLS.map((n) => result.latency[op].sequential[n].medianMs)));
if (!(fastest >= LATENCY_MS)) throw new Error(`e2e at ${LATENCY_MS} ms: a median of ${fastest.toFixed(2)} ms is below the fake's latency`);
emit(result);
