// The runtime suite: the packed package, through its public API only, against
// fake-genesys over real HTTP, asserting what reached the server (request log,
// counts) and the server's conversation state after each step.
//
// One module for every runtime: Node (tests/runtimes/node.test.mjs), a
// Chromium page, a dedicated module worker and a module service worker
// (tests/runtimes/chromium.mjs). So: no Node built-ins, no DOM, no dynamic
// import(); only fetch, timers, AbortController and the package namespace
// passed in. The tests live in calls.mjs, consult.mjs, aborts.mjs and
// watch.mjs (live calls over the notification WebSocket), their
// helpers in harness.mjs; this file puts them together and runs them.
//
// The tests share one fake-genesys per runner and run one at a time: queued
// faults match on method and path, so a test's fault must not be taken by
// another test's request. Numbers, conversations and tokens are unique per
// test, so request counts at the server belong to the test that reads them.
import { equal } from './assert.mjs';
import { harness } from './harness.mjs';
import { callTests } from './calls.mjs';
import { consultTests } from './consult.mjs';
import { abortTests } from './aborts.mjs';
import { watchTests } from './watch.mjs';

/**
 * The tests, as `[{ name, fn }]` (fn is async and throws on failure).
 * @param pkg    the imported 'genesys-callctl' module namespace
 * @param server fake-genesys base URL (`http://127.0.0.1:PORT`)
 * @param seed   tests/fake-genesys/seed.json, parsed
 * @param scope  the expected `globalThis.constructor.name`: `Object` (Node),
 *               `Window`, `DedicatedWorkerGlobalScope`, `ServiceWorkerGlobalScope`
 */
export function defineTests(pkg, ctx) {
  const h = harness(pkg, ctx);
  const { control } = h;
  const tests = [];
  const test = (name, fn) => tests.push({ name, fn });
  callTests(test, h);
  consultTests(test, h);
  abortTests(test, h);
  watchTests(test, h);

  // Tests share the server and run one at a time: a fault a failed test left
  // queued must not be taken by the next test's request, and a passing test
  // uses up every fault it queued.
  return tests.map(({ name, fn }) => ({
    name,
    fn: async () => {
      await control('DELETE', '/__control/faults');
      await fn();
      // Every fault a test queues is meant for one of its own requests.
      const left = await control('GET', '/__control/faults');
      equal(left.length, 0, `faults left unused: ${JSON.stringify(left)}`);
    },
  }));
}

/**
 * Runs the tests one at a time, each bounded by `timeoutMs`; resolves
 * `[{ name, ok, ms, error? }]`. For runners without node:test (browsers, workers).
 */
export async function runTests(tests, { timeoutMs = 20_000, onResult = () => {} } = {}) {
  const results = [];
  for (const { name, fn } of tests) {
    const start = Date.now();
    let timer;
    const deadline = new Promise((_, reject) => {
      timer = setTimeout(() => reject(new Error(`timed out after ${timeoutMs} ms`)), timeoutMs);
    });
    let result;
    try {
      await Promise.race([fn(), deadline]);
      result = { name, ok: true, ms: Date.now() - start };
    } catch (e) {
      result = { name, ok: false, ms: Date.now() - start, error: String(e?.stack ?? e) };
    } finally {
      clearTimeout(timer);
    }
    results.push(result);
    onResult(result);
  }
  return results;
}
