// Builds the npm package into dist/: cargo (release, wasm32) → wasm-bindgen
// (--target web glue) → wasm-opt -Oz from the npm `binaryen` package (never
// Debian's, which corrupts wasm-bindgen output) → the hand-written facade and
// the glue bundled per entry (rolldown) and minified (terser).
import { copyFileSync, mkdirSync, readdirSync, readFileSync, renameSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { writeInlineEntry } from './inline.mjs';
import { root, run, step } from './lib.mjs';

// Built into dist.tmp, then swapped in, so a test reading dist/ never sees a half-built package.
const final = join(root, 'dist');
const dist = join(root, `dist.tmp-${process.pid}`);
const wasmOut = join(dist, 'wasm');
const built = join(root, 'target', 'wasm32-unknown-unknown', 'release', 'genesys_callctl.wasm');

step('cargo build --release --target wasm32-unknown-unknown');
run('cargo', ['build', '--release', '--target', 'wasm32-unknown-unknown', '--lib']);

rmSync(dist, { recursive: true, force: true });
mkdirSync(wasmOut, { recursive: true });

step('wasm-bindgen --target web');
run('wasm-bindgen', [built, '--target', 'web', '--out-dir', wasmOut, '--no-typescript']);

step('wasm-opt -Oz (npm binaryen)');
const bg = join(wasmOut, 'genesys_callctl_bg.wasm');
const wasmOpt = join(root, 'node_modules', 'binaryen', 'bin', 'wasm-opt');
// wasm-bindgen drops the target_features section, so name the features rustc's
// wasm32 target emits by default (all supported by Node 18+ and current browsers).
const features = ['--enable-bulk-memory', '--enable-bulk-memory-opt', '--enable-sign-ext', '--enable-mutable-globals', '--enable-nontrapping-float-to-int', '--enable-reference-types', '--enable-multivalue'];
// --low-memory-unused lets wasm-opt fold constant offsets into loads and
// stores (−0.2 KB gzip). It holds for Rust on wasm32: the lowest 1 KB is the
// far end of the 1 MB stack, which the JSON depth limit keeps far from.
run(process.execPath, [wasmOpt, '-Oz', ...features, '--low-memory-unused', '--strip-debug', '--strip-producers', bg, '-o', bg]);

// Each entry ships as one self-contained, minified module: the facade and
// the wasm-bindgen glue bundled (rolldown) and minified (terser, class names
// kept for stack traces). A page loads index.js and the .wasm, nothing else;
// index.d.ts keeps every doc comment.
step('rolldown + terser: dist/index.js, dist/node.js, dist/inline.js');
const src = join(dist, 'src');
mkdirSync(join(src, 'wasm'), { recursive: true });
for (const f of readdirSync(join(root, 'js'))) copyFileSync(join(root, 'js', f), join(src, f));
// The glue's own fallback URL is dead code (every entry passes the wasm
// source) and is removed: bundlers copy the file for every
// `new URL(…, import.meta.url)` they see, and the inline entry has no file.
const glue = readFileSync(join(wasmOut, 'genesys_callctl.js'), 'utf8');
const fallback = "new URL('genesys_callctl_bg.wasm', import.meta.url)";
if (!glue.includes(fallback)) throw new Error('wasm-bindgen glue changed: update the wasm URL rewrite in scripts/build.mjs');
writeFileSync(join(src, 'wasm', 'genesys_callctl.js'), glue.replace(fallback, 'undefined'));
rmSync(join(wasmOut, 'genesys_callctl.js'));
// 'genesys-callctl/inline': the same facade with the wasm bytes inside the module.
writeInlineEntry({ dist: src, wasmFile: bg });
const { rolldown } = await import('rolldown');
const { minify } = await import('terser');
for (const entry of ['index', 'node', 'inline']) {
  const bundle = await rolldown({ input: join(src, `${entry}.js`), external: [/^node:/], logLevel: 'warn' });
  const { output } = await bundle.generate({ format: 'esm' });
  await bundle.close();
  const min = await minify(output[0].code, {
    module: true,
    ecma: 2020,
    compress: { passes: 2 },
    mangle: true,
    keep_classnames: true,
    format: { comments: false },
  });
  writeFileSync(join(dist, `${entry}.js`), min.code);
}
copyFileSync(join(src, 'index.d.ts'), join(dist, 'index.d.ts'));
rmSync(src, { recursive: true, force: true });
const kb = (n) => `${(n / 1024).toFixed(1)} KB`;
const size = statSync(bg).size;
const old = `${final}.old-${process.pid}`;
try {
  renameSync(final, old);
} catch {
  // no previous build
}
renameSync(dist, final);
rmSync(old, { recursive: true, force: true });
console.log(`✓ build: dist/ (wasm ${kb(size)})`);
