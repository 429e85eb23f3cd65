// The env suite's shared machinery (tests/env/run.mjs and the environment modules): the run's
// scratch directory, throwaway projects with the tarball installed, the headless Chromium, pages
// and static sites run against a fresh fake org, an MV3 extension's flow, and shipped-size lists.
import { cpSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, statSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { gzipSync } from 'node:zlib';
import { chromium } from 'playwright-core';
import { CHROMIUM, CHROMIUM_FLAGS, assertDialAndTransfer, assertLiveCall, assertWasmServed, execOk, fakeOrg, pageQuery, pageResult, phone, serveStatic, watchPage } from './lib.mjs';

const here = dirname(fileURLToPath(import.meta.url));
export const root = join(here, '..', '..');
export const fixtures = join(here, 'fixtures');

/** The run's scratch directory: every throwaway project, unpacked extension and browser profile. */
export const tmp = mkdtempSync(join(tmpdir(), 'callctl-env-'));
let tarball;
let browser;

/** The tarball every project installs (run.mjs packs the repo, or takes --tarball). */
export function setTarball(path) {
  tarball = path;
}

/** A throwaway project with the tarball installed (and the named devDependencies linked). */
export async function project(name, { link = [] } = {}) {
  const dir = join(tmp, name);
  mkdirSync(dir);
  writeFileSync(join(dir, 'package.json'), JSON.stringify({ name: `env-${name}`, private: true, type: 'module' }, null, 2));
  await execOk('npm', ['install', '--offline', '--no-audit', '--no-fund', '--loglevel=error', tarball], { cwd: dir });
  for (const dep of link) symlinkSync(join(root, 'node_modules', dep), join(dir, 'node_modules', dep), 'dir');
  cpSync(join(fixtures, 'shared', 'flow.js'), join(dir, 'flow.js'));
  return dir;
}

export const fixture = (name, dir) => cpSync(join(fixtures, name), dir, { recursive: true });

async function launchBrowser() {
  browser ??= await chromium.launch({ executablePath: CHROMIUM, args: CHROMIUM_FLAGS });
  return browser;
}

/** Closes the browser launchBrowser started, if any. */
export async function closeBrowser() {
  await browser?.close();
}

/**
 * Opens `url + query` in a fresh browser context and returns the result the
 * page writes into #out, and the .wasm responses the browser received.
 */
export async function runPage(url, org, number) {
  const context = await (await launchBrowser()).newContext();
  const wasm = [];
  context.on('response', (r) => {
    const path = new URL(r.url()).pathname;
    if (path.endsWith('.wasm')) wasm.push({ path, status: r.status(), type: r.headers()['content-type'] });
  });
  try {
    const page = await context.newPage();
    const problems = watchPage(page);
    await page.goto(url + pageQuery(org, number.display));
    return { result: await pageResult(page, problems), wasm };
  } finally {
    await context.close();
  }
}

/**
 * Serves `dir` statically, runs the page at `path`, asserts result, server
 * and the wasm: fetched as application/wasm (default entry), or never
 * requested (inline entry). Returns the .wasm paths and the site's request log.
 */
export async function staticPageFlow(dir, path, n, expectGlobal, { entry = 'default' } = {}) {
  const org = await fakeOrg();
  const site = await serveStatic(dir);
  try {
    const number = phone(n);
    const { result } = await runPage(site.url + path, org, number);
    await assertDialAndTransfer(org, result, number.e164);
    if (result.global !== expectGlobal) throw new Error(`ran in ${result.global}, want ${expectGlobal}`);
    if (entry === 'inline') {
      assertNoWasmFetched(site.log);
      return { wasm: [], log: site.log };
    }
    return { wasm: assertWasmServed(site.log), log: site.log };
  } finally {
    await site.close();
    await org.close();
  }
}

/** The inline entry carries the wasm: the browser must not have asked for a .wasm file. */
function assertNoWasmFetched(log) {
  const wasm = log.filter((r) => r.path.endsWith('.wasm'));
  if (wasm.length) throw new Error(`the inline entry fetched ${wasm.map((r) => r.path).join(', ')}`);
}

/** Rewrites `file`'s import of 'genesys-callctl' to the given entry ('inline' → 'genesys-callctl/inline'). */
export function useEntry(file, entry) {
  if (entry === 'default') return;
  const code = readFileSync(file, 'utf8');
  const from = "from 'genesys-callctl';";
  if (!code.includes(from)) throw new Error(`${file} does not import 'genesys-callctl'`);
  writeFileSync(file, code.replace(from, `from 'genesys-callctl/${entry}';`));
}

/** gzip -9 size of a file. */
export const gzipOf = (file) => gzipSync(readFileSync(file), { level: 9 }).length;

/** Every .js/.wasm/.css file under a build output, with its gzip -9 size (not maps, not HTML). */
export function shippedFrom(dir) {
  return readdirSync(dir, { recursive: true })
    .map(String)
    .filter((f) => /\.(m?js|wasm|css)$/.test(f) && statSync(join(dir, f)).isFile())
    .sort()
    .map((file) => ({ file, gzip: gzipOf(join(dir, file)) }));
}

/** The package files an unbundled page loaded (from the static server's log), with gzip sizes. */
export function shippedFromLog(dir, log) {
  const files = [...new Set(log.filter((r) => r.status === 200 && r.path.startsWith('/node_modules/genesys-callctl/')).map((r) => r.path))];
  return files.map((p) => ({ file: p.replace('/node_modules/', ''), gzip: gzipOf(join(dir, p)) }));
}

/**
 * Loads the unpacked extension `ext` (module service worker sw.js, popup.html)
 * in Chromium, proves the worker has no window, and runs the flow in the
 * worker from the popup. Then, on the same org, the live-call flow in the
 * worker (assertLiveCall: watchCalls over the worker's WebSocket, an offered
 * call yielded alerting, answered, yielded connected, the socket closed),
 * driven by chrome.runtime messages from the popup page. Returns what the
 * worker saw and the live-call summary.
 */
export async function extensionFlow(ext, profile, n) {
  const org = await fakeOrg();
  const context = await chromium.launchPersistentContext(join(tmp, profile), {
    executablePath: CHROMIUM,
    headless: true,
    // Playwright passes --disable-extensions by default.
    ignoreDefaultArgs: ['--disable-extensions'],
    args: [...CHROMIUM_FLAGS, `--disable-extensions-except=${ext}`, `--load-extension=${ext}`],
  });
  try {
    const sw = context.serviceWorkers().find((w) => w.url().endsWith('/sw.js'))
      ?? (await context.waitForEvent('serviceworker', { predicate: (w) => w.url().endsWith('/sw.js'), timeout: 30_000 }));
    const id = new URL(sw.url()).host;
    const inside = await sw.evaluate(() => ({ window: typeof window, document: typeof document, global: globalThis.constructor.name }));
    if (inside.window !== 'undefined' || inside.global !== 'ServiceWorkerGlobalScope') {
      throw new Error(`the service worker sees window: ${inside.window}, global ${inside.global}`);
    }
    const number = phone(n);
    const page = await context.newPage();
    const problems = watchPage(page);
    await page.goto(`chrome-extension://${id}/popup.html${pageQuery(org, number.display)}`);
    const result = await pageResult(page, problems);
    await assertDialAndTransfer(org, result, number.e164);
    if (result.global !== 'ServiceWorkerGlobalScope' || result.hasWindow) {
      throw new Error(`the flow ran in ${result.global} (window ${result.hasWindow ? 'present' : 'absent'}), want the service worker`);
    }
    // The worker bounds its own waits (15 s each); this bounds the message round trip too.
    const send = (message) => withDeadline(page.evaluate((m) => chrome.runtime.sendMessage(m), message), 40_000, `the service worker's answer to ${message.type}`);
    const live = await assertLiveCall(org, send, 'ServiceWorkerGlobalScope');
    return { ...inside, live };
  } finally {
    await context.close();
    await org.close();
  }
}

export function readVersion(dep) {
  return JSON.parse(readFileSync(join(root, 'node_modules', dep, 'package.json'), 'utf8')).version;
}

export function withDeadline(promise, ms, what) {
  let timer;
  const deadline = new Promise((_, reject) => {
    timer = setTimeout(() => reject(new Error(`${what} did not finish within ${ms / 1000} s`)), ms);
  });
  return Promise.race([promise, deadline]).finally(() => clearTimeout(timer));
}
