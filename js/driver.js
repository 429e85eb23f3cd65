// The driver: the only code that touches fetch, AbortController and timers.
// The wasm core runs each operation as a task that never does I/O itself: it
// says what it needs next (send this request, wait, get a token) as a few
// lines of text, and this loop does it and answers with what happened and
// the time. Every decision (what to send, when to retry, what an answer
// means) stays in the core; this file only performs. The token lives here
// and never enters the wasm.

const RESPONSE = 1;
const NETWORK = 2;
const TIMEOUT = 3;
const ABORTED = 4;
const SLEPT = 5;
const TOKEN_OK = 6;
const TOKEN_FAILED = 7;
const TOKEN_TIMEOUT = 8;
const ABORTED_IN_FLIGHT = 9;

/** Why a token cannot be sent, or undefined when it can. */
export function tokenProblem(t) {
  if (t.length === 0 || t.length > 8192) return 'must be a non-empty string of at most 8192 characters';
  if (!/^[\x21-\x7e]*$/.test(t)) return 'must hold only visible ASCII characters (no spaces or line breaks)';
  return undefined;
}

/**
 * Runs `task` (a WasmTask) to its end and frees it. `ctx`: `base` (the API
 * base URL), `token` (a string or a provider function), `onRequest`,
 * `signal`. Resolves the result object; rejects with the error object the
 * core built (plain fields; the facade makes it a CallControlError).
 */
export async function drive(task, { base, token, onRequest, signal }) {
  let current = typeof token === 'string' ? token : undefined;
  // Nothing the server sends goes into the core with the token in it.
  const scrub = (s) => (s != null && current !== undefined && s.includes(current) ? s.split(current).join('[redacted]') : (s ?? undefined));
  let kind = 0;
  let status = 0;
  let response;
  let text;
  let fetched;
  try {
    for (;;) {
      const out = task.step(
        kind,
        status,
        response && scrub(response.headers.get('retry-after')),
        response && scrub(response.headers.get('inin-correlation-id')),
        response && scrub(response.headers.get('content-type')),
        scrub(text),
        Date.now(),
        Math.random(),
      );
      status = 0;
      response = text = undefined;
      const nl = out.indexOf('\n');
      if (nl > 0 && fetched && onRequest) {
        const { method, path, attempt, started, code } = fetched;
        const event = { method, path, status: code, ms: Math.max(0, Math.floor(Date.now() - started)), attempt, outcome: out.slice(0, nl) };
        try {
          onRequest(event);
        } catch {
          // A hook that throws is the host's problem, never the operation's.
        }
      }
      fetched = undefined;
      const what = out[nl + 1];
      const rest = out.slice(nl + 3);
      if (what === 'D') return JSON.parse(rest);
      if (what === 'E') throw JSON.parse(scrub(rest));
      if (what === 'S') {
        kind = await sleep(+rest, signal);
      } else if (what === 'T') {
        [kind, text, current] = await ask(token, +rest, signal, current);
      } else {
        // F: method, attempt, timeout, path[, body]
        const lines = rest.split('\n', 4);
        const head = lines.join('\n').length;
        const body = rest.length > head ? rest.slice(head + 1) : undefined;
        const [method, attempt, timeoutMs, path] = lines;
        fetched = { method, path, attempt: +attempt, started: Date.now(), code: null };
        [kind, response, text] = await send(base + path, method, body, current, +timeoutMs, signal);
        if (response) status = fetched.code = response.status;
      }
    }
  } finally {
    task.free();
  }
}

/** One HTTP attempt; which signal fired tells abort from timeout. */
async function send(url, method, body, token, timeoutMs, signal) {
  if (signal?.aborted) return [ABORTED];
  const controller = new AbortController();
  const abort = () => controller.abort();
  signal?.addEventListener('abort', abort);
  const timer = setTimeout(abort, timeoutMs);
  try {
    const headers = { Authorization: `Bearer ${token}`, Accept: 'application/json' };
    if (body !== undefined) headers['Content-Type'] = 'application/json';
    const response = await fetch(url, { method, headers, body, signal: controller.signal });
    return [RESPONSE, response, await response.text()];
  } catch {
    // Aborted once fetch had the request: it may have reached the server.
    return [signal?.aborted ? ABORTED_IN_FLIGHT : controller.signal.aborted ? TIMEOUT : NETWORK];
  } finally {
    clearTimeout(timer);
    signal?.removeEventListener('abort', abort);
  }
}

/** Waits `ms`, or less if `signal` fires. */
function sleep(ms, signal) {
  if (signal?.aborted) return Promise.resolve(ABORTED);
  return new Promise((resolve) => {
    const done = (kind) => {
      clearTimeout(timer);
      signal?.removeEventListener('abort', onAbort);
      resolve(kind);
    };
    const onAbort = () => done(ABORTED);
    const timer = setTimeout(() => done(SLEPT), ms);
    signal?.addEventListener('abort', onAbort);
  });
}

/**
 * Asks the token provider, bounded by the operation's time left and its
 * signal (host code might never settle). Resolves [kind, message, token].
 */
async function ask(provider, leftMs, signal, current) {
  const fail = (message) => [TOKEN_FAILED, message, current];
  if (typeof provider !== 'function') return fail('no token provider');
  if (signal?.aborted) return [ABORTED, undefined, current];
  let value;
  try {
    value = provider();
  } catch {
    return fail('the token provider threw');
  }
  let timer;
  let onAbort;
  const guard = new Promise((resolve) => {
    timer = setTimeout(() => resolve([TOKEN_TIMEOUT, 'the token provider did not answer in time (totalTimeoutMs)', current]), leftMs);
    onAbort = () => resolve([ABORTED, undefined, current]);
    signal?.addEventListener('abort', onAbort);
  });
  const answer = Promise.resolve(value).then(
    (t) => {
      if (typeof t !== 'string') return fail('the token provider did not give a string');
      const problem = tokenProblem(t);
      return problem ? fail(`the token provider gave a token that ${problem}`) : [TOKEN_OK, undefined, t];
    },
    () => fail('the token provider rejected'),
  );
  try {
    return await Promise.race([answer, guard]);
  } finally {
    clearTimeout(timer);
    signal?.removeEventListener('abort', onAbort);
  }
}
