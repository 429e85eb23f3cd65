// THE HOST PAGE'S OWN CODE, not genesys-callctl: the package has no answer(). Answering an alerting
// call is PATCH /api/v2/conversations/calls/{cid}/participants/{pid} {"state":"connected"} on the
// agent's own leg, sent here with a plain fetch (hostFetch: logged as the host's) and the same token
// the host hands the package.
import { hostFetch } from './log.js';

const KINDS = { 400: 'bad_request', 401: 'unauthorized', 403: 'forbidden', 404: 'not_found', 409: 'invalid_state', 429: 'rate_limited' };

/** A failed answer, shaped like a package error so the page shows it the same way. */
export class HostRequestError extends Error {
  constructor({ kind, message, status, code, correlationId }) {
    super(message);
    this.name = 'HostRequestError';
    Object.assign(this, { kind, status, code, correlationId });
  }
}

export async function answerCall({ apiBase, token, conversationId, participantId }) {
  const url = `${apiBase}/api/v2/conversations/calls/${encodeURIComponent(conversationId)}/participants/${encodeURIComponent(participantId)}`;
  let res;
  try {
    res = await hostFetch(url, {
      method: 'PATCH',
      headers: { Authorization: `Bearer ${token}`, 'Content-Type': 'application/json' },
      body: JSON.stringify({ state: 'connected' }),
    });
  } catch {
    throw new HostRequestError({ kind: 'network', message: 'The answer request could not be sent.' });
  }
  if (res.ok) return;
  let body;
  try { body = await res.json(); } catch { body = undefined; }
  throw new HostRequestError({
    kind: KINDS[res.status] ?? (res.status >= 500 ? 'server' : 'unexpected_response'),
    message: typeof body?.message === 'string' ? body.message : `Answering failed with HTTP ${res.status}.`,
    status: res.status,
    code: body?.code,
    correlationId: res.headers.get('ININ-Correlation-Id') ?? body?.contextId,
  });
}
