/**
 * The one error every promise of genesys-callctl rejects with.
 *
 * Rejected with when input is refused before any request
 * (`kind: 'invalid_input'`, `field` names it), when Genesys answers with an
 * error status, when the network, a timeout or the caller's AbortSignal ends
 * an operation, or when a response is not what the API documents.
 * It never contains the access token. The crate constructs it (this file is
 * imported by the WebAssembly module's glue).
 */
export class CallControlError extends Error {
  /** @param {Record<string, unknown>} [fields] */
  constructor(fields = {}) {
    super(typeof fields.message === 'string' ? fields.message : 'genesys-callctl failed');
    this.name = 'CallControlError';
    this.kind = typeof fields.kind === 'string' ? fields.kind : 'internal';
    this.field = fields.field ?? undefined;
    this.status = fields.status ?? undefined;
    this.code = fields.code ?? undefined;
    this.correlationId = fields.correlationId ?? undefined;
    this.retryAfterMs = fields.retryAfterMs ?? undefined;
    this.attempts = typeof fields.attempts === 'number' ? fields.attempts : 0;
    this.maybeApplied = fields.maybeApplied === true;
    this.candidates = Array.isArray(fields.candidates) ? fields.candidates : [];
  }

  toJSON() {
    const { name, kind, message, field, status, code, correlationId, retryAfterMs, attempts, maybeApplied, candidates } = this;
    return { name, kind, message, field, status, code, correlationId, retryAfterMs, attempts, maybeApplied, candidates };
  }
}
