// Following the call, live: one cc.watchCalls() per session brings every change of the agent's own
// leg as it happens (a call that starts ringing, is answered, held, moved or ended — here or
// anywhere else); the card follows one call at a time. The conversation itself (the other parties,
// who speaks, how a leg ended) is read once when the call is followed and once after each change,
// never on a timer — except while another party's phone rings (an outbound call not answered yet,
// a consulted agent being offered the call): no `Call` comes when they answer, since the agent's
// leg does not change, so the card re-reads then, once a second, until they answer (at most 2 min).
// The socket's state (onStatus) is shown on the live line and in the request log.
import { showError } from './errors.js';
import { agentLeg, farEndRinging, isActive, myLeg } from './call-view.js';
import { logSocket } from './log.js';
import { el, state, setStatus } from './state.js';
import { signOut } from './session.js';
import { renderCall } from './render.js';

const RING_READ_MS = 1000;
const RING_READ_FOR_MS = 120_000;
const FINAL = new Set(['disconnected', 'terminated']);

/** sessionStorage key of the followed conversation's id (not a secret), for a reload. */
export const CALL_KEY = 'genesys-callctl-demo:call';

// ---------------------------------------------------------------------------
// The watcher

const LIVE_LINE = {
  connecting: 'Connecting to live call updates…',
  reconnecting: 'Reconnecting… live call updates are paused; the card catches up when the connection is back.',
  live: '',
  stopped: 'Live call updates stopped.',
};

let watching; // {abort, calls: Map<conversationId, Call>} for the session's watcher

/** Shows the socket's state on the live line (a status region) and logs each change. */
function socketStatus(status) {
  if (el.live.dataset.status === status) return;
  el.live.dataset.status = status;
  el.live.textContent = LIVE_LINE[status] ?? '';
  logSocket(status);
}

/** Starts the session's watcher: every change of the agent's calls, until stopWatching(). */
export function startWatching() {
  stopWatching();
  const abort = new AbortController();
  const w = { abort, calls: new Map() };
  watching = w;
  const cc = state.cc;
  (async () => {
    try {
      for await (const c of cc.watchCalls({ signal: abort.signal, onStatus: (s) => { if (watching === w) socketStatus(s); } })) {
        if (watching !== w) break;
        w.calls.set(c.conversationId, c);
        onCall(c);
      }
    } catch (err) {
      if (watching !== w || err?.kind === 'aborted') return;
      socketStatus('stopped');
      if (err?.kind === 'unauthorized') return signOut('Your session has ended. Sign in again.');
      setStatus('Live call updates stopped.');
      showError(err, 'watch');
    }
  })();
}

/** Ends the watcher (its socket closes with it). */
export function stopWatching() {
  if (!watching) return;
  watching.abort.abort();
  watching = undefined;
  if (el.live.dataset.status && el.live.dataset.status !== 'closed') logSocket('closed');
  el.live.dataset.status = 'closed';
  el.live.textContent = '';
}

/** A change of one of the agent's calls. */
function onCall(c) {
  const call = state.call;
  if (call && call.id === c.conversationId) {
    if (call.ended && !FINAL.has(c.state)) {
      trackCall(c.conversationId); // the call came back to the agent (a transfer back): follow it again
      return;
    }
    call.leg = c;
    // An end is drawn with its read, which says how it ended (transferred or not).
    if (!FINAL.has(c.state)) renderCall();
    refresh(call);
    return;
  }
  if (FINAL.has(c.state)) return;
  if (call && !call.ended) {
    if (c.state === 'alerting' || c.state === 'offering') setStatus('Another call is ringing: one call at a time here.');
    return;
  }
  trackCall(c.conversationId); // a new call: it rings here, or was placed elsewhere
}

// ---------------------------------------------------------------------------
// The followed call

/** Follows conversation `id` from now on (dropping the call and consult before); `restore` after a reload. */
export function trackCall(id, { restore = false } = {}) {
  if (state.call?.id === id && !state.call.ended) return; // already followed (the dial's answer and its first Call race)
  stopReading();
  state.consult = undefined;
  state.call = {
    id, leg: watching?.calls.get(id), conv: undefined, placedAt: Date.now(), ended: false, restore,
    abort: undefined, again: false, ringTimer: undefined, ringUntil: undefined,
  };
  sessionStorage.setItem(CALL_KEY, id);
  refresh(state.call); // starts the read (synchronously) before the first drawing
  renderCall();
}

