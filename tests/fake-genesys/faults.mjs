// Queued faults for /api/v2 requests, and how each fault turns into (or replaces) a response.
import { ApiError, defaultErrorForStatus, badRequest } from './errors.mjs';

const TYPES = new Set(['status', 'delay', 'hang', 'drop', 'drop-after', 'drop-mid-response', 'truncate', 'non-json', 'wrong-content-type', 'huge']);
/** Faults whose request is still handled (effects applied) before the response is replaced. */
export const HANDLED_TYPES = new Set(['delay', 'drop-after', 'drop-mid-response', 'truncate', 'non-json', 'wrong-content-type', 'huge']);

export class FaultQueue {
  constructor() { this.entries = []; }

  clear() { this.entries = []; }

  /** Validates and queues {match:{method?, path?}, count?, fault}. Throws ApiError on a bad spec. */
  add(spec) {
    if (!spec || typeof spec !== 'object') throw badRequest('fault spec must be a JSON object');
    const match = spec.match ?? {};
    const count = spec.count ?? 1;
    const { fault } = spec;
    if (!fault || !TYPES.has(fault.type)) {
      throw badRequest(`fault.type must be one of: ${[...TYPES].join(', ')}`);
    }
    if (!Number.isInteger(count) || count < 1) throw badRequest('count must be a positive integer');
    if (fault.type === 'status' && !(Number.isInteger(fault.status) && fault.status >= 100 && fault.status <= 599)) {
      throw badRequest('status fault needs an integer status');
    }
    if (fault.type === 'delay' && !(Number.isFinite(fault.ms) && fault.ms >= 0)) throw badRequest('delay fault needs ms');
    const entry = {
      id: this.entries.length ? this.entries[this.entries.length - 1].id + 1 : 1,
      match: { method: match.method ? String(match.method).toUpperCase() : undefined, path: match.path ?? undefined },
      remaining: count,
      fault,
    };
    this.entries.push(entry);
    return entry;
  }

  /**
   * Takes (consumes one use of) the first fault matching the request, or undefined.
   * A fault whose match has no method never matches OPTIONS, so a browser preflight does not eat it.
   */
  take(method, path) {
    const entry = this.entries.find((e) => matches(e.match, method, path));
    if (!entry) return undefined;
    entry.remaining -= 1;
    if (entry.remaining <= 0) this.entries.splice(this.entries.indexOf(entry), 1);
    return entry.fault;
  }

  view() {
    return this.entries.map((e) => ({ id: e.id, match: e.match, remaining: e.remaining, fault: e.fault }));
  }
}

function matches(match, method, path) {
  if (match.method ? match.method !== method : method === 'OPTIONS') return false;
  if (!match.path) return true;
  if (match.path.endsWith('*')) return path.startsWith(match.path.slice(0, -1));
  return path === match.path;
}

/** The response for a `status` fault: {status, body, headers, exposeRetryAfter}. */
export function statusFaultResponse(fault) {
  const headers = {};
  let retryAfter = fault.retryAfter;
  if (fault.status === 429 && retryAfter === undefined) retryAfter = 1;
  if (retryAfter !== undefined) headers['Retry-After'] = String(retryAfter);
  if (fault.body !== undefined) {
    return { status: fault.status, json: fault.body, headers, exposeRetryAfter: fault.exposeRetryAfter !== false };
  }
  return {
    status: fault.status,
    error: defaultErrorForStatus(fault.status, retryAfter),
    headers,
    exposeRetryAfter: fault.exposeRetryAfter !== false,
  };
}

/**
 * Replaces a handled response `r` ({status, json?}) according to a body-mangling fault.
 * Returns {status, rawBody: Buffer|string, contentType}.
 */
export function mangle(fault, r) {
  const hasBody = r.json !== undefined;
  const status = hasBody ? r.status : 200;
  const text = JSON.stringify(hasBody ? r.json : {});
  switch (fault.type) {
    case 'truncate': {
      const cut = Math.max(1, Math.floor(text.length / 2));
      return { status, rawBody: text.slice(0, cut), contentType: 'application/json' };
    }
    case 'non-json':
      return {
        status: 200,
        rawBody: '<!DOCTYPE html><html><head><title>Service</title></head><body><h1>Something went wrong</h1></body></html>',
        contentType: 'text/html; charset=utf-8',
      };
    case 'wrong-content-type':
      return { status, rawBody: text, contentType: 'text/plain; charset=utf-8' };
    case 'huge': {
      const bytes = Number.isInteger(fault.bytes) && fault.bytes > 0 ? fault.bytes : 5 * 1024 * 1024;
      const base = hasBody && r.json && typeof r.json === 'object' && !Array.isArray(r.json) ? r.json : {};
      const skeleton = JSON.stringify({ ...base, padding: '' });
      const pad = Math.max(0, bytes - Buffer.byteLength(skeleton));
      const body = skeleton.slice(0, -2) + 'x'.repeat(pad) + '"}';
      return { status, rawBody: body, contentType: 'application/json' };
    }
    default:
      throw new ApiError(500, 'internal.server.error', `unknown fault ${fault.type}`);
  }
}
