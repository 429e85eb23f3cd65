// The public API, shared by every entry point. An entry (index.js for
// browsers, workers and bundlers; node.js for Node) registers how the wasm is
// loaded; the module loads lazily on the first call.
import { WasmClient, normalizePhoneNumber as wasmNormalize } from './wasm/genesys_callctl.js';
import { CallControlError, invalidInput, toCallControlError } from './error.js';
import { split, signalOf, lookupOptions, toJson } from './options.js';
import { Consult } from './consult.js';
import { drive, tokenProblem } from './driver.js';

export { CallControlError, Consult };

const CLIENT_KEYS = ['token', 'region', 'apiBase', 'timeoutMs', 'totalTimeoutMs', 'retry', 'onRequest'];

let loader;
let defaultUrl;
let ready;
let loaded = false;
let exports;

/** @internal The wasm linear memory's size in bytes (for the memory benchmark). */
export function __wasmMemoryBytes() {
  return exports?.memory?.buffer.byteLength;
}

/**
 * @internal Called by an entry point with its way of loading the wasm, and
 * (entries that fetch it) the URL it is fetched from when init() names none.
 */
export function setLoader(load, url) {
  loader = load;
  defaultUrl = url;
}

/**
 * Loads the WebAssembly module now, from `source` if given (a URL, a
 * Response, bytes or a compiled WebAssembly.Module), else from the file next
 * to this one. Optional: every call loads it on first use.
 */
