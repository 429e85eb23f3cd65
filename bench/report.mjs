// Turns the figures into bars (met / missed, with the measured ratio), a
// completeness check, and the Markdown of bench/results.md. Bars are reported,
// never asserted: only a missing figure fails the run.

const OPS = ['dial', 'transferById', 'transferByName'];
const OP_NAMES = { dial: 'dial', transferById: 'transfer → queue id', transferByName: 'transfer → queue name' };
const MODES = { sequential: 'sequential', inFlight32: '32 in flight' };
const ok = (x) => typeof x === 'number' && Number.isFinite(x);
const r2 = (x) => (ok(x) ? x.toFixed(2) : '—');
const r3 = (x) => (ok(x) ? x.toFixed(3) : '—');
const kb = (b) => `${(b / 1024).toFixed(1)} KB`;
const us = (ns) => `${(ns / 1000).toFixed(1)} µs`;
const ms = (x) => `${x.toFixed(2)} ms`;
const verdict = (met) => (met === undefined ? 'no budget' : met === null ? 'n/a' : met ? '**met**' : '**missed**');
const EVENT_MODES = { oneAtATime: 'one at a time (push a frame, await its Call)', batched: 'batched (push a batch, then await the Calls)' };

/** The budgets of the issue, as ratios measured in one run. */
export const BUDGETS = { sizeVsSdk: 0.6, sizeAimVsSdk: 0.4, cpuVsSdk: 0.5, latencyE2eVsFetch: 1.03 };

/** Least-squares slope (bytes/op) of the JS heap over the checkpoints, and whether it stands out of the residual noise. */
export function heapTrend(points) {
  const n = points.length;
  const mx = points.reduce((a, p) => a + p.ops, 0) / n;
  const my = points.reduce((a, p) => a + p.jsHeap, 0) / n;
  const sxx = points.reduce((a, p) => a + (p.ops - mx) ** 2, 0);
  const slope = points.reduce((a, p) => a + (p.ops - mx) * (p.jsHeap - my), 0) / sxx;
  const resid = points.map((p) => p.jsHeap - (my + slope * (p.ops - mx)));
  const sigma = Math.sqrt(resid.reduce((a, r) => a + r * r, 0) / Math.max(1, n - 2));
  const span = points[n - 1].ops - points[0].ops;
  return { slope, sigma, growsBeyondNoise: slope > 0 && slope * span > 3 * sigma };
}

/** Names of the figures (and fields) that are missing or not numbers. */
export function missing(f) {
  const need = [];
  const check = (path, v) => ok(v) || need.push(path);
  for (const i of ['callctl', 'sdk', 'fetch']) {
    for (const k of ['raw', 'gzip', 'brotli']) check(`size.${i}.${k}`, f.size?.[i]?.[k]);
    for (const k of ['medianMs', 'p95Ms']) check(`startup.${i}.${k}`, f.startup?.[i]?.[k]);
    for (const rt of ['chromium', 'node']) for (const op of OPS) check(`cpu.${rt}.${op}.${i}.medianNs`, f.cpu?.[rt]?.[op]?.[i]?.medianNs);
    for (const op of OPS) for (const m of Object.keys(MODES)) for (const k of ['medianMs', 'p99Ms', 'opsPerSec']) check(`e2e.${op}.${m}.${i}.${k}`, f.e2e?.[op]?.[m]?.[i]?.[k]);
    for (const op of OPS) for (const m of Object.keys(MODES)) for (const k of ['medianMs', 'p99Ms', 'opsPerSec']) check(`e2e.latency.${op}.${m}.${i}.${k}`, f.e2e?.latency?.[op]?.[m]?.[i]?.[k]);
    for (const k of ['jsHeapAfter100', 'jsHeapAfterLast', 'jsBytesPerOp']) check(`memory.${i}.${k}`, f.memory?.[i]?.[k]);
  }
  check('e2e.latency.ms', f.e2e?.latency?.ms);
  for (const m of Object.keys(EVENT_MODES)) for (const i of ['callctl', 'js']) check(`events.${m}.${i}.medianUs`, f.events?.[m]?.[i]?.medianUs);
  for (const i of ['callctl', 'js']) for (const k of ['jsHeapAfterFirst', 'jsHeapAfterLast', 'jsBytesPerEvent']) check(`events.memory.${i}.${k}`, f.events?.memory?.[i]?.[k]);
  if (f.events?.memory?.callctl?.wasmSource !== null) for (const k of ['wasmAfterFirst', 'wasmAfterLast', 'wasmBytesPerEvent']) check(`events.memory.callctl.${k}`, f.events?.memory?.callctl?.[k]);
  // Wasm memory is n/a only when no way of reading it worked (bench/memory.mjs says which did).
  if (f.memory?.callctl?.wasmSource !== null) for (const k of ['wasmAfter100', 'wasmAfterLast', 'wasmBytesPerOp']) check(`memory.callctl.${k}`, f.memory?.callctl?.[k]);
  return need;
}

