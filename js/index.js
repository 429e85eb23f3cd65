// Entry for browsers, workers (including extension service workers) and
// bundlers: the wasm file is found next to this module.
import initWasm from './wasm/genesys_callctl.js';
import { setLoader } from './api.js';

const wasmUrl = () => new URL('./wasm/genesys_callctl_bg.wasm', import.meta.url);

setLoader((source) => initWasm({ module_or_path: source ?? wasmUrl() }), wasmUrl);

export * from './api.js';
