// The demo widget: everything it does goes through the public API of
// genesys-callctl, imported by its bare name as an application would.
import { CallControl, CallControlError, init, normalizePhoneNumber } from 'genesys-callctl';

const POLL_MS = 1000;
const MAX_POLLS = 30 * 60; // stop refreshing a call after 30 minutes
const MAX_POLL_FAILURES = 3;
const LOG_LIMIT = 60;
const UUID = /[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}/gi;

const $ = (id) => document.getElementById(id);
const el = {
  org: $('org'),
  agentName: $('agent-name'),
  agentInitials: $('agent-initials'),
  status: $('status'),
  error: $('error'),
  dialForm: $('dial-form'),
  number: $('number'),
  normalized: $('normalized'),
  dial: $('dial'),
  callState: $('call-state'),
  callEmpty: $('call-empty'),
  callDetails: $('call-details'),
  conversationId: $('conversation-id'),
  callTimer: $('call-timer'),
  parties: $('parties'),
  transferForm: $('transfer-form'),
  queueSearch: $('queue-search'),
  queueHint: $('queue-hint'),
  queueResults: $('queue-results'),
  transferUser: $('transfer-user'),
  orgUsers: $('org-users'),
  transferAddress: $('transfer-address'),
  transferSummary: $('transfer-summary'),
  transfer: $('transfer'),
  log: $('log'),
  logClear: $('log-clear'),
};

// Secrets this page holds. Anything it displays passes through redact().
const secrets = [];
const redact = (text) => secrets.reduce((t, s) => (s ? t.split(s).join('[redacted]') : t), String(text ?? ''));

// ---------------------------------------------------------------------------
// Request log: wraps the page's own fetch before the first request (the
// package calls the global fetch). Method, path, status and time only: never
// headers, never bodies.

const requestLog = {
  entries: [],
  add(entry) {
    const last = this.entries[0];
    if (last && last.method === entry.method && last.origin === entry.origin && last.path === entry.path && last.status === entry.status) {
      last.count += 1;
      last.ms = entry.ms;
      this.render(last);
      return;
    }
    const item = { ...entry, count: 1, node: document.createElement('li') };
    this.entries.unshift(item);
    el.log.prepend(item.node);
    while (this.entries.length > LOG_LIMIT) this.entries.pop().node.remove();
    this.render(item);
  },
  render(item) {
    const { node } = item;
    node.replaceChildren(
      span('log-method', item.method),
      breakable(span('log-path', ''), item.shortPath),
      span(`log-status ${statusClass(item.status)}`, String(item.status)),
      span('log-ms', `${item.ms} ms`),
    );
    if (item.count > 1) node.append(span('log-count', `×${item.count}`));
    node.title = `${item.method} ${item.origin}${item.path}`;
    node.dataset.method = item.method;
    node.dataset.api = String(item.origin !== location.origin);
    node.dataset.status = String(item.status);
  },
  clear() {
    this.entries = [];
    el.log.replaceChildren();
  },
};

function statusClass(status) {
  if (typeof status !== 'number') return 'is-fail';
  if (status >= 500) return 'is-fail';
  if (status >= 400) return 'is-warn';
  return 'is-ok';
}

function describeRequest(input, options) {
  const isRequest = typeof Request !== 'undefined' && input instanceof Request;
  const method = String(options?.method ?? (isRequest ? input.method : 'GET')).toUpperCase();
  let path = '(invalid URL)';
  let origin = '';
  try {
    const url = new URL(isRequest ? input.url : String(input), location.href);
    origin = url.origin;
    path = url.pathname + url.search;
    try { path = decodeURIComponent(path); } catch { /* keep it encoded */ }
  } catch { /* not a URL */ }
  path = redact(path);
  return { method, path, origin, shortPath: path.replace(UUID, (id) => `${id.slice(0, 8)}…`) };
}

const pageFetch = globalThis.fetch;
globalThis.fetch = async function loggedFetch(input, options) {
  const started = performance.now();
  const req = describeRequest(input, options);
  try {
    const res = await pageFetch.call(globalThis, input, options);
    requestLog.add({ ...req, status: res.status, ms: Math.round(performance.now() - started) });
    return res;
  } catch (err) {
    const aborted = err?.name === 'AbortError';
    requestLog.add({ ...req, status: aborted ? 'aborted' : 'failed', ms: Math.round(performance.now() - started) });
    throw err;
  }
};

// ---------------------------------------------------------------------------
// Small DOM helpers

function span(className, text) {
  const s = document.createElement('span');
  s.className = className;
  s.textContent = redact(text);
  return s;
}

