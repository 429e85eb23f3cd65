// The public API, shared by every entry point. The crate implements all of
// it (#[wasm_bindgen] exports in src/bindings); this file only makes sure the
// WebAssembly module is loaded first. An entry (index.js for browsers,
// workers and bundlers; node.js for Node) registers how the module is
// loaded, and it loads on the first call, or when `init()` is awaited.
import * as wasm from './wasm/genesys_callctl.js';
import { CallControlError } from './error.js';

export { CallControlError };
export { Consult } from './wasm/genesys_callctl.js';

let loader;
let defaultUrl;
let ready;
let loaded = false;

/**
 * @internal Called by an entry point with its way of loading the module, and
 * (entries that fetch it) the URL it is fetched from when init() names none.
 */
export function setLoader(load, url) {
  loader = load;
  defaultUrl = url;
}

/**
 * Loads the WebAssembly module now, from `source` if given (a URL, a
 * Response, bytes or a compiled WebAssembly.Module), else from where the
 * entry point finds it. Optional: every call loads it on first use.
 */
export function init(source) {
  if (!ready) {
    ready = Promise.resolve()
      .then(() => loader(source))
      .then(() => {
        loaded = true;
      })
      .catch((e) => {
        ready = undefined;
        throw new CallControlError({ kind: 'internal', message: loadFailure(e, source) });
      });
  }
  return ready;
}

/**
 * What went wrong loading the module and, when it was fetched, from which
 * URL, the likely cause and both fixes.
 */
function loadFailure(e, source) {
  const message = `the WebAssembly module could not be loaded: ${e && e.message ? e.message : e}`;
  let url;
  try {
    const tried = source ?? defaultUrl?.();
    url = typeof tried === 'string' || tried instanceof URL ? String(tried) : typeof Request === 'function' && tried instanceof Request ? tried.url : undefined;
  } catch {
    // An IIFE or CommonJS bundle: no import.meta.url to resolve the file against.
    url = './wasm/genesys_callctl_bg.wasm (this bundle has no import.meta.url to resolve it against)';
  }
  if (url === undefined) return message;
  const cause = source !== undefined
    ? 'Likely cause: genesys_callctl_bg.wasm is not served at that URL.'
    : 'Likely cause: the bundler did not copy the .wasm file next to the bundle (esbuild and Rollup do not copy it).';
  return `${message}${message.includes(url) ? '' : ` (fetching ${url})`}. ${cause} Fix: serve node_modules/genesys-callctl/dist/wasm/genesys_callctl_bg.wasm with your app and call init(url) with its URL before the first call, or import from 'genesys-callctl/inline', which carries the wasm inside the module.`;
}

/** Places one call: the client options and the dial options in one object. */
export async function dial(options) {
  await init();
  return wasm.dial(options);
}

/** Blind-transfers one call: the client options and the transfer options in one object. */
export async function transfer(options) {
  await init();
  return wasm.transfer(options);
}

/**
 * A client for repeated use: one region, one token source, a cached
 * `users/me`. Constructing one never throws (the module may not be loaded
 * yet): bad options reject its first call.
 */
export class CallControl {
  #options;
  #client;

  constructor(options) {
    this.#options = options;
  }

  /** The crate's client, created once the module is loaded. */
  async #wasm() {
    await init();
    this.#client ??= new wasm.CallControl(this.#options);
    return this.#client;
  }

  async dial(options) {
    return (await this.#wasm()).dial(options);
  }

  async transfer(options) {
    return (await this.#wasm()).transfer(options);
  }

  async consult(options) {
    return (await this.#wasm()).consult(options);
  }

  async consultFor(conversationId, options) {
    return (await this.#wasm()).consultFor(conversationId, options);
  }

  async hold(conversationId, held, options) {
    return (await this.#wasm()).hold(conversationId, held, options);
  }

  async mute(conversationId, muted, options) {
    return (await this.#wasm()).mute(conversationId, muted, options);
  }

  async hangUp(conversationId, options) {
    return (await this.#wasm()).hangUp(conversationId, options);
  }

  async me(options) {
    return (await this.#wasm()).me(options);
  }

  async conversation(conversationId, options) {
    return (await this.#wasm()).conversation(conversationId, options);
  }

  async findQueues(name, options) {
    return (await this.#wasm()).findQueues(name, options);
  }

  async calls(options) {
    return (await this.#wasm()).calls(options);
  }

  async answer(conversationId, options) {
    return (await this.#wasm()).answer(conversationId, options);
  }

  /**
   * The agent's calls as they change. Returns at once (the module may still
   * be loading); the crate's iterator takes over on the first `next()`.
   */
  watchCalls(options) {
    const watch = this.#wasm().then((cc) => cc.watchCalls(options));
    // An unhandled rejection here would be reported twice: next() reports it.
    watch.catch(() => {});
    return {
      next: async () => (await watch).next(),
      return: async () => (await watch).return(),
      [Symbol.asyncIterator]() {
        return this;
      },
    };
  }
}

/**
 * The E.164 form of a phone number as the package would send it, or a
 * CallControlError (`invalid_input`) saying why not. Synchronous once the
 * module is loaded (`await init()` first).
 */
export function normalizePhoneNumber(input) {
  if (!loaded) throw new CallControlError({ kind: 'internal', message: 'call `await init()` before normalizePhoneNumber' });
  return wasm.normalizePhoneNumber(input);
}

/** @internal The wasm linear memory's size in bytes (for the memory benchmark). */
export function __wasmMemoryBytes() {
  return loaded ? wasm.__wasmMemoryBytes() : undefined;
}
