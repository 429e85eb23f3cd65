// Entry for Node (and Electron's main process): the wasm is read from disk.
import { readFileSync } from 'node:fs';
import initWasm, { initSync } from './wasm/genesys_callctl.js';
import { setLoader } from './api.js';

setLoader((source) =>
  source === undefined
    ? initSync({ module: readFileSync(new URL('./wasm/genesys_callctl_bg.wasm', import.meta.url)) })
    : initWasm({ module_or_path: source }),
);

export * from './api.js';
