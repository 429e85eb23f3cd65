// The demo agent desktop: the page's entry. Call control goes through the public API of
// genesys-callctl, imported by its bare name as an application would. This file mounts the parts,
// wires the controls and starts the page; the widget itself is in
//   state.js          the shared state, the page's elements and the status line
//   session.js        sign-in and the session (and the access token)
//   call-tracking.js  following the call, live (watchCalls)
//   render.js         drawing the call card and enabling the controls
//   actions.js        dial, hold, mute, hang up, answer, decline
//   transfer.js       blind transfer and consult
// Sign-in (auth.js) and the developer drawer (dev.js) are the host page's own code.
import { init } from 'genesys-callctl';
import { hostFetch, installRequestLog } from './log.js';
import { mountErrors, showError } from './errors.js';
import { finishSignIn } from './auth.js';
import { mountDevDrawer } from './dev.js';
import { mountDestinations } from './destinations.js';
import { durationOf } from './call-card.js';
import { el, state, ui, setStatus } from './state.js';
import { fillSignIn, onOrgChange, showSignIn, signIn, signOut, startSession } from './session.js';
import { forgetCall } from './call-tracking.js';
import { renderCall, syncControls } from './render.js';
import { answer, decline, dial, hangUp, showNormalized, toggleHold, toggleMute } from './actions.js';
import { cancelConsult, completeConsult, speakTo, transfer } from './transfer.js';

const log = installRequestLog(el.log);
mountErrors(el.error);
ui.destinations = mountDestinations(el.transferForm, {
  findQueues: (pattern, options) => state.cc.findQueues(pattern, options),
  onChange: () => syncControls(),
  onError: (err) => showError(err, 'search'),
});

function wire() {
  el.signinForm.addEventListener('submit', (e) => { e.preventDefault(); signIn(); });
  el.signinOrg.addEventListener('change', onOrgChange);
  el.signout.addEventListener('click', () => signOut('Signed out. The token was dropped from memory.'));
  el.dialForm.addEventListener('submit', (e) => { e.preventDefault(); dial(); });
  el.number.addEventListener('input', showNormalized);
  el.answer.addEventListener('click', answer);
  el.decline.addEventListener('click', decline);
  el.hold.addEventListener('click', toggleHold);
  el.mute.addEventListener('click', toggleMute);
  el.hangup.addEventListener('click', hangUp);
  el.transferForm.addEventListener('submit', (e) => { e.preventDefault(); transfer(); });
  for (const b of el.consult.querySelectorAll('button[data-speak]')) b.addEventListener('click', () => speakTo(b.dataset.speak));
  el.consultComplete.addEventListener('click', completeConsult);
  el.consultCancel.addEventListener('click', cancelConsult);
  el.logClear.addEventListener('click', () => log.clear());
  el.callDismiss.addEventListener('click', () => {
    forgetCall();
    renderCall();
    el.number.focus();
  });
}

async function start() {
  wire();
  try {
    const res = await hostFetch('/config.json');
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
    ui.drawer = mountDevDrawer(el.dev, {
      controlBase: fake.controlBase,
      me: () => state.me,
      call: () => state.call,
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
