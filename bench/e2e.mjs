// Figure 4, end to end on loopback, in Node: the three clients against
// fake-genesys (its own process, so it has its own core) over real HTTP —
// genesys-callctl and hand-written fetch through Node's fetch, the SDK
// through its axios (http adapter). Sequential, and 32 in flight. Rounds
// alternate between the clients; before each round (untimed) the fake is
// reset and, for transfers, one agent-connected conversation per op is
// created through the control API. Dials use distinct numbers.
import { callctlClient, fetchClient, IMPLS, OPS, sdkClient } from './clients.js';
import { emit, median, QUEUE, quantile, quick, startFakeProcess, TOKEN } from './lib.mjs';

const MODES = quick
  ? { sequential: { inFlight: 1, perRound: 20, rounds: 2 }, inFlight32: { inFlight: 32, perRound: 64, rounds: 2 } }
  : { sequential: { inFlight: 1, perRound: 40, rounds: 15 }, inFlight32: { inFlight: 32, perRound: 192, rounds: 10 } };
// Untimed ops per client before each (op, mode): the JITs of client and fake settle.
const WARMUP = quick ? 10 : 200;

const fake = await startFakeProcess();
const control = async (method, path, body) => {
  const res = await fetch(fake.url + path, { method, headers: { 'Content-Type': 'application/json' }, body: body && JSON.stringify(body) });
  if (!res.ok) throw new Error(`control ${method} ${path}: ${res.status}`);
  return res.json();
};

async function conversations(n) {
  const ids = [];
  await pool(n, 8, async () => ids.push((await control('POST', '/__control/conversations', { scenario: 'agent-connected' })).id));
  return ids;
}

/** Runs `task(i)` for i in [0, n) with at most `k` in flight. */
async function pool(n, k, task) {
  let next = 0;
  const worker = async () => {
    while (next < n) await task(next++);
  };
  await Promise.all(Array.from({ length: Math.min(k, n) }, worker));
}

const { CallControl } = await import('../dist/node.js');
const platformClient = (await import('purecloud-platform-client-v2')).default;
const opts = { apiBase: fake.url, token: TOKEN };
const clients = { callctl: callctlClient(CallControl, opts), sdk: sdkClient(platformClient, opts), fetch: fetchClient(opts) };

let serial = 0; // distinct phone numbers across the whole run
async function round(op, client, n, inFlight, latencies) {
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
}

const result = {};
try {
  for (const op of Object.keys(OPS)) {
    result[op] = {};
    for (const [mode, { inFlight, perRound, rounds }] of Object.entries(MODES)) {
      for (const n of IMPLS) await round(op, clients[n], WARMUP, inFlight);
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
} finally {
  await fake.close();
}
emit(result);
