// The wasm-bindgen-test suites (tests/wasm/, one shared body) in four
// runtimes: Node, a headless Chromium page, a dedicated worker and a service
// worker, each against fake-genesys on loopback.
//
//   node scripts/wasm-test.mjs                  all four
//   node scripts/wasm-test.mjs node browser     some of: node, browser, worker, service-worker
//
// Starts fake-genesys in this process (and a tiny server that answers every
// request with a 302 to it, for the redirect test), passes their URLs to the
// tests at compile time (FAKE_GENESYS_URL, FAKE_REDIRECT_URL), builds the four
// test binaries, runs them one after another with wasm-bindgen-test-runner
// (ChromeDriver and webdriver.json for the browser ones), prints each
// runner's closing line, and fails if any test failed. The servers are
// always closed. Needs `node scripts/setup.mjs --browser` (Chromium and
// ChromeDriver) for the browser runtimes.
import { spawn } from 'node:child_process';
import { createServer } from 'node:http';
import { existsSync } from 'node:fs';
import { delimiter, join } from 'node:path';
import { root, step } from './lib.mjs';
import { startFakeGenesys } from '../tests/fake-genesys/server.mjs';

const CHROMEDRIVER = '/usr/bin/chromedriver';
const RUNTIMES = [
  { name: 'node', test: 'wasm_node', label: 'Node', browser: false },
  { name: 'browser', test: 'wasm_browser', label: 'Chromium page', browser: true },
  { name: 'worker', test: 'wasm_worker', label: 'dedicated worker', browser: true },
  { name: 'service-worker', test: 'wasm_service_worker', label: 'service worker', browser: true },
];

const wanted = process.argv.slice(2);
const unknown = wanted.filter((w) => !RUNTIMES.some((r) => r.name === w));
if (unknown.length > 0) {
  console.error(`unknown runtime ${unknown.join(', ')}; choose from ${RUNTIMES.map((r) => r.name).join(', ')}`);
  process.exit(2);
}
const runtimes = RUNTIMES.filter((r) => wanted.length === 0 || wanted.includes(r.name));
if (runtimes.some((r) => r.browser) && !existsSync(CHROMEDRIVER)) {
  console.error(`✗ ${CHROMEDRIVER} is missing: run \`node scripts/setup.mjs --browser\` (installs chromium and chromium-driver)`);
  process.exit(1);
}

/** Runs a command with inherited stdin/stderr; streams stdout and returns it with the exit code. */
function exec(cmd, args, env) {
  return new Promise((resolve) => {
    const child = spawn(cmd, args, { cwd: root, env, stdio: ['ignore', 'pipe', 'inherit'] });
    let out = '';
    child.stdout.on('data', (d) => {
      out += d;
      process.stdout.write(d);
    });
    child.on('error', (e) => resolve({ code: 1, out: `${out}\n${e.message}` }));
    child.on('close', (code, signal) => resolve({ code: code ?? (signal ? 1 : 0), out }));
  });
}

/** Answers every request with `302 Location: <target><same path>` (CORS-enabled, so browsers see it). */
async function startRedirector(target) {
  const cors = {
    'Access-Control-Allow-Origin': '*',
    'Access-Control-Allow-Headers': 'Authorization, Content-Type',
    'Access-Control-Allow-Methods': 'GET, POST, PATCH, DELETE, OPTIONS',
  };
  const server = createServer((req, res) => {
    req.resume();
    if (req.method === 'OPTIONS') {
      res.writeHead(204, cors);
      return res.end();
    }
    res.writeHead(302, { ...cors, Location: `${target}${req.url}`, 'Content-Length': '0' });
    res.end();
  });
  await new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', resolve);
  });
  return {
    url: `http://127.0.0.1:${server.address().port}`,
    close: () => new Promise((resolve) => { server.close(() => resolve()); server.closeAllConnections(); }),
  };
}

const fake = await startFakeGenesys({ port: 0 });
let redirector;
const closeAll = async () => {
  await Promise.allSettled([fake.close(), redirector?.close()]);
};
for (const sig of ['SIGINT', 'SIGTERM']) {
  process.once(sig, () => closeAll().then(() => process.exit(130)));
}

let failed = false;
const summary = [];
try {
  redirector = await startRedirector(fake.url);
  const env = {
    ...process.env,
    FAKE_GENESYS_URL: fake.url,
    FAKE_REDIRECT_URL: redirector.url,
    CARGO_TARGET_WASM32_UNKNOWN_UNKNOWN_RUNNER: 'wasm-bindgen-test-runner',
    CHROMEDRIVER,
    WASM_BINDGEN_TEST_TIMEOUT: process.env.WASM_BINDGEN_TEST_TIMEOUT ?? '180',
    // The Node runner runs the tests from a temp directory: its `require('ws')`
    // (the WebSocket the watch tests pass, Node 20 having none) resolves here.
    NODE_PATH: [join(root, 'node_modules'), process.env.NODE_PATH].filter(Boolean).join(delimiter),
  };
  const tests = runtimes.flatMap((r) => ['--test', r.test]);

  step(`build the wasm test binaries (fake-genesys at ${fake.url})`);
  const build = await exec('cargo', ['test', '--target', 'wasm32-unknown-unknown', '--no-run', ...tests], env);
  if (build.code !== 0) {
    failed = true;
    summary.push(['build', '-', `(exit ${build.code}: the test binaries did not compile)`]);
  } else {
    for (const r of runtimes) {
      step(`wasm-bindgen-test in ${r.label} (${r.test})`);
      const start = Date.now();
      const { code, out } = await exec('cargo', ['test', '--target', 'wasm32-unknown-unknown', '--test', r.test], env);
      const seconds = ((Date.now() - start) / 1000).toFixed(1);
      const closing = out.split('\n').filter((l) => l.startsWith('test result:')).pop()
        ?? `(exit ${code}: no test result line; see the output above)`;
      if (code !== 0) failed = true;
      summary.push([r.label, seconds, closing]);
    }
  }
} finally {
  await closeAll();
}

console.log('\nruntime           seconds  result');
for (const [label, seconds, closing] of summary) console.log(`${label.padEnd(18)}${seconds.padStart(7)}  ${closing}`);
if (failed) {
  console.error('\n✗ wasm: some tests failed (see above)');
  process.exit(1);
}
console.log(`✓ wasm: ${summary.length} runtimes passed`);
