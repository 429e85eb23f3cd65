// The request log: wraps the page's fetch before the first request (the package calls the global
// fetch, so it sees every request the package sends, plus the page's own). Method, path, status, time
// and attempt only: never headers, never bodies, never the query of an OAuth redirect.
import { redact } from './secrets.js';

const LIMIT = 80;
const UUID = /[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}/gi;
/** A request after one of these answers for the same method and URL is a retry (the package retries 401 once, 408, 429, 5xx, network). */
const RETRYABLE = (status) => status === 'failed' || status === 401 || status === 408 || status === 429 || status >= 500;
const RETRY_WINDOW_MS = 35_000; // the package's longest wait between attempts (maxRetryAfterMs 30 s) plus slack

let list;
const entries = [];
const lastByKey = new Map(); // `${method} ${url}` -> {status, endedAt, attempt}

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

function statusClass(status) {
  if (typeof status !== 'number' || status >= 500) return 'is-fail';
  return status >= 400 ? 'is-warn' : 'is-ok';
}

function render(item) {
  const li = item.node;
  li.replaceChildren(
    span('log-method', item.method),
    breakable('log-path', item.shortPath),
    span(`log-status ${statusClass(item.status)}`, String(item.status)),
    span('log-ms', `${item.ms} ms`),
    span('log-attempt', item.count > 1 ? `×${item.count}` : `#${item.attempt}`),
  );
  li.title = redact(`${item.method} ${item.origin}${item.path} · attempt ${item.attempt}${item.count > 1 ? ` · seen ${item.count} times` : ''}`);
  li.dataset.method = item.method;
  li.dataset.status = String(item.status);
  li.dataset.attempt = String(item.attempt);
  li.dataset.kind = item.kind;
}

function add(entry) {
  const last = entries[0];
  // Polling repeats the same read every second: one row with a count instead of a flood.
  if (last && entry.attempt === 1 && last.attempt === 1 && last.method === entry.method && last.url === entry.url && last.status === entry.status) {
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

function describe(input, options) {
  const isRequest = typeof Request !== 'undefined' && input instanceof Request;
  const method = String(options?.method ?? (isRequest ? input.method : 'GET')).toUpperCase();
  let origin = '';
  let path = '(invalid URL)';
  try {
    const url = new URL(isRequest ? input.url : String(input), location.href);
    origin = url.origin;
    path = url.pathname + url.search;
    try { path = decodeURIComponent(path); } catch { /* keep it encoded */ }
  } catch { /* not a URL */ }
  path = redact(path);
  let kind = 'api';
  if (path.startsWith('/oauth/')) kind = 'oauth';
  else if (path.startsWith('/__control')) kind = 'control';
  else if (origin === location.origin) kind = 'page';
  return { method, origin, path, url: origin + path, kind, shortPath: path.replace(UUID, (id) => `${id.slice(0, 8)}…`) };
}

function attemptOf(req, startedAt) {
  const prev = lastByKey.get(`${req.method} ${req.url}`);
  return prev && RETRYABLE(prev.status) && startedAt - prev.endedAt < RETRY_WINDOW_MS ? prev.attempt + 1 : 1;
}

/** Installs the logging fetch and renders into `ol`. Returns {clear()}. */
export function installRequestLog(ol) {
  list = ol;
  const pageFetch = globalThis.fetch;
  globalThis.fetch = async function loggedFetch(input, options) {
    const req = describe(input, options);
    const started = performance.now();
    const attempt = attemptOf(req, started);
    const done = (status) => {
      const endedAt = performance.now();
      lastByKey.set(`${req.method} ${req.url}`, { status, endedAt, attempt });
      add({ ...req, status, attempt, ms: Math.round(endedAt - started) });
    };
    try {
      const res = await pageFetch.call(globalThis, input, options);
      done(res.status);
      return res;
    } catch (err) {
      done(err?.name === 'AbortError' ? 'aborted' : 'failed');
      throw err;
    }
  };
  return {
    clear() {
      entries.length = 0;
      list.replaceChildren();
    },
  };
}
