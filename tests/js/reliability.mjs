// Helpers for the reliability suites (faults, concurrency, fuzz, secrecy).
// Not a test file itself. Everything here talks to loopback only.
export const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

/** The kinds README documents (`internal` means the package itself failed). */
export const DOCUMENTED_KINDS = new Set([
  'invalid_input', 'unauthorized', 'forbidden', 'not_found', 'invalid_state', 'ambiguous', 'rate_limited',
  'bad_request', 'server', 'network', 'timeout', 'aborted', 'unexpected_response',
]);

/** The control API of a fake-genesys server at `url`; throws on a control error. */
export function controlOf(url) {
  const call = async (method, path, body) => {
    const r = await fetch(`${url}/__control${path}`, {
      method,
      headers: body !== undefined ? { 'content-type': 'application/json' } : {},
      body: body !== undefined ? JSON.stringify(body) : undefined,
    });
    const text = await r.text();
    if (r.status >= 400) throw new Error(`control ${method} ${path} → ${r.status} ${text}`);
    return text ? JSON.parse(text) : undefined;
  };
  return {
    call,
    /** Every recorded /api/v2 request: {seq, method, path, query, headers, body}. */
    log: () => call('GET', '/requests'),
    clearLog: () => call('DELETE', '/requests'),
    clearFaults: () => call('DELETE', '/faults'),
    faults: () => call('GET', '/faults'),
    fault: (method, path, fault, count = 1) => call('POST', '/faults', { match: { method, path }, count, fault }),
    token: (token, userId, permissions) => call('POST', '/tokens', { token, userId, permissions }),
    /** The highest request seq recorded so far (0 when none): requests after it belong to what follows. */
    mark: async () => (await call('GET', '/requests')).reduce((m, r) => Math.max(m, r.seq), 0),
    /** Requests recorded after `mark`, with this method and exact path when given. */
    since: async (mark, method, path) =>
      (await call('GET', '/requests')).filter(
        (r) => r.seq > mark && (method === undefined || r.method === method) && (path === undefined || r.path === path),
      ),
  };
}

/** Polls `cond` (sync or async) until it is truthy, bounded in count and time. */
export async function waitFor(cond, { tries = 300, everyMs = 10, what = 'condition' } = {}) {
  for (let i = 0; i < tries; i++) {
    if (await cond()) return;
    await new Promise((r) => setTimeout(r, everyMs));
  }
  throw new Error(`${what} not reached after ${tries} polls`);
}

/**
 * Settles `promise` or fails after `ms`: `{ok: true, value, ms}` or
 * `{ok: false, error, ms}`. A promise that never settles is a test failure.
 */
export async function settle(promise, ms, what = 'operation') {
  const t0 = performance.now();
  let timer;
  const bound = new Promise((_, reject) => {
    timer = setTimeout(() => reject(new Error(`${what} did not settle within ${ms} ms`)), ms);
  });
  try {
    const value = await Promise.race([promise, bound]);
    return { ok: true, value, ms: performance.now() - t0 };
  } catch (error) {
    if (error instanceof Error && error.message === `${what} did not settle within ${ms} ms`) throw error;
    return { ok: false, error, ms: performance.now() - t0 };
  } finally {
    clearTimeout(timer);
  }
}

/**
 * Runs `fn` with globalThis.fetch replaced by `wrap(realFetch)`; restores it
 * afterwards whatever happens. The package looks `fetch` up on each request.
 */
export async function withFetch(wrap, fn) {
  const real = globalThis.fetch;
  globalThis.fetch = wrap(real);
  try {
    return await fn();
  } finally {
    globalThis.fetch = real;
  }
}

const SAFELISTED = ['cache-control', 'content-language', 'content-length', 'content-type', 'expires', 'last-modified', 'pragma'];

/**
 * A fetch that shows the package a response the way a browser's CORS does:
 * only safelisted headers and those in Access-Control-Expose-Headers. Lets a
 * Node test see what a page sees when a server does not expose Retry-After.
 */
export const corsView = (real) => async (input, init) => {
  const r = await real(input, init);
  const exposed = new Set([
    ...SAFELISTED,
    ...(r.headers.get('access-control-expose-headers') ?? '').split(',').map((s) => s.trim().toLowerCase()).filter(Boolean),
  ]);
  const headers = new Headers();
  for (const [k, v] of r.headers) if (exposed.has(k)) headers.set(k, v);
  const nullBody = [101, 204, 205, 304].includes(r.status);
  return new Response(nullBody ? null : r.body, { status: r.status, statusText: r.statusText, headers });
};
