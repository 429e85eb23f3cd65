// The error line: kind, message, correlation id and the facts a caller acts on. Never the token:
// every text passes through redact(), and the package's own messages are scrubbed of it already.
import { redact } from './secrets.js';

let box;

const MAYBE_APPLIED = {
  dial: 'The call may have been placed — check before retrying.',
  transfer: 'The transfer may have been applied — check the call before retrying.',
  consult: 'The consult may have started — check the call before retrying.',
};

export function mountErrors(el) {
  box = el;
}

export function clearError() {
  box.hidden = true;
  box.replaceChildren();
  delete box.dataset.kind;
}

function text(tag, className, value) {
  const n = document.createElement(tag);
  if (className) n.className = className;
  n.textContent = redact(value);
  return n;
}

/**
 * Shows an error: a CallControlError, an OAuth error ({kind: 'sign_in', code, message, status}), or
 * anything else (shown as `internal`). `action` picks the maybe-applied wording.
 */
export function showError(err, action) {
  const e = {
    kind: typeof err?.kind === 'string' ? err.kind : 'internal',
    message: String(err?.message ?? err),
    field: err?.field,
    status: err?.status,
    code: err?.code,
    correlationId: err?.correlationId,
    retryAfterMs: err?.retryAfterMs,
    attempts: err?.attempts ?? 0,
    maybeApplied: err?.maybeApplied === true,
    candidates: Array.isArray(err?.candidates) ? err.candidates : [],
  };
  const head = document.createElement('p');
  head.className = 'error-head';
  head.append(text('span', 'error-kind', e.kind), text('span', 'error-message', e.message));

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
    const dd = text('dd', k === 'correlation id' ? 'mono' : '', v);
    if (k === 'correlation id') dd.dataset.testid = 'correlation-id';
    meta.append(text('dt', '', k), dd);
  }

  const parts = [head];
  if (facts.length) parts.push(meta);
  if (e.maybeApplied) {
    const warn = text('p', 'error-warning', MAYBE_APPLIED[action] ?? 'It may have been applied — check before retrying.');
    warn.dataset.testid = 'maybe-applied';
    parts.push(warn);
  }
  if (e.candidates.length) {
    parts.push(text('p', 'error-candidates', `Did you mean: ${e.candidates.map((c) => c?.name ?? c?.id ?? String(c)).join(', ')}?`));
  }
  const close = document.createElement('button');
  close.type = 'button';
  close.className = 'error-close';
  close.setAttribute('aria-label', 'Dismiss error');
  close.textContent = '×';
  close.addEventListener('click', clearError);
  parts.push(close);

  box.dataset.kind = e.kind;
  box.replaceChildren(...parts);
  box.hidden = false;
}
