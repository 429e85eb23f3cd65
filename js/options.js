// Turning a caller's options into the JSON text the wasm core checks. Only
// own properties are read (a polluted Object.prototype adds nothing), values
// JSON cannot carry are reported by field, and nothing here throws anything
// but a CallControlError.
import { invalidInput } from './error.js';

const own = (o, k) => Object.prototype.hasOwnProperty.call(o, k);

/** Whether `v` is an options object (not null, an array, or a primitive). */
export function isObject(v) {
  try {
    return v !== null && typeof v === 'object' && !Array.isArray(v);
  } catch {
    return false; // a revoked Proxy
  }
}

/**
 * Splits `options` into the keys listed in `take` (returned as an object) and
 * the JSON text of the rest. `name` is the field used in errors.
 */
export function split(options, take, name = 'options') {
  if (options === undefined) options = {};
  if (!isObject(options)) throw invalidInput(name, 'must be an object');
  const taken = {};
  const rest = {};
  let keys;
  try {
    keys = Object.keys(options);
  } catch {
    throw invalidInput(name, 'could not be read');
  }
  for (const k of keys) {
    let v;
    try {
      v = options[k];
    } catch {
      throw invalidInput(k, 'could not be read');
    }
    // defineProperty, not assignment: `o['__proto__'] = v` would set the
    // prototype and the key would vanish instead of being reported.
    Object.defineProperty(take.includes(k) ? taken : rest, k, { value: v, enumerable: true, writable: true, configurable: true });
  }
  return { taken, json: toJson(rest, name) };
}

/** JSON text of `value`, or an `invalid_input` naming the field at fault. */
export function toJson(value, name) {
  let bad;
  const replacer = function (key, v) {
    // JSON.stringify has already swapped in what an own `toJSON` returned: an
    // options object must not choose what gets sent, so that key is refused.
    let original;
    try {
      original = this[key];
      if (original !== null && typeof original === 'object' && own(original, 'toJSON')) {
        bad ??= [key ? `${key}.toJSON` : 'toJSON', 'is not a known option'];
        return undefined;
      }
    } catch {
      bad ??= [key || name, 'could not be read'];
      return undefined;
    }
    if (typeof v === 'function' || typeof v === 'symbol' || typeof v === 'bigint') {
      bad ??= [key || name, `must not be a ${typeof v}`];
      return undefined;
    }
    if (typeof v === 'number' && !Number.isFinite(v)) {
      bad ??= [key || name, 'must be a finite number'];
      return undefined;
    }
    return v;
  };
  let json;
  try {
    json = JSON.stringify(value, replacer);
  } catch {
    throw invalidInput(name, 'must be a plain object of JSON-compatible values');
  }
  if (bad) throw invalidInput(bad[0], bad[1]);
  // A toJSON that returns undefined (or a function) leaves no JSON at all.
  if (typeof json !== 'string') throw invalidInput(name, 'must be a plain object of JSON-compatible values');
  return json;
}

/** The `signal` option: undefined, or an AbortSignal. */
export function signalOf(taken) {
  const s = own(taken, 'signal') ? taken.signal : undefined;
  if (s === undefined || s === null) return undefined;
  let ok = false;
  try {
    // instanceof can throw (a revoked Proxy): that is bad input too.
    ok = typeof AbortSignal !== 'undefined' && s instanceof AbortSignal;
  } catch {
    ok = false;
  }
  if (ok) return s;
  throw invalidInput('signal', 'must be an AbortSignal');
}

/** Options that may only carry a signal (lookups). */
export function lookupOptions(options) {
  const { taken, json } = split(options, ['signal']);
  if (json !== '{}') {
    const key = Object.keys(JSON.parse(json))[0];
    throw invalidInput(key, 'is not a known option');
  }
  return signalOf(taken);
}
