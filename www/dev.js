// The developer drawer: buttons that drive the embedded fake org through its control API
// (/__control on fake-genesys). It exists only for the fake org; nothing here talks to Genesys.
// Its requests are the host page's own: sent with hostFetch, logged with the "host" tag.
import { hostFetch } from './log.js';

const FORBIDDEN_BODY = {
  message: 'Unable to perform the requested action. You are missing the following permission(s): '
    + '[conversation:communication:blindTransfer, conversation:communication:consultTransfer]',
  code: 'missing.any.permissions',
  status: 403,
  messageWithParams: 'Unable to perform the requested action. You are missing the following permission(s): {permissions}',
  messageParams: { permissions: 'conversation:communication:blindTransfer, conversation:communication:consultTransfer' },
  details: [],
  errors: [],
};

const describeFault = (f) => {
  const what = f.fault.type === 'status' ? `${f.fault.status}` : f.fault.type;
  const where = f.match.operation ? `next ${f.match.operation.replace('-', ' ')}` : `next ${f.match.method ?? ''} ${f.match.path ?? 'request'}`.replace(/\s+/g, ' ');
  return `${what} on ${where}`;
};

/**
 * Wires the drawer. ctx: {controlBase, me(): UserMe|undefined, call(): {id, conv}|undefined,
 * onError(err), announce(text), after()} — after() runs when any action settles.
 */
export function mountDevDrawer(el, ctx) {
  const $ = (id) => el.querySelector(`#${id}`);
  const status = $('dev-status');

  async function control(method, path, body) {
    const res = await hostFetch(`${ctx.controlBase}${path}`, {
      method,
      headers: body ? { 'Content-Type': 'application/json' } : {},
      body: body ? JSON.stringify(body) : undefined,
    });
    const json = await res.json().catch(() => undefined);
    if (!res.ok) {
      throw Object.assign(new Error(json?.message ?? `control API answered ${res.status}`), {
        kind: 'dev_control', status: res.status, code: json?.code, correlationId: res.headers.get('ININ-Correlation-Id') ?? undefined,
      });
    }
    return json;
  }

  async function showFaults() {
    const faults = await control('GET', '/faults');
    status.textContent = faults.length ? `Queued: ${faults.map(describeFault).join('; ')}.` : 'No faults queued.';
  }

  const actions = {
    'dev-offer': async () => {
      const me = ctx.me();
      // No need to tell the card: the offer reaches it through watchCalls(), like any call.
      await control('POST', '/offers', { userId: me.id });
      status.textContent = 'An inbound call from +1 317 555 0100 is ringing for you.';
    },
    'dev-429': async () => {
      // Retry-After 60 s is over the package's 30 s cap, so the 429 surfaces instead of being retried.
      await control('POST', '/faults', { match: { path: '/api/v2/*' }, fault: { type: 'status', status: 429, retryAfter: 60 } });
      await showFaults();
    },
    'dev-403': async () => {
      await control('POST', '/faults', { match: { operation: 'transfer' }, fault: { type: 'status', status: 403, body: FORBIDDEN_BODY } });
      await showFaults();
    },
    'dev-customer-hangup': async () => {
      const call = ctx.call();
      const customer = call?.conv?.participants?.find((p) => (p.purpose === 'customer' || p.purpose === 'external')
        && p.calls?.at(-1)?.state !== 'disconnected');
      if (!customer) { status.textContent = 'No connected customer to hang up.'; return; }
      await control('PATCH', `/conversations/${call.id}/participants/${customer.id}`, { state: 'disconnected' });
      status.textContent = 'The customer hung up.';
    },
    'dev-clear': async () => {
      await control('DELETE', '/faults');
      await showFaults();
    },
  };

  for (const [id, run] of Object.entries(actions)) {
    const button = $(id);
    button.addEventListener('click', async () => {
      button.disabled = true;
      try {
        await run();
        ctx.announce(status.textContent);
      } catch (err) {
        ctx.onError(err);
      } finally {
        button.disabled = false;
        ctx.after();
      }
    });
  }
  return {
    /** Offering a call needs a signed-in agent with no live call (the widget follows one call). */
    sync(canOffer) { $('dev-offer').disabled = !canOffer; },
    /** Re-reads the queued faults (one may have been used by the last request). */
    refresh() { if (el.open) showFaults().catch(() => {}); },
  };
}
