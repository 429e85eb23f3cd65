// Sign-in and the session: the sign-in panel, starting a session with the token auth.js brings
// back (the CallControl, the agent's profile, the call a reload was on), and signing out.
// The access token lives here, in this module's memory only: never in storage, the DOM or a log.
import { CallControl } from 'genesys-callctl';
import { redact } from './secrets.js';
import { logPackageRequest } from './log.js';
import { showError, clearError } from './errors.js';
import { beginSignIn, redirectUri } from './auth.js';
import { REGIONS, apiBaseOf, loginBaseOf } from './regions.js';
import { el, state, ui, setStatus } from './state.js';
import { CALL_KEY, startWatching, stopReading, stopWatching, trackCall } from './call-tracking.js';
import { initials, renderCall, setActivity } from './render.js';
import { showNormalized } from './actions.js';

const CLIENT_KEY = 'genesys-callctl-demo:client-id'; // the last real-org client id (not a secret)

let accessToken;

/** The session's access token, or undefined when signed out. For the host page's own requests. */
export function currentToken() {
  return accessToken;
}

/** Fills the organization list (the fake org first when there is one, then the regions) and the redirect URI. */
export function fillSignIn() {
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

/** Prefills the client id for the chosen organization: the fake org's, or the last one used for a real org. */
export function onOrgChange() {
  const fake = el.signinOrg.value === 'fake';
  el.signinClient.value = fake ? state.config.fake.clientId : (localStorage.getItem(CLIENT_KEY) ?? '');
  el.signinClient.removeAttribute('aria-invalid');
}

/** The sign-in form's submit: checks the client id, then leaves for the login host (auth.js). */
export async function signIn() {
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

/** Shows the sign-in panel instead of the desk, with `message` (or the default) on the status line. */
export function showSignIn(message) {
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

/**
 * Starts a session from finishSignIn()'s {token, org, apiBase}: makes the CallControl, reads the
 * agent's profile, shows the desk, starts watching the agent's calls, and follows again the call a
 * reload left. Throws if the profile cannot be read.
 */
export async function startSession(session) {
  accessToken = session.token;
  state.session = { org: session.org, apiBase: session.apiBase };
  const fake = session.org === 'fake';
  // The token provider: asked once per operation (and again after a 401).
  const token = () => accessToken ?? '';
  // The request log: the package reports each attempt it makes (never headers, bodies or the token).
  const apiBase = session.apiBase;
  const onRequest = (event) => logPackageRequest(event, apiBase);
  state.cc = new CallControl(fake ? { apiBase, token, onRequest } : { region: session.org, token, onRequest });
  setStatus('Signed in. Loading your profile…');
  state.me = await state.cc.me();

  el.agentName.textContent = redact(state.me.name);
  el.agentInitials.textContent = initials(state.me.name ?? '');
  el.org.textContent = fake ? `fake-genesys · ${new URL(session.apiBase).host}` : `Genesys Cloud · ${session.org}`;
  el.footOrg.textContent = fake ? 'embedded fake Genesys Cloud org' : `Genesys Cloud ${session.org}`;
  ui.destinations.setUsers((fake ? state.config.fake.users : []).filter((u) => u.id !== state.me.id));
  el.signin.hidden = true;
  el.desk.hidden = false;
  el.signout.hidden = false;
  el.dev.hidden = !fake;
  setStatus('Ready.');
  showNormalized();
  // Every change of the agent's calls from now on, over one notification socket: calls that ring
  // here, and changes made anywhere else.
  startWatching();

  const followed = sessionStorage.getItem(CALL_KEY);
  if (followed) {
    setStatus('Restoring the call you were on…');
    trackCall(followed, { restore: true });
  } else {
    renderCall();
  }
}

/** Drops the token, the watcher, the CallControl and the call (no longer followed), and shows the sign-in panel. */
export function signOut(message) {
  accessToken = undefined;
  stopWatching();
  stopReading();
  state.cc = undefined;
  state.me = undefined;
  state.call = undefined;
  state.consult = undefined;
  showSignIn(message);
}
