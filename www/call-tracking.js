// Following the call: reads it every second while it lasts, never two reads at once; stops when it
// ends, after repeated failures or after 30 minutes; waits as told when rate limited; and keeps the
// consult handle in step with the call (rebuilding it once after a reload).
import { showError } from './errors.js';
import { isActive, lastCall, myLeg } from './call-view.js';
import { state, setStatus } from './state.js';
import { signOut } from './session.js';
import { renderCall } from './render.js';

const POLL_MS = 1000;
const MAX_POLLS = 30 * 60; // stop refreshing a call after 30 minutes
const MAX_POLL_FAILURES = 3;

/** sessionStorage key of the followed conversation's id (not a secret), for a reload. */
export const CALL_KEY = 'genesys-callctl-demo:call';

/** Follows conversation `id` from now on (dropping the call and consult before); `restore` after a reload. */
export function trackCall(id, { restore = false } = {}) {
  stopPolling();
  state.consult = undefined;
  state.call = { id, conv: undefined, polls: 0, failures: 0, timer: undefined, abort: undefined, placedAt: Date.now(), ended: false, restore };
  sessionStorage.setItem(CALL_KEY, id);
  renderCall();
  poll(state.call);
}

/** Stops reading the followed call: the next read is cancelled, the one in flight aborted. */
export function stopPolling() {
  const call = state.call;
  if (!call) return;
  clearTimeout(call.timer);
  call.timer = undefined;
  call.abort?.abort();
  call.abort = undefined;
}

function endCall(call) {
  call.ended = true;
  state.consult = undefined;
  if (sessionStorage.getItem(CALL_KEY) === call.id) sessionStorage.removeItem(CALL_KEY);
}

/** Reads `call` now (aborting a read in flight), redraws, and plans the next read while it lasts. */
export async function poll(call) {
  if (state.call !== call || call.ended) return;
  clearTimeout(call.timer);
  call.timer = undefined;
  call.abort?.abort();
  const abort = new AbortController();
  call.abort = abort;
  call.polls += 1;
  let wait = POLL_MS;
  try {
    call.conv = await state.cc.conversation(call.id, { signal: abort.signal });
    call.failures = 0;
  } catch (err) {
    if (state.call !== call || abort.signal.aborted || err?.kind === 'aborted') return;
    if (err?.kind === 'unauthorized') return signOut('Your session has ended. Sign in again to go on with the call.');
    if (err?.kind === 'rate_limited') {
      // Genesys asked this client to wait: do, and say so.
      wait = Math.min(Math.max(err.retryAfterMs ?? POLL_MS, POLL_MS), 60_000);
      setStatus(`Rate limited: the call is refreshed again in ${Math.ceil(wait / 1000)} s.`);
      showError(err, 'refresh');
    } else if (++call.failures >= MAX_POLL_FAILURES || err?.kind === 'not_found' || err?.kind === 'forbidden') {
      endCall(call);
      setStatus('Stopped following the call.');
      showError(err, 'refresh');
    }
  } finally {
    if (call.abort === abort) call.abort = undefined;
  }
  if (state.call !== call) return;
  if (call.conv && !call.ended) syncConsult(call);
  if (call.conv && !call.ended && !callIsLive(call)) endCall(call);
  if (!call.ended && call.polls >= MAX_POLLS) {
    endCall(call);
    setStatus('Stopped following the call after 30 minutes.');
  }
  renderCall();
  if (!call.ended) call.timer = setTimeout(() => poll(call), wait);
}

/** Drops a consult handle the call no longer has; after a reload, rebuilds it once. */
function syncConsult(call) {
  const conv = call.conv;
  if (state.consult) {
    const dest = conv.participants.find((p) => p.id === state.consult.destinationParticipantId);
    if (!dest || !isActive(dest) || lastCall(myLeg(conv, state.me))?.state !== 'connected') state.consult = undefined;
  }
  if (call.restore && lastCall(myLeg(conv, state.me))?.state === 'connected') {
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

/** The agent's own call leg in `call`'s last read, if any. */
export function mineOf(call) {
  return lastCall(myLeg(call?.conv, state.me));
}

/** Whether `call` is still going on for the agent (a call placed but not read yet is). */
export function callIsLive(call) {
  if (!call || call.ended) return false;
  if (!call.conv) return true; // placed, not read yet
  const mine = mineOf(call);
  return !!mine && mine.state !== 'disconnected' && !call.conv.endTime;
}
