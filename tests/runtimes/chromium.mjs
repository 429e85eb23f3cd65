// The runtime suite (suite.mjs) in headless Chromium, on the installed
// package's browser entry, in three global scopes one after another:
//   page            Window
//   worker          a dedicated module worker (DedicatedWorkerGlobalScope)
//   service-worker  a module service worker, static imports only
//                   (ServiceWorkerGlobalScope): it gets a "run" message, runs
//                   every test and posts the results back on a MessagePort
// Run from the throwaway project scripts/test.mjs (suite `runtimes`) installs
// the tarball into:  node runtimes/chromium.mjs
// Prints one line per test per runtime, then `N passed, N failed`; exits
// non-zero on any failure. Every wait is bounded.
//
// Two loopback servers: a static one (the package as installed, this
// directory, and the runner pages) and fake-genesys on another port, so every
// API call is cross-origin with CORS, as from a real page.
import { createServer } from 'node:http';
import { createReadStream, readFileSync, statSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, extname, join, resolve, sep } from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium } from 'playwright-core';
import { startFakeGenesys } from '../fake-genesys/server.mjs';
import { CHROMIUM, CHROMIUM_FLAGS } from '../env/lib.mjs';
import { defineTests } from './suite.mjs';
const TEST_TIMEOUT_MS = 20_000; // one test, inside the runtime
const RUNTIME_TIMEOUT_MS = 90_000; // one runtime's whole run, as the page waits for it
const WATCHDOG_MS = 240_000; // this process, whatever happens

const here = dirname(fileURLToPath(import.meta.url));
const seed = JSON.parse(readFileSync(join(here, '..', 'fake-genesys', 'seed.json'), 'utf8'));

// The package as a user installed it: its directory and its browser entry
// (the `default` condition of exports["."]).
const pkgJsonPath = createRequire(import.meta.url).resolve('genesys-callctl/package.json');
const pkgDir = dirname(pkgJsonPath);
const pkgJson = JSON.parse(readFileSync(pkgJsonPath, 'utf8'));
const browserEntry = pkgJson.exports?.['.']?.default;
if (typeof browserEntry !== 'string' || !browserEntry.startsWith('./')) {
  throw new Error(`package.json exports["."].default is ${JSON.stringify(browserEntry)}`);
}
const ENTRY = `/pkg/${browserEntry.slice(2)}`;

// The runners: each imports the package and the suite statically.
const imports = `import * as pkg from '${ENTRY}';\nimport { defineTests, runTests } from '/suite/suite.mjs';\n`;
const RUNNERS = {
  '/runner.html': `<!doctype html><meta charset="utf-8"><title>runtimes</title>
<script type="module" src="/runner/page.mjs"></script>\n`,
  '/runner/page.mjs': `${imports}
const within = (ms, what, promise) =>
  new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(what + ' gave no results within ' + ms + ' ms')), ms);
    promise.then((v) => { clearTimeout(timer); resolve(v); }, (e) => { clearTimeout(timer); reject(e); });
  });
window.runtimes = {
  page: (cfg) => runTests(defineTests(pkg, { ...cfg, scope: 'Window' }), { timeoutMs: cfg.testTimeoutMs }),
  worker: (cfg) => {
    const worker = new Worker('/runner/worker.mjs', { type: 'module' });
    const results = new Promise((resolve, reject) => {
      worker.onmessage = (e) => resolve(e.data);
      worker.onerror = (e) => reject(new Error('worker error: ' + (e.message || 'the module failed to load')));
    });
    worker.postMessage({ cmd: 'run', ...cfg });
    return within(cfg.runtimeTimeoutMs, 'the dedicated worker', results).finally(() => worker.terminate());
  },
  serviceWorker: async (cfg) => {
    const ran = (async () => {
      await navigator.serviceWorker.register('/sw.mjs', { type: 'module', scope: '/' });
      const registration = await navigator.serviceWorker.ready;
      const channel = new MessageChannel();
      const results = new Promise((resolve) => (channel.port1.onmessage = (e) => resolve(e.data)));
      registration.active.postMessage({ cmd: 'run', ...cfg }, [channel.port2]);
      return results;
    })();
    return within(cfg.runtimeTimeoutMs, 'the service worker', ran);
  },
};
document.title = 'ready';
`,
  '/runner/worker.mjs': `${imports}
self.onmessage = async ({ data }) => {
  if (data?.cmd !== 'run') return;
  self.postMessage(await runTests(defineTests(pkg, { ...data, scope: 'DedicatedWorkerGlobalScope' }), { timeoutMs: data.testTimeoutMs }));
};
`,
  '/sw.mjs': `${imports}
self.addEventListener('install', () => self.skipWaiting());
self.addEventListener('activate', (event) => event.waitUntil(self.clients.claim()));
self.addEventListener('message', (event) => {
  const { data } = event;
  const [port] = event.ports;
  if (data?.cmd !== 'run' || !port) return;
  const tests = defineTests(pkg, { ...data, scope: 'ServiceWorkerGlobalScope' });
  event.waitUntil(
    runTests(tests, { timeoutMs: data.testTimeoutMs }).then(
      (results) => port.postMessage(results),
      (e) => port.postMessage([{ name: 'service worker runner', ok: false, ms: 0, error: String(e) }]),
    ),
  );
});
`,
};

