// Installs what building and testing need, idempotently: each step checks
// first and does nothing when the piece is already there.
//   node scripts/setup.mjs            Rust wasm target, wasm-bindgen CLI, npm devDependencies
//   node scripts/setup.mjs --browser  also Debian's chromium and chromium-driver (for the browser tests)
import { existsSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { root, run, attempt, capture, step } from './lib.mjs';

const browser = process.argv.includes('--browser');

// 1. The wasm target.
const targets = capture('rustup', ['target', 'list', '--installed']) ?? '';
if (!targets.split('\n').includes('wasm32-unknown-unknown')) {
  step('rustup target add wasm32-unknown-unknown');
  run('rustup', ['target', 'add', 'wasm32-unknown-unknown']);
}

// 2. wasm-bindgen CLI at exactly the version of the wasm-bindgen crate in Cargo.lock.
const lock = readFileSync(join(root, 'Cargo.lock'), 'utf8');
const want = /name = "wasm-bindgen"\nversion = "([^"]+)"/.exec(lock)?.[1];
if (!want) throw new Error('wasm-bindgen not found in Cargo.lock');
const have = capture('wasm-bindgen', ['--version'])?.split(' ')[1];
if (have !== want) {
  step(`cargo install wasm-bindgen-cli ${want} (about 4 minutes, once)`);
  // The CLI's own lock file may pin a crate version the registry mirror does
  // not serve; then install without it (TOOLCHAIN.md).
  if (!attempt('cargo', ['install', 'wasm-bindgen-cli', '--version', want, '--locked', '--force'])) {
    console.log('(--locked failed; installing with fresh resolution)');
    run('cargo', ['install', 'wasm-bindgen-cli', '--version', want, '--force']);
  }
}

// 3. npm devDependencies (binaryen's wasm-opt, playwright-core).
const stamp = join(root, 'node_modules', '.package-lock.json');
const lockFile = join(root, 'package-lock.json');
if (!existsSync(stamp) || (existsSync(lockFile) && statSync(lockFile).mtimeMs > statSync(stamp).mtimeMs)) {
  step('npm install');
  run('npm', [existsSync(lockFile) ? 'ci' : 'install', '--no-audit', '--no-fund']);
}

// 4. Chromium from Debian, driven by Playwright in the browser tests, and
// Debian's ChromeDriver beside it, which wasm-bindgen-test-runner drives for
// the wasm suites in a page and in workers (scripts/wasm-test.mjs). Each is
// installed only when missing. Never Debian's binaryen: its wasm-opt corrupts
// wasm-bindgen output.
const browserPackages = [
  ['chromium', '/usr/bin/chromium'],
  ['chromium-driver', '/usr/bin/chromedriver'],
].filter(([, bin]) => !existsSync(bin)).map(([pkg]) => pkg);
if (browser && browserPackages.length > 0) {
  step(`apt-get install ${browserPackages.join(' ')}`);
  const sudo = process.getuid && process.getuid() !== 0 ? ['sudo'] : [];
  const env = { ...process.env, DEBIAN_FRONTEND: 'noninteractive' };
  const apt = (args) => (sudo.length ? run('sudo', ['-E', 'apt-get', ...args], { env }) : run('apt-get', args, { env }));
  apt(['update', '-qq']);
  apt(['install', '-y', '-qq', '--no-install-recommends', ...browserPackages]);
}
console.log('✓ setup: toolchain ready');
