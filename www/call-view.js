// Reading the followed call the way the card shows it: the agent's own leg as watchCalls() last
// yielded it (a `Call`: state, held, muted — the freshest word on the agent's leg), and the
// Conversation (GET /api/v2/conversations/{id}) for the rest (the other parties, who speaks, how a
// leg ended). Pure functions.

export const lastCall = (p) => (p?.calls?.length ? p.calls[p.calls.length - 1] : undefined);
const ACTIVE = new Set(['alerting', 'dialing', 'contacting', 'offering', 'connected']);
export const isActive = (p) => ACTIVE.has(lastCall(p)?.state);

/** The agent's own leg: the last user/agent participant with the token's user id. */
export function myLeg(conv, me) {
  const mine = (conv?.participants ?? []).filter((p) => me && p.userId === me.id && (p.purpose === 'user' || p.purpose === 'agent'));
  return mine[mine.length - 1];
}

/** The party the agent is talking to: the customer or external party, else any other participant. */
export function otherParty(conv, me) {
  const others = (conv?.participants ?? []).filter((p) => p !== myLeg(conv, me) && p.purpose !== 'acd' && !(me && p.userId === me.id));
  const outside = others.filter((p) => p.purpose === 'customer' || p.purpose === 'external');
  const pick = (list) => list.find(isActive) ?? list[list.length - 1];
  return pick(outside) ?? pick(others);
}

export const addressOf = (p) => (p?.address ?? lastCall(p)?.self?.addressNormalized ?? '').replace(/^(tel|sip):/, '');

export function partyLabel(p, conv, me) {
  if (p === myLeg(conv, me) || (me && p.userId === me.id)) return { role: 'You', name: me.name };
  const address = addressOf(p);
  switch (p.purpose) {
    case 'customer': return { role: 'Customer', name: p.name || address || 'Unknown caller' };
    case 'external': return { role: 'External', name: p.name || address || 'Unknown' };
    case 'acd': return { role: 'Queue', name: p.queueName || p.name || 'Queue' };
    case 'agent':
    case 'user': return { role: 'Agent', name: p.name || p.userId || 'Agent' };
    case 'voicemail': return { role: 'Voicemail', name: p.name || 'Voicemail' };
    case 'ivr': return { role: 'IVR', name: p.name || 'IVR' };
    default: return { role: p.purpose || 'Party', name: p.name || address || '—' };
  }
}

export const STATE_LABEL = {
  idle: 'No call',
  placing: 'Placing…',
  dialing: 'Ringing',
  contacting: 'Ringing',
  alerting: 'Ringing',
  offering: 'Ringing',
  incoming: 'Incoming',
  connected: 'Connected',
  held: 'On hold',
  consulting: 'Consulting',
  transferred: 'Transferred',
  disconnected: 'Ended',
  ended: 'Ended',
};

const FINAL = new Set(['disconnected', 'terminated']);

/**
 * The agent's own leg of `call` ({leg, conv}): the watcher's `Call` for state, held and muted, over
 * the conversation's last read for the rest (times, disconnectType). A read older than the `Call`
 * (another leg, or still live when the `Call` has ended) gives only what the `Call` does not say.
 */
export function agentLeg(call, me) {
  const read = lastCall(myLeg(call?.conv, me));
  const leg = call?.leg;
  if (!leg) return read;
  const same = myLeg(call.conv, me)?.id === leg.participantId;
  const base = same ? { ...read } : {};
  if (FINAL.has(leg.state) && !FINAL.has(base.state)) delete base.disconnectType;
  return { ...base, state: leg.state, held: leg.held, muted: leg.muted, direction: leg.direction };
}

/** One word for the whole call, from the agent's point of view. */
export function overallState(call, me, consulting) {
  if (!call) return 'idle';
  const conv = call.conv;
  if (!conv && !call.leg) return 'placing';
  const mine = agentLeg(call, me);
  if (FINAL.has(mine?.state)) return String(mine.disconnectType ?? '').startsWith('transfer') ? 'transferred' : 'ended';
  if (!mine || (!call.leg && conv.endTime)) return 'ended';
  if (mine.state === 'alerting' || mine.state === 'offering') return 'incoming';
  if (mine.held) return 'held';
  if (consulting) return 'consulting';
  if (!conv) return mine.state === 'connected' && mine.direction === 'outbound' ? 'placing' : mine.state;
  const leg = myLeg(conv, me);
  const remote = (conv.participants ?? []).filter((p) => p !== leg && isActive(p)).map((p) => lastCall(p).state);
  if (mine.state === 'connected' && remote.includes('connected')) return 'connected';
  for (const s of ['dialing', 'contacting', 'alerting', 'offering']) if (remote.includes(s)) return s;
  return mine.state ?? 'placing';
}

/** Whether another party's phone is ringing on `call` (its last read): what no `Call` tells. */
export function farEndRinging(call, me) {
  const leg = myLeg(call?.conv, me);
  return (call?.conv?.participants ?? []).some((p) => p !== leg && !(me && p.userId === me.id)
    && ['dialing', 'contacting', 'alerting', 'offering'].includes(lastCall(p)?.state));
}

/** A participant's state as a short label. */
export function partyState(p) {
  const c = lastCall(p);
  if (!c) return { key: 'none', text: 'No call' };
  if (c.state === 'disconnected') {
    const transferred = String(c.disconnectType ?? '').startsWith('transfer');
    // A queue's leg ends with "transfer" when it hands an inbound call to an agent.
    return { key: 'disconnected', text: transferred ? (p.purpose === 'acd' ? 'Routed' : 'Transferred') : 'Left' };
  }
  const flags = [c.held && 'held', c.muted && 'muted', c.confined && 'hears nobody'].filter(Boolean);
  const base = STATE_LABEL[c.state] ?? c.state;
  return { key: c.state, text: flags.length ? `${base} · ${flags.join(', ')}` : base };
}

/**
 * Who speaks in a consult, read from the calls' `confined` flags when the handle does not know
 * (a handle rebuilt with consultFor()): customer confined → destination; destination confined →
 * customer (object); neither → both.
 */
export function inferSpeakTo(conv, consult) {
  const object = conv?.participants?.find((p) => p.id === consult?.participantId);
  const destination = conv?.participants?.find((p) => p.id === consult?.destinationParticipantId);
  if (!object || !destination) return undefined;
  if (lastCall(object)?.confined) return 'destination';
  if (lastCall(destination)?.confined) return 'object';
  return 'both';
}

export function formatDuration(ms) {
  const s = Math.max(0, Math.floor(ms / 1000));
  const m = Math.floor(s / 60);
  const h = Math.floor(m / 60);
  const pad = (n) => String(n).padStart(2, '0');
  return h ? `${h}:${pad(m % 60)}:${pad(s % 60)}` : `${m}:${pad(s % 60)}`;
}
