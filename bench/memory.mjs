// Figure 5, memory: each client in its own `node --expose-gc` process with
// the stub transport (bench/stubs.js), one client for all ops, cycling dial /
// transfer by queue id / by queue name. At each checkpoint (after 100 ops …
// after 20,000): gc(), let finalizers run, gc() again, then read the JS heap
// (process.memoryUsage().heapUsed) and, for genesys-callctl, the wasm linear
// memory's byte length, read through the first of these that works:
//   1. the package's internal `__wasmMemoryBytes` export, if it still has one;
//   2. the `WebAssembly.Memory` the package's module instance exports, caught
//      by wrapping WebAssembly.Instance / instantiate / instantiateStreaming
//      before the package loads (works whatever the package exports);
//   3. none: wasm memory is reported as n/a (Node has no
//      performance.measureUserAgentSpecificMemory) and only the JS heap counts.
// Growth per op is taken between the 100-op and the last checkpoint.
import { axiosAdapterStub, createRouter, fetchStub } from './stubs.js';
import { callctlClient, fetchClient, IMPLS, OPS, sdkClient } from './clients.js';
import { captureCanned, catchWasmInstances, emit, importNodeEntry, QUEUE, quick, runChild, TOKEN, wasmMemoryReader } from './lib.mjs';

const CHECKPOINTS = quick ? [100, 1000, 2000] : [100, 1000, 5000, 10000, 15000, 20000];
const OPTS = { apiBase: 'http://127.0.0.1:9', token: TOKEN };
const childImpl = process.argv[process.argv.indexOf('--child') + 1];

if (process.argv.includes('--child')) {
  if (typeof gc !== 'function') throw new Error('run with --expose-gc');
  const canned = await captureCanned();
  const router = createRouter(canned);
  let client;
  let wasmMemory = () => null;
  let wasmSource = null;
  if (childImpl === 'callctl') {
    const instances = catchWasmInstances();
    const pkg = await importNodeEntry();
    await pkg.init();
    [wasmSource, wasmMemory] = wasmMemoryReader(pkg, instances);
    client = callctlClient(pkg.CallControl, OPTS);
  } else if (childImpl === 'sdk') {
    const platformClient = (await import('purecloud-platform-client-v2')).default;
    client = sdkClient(platformClient, OPTS);
    const axios = platformClient.ApiClient.instance.getHttpClient()._axiosInstance;
    axios.defaults.adapter = axiosAdapterStub(router, (config) => axios.getUri(config));
  } else {
    client = fetchClient(OPTS);
  }
  globalThis.fetch = fetchStub(router);
  const ctx = { conversationId: () => canned.conversationId, queueId: QUEUE.id, queueName: QUEUE.name };
  const ops = Object.values(OPS);
  const settle = async () => {
    for (let k = 0; k < 3; k++) {
      gc();
      await new Promise((r) => setTimeout(r, 20)); // FinalizationRegistry callbacks
    }
  };
  const points = [];
  let i = 0;
  for (const at of CHECKPOINTS) {
    while (i < at) {
      await ops[i % ops.length](client, i, ctx);
      i++;
    }
    await settle();
    points.push({ ops: at, jsHeap: process.memoryUsage().heapUsed, wasm: wasmMemory() });
  }
  emit({ points, wasmSource });
} else {
  const result = {};
  for (const impl of IMPLS) {
    const { points, wasmSource } = await runChild('memory.mjs', ['--child', impl, ...(quick ? ['--quick'] : [])], ['--expose-gc']);
    const first = points[0];
    const last = points[points.length - 1];
    const span = last.ops - first.ops;
    result[impl] = {
      points,
      jsHeapAfter100: first.jsHeap,
      jsHeapAfterLast: last.jsHeap,
      wasmAfter100: first.wasm,
      wasmAfterLast: last.wasm,
      lastOps: last.ops,
      jsBytesPerOp: (last.jsHeap - first.jsHeap) / span,
      wasmBytesPerOp: first.wasm === null ? null : (last.wasm - first.wasm) / span,
      wasmSource,
    };
  }
  emit(result);
}
