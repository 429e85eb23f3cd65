// The request log. Two sources, never both for one request:
//   - the package's requests, as genesys-callctl reports them through its `onRequest` option
//     (session.js passes logPackageRequest): one event per HTTP attempt, with the real attempt
//     number and outcome kind — the notification channel and subscription requests of watchCalls()
//     among them;
//   - the host page's own requests (config.json, the OAuth token exchange, the developer drawer's
//     control API), sent through hostFetch() and tagged "host".
// Beside them, the notification socket's state as watchCalls() reports it (onStatus): one "WS" row
// per change (logSocket).
// The global fetch is not wrapped, so a package request is never logged twice. Method, path, status,
// time, attempt and outcome only: never headers, never bodies, never the token (every shown string
// also passes through the redactor).
import { redact } from './secrets.js';

const LIMIT = 80;
const UUID = /[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}/gi;
// A notification channel id (`streaming-0-…`). Whoever knows it can open the channel's socket and
// read the agent's call events (no token needed), so the log keeps only its last 4 characters.
const CHANNEL = /\b(streaming-\d+-)([A-Za-z0-9]+)/g;
const maskChannel = (text) => text.replace(CHANNEL, (_, prefix, id) => `${prefix}…${id.slice(-4)}`);

let list;
const entries = [];

function span(className, text) {
  const s = document.createElement('span');
  s.className = className;
  s.textContent = redact(text);
  return s;
}

/** `text` with line-break opportunities after '/', '?' and '&' only. */
function breakable(className, text) {
  const s = document.createElement('span');
  s.className = className;
  for (const [i, piece] of redact(text).split(/(?<=[/?&])/).entries()) {
    if (i > 0) s.append(document.createElement('wbr'));
    s.append(piece);
  }
  return s;
}

function statusClass(item) {
  if (item.status === null) return item.outcome === 'aborted' ? 'is-warn' : 'is-fail';
  if (item.status >= 500) return 'is-fail';
  return item.status >= 400 ? 'is-warn' : 'is-ok';
}

/** The status cell: the status, then the outcome kind of an attempt that did not succeed. */
function statusCell(item) {
  const s = span(`log-status ${statusClass(item)}`, item.status === null ? '' : String(item.status));
  if (item.outcome && item.outcome !== 'ok') {
    if (item.status !== null) s.append(' ');
    s.append(span('log-outcome', item.outcome));
  }
  return s;
}

const SOCKET_SAID = {
  connecting: 'socket connecting',
  live: 'socket live',
  reconnecting: 'socket down — reconnecting',
  stopped: 'socket closed — updates stopped',
  closed: 'socket closed',
};

function renderSocket(item) {
  const li = item.node;
  li.replaceChildren(
    span('log-method', 'WS'),
    breakable('log-where log-path', SOCKET_SAID[item.status] ?? `socket ${item.status}`),
    span('log-status', ''),
    span('log-ms', item.at),
    span('log-attempt', ''),
  );
  li.title = redact(`the notification socket of watchCalls() (onStatus: ${item.status}) at ${item.at}`);
  li.dataset.source = 'socket';
  li.dataset.method = 'WS';
  li.dataset.socket = item.status;
  li.dataset.kind = 'socket';
}

function render(item) {
  if (item.source === 'socket') return renderSocket(item);
  const li = item.node;
  const host = item.source === 'host';
  const at = document.createElement('span');
  at.className = 'log-where';
  if (host) at.append(span('log-tag', 'host'), ' ');
  at.append(breakable('log-path', item.shortPath));
  li.replaceChildren(
    span('log-method', item.method),
    at,
    statusCell(item),
    span('log-ms', `${item.ms} ms`),
    span('log-attempt', item.count > 1 ? `×${item.count}` : host ? '' : `#${item.attempt}`),
  );
  const outcome = item.outcome && item.outcome !== 'ok' ? ` · ${item.outcome}` : '';
  const by = host ? 'the host page' : `genesys-callctl, attempt ${item.attempt}`;
  li.title = redact(`${item.method} ${item.origin}${item.path} · ${item.status ?? 'no response'}${outcome} · ${by}${item.count > 1 ? ` · seen ${item.count} times` : ''}`);
  li.dataset.source = item.source;
  li.dataset.method = item.method;
  li.dataset.path = redact(item.path);
  li.dataset.status = item.status === null ? '' : String(item.status);
  li.dataset.outcome = item.outcome ?? '';
  if (host) delete li.dataset.attempt;
  else li.dataset.attempt = String(item.attempt);
  li.dataset.kind = item.kind;
}

