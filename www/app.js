// The demo agent desktop. Call control goes through the public API of genesys-callctl, imported by
// its bare name as an application would; sign-in (auth.js), answering (host-answer.js) and the
// developer drawer (dev.js) are the host page's own code.
import { CallControl, init, normalizePhoneNumber } from 'genesys-callctl';
import { installRequestLog } from './log.js';
import { redact } from './secrets.js';
import { mountErrors, showError, clearError } from './errors.js';
import { beginSignIn, finishSignIn, redirectUri } from './auth.js';
import { REGIONS, apiBaseOf, loginBaseOf } from './regions.js';
import { answerCall } from './host-answer.js';
import { mountDevDrawer } from './dev.js';
import { mountDestinations } from './destinations.js';
import { durationOf, renderCallCard, renderConsult } from './call-card.js';
import { isActive, lastCall, myLeg, overallState } from './call-view.js';

const POLL_MS = 1000;
const MAX_POLLS = 30 * 60; // stop refreshing a call after 30 minutes
const MAX_POLL_FAILURES = 3;
const CALL_KEY = 'genesys-callctl-demo:call'; // the followed conversation's id (not a secret), for a reload
const CLIENT_KEY = 'genesys-callctl-demo:client-id'; // the last real-org client id (not a secret)

const $ = (id) => document.getElementById(id);
const el = Object.fromEntries([
  'org', 'agent', 'agent-name', 'agent-initials', 'agent-status', 'status', 'error', 'signin', 'signin-form', 'signin-org',
  'signin-client', 'signin-redirect', 'signin-button', 'desk', 'dial-form', 'number', 'normalized', 'dial', 'call-state',
  'call-empty', 'call-details', 'call-party', 'call-party-sub', 'call-timer', 'answer', 'answer-note', 'hold', 'mute', 'hangup',
  'parties', 'conversation-id', 'transfer-form', 'transfer-summary', 'transfer', 'consult', 'consult-dest', 'consult-complete', 'consult-cancel', 'dev',
  'dev-base', 'log', 'log-clear', 'signout', 'foot-org', 'call-ended', 'call-dismiss', 'call-actions',
].map((id) => [id.replace(/-(\w)/g, (_, c) => c.toUpperCase()), $(id)]));

const log = installRequestLog(el.log);
mountErrors(el.error);

// The access token: in this module's memory only, never in storage, the DOM or a log.
let accessToken;

const state = {
  config: undefined,
  session: undefined, // {org, apiBase}
  cc: undefined,
  me: undefined,
  busy: new Set(), // operations in flight: 'dial', 'transfer', 'hold', 'mute', 'hangup', 'answer', 'speak', 'complete', 'cancel'
  call: undefined, // {id, conv, polls, failures, timer, abort, placedAt, ended, restore}
  consult: undefined, // the Consult handle
};
let drawer;
const destinations = mountDestinations(el.transferForm, {
  findQueues: (pattern, options) => state.cc.findQueues(pattern, options),
  onChange: () => syncControls(),
  onError: (err) => showError(err, 'search'),
});

function setStatus(text) {
  el.status.textContent = redact(text);
}

// ---------------------------------------------------------------------------
// Sign-in

function fillSignIn() {
  const { fake } = state.config;
  const options = [];
  if (fake) {
    options.push(new Option('Embedded fake org (default)', 'fake'));
  }
  const group = document.createElement('optgroup');
  group.label = 'Genesys Cloud regions';
  for (const [id, domain] of REGIONS) group.append(new Option(`${domain} · ${id}`, domain));
  el.signinOrg.replaceChildren(...options, group);
  el.signinRedirect.textContent = redirectUri();
  onOrgChange();
}

function onOrgChange() {
  const fake = el.signinOrg.value === 'fake';
  el.signinClient.value = fake ? state.config.fake.clientId : (localStorage.getItem(CLIENT_KEY) ?? '');
  el.signinClient.removeAttribute('aria-invalid');
}

async function signIn() {
  clearError();
  const org = el.signinOrg.value;
  const clientId = el.signinClient.value.trim();
  if (!clientId) {
    el.signinClient.setAttribute('aria-invalid', 'true');
    el.signinClient.focus();
    showError({ kind: 'invalid_input', field: 'client id', message: 'Enter the OAuth client id of a Code Authorization (PKCE) client.' });
    return;
  }
  const fake = org === 'fake' ? state.config.fake : undefined;
  if (!fake) localStorage.setItem(CLIENT_KEY, clientId);
  el.signinButton.disabled = true;
  setStatus('Signing in…');
  try {
    await beginSignIn({
      org, clientId, loginBase: fake ? fake.loginBase : loginBaseOf(org), apiBase: fake ? fake.apiBase : apiBaseOf(org),
    });
  } catch (err) {
    el.signinButton.disabled = false;
    showError(err, 'sign-in');
  }
}

