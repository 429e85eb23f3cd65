// Writes the `genesys-callctl/inline` entry: the same API as the default
// entry, with the wasm bytes inside the module as a base64 string. Any
// bundler (esbuild, Rollup, …) or none ships it with no plugin and no
// configuration: there is no file to copy and nothing to fetch. It costs
// about a third more bytes than the .wasm file (base64 after gzip) and loses
// streaming compilation, so the default entry stays the one for bundlers that
// copy files named by `new URL('…', import.meta.url)` (Vite, webpack 5, Parcel).
//
// The written module imports `./api.js` and the wasm-bindgen glue relative to
// itself, like js/index.js does, so it can be written into a directory of
// readable ESM files (dist/) or into a staging directory that is bundled per
// entry afterwards.
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

/**
 * Writes `<dist>/<entry>` (default `inline.js`) carrying `wasmFile`'s bytes.
 * `api` and `glue` are the import specifiers of the facade and of the
 * wasm-bindgen `--target web` glue, relative to the written entry.
 * Returns the path written and its size in bytes.
 */
export function writeInlineEntry({ dist, wasmFile, entry = 'inline.js', api = './api.js', glue = './wasm/genesys_callctl.js' }) {
  const base64 = readFileSync(wasmFile).toString('base64');
  const code = `// Entry 'genesys-callctl/inline': the WebAssembly module is inside this file
// (base64), so a bundler ships it with no plugin or configuration and nothing
// is fetched. Written by scripts/inline.mjs at build time.
import initWasm from ${JSON.stringify(glue)};
import { setLoader } from ${JSON.stringify(api)};

const WASM_BASE64 = ${JSON.stringify(base64)};

/**
 * The wasm bytes, decoded on first use. atob is global in pages, workers,
 * service workers and Node 16+; Buffer is not used, so no bundler adds a polyfill.
 */
function wasmBytes() {
  const text = atob(WASM_BASE64);
  const bytes = new Uint8Array(text.length);
  for (let i = 0; i < text.length; i++) bytes[i] = text.charCodeAt(i);
  return bytes;
}

setLoader((source) => initWasm({ module_or_path: source ?? wasmBytes() }));

export * from ${JSON.stringify(api)};
`;
  const path = join(dist, entry);
  writeFileSync(path, code);
  return { path, bytes: Buffer.byteLength(code) };
}
