// Runs every test suite, in the order a failure is cheapest to find:
//   1. cargo test (host): the pure core
//   2. fake-genesys's own node:test suite
//   3. wasm-bindgen-test in Node, then headless Chromium: page, dedicated
//      worker, service worker (each test proves its scope)
//   4. node:test on the packed npm tarball, installed into a throwaway
//      project and imported by its name
//   5. the demo page in Chromium (Playwright)
// Expects `node scripts/build.mjs` to have run (npm test does both).
import { mkdtempSync, mkdirSync, cpSync, readdirSync, writeFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { root, run, capture, step } from './lib.mjs';
import { startFakeGenesys } from '../tests/fake-genesys/server.mjs';

const only = process.argv.slice(2);
const want = (name) => only.length === 0 || only.includes(name);
const results = [];
const t0 = Date.now();
function suite(name, fn) {
  if (!want(name)) return;
  step(`${name}`);
  const start = Date.now();
  fn();
  results.push([name, ((Date.now() - start) / 1000).toFixed(1)]);
}

suite('core', () => run('cargo', ['test', '--lib']));
suite('fake-genesys', () => run(process.execPath, ['--test', 'tests/fake-genesys/']));

const server = await startFakeGenesys({ port: 0 });
try {
  const wasmEnv = {
    ...process.env,
    FAKE_GENESYS_URL: server.url,
    CARGO_TARGET_WASM32_UNKNOWN_UNKNOWN_RUNNER: 'wasm-bindgen-test-runner',
    CHROMEDRIVER: '/usr/bin/chromedriver',
    WASM_BINDGEN_TEST_TIMEOUT: '60',
  };
  const wasmTest = (tests) =>
    run('cargo', ['test', '--target', 'wasm32-unknown-unknown', ...tests.flatMap((t) => ['--test', t])], { env: wasmEnv });
  suite('wasm-node', () => wasmTest(['wasm_node']));
  suite('wasm-chromium', () => wasmTest(['wasm_browser', 'wasm_dedicated_worker', 'wasm_service_worker']));
} finally {
  await server.close();
}

suite('package', () => {
  // Pack exactly what npm would publish, install it into a fresh project and
  // run the JS tests there, so they import 'genesys-callctl' as a user does.
  const tmp = mkdtempSync(join(tmpdir(), 'callctl-pkg-'));
  try {
    const packed = capture('npm', ['pack', '--silent', '--pack-destination', tmp]);
    if (!packed) throw new Error('npm pack failed');
    const tarball = join(tmp, packed.split('\n').pop());
    const app = join(tmp, 'app');
    mkdirSync(app);
    writeFileSync(join(app, 'package.json'), JSON.stringify({ name: 'consumer', private: true, type: 'module' }));
    run('npm', ['install', '--no-audit', '--no-fund', '--offline', tarball], { cwd: app });
    cpSync(join(root, 'tests', 'js'), join(app, 'tests'), { recursive: true });
    cpSync(join(root, 'tests', 'fake-genesys'), join(app, 'fake-genesys'), { recursive: true });
    const files = readdirSync(join(app, 'tests')).filter((f) => f.endsWith('.test.mjs')).map((f) => join('tests', f));
    run(process.execPath, ['--test', ...files], { cwd: app });
  } finally {
    rmSync(tmp, { recursive: true, force: true });
  }
});

suite('demo', () => run(process.execPath, ['--test', 'tests/www/']));

console.log('\nsuite             seconds');
for (const [name, s] of results) console.log(`${name.padEnd(18)}${s}`);
console.log(`all ${results.length} suites passed in ${((Date.now() - t0) / 1000).toFixed(0)} s`);