function showSignIn(message) {
  el.signin.hidden = false;
  el.desk.hidden = true;
  el.dev.hidden = true;
  el.signout.hidden = true;
  el.signinButton.disabled = false;
  el.agentName.textContent = '';
  el.agentInitials.textContent = '·';
  el.org.textContent = 'Not signed in';
  el.footOrg.textContent = 'signed out';
  setActivity('signed-out', 'Signed out');
  setStatus(message ?? 'Sign in to place and transfer calls.');
}

async function startSession(session) {
  accessToken = session.token;
  state.session = { org: session.org, apiBase: session.apiBase };
  const fake = session.org === 'fake';
  // The token provider: asked once per operation (and again after a 401).
  const token = () => accessToken ?? '';
  state.cc = new CallControl(fake ? { apiBase: session.apiBase, token } : { region: session.org, token });
  setStatus('Signed in. Loading your profile…');
  state.me = await state.cc.me();

  el.agentName.textContent = redact(state.me.name);
  el.agentInitials.textContent = initials(state.me.name ?? '');
  el.org.textContent = fake ? `fake-genesys · ${new URL(session.apiBase).host}` : `Genesys Cloud · ${session.org}`;
  el.footOrg.textContent = fake ? 'embedded fake Genesys Cloud org' : `Genesys Cloud ${session.org}`;
  destinations.setUsers((fake ? state.config.fake.users : []).filter((u) => u.id !== state.me.id));
  el.signin.hidden = true;
  el.desk.hidden = false;
  el.signout.hidden = false;
  el.dev.hidden = !fake;
  setStatus('Ready.');
  showNormalized();

  const followed = sessionStorage.getItem(CALL_KEY);
  if (followed) {
    setStatus('Restoring the call you were on…');
    trackCall(followed, { restore: true });
  } else {
    renderCall();
  }
}

function signOut(message) {
  accessToken = undefined;
  stopPolling();
  state.cc = undefined;
  state.me = undefined;
  state.call = undefined;
  state.consult = undefined;
  showSignIn(message);
}

// ---------------------------------------------------------------------------
// Dial

