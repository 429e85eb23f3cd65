// fake-genesys: a local double of the Genesys Cloud Platform API v2 (HTTP, routing, CORS, recording, faults).
import { createServer } from 'node:http';
import { randomUUID } from 'node:crypto';
import { ApiError, errorBody, missingAnyPermissions, notAUser, badRequest } from './errors.mjs';
import { validate } from './schemas.mjs';
import { Org } from './org.mjs';
import { HANDLED_TYPES, statusFaultResponse, mangle } from './faults.mjs';
import { OperationFaultQueue } from './fault-operations.mjs';
import { handleOAuth } from './routes-oauth.mjs';
import { handleControl } from './control.mjs';
import { routes as directoryRoutes } from './routes-directory.mjs';
import { routes as callRoutes } from './routes-calls.mjs';
import { routes as transferRoutes } from './routes-transfers.mjs';
import { routes as consultRoutes } from './routes-consult.mjs';
import { routes as notificationRoutes } from './routes-notifications.mjs';
import { Notifications } from './notifications.mjs';

const ROUTES = [...directoryRoutes, ...callRoutes, ...transferRoutes, ...consultRoutes, ...notificationRoutes].map(compile);
const EXPOSE = 'ININ-Correlation-Id, Retry-After';
const isApiPath = (p) => p === '/api/v2' || p.startsWith('/api/v2/');

function compile(route) {
  const names = [];
  const source = route.path.replace(/:([a-zA-Z]+)/g, (_, n) => { names.push(n); return '([^/]+)'; });
  return { ...route, regex: new RegExp(`^${source}$`), names };
}

function safeDecode(s) {
  try { return decodeURIComponent(s); } catch { return s; }
}

function findRoute(method, path) {
  let pathMatched = false;
  for (const r of ROUTES) {
    const m = r.regex.exec(path);
    if (!m) continue;
    pathMatched = true;
    if (r.method !== method) continue;
    const params = Object.fromEntries(r.names.map((n, i) => [n, safeDecode(m[i + 1])]));
    return { route: r, params };
  }
  return { pathMatched };
}

function corsHeaders(exposeRetryAfter = true) {
  return {
    'Access-Control-Allow-Origin': '*',
    'Access-Control-Expose-Headers': exposeRetryAfter ? EXPOSE : 'ININ-Correlation-Id',
  };
}

const PREFLIGHT = {
  'Access-Control-Allow-Origin': '*',
  'Access-Control-Allow-Headers': 'Authorization, Content-Type',
  'Access-Control-Allow-Methods': 'GET, HEAD, POST, PUT, PATCH, DELETE, OPTIONS',
  'Access-Control-Max-Age': '600',
};

function readBody(req) {
  return new Promise((resolve, reject) => {
    const chunks = [];
    req.on('data', (c) => chunks.push(c));
    req.on('end', () => resolve(Buffer.concat(chunks)));
    req.on('error', reject);
  });
}

function queryObject(searchParams) {
  const q = {};
  for (const [k, v] of searchParams) {
    if (k in q) q[k] = Array.isArray(q[k]) ? [...q[k], v] : [q[k], v];
    else q[k] = v;
  }
  return q;
}

function recordedBody(raw) {
  if (raw.length === 0) return null;
  const text = raw.toString('utf8');
  try { return JSON.parse(text); } catch { return text; }
}

const isJsonMediaType = (ct) => (ct ?? '').split(';')[0].trim().toLowerCase() === 'application/json';

/**
 * Writes a response. r: {status, json?, error?, rawBody?, contentType?, headers?, exposeRetryAfter?}
 */
function send(res, r, correlationId) {
  const headers = { 'ININ-Correlation-Id': correlationId, ...corsHeaders(r.exposeRetryAfter !== false), ...(r.headers ?? {}) };
  let payload;
  if (r.error) payload = JSON.stringify(errorBody(r.error, correlationId));
  else if (r.json !== undefined) payload = JSON.stringify(r.json);
  else if (r.rawBody !== undefined) payload = r.rawBody;
  if (payload !== undefined) {
    headers['Content-Type'] = r.contentType ?? 'application/json';
    headers['Content-Length'] = String(Buffer.byteLength(payload));
  } else {
    headers['Content-Length'] = '0';
  }
  res.writeHead(r.error?.status ?? r.status, headers);
  res.end(payload);
}

/** Handles one /api/v2 request (no faults) and returns the response description. */
async function handleApi(ctx) {
  const { req, url, raw, org, notifications } = ctx;
  try {
    const auth = req.headers.authorization;
    const m = /^Bearer\s+(\S+)\s*$/i.exec(auth ?? '');
    if (!m) throw new ApiError(401, 'authentication.required', 'No authentication bearer token specified in authorization header.');
    const principal = org.principal(m[1]);
    if (!principal) throw new ApiError(401, 'bad.credentials', 'Invalid login credentials.');

    const found = findRoute(req.method, url.pathname);
    if (!found.route) {
      if (found.pathMatched) throw new ApiError(405, 'method.not.allowed', `HTTP method ${req.method} is not supported by this resource.`);
      throw new ApiError(404, 'not.found', 'The requested resource was not found.');
    }
    const { route, params } = found;

    let body;
    if (raw.length > 0 && (req.method === 'POST' || req.method === 'PATCH' || req.method === 'PUT')) {
      if (!isJsonMediaType(req.headers['content-type'])) {
        throw new ApiError(415, 'unsupported.media.type',
          `Content type '${req.headers['content-type'] ?? ''}' is not supported. Use 'application/json'.`);
      }
      try { body = JSON.parse(raw.toString('utf8')); } catch (e) {
        throw badRequest(`The request body could not be parsed as JSON: ${e.message}`);
      }
    }

    if (route.perms?.length && !route.perms.some((p) => principal.has(p))) throw missingAnyPermissions(route.perms);
    if (route.requiresUser && principal.isClientCredentials) throw notAUser();
    if (route.model) body = validate(route.model, body);

    const out = await route.handler({ org, principal, params, query: url.searchParams, body, url, notifications });
    return out ?? { status: 204 };
  } catch (err) {
    if (err instanceof ApiError) return { status: err.status, error: err };
    console.error('[fake-genesys] internal error', err);
    return { status: 500, error: new ApiError(500, 'internal.server.error', String(err?.message ?? err)) };
  }
}