/** Stops following the call: the read in flight is aborted, no re-read is planned. */
export function stopReading() {
  const call = state.call;
  if (!call) return;
  clearTimeout(call.ringTimer);
  call.ringTimer = undefined;
  call.abort?.abort();
  call.abort = undefined;
}

function endCall(call) {
  call.ended = true;
  clearTimeout(call.ringTimer);
  call.ringTimer = undefined;
  state.consult = undefined;
  if (sessionStorage.getItem(CALL_KEY) === call.id) sessionStorage.removeItem(CALL_KEY);
}

/**
 * Reads the followed call's conversation once (a read in flight is not doubled: one more follows
 * it), redraws, and ends the call when the agent's leg is over.
 */
export async function refresh(call) {
  if (state.call !== call || call.ended) return;
  if (call.abort) { call.again = true; return; }
  const abort = new AbortController();
  call.abort = abort;
  let retryIn;
  try {
    call.conv = await state.cc.conversation(call.id, { signal: abort.signal });
  } catch (err) {
    if (state.call !== call || abort.signal.aborted || err?.kind === 'aborted') return;
    if (err?.kind === 'unauthorized') return signOut('Your session has ended. Sign in again to go on with the call.');
    if (err?.kind === 'not_found' || err?.kind === 'forbidden') {
      endCall(call);
      setStatus('Stopped following the call.');
    } else if (err?.kind === 'rate_limited') {
      retryIn = Math.min(Math.max(err.retryAfterMs ?? RING_READ_MS, RING_READ_MS), 60_000);
      setStatus(`Rate limited: the call's details are read again in ${Math.ceil(retryIn / 1000)} s.`);
    }
    showError(err, 'refresh');
  } finally {
    if (call.abort === abort) call.abort = undefined;
  }
  if (state.call !== call) return;
  if (call.again) {
    call.again = false;
    return refresh(call);
  }
  if (call.conv && !call.ended) syncConsult(call);
  if (!call.ended && !callIsLive(call)) endCall(call);
  renderCall();
  if (!call.ended) watchRinging(call, retryIn);
}

/** While another party's phone rings, re-reads the call once a second (or after `wait`), for at most 2 min. */
function watchRinging(call, wait) {
  clearTimeout(call.ringTimer);
  call.ringTimer = undefined;
  if (!farEndRinging(call, state.me) && wait === undefined) { call.ringUntil = undefined; return; }
  call.ringUntil ??= Date.now() + RING_READ_FOR_MS;
  if (Date.now() > call.ringUntil) return;
  call.ringTimer = setTimeout(() => { call.ringTimer = undefined; refresh(call); }, wait ?? RING_READ_MS);
}

/** Drops a consult handle the call no longer has; after a reload, rebuilds it once. */
function syncConsult(call) {
  const conv = call.conv;
  const connected = mineOf(call)?.state === 'connected';
  if (state.consult) {
    const dest = conv.participants.find((p) => p.id === state.consult.destinationParticipantId);
    if (!dest || !isActive(dest) || !connected) state.consult = undefined;
  }
  if (call.restore && connected) {
    call.restore = false;
    state.cc.consultFor(call.id).then((handle) => {
      if (state.call !== call) return;
      state.consult = handle;
      setStatus('Call restored, with its consult in progress.');
      renderCall();
    }, (err) => {
      if (err?.kind === 'invalid_state' || state.call !== call) { setStatus('Call restored.'); return; } // no consult in progress
      showError(err, 'consult');
    });
  }
}

/** The agent's own call leg in `call`: {state, held, muted, …} (see agentLeg), if any. */
export function mineOf(call) {
  return agentLeg(call, state.me);
}

/** The agent's own participant id on `call`, if known. */
export function myParticipantId(call) {
  return call?.leg?.participantId ?? myLeg(call?.conv, state.me)?.id;
}

/** Whether `call` is still going on for the agent (a call placed but not read yet is). */
export function callIsLive(call) {
  if (!call || call.ended) return false;
  if (!call.conv && !call.leg) return true; // placed, not read yet
  const mine = mineOf(call);
  if (!mine) return false;
  if (FINAL.has(mine.state)) return false;
  return !(!call.leg && call.conv?.endTime);
}

/** Stops following the call (the card is cleared). */
export function forgetCall() {
  stopReading();
  state.call = undefined;
}
