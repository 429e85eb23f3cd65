// The hostile-value matrix for tests/js/fuzz.test.mjs: every hostile JS
// value the issue names, placed at every option level the package reads —
// as the options object itself, as the value of each known key, and as a
// throwing getter on each key — so coverage does not depend on the seed.
import { thrower } from './fuzz-inputs.mjs';

const DEEP = 10_000;

/** The first own key of `b`, or `fallback`: where a cycle or nesting goes. */
const firstKey = (b, fallback) => Object.keys(b)[0] ?? fallback;

/**
 * Hostile values, each built fresh from `b`, the valid object at that level
 * (`{}` where the level holds a plain value), so a Proxy, a cycle or an own
 * `toJSON` sits on otherwise valid options and is what gets refused.
 */
export const HOSTILE = {
  Proxy: (b) => new Proxy({ ...b }, {}),
  'Proxy whose traps throw': (b) => new Proxy({ ...b }, { get: thrower, ownKeys: thrower, getOwnPropertyDescriptor: thrower, has: thrower }),
  'revoked Proxy': () => {
    const { proxy, revoke } = Proxy.revocable({}, {});
    revoke();
    return proxy;
  },
  'throwing getters': (b) => {
    const o = {};
    for (const k of Object.keys(b).length ? Object.keys(b) : ['to']) Object.defineProperty(o, k, { get: thrower, enumerable: true, configurable: true });
    return o;
  },
  BigInt: () => 2n ** 70n,
  cycle: (b) => {
    const o = { ...b };
    o[firstKey(b, 'self')] = o;
    return o;
  },
  'array cycle': () => {
    const a = [];
    a.push(a);
    return a;
  },
  'own toJSON': (b) => ({ ...b, toJSON: () => ({ ...b }) }),
  'own toJSON that throws': (b) => ({ ...b, toJSON: thrower }),
  'own __proto__ key': (b) => Object.defineProperty({ ...b }, '__proto__', { value: { ...b, polluted: true }, enumerable: true, writable: true, configurable: true }),
  'Symbol key': (b) => ({ ...b, [Symbol('key')]: 'x' }),
  'Symbol value': () => Symbol('value'),
  function: (b) => Object.assign(() => ({ ...b }), b),
  'async function': () => async () => 'x',
  NaN: () => NaN,
  Infinity: () => Infinity,
  '-Infinity': () => -Infinity,
  'huge string (1 MiB)': () => 'x'.repeat(1 << 20),
  [`nesting ${DEEP.toLocaleString('en')} deep`]: (b) => {
    const k = firstKey(b, 'to');
    let o = { ...b };
    for (let i = 0; i < DEEP; i++) o = { [k]: o };
    return o;
  },
  [`arrays ${DEEP.toLocaleString('en')} deep`]: () => {
    let a = [];
    for (let i = 0; i < DEEP; i++) a = [a];
    return a;
  },
  'array where an object goes': (b) => [{ ...b }],
  'array with the keys': (b) => Object.assign([], b),
  'null-prototype object': (b) => Object.assign(Object.create(null), b),
};

/**
 * The option levels: `base()` gives valid options (fresh each time), `keys`
 * the keys read at that level, `call(x)` makes the package call with `x` as
 * that level's object, and `allowedWithoutRequest` the kinds an answer may
 * have when nothing was sent. Nested levels (`retry`, `to`, `attributes`)
 * place their object inside valid outer options.
 * `ctx`: {cc, CallControl, dial, transfer, apiBase, token, conversationId, queueId}.
 */