/** Fills `node` with `text`, allowing line breaks after '/', '?' and '&' only. */
function breakable(node, text) {
  for (const [i, piece] of redact(text).split(/(?<=[/?&])/).entries()) {
    if (i > 0) node.append(document.createElement('wbr'));
    node.append(piece);
  }
  return node;
}

function setStatus(text) {
  el.status.textContent = redact(text);
}

function clearError() {
  el.error.hidden = true;
  el.error.replaceChildren();
}

const MAYBE_APPLIED = {
  dial: 'The call may have been placed — check before retrying.',
  transfer: 'The transfer may have been applied — check the call before retrying.',
};

/** Shows a CallControlError (or anything else) without ever showing the token. */
function showError(err, action) {
  const e = err instanceof CallControlError ? err : new CallControlError({ kind: 'internal', message: String(err?.message ?? err) });
  const head = document.createElement('p');
  head.className = 'error-head';
  head.append(span('error-kind', e.kind), span('error-message', e.message));

  const facts = [];
  if (e.field) facts.push(['field', e.field]);
  if (e.status) facts.push(['HTTP', e.status]);
  if (e.code) facts.push(['code', e.code]);
  if (e.correlationId) facts.push(['correlation id', e.correlationId]);
  if (e.retryAfterMs !== undefined) facts.push(['retry after', `${Math.ceil(e.retryAfterMs / 1000)} s`]);
  if (e.attempts > 1) facts.push(['attempts', e.attempts]);
  const meta = document.createElement('dl');
  meta.className = 'error-meta';
  for (const [k, v] of facts) {
    const dt = document.createElement('dt');
    dt.textContent = k;
    const dd = document.createElement('dd');
    dd.textContent = redact(v);
    if (k === 'correlation id') dd.className = 'mono';
    meta.append(dt, dd);
  }

  const parts = [head];
  if (facts.length) parts.push(meta);
  if (e.maybeApplied) {
    const warn = document.createElement('p');
    warn.className = 'error-warning';
    warn.textContent = MAYBE_APPLIED[action] ?? 'It may have been applied — check before retrying.';
    parts.push(warn);
  }
  if (e.candidates.length) {
    const c = document.createElement('p');
    c.className = 'error-candidates';
    c.textContent = redact(`Did you mean: ${e.candidates.map((x) => x?.name ?? x?.id ?? String(x)).join(', ')}?`);
    parts.push(c);
  }
  const close = document.createElement('button');
  close.type = 'button';
  close.className = 'error-close';
  close.setAttribute('aria-label', 'Dismiss error');
  close.textContent = '×';
  close.addEventListener('click', clearError);
  parts.push(close);

  el.error.dataset.kind = e.kind;
  el.error.replaceChildren(...parts);
  el.error.hidden = false;
}

// ---------------------------------------------------------------------------
// State

const state = {
  cc: undefined,
  me: undefined,
  ready: false,
  dialing: false,
  transferring: false,
  call: undefined, // {id, conv, polls, failures, timer, abort, placedAt, ended}
  queue: undefined, // {id, name}
  queueSearch: undefined, // AbortController of the search in flight
};

const destKind = () => el.transferForm.querySelector('input[name="dest-kind"]:checked').value;

function destination() {
  switch (destKind()) {
    case 'queue':
      return state.queue ? { to: { queueId: state.queue.id }, label: `${state.queue.name} (queue)` } : undefined;
    case 'agent': {
      const id = el.transferUser.value.trim();
      if (!id) return undefined;
      const known = [...el.orgUsers.options].find((o) => o.value === id);
      return { to: { userId: id }, label: known ? `${known.label} (agent)` : `agent ${id}` };
    }
    default: {
      const address = el.transferAddress.value.trim();
      return address ? { to: { address }, label: address } : undefined;
    }
  }
}

/** The agent's own leg of the conversation: the last participant with the token's user id. */
function myLeg(conv) {
  const mine = (conv?.participants ?? []).filter((p) => state.me && p.userId === state.me.id && (p.purpose === 'user' || p.purpose === 'agent'));
  return mine[mine.length - 1];
}

const lastCall = (p) => (p?.calls?.length ? p.calls[p.calls.length - 1] : undefined);

function callIsLive(call) {
  if (!call || call.ended) return false;
  if (!call.conv) return true; // placed, not read yet
  return lastCall(myLeg(call.conv))?.state !== 'disconnected' && !call.conv.endTime;
}

function canTransfer() {
  const call = state.call;
  return state.ready && !state.transferring && callIsLive(call) && lastCall(myLeg(call.conv))?.state === 'connected' && !!destination();
}

