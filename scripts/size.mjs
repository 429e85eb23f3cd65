// Prints what a browser downloads from dist/ (wasm + JS), raw, gzip -9 and
// brotli, and fails when the gzip total is over the budget.
//   node scripts/size.mjs [--budget KB] [--json]
import { readFileSync, readdirSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { gzipSync, brotliCompressSync, constants } from 'node:zlib';
import { root } from './lib.mjs';

const dist = join(root, 'dist');
const arg = (name) => {
  const i = process.argv.indexOf(name);
  return i > 0 ? process.argv[i + 1] : undefined;
};

function files(dir) {
  return readdirSync(dir).flatMap((f) => {
    const p = join(dir, f);
    return statSync(p).isDirectory() ? files(p) : [p];
  });
}

// What a browser entry loads: the facade modules, the glue and the wasm (not
// node.js, not types; not inline.js, the other browser entry, shown apart).
const shipped = files(dist).filter((f) => /\.(js|wasm)$/.test(f) && !f.endsWith('node.js') && !f.endsWith('inline.js'));
const measure = (f) => {
  const b = readFileSync(f);
  return {
    file: relative(dist, f),
    raw: b.length,
    gzip: gzipSync(b, { level: 9 }).length,
    brotli: brotliCompressSync(b, { params: { [constants.BROTLI_PARAM_QUALITY]: 11 } }).length,
  };
};
const rows = shipped.map(measure);
const inline = measure(join(dist, 'inline.js'));
const total = rows.reduce((t, r) => ({ raw: t.raw + r.raw, gzip: t.gzip + r.gzip, brotli: t.brotli + r.brotli }), { raw: 0, gzip: 0, brotli: 0 });

if (process.argv.includes('--json')) {
  console.log(JSON.stringify({ rows, total, inline }, null, 2));
} else {
  const kb = (n) => (n / 1024).toFixed(1).padStart(8);
  console.log(`${'file'.padEnd(34)}${'raw KB'.padStart(8)}${'gzip KB'.padStart(8)}${'br KB'.padStart(8)}`);
  for (const r of rows) console.log(`${r.file.padEnd(34)}${kb(r.raw)}${kb(r.gzip)}${kb(r.brotli)}`);
  console.log(`${'total'.padEnd(34)}${kb(total.raw)}${kb(total.gzip)}${kb(total.brotli)}`);
  console.log(`${'inline.js (all of /inline)'.padEnd(34)}${kb(inline.raw)}${kb(inline.gzip)}${kb(inline.brotli)}`);
}
const budget = arg('--budget');
if (budget !== undefined && total.gzip > Number(budget) * 1024) {
  console.error(`✗ size budget: ${(total.gzip / 1024).toFixed(1)} KB gzip is over ${budget} KB`);
  process.exit(1);
}
