// The Transfer form's "where to": blind or consult, and a queue (searched as you type with
// cc.findQueues), an agent by user id, or a number/address. Produces the package's `to` target.
import { redact } from './secrets.js';

/**
 * Wires the form. ctx: {findQueues(pattern, {signal}), onChange(), onError(err)}.
 * Returns {destination() -> {to, label}|undefined, mode() -> 'blind'|'consult', setUsers([{id, name}])}.
 */
export function mountDestinations(form, ctx) {
  const $ = (id) => form.querySelector(`#${id}`);
  const search = $('queue-search');
  const hint = $('queue-hint');
  const results = $('queue-results');
  const user = $('transfer-user');
  const users = form.querySelector('#org-users');
  const address = $('transfer-address');
  let queue; // {id, name}
  let searching; // AbortController of the search in flight
  let timer;

  const kind = () => form.querySelector('input[name="dest-kind"]:checked').value;

  function select(q) {
    queue = { id: q.id, name: q.name };
    for (const b of results.querySelectorAll('button[data-queue-id]')) b.setAttribute('aria-pressed', String(b.dataset.queueId === q.id));
    ctx.onChange();
  }

  async function run() {
    const text = search.value.trim();
    searching?.abort();
    if (!text) {
      searching = undefined;
      results.replaceChildren();
      hint.textContent = "Type to search the org's queues.";
      return;
    }
    const abort = new AbortController();
    searching = abort;
    hint.textContent = 'Searching…';
    try {
      const queues = await ctx.findQueues(`*${text}*`, { signal: abort.signal });
      if (abort.signal.aborted) return;
      hint.textContent = queues.length
        ? `${queues.length} ${queues.length === 1 ? 'queue matches' : 'queues match'}.`
        : `No queue matches “${redact(text)}”.`;
      results.replaceChildren(...queues.map((q) => {
        const b = document.createElement('button');
        b.type = 'button';
        b.className = 'queue';
        b.dataset.queueId = q.id;
        b.setAttribute('aria-pressed', String(queue?.id === q.id));
        b.textContent = redact(q.name);
        b.addEventListener('click', () => select(q));
        return b;
      }));
    } catch (err) {
      if (abort.signal.aborted || err?.kind === 'aborted') return;
      results.replaceChildren();
      hint.textContent = 'Queue search failed.';
      ctx.onError(err);
    }
  }

  form.addEventListener('change', (e) => {
    if (e.target.name === 'dest-kind') for (const k of ['queue', 'agent', 'address']) $(`dest-${k}`).hidden = k !== kind();
    ctx.onChange();
  });
  search.addEventListener('input', () => { clearTimeout(timer); timer = setTimeout(run, 200); });
  search.addEventListener('keydown', (e) => {
    // Enter in the search picks the only match instead of submitting.
    const buttons = results.querySelectorAll('button[data-queue-id]');
    if (e.key === 'Enter' && buttons.length === 1 && !queue) { e.preventDefault(); buttons[0].click(); }
  });
  user.addEventListener('input', ctx.onChange);
  address.addEventListener('input', ctx.onChange);

  return {
    mode: () => form.querySelector('input[name="transfer-mode"]:checked').value,
    destination() {
      switch (kind()) {
        case 'queue':
          return queue ? { to: { queueId: queue.id }, label: `${queue.name} (queue)` } : undefined;
        case 'agent': {
          const id = user.value.trim();
          if (!id) return undefined;
          const known = [...users.options].find((o) => o.value === id);
          return { to: { userId: id }, label: known ? `${known.label} (agent)` : `agent ${id}` };
        }
        default: {
          const value = address.value.trim();
          return value ? { to: { address: value }, label: value } : undefined;
        }
      }
    },
    /** The agents offered in the user id field (the fake org's seeded users). */
    setUsers(list) {
      users.replaceChildren(...list.map((u) => Object.assign(document.createElement('option'), { value: u.id, label: u.name })));
    },
  };
}