function syncControls() {
  el.dial.disabled = !state.ready || state.dialing;
  el.dial.setAttribute('aria-busy', String(state.dialing));
  el.transfer.disabled = !canTransfer();
  el.transfer.setAttribute('aria-busy', String(state.transferring));
  const dest = destination();
  el.transferSummary.textContent = redact(dest ? `To ${dest.label}` : 'No destination chosen.');
  el.transferSummary.classList.toggle('is-set', !!dest);
}

// ---------------------------------------------------------------------------
// Number field: the E.164 form (or why not) as you type

function showNormalized() {
  const raw = el.number.value;
  el.normalized.classList.remove('is-ok', 'is-bad');
  if (!raw.trim()) {
    el.normalized.textContent = 'Include the country code, e.g. +1 317 555 0142';
    el.number.removeAttribute('aria-invalid');
    return;
  }
  try {
    const e164 = normalizePhoneNumber(raw);
    el.normalized.textContent = `Will dial ${e164}`;
    el.normalized.classList.add('is-ok');
    el.number.setAttribute('aria-invalid', 'false');
  } catch (err) {
    const msg = err instanceof CallControlError && err.field ? err.message.replace(`${err.field}: `, '') : String(err?.message ?? err);
    el.normalized.textContent = redact(msg.charAt(0).toUpperCase() + msg.slice(1));
    el.normalized.classList.add('is-bad');
    el.number.setAttribute('aria-invalid', 'true');
  }
}

// ---------------------------------------------------------------------------
// Dial

async function dial() {
  if (!state.ready || state.dialing) return;
  clearError();
  state.dialing = true;
  syncControls();
  const raw = el.number.value;
  setStatus(`Calling ${raw.trim() || '…'}`);
  try {
    const { conversationId } = await state.cc.dial({ phoneNumber: raw });
    setStatus('Call placed.');
    trackCall(conversationId);
  } catch (err) {
    setStatus('The call was not placed.');
    showError(err, 'dial');
    if (err?.kind === 'invalid_input') el.number.focus();
  } finally {
    state.dialing = false;
    syncControls();
  }
}

// ---------------------------------------------------------------------------
// Active call: refreshed every second while it lasts, never two reads at once

