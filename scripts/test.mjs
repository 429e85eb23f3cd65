// Runs every test suite, in the order a failure is cheapest to find:
//   1. cargo test (host): the pure core
//   2. wasm-bindgen-test: the crate's bindings, client and transport in Node,
//      a Chromium page, a dedicated worker and a service worker
//      (scripts/wasm-test.mjs; each test proves its scope)
//   3. fake-genesys's own node:test suite
//   4. node:test on the packed npm tarball, installed into a throwaway
//      project and imported by its name; then the runtime suite on the same
//      tarball in Node, a Chromium page, dedicated worker and service worker
//      (each test proves its scope)
//   5. the tarball in Vite, webpack, a page, a worker, an MV3 extension, Node
//   6. publint, attw, tsc over typed usages, the size budget
//   7. the demo page in Chromium (Playwright)
// Expects `node scripts/build.mjs` to have run (npm test does both).
import { mkdtempSync, mkdirSync, cpSync, readdirSync, writeFileSync, rmSync, symlinkSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { root, run, attempt, capture, step } from './lib.mjs';

/**
 * Size, as a ratio to the official SDK's browser bundle (gzip -9) of what an
 * esbuild-bundled app ships (bundle + .wasm). The suite fails above
 * SIZE_GUARD_RATIO: today's measurement (0.84×, live calls included) plus
 * about 2 KB, so a regression is caught. The budget, 0.6×, and its
 * aim, 0.4×, are printed as met or missed: the crate-based build does not
 * meet the budget (README "Size" says where the bytes are).
 */
const SIZE_GUARD_RATIO = 0.85;
const SIZE_TARGET_RATIOS = [0.6, 0.4];
/** Random cases for `node scripts/test.mjs fuzz` (`npm run fuzz`) unless FUZZ_RUNS says otherwise. */
const FUZZ_LONG_RUNS = 100_000;
const only = process.argv.slice(2);
const want = (name, optIn) => (only.length === 0 ? !optIn : only.includes(name));
const results = [];
const t0 = Date.now();
function suite(name, fn, { optIn = false } = {}) {
  if (!want(name, optIn)) return;
  step(`${name}`);
  const start = Date.now();
  fn();
  results.push([name, ((Date.now() - start) / 1000).toFixed(1)]);
}

suite('core', () => run('cargo', ['test', '--lib']));
// wasm-bindgen-test (tests/wasm/): the crate's bindings, client and transport
// in Node, a Chromium page, a dedicated worker and a service worker, against
// fake-genesys (each test proves its global scope).
suite('wasm', () => run(process.execPath, ['scripts/wasm-test.mjs']));
suite('fake-genesys', () => run(process.execPath, ['--test', 'tests/fake-genesys/']));

suite('package', () => {
  // Pack exactly what npm would publish, install it into a fresh project and
  // run the JS tests there, so they import 'genesys-callctl' as a user does.
  // Dev-only test dependencies (fast-check for tests/js/fuzz.test.mjs) are
  // linked from the repo's node_modules, so the tarball is all npm installs.
  inPackedProject(
    { links: ['fast-check', 'pure-rand', 'ws'], copies: [['tests/js', 'tests'], ['tests/fake-genesys', 'fake-genesys'], ['tests/env/lib.mjs', 'env/lib.mjs']] },
    (app) => {
      const files = readdirSync(join(app, 'tests')).filter((f) => f.endsWith('.test.mjs')).map((f) => join('tests', f));
      run(process.execPath, ['--test', ...files], { cwd: app });
    },
  );
});

// The same tests (tests/runtimes/suite.mjs, ported from the wasm-bindgen
// suites) on the packed tarball through its public API, in every runtime it
// supports: Node (node:test), then in Chromium a page, a dedicated module
// worker and a module service worker, each against fake-genesys.
// Both runners always run, so a failure shows in every runtime it affects.
suite('runtimes', () => {
  const failed = [];
  inPackedProject(
    { links: ['playwright-core', 'ws'], copies: [['tests/runtimes', 'runtimes'], ['tests/fake-genesys', 'fake-genesys'], ['tests/env/lib.mjs', 'env/lib.mjs']] },
    (app) => {
      if (!attempt(process.execPath, ['--test', join('runtimes', 'node.test.mjs')], { cwd: app })) failed.push('Node');
      if (!attempt(process.execPath, [join('runtimes', 'chromium.mjs')], { cwd: app })) failed.push('Chromium');
    },
  );
  if (failed.length > 0) {
    console.error(`\n✗ runtimes: failures in ${failed.join(' and ')}`);
    process.exit(1);
  }
});

// The packed tarball in every environment a user installs it into: Vite
// (build and dev), webpack 5, Parcel 2, esbuild, Rollup (each with the entry
// that needs no configuration, and the default entry's load error), a plain
// module page, a dedicated worker, MV3 extension service workers, Node ESM
// and CommonJS.
suite('env', () => run(process.execPath, ['tests/env/run.mjs']));

suite('package-checks', () => {
  // What npm would publish: lint it, check its types resolve everywhere an
  // ESM-only package should, type-check typed usages, and hold the size budget.
  const tmp = mkdtempSync(join(tmpdir(), 'callctl-lint-'));
  try {
    const packed = capture('npm', ['pack', '--silent', '--pack-destination', tmp]);
    if (!packed) throw new Error('npm pack failed');
    const tarball = join(tmp, packed.split('\n').pop());
    run(join(root, 'node_modules', '.bin', 'publint'), ['run', '--strict', tarball]);
    run(join(root, 'node_modules', '.bin', 'attw'), ['--profile', 'esm-only', '--format', 'table-flipped', tarball]);
  } finally {
    rmSync(tmp, { recursive: true, force: true });
  }
  run(join(root, 'node_modules', '.bin', 'tsc'), ['-p', 'tests/types']);
  console.log('✓ tsc: typed usages compile and every @ts-expect-error is an error');
  run(process.execPath, ['scripts/size.mjs', '--budget-ratio', String(SIZE_GUARD_RATIO), ...SIZE_TARGET_RATIOS.flatMap((r) => ['--aim-ratio', String(r)])]);
});

// The long fuzz (`npm run fuzz`, not part of npm test): tests/js/fuzz.test.mjs
// alone on the packed tarball with FUZZ_LONG_RUNS random cases (FUZZ_RUNS and
// FUZZ_SEED from the environment override the count and the seed).
suite(
  'fuzz',
  () => {
    inPackedProject(
      { links: ['fast-check', 'pure-rand', 'ws'], copies: [['tests/js', 'tests'], ['tests/fake-genesys', 'fake-genesys'], ['tests/env/lib.mjs', 'env/lib.mjs']] },
      (app) => {
        const env = { ...process.env, FUZZ_RUNS: process.env.FUZZ_RUNS || String(FUZZ_LONG_RUNS) };
        run(process.execPath, ['--test', join('tests', 'fuzz.test.mjs')], { cwd: app, env });
      },
    );
  },
  { optIn: true },
);

// The benchmark in --quick mode: small counts, checks every figure is
// produced (not its value; `npm run bench` measures).
suite('bench-quick', () => run(process.execPath, ['bench/run.mjs', '--quick']));

suite('demo', () => run(process.execPath, ['--test', 'tests/www/']));

/**
 * Packs the package as npm would publish it, installs the tarball into a
 * fresh throwaway project (`{ type: "module" }`), and runs `fn(app)` there;
 * removes it all afterwards. `links`: repo devDependencies symlinked into the
 * project's node_modules (test tools, not installed by npm); `copies`:
 * `[from, to]` directories copied from the repo into the project.
 */
function inPackedProject({ links = [], copies = [] }, fn) {
  const tmp = mkdtempSync(join(tmpdir(), 'callctl-pkg-'));
  try {
    const packed = capture('npm', ['pack', '--silent', '--pack-destination', tmp]);
    if (!packed) throw new Error('npm pack failed');
    const tarball = join(tmp, packed.split('\n').pop());
    const app = join(tmp, 'app');
    mkdirSync(app);
    writeFileSync(join(app, 'package.json'), JSON.stringify({ name: 'consumer', private: true, type: 'module' }));
    run('npm', ['install', '--no-audit', '--no-fund', '--offline', tarball], { cwd: app });
    for (const dep of links) symlinkSync(join(root, 'node_modules', dep), join(app, 'node_modules', dep), 'dir');
    for (const [from, to] of copies) cpSync(join(root, from), join(app, to), { recursive: true });
    fn(app);
  } finally {
    rmSync(tmp, { recursive: true, force: true });
  }
}

console.log('\nsuite             seconds');
for (const [name, s] of results) console.log(`${name.padEnd(18)}${s}`);
console.log(`all ${results.length} suites passed in ${((Date.now() - t0) / 1000).toFixed(0)} s`);
