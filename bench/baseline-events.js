// The hand-written baseline of the event benchmark (events.mjs): the least JS
// that turns a notification frame into the agent's `Call`, as an async
// iterator over a socket already open — JSON.parse, the topic check, the
// agent's participant found by `user.id`, the Call built (the same eight
// fields, read the same way as src/core/calls.rs), deduplicated against the
// last Call of that conversation. No channel, subscription, resync,
// heartbeat watch or reconnect: only the per-event path.

const FINAL = new Set(['disconnected', 'terminated']);
const KNOWN = new Set(['alerting', 'dialing', 'contacting', 'offering', 'connected', 'disconnected', 'terminated']);

function lastWhere(list, pred) {
  for (let i = list.length - 1; i >= 0; i--) if (pred(list[i])) return list[i];
  return undefined;
}

/** The agent's own leg of a conversation snapshot as a Call, or undefined. */
export function agentCall(conv, me) {
  const ps = conv.participants ?? [];
  const mine = (p) => p.user?.id === me && p.purpose !== 'voicemail' && KNOWN.has(p.state);
  const leg = lastWhere(ps, (p) => mine(p) && !FINAL.has(p.state)) ?? lastWhere(ps, mine);
  if (!leg) return undefined;
  const other = (purposes) => (p) => p.user?.id !== me && purposes.includes(p.purpose);
  const live = (pred) => (p) => pred(p) && KNOWN.has(p.state) && !FINAL.has(p.state);
  const party = (purposes) => lastWhere(ps, live(other(purposes))) ?? lastWhere(ps, other(purposes));
  const customer = party(['customer', 'external']);
  const person = customer ? undefined : party(['agent', 'user']);
  return {
    conversationId: conv.id,
    participantId: leg.id,
    state: leg.state,
    direction: leg.direction === 'outbound' ? 'outbound' : 'inbound',
    held: leg.held === true,
    muted: leg.muted === true,
    remote: customer ? customer.address || customer.name || null : person ? person.name || person.address || null : null,
    queueId: leg.queue?.id ?? lastWhere(ps, (p) => p.purpose === 'acd' && p.queue?.id)?.queue.id ?? null,
  };
}

const same = (a, b) => a.participantId === b.participantId && a.state === b.state && a.direction === b.direction
  && a.held === b.held && a.muted === b.muted && a.remote === b.remote && a.queueId === b.queueId;

/**
 * The agent's Calls from `socket`'s frames, as an async iterator; `signal`
 * ends it.
 */
export function watchCallsBaseline(socket, me, { signal } = {}) {
  const topic = `v2.users.${me}.conversations.calls`;
  const last = new Map(); // conversationId → the last Call yielded
  const queue = [];
  let wake = null;
  let ended = false;
  const onMessage = (event) => {
    let frame;
    try {
      frame = JSON.parse(event.data);
    } catch {
      return;
    }
    if (frame?.topicName !== topic || !frame.eventBody) return;
    const call = agentCall(frame.eventBody, me);
    if (!call) return;
    const prev = last.get(call.conversationId);
    if (prev && same(prev, call)) return;
    last.set(call.conversationId, call);
    queue.push(call);
    if (wake) {
      const w = wake;
      wake = null;
      w();
    }
  };
  const end = () => {
    ended = true;
    socket.removeEventListener('message', onMessage);
    if (wake) wake();
  };
  socket.addEventListener('message', onMessage);
  signal?.addEventListener('abort', end, { once: true });
  return (async function* calls() {
    try {
      for (;;) {
        while (queue.length > 0) yield queue.shift();
        if (ended) return;
        await new Promise((resolve) => {
          wake = resolve;
        });
      }
    } finally {
      end();
    }
  })();
}