function add(entry) {
  if (!list) return; // not installed (yet): nothing to show it in
  const last = entries[0];
  // The same read repeated (while another party's phone rings, once a second): one row with a count.
  if (last && entry.source !== 'socket' && entry.attempt === 1 && last.attempt === 1 && last.source === entry.source && last.method === entry.method
    && last.url === entry.url && last.status === entry.status && last.outcome === entry.outcome) {
    last.count += 1;
    last.ms = entry.ms;
    render(last);
    return;
  }
  const item = { ...entry, count: 1, node: document.createElement('li') };
  entries.unshift(item);
  list.prepend(item.node);
  while (entries.length > LIMIT) entries.pop().node.remove();
  render(item);
}

/** Decoded (when it can be) and redacted: what a row shows of a path and query. */
function shown(path) {
  let out = String(path);
  try { out = decodeURIComponent(out); } catch { /* keep it encoded */ }
  return maskChannel(redact(out));
}

/** A row's where: origin, path with query, the full URL (to fold repeats), what it is, the short path shown. */
function where(origin, rawPath) {
  const path = shown(rawPath);
  let kind = 'api';
  if (path.startsWith('/oauth/')) kind = 'oauth';
  else if (path.startsWith('/__control')) kind = 'control';
  else if (origin === location.origin) kind = 'page';
  return { origin, path, url: origin + path, kind, shortPath: path.replace(UUID, (id) => `${id.slice(0, 8)}…`) };
}

/** `where()` of a URL the page fetches (relative to the page). */
function locate(url) {
  try {
    const u = new URL(url, location.href);
    return where(u.origin, u.pathname + u.search);
  } catch {
    return where('', '(invalid URL)');
  }
}

/**
 * genesys-callctl's `onRequest` hook: one row per attempt, `{method, path, status, ms, attempt,
 * outcome}` as the package tells it (status null when no response arrived). `apiBase` is where the
 * package sends them (its origin goes in the row's tooltip).
 */
export function logPackageRequest(event, apiBase) {
  const { method, path, status, ms, attempt, outcome } = event ?? {};
  let origin = '';
  try { origin = new URL(apiBase).origin; } catch { /* no base: the path alone */ }
  add({
    ...where(origin, String(path ?? '')),
    source: 'package',
    method: String(method ?? '?').toUpperCase(),
    status: typeof status === 'number' ? status : null,
    ms: Number.isFinite(ms) ? Math.round(ms) : 0,
    attempt: Number.isInteger(attempt) && attempt > 0 ? attempt : 1,
    outcome: typeof outcome === 'string' ? outcome : undefined,
  });
}

/**
 * The host page's own requests: a plain fetch, logged as one "host" row (the page never retries).
 * Time is to the response headers. Failures without a response are `network` (or `aborted`).
 */
export async function hostFetch(input, options) {
  const isRequest = typeof Request !== 'undefined' && input instanceof Request;
  const method = String(options?.method ?? (isRequest ? input.method : 'GET')).toUpperCase();
  const at = locate(isRequest ? input.url : String(input));
  const started = performance.now();
  const done = (status, outcome) => add({ ...at, source: 'host', method, status, outcome, attempt: 1, ms: Math.round(performance.now() - started) });
  let res;
  try {
    res = await globalThis.fetch(input, options);
  } catch (err) {
    done(null, err?.name === 'AbortError' ? 'aborted' : 'network');
    throw err;
  }
  done(res.status, res.ok ? 'ok' : undefined);
  return res;
}

/**
 * The notification socket's state, as watchCalls() tells its `onStatus` ('connecting', 'live',
 * 'reconnecting'), or the page's own 'stopped' (the watcher failed) and 'closed' (signed out): one
 * row per change, with the time it happened.
 */
export function logSocket(status) {
  const at = new Date().toLocaleTimeString([], { hour: '2-digit', minute: '2-digit', second: '2-digit', hour12: false });
  add({ source: 'socket', status: String(status), at, method: 'WS', attempt: 1 });
}

/** Renders the log into `ol`. Returns {clear()}. */
export function installRequestLog(ol) {
  list = ol;
  return {
    clear() {
      entries.length = 0;
      list.replaceChildren();
    },
  };
}
