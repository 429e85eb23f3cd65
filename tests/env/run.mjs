// Installs the PACKED tarball into a throwaway project per environment a user
// may run it in, and in each one dials a number and transfers the call to the
// queue "Support Tier 2" against a fresh fake Genesys org, asserting at the
// server that exactly one dial and one replace/queue POST arrived:
//
//   vite            `vite build` (production), dist/ served statically
//   vite-inline     the same with 'genesys-callctl/inline'
//   vite-dev        Vite's dev server (dependency pre-bundling included)
//   webpack         webpack 5 production build, no config beyond entry/output
//   webpack-inline  the same with 'genesys-callctl/inline'
//   parcel          Parcel 2 production build of index.html, no config
//   parcel-inline   the same with 'genesys-callctl/inline'
//   esbuild         esbuild --bundle --format=esm --minify, 'genesys-callctl/inline'
//   esbuild-default the default entry bundled by esbuild, .wasm not copied: the first
//                   call fails naming the URL and both fixes; init(url) then works
//   esbuild-worker  a dedicated module worker bundled by esbuild, inline entry
//   esbuild-mv3     a Chrome MV3 extension whose service worker is bundled by esbuild, inline entry
//   rollup          rollup with only @rollup/plugin-node-resolve, inline entry
//   rollup-default  the default entry bundled by rollup, .wasm not copied (as esbuild-default)
//   plain-module    <script type="module"> importing node_modules/…/dist/index.js
//   worker          a dedicated module Worker
//   mv3-extension   a Chrome MV3 extension whose module service worker imports the
//                   package statically (unbundled copy inside the extension)
//                   (both MV3 extensions also watch calls in the service worker:
//                   an offered call yielded alerting, answered, yielded connected)
//   node-esm        `import … from 'genesys-callctl'` in Node
//   node-inline     `import … from 'genesys-callctl/inline'` in Node
//   node-cjs        `require('genesys-callctl')` and `await import()` from CommonJS
//   package-files   every file package.json points at is in the tarball
//
// The summary table at the end says, per environment, which entry it used and
// what the app shipped: each .js/.wasm file of the build output (or, unbundled,
// the package files the browser loaded) with its gzip -9 size.
//
// Browsers: headless Chromium (/usr/bin/chromium) via playwright-core.
// Bundlers are not installed from the registry: vite, webpack, parcel,
// esbuild and rollup (pinned devDependencies of this repo) run from the
// repo's node_modules (symlinked into the throwaway project where the bundler
// resolves from there), so only the tarball is `npm install --offline`ed.
//
// Usage: node tests/env/run.mjs [--tarball x.tgz] [env…]
//   (expects `node scripts/build.mjs` first; --tarball tests a given tarball
//   instead of packing the repo)
import { cpSync, existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { gzipSync } from 'node:zlib';
import { chromium } from 'playwright-core';
import {
  CHROMIUM, CHROMIUM_FLAGS, TOKEN, assertDialAndTransfer, assertLiveCall, assertWasmServed, execOk, fakeOrg,
  pageQuery, pageResult, phone, serveStatic, startProcess, watchPage,
} from './lib.mjs';

const here = dirname(fileURLToPath(import.meta.url));
const root = join(here, '..', '..');
const fixtures = join(here, 'fixtures');
const ENV_TIMEOUT_MS = 120_000;

const t0 = Date.now();
const tmp = mkdtempSync(join(tmpdir(), 'callctl-env-'));
let tarball;
let browser;

/** A throwaway project with the tarball installed (and the named devDependencies linked). */
async function project(name, { link = [] } = {}) {
  const dir = join(tmp, name);
  mkdirSync(dir);
  writeFileSync(join(dir, 'package.json'), JSON.stringify({ name: `env-${name}`, private: true, type: 'module' }, null, 2));
  await execOk('npm', ['install', '--offline', '--no-audit', '--no-fund', '--loglevel=error', tarball], { cwd: dir });
  for (const dep of link) symlinkSync(join(root, 'node_modules', dep), join(dir, 'node_modules', dep), 'dir');
  cpSync(join(fixtures, 'shared', 'flow.js'), join(dir, 'flow.js'));
  return dir;
}

const fixture = (name, dir) => cpSync(join(fixtures, name), dir, { recursive: true });

async function launchBrowser() {
  browser ??= await chromium.launch({ executablePath: CHROMIUM, args: CHROMIUM_FLAGS });
  return browser;
}

/**
 * Opens `url + query` in a fresh browser context and returns the result the
 * page writes into #out, and the .wasm responses the browser received.
 */
async function runPage(url, org, number) {
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
async function staticPageFlow(dir, path, n, expectGlobal, { entry = 'default' } = {}) {
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
function useEntry(file, entry) {
  if (entry === 'default') return;
  const code = readFileSync(file, 'utf8');
  const from = "from 'genesys-callctl';";
  if (!code.includes(from)) throw new Error(`${file} does not import 'genesys-callctl'`);
  writeFileSync(file, code.replace(from, `from 'genesys-callctl/${entry}';`));
}

/** gzip -9 size of a file. */
const gzipOf = (file) => gzipSync(readFileSync(file), { level: 9 }).length;

/** Every .js/.wasm/.css file under a build output, with its gzip -9 size (not maps, not HTML). */
function shippedFrom(dir) {
  return readdirSync(dir, { recursive: true })
    .map(String)
    .filter((f) => /\.(m?js|wasm|css)$/.test(f) && statSync(join(dir, f)).isFile())
    .sort()
    .map((file) => ({ file, gzip: gzipOf(join(dir, file)) }));
}

/** The package files an unbundled page loaded (from the static server's log), with gzip sizes. */
function shippedFromLog(dir, log) {
  const files = [...new Set(log.filter((r) => r.status === 200 && r.path.startsWith('/node_modules/genesys-callctl/')).map((r) => r.path))];
  return files.map((p) => ({ file: p.replace('/node_modules/', ''), gzip: gzipOf(join(dir, p)) }));
}

/** esbuild with no configuration beyond bundling: `esbuild --bundle --format=esm --minify`. */
async function esbuild(dir, input, outfile) {
  const { build, version } = await import('esbuild');
  const r = await build({ absWorkingDir: dir, entryPoints: [input], outfile, bundle: true, format: 'esm', minify: true, logLevel: 'silent' });
  return { version, warnings: r.warnings.length };
}

/** Rollup with @rollup/plugin-node-resolve and nothing else; ES output. */
async function rollup(dir, input, outDir) {
  const { rollup: bundle, VERSION } = await import('rollup');
  const { nodeResolve } = await import('@rollup/plugin-node-resolve');
  const warnings = [];
  const b = await bundle({ input: join(dir, input), plugins: [nodeResolve()], onwarn: (w) => warnings.push(w.message) });
  await b.write({ dir: join(dir, outDir), format: 'es' });
  await b.close();
  return { version: VERSION, warnings: warnings.length };
}

/**
 * The page of a bundle of `no-wasm.js` (the default entry, .wasm left in
 * node_modules): the first dial must fail with `internal`, naming the URL it
 * fetched, init( and 'genesys-callctl/inline', and reach no server; after
 * init('/assets/…wasm') (where the test put the file, as a user following the
 * message would) the dial and transfer must work.
 */
async function noWasmPageFlow(out, dir, n) {
  mkdirSync(join(out, 'assets'), { recursive: true });
  cpSync(join(dir, 'node_modules', 'genesys-callctl', 'dist', 'wasm', 'genesys_callctl_bg.wasm'), join(out, 'assets', 'genesys_callctl_bg.wasm'));
  const org = await fakeOrg();
  const site = await serveStatic(out);
  try {
    const number = phone(n);
    const { result } = await runPage(site.url + '/', org, number);
    const first = result.first ?? {};
    const url = `${site.url}/wasm/genesys_callctl_bg.wasm`;
    if (first.ok !== false || first.name !== 'CallControlError' || first.kind !== 'internal') {
      throw new Error(`the first dial without the .wasm should reject with CallControlError internal: ${JSON.stringify(first)}`);
    }
    for (const want of [url, 'init(', 'genesys-callctl/inline']) {
      if (!first.message.includes(want)) throw new Error(`the load error does not mention ${want}: ${first.message}`);
    }
    if (result.loaded !== 'ok') throw new Error(`init('/assets/genesys_callctl_bg.wasm') failed: ${result.loaded}`);
    // Exactly one dial at the server: the failed first attempt never left the page.
    await assertDialAndTransfer(org, result, number.e164);
    const missed = site.log.find((r) => r.path === '/wasm/genesys_callctl_bg.wasm');
    if (missed?.status !== 404) throw new Error(`expected a 404 for /wasm/genesys_callctl_bg.wasm, the log says ${JSON.stringify(missed)}`);
    assertWasmServed(site.log.filter((r) => r.path.startsWith('/assets/')));
    return first.message;
  } finally {
    await site.close();
    await org.close();
  }
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
async function extensionFlow(ext, profile, n) {
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

const kindOf = (entry) => (entry === 'inline' ? "'genesys-callctl/inline'" : "'genesys-callctl'");

/** Vite production build of the vite fixture with `entry`. */
async function viteBuild(name, entry, n) {
  const dir = await project(name, { link: ['vite'] });
  fixture('vite', dir);
  useEntry(join(dir, 'main.js'), entry);
  await execOk(process.execPath, [join(dir, 'node_modules', 'vite', 'bin', 'vite.js'), 'build', '--mode', 'production', '--logLevel', 'warn'], { cwd: dir });
  const wasm = await bundledPageFlow(dir, n, entry);
  return {
    entry,
    shipped: shippedFrom(join(dir, 'dist')),
    note: `vite ${readVersion('vite')} build, no config, ${kindOf(entry)}; ${entry === 'inline' ? 'no .wasm emitted or fetched' : `wasm emitted as ${wasm.join(', ')}`}`,
  };
}

/** webpack 5 production build of the webpack fixture with `entry`. */
async function webpackBuild(name, entry, n) {
  const dir = await project(name, { link: ['webpack'] });
  fixture('webpack', dir);
  cpSync(join(dir, 'flow.js'), join(dir, 'src', 'flow.js'));
  useEntry(join(dir, 'src', 'main.js'), entry);
  const built = await execOk(process.execPath, ['build.mjs'], { cwd: dir });
  const { assets, warnings } = JSON.parse(built.stdout.trim().split('\n').pop());
  const wasm = await bundledPageFlow(dir, n, entry);
  return {
    entry,
    shipped: shippedFrom(join(dir, 'dist')),
    note: `webpack ${readVersion('webpack')} production, entry+output only (no experiments), ${kindOf(entry)}; assets ${assets.join(', ')}; ${warnings} warnings${entry === 'inline' ? '' : `; wasm fetched ${wasm.join(', ')}`}`,
  };
}

/** Parcel 2 production build of index.html → main.js with `entry`, no configuration. */
async function parcelBuild(name, entry, n) {
  const dir = await project(name, { link: ['parcel'] });
  for (const f of ['index.html', 'main.js']) cpSync(join(fixtures, 'bundlers', f), join(dir, f));
  useEntry(join(dir, 'main.js'), entry);
  const bin = join(dir, 'node_modules', 'parcel', 'lib', 'bin.js');
  await execOk(process.execPath, [bin, 'build', 'index.html', '--dist-dir', 'dist', '--no-cache', '--log-level', 'warn'], { cwd: dir });
  const wasm = await bundledPageFlow(dir, n, entry);
  return {
    entry,
    shipped: shippedFrom(join(dir, 'dist')),
    note: `parcel ${readVersion('parcel')} build index.html, no config, ${kindOf(entry)}; ${entry === 'inline' ? 'no .wasm emitted or fetched' : `wasm emitted as ${wasm.join(', ')}`}`,
  };
}

/** A page bundled by `bundle` (esbuild or rollup) from the bundlers fixture, with the inline entry. */
async function inlinePage(name, bundle, n) {
  const dir = await project(name);
  for (const f of ['index.html', 'main.js']) cpSync(join(fixtures, 'bundlers', f), join(dir, f));
  useEntry(join(dir, 'main.js'), 'inline');
  const out = join(dir, 'dist');
  const { version, warnings } = bundle === 'esbuild' ? await esbuild(dir, 'main.js', join(out, 'main.js')) : await rollup(dir, 'main.js', 'dist');
  const shipped = shippedFrom(out);
  cpSync(join(dir, 'index.html'), join(out, 'index.html'));
  await staticPageFlow(out, '/', n, 'Window', { entry: 'inline' });
  const how = bundle === 'esbuild' ? '--bundle --format=esm --minify' : 'with @rollup/plugin-node-resolve only, ES output';
  return { entry: 'inline', shipped, note: `${bundle} ${version} ${how}, 'genesys-callctl/inline'; ${warnings} warnings; no .wasm fetched` };
}

/** The default entry bundled by esbuild or rollup, which leave the .wasm in node_modules: the error, then init(url). */
async function noWasmPage(name, bundle, n) {
  const dir = await project(name);
  cpSync(join(fixtures, 'bundlers', 'index.html'), join(dir, 'index.html'));
  cpSync(join(fixtures, 'bundlers', 'no-wasm.js'), join(dir, 'main.js'));
  const out = join(dir, 'dist');
  const { version } = bundle === 'esbuild' ? await esbuild(dir, 'main.js', join(out, 'main.js')) : await rollup(dir, 'main.js', 'dist');
  const emitted = readdirSync(out, { recursive: true }).filter((f) => String(f).endsWith('.wasm'));
  if (emitted.length) throw new Error(`${bundle} emitted ${emitted.join(', ')}: it now copies the .wasm; test the default entry as a zero-config bundler instead`);
  cpSync(join(dir, 'index.html'), join(out, 'index.html'));
  const message = await noWasmPageFlow(out, dir, n);
  return {
    entry: 'default',
    shipped: shippedFrom(out),
    note: `${bundle} ${version}, 'genesys-callctl', .wasm not copied by ${bundle}: the first dial rejected with "${message.slice(0, 140)}…"; after copying it to /assets/ and init('/assets/genesys_callctl_bg.wasm') the dial and transfer worked (1 dial at the server)`,
  };
}

const environments = {
  vite: () => viteBuild('vite', 'default', 1),
  'vite-inline': () => viteBuild('vite-inline', 'inline', 10),

  async 'vite-dev'() {
    const dir = await project('vite-dev', { link: ['vite'] });
    fixture('vite', dir);
    const dev = await startProcess(process.execPath, ['serve-dev.mjs'], { cwd: dir, ready: /VITE_URL=(\S+)/ });
    const org = await fakeOrg();
    try {
      const number = phone(2);
      const { result, wasm } = await runPage(dev.match, org, number);
      await assertDialAndTransfer(org, result, number.e164);
      if (result.global !== 'Window') throw new Error(`ran in ${result.global}, want Window`);
      const served = assertWasmServed(wasm);
      return { entry: 'default', shipped: 'dev server (not shipped)', note: `vite ${readVersion('vite')} dev server, no config (dependency pre-bundling on); wasm fetched ${served.join(', ')}` };
    } finally {
      await org.close();
      await dev.stop();
    }
  },

  webpack: () => webpackBuild('webpack', 'default', 3),
  'webpack-inline': () => webpackBuild('webpack-inline', 'inline', 11),
  parcel: () => parcelBuild('parcel', 'default', 12),
  'parcel-inline': () => parcelBuild('parcel-inline', 'inline', 13),
  esbuild: () => inlinePage('esbuild', 'esbuild', 14),
  'esbuild-default': () => noWasmPage('esbuild-default', 'esbuild', 15),

  async 'esbuild-worker'() {
    const dir = await project('esbuild-worker');
    const out = join(dir, 'dist');
    cpSync(join(fixtures, 'bundlers', 'worker.js'), join(dir, 'worker.js'));
    const { version, warnings } = await esbuild(dir, 'worker.js', join(out, 'worker.js'));
    const shipped = shippedFrom(out);
    cpSync(join(fixtures, 'bundlers', 'worker.html'), join(out, 'index.html'));
    cpSync(join(dir, 'flow.js'), join(out, 'flow.js'));
    await staticPageFlow(out, '/', 16, 'DedicatedWorkerGlobalScope', { entry: 'inline' });
    return { entry: 'inline', shipped, note: `esbuild ${version} --bundle --format=esm --minify of a module worker, 'genesys-callctl/inline'; ${warnings} warnings; no .wasm fetched` };
  },

  async 'esbuild-mv3'() {
    const dir = await project('esbuild-mv3');
    const ext = join(tmp, 'esbuild-mv3-unpacked');
    fixture('extension', ext);
    cpSync(join(fixtures, 'bundlers', 'sw.js'), join(dir, 'sw.js'));
    cpSync(join(fixtures, 'extension', 'watch.js'), join(dir, 'watch.js'));
    // The fixture's sw.js imports the unbundled copy; the bundle replaces it.
    const { version, warnings } = await esbuild(dir, 'sw.js', join(ext, 'sw.js'));
    cpSync(join(dir, 'flow.js'), join(ext, 'flow.js'));
    const shipped = [{ file: 'sw.js', gzip: gzipOf(join(ext, 'sw.js')) }];
    const manifest = JSON.parse(readFileSync(join(ext, 'manifest.json'), 'utf8'));
    if (manifest.web_accessible_resources) throw new Error('the test manifest should not need web_accessible_resources');
    const inside = await extensionFlow(ext, 'esbuild-mv3-profile', 17);
    return {
      entry: 'inline',
      shipped,
      note: `esbuild ${version} --bundle --format=esm --minify of the service worker (static import, 'genesys-callctl/inline'); ${warnings} warnings; typeof window in the SW: ${inside.window}; no web_accessible_resources; CSP extension_pages 'wasm-unsafe-eval'; ${inside.live}`,
    };
  },

  rollup: () => inlinePage('rollup', 'rollup', 18),
  'rollup-default': () => noWasmPage('rollup-default', 'rollup', 19),

  async 'plain-module'() {
    const dir = await project('plain-module');
    fixture('plain', dir);
    const { wasm, log } = await staticPageFlow(dir, '/', 4, 'Window');
    return { entry: 'default', shipped: shippedFromLog(dir, log), note: `unbundled; wasm fetched ${wasm.join(', ')}` };
  },

  async worker() {
    const dir = await project('worker');
    fixture('worker', dir);
    const { wasm, log } = await staticPageFlow(dir, '/', 5, 'DedicatedWorkerGlobalScope');
    return { entry: 'default', shipped: shippedFromLog(dir, log), note: `unbundled module worker; wasm fetched ${wasm.join(', ')}` };
  },

  async 'mv3-extension'() {
    const dir = await project('mv3-extension');
    const ext = join(tmp, 'mv3-extension-unpacked');
    fixture('extension', ext);
    cpSync(join(dir, 'flow.js'), join(ext, 'flow.js'));
    cpSync(join(dir, 'node_modules', 'genesys-callctl'), join(ext, 'genesys-callctl'), { recursive: true, dereference: true });
    const inside = await extensionFlow(ext, 'mv3-profile', 6);
    const pkg = join(ext, 'genesys-callctl', 'dist');
    const shipped = ['index.js', 'wasm/genesys_callctl_bg.wasm'].map((f) => ({ file: `genesys-callctl/dist/${f}`, gzip: gzipOf(join(pkg, f)) }));
    return { entry: 'default', shipped, note: `unbundled copy of the package in the extension, static import in a module service worker; typeof window in the SW: ${inside.window}; CSP extension_pages 'wasm-unsafe-eval'; ${inside.live}` };
  },

  async 'node-esm'() {
    return nodeFlow('node-esm', 'esm.mjs', 7, '/dist/node.js', 'node');
  },

  async 'node-inline'() {
    return nodeFlow('node-inline', 'inline.mjs', 20, '/dist/inline.js', 'inline');
  },

  async 'node-cjs'() {
    const dir = await project('node-cjs');
    cpSync(join(fixtures, 'node', 'cjs.cjs'), join(dir, 'cjs.cjs'));
    const notes = [];
    for (const [how, n] of [['require', 8], ['import', 9]]) {
      const org = await fakeOrg();
      try {
        const number = phone(n);
        const r = await execOk(process.execPath, ['cjs.cjs', how, org.url, TOKEN, number.display], { cwd: dir, timeoutMs: 30_000 });
        const result = JSON.parse(r.stdout.trim().split('\n').pop());
        const warning = /ExperimentalWarning[^\n]*/.exec(r.stderr)?.[0];
        if (how === 'require' && result.requireFailed) {
          // An ESM-only package: Node before 20.19 / 22.12 cannot require() it.
          if (result.code !== 'ERR_REQUIRE_ESM') throw new Error(`require() failed with ${result.code}: ${result.message}`);
          notes.push(`require(): ERR_REQUIRE_ESM on ${process.version} (ESM-only package)`);
          continue;
        }
        await assertDialAndTransfer(org, result, number.e164);
        notes.push(how === 'require'
          ? `require() works on ${process.version} (require(esm))${warning ? ` with "${warning.trim()}"` : ', no warning'}`
          : 'await import() from CommonJS works');
      } finally {
        await org.close();
      }
    }
    return { entry: 'node', shipped: NODE_SHIPPED, note: notes.join('; ') };
  },

  async 'package-files'() {
    const dir = await project('package-files');
    const installed = join(dir, 'node_modules', 'genesys-callctl');
    const pkg = JSON.parse(readFileSync(join(installed, 'package.json'), 'utf8'));
    const targets = new Set([pkg.main, pkg.module, pkg.types]);
    const walk = (v) => (typeof v === 'string' ? targets.add(v) : Object.values(v ?? {}).forEach(walk));
    walk(pkg.exports);
    // The subpath stub for resolvers without `exports` (Parcel's default, TypeScript's node10).
    const stub = JSON.parse(readFileSync(join(installed, 'inline', 'package.json'), 'utf8'));
    for (const f of ['main', 'module', 'types']) targets.add(`./${join('inline', stub[f])}`);
    const missing = [...targets].filter((t) => t && !existsSync(join(installed, t)));
    if (missing.length) throw new Error(`package.json points at files missing from the tarball: ${missing.join(', ')}`);
    return `${targets.size} targets present: ${[...targets].join(', ')}`;
  },
};

const NODE_SHIPPED = 'nothing (Node reads dist/node.js and the .wasm from disk)';

/** Runs a Node fixture that imports the package by name; checks which file it resolved. */
async function nodeFlow(name, script, n, want, entry) {
  const dir = await project(name);
  cpSync(join(fixtures, 'node', script), join(dir, script));
  const org = await fakeOrg();
  try {
    const number = phone(n);
    const r = await execOk(process.execPath, [script, org.url, TOKEN, number.display], { cwd: dir, timeoutMs: 30_000 });
    const result = JSON.parse(r.stdout.trim().split('\n').pop());
    await assertDialAndTransfer(org, result, number.e164);
    if (!result.entry.endsWith(want)) throw new Error(`resolved ${result.entry}, want ${want.slice(1)}`);
    return {
      entry,
      shipped: entry === 'inline' ? 'nothing (the wasm is in dist/inline.js)' : NODE_SHIPPED,
      note: `Node ${process.version}, resolved ${want.slice(1)}`,
    };
  } finally {
    await org.close();
  }
}

/**
 * Why a bundle can lack the wasm loader: with "sideEffects": false a bundler
 * skips the entry file (dist/index.js or dist/inline.js only re-export), and
 * with it the top-level setLoader() call that tells api.js how to load the wasm.
 */
function sideEffectsHint(dir) {
  const pkg = JSON.parse(readFileSync(join(dir, 'node_modules', 'genesys-callctl', 'package.json'), 'utf8'));
  return pkg.sideEffects === false
    ? ' (the package says "sideEffects": false, so the bundler skipped the entry file, whose top-level setLoader() call loads the wasm)'
    : '';
}

/**
 * Runs a bundled app's page (dist/); the default entry must have emitted the
 * .wasm, the inline entry must not. A failure names the likely package-side cause.
 */
async function bundledPageFlow(dir, n, entry = 'default') {
  const emitted = readdirSync(join(dir, 'dist'), { recursive: true }).filter((f) => String(f).endsWith('.wasm'));
  if (entry === 'default' && !emitted.length) throw new Error(`the build emitted no .wasm file${sideEffectsHint(dir)}`);
  if (entry === 'inline' && emitted.length) throw new Error(`the build emitted ${emitted.join(', ')} for the inline entry`);
  try {
    return (await staticPageFlow(join(dir, 'dist'), '/', n, 'Window', { entry })).wasm;
  } catch (e) {
    e.message += sideEffectsHint(dir);
    throw e;
  }
}

function readVersion(dep) {
  return JSON.parse(readFileSync(join(root, 'node_modules', dep, 'package.json'), 'utf8')).version;
}

function withDeadline(promise, ms, what) {
  let timer;
  const deadline = new Promise((_, reject) => {
    timer = setTimeout(() => reject(new Error(`${what} did not finish within ${ms / 1000} s`)), ms);
  });
  return Promise.race([promise, deadline]).finally(() => clearTimeout(timer));
}

const argv = process.argv.slice(2);
const given = argv.includes('--tarball') ? argv.splice(argv.indexOf('--tarball'), 2)[1] : undefined;
const only = argv;
const unknown = only.filter((n) => !(n in environments));
if (unknown.length) {
  console.error(`unknown environment(s): ${unknown.join(', ')}; known: ${Object.keys(environments).join(', ')}`);
  process.exit(2);
}

let passed = 0;
let failed = 0;
const rows = [];
try {
  if (given) {
    tarball = resolve(given);
  } else {
    if (!existsSync(join(root, 'dist', 'index.js'))) throw new Error('dist/ is missing: run `node scripts/build.mjs` first');
    const packed = await execOk('npm', ['pack', '--silent', '--pack-destination', tmp], { cwd: root });
    tarball = join(tmp, packed.stdout.trim().split('\n').pop());
  }
  for (const [name, fn] of Object.entries(environments)) {
    if (only.length && !only.includes(name)) continue;
    const start = Date.now();
    try {
      const r = await withDeadline(fn(), ENV_TIMEOUT_MS, name);
      const { note, entry, shipped } = typeof r === 'string' ? { note: r } : r;
      passed++;
      rows.push({ name, ok: true, entry, shipped });
      console.log(`✓ ${name} (${((Date.now() - start) / 1000).toFixed(1)} s) — ${note}`);
    } catch (e) {
      failed++;
      rows.push({ name, ok: false });
      console.log(`✗ ${name}: ${e.message}`);
    }
  }
} catch (e) {
  failed++;
  console.log(`✗ setup: ${e.message}`);
} finally {
  await browser?.close();
  rmSync(tmp, { recursive: true, force: true });
}
printSummary(rows);
console.log(`${passed} passed, ${failed} failed (${((Date.now() - t0) / 1000).toFixed(1)} s)`);

/**
 * One line per environment: the entry it imported (default: dist/index.js,
 * inline: dist/inline.js, node: dist/node.js) and what the app shipped, each
 * file with its gzip -9 size, and their total.
 */
function printSummary(results) {
  const kb = (n) => `${(n / 1024).toFixed(1)} KB`;
  const lines = results.filter((r) => !r.ok || r.entry).map((r) => {
    if (!r.ok) return [r.name, '✗', '', ''];
    if (typeof r.shipped === 'string') return [r.name, r.entry, '—', r.shipped];
    const total = r.shipped.reduce((t, f) => t + f.gzip, 0);
    return [r.name, r.entry, kb(total), r.shipped.map((f) => `${f.file} ${kb(f.gzip)}`).join(', ')];
  });
  if (!lines.length) return;
  const head = ['env', 'entry', 'gzip total', 'shipped (gzip -9 each)'];
  const width = head.slice(0, 3).map((h, i) => Math.max(h.length, ...lines.map((l) => l[i].length)));
  const fmt = (l) => l.map((c, i) => (i < 3 ? c.padEnd(width[i]) : c)).join('  ');
  console.log(`\n${fmt(head)}\n${fmt(width.map((w) => '-'.repeat(w)).concat('-'.repeat(22)))}`);
  for (const l of lines) console.log(fmt(l));
  console.log('');
}
process.exitCode = failed ? 1 : 0;
