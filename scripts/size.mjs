// Size as a user's bundler ships it: `npm pack`, install the tarball into a
// throwaway app that imports { dial, transfer } from 'genesys-callctl' and
// calls them, bundle it with esbuild (--bundle --minify --format=esm), and
// count the bundle plus every .wasm under the installed package's dist/
// (esbuild does not copy `new URL('x.wasm', import.meta.url)` assets, so the
// app ships them beside the bundle). Compared, gzip -9 each, with the
// official SDK's browser bundle.
//   node scripts/size.mjs [--budget-ratio R] [--aim-ratio A]… [--json]
// --budget-ratio: exit 1 when our gzip total is over R × the SDK's.
// --aim-ratio (repeatable): prints whether our total is within A × the SDK's (never fails).
import { mkdirSync, mkdtempSync, readFileSync, readdirSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, join, relative } from 'node:path';
import { pathToFileURL } from 'node:url';
import { gzipSync, brotliCompressSync, constants } from 'node:zlib';
import { capture, root, run } from './lib.mjs';

export const SDK_BROWSER_BUNDLE = 'node_modules/purecloud-platform-client-v2/dist/web-cjs/purecloud-platform-client-v2.min.js';

/** The app a user writes: both one-shot calls, so neither is tree-shaken away. */
const APP = `import { dial, transfer } from 'genesys-callctl';

export async function dialThenTransfer(token, region, phoneNumber, queueName) {
  const { conversationId } = await dial({ token, region, phoneNumber });
  return transfer({ token, region, conversationId, to: { queueName } });
}
`;

/** raw, gzip -9 and brotli q11 bytes of `bytes`. */
export function sizes(bytes) {
  return {
    raw: bytes.length,
    gzip: gzipSync(bytes, { level: 9 }).length,
    brotli: brotliCompressSync(bytes, { params: { [constants.BROTLI_PARAM_QUALITY]: 11, [constants.BROTLI_PARAM_SIZE_HINT]: bytes.length } }).length,
  };
}

function filesUnder(dir) {
  return readdirSync(dir).flatMap((f) => {
    const p = join(dir, f);
    return statSync(p).isDirectory() ? filesUnder(p) : [p];
  });
}

const sum = (rows) => rows.reduce((t, r) => ({ raw: t.raw + r.raw, gzip: t.gzip + r.gzip, brotli: t.brotli + r.brotli }), { raw: 0, gzip: 0, brotli: 0 });

/**
 * Packs the package, bundles the app with esbuild and measures it.
 * Returns {rows: [{file, raw, gzip, brotli}], total, sdk, ratio} where rows
 * are the bundle and each .wasm the app ships. Needs a built dist/.
 */
export async function measureBundled() {
  const { build } = await import('esbuild');
  const tmp = mkdtempSync(join(tmpdir(), 'callctl-size-'));
  try {
    const packed = capture('npm', ['pack', '--silent', '--pack-destination', tmp]);
    if (!packed) throw new Error('npm pack failed (is dist/ built?)');
    const app = join(tmp, 'app');
    mkdirSync(app);
    writeFileSync(join(app, 'package.json'), JSON.stringify({ name: 'size-app', private: true, type: 'module' }));
    writeFileSync(join(app, 'app.js'), APP);
    run('npm', ['install', '--no-audit', '--no-fund', '--offline', '--silent', join(tmp, packed.split('\n').pop())], { cwd: app });
    const outfile = join(app, 'out', 'app.js');
    await build({ entryPoints: [join(app, 'app.js')], absWorkingDir: app, bundle: true, minify: true, format: 'esm', platform: 'browser', outfile, logLevel: 'warning' });
    const bundle = readFileSync(outfile);
    const pkgDist = join(app, 'node_modules', 'genesys-callctl', 'dist');
    // Wherever the package keeps its wasm (the dist layout may change): every .wasm under dist/.
    const wasm = filesUnder(pkgDist).filter((f) => f.endsWith('.wasm')).sort();
    // A package that inlines its wasm (base64 of "\0asm" is "AGFzbQ") ships no file; otherwise one is needed.
    if (wasm.length === 0 && !bundle.includes('AGFzbQ')) throw new Error(`no .wasm under ${pkgDist} and none inlined in the bundle`);
    const rows = [
      { file: 'app bundle (esbuild, minified)', ...sizes(bundle) },
      // `referenced`: the bundle names the file (a .wasm it never loads would still be counted, and shown).
      ...wasm.map((f) => ({ file: relative(join(app, 'node_modules'), f), referenced: bundle.includes(basename(f)), ...sizes(readFileSync(f)) })),
    ];
    const total = sum(rows);
    const sdk = { file: 'SDK web-cjs min.js', ...sizes(readFileSync(join(root, SDK_BROWSER_BUNDLE))) };
    return { rows, total, sdk, ratio: total.gzip / sdk.gzip };
  } finally {
    rmSync(tmp, { recursive: true, force: true });
  }
}

if (import.meta.url === pathToFileURL(process.argv[1]).href) {
  const arg = (name) => {
    const i = process.argv.indexOf(name);
    return i > 0 ? Number(process.argv[i + 1]) : undefined;
  };
  const budget = arg('--budget-ratio');
  const aims = process.argv.flatMap((a, i) => (a === '--aim-ratio' ? [Number(process.argv[i + 1])] : []));
  const m = await measureBundled();
  if (process.argv.includes('--json')) {
    console.log(JSON.stringify(m, null, 2));
  } else {
    const kb = (n) => (n / 1024).toFixed(1).padStart(9);
    console.log(`${'what the app ships'.padEnd(52)}${'raw KB'.padStart(9)}${'gzip KB'.padStart(9)}${'br KB'.padStart(9)}`);
    for (const r of m.rows) console.log(`${r.file.padEnd(52)}${kb(r.raw)}${kb(r.gzip)}${kb(r.brotli)}${r.referenced === false ? '  (not named in the bundle)' : ''}`);
    console.log(`${'total'.padEnd(52)}${kb(m.total.raw)}${kb(m.total.gzip)}${kb(m.total.brotli)}`);
    console.log(`${m.sdk.file.padEnd(52)}${kb(m.sdk.raw)}${kb(m.sdk.gzip)}${kb(m.sdk.brotli)}`);
    console.log(`gzip ratio to the SDK: ${(m.total.gzip / 1024).toFixed(1)} KB / ${(m.sdk.gzip / 1024).toFixed(1)} KB = ${m.ratio.toFixed(3)}×`);
  }
  for (const aim of aims) console.log(`≤ ${aim}× the SDK: ${m.ratio <= aim ? 'met' : 'missed'} (${m.ratio.toFixed(3)}×)`);
  if (budget !== undefined) {
    if (!(m.ratio <= budget)) {
      console.error(`✗ size budget: ${(m.total.gzip / 1024).toFixed(1)} KB gzip is ${m.ratio.toFixed(3)}× the SDK's ${(m.sdk.gzip / 1024).toFixed(1)} KB, over ${budget}×`);
      process.exit(1);
    }
    console.log(`✓ size budget: ${m.ratio.toFixed(3)}× ≤ ${budget}× the SDK's browser bundle (gzip)`);
  }
}
