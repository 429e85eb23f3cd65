// Inputs for tests/js/fuzz.test.mjs: exotic JS values and fast-check
// arbitraries for every option of every export, valid, near-valid and hostile.
import fc from 'fast-check';
import { seed, token } from './fake.mjs';

// ---- exotic values, built fresh for each run (a marker prints readably) ----

export class Exotic {
  constructor(name) {
    this.name = name;
  }
  [fc.toStringMethod]() {
    return `<${this.name}>`;
  }
}

export const thrower = () => {
  throw new Error('getter threw');
};
export const EXOTICS = {
  'getter that throws': () => Object.defineProperty({}, 'phoneNumber', { get: thrower, enumerable: true }),
  'object whose toJSON throws': () => ({ toJSON: thrower }),
  'object whose toJSON gives a BigInt': () => ({ toJSON: () => 10n }),
  'object whose toJSON gives undefined': () => ({ toJSON: () => undefined }),
  'proxy whose traps throw': () => new Proxy({}, { get: thrower, ownKeys: thrower, getOwnPropertyDescriptor: thrower, has: thrower }),
  'proxy whose get throws': () => new Proxy({ phoneNumber: '+13175550100' }, { get: thrower }),
  'proxy with lying ownKeys': () => new Proxy({}, { ownKeys: () => ['phoneNumber'], getOwnPropertyDescriptor: () => ({ value: '+1', enumerable: true, configurable: true }) }),
  'revoked proxy': () => {
    const { proxy, revoke } = Proxy.revocable({}, {});
    revoke();
    return proxy;
  },
  'proxy of an array': () => new Proxy([], {}),
  'a plain proxy': () => new Proxy({ phoneNumber: '+13175550100', queueId: seed.queues[0].id }, {}),
  'object with an own toJSON': () => ({ phoneNumber: '+13175550100', toJSON: () => ({ phoneNumber: '+13175550101' }) }),
  'cyclic object': () => {
    const o = { conversationId: 'x' };
    o.self = o;
    return o;
  },
  'deeply nested object': () => {
    let o = {};
    for (let i = 0; i < 10_000; i++) o = { to: o };
    return o;
  },
  'own __proto__ key': () => JSON.parse('{"__proto__": {"polluted": true, "phoneNumber": "+13175550100"}}'),
  'own constructor.prototype': () => JSON.parse('{"constructor": {"prototype": {"polluted": true}}}'),
  'null-prototype object': () => Object.assign(Object.create(null), { phoneNumber: '+13175550100' }),
  'object with a symbol key': () => ({ [Symbol('phoneNumber')]: '+13175550100' }),
  'a function': () => () => '+13175550100',
  'an async function': () => async () => token,
  'a class': () => class {},
  'a symbol': () => Symbol('x'),
  'a BigInt': () => 2n ** 70n,
  'a Date': () => new Date(),
  'an invalid Date': () => new Date(NaN),
  'a RegExp': () => /x/g,
  'a Map': () => new Map([['phoneNumber', '+13175550100']]),
  'a Promise': () => Promise.resolve('+13175550100'),
  'a never-settling promise': () => new Promise(() => {}),
  'a boxed string': () => new String('+13175550100'), // eslint-disable-line no-new-wrappers
  'a typed array': () => new Uint8Array([1, 2, 3]),
  'an ArrayBuffer': () => new ArrayBuffer(8),
  'an aborted signal': () => AbortSignal.abort(),
  'a live signal': () => new AbortController().signal,
  'an AbortController': () => new AbortController(),
  'globalThis': () => globalThis,
  'an Error': () => new Error('x'),
  'a WeakMap': () => new WeakMap(),
  'a huge string': () => 'x'.repeat(1_000_000),
  'a huge number string': () => `+${'1'.repeat(100_000)}`,
  'a huge array': () => new Array(100_000).fill('+13175550100'),
  'a sparse array': () => [, , '+13175550100'], // eslint-disable-line no-sparse-arrays
  'an object with 10,000 keys': () => Object.fromEntries(Array.from({ length: 10_000 }, (_, i) => [`k${i}`, i])),
};
export const exotic = fc.constantFrom(...Object.keys(EXOTICS)).map((n) => new Exotic(n));

/** An options object given as entries, so keys like `__proto__` become own keys. */
export class Obj {
  constructor(entries) {
    this.entries = entries;
  }
  [fc.toStringMethod]() {
    return `{${this.entries.map(([k, v]) => `${JSON.stringify(k)}: ${fc.stringify(v)}`).join(', ')}}`;
  }
}