const MIME = { '.html': 'text/html; charset=utf-8', '.js': 'text/javascript; charset=utf-8', '.mjs': 'text/javascript; charset=utf-8', '.json': 'application/json', '.wasm': 'application/wasm' };

/** Serves RUNNERS, /pkg/ (the installed package) and /suite/ (this directory) on 127.0.0.1. */
function serveStatic() {
  const roots = { '/pkg/': resolve(pkgDir), '/suite/': resolve(here) };
  const server = createServer((req, res) => {
    const path = decodeURIComponent(new URL(req.url, 'http://x').pathname);
    const send = (status, type, body) => res.writeHead(status, { 'content-type': type, 'cache-control': 'no-store' }).end(body);
    if (Object.hasOwn(RUNNERS, path)) return send(200, MIME[extname(path)], RUNNERS[path]);
    const prefix = Object.keys(roots).find((p) => path.startsWith(p));
    if (!prefix) return send(404, 'text/plain', 'not found');
    const base = roots[prefix];
    const file = resolve(join(base, path.slice(prefix.length)));
    try {
      if (!file.startsWith(base + sep) || !statSync(file).isFile()) throw new Error('not a file');
      res.writeHead(200, { 'content-type': MIME[extname(file)] ?? 'application/octet-stream', 'cache-control': 'no-store' });
      createReadStream(file).pipe(res);
    } catch {
      send(404, 'text/plain', 'not found');
    }
  });
  return new Promise((done, fail) => {
    server.once('error', fail);
    server.listen(0, '127.0.0.1', () =>
      done({
        url: `http://127.0.0.1:${server.address().port}`,
        close: () => new Promise((closed) => { server.closeAllConnections(); server.close(closed); }),
      }),
    );
  });
}

/** Rejects after `ms` unless `promise` settles first. */
function within(ms, what, promise) {
  let timer;
  return Promise.race([
    promise,
    new Promise((_, reject) => { timer = setTimeout(() => reject(new Error(`${what}: no answer within ${ms} ms`)), ms); }),
  ]).finally(() => clearTimeout(timer));
}

const watchdog = setTimeout(() => {
  console.error(`✗ runtimes/chromium.mjs still running after ${WATCHDOG_MS} ms; giving up`);
  process.exit(1);
}, WATCHDOG_MS);
watchdog.unref();

const names = defineTests({}, { server: '', seed, scope: '' }).map((t) => t.name);
const RUNTIMES = [
  ['page', 'page'],
  ['dedicated-worker', 'worker'],
  ['service-worker', 'serviceWorker'],
];
let passed = 0;
let failed = 0;
const report = (runtime, r) => {
  if (r.ok) {
    passed++;
    console.log(`✓ [${runtime}] ${r.name} (${r.ms} ms)`);
  } else {
    failed++;
    console.log(`✗ [${runtime}] ${r.name} (${r.ms} ms)\n    ${String(r.error).split('\n').slice(0, 6).join('\n    ')}`);
  }
};

console.log(`genesys-callctl ${pkgJson.version} from ${pkgDir}, browser entry ${browserEntry}`);
const fake = await startFakeGenesys({ port: 0, host: '127.0.0.1' });
const site = await serveStatic();
let browser;
try {
  browser = await chromium.launch({ executablePath: CHROMIUM, args: CHROMIUM_FLAGS, timeout: 30_000 });
  const context = await browser.newContext();
  const page = await context.newPage();
  const problems = [];
  page.on('pageerror', (e) => problems.push(`page error: ${e.message}`));
  page.on('console', (m) => m.type() === 'error' && problems.push(`console: ${m.text()}`));
  await page.goto(`${site.url}/runner.html`, { timeout: 15_000 });
  await page.waitForFunction(() => typeof window.runtimes === 'object', null, { timeout: 15_000 });
  const cfg = { server: fake.url, seed, testTimeoutMs: TEST_TIMEOUT_MS, runtimeTimeoutMs: RUNTIME_TIMEOUT_MS };
  for (const [runtime, method] of RUNTIMES) {
    const start = Date.now();
    let results;
    try {
      results = await within(
        RUNTIME_TIMEOUT_MS + 5_000,
        runtime,
        page.evaluate(([m, c]) => window.runtimes[m](c), [method, cfg]),
      );
    } catch (e) {
      results = [{ name: `${runtime} runner`, ok: false, ms: Date.now() - start, error: `${e.message}\n${problems.join('\n')}` }];
    }
    for (const r of results) report(runtime, r);
    const ran = new Set(results.map((r) => r.name));
    for (const name of names.filter((n) => !ran.has(n))) report(runtime, { name, ok: false, ms: 0, error: 'did not run' });
    const mine = results.filter((r) => r.ok).length;
    console.log(`  ${runtime}: ${mine}/${names.length} passed in ${((Date.now() - start) / 1000).toFixed(1)} s`);
  }
} catch (e) {
  failed++;
  console.log(`✗ chromium runner: ${e.stack ?? e}`);
} finally {
  await browser?.close().catch(() => {});
  await site.close();
  await fake.close();
}
console.log(`${passed} passed, ${failed} failed`);
process.exitCode = failed === 0 && passed === names.length * RUNTIMES.length ? 0 : 1;