export function init(source) {
  if (!ready) {
    ready = Promise.resolve()
      .then(() => loader(source))
      .then((wasm) => {
        exports = wasm;
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
 * What went wrong loading the wasm and, when it was fetched, from which URL,
 * the likely cause and both fixes.
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

/** Runs `body` after init; every failure becomes a CallControlError. */
async function guarded(body) {
  try {
    await init();
    return await body();
  } catch (e) {
    throw toCallControlError(e);
  }
}

/** A client for repeated use: one region, one token source, a cached `users/me`. */
export class CallControl {
  #json;
  #token;
  #onRequest;
  #client;
  #base;
  #inFlight = new Map();

  constructor(options) {
    // Validation needs the wasm, which loads lazily: the first call reports
    // bad options, so a constructor never throws on a page that has not loaded yet.
    try {
      const { taken, json } = split(options, ['token', 'onRequest']);
      this.#json = json;
      this.#token = taken.token;
      this.#onRequest = taken.onRequest;
    } catch (e) {
      this.#json = e;
    }
  }

  #wasm() {
    if (this.#json instanceof Error) throw this.#json;
    if (!this.#client) {
      // Checked in this order: the options (in the core), the token, the hook.
      const client = new WasmClient(this.#json, typeof this.#token === 'function');
      try {
        const token = this.#token;
        if (typeof token === 'string') {
          const problem = tokenProblem(token);
          if (problem) throw invalidInput('token', problem);
        } else if (typeof token !== 'function') {
          throw invalidInput('token', 'is required: a string, or a function returning a string or a promise of one');
        }
        if (this.#onRequest != null && typeof this.#onRequest !== 'function') throw invalidInput('onRequest', 'must be a function');
      } catch (e) {
        client.free();
        throw e;
      }
      this.#base = client.base;
      this.#client = client;
    }
    return this.#client;
  }

  /**
   * Starts operation `name` (options checked in the core before anything is
   * sent). Identical operations that change a call share one request while
   * in flight: a double click places one call.
   */
  #start(name, json, signal) {
    const task = this.#wasm().begin(name, json, Date.now());
    const key = task.key;
    const shared = key === undefined ? undefined : this.#inFlight.get(key);
    if (shared) {
      task.free();
      return shared;
    }
    const run = drive(task, { base: this.#base, token: this.#token, onRequest: this.#onRequest ?? undefined, signal });
    if (key !== undefined) {
      this.#inFlight.set(key, run);
      const drop = () => {
        if (this.#inFlight.get(key) === run) this.#inFlight.delete(key);
      };
      run.then(drop, drop);
    }
    return run;
  }

  /** Places a call for the token's user (or `onBehalfOf`). */
  dial(options) {
    return guarded(() => {
      const { taken, json } = split(options, ['signal']);
      return this.#start('dial', json, signalOf(taken));
    });
  }

  /** Blind-transfers a call. */
  transfer(options) {
    return guarded(() => {
      const { taken, json } = split(options, ['signal']);
      return this.#start('transfer', json, signalOf(taken));
    });
  }

  /** Starts a consult (warm) transfer from the customer to `to`; resolves its handle. */
  consult(options) {
    return guarded(async () => {
      const { taken, json } = split(options, ['signal']);
      const state = await this.#start('consult', json, signalOf(taken));
      return new Consult(this.#run, state);
    });
  }

  /** The handle of the consult in progress on a call (after a reload, or from another widget). */
  consultFor(conversationId, options) {
    return guarded(async () => new Consult(this.#run, await this.#run('consultState', { conversationId }, options)));
  }

  /** Holds (`true`) or resumes (`false`) the agent's own leg. */
  hold(conversationId, held = true, options) {
    return this.#run('hold', { conversationId, held }, options);
  }

  /** Mutes (`true`) or unmutes (`false`) the agent's own leg. */
  mute(conversationId, muted = true, options) {
    return this.#run('mute', { conversationId, muted }, options);
  }

  /** Disconnects the agent's own leg. */
  hangUp(conversationId, options) {
    return this.#run('hangUp', { conversationId }, options);
  }

  /** Runs a call operation with `fields` plus the caller's options (`signal`, `participantId`). */
  #run = (method, fields, options) =>
    guarded(() => {
      if (typeof fields.conversationId !== 'string') throw invalidInput('conversationId', 'must be a string');
      const { taken, json } = split(options, ['signal']);
      // Each field is serialized on its own so a bad one is named (a BigInt `held`, say).
      const checked = {};
      for (const [k, v] of Object.entries(fields)) checked[k] = JSON.parse(toJson({ [k]: v }, k))[k];
      return this.#start(method, JSON.stringify({ ...JSON.parse(json), ...checked }), signalOf(taken));
    });

  /** The token's user (`GET /api/v2/users/me`). */
  me(options) {
    return guarded(() => this.#start('me', '{}', lookupOptions(options)));
  }

  /** A conversation as Genesys sends it (`GET /api/v2/conversations/{id}`). */
  conversation(conversationId, options) {
    return guarded(() => {
      if (typeof conversationId !== 'string') throw invalidInput('conversationId', 'must be a string');
      return this.#start('conversation', JSON.stringify({ conversationId }), lookupOptions(options));
    });
  }

  /** Queues whose name matches; `*` at either end is a wildcard. */
  findQueues(name, options) {
    return guarded(() => {
      if (typeof name !== 'string') throw invalidInput('name', 'must be a string');
      return this.#start('findQueues', JSON.stringify({ name }), lookupOptions(options));
    });
  }
}

function oneShot(options, op) {
  return guarded(() => {
    const { taken, json } = split(options, [...CLIENT_KEYS, 'signal']);
    const config = {};
    for (const k of CLIENT_KEYS) if (Object.prototype.hasOwnProperty.call(taken, k)) config[k] = taken[k];
    const cc = new CallControl(config);
    const rest = JSON.parse(json);
    if (taken.signal !== undefined) rest.signal = taken.signal;
    return cc[op](rest);
  });
}

/** Places one call: the client options and the dial options in one object. */
export function dial(options) {
  return oneShot(options, 'dial');
}

/** Blind-transfers one call: the client options and the transfer options in one object. */
export function transfer(options) {
  return oneShot(options, 'transfer');
}

/**
 * The E.164 form of a phone number as the package would send it, or a
 * CallControlError (`invalid_input`) saying why not. Synchronous once the
 * module is loaded (`await init()` first).
 */
export function normalizePhoneNumber(input) {
  if (typeof input !== 'string') throw invalidInput('phoneNumber', 'must be a string');
  if (!loaded) throw new CallControlError({ kind: 'internal', message: 'call `await init()` before normalizePhoneNumber' });
  try {
    return wasmNormalize(input);
  } catch (e) {
    throw toCallControlError(e);
  }
}