/** Every bar with its measured ratio(s) and whether it is met (`null`: could not be measured). */
export function bars(f) {
  const out = [];
  const size = f.size.callctl.gzip / f.size.sdk.gzip;
  const sizeText = `${kb(f.size.callctl.gzip)} / ${kb(f.size.sdk.gzip)} = ${r2(size)}×`;
  out.push({ bar: `total gzip (esbuild app + .wasm) ≤ ${BUDGETS.sizeVsSdk}× the SDK's browser bundle`, measured: sizeText, met: size <= BUDGETS.sizeVsSdk });
  out.push({ bar: `aim: total gzip ≤ ${BUDGETS.sizeAimVsSdk}× the SDK's`, measured: sizeText, met: size <= BUDGETS.sizeAimVsSdk });
  const cpu = [];
  for (const rt of ['chromium', 'node']) {
    for (const op of OPS) {
      const c = f.cpu[rt][op];
      cpu.push({ where: `${rt} ${OP_NAMES[op]}`, vsSdk: c.callctl.medianNs / c.sdk.medianNs });
    }
  }
  out.push({ bar: `client CPU/op ≤ ${BUDGETS.cpuVsSdk}× the SDK's`, measured: cpu.map((x) => `${x.where} ${r2(x.vsSdk)}×`).join('; '), met: cpu.every((x) => x.vsSdk <= BUDGETS.cpuVsSdk) });
  const lat = OPS.map((op) => ({ where: OP_NAMES[op], ratio: f.e2e.latency[op].sequential.callctl.medianMs / f.e2e.latency[op].sequential.fetch.medianMs }));
  out.push({
    bar: `e2e median with the server answering after ${f.e2e.latency.ms} ms (sequential) within ${Math.round((BUDGETS.latencyE2eVsFetch - 1) * 100)}% of hand-written fetch`,
    measured: lat.map((x) => `${x.where} ${r3(x.ratio)}×`).join('; '),
    met: lat.every((x) => x.ratio <= BUDGETS.latencyE2eVsFetch),
  });
  const m = f.memory.callctl;
  out.push({
    bar: 'wasm memory flat',
    measured: m.wasmSource === null ? 'n/a: no way to read the wasm memory worked (see §5)' : `${m.wasmBytesPerOp} B/op (${m.wasmAfter100} → ${m.wasmAfterLast} B over ${m.lastOps} ops; read via ${m.wasmSource})`,
    met: m.wasmSource === null ? null : m.wasmBytesPerOp === 0,
  });
  const trend = heapTrend(m.points);
  out.push({
    bar: 'JS heap flat (growth within noise)',
    measured: `${m.jsBytesPerOp.toFixed(1)} B/op first → last (fit ${trend.slope.toFixed(1)} B/op, noise σ ${kb(trend.sigma)}, over ${m.lastOps} ops)`,
    met: !trend.growsBeyondNoise,
  });
  const ev = f.events;
  const evText = (m) => `${r2(ev[m].callctl.medianUs)} µs vs ${r2(ev[m].js.medianUs)} µs = ${r2(ev[m].callctl.medianUs / ev[m].js.medianUs)}×`;
  out.push({
    bar: 'notification event, frame in → `Call` out (Node, `watchCalls`), against hand-written JS',
    measured: `one at a time ${evText('oneAtATime')}; batched ${evText('batched')}`,
    met: undefined,
  });
  const em = ev.memory.callctl;
  out.push({
    bar: `wasm memory flat over ${em.lastEvents} events`,
    measured: em.wasmSource === null ? 'n/a: no way to read the wasm memory worked (see §5b)' : `${em.wasmBytesPerEvent} B/event (${em.wasmAfterFirst} → ${em.wasmAfterLast} B, ${em.firstEvents} → ${em.lastEvents} events)`,
    met: em.wasmSource === null ? null : em.wasmBytesPerEvent === 0,
  });
  const eTrend = heapTrend(em.points);
  out.push({
    bar: `JS heap flat over ${em.lastEvents} events (growth within noise)`,
    measured: `${em.jsBytesPerEvent.toFixed(2)} B/event first → last (fit ${eTrend.slope.toFixed(2)} B/event, noise σ ${kb(eTrend.sigma)})`,
    met: !eTrend.growsBeyondNoise,
  });
  return out;
}

