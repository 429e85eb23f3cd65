// Figures 3b and 5b, notification events: the cost of one event, frame in → `Call`
// out, through the public API, in Node.
//
//   genesys-callctl: a CallControl with `apiBase` = fake-genesys (in this
//     process) for the REST steps `watchCalls` makes (users/me, channel,
//     subscription, the calls listing of the resync) and the `WebSocket`
//     option = BenchSocket (bench/bench-socket.js), which opens at once and
//     lets the benchmark push prepared text frames; values read with
//     `for await (const call of cc.watchCalls())`.
//   js: the hand-written baseline (bench/baseline-events.js) on a
//     BenchSocket of its own, read with `for await` the same way.
//
// Frames: the `v2.users.{me}.conversations.calls` envelope the fake sends,
// around the fake's own ConversationCallEventTopicCallConversation snapshot
// of an `agent-connected` call (customer, acd, agent: 3 participants), with
// a distinct CorrelationId each (a ring of RING frames) and the agent leg's
// `held` alternating, so every frame yields exactly one Call (checked).
//
// Per-event time, two ways, implementations taking turns sample by sample:
//   one at a time: push a frame, await its Call, push the next (events arrive
//     seconds apart in real life: every one pays the full wake-up path);
//   batched: push `batch` frames in one go, then await their Calls.
// Then memory (each implementation in its own `node --expose-gc` process):
// JS heap and wasm memory at checkpoints up to 100,000 events (one at a
// time), read like figure 5 (gc() three times with pauses, heapUsed; wasm
// through the package's `__wasmMemoryBytes`, else its instance's memory).
import { randomUUID } from 'node:crypto';
import { startFakeGenesys } from '../tests/fake-genesys/server.mjs';
import { callEventBody } from '../tests/fake-genesys/notification-events.mjs';
import { benchSocketClass } from './bench-socket.js';
import { watchCallsBaseline } from './baseline-events.js';
import { catchWasmInstances, emit, importNodeEntry, median, quantile, quick, runChild, TOKEN, wasmMemoryReader } from './lib.mjs';

const EVENT_IMPLS = ['callctl', 'js'];
const CPU = quick ? { batch: 20, samples: 5, warmup: 200 } : { batch: 200, samples: 30, warmup: 5000 };
const CHECKPOINTS = quick ? [100, 1000, 2000] : [100, 1000, 10000, 25000, 50000, 75000, 100000];
const RING = 64;
const STALL_MS = 10000;
const now = () => performance.now();

const mode = process.argv.includes('--memory-child') ? 'memory' : 'cpu';
const childImpl = process.argv[process.argv.indexOf('--memory-child') + 1];

// --------------------------------------------------------------- set-up

/** fake-genesys with one agent-connected call for Alex; the frames built from its snapshot. */
async function startEnv() {
  const fake = await startFakeGenesys({ port: 0, callSetupMs: 0 });
  const post = await fetch(`${fake.url}/__control/conversations`, { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify({ scenario: 'agent-connected' }) });
  const { id: conversationId } = await post.json();
  const me = (await (await fetch(`${fake.url}/api/v2/users/me`, { headers: { Authorization: `Bearer ${TOKEN}` } })).json()).id;
  // What the fake publishes: JSON of callEventBody (undefined fields dropped).
  const body = JSON.parse(JSON.stringify(callEventBody(fake.org.conversation(conversationId))));
  if (body.participants.length !== 3) throw new Error(`expected 3 participants, got ${body.participants.length}`);
  const agent = body.participants.find((p) => p.user?.id === me);
  if (!agent || agent.state !== 'connected' || agent.held !== false) throw new Error('the agent leg is not connected and unheld');
  const topicName = `v2.users.${me}.conversations.calls`;
  const frames = Array.from({ length: RING }, (_, i) => {
    agent.held = i % 2 === 0; // the resync reads held: false, so frame 0 is news
    return JSON.stringify({ topicName, version: '2', eventBody: body, metadata: { CorrelationId: randomUUID() } });
  });
  agent.held = false;
  return { fake, me, conversationId, frames };
}

