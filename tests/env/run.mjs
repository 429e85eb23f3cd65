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
// This file is the runner (CLI, deadlines, summary table); the environments
// are in bundlers.mjs (bundled) and unbundled.mjs (unbundled pages, workers,
// extensions, Node), the machinery they share (throwaway projects, Chromium,
// pages, shipped sizes) in project.mjs, and lower-level helpers in lib.mjs.
//
// Usage: node tests/env/run.mjs [--tarball x.tgz] [env…]
//   (expects `node scripts/build.mjs` first; --tarball tests a given tarball
//   instead of packing the repo)
import { existsSync, rmSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { execOk } from './lib.mjs';
import { closeBrowser, setTarball, root, tmp, withDeadline } from './project.mjs';
import { bundlerEnvironments } from './bundlers.mjs';
import { unbundledEnvironments } from './unbundled.mjs';

const ENV_TIMEOUT_MS = 120_000;

const t0 = Date.now();
const environments = { ...bundlerEnvironments, ...unbundledEnvironments };

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
    setTarball(resolve(given));
  } else {
    if (!existsSync(join(root, 'dist', 'index.js'))) throw new Error('dist/ is missing: run `node scripts/build.mjs` first');
    const packed = await execOk('npm', ['pack', '--silent', '--pack-destination', tmp], { cwd: root });
    setTarball(join(tmp, packed.stdout.trim().split('\n').pop()));
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
  await closeBrowser();
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
