// Figure 1, size: what a user's app ships, raw, gzip -9 and brotli q11.
//   genesys-callctl: an app importing { dial, transfer } from the packed
//     tarball, bundled by esbuild (--bundle --minify --format=esm), plus every
//     .wasm under the installed package's dist/ (scripts/size.mjs)
//   SDK: its browser bundle (web-cjs min.js)
//   hand-written fetch: bench/baseline-fetch.js, minified by esbuild
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { measureBundled, sizes } from '../scripts/size.mjs';
import { emit, root } from './lib.mjs';

const bundled = await measureBundled();
const { transform } = await import('esbuild');
const baseline = await transform(readFileSync(join(root, 'bench', 'baseline-fetch.js'), 'utf8'), { minify: true, format: 'esm' });

emit({
  callctl: { ...bundled.total, files: bundled.rows },
  sdk: bundled.sdk,
  fetch: { ...sizes(Buffer.from(baseline.code)), files: [{ file: 'bench/baseline-fetch.js (esbuild --minify)' }] },
});