/**
 * Waits `latencyMs` before an /api/v2 request is handled, so loopback behaves
 * like a network with that response time (the benchmarks' 20 ms run).
 */
function networkLatency(latencyMs) {
  return latencyMs > 0 ? new Promise((r) => setTimeout(r, latencyMs)) : undefined;
}

/**
 * Options: port, host, callSetupMs; notification service: heartbeatMs (30 000), channelTtlMs (24 h),
 * socketClosingMs (60 000: v2.system.socket_closing -> close); latencyMs (0: each /api/v2 answer
 * comes that much later).
 */
export async function startFakeGenesys({ port = 0, host = '127.0.0.1', callSetupMs = 0, latencyMs = 0, heartbeatMs, channelTtlMs, socketClosingMs } = {}) {
  const org = new Org({ callSetupMs });
  const faults = new OperationFaultQueue();
  const log = { seq: 0, entries: [] };
  const notifications = new Notifications({ org, config: { heartbeatMs, channelTtlMs, socketClosingMs } });
  const state = { org, faults, log, notifications };
  // Conversation events go out after the response that caused them (or after a timer's effect).
  org.onChange = () => setImmediate(() => notifications.sync());

  const server = createServer(async (req, res) => {
    res.once('close', () => setImmediate(() => notifications.sync()));
    const correlationId = randomUUID();
    let url;
    try { url = new URL(`http://fake-genesys.local${req.url.startsWith('/') ? '' : '/'}${req.url}`); } catch { url = new URL('http://fake-genesys.local/'); }
    let raw;
    try { raw = await readBody(req); } catch { return; }

    if (url.pathname === '/__control' || url.pathname.startsWith('/__control/')) {
      if (req.method === 'OPTIONS') return send(res, { status: 204, headers: PREFLIGHT }, correlationId);
      return send(res, await handleControl({ req, url, raw, state }), correlationId);
    }
    if (url.pathname.startsWith('/oauth/')) return send(res, handleOAuth({ req, url, raw, state }), correlationId);

    const isApi = isApiPath(url.pathname);
    if (isApi) {
      log.entries.push({
        seq: ++log.seq,
        method: req.method,
        path: url.pathname,
        query: queryObject(url.searchParams),
        headers: { ...req.headers },
        body: recordedBody(raw),
        at: new Date().toISOString(),
      });
    }

    if (isApi) await networkLatency(latencyMs);
    const fault = isApi ? faults.take(req.method, url.pathname) : undefined;
    if (fault) {
      if (fault.type === 'hang') return; // never answer; close() destroys the socket
      if (fault.type === 'drop') return req.socket.destroy();
      if (fault.type === 'status') return send(res, statusFaultResponse(fault), correlationId);
      if (fault.type === 'delay') await new Promise((r) => setTimeout(r, fault.ms));
    }

    if (req.method === 'OPTIONS') return send(res, { status: 204, headers: PREFLIGHT }, correlationId);

    const r = isApi
      ? await handleApi({ req, url, raw, org, notifications })
      : { status: 404, error: new ApiError(404, 'not.found', 'The requested resource was not found.') };
    if (fault && HANDLED_TYPES.has(fault.type) && fault.type !== 'delay') {
      if (fault.type === 'drop-after') return req.socket.destroy();
      // The effect is applied and the response has begun (status, headers and
      // a few body bytes) when the connection is lost. Unlike 'drop-after'
      // (no byte sent), a browser never re-sends a request once response bytes
      // arrived, so this is the faithful "maybe applied" case in Chromium,
      // which transparently re-sends a request whose reused keep-alive
      // connection closes before any response byte.
      if (fault.type === 'drop-mid-response') {
        res.writeHead(200, { 'Content-Type': 'application/json', 'Content-Length': '4096', 'Access-Control-Allow-Origin': '*', 'ININ-Correlation-Id': correlationId });
        return res.write('{"id":"', () => req.socket.destroy());
      }
      return send(res, mangle(fault, r.error ? { status: r.status, json: errorBody(r.error, correlationId) } : r), correlationId);
    }
    return send(res, r, correlationId);
  });

  await new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, host, () => { server.off('error', reject); resolve(); });
  });
  const actualPort = server.address().port;
  const urlHost = host.includes(':') ? `[${host}]` : host;
  notifications.wsBase = `ws://${urlHost}:${actualPort}`;
  server.on('upgrade', (req, socket, head) => notifications.handleUpgrade(req, socket, head));

  let closed;
  return {
    url: `http://${urlHost}:${actualPort}`,
    port: actualPort,
    org,
    state,
    close() {
      closed ??= new Promise((resolve) => {
        org.close();
        notifications.close();
        server.close(() => resolve());
        server.closeAllConnections();
      });
      return closed;
    },
  };
}
