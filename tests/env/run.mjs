// Installs the PACKED tarball into a throwaway project per environment a user
// may run it in, and in each one dials a number and transfers the call to the
// queue "Support Tier 2" against a fresh fake Genesys org, asserting at the
// server that exactly one dial and one replace/queue POST arrived:
//
//   vite            `vite build` (production), dist/ served statically
//   vite-dev        Vite's dev server (dependency pre-bundling included)
//   webpack         webpack 5 production build, no config beyond entry/output
//   plain-module    <script type="module"> importing node_modules/…/dist/index.js
//   worker          a dedicated module Worker
//   mv3-extension   a Chrome MV3 extension whose module service worker imports the package statically
//   node-esm        `import … from 'genesys-callctl'` in Node
//   node-cjs        `require('genesys-callctl')` and `await import()` from CommonJS
//   package-files   every file package.json points at is in the tarball
//
// Browsers: headless Chromium (/usr/bin/chromium) via playwright-core.
// Bundlers are not installed from the registry: vite and webpack (pinned
// devDependencies of this repo) are symlinked into each throwaway project from
// the repo's node_modules, so only the tarball is `npm install --offline`ed.
//
// Usage: node tests/env/run.mjs [--tarball x.tgz] [env…]
//   (expects `node scripts/build.mjs` first; --tarball tests a given tarball
//   instead of packing the repo)
import { cpSync, existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium } from 'playwright-core';
import {
  CHROMIUM, CHROMIUM_FLAGS, TOKEN, assertDialAndTransfer, assertWasmServed, execOk, fakeOrg,
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

/** Serves `dir` statically, runs the page at `path`, asserts result, server and wasm MIME. */
async function staticPageFlow(dir, path, n, expectGlobal) {
  const org = await fakeOrg();
  const site = await serveStatic(dir);
  try {
    const number = phone(n);
    const { result } = await runPage(site.url + path, org, number);
    await assertDialAndTransfer(org, result, number.e164);
    if (result.global !== expectGlobal) throw new Error(`ran in ${result.global}, want ${expectGlobal}`);
    return assertWasmServed(site.log);
  } finally {
    await site.close();
    await org.close();
  }
}

const environments = {
  async vite() {
    const dir = await project('vite', { link: ['vite'] });
    fixture('vite', dir);
    await execOk(process.execPath, [join(dir, 'node_modules', 'vite', 'bin', 'vite.js'), 'build', '--mode', 'production', '--logLevel', 'warn'], { cwd: dir });
    const wasm = await bundledPageFlow(dir, 1);
    return `vite ${readVersion('vite')} build, no config; wasm emitted as ${wasm.join(', ')}`;
  },

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
      return `vite ${readVersion('vite')} dev server, no config (dependency pre-bundling on); wasm fetched ${served.join(', ')}`;
    } finally {
      await org.close();
      await dev.stop();
    }
  },

  async webpack() {
    const dir = await project('webpack', { link: ['webpack'] });
    fixture('webpack', dir);
    cpSync(join(dir, 'flow.js'), join(dir, 'src', 'flow.js'));
    const built = await execOk(process.execPath, ['build.mjs'], { cwd: dir });
    const { assets, warnings } = JSON.parse(built.stdout.trim().split('\n').pop());
    const wasm = await bundledPageFlow(dir, 3);
    return `webpack ${readVersion('webpack')} production, entry+output only (no experiments); assets ${assets.join(', ')}; ${warnings} warnings; wasm fetched ${wasm.join(', ')}`;
  },

  async 'plain-module'() {
    const dir = await project('plain-module');
    fixture('plain', dir);
    const wasm = await staticPageFlow(dir, '/', 4, 'Window');
    return `wasm fetched ${wasm.join(', ')}`;
  },

  async worker() {
    const dir = await project('worker');
    fixture('worker', dir);
    const wasm = await staticPageFlow(dir, '/', 5, 'DedicatedWorkerGlobalScope');
    return `module worker; wasm fetched ${wasm.join(', ')}`;
  },

  async 'mv3-extension'() {
    const dir = await project('mv3-extension');
    const ext = join(tmp, 'mv3-extension-unpacked');
    fixture('extension', ext);
    cpSync(join(dir, 'flow.js'), join(ext, 'flow.js'));
    cpSync(join(dir, 'node_modules', 'genesys-callctl'), join(ext, 'genesys-callctl'), { recursive: true, dereference: true });
    const org = await fakeOrg();
    const context = await chromium.launchPersistentContext(join(tmp, 'mv3-profile'), {
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
      const number = phone(6);
      const page = await context.newPage();
      const problems = watchPage(page);
      await page.goto(`chrome-extension://${id}/popup.html${pageQuery(org, number.display)}`);
      const result = await pageResult(page, problems);
      await assertDialAndTransfer(org, result, number.e164);
      if (result.global !== 'ServiceWorkerGlobalScope' || result.hasWindow) {
        throw new Error(`the flow ran in ${result.global} (window ${result.hasWindow ? 'present' : 'absent'}), want the service worker`);
      }
      return `static import in a module service worker; typeof window in the SW: ${inside.window}; CSP extension_pages 'wasm-unsafe-eval'`;
    } finally {
      await context.close();
      await org.close();
    }
  },

  async 'node-esm'() {
    const dir = await project('node-esm');
    cpSync(join(fixtures, 'node', 'esm.mjs'), join(dir, 'esm.mjs'));
    const org = await fakeOrg();
    try {
      const number = phone(7);
      const r = await execOk(process.execPath, ['esm.mjs', org.url, TOKEN, number.display], { cwd: dir, timeoutMs: 30_000 });
      const result = JSON.parse(r.stdout.trim().split('\n').pop());
      await assertDialAndTransfer(org, result, number.e164);
      if (!result.entry.endsWith('/dist/node.js')) throw new Error(`resolved ${result.entry}, want dist/node.js`);
      return `Node ${process.version}, resolved the "node" condition (dist/node.js)`;
    } finally {
      await org.close();
    }
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
    return notes.join('; ');
  },

  async 'package-files'() {
    const dir = await project('package-files');
    const installed = join(dir, 'node_modules', 'genesys-callctl');
    const pkg = JSON.parse(readFileSync(join(installed, 'package.json'), 'utf8'));
    const targets = new Set([pkg.main, pkg.module, pkg.types]);
    const walk = (v) => (typeof v === 'string' ? targets.add(v) : Object.values(v ?? {}).forEach(walk));
    walk(pkg.exports);
    const missing = [...targets].filter((t) => t && !existsSync(join(installed, t)));
    if (missing.length) throw new Error(`package.json points at files missing from the tarball: ${missing.join(', ')}`);
    return `${targets.size} targets present: ${[...targets].join(', ')}`;
  },
};