export function markdown(f, meta) {
  const L = [];
  const row = (...cells) => L.push(`| ${cells.join(' | ')} |`);
  L.push('# genesys-callctl benchmarks', '');
  L.push(`Generated by \`npm run bench\` (\`node bench/run.mjs${meta.quick ? ' --quick' : ''}\`) on ${meta.date}: ${meta.cpus}× ${meta.cpuModel}, Node ${meta.node}, ${meta.chromium}, SDK \`purecloud-platform-client-v2\` ${meta.sdkVersion}; run time ${meta.seconds.toFixed(0)} s. All ratios are from this one run; "fetch" is the hand-written baseline in \`bench/baseline-fetch.js\`.`, '');
  L.push('## Bars', '');
  if (meta.quick) L.push('_Quick run: counts too small for the bars to mean anything; this only proves every figure is produced._', '');
  row('bar', 'measured', 'verdict');
  row('---', '---', '---');
  for (const b of meta.bars) row(b.bar, b.measured, verdict(b.met));
  L.push('', '## 1. Size (what a user\'s app ships)', '');
  L.push('An app importing `{ dial, transfer }` from the packed tarball and calling both, bundled by esbuild (`--bundle --minify --format=esm`), plus every `.wasm` under the installed package\'s `dist/` (esbuild does not copy `new URL(…, import.meta.url)` assets; the app ships them beside the bundle). Each file compressed on its own.', '');
  row('', 'raw', 'gzip -9', 'brotli q11', 'gzip vs SDK');
  row('---', '---:', '---:', '---:', '---:');
  for (const r of f.size.callctl.files ?? []) row(`&nbsp;&nbsp;${r.file}`, kb(r.raw), kb(r.gzip), kb(r.brotli), `${r2(r.gzip / f.size.sdk.gzip)}×`);
  for (const [i, name] of [['callctl', '**genesys-callctl total**'], ['sdk', 'SDK web-cjs min.js'], ['fetch', 'hand-written fetch (esbuild --minify)']]) {
    const s = f.size[i];
    row(name, kb(s.raw), kb(s.gzip), kb(s.brotli), `${r2(s.gzip / f.size.sdk.gzip)}×`);
  }
  L.push('', '## 2. Start-up in headless Chromium (navigation → ready to dial; fresh context per load)', '');
  row('', 'median', 'p95', 'loads', 'median vs SDK', 'median vs fetch');
  row('---', '---:', '---:', '---:', '---:', '---:');
  for (const i of ['callctl', 'sdk', 'fetch']) {
    const s = f.startup[i];
    row(i, ms(s.medianMs), ms(s.p95Ms), s.loads, `${r2(s.medianMs / f.startup.sdk.medianMs)}×`, `${r2(s.medianMs / f.startup.fetch.medianMs)}×`);
  }
  L.push('', 'Where the time goes (medians, ms since navigation): HTML received → last script received → (genesys-callctl) imports evaluated → wasm received → ready.', '');
  row('', 'HTML', 'scripts', 'imported', 'wasm', 'ready');
  row('---', '---:', '---:', '---:', '---:', '---:');
  for (const i of ['callctl', 'sdk', 'fetch']) {
    const p = f.startup[i].phasesMedianMs ?? {};
    const c = (x) => (ok(x) ? x.toFixed(1) : '—');
    row(i, c(p.html), c(p.scripts), c(p.imported), c(p.wasm), c(f.startup[i].medianMs));
  }
  L.push('', '## 3. Client CPU per operation (stub transport, instant canned responses)', '');
  L.push('Median of per-batch ns/op. Stubs: `fetch` for genesys-callctl and hand-written fetch; for the SDK an `XMLHttpRequest` stub in Chromium (its axios XHR adapter) and an axios adapter on its own axios instance in Node. "req/op" is what each client sent to the stub.', '');
  row('runtime', 'operation', 'genesys-callctl', 'SDK', 'fetch', 'callctl / fetch', 'callctl / SDK', 'req/op (callctl, SDK, fetch)');
  row('---', '---', '---:', '---:', '---:', '---:', '---:', '---');
  for (const rt of ['chromium', 'node']) for (const op of OPS) {
    const c = f.cpu[rt][op];
    row(rt, OP_NAMES[op], us(c.callctl.medianNs), us(c.sdk.medianNs), us(c.fetch.medianNs), `${r2(c.callctl.medianNs / c.fetch.medianNs)}×`, `${r2(c.callctl.medianNs / c.sdk.medianNs)}×`, [c.callctl, c.sdk, c.fetch].map((x) => x.requestsPerOp).join(', '));
  }
  L.push('', `Ops per client and operation: ${f.cpu.node.dial.callctl.ops} (${f.cpu.node.dial.callctl.samples} batches).`);
  const ev = f.events;
  L.push('', '### 3b. Notification events: frame in → `Call` out (Node)', '');
  L.push(`genesys-callctl: \`for await (const call of cc.watchCalls())\` on a client whose \`apiBase\` is fake-genesys (users/me, channel, subscription and the calls listing of the resync, before timing) and whose \`WebSocket\` option is \`bench/bench-socket.js\`, a stand-in that opens at once and takes pushed text frames. "js": \`bench/baseline-events.js\`, hand-written JS on the same stand-in (\`JSON.parse\`, topic check, the agent's participant by \`user.id\`, the Call's eight fields, dedupe against the last Call of the conversation), read with \`for await\` too. Frames: the fake's \`v2.users.{me}.conversations.calls\` event of an agent-connected call (${ev.participants} participants, ${ev.frameBytes} B of JSON, ${ev.ring} distinct CorrelationIds), the agent leg's \`held\` alternating so every frame yields one Call (checked: ${ev.callctl.framesPushed} frames → ${ev.callctl.callsYielded - 1} Calls after the resync's one, and both give the same Call for the same frame). Median of per-batch µs/event; the two take turns batch by batch.`, '');
  row('mode', 'genesys-callctl', 'hand-written JS', 'callctl / JS', 'callctl p95', 'JS p95');
  row('---', '---:', '---:', '---:', '---:', '---:');
  for (const [m, name] of Object.entries(EVENT_MODES)) {
    const e = ev[m];
    row(name, `${e.callctl.medianUs.toFixed(1)} µs`, `${e.js.medianUs.toFixed(1)} µs`, `${r2(e.callctl.medianUs / e.js.medianUs)}×`, `${e.callctl.p95Us.toFixed(1)} µs`, `${e.js.p95Us.toFixed(1)} µs`);
  }
  L.push('', `Events per implementation and mode: ${ev.oneAtATime.callctl.events} (${ev.samples} batches of ${ev.batch}), after ${ev.warmup} of each mode untimed. Frames the package sent on the socket: ${ev.callctl.socketSends}.`);
  L.push('', '## 4. End to end on loopback (Node, fake-genesys in its own process, real HTTP)', '');
  row('operation', 'mode', 'client', 'median', 'p99', 'ops/s', 'median vs fetch', 'ops/s vs fetch');
  row('---', '---', '---', '---:', '---:', '---:', '---:', '---:');
  for (const op of OPS) for (const [m, mName] of Object.entries(MODES)) for (const i of ['callctl', 'sdk', 'fetch']) {
    const e = f.e2e[op][m];
    row(OP_NAMES[op], mName, i, ms(e[i].medianMs), ms(e[i].p99Ms), e[i].opsPerSec.toFixed(0), `${r2(e[i].medianMs / e.fetch.medianMs)}×`, `${r2(e[i].opsPerSec / e.fetch.opsPerSec)}×`);
  }
  L.push('', `Ops per client, operation and mode: ${f.e2e.dial.sequential.callctl.ops} sequential, ${f.e2e.dial.inFlight32.callctl.ops} with 32 in flight.`);
  const lat = f.e2e.latency;
  L.push('', `## 4b. End to end with the server answering after ${lat.ms} ms (fake-genesys \`--latency-ms ${lat.ms}\`, its own process)`, '');
  L.push('Each API request waits that long at the server, as from a real region. A dial is one request, a transfer by id two (the conversation, then the replace; users/me is cached after the first), by name three. The 32-in-flight rows share one server process and core, so their medians move more between runs.', '');
  row('operation', 'mode', 'client', 'median', 'p99', 'ops/s', 'median vs fetch', 'ops/s vs fetch');
  row('---', '---', '---', '---:', '---:', '---:', '---:', '---:');
  for (const op of OPS) for (const [m, mName] of Object.entries(MODES)) for (const i of ['callctl', 'sdk', 'fetch']) {
    const e = lat[op][m];
    row(OP_NAMES[op], mName, i, ms(e[i].medianMs), ms(e[i].p99Ms), e[i].opsPerSec.toFixed(0), `${r3(e[i].medianMs / e.fetch.medianMs)}×`, `${r3(e[i].opsPerSec / e.fetch.opsPerSec)}×`);
  }
  L.push('', `Ops per client, operation and mode: ${lat.dial.sequential.callctl.ops} sequential, ${lat.dial.inFlight32.callctl.ops} with 32 in flight.`);
  L.push('', '## 5. Memory (Node, stub transport, gc() before each reading)', '');
  row('client', 'JS heap after 100', `JS heap after ${f.memory.callctl.lastOps}`, 'JS B/op', 'JS fit B/op (σ)', 'wasm memory after 100', `wasm after ${f.memory.callctl.lastOps}`, 'wasm B/op');
  row('---', '---:', '---:', '---:', '---:', '---:', '---:', '---:');
  for (const i of ['callctl', 'sdk', 'fetch']) {
    const m = f.memory[i];
    const t = heapTrend(m.points);
    row(i, kb(m.jsHeapAfter100), kb(m.jsHeapAfterLast), m.jsBytesPerOp.toFixed(1), `${t.slope.toFixed(1)} (${kb(t.sigma)})`, m.wasmAfter100 === null ? '—' : kb(m.wasmAfter100), m.wasmAfterLast === null ? '—' : kb(m.wasmAfterLast), m.wasmBytesPerOp === null ? '—' : String(m.wasmBytesPerOp));
  }
  L.push('', `Checkpoints: ${f.memory.callctl.points.map((p) => p.ops).join(', ')} ops (dial, transfer by id, by name in turn). "Flat": wasm memory unchanged, and the JS heap's least-squares slope × span under 3σ of its residuals.`);
  L.push('', `Wasm memory read via: ${f.memory.callctl.wasmSource ?? 'nothing (n/a): neither the package\'s internal export nor a module instance\'s memory export was found; Node has no performance.measureUserAgentSpecificMemory'}.`);
  const em = f.events.memory;
  L.push('', `### 5b. Memory over ${em.callctl.lastEvents} notification events (Node, the set-up of §3b, one event at a time, gc() before each reading)`, '');
  row('', ...em.callctl.points.map((p) => `after ${p.ops}`), 'B/event', 'fit B/event (σ)');
  row('---', ...em.callctl.points.map(() => '---:'), '---:', '---:');
  for (const [i, name] of [['callctl', 'callctl JS heap'], ['js', 'hand-written JS heap']]) {
    const t = heapTrend(em[i].points);
    row(name, ...em[i].points.map((p) => kb(p.jsHeap)), em[i].jsBytesPerEvent.toFixed(2), `${t.slope.toFixed(2)} (${kb(t.sigma)})`);
  }
  if (em.callctl.wasmSource !== null) row('callctl wasm memory', ...em.callctl.points.map((p) => kb(p.wasm)), String(em.callctl.wasmBytesPerEvent), '—');
  L.push('', `"Flat" as in §5: wasm memory unchanged from the first checkpoint to the last, and the JS heap's least-squares slope × span under 3σ of its residuals. Each implementation in its own \`node --expose-gc\` process (with fake-genesys in it), so the heaps include the fake's.`, '');
  return L.join('\n');
}