/** Turns markers into real values, fresh for this run. */
export function materialize(v, depth = 0) {
  if (depth > 20) return v;
  if (v instanceof Exotic) return EXOTICS[v.name]();
  if (v instanceof Obj) {
    const o = {};
    for (const [k, x] of v.entries) Object.defineProperty(o, k, { value: materialize(x, depth + 1), enumerable: true, writable: true, configurable: true });
    return o;
  }
  if (Array.isArray(v)) return v.map((x) => materialize(x, depth + 1));
  return v;
}

// ---- value arbitraries ----

export const PATH_FRAGMENTS = [
  '../', '..', '..%2F', '%2F', '%2f', '%2e%2e', '?', '#', '/', '\\', '?x=1', '#frag', '//', '%00', '\u0000', ';', '&', '%', '%25', ' ', '\n',
  '../users/me', '..%2F..%2Fusers%2Fme', '/api/v2/users/me', 'calls/../../users/me', '%3F', '%23', '\u2215', '\uff0f', '\u2024\u2024',
];

let pool; // real ids and values from the fake org, set with setPool before the run

/** Gives the arbitraries the fake org's real ids and values. */
export function setPool(p) {
  pool = p;
}

export function plausible() {
  return fc.oneof(
    fc.constantFrom(...pool.ids),
    fc.constantFrom(...pool.ids).map((id) => id.toUpperCase()),
    fc.uuid(),
    fc.constantFrom(...pool.phones),
    fc.constantFrom('Support Tier 1', 'Support*', '*Tier*', 'Billing', 'Sales', 'No Such Queue'),
    fc.constantFrom('destination', 'object', 'both', 'conference', 'DESTINATION', 'WorkPhone', 'CellPhone', 'HomePhone', 'OtherPhone'),
    fc.constantFrom(true, false, 0, 1, 100, 15000),
  );
}

export function idLike() {
  return fc.oneof(
    { weight: 3, arbitrary: fc.constantFrom(...pool.ids) },
    fc.uuid(),
    fc.tuple(fc.constantFrom(...pool.ids), fc.constantFrom(...PATH_FRAGMENTS)).map(([id, f]) => id + f),
    fc.tuple(fc.constantFrom(...PATH_FRAGMENTS), fc.constantFrom(...pool.ids)).map(([f, id]) => f + id),
    fc.tuple(fc.constantFrom(...pool.ids), fc.constantFrom(...PATH_FRAGMENTS), fc.constantFrom(...pool.ids)).map(([a, f, b]) => a.slice(0, 30) + f + b.slice(0, 5)),
    fc.constantFrom(...PATH_FRAGMENTS),
    fc.constantFrom(...pool.ids).map((id) => ` ${id} `),
    fc.constantFrom(...pool.ids).map((id) => id.replace(/-/g, '')),
    fc.constantFrom(...pool.ids).map((id) => `{${id}}`),
  );
}

export const loneSurrogates = fc.constantFrom('\ud800', '\udbff', '\udc00', '\udfff');
export const strings = fc.oneof(
  fc.string({ maxLength: 40 }),
  fc.string({ unit: 'binary', maxLength: 40 }),
  fc.string({ unit: fc.oneof(fc.string({ unit: 'binary', minLength: 1, maxLength: 1 }), loneSurrogates), maxLength: 20 }),
  fc.string({ unit: 'grapheme', maxLength: 20 }),
  fc.constantFrom('', ' ', '\u200f+1 317 555 0100', '+1\u00a0317\u00a0555\u00a00100', 'tel:+13175550100', '＋１３１７５５５０１００', '+٣١٧٥٥٥٠١٠٠'),
  fc.constantFrom(...PATH_FRAGMENTS),
);
export const numbers = fc.oneof(
  fc.double(), // NaN, ±Infinity, -0 included
  fc.integer(),
  fc.constantFrom(NaN, Infinity, -Infinity, -0, 0, -1, 1.5, 2 ** 53 + 2, Number.MAX_VALUE, Number.MIN_VALUE, 600001, 1e21),
);
export const leaf = () =>
  fc.oneof(
    { weight: 4, arbitrary: plausible() },
    { weight: 2, arbitrary: idLike() },
    { weight: 3, arbitrary: strings },
    { weight: 2, arbitrary: numbers },
    fc.bigInt(),
    fc.constantFrom(null, undefined, true, false),
    { weight: 2, arbitrary: exotic },
    fc.anything({ maxDepth: 2, withBigInt: true, withNullPrototype: true, withBoxedValues: true, withMap: true, withSet: true, withTypedArray: true, withSparseArray: true, withDate: true, withUnicodeString: true }),
  );