function trackCall(id) {
  stopPolling();
  state.call = { id, conv: undefined, polls: 0, failures: 0, timer: undefined, abort: undefined, placedAt: Date.now(), ended: false };
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

async function poll(call) {
  if (state.call !== call || call.ended) return;
  clearTimeout(call.timer);
  call.timer = undefined;
  call.abort?.abort();
  const abort = new AbortController();
  call.abort = abort;
  call.polls += 1;
  try {
    const conv = await state.cc.conversation(call.id, { signal: abort.signal });
    if (state.call !== call || abort.signal.aborted) return;
    call.conv = conv;
    call.failures = 0;
  } catch (err) {
    if (state.call !== call || abort.signal.aborted || err?.kind === 'aborted') return;
    call.failures += 1;
    if (call.failures >= MAX_POLL_FAILURES || err?.kind === 'not_found' || err?.kind === 'unauthorized' || err?.kind === 'forbidden') {
      call.ended = true;
      setStatus('Stopped refreshing the call.');
      showError(err, 'refresh');
    }
  } finally {
    if (call.abort === abort) call.abort = undefined;
  }
  if (state.call !== call) return;
  if (!callIsLive(call)) call.ended = true;
  if (!call.ended && call.polls >= MAX_POLLS) {
    call.ended = true;
    setStatus('Stopped refreshing the call after 30 minutes.');
  }
  renderCall();
  if (!call.ended) call.timer = setTimeout(() => poll(call), POLL_MS);
}

const STATE_LABEL = {
  idle: 'No call',
  placing: 'Placing…',
  dialing: 'Dialing',
  contacting: 'Dialing',
  alerting: 'Ringing',
  offering: 'Ringing',
  connected: 'Connected',
  held: 'On hold',
  transferred: 'Transferred',
  disconnected: 'Ended',
  ended: 'Ended',
};

function overallState(call) {
  if (!call) return 'idle';
  const conv = call.conv;
  if (!conv) return 'placing';
  const mine = lastCall(myLeg(conv));
  if (mine?.state === 'disconnected') return mine.disconnectType === 'transfer' ? 'transferred' : 'ended';
  if (conv.endTime) return 'ended';
  const remote = (conv.participants ?? []).filter((p) => p !== myLeg(conv) && lastCall(p)?.state !== 'disconnected');
  const remoteStates = remote.map((p) => lastCall(p)?.state);
  if (mine?.held) return 'held';
  if (remoteStates.includes('connected') && mine?.state === 'connected') return 'connected';
  for (const s of ['alerting', 'offering', 'contacting', 'dialing']) if (remoteStates.includes(s)) return s;
  return mine?.state ?? 'placing';
}

function partyLabel(p, conv) {
  if (p === myLeg(conv) || (state.me && p.userId === state.me.id)) return { role: 'You', name: state.me.name };
  const address = (p.address ?? lastCall(p)?.self?.addressNormalized ?? '').replace(/^tel:/, '');
  switch (p.purpose) {
    case 'customer': return { role: 'Customer', name: p.name || address || 'Unknown' };
    case 'external': return { role: 'External', name: p.name || address || 'Unknown' };
    case 'acd': return { role: 'Queue', name: p.queueName || p.name || 'Queue' };
    case 'agent':
    case 'user': return { role: 'Agent', name: p.name || p.userId || 'Agent' };
    case 'voicemail': return { role: 'Voicemail', name: p.name || 'Voicemail' };
    case 'ivr': return { role: 'IVR', name: p.name || 'IVR' };
    default: return { role: p.purpose || 'Party', name: p.name || address || '—' };
  }
}

function partyState(p) {
  const c = lastCall(p);
  if (!c) return { key: 'none', text: 'No call' };
  if (c.state === 'disconnected') {
    if (c.disconnectType === 'transfer') return { key: 'disconnected', text: 'Transferred' };
    return { key: 'disconnected', text: 'Disconnected' };
  }
  const flags = [c.held && 'held', c.muted && 'muted'].filter(Boolean);
  const base = STATE_LABEL[c.state] ?? c.state;
  return { key: c.state, text: flags.length ? `${base} · ${flags.join(', ')}` : base };
}

function formatDuration(ms) {
  const s = Math.max(0, Math.floor(ms / 1000));
  const m = Math.floor(s / 60);
  const h = Math.floor(m / 60);
  const pad = (n) => String(n).padStart(2, '0');
  return h ? `${h}:${pad(m % 60)}:${pad(s % 60)}` : `${m}:${pad(s % 60)}`;
}

let lastAnnounced;
function renderCall() {
  const call = state.call;
  const key = overallState(call);
  el.callState.textContent = STATE_LABEL[key] ?? key;
  el.callState.dataset.state = key;
  el.callEmpty.hidden = !!call;
  el.callDetails.hidden = !call;
  if (call) {
    el.conversationId.textContent = call.id;
    const conv = call.conv;
    const mine = lastCall(myLeg(conv));
    const start = mine?.connectedTime ? Date.parse(mine.connectedTime) : call.placedAt;
    const end = mine?.disconnectedTime ? Date.parse(mine.disconnectedTime) : Date.now();
    el.callTimer.textContent = formatDuration(end - start);
    const items = (conv?.participants ?? []).map((p) => {
      const { role, name } = partyLabel(p, conv);
      const st = partyState(p);
      const li = document.createElement('li');
      li.className = 'party';
      li.dataset.purpose = p.purpose ?? '';
      li.dataset.state = st.key;
      const who = document.createElement('span');
      who.className = 'party-who';
      who.append(span('party-role', role), span('party-name', name));
      li.append(who, span(`badge small state-${st.key}`, st.text));
      return li;
    });
    el.parties.replaceChildren(...items);
    if (key !== lastAnnounced && key !== 'placing') {
      if (key === 'connected') setStatus('Call connected.');
      else if (key === 'ended') setStatus('The call has ended.');
    }
  }
  lastAnnounced = key;
  syncControls();
}

// ---------------------------------------------------------------------------
// Transfer

async function transfer() {
  const call = state.call;
  const dest = destination();
  if (!canTransfer() || !dest) return;
  clearError();
  state.transferring = true;
  syncControls();
  setStatus(`Transferring to ${dest.label}…`);
  try {
    await state.cc.transfer({ conversationId: call.id, to: dest.to });
    setStatus(`Transferred to ${dest.label}.`);
  } catch (err) {
    setStatus('The call was not transferred.');
    showError(err, 'transfer');
  } finally {
    state.transferring = false;
    syncControls();
  }
  if (state.call === call) poll(call);
}

// ---------------------------------------------------------------------------
// Queue search as you type

let searchTimer;
function onQueueSearch() {
  clearTimeout(searchTimer);
  searchTimer = setTimeout(searchQueues, 200);
}

async function searchQueues() {
  const text = el.queueSearch.value.trim();
  state.queueSearch?.abort();
  if (!text) {
    state.queueSearch = undefined;
    el.queueResults.replaceChildren();
    el.queueHint.textContent = "Type to search the org's queues.";
    return;
  }
  const abort = new AbortController();
  state.queueSearch = abort;
  el.queueHint.textContent = 'Searching…';
  try {
    const queues = await state.cc.findQueues(`*${text}*`, { signal: abort.signal });
    if (abort.signal.aborted) return;
    renderQueues(queues, text);
  } catch (err) {
    if (abort.signal.aborted || err?.kind === 'aborted') return;
    el.queueResults.replaceChildren();
    el.queueHint.textContent = 'Queue search failed.';
    showError(err, 'search');
  }
}

function renderQueues(queues, text) {
  el.queueHint.textContent = queues.length
    ? `${queues.length} ${queues.length === 1 ? 'queue matches' : 'queues match'}.`
    : `No queue matches “${text}”.`;
  el.queueResults.replaceChildren(...queues.map((q) => {
    const b = document.createElement('button');
    b.type = 'button';
    b.className = 'queue';
    b.dataset.queueId = q.id;
    b.setAttribute('aria-pressed', String(state.queue?.id === q.id));
    b.textContent = q.name;
    b.addEventListener('click', () => selectQueue(q));
    return b;
  }));
}

function selectQueue(q) {
  state.queue = { id: q.id, name: q.name };
  for (const b of el.queueResults.querySelectorAll('button[data-queue-id]')) {
    b.setAttribute('aria-pressed', String(b.dataset.queueId === q.id));
  }
  syncControls();
}

function showDestPanel() {
  const kind = destKind();
  for (const k of ['queue', 'agent', 'address']) $(`dest-${k}`).hidden = k !== kind;
  syncControls();
}

// ---------------------------------------------------------------------------
// Start

function initials(name) {
  return name.split(/\s+/).filter(Boolean).slice(0, 2).map((w) => w[0].toUpperCase()).join('') || '?';
}

async function start() {
  el.dialForm.addEventListener('submit', (e) => { e.preventDefault(); dial(); });
  el.number.addEventListener('input', showNormalized);
  el.transferForm.addEventListener('submit', (e) => { e.preventDefault(); transfer(); });
  el.transferForm.addEventListener('change', (e) => { if (e.target.name === 'dest-kind') showDestPanel(); });
  el.queueSearch.addEventListener('input', onQueueSearch);
  el.queueSearch.addEventListener('keydown', (e) => {
    // Enter in the search picks the only match instead of submitting.
    if (e.key !== 'Enter') return;
    const buttons = el.queueResults.querySelectorAll('button[data-queue-id]');
    if (!state.queue && buttons.length === 1) { e.preventDefault(); buttons[0].click(); }
  });
  el.transferUser.addEventListener('input', syncControls);
  el.transferAddress.addEventListener('input', syncControls);
  el.logClear.addEventListener('click', () => requestLog.clear());

  try {
    const res = await fetch('/config.json');
    if (!res.ok) throw new Error(`/config.json answered ${res.status}`);
    const config = await res.json();
    secrets.push(config.token);
    const token = config.token; // the host's token source; here, the demo org's agent token
    await init();
    state.cc = new CallControl({ apiBase: config.apiBase, token: () => token });
    state.me = await state.cc.me();

    el.agentName.textContent = redact(state.me.name);
    el.agentName.removeAttribute('aria-busy');
    el.agentInitials.textContent = initials(state.me.name);
    el.org.textContent = `${config.org ?? 'Genesys Cloud'} · ${new URL(config.apiBase).host}`;
    el.org.title = `API: ${config.apiBase}`;
    el.orgUsers.replaceChildren(...(config.users ?? []).filter((u) => u.id !== state.me.id).map((u) => {
      const o = document.createElement('option');
      o.value = u.id;
      o.label = u.name;
      return o;
    }));
    state.ready = true;
    el.number.disabled = false;
    setStatus('Ready.');
    syncControls();
    showNormalized();
  } catch (err) {
    el.agentName.textContent = 'Not signed in';
    el.agentName.removeAttribute('aria-busy');
    el.org.textContent = 'Could not connect';
    setStatus('The widget could not start.');
    showError(err, 'load');
  }
}

// Keep the duration ticking between reads without another request.
setInterval(() => {
  if (state.call && !state.call.ended && state.call.conv) {
    const mine = lastCall(myLeg(state.call.conv));
    const start = mine?.connectedTime ? Date.parse(mine.connectedTime) : state.call.placedAt;
    el.callTimer.textContent = formatDuration(Date.now() - start);
  }
}, 1000);

start();
