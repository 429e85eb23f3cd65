// Instant, canned Genesys responses at the transport layer each client uses,
// for browsers and Node. No network, no timers: each answer is settled in a
// microtask. `canned` is captured from fake-genesys (lib.mjs captureCanned):
//   { dial, conversation, me, queues } → { status, body, headers }
// The router counts the requests it answers per route under `router.tag`
// (the client being measured), so the bench can check that the three
// clients send the same requests.

export function createRouter(canned) {
  const replace = { status: 202, body: '', headers: canned.dial.headers };
  const counts = {};
  const router = { tag: 'untagged', counts, route };
  function route(method, url) {
    const q = url.indexOf('?');
    const path = url.slice(url.indexOf('/api/v2/') + 8, q < 0 ? url.length : q);
    let key;
    if (method === 'POST' && path === 'conversations/calls') key = 'dial';
    else if (method === 'GET' && path === 'users/me') key = 'me';
    else if (method === 'GET' && path === 'routing/queues') key = 'queues';
    else if (method === 'GET' && path.startsWith('conversations/')) key = 'conversation';
    else if (method === 'POST' && path.endsWith('/replace/queue')) key = 'replace';
    else throw new Error(`stub: no canned response for ${method} ${url}`);
    const c = (counts[router.tag] ??= {});
    c[key] = (c[key] ?? 0) + 1;
    return key === 'replace' ? replace : canned[key];
  }
  return router;
}

/**
 * A `fetch` that answers from the router. The Response is an object with
 * Response.prototype (so `instanceof Response` holds) and own `status`, `ok`,
 * `headers` (a Headers built once per route), `text()` and `json()`: no body
 * stream, so the stub costs the same nothing as the XHR and axios stubs.
 */
export function fetchStub(router) {
  const made = new Map();
  const headersOf = (r) => {
    let h = made.get(r);
    if (!h) made.set(r, (h = new Headers(r.headers)));
    return h;
  };
  return function fetch(input, init) {
    const url = typeof input === 'string' ? input : String(input.url ?? input);
    const r = router.route(((init && init.method) || 'GET').toUpperCase(), url);
    const res = Object.create(Response.prototype, {
      status: { value: r.status },
      ok: { value: r.status >= 200 && r.status < 300 },
      statusText: { value: '' },
      headers: { value: headersOf(r) },
      text: { value: () => Promise.resolve(r.body) },
      json: { value: () => Promise.resolve(JSON.parse(r.body)) },
    });
    return Promise.resolve(res);
  };
}

/**
 * An XMLHttpRequest for the SDK in browsers (its axios picks the XHR
 * adapter): open/setRequestHeader/send, then in a microtask readyState 4,
 * status, responseText, getAllResponseHeaders() and `onloadend`.
 */
export function xhrStub(router) {
  return class XMLHttpRequest {
    constructor() {
      this.readyState = 0;
      this.status = 0;
      this.statusText = '';
      this.responseText = '';
      this.response = '';
      this.responseURL = '';
      this.responseType = '';
      this.timeout = 0;
      this.withCredentials = false;
      this.onloadend = null;
      this.onreadystatechange = null;
      this.onabort = null;
      this.onerror = null;
      this.ontimeout = null;
      this.upload = { addEventListener() {}, removeEventListener() {} };
    }
    open(method, url) {
      this._method = method;
      this._url = url;
      this.readyState = 1;
    }
    setRequestHeader() {}
    addEventListener() {}
    removeEventListener() {}
    abort() {}
    getAllResponseHeaders() {
      return this._headers;
    }
    send() {
      const r = router.route(this._method.toUpperCase(), this._url);
      queueMicrotask(() => {
        this.readyState = 4;
        this.status = r.status;
        this.statusText = r.status === 200 ? 'OK' : 'Accepted';
        this.responseText = this.response = r.body;
        this.responseURL = this._url;
        this._headers = (r.rawHeaders ??= Object.entries(r.headers).map(([k, v]) => `${k}: ${v}\r\n`).join(''));
        if (this.onreadystatechange) this.onreadystatechange();
        if (this.onloadend) this.onloadend({ type: 'loadend' });
      });
    }
  };
}

/**
 * An axios adapter for the SDK in Node (its axios would use the http
 * adapter): it builds the URL as an adapter must (`getUri`: base + params)
 * and answers from the router in a microtask; axios itself still runs its
 * interceptors, header handling, request transform, JSON parsing and settle.
 */
export function axiosAdapterStub(router, getUri) {
  return function adapter(config) {
    const r = router.route(config.method.toUpperCase(), getUri(config));
    return Promise.resolve({ data: r.body, status: r.status, statusText: r.status === 200 ? 'OK' : 'Accepted', headers: { ...r.headers }, config, request: {} });
  };
}
