// Draws the desk from the state: the agent's activity, the call card and consult panel (with the
// status line's announcements of a change), and which controls may be pressed now.
import { renderCallCard, renderConsult } from './call-card.js';
import { addressOf, otherParty, overallState, partyLabel } from './call-view.js';
import { redact } from './secrets.js';
import { el, state, ui, setStatus } from './state.js';
import { callIsLive, mineOf } from './call-tracking.js';

/** Up to two initials of `name`, for the avatar; '?' when it has none. */
export function initials(name) {
  return name.split(/\s+/).filter(Boolean).slice(0, 2).map((w) => w[0].toUpperCase()).join('') || '?';
}

/** Shows what the agent is doing: `key` for the styling (data-activity), `text` to read. */
export function setActivity(key, text) {
  el.agent.dataset.activity = key;
  el.agentStatus.textContent = text;
}

const ACTIVITY = {
  placing: 'Dialing', dialing: 'Dialing', contacting: 'Dialing', alerting: 'Dialing', offering: 'Dialing',
  incoming: 'Incoming call', connected: 'On a call', held: 'On hold', consulting: 'Consulting',
};
const ANNOUNCE = { connected: 'Call connected.', held: 'Call on hold.', incoming: 'Incoming call.', ended: 'The call has ended.', transferred: 'The call was transferred.' };

let lastAnnounced;

/** Redraws the call card, the consult panel and the agent's activity, announces a new call state, and syncs the controls. */
export function renderCall() {
  const call = state.call;
  const key = overallState(call, state.me, !!state.consult);
  const live = callIsLive(call);
  renderCallCard(el, { call, me: state.me, key });
  setActivity(live && ACTIVITY[key] ? 'busy' : 'available', (live && ACTIVITY[key]) || 'Available');
  if (call && key !== lastAnnounced) {
    if (key === 'connected' && lastAnnounced === 'held') setStatus('Call resumed.');
    else if (ANNOUNCE[key]) setStatus(ANNOUNCE[key]);
  }
  lastAnnounced = key;
  renderRinging(key === 'incoming' && live ? call : undefined);
  renderConsult(el, { consult: state.consult, conv: call?.conv, me: state.me });
  syncControls();
}

let ringingFor; // the conversation the ringing banner was last filled for

/**
 * The ringing banner (role="alert": said at once, whatever the screen reader is doing): who calls
 * and through which queue, said once per ringing call (when its first read is in, so the queue is
 * known), emptied when it stops ringing. Answer and Decline are native buttons in the card's
 * controls, in the tab order; the first ring moves focus to Answer unless the agent is typing.
 */
function renderRinging(call) {
  if (!call) {
    if (ringingFor) el.ringing.textContent = '';
    ringingFor = undefined;
    return;
  }
  if (ringingFor === call.id || (!call.conv && call.abort)) return; // said already, or its read is on the way
  ringingFor = call.id;
  const other = otherParty(call.conv, state.me);
  const who = other ? partyLabel(other, call.conv, state.me).name || addressOf(other) : String(call.leg?.remote ?? '').replace(/^(tel|sip):/, '');
  const queue = call.conv?.participants?.find((p) => p.purpose === 'acd')?.queueName;
  el.ringing.textContent = redact(`Incoming call${who ? ` from ${who}` : ''}${queue ? ` via ${queue}` : ''}. Answer or decline.`);
  if (!document.activeElement?.matches?.('input, textarea, select')) focusWhenUsable(el.answer);
}

// ---------------------------------------------------------------------------
// Controls: what may be pressed now

const signedIn = () => !!state.cc && !!state.me;

/** Whether a call may be placed now: signed in, not dialing already, and no call going on. */
export function canDial() {
  return signedIn() && !state.busy.has('dial') && !callIsLive(state.call);
}

let pendingFocus; // a control to focus once it can be used (after the focused one went away)

/** Focuses `button` at the next sync where it is enabled and shown. */
export function focusWhenUsable(button) {
  pendingFocus = button;
}

const legState = () => mineOf(state.call)?.state;

/**
 * A control that cannot be used now is `disabled`; one whose action is in flight stays focusable and
 * says so with aria-disabled/aria-busy (disabling the focused button would drop keyboard focus).
 */
function setUsable(button, usable, busy = false) {
  button.disabled = !usable;
  button.setAttribute('aria-disabled', String(!usable || busy));
  button.setAttribute('aria-busy', String(busy));
}

/** Enables, shows and labels every control for the state now, and moves focus where it was promised. */
export function syncControls() {
  const live = callIsLive(state.call);
  const mine = mineOf(state.call);
  const connected = live && mine?.state === 'connected';
  const busy = (name) => state.busy.has(name);
  setUsable(el.dial, signedIn() && !live, busy('dial'));
  el.dial.title = live ? 'One call at a time: hang up or transfer the current call first.' : '';

  el.callActions.hidden = !live;
  el.callEnded.hidden = !state.call || live;
  const ringing = live && (legState() === 'alerting' || legState() === 'offering');
  el.answer.hidden = !ringing;
  el.decline.hidden = !ringing;
  setUsable(el.answer, true, busy('answer'));
  setUsable(el.decline, !busy('answer'), busy('decline'));
  // While it rings, the things to do are answer or decline.
  for (const b of [el.hold, el.mute, el.hangup]) b.hidden = ringing;
  setUsable(el.hold, connected, busy('hold'));
  el.hold.setAttribute('aria-pressed', String(!!mine?.held));
  el.hold.textContent = mine?.held ? 'Resume' : 'Hold';
  setUsable(el.mute, connected, busy('mute'));
  el.mute.setAttribute('aria-pressed', String(!!mine?.muted));
  el.mute.textContent = mine?.muted ? 'Unmute' : 'Mute';
  setUsable(el.hangup, live && !ringing && !!mine, busy('hangup'));
  if (pendingFocus && !pendingFocus.disabled && pendingFocus.offsetParent !== null) {
    pendingFocus.focus();
    pendingFocus = undefined;
  }

  const dest = ui.destinations.destination();
  const consult = ui.destinations.mode() === 'consult';
  el.transfer.textContent = consult ? 'Start consult' : 'Transfer';
  setUsable(el.transfer, connected && !state.consult && !!dest, busy('transfer'));
  el.transferSummary.textContent = redact(dest ? `${consult ? 'Consult' : 'To'} ${dest.label}` : 'No destination chosen.');
  el.transferSummary.classList.toggle('is-set', !!dest);
  const consultBusy = ['speak', 'complete', 'cancel'].some(busy);
  for (const b of el.consult.querySelectorAll('button')) setUsable(b, true, consultBusy);
  ui.drawer?.sync(signedIn() && !live);
}