export function levels(ctx) {
  const { cc, CallControl, dial, transfer, apiBase, token, conversationId, queueId } = ctx;
  const client = () => ({ apiBase, token, timeoutMs: 2000, totalTimeoutMs: 4000, retry: 0 });
  const lazy = ['invalid_input', 'aborted', 'unauthorized', 'timeout'];
  const to = { queueId };
  return {
    'client options': { base: client, keys: ['token', 'region', 'apiBase', 'timeoutMs', 'totalTimeoutMs', 'retry', 'onRequest'], call: (x) => new CallControl(x).me(), allowedWithoutRequest: lazy },
    retry: { base: () => ({ limit: 0, maxRetryAfterMs: 1000 }), keys: ['limit', 'maxRetryAfterMs'], call: (x) => new CallControl({ ...client(), retry: x }).me(), allowedWithoutRequest: lazy },
    'dial options': {
      base: () => ({ phoneNumber: '+13175550100' }),
      keys: ['phoneNumber', 'callUserId', 'callQueueId', 'callerId', 'callerIdName', 'callFromQueueId', 'attributes', 'label', 'externalContactId', 'uuiData', 'priority', 'languageId', 'routingSkillsIds', 'onBehalfOf', 'signal'],
      call: (x) => cc.dial(x),
    },
    'dial attributes': { base: () => ({ crm: 'case-1' }), keys: ['crm'], call: (x) => cc.dial({ phoneNumber: '+13175550101', attributes: x }) },
    'transfer options': { base: () => ({ conversationId, to }), keys: ['conversationId', 'to', 'participantId', 'signal'], call: (x) => cc.transfer(x) },
    'transfer to': { base: () => ({ ...to }), keys: ['queueId', 'queueName', 'userId', 'address', 'contactId', 'phoneType'], call: (x) => cc.transfer({ conversationId, to: x }) },
    'consult options': { base: () => ({ conversationId, to, speakTo: 'destination' }), keys: ['conversationId', 'to', 'participantId', 'speakTo', 'signal'], call: (x) => cc.consult(x), consult: true },
    'consult to': { base: () => ({ ...to }), keys: ['queueId', 'queueName', 'userId', 'address', 'contactId', 'phoneType'], call: (x) => cc.consult({ conversationId, to: x }), consult: true },
    'me options': { base: () => ({}), keys: ['signal'], call: (x) => cc.me(x) },
    'conversation options': { base: () => ({}), keys: ['signal'], call: (x) => cc.conversation(conversationId, x) },
    'findQueues options': { base: () => ({}), keys: ['signal'], call: (x) => cc.findQueues('Support*', x) },
    'hold options': { base: () => ({}), keys: ['signal', 'participantId'], call: (x) => cc.hold(conversationId, true, x) },
    'one-shot dial': { base: () => ({ ...client(), phoneNumber: '+13175550102' }), keys: ['token', 'apiBase', 'retry', 'phoneNumber', 'attributes', 'signal'], call: (x) => dial(x), allowedWithoutRequest: lazy },
    'one-shot transfer': { base: () => ({ ...client(), conversationId, to }), keys: ['token', 'apiBase', 'retry', 'conversationId', 'to', 'signal'], call: (x) => transfer(x), allowedWithoutRequest: lazy },
    'conversationId argument': { base: () => ({}), keys: [], call: (x) => cc.conversation(x), plain: true },
    'findQueues name argument': { base: () => ({}), keys: [], call: (x) => cc.findQueues(x), plain: true },
  };
}

/**
 * Every case of the matrix: `{level, hostile, placement, call}` where
 * `call()` makes the package call. Placements: the level's object itself
 * is the hostile value; the hostile value under each key (built from the
 * valid value there when it is an object); each key a throwing getter.
 */
export function* matrix(ctx) {
  for (const [level, L] of Object.entries(levels(ctx))) {
    for (const [name, make] of Object.entries(HOSTILE)) {
      yield { level, hostile: name, placement: L.plain ? 'argument' : 'the options object', L, call: () => L.call(make(L.base())) };
      for (const key of L.keys) {
        yield {
          level,
          hostile: name,
          placement: `.${key}`,
          L,
          call: () => {
            const o = L.base();
            const v = o[key];
            o[key] = make(v !== null && typeof v === 'object' ? v : {});
            return L.call(o);
          },
        };
      }
    }
    for (const key of L.keys) {
      yield {
        level,
        hostile: 'throwing getter',
        placement: `.${key}`,
        L,
        call: () => L.call(Object.defineProperty(L.base(), key, { get: thrower, enumerable: true, configurable: true })),
      };
    }
  }
}
