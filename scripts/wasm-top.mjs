// Lists the largest functions of a wasm file by body size, from its name
// section (build with debug names: `CARGO_PROFILE_RELEASE_STRIP=false
// CARGO_PROFILE_RELEASE_DEBUG=false cargo build --release --target
// wasm32-unknown-unknown`). A dev aid for size work, like `twiggy top`.
//   node scripts/wasm-top.mjs file.wasm [count] [--group]
import { readFileSync } from 'node:fs';

const [file, countArg = '40', flag] = process.argv.slice(2);
const buf = readFileSync(file);
let pos = 8;
const u32 = () => {
  let r = 0, s = 0, b;
  do { b = buf[pos++]; r |= (b & 0x7f) << s; s += 7; } while (b & 0x80);
  return r >>> 0;
};
let imports = 0;
const bodies = [];
const names = new Map();
const sections = [];
while (pos < buf.length) {
  const id = buf[pos++];
  const size = u32();
  const end = pos + size;
  let label = String(id);
  if (id === 2) {
    const n = u32();
    for (let i = 0; i < n; i++) {
      for (let k = 0; k < 2; k++) { const l = u32(); pos += l; }
      const kind = buf[pos++];
      if (kind === 0) { imports++; u32(); }
      else if (kind === 1) { pos++; const f = u32(); u32(); if (f & 1) u32(); }
      else if (kind === 2) { const f = u32(); u32(); if (f & 1) u32(); }
      else if (kind === 3) { pos += 2; }
    }
  } else if (id === 10) {
    const n = u32();
    for (let i = 0; i < n; i++) { const l = u32(); bodies.push(l); pos += l; }
  } else if (id === 0) {
    const l = u32();
    label = buf.slice(pos, pos + l).toString();
    pos += l;
    if (label === 'name') {
      while (pos < end) {
        const sub = buf[pos++];
        const sl = u32();
        const se = pos + sl;
        if (sub === 1) {
          const n = u32();
          for (let i = 0; i < n; i++) { const idx = u32(); const nl = u32(); names.set(idx, buf.slice(pos, pos + nl).toString()); pos += nl; }
        }
        pos = se;
      }
    }
  }
  sections.push([label, size]);
  pos = end;
}
console.log('sections:', sections.map(([l, s]) => `${l}=${s}`).join(' '));
const rows = bodies.map((s, i) => [s, names.get(i + imports) ?? `func${i + imports}`]);
rows.sort((a, b) => b[0] - a[0]);
const total = bodies.reduce((a, b) => a + b, 0);
console.log(`code: ${total} bytes in ${bodies.length} functions`);
if (flag === '--group') {
  const groups = new Map();
  for (const [s, n] of rows) {
    const m = /^(?:<)?([a-z_0-9]+(?:::[a-z_0-9]+)?)/.exec(n.replace(/^_?ZN?\d*/, ''));
    const g = m ? m[1] : n.slice(0, 30);
    groups.set(g, (groups.get(g) ?? 0) + s);
  }
  for (const [g, s] of [...groups].sort((a, b) => b[1] - a[1]).slice(0, +countArg)) console.log(String(s).padStart(7), g);
} else {
  for (const [s, n] of rows.slice(0, +countArg)) console.log(String(s).padStart(7), n.slice(0, 150));
}
