// The benchmark suite: genesys-callctl beside the official Genesys SDK and
// hand-written fetch, each figure from its own script (a child process):
//   size.mjs  startup.mjs  cpu.mjs  e2e.mjs  memory.mjs  events.mjs
//
//   node bench/run.mjs           full run → bench/results.md, bench/results.json
//   node bench/run.mjs --quick   small counts; checks every figure is produced
//                                (results go to the OS temp dir, not bench/)
// Needs a built dist/ (`npm run bench` builds first). Exits non-zero only if a
// figure is missing; bars are reported, never asserted.
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { cpus, tmpdir } from 'node:os';
import { join } from 'node:path';
import { execFileSync } from 'node:child_process';
import { ENTRY, quick, root, runChild, SDK_DIR } from './lib.mjs';
import { bars, markdown, missing } from './report.mjs';

const FIGURES = ['size', 'startup', 'cpu', 'e2e', 'memory', 'events'];

for (const f of [ENTRY.browser, ENTRY.node, join('node_modules', 'purecloud-platform-client-v2', 'package.json'), join('node_modules', 'esbuild', 'package.json')]) {
  if (!existsSync(join(root, f))) {
    console.error(`✗ bench: ${f} is missing — run \`npm run bench\` (setup + build first)`);
    process.exit(1);
  }
}

const started = performance.now();
const figures = {};
const errors = [];
for (const name of FIGURES) {
  const t0 = performance.now();
  process.stderr.write(`▶ ${name}${quick ? ' (quick)' : ''} … `);
  try {
    figures[name] = await runChild(`${name}.mjs`, quick ? ['--quick'] : []);
    process.stderr.write(`${((performance.now() - t0) / 1000).toFixed(1)} s\n`);
  } catch (e) {
    process.stderr.write('failed\n');
    errors.push(`${name}: ${e.message}`);
  }
}

const gaps = missing(figures);
const seconds = (performance.now() - started) / 1000;
let chromium = 'Chromium';
try {
  chromium = execFileSync('/usr/bin/chromium', ['--version'], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] }).trim();
} catch {
  // reported as plain "Chromium"
}
const meta = {
  quick,
  date: new Date().toISOString().slice(0, 10),
  seconds,
  cpus: cpus().length,
  cpuModel: cpus()[0]?.model ?? 'unknown CPU',
  node: process.version,
  chromium,
  sdkVersion: JSON.parse(readFileSync(join(SDK_DIR, 'package.json'), 'utf8')).version,
};

if (gaps.length === 0) {
  meta.bars = bars(figures);
  const out = quick ? join(tmpdir(), 'genesys-callctl-bench-quick') : join(root, 'bench');
  mkdirSync(out, { recursive: true });
  const md = markdown(figures, meta);
  writeFileSync(join(out, 'results.md'), md);
  writeFileSync(join(out, 'results.json'), `${JSON.stringify({ meta, figures }, null, 2)}\n`);
  console.log(md.slice(0, md.indexOf('## 1.')).trim());
  console.log(`\n✓ bench: every figure produced in ${seconds.toFixed(0)} s → ${join(out, 'results.md')}`);
} else {
  for (const e of errors) console.error(`✗ ${e}`);
  console.error(`✗ bench: ${gaps.length} figure value(s) missing, e.g. ${gaps.slice(0, 5).join(', ')}`);
  process.exit(1);
}