export const WEIRD_KEYS = ['__proto__', 'toJSON', 'constructor', 'prototype', 'toString', 'hasOwnProperty', 'valueOf', '', ' ', 'then', '😀', 'phone_number', 'PhoneNumber', 'x'.repeat(5000), '\u0000'];

/** An options object over `keys` (values from `values`), sometimes with weird keys, or a weird value instead. */
export function options(keys, values) {
  const key = fc.oneof({ weight: 6, arbitrary: fc.constantFrom(...keys) }, fc.constantFrom(...WEIRD_KEYS), fc.string({ maxLength: 8 }));
  const obj = fc.array(fc.tuple(key, values), { maxLength: 6 }).map((e) => new Obj(e));
  return fc.oneof({ weight: 8, arbitrary: obj }, leaf(), fc.array(leaf(), { maxLength: 3 }));
}

export const TO_KEYS = ['queueId', 'queueName', 'userId', 'address', 'contactId', 'phoneType', 'to'];
export const toValue = () => fc.oneof({ weight: 4, arbitrary: options(TO_KEYS, fc.oneof(leaf(), idLike())) }, leaf());
export const withTo = (keys) => fc.oneof(leaf(), idLike(), toValue()).chain((to) =>
  options(keys, fc.oneof({ weight: 2, arbitrary: leaf() }, idLike(), fc.constant(to))),
);

/**
 * Mostly-valid options: a valid base (`base` gives entries), sometimes with
 * one entry replaced or added by a random key and value — so the random part
 * reaches the network and the server's answers are fuzzed too.
 */
export function nearValid(base, keys) {
  const mutation = fc.option(fc.tuple(fc.oneof({ weight: 4, arbitrary: fc.constantFrom(...keys) }, fc.constantFrom(...WEIRD_KEYS)), leaf()), { freq: 2 });
  return fc.tuple(base, mutation).map(([entries, m]) => new Obj(m ? [...entries.filter(([k]) => k !== m[0]), m] : entries));
}
export const validPhone = () => fc.constantFrom(...pool.phones.slice(0, 5));
export const someOf = (...pairs) => fc.subarray(pairs.map(([k, arb]) => fc.tuple(fc.constant(k), arb)), { minLength: 0 }).chain((ts) => (ts.length ? fc.tuple(...ts) : fc.constant([])));
export const validTo = () =>
  fc.oneof(
    fc.constantFrom(...seed.queues.map((q) => [['queueId', q.id]]), ...seed.queues.map((q) => [['queueName', q.name]]), [['queueName', 'Support*']]),
    fc.constantFrom(...seed.users.map((u) => [['userId', u.id]])),
    validPhone().map((a) => [['address', a]]),
    fc.constantFrom('WorkPhone', 'CellPhone', 'HomePhone').map((t) => [['contactId', seed.externalContacts[0].id], ['phoneType', t]]),
  ).map((e) => new Obj(e));
export const validDial = () =>
  fc.tuple(
    validPhone().map((p) => ['phoneNumber', p]),
    someOf(
      ['label', fc.string({ minLength: 1, maxLength: 30 })],
      ['callerIdName', fc.string({ unit: 'grapheme', minLength: 1, maxLength: 20 })],
      ['callerId', validPhone()],
      ['priority', fc.integer({ min: 0, max: 100 })],
      ['callFromQueueId', fc.constantFrom(...seed.queues.map((q) => q.id))],
      ['attributes', fc.dictionary(fc.string({ minLength: 1, maxLength: 8 }), fc.string({ maxLength: 20 }), { maxKeys: 4 }).map((d) => new Obj(Object.entries(d)))],
    ),
  ).map(([p, rest]) => [p, ...rest]);
export const validCall = (extra = []) =>
  fc.tuple(fc.constantFrom(...pool.convIds), validTo(), someOf(...extra)).map(([cid, to, rest]) => [['conversationId', cid], ['to', to], ...rest]);

export const DIAL_KEYS = ['phoneNumber', 'callUserId', 'callQueueId', 'callerId', 'callerIdName', 'callFromQueueId', 'attributes', 'label', 'externalContactId', 'uuiData', 'priority', 'languageId', 'routingSkillsIds', 'onBehalfOf', 'signal'];
export const TRANSFER_KEYS = ['conversationId', 'to', 'participantId', 'signal'];
export const CONSULT_KEYS = ['conversationId', 'to', 'participantId', 'speakTo', 'signal'];
export const CLIENT_KEYS = ['token', 'region', 'apiBase', 'timeoutMs', 'totalTimeoutMs', 'retry', 'onRequest'];

