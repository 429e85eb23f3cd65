// Builds the npm package into dist/: cargo (release, wasm32) → wasm-bindgen
// (--target web glue) → wasm-opt -Oz from the npm `binaryen` package (never
// Debian's, which corrupts wasm-bindgen output) → the hand-written entry
// points copied beside the glue. The JS ships as readable ES modules, not
// minified: users' bundlers minify, and stack traces name real functions.
//
//   dist/index.js, dist/node.js   entry points (browsers/bundlers, Node)
//   dist/inline.js                entry 'genesys-callctl/inline' (wasm inside, base64)
//   dist/api.js                   lazy loading around the crate's exports
//   dist/error.js                 CallControlError (constructed by the crate)
//   dist/wasm/genesys_callctl.js  wasm-bindgen glue
//   dist/wasm/genesys_callctl_bg.wasm
//   dist/index.d.ts
import { copyFileSync, mkdirSync, readFileSync, renameSync, rmSync, statSync, writeFileSync } from 'node:fs';
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
// --one-caller-inline-max-function-size=10: binaryen's -Oz inlines every
// function that has one caller into it, which makes the wasm smaller raw but
// builds a few huge functions that gzip badly; keeping them apart ships
// 11.8 KB less gzip (README, Size).
run(process.execPath, [wasmOpt, '-Oz', '--one-caller-inline-max-function-size=10', ...features, '--strip-debug', '--strip-producers', bg, '-o', bg]);

step('entry points');
for (const f of ['index.js', 'node.js', 'api.js', 'error.js', 'index.d.ts']) copyFileSync(join(root, 'js', f), join(dist, f));
// The crate imports CallControlError with #[wasm_bindgen(module = "/js/error.js")],
// which wasm-bindgen copies into snippets/. Point the glue at the shipped
// dist/error.js instead, so the class the crate throws is the class users import.
const gluePath = join(wasmOut, 'genesys_callctl.js');
const glue = readFileSync(gluePath, 'utf8');
const snippet = /(['"])\.\/snippets\/[^'"]+\/js\/error\.js\1/g;
if (!snippet.test(glue)) throw new Error('wasm-bindgen glue changed: update the error.js import rewrite in scripts/build.mjs');
writeFileSync(gluePath, glue.replace(snippet, "'../error.js'"));
rmSync(join(wasmOut, 'snippets'), { recursive: true, force: true });
// The glue's own fallback URL is dead code (every entry passes the wasm
// source) and goes: bundlers copy the file for every
// `new URL(…, import.meta.url)` they see, and the inline entry has no file.
const fallback = "new URL('genesys_callctl_bg.wasm', import.meta.url)";
const withError = readFileSync(gluePath, 'utf8');
if (!withError.includes(fallback)) throw new Error('wasm-bindgen glue changed: update the wasm URL removal in scripts/build.mjs');
writeFileSync(gluePath, withError.replace(fallback, 'undefined'));
// 'genesys-callctl/inline': the same API with the wasm bytes inside the module.
writeInlineEntry({ dist, wasmFile: bg });

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
