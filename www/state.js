// What the page's modules share: its elements, the widget's state, the parts app.js mounts at start
// (the destination picker, the developer drawer) and the status line. Nothing here runs on import
// but looking the elements up; the modules that change the state import it from here.
import { redact } from './secrets.js';

const $ = (id) => document.getElementById(id);

/** The page's elements, by their id in camelCase: `el.signinOrg` is `#signin-org`. */
export const el = Object.fromEntries([
  'org', 'agent', 'agent-name', 'agent-initials', 'agent-status', 'status', 'error', 'signin', 'signin-form', 'signin-org',
  'signin-client', 'signin-redirect', 'signin-button', 'desk', 'dial-form', 'number', 'normalized', 'dial', 'call-state',
  'call-empty', 'call-details', 'call-party', 'call-party-sub', 'call-timer', 'ringing', 'answer', 'decline', 'hold', 'mute', 'hangup',
  'parties', 'conversation-id', 'transfer-form', 'transfer-summary', 'transfer', 'consult', 'consult-dest', 'consult-complete', 'consult-cancel', 'dev',
  'dev-base', 'log', 'log-clear', 'signout', 'foot-org', 'call-ended', 'call-dismiss', 'call-actions', 'live',
].map((id) => [id.replace(/-(\w)/g, (_, c) => c.toUpperCase()), $(id)]));

/** The widget's state. The access token is not here: it stays in session.js. */
export const state = {
  config: undefined,
  session: undefined, // {org, apiBase}
  cc: undefined,
  me: undefined,
  busy: new Set(), // operations in flight: 'dial', 'transfer', 'hold', 'mute', 'hangup', 'answer', 'decline', 'speak', 'complete', 'cancel'
  call: undefined, // {id, leg: the watcher's last Call, conv: its last read, placedAt, ended, restore, abort, again, ringTimer, ringUntil}
  consult: undefined, // the Consult handle
};

/**
 * The parts app.js mounts: `destinations` (destinations.js, before start) and `drawer` (dev.js, only
 * for the fake org, so it may stay undefined).
 */
export const ui = { destinations: undefined, drawer: undefined };

/** Says `text` on the status line (a polite live region), redacted. */
export function setStatus(text) {
  el.status.textContent = redact(text);
}
