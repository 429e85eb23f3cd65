// Figure 1, size: what a browser downloads, raw, gzip -9 and brotli q11.
//   genesys-callctl: dist/*.js except node.js, plus dist/wasm/*
//   SDK: its browser bundle (web-cjs min.js)
//   hand-written fetch: bench/baseline-fetch.js
import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { gzipSync, brotliCompressSync, constants } from 'node:zlib';
import { emit, root, SDK_BROWSER_BUNDLE } from './lib.mjs';

function measure(files) {
  const total = { raw: 0, gzip: 0, brotli: 0, files: files.map((f) => f.slice(root.length)) };
  for (const f of files) {
    const b = readFileSync(f);
    total.raw += b.length;
    total.gzip += gzipSync(b, { level: 9 }).length;
    total.brotli += brotliCompressSync(b, { params: { [constants.BROTLI_PARAM_QUALITY]: 11, [constants.BROTLI_PARAM_SIZE_HINT]: b.length } }).length;
  }
  return total;
}

const dist = join(root, 'dist');
const ours = [
  ...readdirSync(dist).filter((f) => f.endsWith('.js') && f !== 'node.js').map((f) => join(dist, f)),
  ...readdirSync(join(dist, 'wasm')).map((f) => join(dist, 'wasm', f)),
];

emit({
  callctl: measure(ours),
  sdk: measure([join(root, SDK_BROWSER_BUNDLE)]),
  fetch: measure([join(root, 'bench', 'baseline-fetch.js')]),
});
