// Figure 3, client CPU per operation: the network replaced by an instant
// stub answering with canned fake-genesys responses (bench/stubs.js), so only
// the client's own work is timed: dial, blind transfer to a queue by id (with
// the participant lookup), and by queue name. One client per implementation
// for all ops (users/me fetched once). In headless Chromium and in Node.
//   genesys-callctl, hand-written fetch: a global `fetch` stub (both runtimes)
//   SDK in Chromium: an XMLHttpRequest stub (its bundled axios uses the XHR adapter)
//   SDK in Node: an axios adapter on the SDK's own axios instance (in place of
//                the http adapter)
import { axiosAdapterStub, createRouter, fetchStub } from './stubs.js';
import { callctlClient, fetchClient, OPS, sdkClient } from './clients.js';
import { measureCpu } from './harness.js';
import { captureCanned, emit, ENTRY, importNodeEntry, launchChromium, QUEUE, quick, runChild, SDK_BROWSER_BUNDLE, startStaticServer, TOKEN } from './lib.mjs';

const CONFIG = quick ? { batch: 20, samples: 5, warmup: 20 } : { batch: 100, samples: 30, warmup: 2000 };
const OPTS = { apiBase: 'http://127.0.0.1:9', token: TOKEN };

if (process.argv.includes('--node-child')) {
  const canned = await captureCanned();
  const { CallControl, init } = await importNodeEntry();
  await init();
  const platformClient = (await import('purecloud-platform-client-v2')).default;
  const router = createRouter(canned);
  globalThis.fetch = fetchStub(router);
  const clients = { callctl: callctlClient(CallControl, OPTS), sdk: sdkClient(platformClient, OPTS), fetch: fetchClient(OPTS) };
  const axios = platformClient.ApiClient.instance.getHttpClient()._axiosInstance;
  axios.defaults.adapter = axiosAdapterStub(router, (config) => axios.getUri(config));
  const ctx = { conversationId: () => canned.conversationId, queueId: QUEUE.id, queueName: QUEUE.name };
  emit(await measureCpu({ clients, ops: OPS, ctx, router, ...CONFIG, now: () => performance.now() }));
} else {
  const node = await runChild('cpu.mjs', ['--node-child', ...(quick ? ['--quick'] : [])]);
  emit({ chromium: await inChromium(), node });
}

async function inChromium() {
  const page = `<!doctype html><script src="/${SDK_BROWSER_BUNDLE}"></script><script type="module">
import { init, CallControl } from '/${ENTRY.browser}';
import { callctlClient, sdkClient, fetchClient, OPS } from '/bench/clients.js';
import { createRouter, fetchStub, xhrStub } from '/bench/stubs.js';
import { measureCpu } from '/bench/harness.js';
await init(); // loads the wasm with the real fetch, before the stub goes in
window.runCpu = async ({ canned, config, opts, queue }) => {
  const router = createRouter(canned);
  globalThis.fetch = fetchStub(router);
  globalThis.XMLHttpRequest = xhrStub(router);
  const clients = { callctl: callctlClient(CallControl, opts), sdk: sdkClient(require('platformClient'), opts), fetch: fetchClient(opts) };
  const ctx = { conversationId: () => canned.conversationId, queueId: queue.id, queueName: queue.name };
  return measureCpu({ clients, ops: OPS, ctx, router, ...config, now: () => performance.now() });
};
window.__ready = crossOriginIsolated ? 'isolated' : 'not isolated';
</script>`;
  const canned = await captureCanned();
  const server = await startStaticServer({ '/cpu.html': page });
  const browser = await launchChromium();
  try {
    const p = await browser.newPage();
    const errors = [];
    p.on('pageerror', (e) => errors.push(e.message));
    await p.goto(`${server.url}/cpu.html`);
    const ready = await p.waitForFunction(() => window.__ready, null, { timeout: 30000 }).catch(() => null);
    if (!ready) throw new Error(`cpu page never ready: ${errors.join('; ')}`);
    if ((await ready.jsonValue()) !== 'isolated') throw new Error('cpu page is not cross-origin isolated: timer resolution would be coarse');
    return await p.evaluate((arg) => window.runCpu(arg), { canned, config: CONFIG, opts: OPTS, queue: QUEUE });
  } finally {
    await browser.close();
    await server.close();
  }
}
