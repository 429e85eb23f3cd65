// Builds the npm package into dist/: cargo (release, wasm32) → wasm-bindgen
// (--target web glue) → wasm-opt -Oz from the npm `binaryen` package (never
// Debian's, which corrupts wasm-bindgen output) → the hand-written facade,
// then terser over the shipped JS.
import { copyFileSync, mkdirSync, readdirSync, readFileSync, renameSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
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
run(process.execPath, [wasmOpt, '-Oz', ...features, '--strip-debug', '--strip-producers', bg, '-o', bg]);

// The facade and the glue ship minified (terser, ES module mode, class names
// kept for stack traces): what a plain <script type="module"> page downloads
// is what counts. index.d.ts keeps every doc comment.
step('terser (facade + glue)');
const { minify } = await import('terser');
for (const f of readdirSync(join(root, 'js'))) {
  copyFileSync(join(root, 'js', f), join(dist, f));
}
for (const file of [...readdirSync(dist).map((f) => join(dist, f)), join(wasmOut, 'genesys_callctl.js')]) {
  if (!file.endsWith('.js')) continue;
  const out = await minify(readFileSync(file, 'utf8'), {
    module: true,
    ecma: 2020,
    compress: { passes: 2 },
    mangle: true,
    keep_classnames: true,
    format: { comments: false },
  });
  writeFileSync(file, out.code);
}
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
