// Runtime tests: live calls over the notification WebSocket (watchCalls,
// answer), see suite.mjs for how they run. Browsers and workers use their
// native WebSocket; Node 20 has none, so node.test.mjs passes the `ws`
// package's (ctx.WebSocket, added to every watching client by harness()).
// Sockets and channels are counted at the server, on this test's own channel
// (tests share one fake-genesys and run one at a time, so every socket a
// watch test opens is closed before the next test starts).
import { ok, equal, fail } from './assert.mjs';

/** Registers this part's tests with `test(name, fn)`; `h` is harness(). */
export function watchTests(test, h) {
  const { control, scenario, serverConversation, requests, privateToken, watchClient, callState, participants, succeeds, pause, now, NATIVE_WEBSOCKET } = h;

  const notifications = () => control('GET', '/__control/notifications');
  /** Polls the fake's notification state (every 20 ms) until `pred(state)` gives a value; fails after `ms`. */
  async function serverUntil(pred, what, ms = 10_000) {
    const deadline = now() + ms;
    for (;;) {
      const state = await notifications();
      const v = pred(state);
      if (v) return v;
      if (now() > deadline) fail(`${what}: not within ${ms} ms; totals ${JSON.stringify(state.totals)}`);
      await pause(20);
    }
  }
  /** The channel this test's session created (not one of `before`), once it has an open socket. */
  const ownChannel = (before) => (state) => state.channels.find((c) => !before.has(c.id) && c.openSockets === 1);
  const channelById = (id) => (state) => state.channels.find((c) => c.id === id);

  /** Pumps `c.watchCalls(options)` into `calls` and `statuses`; `until(pred)` waits (bounded). */
  function watch(c, options = {}) {
    const calls = [];
    const statuses = [];
    const st = { ended: false, error: undefined };
    const waiters = new Set();
    const wake = () => { for (const w of [...waiters]) w(); };
    const it = c.watchCalls({ ...options, onStatus: (s) => { statuses.push(s); wake(); } });
    (async () => {
      try {
        for (;;) {
          const r = await it.next();
          if (r.done) break;
          calls.push(r.value);
          wake();
        }
      } catch (e) {
        st.error = e;
      } finally {
        st.ended = true;
        wake();
      }
    })();
    const until = (pred, what, ms = 10_000) =>
      new Promise((resolve, reject) => {
        let timer;
        const stop = () => { clearTimeout(timer); waiters.delete(check); };
        function check() {
          let v;
          try { v = pred(); } catch (e) { stop(); reject(e); return; }
          if (v) { stop(); resolve(v); }
        }
        timer = setTimeout(() => {
          stop();
          const seen = calls.map((x) => `${x.conversationId.slice(0, 8)}:${x.state}`).join(', ');
          reject(new Error(`${what}: not within ${ms} ms; calls [${seen}], statuses [${statuses.join(', ')}], ended ${st.ended}, error ${st.error?.kind ?? st.error}`));
        }, ms);
        waiters.add(check);
        check();
      });
    const w = {
      it, calls, statuses, until,
      get ended() { return st.ended; },
      get error() { return st.error; },
      of: (cid) => calls.filter((x) => x.conversationId === cid),
      live: (n = 1, ms = 10_000) => until(() => statuses.filter((s) => s === 'live').length >= n, `live #${n}`, ms),
      next: (cid, pred, what, ms = 10_000) => until(() => w.of(cid).find(pred), what, ms),
    };
    return w;
  }

  /** Runs `fn(w, c, before)` with a watcher on a fresh client (own token); always ends the watcher. */
  async function watching(tag, fn, options) {
    const before = new Set((await notifications()).channels.map((ch) => ch.id));
    const c = watchClient(await privateToken(tag));
    const w = watch(c, options);
    try {
      await fn(w, c, before);
    } finally {
      await w.it.return();
    }
  }

  test('watch_uses_the_runtimes_websocket', async () => {
    if (NATIVE_WEBSOCKET) ok(typeof WebSocket === 'function', 'a native WebSocket in this scope');
    else ok(typeof globalThis.WebSocket === 'undefined', 'Node 20: no global WebSocket, the ws package is passed');
  });

  test('watch_yields_an_inbound_call_and_answer_connects_it', async () => {
    await watching('inbound', async (w, c, before) => {
      await w.live();
      const ch = await serverUntil(ownChannel(before), 'the socket is open');
      const conv = await scenario('agent-alerting', 'agent');
      const agent = participants(conv, 'agent')[0];
      const ringing = await w.next(conv.id, () => true, 'the ringing call');
      equal(ringing, {
        conversationId: conv.id, participantId: agent.id, state: 'alerting', direction: 'inbound',
        held: false, muted: false, remote: 'tel:+13175550100', queueId: h.queueId('Support Tier 1'),
      });
      const listings = (await requests('GET', '/api/v2/conversations/calls')).length;
      equal(await succeeds(c.answer(conv.id), 'answer'), { conversationId: conv.id, participantId: agent.id });
      equal(callState(participants(await serverConversation(conv.id), 'agent')[0]), 'connected', 'the server shows the leg connected');
      const connected = await w.next(conv.id, (x) => x.state === 'connected', 'connected');
      equal(connected, { ...ringing, state: 'connected' });
      equal(w.of(conv.id).map((x) => x.state), ['alerting', 'connected']);
      equal((await requests('GET', '/api/v2/conversations/calls')).length, listings, 'pushed, not polled');
      const s = channelById(ch.id)(await notifications());
      equal([s.socketOpens, s.openSockets], [1, 1], 'one socket');
    });
  });

  test('watch_resyncs_after_a_dropped_socket_final_disconnected_once', async () => {
    await watching('drop', async (w, c, before) => {
      await w.live();
      const ch = await serverUntil(ownChannel(before), 'the socket is open');
      const conv = await scenario('agent-connected', 'agent');
      await w.next(conv.id, () => true, 'connected');
      const { dropped } = await control('POST', '/__control/notifications/drop', { channelId: ch.id, mode: 'terminate' });
      equal(dropped, 1);
      const customer = participants(conv, 'customer')[0];
      await control('PATCH', `/__control/conversations/${conv.id}/participants/${customer.id}`, { state: 'disconnected' });
      await w.next(conv.id, (x) => x.state === 'disconnected', 'disconnected after the reconnect', 15_000);
      // Barrier: a later call arrives after anything that came before it.
      const next = await scenario('agent-alerting', 'agent');
      await w.next(next.id, () => true, 'the barrier call');
      equal(w.of(conv.id).map((x) => x.state), ['connected', 'disconnected'], 'the final disconnected exactly once');
      const s = channelById(ch.id)(await notifications());
      equal([s.socketOpens, s.openSockets], [2, 1], 'a second socket on the same channel');
      const mine = (await notifications()).channels.filter((x) => !before.has(x.id));
      equal(mine.length, 1, 'no second channel');
      ok(w.statuses.includes('reconnecting'), `statuses ${w.statuses}`);
    });
  });

  test('watch_abort_ends_the_iterator_and_closes_the_socket', async () => {
    const ac = new AbortController();
    await watching('abort', async (w, c, before) => {
      await w.live();
      const ch = await serverUntil(ownChannel(before), 'the socket is open');
      const pending = w.it.next();
      ac.abort();
      const r = await pending;
      equal(r.done, true);
      await w.until(() => w.ended, 'the iterator ends', 1000);
      equal(w.error, undefined);
      const start = now();
      await serverUntil((st) => { const x = channelById(ch.id)(st); return x?.openSockets === 0 && x.socketCloses === 1; }, 'the socket closed at the server', 1500);
      const s = channelById(ch.id)(await notifications());
      equal([s.socketOpens, s.socketCloses], [1, 1]);
      ok(now() - start < 1500);
    }, { signal: ac.signal });
  });
}