const consumers = new Set();
// One watchdog for every wait (a timer per wait would be timed with the events).
setInterval(() => {
  for (const c of consumers) {
    if (c.wait && now() - c.wait.since > STALL_MS) {
      const { reject } = c.wait;
      c.wait = null;
      reject(new Error(`${c.name}: ${c.target - c.count} Call(s) missing after ${STALL_MS} ms (${c.count} received)`));
    }
  }
}, 500).unref();

/** Reads `iterable` with `for await`, counting values; `until(n)` waits for the n-th. */
function consume(name, iterable) {
  const c = { name, count: 0, last: undefined, target: 0, wait: null };
  c.done = (async () => {
    for await (const value of iterable) {
      c.count += 1;
      c.last = value;
      if (c.wait && c.count >= c.target) {
        const { resolve } = c.wait;
        c.wait = null;
        resolve();
      }
    }
  })();
  c.done.catch((e) => c.wait?.reject(e));
  c.until = (n) => {
    if (c.count >= n) return undefined;
    c.target = n;
    return new Promise((resolve, reject) => {
      c.wait = { resolve, reject, since: now() };
    });
  };
  consumers.add(c);
  return c;
}

async function waitFor(what, pred) {
  const t0 = now();
  while (!pred()) {
    if (now() - t0 > STALL_MS) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 2));
  }
}

/** One implementation, watching and ready for frames. */
async function open(impl, env, pkg) {
  const { BenchSocket, sockets } = benchSocketClass();
  const abort = new AbortController();
  const statuses = [];
  let consumer;
  if (impl === 'callctl') {
    const cc = new pkg.CallControl({ apiBase: env.fake.url, token: TOKEN, WebSocket: BenchSocket });
    consumer = consume(impl, cc.watchCalls({ signal: abort.signal, onStatus: (s) => statuses.push(s) }));
    // The resync (calls listing) yields the connected call, then the session is live.
    await consumer.until(1);
    await waitFor('watchCalls to be live', () => statuses.includes('live'));
    if (sockets.length !== 1) throw new Error(`callctl opened ${sockets.length} sockets`);
    if (!sockets[0].url.startsWith('ws://127.0.0.1:')) throw new Error(`callctl opened ${sockets[0].url}`);
  } else {
    const socket = new BenchSocket('ws://127.0.0.1:9/channels/baseline');
    await waitFor('the socket to open', () => socket.readyState === 1);
    consumer = consume(impl, watchCallsBaseline(socket, env.me, { signal: abort.signal }));
  }
  const socket = sockets[0];
  return { impl, socket, consumer, statuses, next: 0, expected: consumer.count, close: () => abort.abort() };
}

/** Pushes `n` frames, each awaited before the next. */
async function oneAtATime(c, frames, n) {
  for (let k = 0; k < n; k++) {
    c.socket.push(frames[c.next++ % RING]);
    await c.consumer.until(++c.expected);
  }
}

/** Pushes `n` frames in one go, then awaits their Calls. */
async function batched(c, frames, n) {
  for (let k = 0; k < n; k++) c.socket.push(frames[c.next++ % RING]);
  c.expected += n;
  await c.consumer.until(c.expected);
}

/** Waits a little and checks no Call came beyond one per frame. */
async function exactlyOnePerFrame(c) {
  await new Promise((r) => setTimeout(r, 20));
  if (c.consumer.count !== c.expected) throw new Error(`${c.impl}: ${c.consumer.count} values for ${c.expected} expected`);
}

const canonical = (call) => JSON.stringify(Object.keys(call).sort().map((k) => [k, call[k]]));

// ------------------------------------------------------------------ cpu

