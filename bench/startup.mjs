// Figure 2, start-up in headless Chromium: navigation → "ready to dial",
// read as performance.now() (ms since navigation start) when the page has
//   callctl: imported the package's browser entry (dist/index.js today),
//            `await init()` (wasm fetched, compiled, instantiated) and
//            built a CallControl;
//   sdk:     loaded the browser bundle (script tag), required 'platformClient',
//            configured ApiClient (gateway, token) and built a ConversationsApi;
//   fetch:   imported bench/baseline-fetch.js and built its client.
// Every load is a fresh browser context (empty cache) and a new page; the
// server sends no-store. The three are interleaved load by load.
import { emit, ENTRY, launchChromium, median, quantile, quick, SDK_BROWSER_BUNDLE, startStaticServer } from './lib.mjs';

const LOADS = quick ? 5 : 40;
const API = `{ apiBase: 'http://127.0.0.1:9', token: 'fake-agent-token-1' }`;
const done = `window.__ready = performance.now();`;
const pages = {
  '/startup-callctl.html': `<!doctype html><script type="module">
import { init, CallControl } from '/${ENTRY.browser}';
window.__imported = performance.now();
await init();
window.client = new CallControl(${API});
${done}</script>`,
  '/startup-sdk.html': `<!doctype html><script src="/${SDK_BROWSER_BUNDLE}"></script><script>
const platformClient = require('platformClient');
const api = platformClient.ApiClient.instance;
api.setGateway({ host: '127.0.0.1', protocol: 'http', port: 9 });
api.setAccessToken('fake-agent-token-1');
window.client = new platformClient.ConversationsApi();
${done}</script>`,
  '/startup-fetch.html': `<!doctype html><script type="module">
import { createFetchClient } from '/bench/baseline-fetch.js';
window.client = createFetchClient(${API});
${done}</script>`,
};
const IMPLS = ['callctl', 'sdk', 'fetch'];

const server = await startStaticServer(pages);
const browser = await launchChromium();
const times = Object.fromEntries(IMPLS.map((n) => [n, []]));
const phases = Object.fromEntries(IMPLS.map((n) => [n, []]));
// Where the time goes: HTML received, the last script (or module) received,
// genesys-callctl's imports evaluated, its wasm received (ms since navigation).
const phasesInPage = () => {
  const res = performance.getEntriesByType('resource');
  const end = (re) => Math.max(0, ...res.filter((r) => re.test(r.name)).map((r) => r.responseEnd));
  return {
    html: performance.getEntriesByType('navigation')[0].responseEnd,
    scripts: end(/\.js$/),
    imported: window.__imported ?? null,
    wasm: end(/\.wasm$/) || null,
  };
};
try {
  // One untimed load each first (the OS file cache, Chromium's first-context costs).
  for (let i = -1; i < LOADS; i++) {
    for (let j = 0; j < IMPLS.length; j++) {
      const name = IMPLS[(i + 1 + j) % IMPLS.length];
      const context = await browser.newContext();
      const page = await context.newPage();
      const errors = [];
      page.on('pageerror', (e) => errors.push(e.message));
      await page.goto(`${server.url}/startup-${name}.html`);
      const handle = await page.waitForFunction(() => window.__ready, null, { timeout: 30000 }).catch(() => null);
      if (!handle) throw new Error(`startup-${name}: never ready ${errors.join('; ')}`);
      const ms = await handle.jsonValue();
      if (i >= 0) {
        times[name].push(ms);
        phases[name].push(await page.evaluate(phasesInPage));
      }
      await context.close();
    }
  }
} finally {
  await browser.close();
  await server.close();
}

const medianOf = (list, k) => (list[0][k] === null ? null : median(list.map((p) => p[k])));
emit(Object.fromEntries(IMPLS.map((n) => [n, {
  medianMs: median(times[n]),
  p95Ms: quantile(times[n], 0.95),
  loads: times[n].length,
  phasesMedianMs: Object.fromEntries(['html', 'scripts', 'imported', 'wasm'].map((k) => [k, medianOf(phases[n], k)])),
}])));
