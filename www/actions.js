// What the agent does to the call: act() runs any one action; dialing (with the number's E.164 form
// shown as you type), hold, mute, hang up, answer and decline.
import { normalizePhoneNumber } from 'genesys-callctl';
import { redact } from './secrets.js';
import { showError, clearError } from './errors.js';
import { el, state, ui, setStatus } from './state.js';
import { signOut } from './session.js';
import { mineOf, myParticipantId, refresh, trackCall } from './call-tracking.js';
import { canDial, focusWhenUsable, syncControls } from './render.js';

/**
 * Runs one user action: marks it busy, clears the last error, says what happens, and shows the
 * package's error when it fails. The card then shows the change when watchCalls() brings it; an
 * action that leaves the agent's own leg as it was (a consult step) asks for one read instead
 * (`reread`), since no `Call` comes for it.
 */
export async function act(name, doing, run, { failed, onError, action = name, reread = false } = {}) {
  if (state.busy.has(name)) return;
  clearError();
  state.busy.add(name);
  syncControls();
  setStatus(doing);
  try {
    await run();
  } catch (err) {
    if (err?.kind === 'unauthorized') {
      signOut('Your session has ended. Sign in again.');
      showError(err, action);
      return;
    }
    setStatus(failed ?? 'That did not work.');
    showError(err, action);
    onError?.(err);
  } finally {
    state.busy.delete(name);
    syncControls();
    ui.drawer?.refresh();
  }
  if (reread && state.call && !state.call.ended) refresh(state.call);
}

/** The followed call's conversation id. */
export function cid() {
  return state.call.id;
}

/** The agent's own participant, when the watcher or a read told it: the package then needs no lookup. */
const own = () => {
  const participantId = myParticipantId(state.call);
  return participantId ? { participantId } : {};
};

// ---------------------------------------------------------------------------
// Dial

/** Shows under the number field what will be dialed (its E.164 form) or why it cannot be. */
export function showNormalized() {
  const raw = el.number.value;
  el.normalized.classList.remove('is-ok', 'is-bad');
  if (!raw.trim()) {
    el.normalized.textContent = 'Include the country code, e.g. +1 317 555 0142';
    el.number.removeAttribute('aria-invalid');
  } else {
    try {
      el.normalized.textContent = `Will dial ${normalizePhoneNumber(raw)}`;
      el.normalized.classList.add('is-ok');
      el.number.setAttribute('aria-invalid', 'false');
    } catch (err) {
      const msg = err?.field ? err.message.replace(`${err.field}: `, '') : String(err?.message ?? err);
      el.normalized.textContent = redact(msg.charAt(0).toUpperCase() + msg.slice(1));
      el.normalized.classList.add('is-bad');
      el.number.setAttribute('aria-invalid', 'true');
    }
  }
  syncControls();
}

/** Places a call to the number as typed, and follows it. */
export async function dial() {
  if (!canDial()) return;
  const raw = el.number.value;
  await act('dial', `Calling ${raw.trim()}…`, async () => {
    const { conversationId } = await state.cc.dial({ phoneNumber: raw });
    setStatus('Call placed. Ringing…');
    trackCall(conversationId);
  }, { failed: 'The call was not placed.', onError: (err) => { if (err?.kind === 'invalid_input') el.number.focus(); } });
}

// ---------------------------------------------------------------------------
// Call controls

/** Puts the call on hold, or resumes it. */
export async function toggleHold() {
  const held = !mineOf(state.call)?.held;
  await act('hold', held ? 'Putting the call on hold…' : 'Resuming the call…', async () => {
    await state.cc.hold(cid(), held, own());
  }, { failed: held ? 'The call was not put on hold.' : 'The call was not resumed.' });
}

/** Mutes the agent, or unmutes. */
export async function toggleMute() {
  const muted = !mineOf(state.call)?.muted;
  await act('mute', muted ? 'Muting…' : 'Unmuting…', async () => {
    await state.cc.mute(cid(), muted, own());
    setStatus(muted ? 'Muted.' : 'Unmuted.');
  }, { failed: 'Mute did not change.' });
}

/** Hangs up the agent's leg. */
export async function hangUp() {
  await act('hangup', 'Hanging up…', async () => {
    await state.cc.hangUp(cid(), own());
    if (document.activeElement === el.hangup) focusWhenUsable(el.callDismiss); // the controls go away with the call
  }, { failed: 'The call was not hung up.' });
}

/** Answers the ringing call (the agent's alerting leg → connected). */
export async function answer() {
  await act('answer', 'Answering…', async () => {
    await state.cc.answer(cid(), own());
    if (document.activeElement === el.answer) focusWhenUsable(el.hold); // Answer goes away; keep the keyboard in the card
  }, { failed: 'The call was not answered.' });
}

/** Declines the ringing call: hangUp on the agent's alerting leg. */
export async function decline() {
  await act('decline', 'Declining…', async () => {
    await state.cc.hangUp(cid(), own());
    if (document.activeElement === el.decline) focusWhenUsable(el.callDismiss);
  }, { failed: 'The call was not declined.' });
}