async function measureCpu() {
  const env = await startEnv();
  try {
    const pkg = await importNodeEntry();
    await pkg.init();
    const clients = {};
    for (const n of EVENT_IMPLS) clients[n] = await open(n, env, pkg);
    // Both implementations see the same frames, in the same order.
    for (const n of EVENT_IMPLS) {
      await oneAtATime(clients[n], env.frames, CPU.warmup);
      for (let k = 0; k < CPU.warmup; k += CPU.batch) await batched(clients[n], env.frames, CPU.batch);
      await exactlyOnePerFrame(clients[n]);
    }
    // The same Call from both, for the same frame.
    const [a, b] = EVENT_IMPLS.map((n) => clients[n].consumer.last);
    if (clients.callctl.next !== clients.js.next || canonical(a) !== canonical(b)) {
      throw new Error(`the two implementations disagree:\n  callctl ${JSON.stringify(a)}\n  js      ${JSON.stringify(b)}`);
    }
    const MODES = { oneAtATime, batched };
    const us = Object.fromEntries(Object.keys(MODES).map((m) => [m, Object.fromEntries(EVENT_IMPLS.map((n) => [n, []]))]));
    for (let s = 0; s < CPU.samples; s++) {
      for (const [m, run] of Object.entries(MODES)) {
        for (let j = 0; j < EVENT_IMPLS.length; j++) {
          const n = EVENT_IMPLS[(s + j) % EVENT_IMPLS.length];
          const t0 = now();
          await run(clients[n], env.frames, CPU.batch);
          us[m][n].push(((now() - t0) * 1000) / CPU.batch);
        }
      }
    }
    for (const n of EVENT_IMPLS) await exactlyOnePerFrame(clients[n]);
    const result = { participants: 3, frameBytes: Buffer.byteLength(env.frames[0]), ring: RING, batch: CPU.batch, samples: CPU.samples, warmup: CPU.warmup, call: clients.callctl.consumer.last };
    for (const m of Object.keys(MODES)) {
      result[m] = Object.fromEntries(EVENT_IMPLS.map((n) => [n, {
        medianUs: median(us[m][n]),
        p95Us: quantile(us[m][n], 0.95),
        minUs: Math.min(...us[m][n]),
        events: CPU.samples * CPU.batch,
      }]));
    }
    result.callctl = { statuses: clients.callctl.statuses, socketSends: clients.callctl.socket.sent, framesPushed: clients.callctl.next, callsYielded: clients.callctl.consumer.count };
    for (const c of Object.values(clients)) c.close();
    return result;
  } finally {
    await env.fake.close();
  }
}

// --------------------------------------------------------------- memory

async function memoryChild(impl) {
  if (typeof gc !== 'function') throw new Error('run with --expose-gc');
  const env = await startEnv();
  let wasmMemory = () => null;
  let wasmSource = null;
  let pkg;
  if (impl === 'callctl') {
    const instances = catchWasmInstances();
    pkg = await importNodeEntry();
    await pkg.init();
    [wasmSource, wasmMemory] = wasmMemoryReader(pkg, instances);
  }
  const c = await open(impl, env, pkg);
  const settle = async () => {
    for (let k = 0; k < 3; k++) {
      gc();
      await new Promise((r) => setTimeout(r, 20)); // FinalizationRegistry callbacks
    }
  };
  const points = [];
  for (const at of CHECKPOINTS) {
    await oneAtATime(c, env.frames, at - c.next);
    await settle();
    points.push({ ops: at, jsHeap: process.memoryUsage().heapUsed, wasm: wasmMemory() });
  }
  await exactlyOnePerFrame(c);
  c.close();
  await env.fake.close();
  return { points, wasmSource };
}

if (mode === 'memory') {
  emit(await memoryChild(childImpl));
} else {
  const result = await measureCpu();
  result.memory = {};
  for (const impl of EVENT_IMPLS) {
    const { points, wasmSource } = await runChild('events.mjs', ['--memory-child', impl, ...(quick ? ['--quick'] : [])], ['--expose-gc']);
    const first = points[0];
    const last = points[points.length - 1];
    const span = last.ops - first.ops;
    result.memory[impl] = {
      points,
      firstEvents: first.ops,
      lastEvents: last.ops,
      jsHeapAfterFirst: first.jsHeap,
      jsHeapAfterLast: last.jsHeap,
      wasmAfterFirst: first.wasm,
      wasmAfterLast: last.wasm,
      jsBytesPerEvent: (last.jsHeap - first.jsHeap) / span,
      wasmBytesPerEvent: first.wasm === null ? null : (last.wasm - first.wasm) / span,
      wasmSource,
    };
  }
  emit(result);
}
// The watchdog interval is unref'd; the fake and the sockets are closed: the process ends.