function showNormalized() {
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

async function dial() {
  if (!canDial()) return;
  const raw = el.number.value;
  await act('dial', `Calling ${raw.trim()}…`, async () => {
    const { conversationId } = await state.cc.dial({ phoneNumber: raw });
    setStatus('Call placed. Ringing…');
    trackCall(conversationId);
  }, { failed: 'The call was not placed.', onError: (err) => { if (err?.kind === 'invalid_input') el.number.focus(); } });
}

// ---------------------------------------------------------------------------
// Following the call: read every second while it lasts, never two reads at once

function trackCall(id, { restore = false } = {}) {
  stopPolling();
  state.consult = undefined;
  state.call = { id, conv: undefined, polls: 0, failures: 0, timer: undefined, abort: undefined, placedAt: Date.now(), ended: false, restore };
  sessionStorage.setItem(CALL_KEY, id);
  renderCall();
  poll(state.call);
}

function stopPolling() {
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

async function poll(call) {
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

const mineOf = (call) => lastCall(myLeg(call?.conv, state.me));

function callIsLive(call) {
  if (!call || call.ended) return false;
  if (!call.conv) return true; // placed, not read yet
  const mine = mineOf(call);
  return !!mine && mine.state !== 'disconnected' && !call.conv.endTime;
}

// ---------------------------------------------------------------------------
// Rendering

function initials(name) {
  return name.split(/\s+/).filter(Boolean).slice(0, 2).map((w) => w[0].toUpperCase()).join('') || '?';
}

function setActivity(key, text) {
  el.agent.dataset.activity = key;
  el.agentStatus.textContent = text;
}

const ACTIVITY = {
  placing: 'Dialing', dialing: 'Dialing', contacting: 'Dialing', alerting: 'Dialing', offering: 'Dialing',
  incoming: 'Incoming call', connected: 'On a call', held: 'On hold', consulting: 'Consulting',
};
const ANNOUNCE = { connected: 'Call connected.', held: 'Call on hold.', incoming: 'Incoming call.', ended: 'The call has ended.', transferred: 'The call was transferred.' };

let lastAnnounced;
function renderCall() {
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
  renderConsult(el, { consult: state.consult, conv: call?.conv, me: state.me });
  syncControls();
}

// ---------------------------------------------------------------------------
// Controls: what may be pressed now

const signedIn = () => !!state.cc && !!state.me;
const canDial = () => signedIn() && !state.busy.has('dial') && !callIsLive(state.call);
let pendingFocus; // a control to focus once it can be used (after the focused one went away)
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

function syncControls() {
  const live = callIsLive(state.call);
  const mine = mineOf(state.call);
  const connected = live && mine?.state === 'connected';
  const busy = (name) => state.busy.has(name);
  setUsable(el.dial, signedIn() && !live, busy('dial'));
  el.dial.title = live ? 'One call at a time: hang up or transfer the current call first.' : '';

  el.callActions.hidden = !live;
  el.callEnded.hidden = !state.call || live;
  el.answer.hidden = !(live && (legState() === 'alerting' || legState() === 'offering'));
  el.answerNote.hidden = el.answer.hidden;
  setUsable(el.answer, true, busy('answer'));
  // While it rings, the only thing to do is answer (the package has no decline).
  for (const b of [el.hold, el.mute, el.hangup]) b.hidden = !el.answer.hidden;
  setUsable(el.hold, connected, busy('hold'));
  el.hold.setAttribute('aria-pressed', String(!!mine?.held));
  el.hold.textContent = mine?.held ? 'Resume' : 'Hold';
  setUsable(el.mute, connected, busy('mute'));
  el.mute.setAttribute('aria-pressed', String(!!mine?.muted));
  el.mute.textContent = mine?.muted ? 'Unmute' : 'Mute';
  setUsable(el.hangup, live && el.answer.hidden && !!mine, busy('hangup'));
  if (pendingFocus && !pendingFocus.disabled && pendingFocus.offsetParent !== null) {
    pendingFocus.focus();
    pendingFocus = undefined;
  }

  const dest = destinations.destination();
  const consult = destinations.mode() === 'consult';
  el.transfer.textContent = consult ? 'Start consult' : 'Transfer';
  setUsable(el.transfer, connected && !state.consult && !!dest, busy('transfer'));
  el.transferSummary.textContent = redact(dest ? `${consult ? 'Consult' : 'To'} ${dest.label}` : 'No destination chosen.');
  el.transferSummary.classList.toggle('is-set', !!dest);
  const consultBusy = ['speak', 'complete', 'cancel'].some(busy);
  for (const b of el.consult.querySelectorAll('button')) setUsable(b, true, consultBusy);
  drawer?.sync(signedIn() && !live);
}

/**
 * Runs one user action: marks it busy, clears the last error, says what happens, and shows the
 * package's error when it fails. Then reads the call again so the card shows the server's state.
 */
async function act(name, doing, run, { failed, onError, action = name } = {}) {
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
    drawer?.refresh();
  }
  if (state.call && !state.call.ended) poll(state.call);
}

// ---------------------------------------------------------------------------
// Call controls

const cid = () => state.call.id;

async function toggleHold() {
  const held = !mineOf(state.call)?.held;
  await act('hold', held ? 'Putting the call on hold…' : 'Resuming the call…', async () => {
    await state.cc.hold(cid(), held);
  }, { failed: held ? 'The call was not put on hold.' : 'The call was not resumed.' });
}

async function toggleMute() {
  const muted = !mineOf(state.call)?.muted;
  await act('mute', muted ? 'Muting…' : 'Unmuting…', async () => {
    await state.cc.mute(cid(), muted);
    setStatus(muted ? 'Muted.' : 'Unmuted.');
  }, { failed: 'Mute did not change.' });
}

async function hangUp() {
  await act('hangup', 'Hanging up…', async () => {
    await state.cc.hangUp(cid());
    if (document.activeElement === el.hangup) pendingFocus = el.callDismiss; // the controls go away with the call
  }, { failed: 'The call was not hung up.' });
}

async function answer() {
  const leg = myLeg(state.call?.conv, state.me);
  if (!leg) return;
  await act('answer', 'Answering…', async () => {
    await answerCall({ apiBase: state.session.apiBase, token: accessToken, conversationId: cid(), participantId: leg.id });
    if (document.activeElement === el.answer) pendingFocus = el.hold; // Answer goes away; keep the keyboard in the card
  }, { failed: 'The call was not answered.' });
}

// ---------------------------------------------------------------------------
// Transfer: blind, or consult first

async function transfer() {
  const dest = destinations.destination();
  if (el.transfer.disabled || !dest) return;
  if (destinations.mode() === 'blind') {
    await act('transfer', `Transferring to ${dest.label}…`, async () => {
      await state.cc.transfer({ conversationId: cid(), to: dest.to });
      setStatus(`Transferred to ${dest.label}.`);
    }, { failed: 'The call was not transferred.' });
  } else {
    await act('transfer', `Starting a consult with ${dest.label}…`, async () => {
      state.consult = await state.cc.consult({ conversationId: cid(), to: dest.to, speakTo: 'destination' });
      setStatus(`Consulting ${dest.label}. The customer is on hold for you.`);
    }, { failed: 'The consult did not start.', action: 'consult' });
  }
}

const SPEAK_SAID = { destination: 'You speak to the destination.', object: 'You speak to the customer.', both: 'Everyone hears everyone.' };

async function speakTo(who) {
  const c = state.consult;
  if (!c) return;
  await act('speak', 'Switching who speaks…', async () => {
    await c.speakTo(who);
    setStatus(SPEAK_SAID[who]);
  }, { failed: 'Who speaks did not change.', action: 'consult' });
}

async function completeConsult() {
  const c = state.consult;
  if (!c) return;
  await act('complete', 'Completing the transfer…', async () => {
    await c.complete();
    state.consult = undefined;
    setStatus('Transfer completed. You left the call.');
  }, { failed: 'The transfer was not completed.', action: 'transfer' });
}

async function cancelConsult() {
  const c = state.consult;
  if (!c) return;
  await act('cancel', 'Cancelling the consult…', async () => {
    await c.cancel();
    state.consult = undefined;
    setStatus('Consult cancelled. You are back with the customer.');
  }, { failed: 'The consult was not cancelled.', action: 'consult' });
}

// ---------------------------------------------------------------------------
// Start

function wire() {
  el.signinForm.addEventListener('submit', (e) => { e.preventDefault(); signIn(); });
  el.signinOrg.addEventListener('change', onOrgChange);
  el.signout.addEventListener('click', () => signOut('Signed out. The token was dropped from memory.'));
  el.dialForm.addEventListener('submit', (e) => { e.preventDefault(); dial(); });
  el.number.addEventListener('input', showNormalized);
  el.answer.addEventListener('click', answer);
  el.hold.addEventListener('click', toggleHold);
  el.mute.addEventListener('click', toggleMute);
  el.hangup.addEventListener('click', hangUp);
  el.transferForm.addEventListener('submit', (e) => { e.preventDefault(); transfer(); });
  for (const b of el.consult.querySelectorAll('button[data-speak]')) b.addEventListener('click', () => speakTo(b.dataset.speak));
  el.consultComplete.addEventListener('click', completeConsult);
  el.consultCancel.addEventListener('click', cancelConsult);
  el.logClear.addEventListener('click', () => log.clear());
  el.callDismiss.addEventListener('click', () => {
    stopPolling();
    state.call = undefined;
    renderCall();
    el.number.focus();
  });
}

async function start() {
  wire();
  try {
    const res = await fetch('/config.json');
    if (!res.ok) throw new Error(`/config.json answered ${res.status}`);
    state.config = await res.json();
    await init(); // the WebAssembly module now, so the number field can validate as you type
  } catch (err) {
    setStatus('The widget could not start.');
    showError(err, 'load');
    return;
  }
  fillSignIn();
  const fake = state.config.fake;
  if (fake) {
    el.devBase.textContent = fake.controlBase;
    drawer = mountDevDrawer(el.dev, {
      controlBase: fake.controlBase,
      me: () => state.me,
      call: () => state.call,
      onOffer: (id) => trackCall(id),
      onError: (err) => showError(err, 'dev'),
      announce: setStatus,
      after: syncControls,
    });
  }
  let session;
  try {
    session = await finishSignIn();
  } catch (err) {
    showSignIn('Sign-in failed.');
    showError(err, 'sign-in');
    return;
  }
  if (!session) return showSignIn();
  try {
    await startSession(session);
  } catch (err) {
    signOut('Signed in, but the profile could not be read.');
    showError(err, 'load');
  }
}

// Keep the duration ticking between reads without another request.
setInterval(() => {
  if (state.call && !state.call.ended && state.call.conv) el.callTimer.textContent = durationOf(state.call, state.me);
}, 1000);

start();
