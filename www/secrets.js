// Secrets the page holds (the access token, the authorization code, the PKCE verifier). Everything the
// page shows passes through redact(), so none of them can reach the DOM even if a server echoed one.
const secrets = new Set();

export function addSecret(value) {
  if (typeof value === 'string' && value.length >= 8) secrets.add(value);
}

export function redact(text) {
  let out = String(text ?? '');
  for (const s of secrets) out = out.split(s).join('[redacted]');
  return out;
}
