// A tiny assert for tests/runtimes/suite.mjs: no Node built-ins, so the same
// module runs in Node, a page, a dedicated worker and a service worker.

export class AssertionError extends Error {
  constructor(message) {
    super(message);
    this.name = 'AssertionError';
  }
}

const show = (v) => {
  try {
    const s = JSON.stringify(v);
    return s === undefined ? String(v) : s.length > 400 ? `${s.slice(0, 400)}…` : s;
  } catch {
    return String(v);
  }
};

/** JSON-value equality: objects compare by keys (in any order), arrays by position. */
export function deepEqual(a, b) {
  if (Object.is(a, b)) return true;
  if (typeof a !== 'object' || typeof b !== 'object' || a === null || b === null) return false;
  if (Array.isArray(a) !== Array.isArray(b)) return false;
  if (Array.isArray(a)) return a.length === b.length && a.every((v, i) => deepEqual(v, b[i]));
  const ka = Object.keys(a).filter((k) => a[k] !== undefined);
  const kb = Object.keys(b).filter((k) => b[k] !== undefined);
  return ka.length === kb.length && ka.every((k) => Object.prototype.hasOwnProperty.call(b, k) && deepEqual(a[k], b[k]));
}

export function ok(value, message = 'expected a truthy value') {
  if (!value) throw new AssertionError(`${message} (got ${show(value)})`);
}

/** Deep (JSON-value) equality. */
export function equal(actual, expected, message = '') {
  if (!deepEqual(actual, expected)) {
    throw new AssertionError(`${message ? `${message}: ` : ''}expected ${show(expected)}, got ${show(actual)}`);
  }
}

export function notEqual(actual, unexpected, message = '') {
  if (deepEqual(actual, unexpected)) {
    throw new AssertionError(`${message ? `${message}: ` : ''}expected anything but ${show(unexpected)}`);
  }
}

export function fail(message) {
  throw new AssertionError(message);
}
