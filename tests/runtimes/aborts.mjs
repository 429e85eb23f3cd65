// Runtime tests: cancellation at each phase, and deadlines (see suite.mjs).
import { ok, equal, fail } from './assert.mjs';

/** Registers this part's tests with `test(name, fn)`; `h` is harness(). */
export function abortTests(test, h) {
  const { token, fault, requests, privateToken, client, rejects, uniqueNumber, pause, now } = h;


  // =========================================================================
  // Ported from tests/wasm/abort_suite.rs: cancellation at each phase and
  // deadlines. Each test uses its own token, so the server's counts of
  // users/me requests belong to it alone.
  // =========================================================================

  const meRequestsWith = async (tok) =>
    (await requests('GET', '/api/v2/users/me')).filter((r) => r.headers.authorization === `Bearer ${tok}`).length;
  /** Waits (bounded: 500 polls of 10 ms) until the server has this token's users/me request. */
  async function untilMeReceived(tok) {
    for (let i = 0; i < 500; i++) {
      if ((await meRequestsWith(tok)) >= 1) return;
      await pause(10);
    }
    fail('the server never received the request');
  }
  /** Marks a promise's rejection as handled now; it is awaited later. */
  const later = (promise) => {
    promise.catch(() => {});
    return promise;
  };

  test('abort_before_sending_sends_nothing', async () => {
    const number = uniqueNumber(7);
    const ac = new AbortController();
    ac.abort();
    const c = client(token('agent'));
    const e = await rejects(c.dial({ phoneNumber: number, signal: ac.signal }), 'dial');
    equal(e.kind, 'aborted');
    equal(e.maybeApplied, false, 'nothing was sent');
    const sent = (await requests('POST', '/api/v2/conversations/calls')).filter((r) => r.body?.phoneNumber === number).length;
    equal(sent, 0);
  });

  test('abort_of_a_dial_in_flight_is_maybe_applied_and_never_resent', async () => {
    const number = uniqueNumber(8);
    await fault('POST', '/api/v2/conversations/calls', 1, { type: 'hang' });
    const c = client(token('agent'), { timeoutMs: 20000 });
    const ac = new AbortController();
    const pending = later(c.dial({ phoneNumber: number, signal: ac.signal }));
    const received = async () => (await requests('POST', '/api/v2/conversations/calls')).filter((r) => r.body?.phoneNumber === number).length;
    for (let i = 0; i < 500 && (await received()) === 0; i++) await pause(10);
    equal(await received(), 1, 'the server received the dial');
    ac.abort();
    const e = await rejects(pending, 'dial');
    equal(e.kind, 'aborted');
    equal(e.maybeApplied, true, 'cut off after sending: it may have been placed');
    equal(e.attempts, 1);
    equal(await received(), 1, 'never re-sent');
  });

  /** Starts `c.me()` with a signal, aborts it once the server has the request; the error and how long the abort took. */
  async function abortOnceReceived(t, c) {
    const ac = new AbortController();
    const pending = later(c.me({ signal: ac.signal }));
    await untilMeReceived(t);
    const at = now();
    ac.abort();
    const e = await rejects(pending, 'me');
    return { e, ms: now() - at };
  }

  test('abort_in_flight_rejects_promptly_with_aborted', async () => {
    const t = await privateToken('flight');
    await fault('GET', '/api/v2/users/me', 1, { type: 'hang' });
    const { e, ms } = await abortOnceReceived(t, client(t, { timeoutMs: 20000 }));
    equal(e.kind, 'aborted');
    ok(ms < 1000, `aborted promptly, not after the 20 s timeout (${ms} ms)`);
  });

  test('abort_during_the_wait_before_a_retry_stops_the_wait', async () => {
    const t = await privateToken('backoff');
    await fault('GET', '/api/v2/users/me', 1, { type: 'status', status: 429, retryAfter: 10 });
    const { e, ms } = await abortOnceReceived(t, client(t));
    equal(e.kind, 'aborted');
    ok(ms < 1000, `the 10 s wait was cut short (${ms} ms)`);
    equal(await meRequestsWith(t), 1, 'no retry after the abort');
  });

  test('a_timeout_and_an_abort_are_told_apart_by_which_signal_fired', async () => {
    const t = await privateToken('timeout');
    await fault('GET', '/api/v2/users/me', 1, { type: 'hang' });
    const c = client(t, { timeoutMs: 200, retry: 0 });
    const ac = new AbortController();
    const at = now();
    const e = await rejects(c.me({ signal: ac.signal }), 'me');
    equal(e.kind, 'timeout');
    ok(now() - at < 2000, `timed out in ${now() - at} ms`);
    ok(!ac.signal.aborted, "the caller's signal is untouched");
  });

  test('a_wait_past_the_total_deadline_fails_at_once', async () => {
    const t = await privateToken('deadline');
    await fault('GET', '/api/v2/users/me', 1, { type: 'status', status: 429, retryAfter: 5 });
    const c = client(t, { totalTimeoutMs: 1000 });
    const at = now();
    const e = await rejects(c.me(), 'me');
    equal(e.kind, 'rate_limited');
    equal(e.retryAfterMs, 5000);
    ok(now() - at < 1000, `no sleeping past the deadline (${now() - at} ms)`);
  });
}