/**
 * Why a bundle can lack the wasm loader: with "sideEffects": false a bundler
 * skips dist/index.js (it only re-exports), and with it the top-level
 * setLoader() call that tells api.js how to load the wasm.
 */
function sideEffectsHint(dir) {
  const pkg = JSON.parse(readFileSync(join(dir, 'node_modules', 'genesys-callctl', 'package.json'), 'utf8'));
  return pkg.sideEffects === false
    ? ' (the package says "sideEffects": false, so the bundler skipped dist/index.js, whose top-level setLoader() call loads the wasm)'
    : '';
}

/** Runs a bundled app's page; a failure names the likely package-side cause. */
async function bundledPageFlow(dir, n) {
  const emitted = readdirSync(join(dir, 'dist'), { recursive: true }).filter((f) => String(f).endsWith('.wasm'));
  if (!emitted.length) throw new Error(`the build emitted no .wasm file${sideEffectsHint(dir)}`);
  try {
    return await staticPageFlow(join(dir, 'dist'), '/', n, 'Window');
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
      const note = await withDeadline(fn(), ENV_TIMEOUT_MS, name);
      passed++;
      console.log(`✓ ${name} (${((Date.now() - start) / 1000).toFixed(1)} s) — ${note}`);
    } catch (e) {
      failed++;
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
console.log(`${passed} passed, ${failed} failed (${((Date.now() - t0) / 1000).toFixed(1)} s)`);
process.exitCode = failed ? 1 : 0;
