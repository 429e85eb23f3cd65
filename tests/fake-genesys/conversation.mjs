// Conversation / Participant / Call state model and its JSON views.
//  - apiView():        Conversation model of GET /api/v2/conversations/{id}
//  - callsView():      CallConversation model of GET /api/v2/conversations/calls/{id}
//  - controlView():    apiView() plus fake-only fields (consultSpeakTo, consultingUserId)
import { randomUUID } from 'node:crypto';

const now = () => new Date().toISOString();
export const ACTIVE_STATES = new Set(['alerting', 'dialing', 'contacting', 'offering', 'connected']);
const INTERNAL = new Set(['agent', 'user', 'acd', 'ivr', 'voicemail']);

export const lastCall = (p) => p.calls[p.calls.length - 1];
export const isActive = (p) => ACTIVE_STATES.has(lastCall(p)?.state);
export const isConnected = (p) => lastCall(p)?.state === 'connected';

export class Conversation {
  constructor(org) {
    this.org = org;
    this.id = randomUUID();
    this.startTime = now();
    this.endTime = undefined;
    this.participants = [];
    this.recentTransfers = [];
  }

  /**
   * Adds a participant with one call.
   * spec: {purpose, user?, queue?, name?, address?, attributes?, direction, state, selfAddress?, otherAddress?}
   * state 'setup:<initial>' means: <initial> now, connected after callSetupMs (connected at once if 0).
   */
  addParticipant(spec) {
    const p = {
      id: randomUUID(),
      startTime: now(),
      endTime: undefined,
      purpose: spec.purpose,
      participantType: INTERNAL.has(spec.purpose) ? 'Internal' : 'External',
      userId: spec.user?.id,
      queueId: spec.queue?.id,
      queueName: spec.queue?.name,
      name: spec.name ?? spec.user?.name ?? spec.queue?.name,
      address: spec.address,
      externalContactId: spec.externalContactId,
      consultParticipantId: undefined,
      attributes: { ...(spec.attributes ?? {}) },
      calls: [],
      consultSpeakTo: undefined, // fake-only: who hears whom while this participant is a consult object
      consultingUserId: undefined, // fake-only
    };
    const selfAddr = spec.selfAddress ?? addressFor(spec);
    const call = {
      id: randomUUID(),
      state: 'none',
      initialState: 'none',
      direction: spec.direction ?? 'outbound',
      held: false,
      muted: false,
      confined: false,
      recording: false,
      self: { addressNormalized: selfAddr },
      other: { addressNormalized: spec.otherAddress },
      provider: 'Edge',
      connectedTime: undefined,
      disconnectedTime: undefined,
      disconnectType: undefined,
    };
    p.calls.push(call);
    this.participants.push(p);
    let state = spec.state ?? 'connected';
    if (state.startsWith('setup:')) {
      const initial = state.slice(6);
      const ms = this.org.callSetupMs;
      if (ms > 0) {
        this.org.schedule(ms, () => { if (call.state === initial) this.connect(p); });
        state = initial;
      } else {
        state = 'connected';
      }
    }
    call.initialState = state;
    call.state = state;
    if (state === 'connected') call.connectedTime = now();
    if (state === 'disconnected') this.markDisconnected(p, spec.disconnectType ?? 'endpoint');
    return p;
  }

  participant(id) { return this.participants.find((p) => p.id === id); }

  connect(p) {
    const call = lastCall(p);
    call.state = 'connected';
    call.connectedTime ??= now();
  }

  markDisconnected(p, disconnectType) {
    const call = lastCall(p);
    call.state = 'disconnected';
    call.disconnectType = disconnectType;
    call.disconnectedTime = now();
    call.held = false;
    call.confined = false;
    p.endTime = call.disconnectedTime;
  }

  /** The consult in which `p` takes part, as {object, destination}, or undefined. */
  consultOf(p) {
    const object = this.participants.find((o) => o.consultSpeakTo && (o === p || o.consultParticipantId === p.id));
    if (!object) return undefined;
    return { object, destination: this.participant(object.consultParticipantId) };
  }

  /** Applies speakTo (who hears whom) to the object/destination calls via the `confined` flag. */
  applySpeakTo(object, destination, speakTo) {
    object.consultSpeakTo = speakTo;
    lastCall(object).confined = speakTo === 'DESTINATION';
    if (destination && isActive(destination)) lastCall(destination).confined = speakTo === 'OBJECT';
  }

  clearConsult(object, destination) {
    object.consultParticipantId = undefined;
    object.consultSpeakTo = undefined;
    object.consultingUserId = undefined;
    if (isActive(object)) lastCall(object).confined = false;
    if (destination) {
      destination.consultParticipantId = undefined;
      if (isActive(destination)) lastCall(destination).confined = false;
    }
  }

  /**
   * Ends p's call. Consult side effects: the consulting agent leaving completes the transfer
   * (object and destination stay connected); object or destination leaving ends the consult.
   * When at most one active party remains, it is disconnected too ("peer") and the conversation ends.
   */
  disconnect(p, disconnectType = 'client') {
    const consults = this.participants.filter((o) => o.consultSpeakTo)
      .map((object) => ({ object, destination: this.participant(object.consultParticipantId) }));
    const completing = consults.filter(({ object, destination }) =>
      p !== object && p !== destination && p.userId && p.userId === object.consultingUserId);
    this.markDisconnected(p, completing.length ? 'transfer.consult' : disconnectType);
    for (const { object, destination } of consults) {
      if (completing.some((c) => c.object === object)) {
        this.recordTransfer({ transferType: 'Attended', initiatorUserId: p.userId, destination: destinationRef(destination) });
        this.clearConsult(object, destination);
      } else if (p === object || p === destination) {
        this.clearConsult(object, destination);
      }
    }
    const active = this.participants.filter(isActive);
    if (active.length <= 1) {
      for (const other of active) this.markDisconnected(other, 'peer');
      this.endTime = now();
    }
  }

  /** Blind transfer: p's call ends with disconnectType "transfer" and `spec` joins. */
  replace(p, spec, { transferType = 'Unattended', initiatorUserId } = {}) {
    const consult = this.consultOf(p);
    if (consult) this.clearConsult(consult.object, consult.destination);
    this.markDisconnected(p, 'transfer');
    const joined = this.addParticipant(spec);
    this.recordTransfer({ transferType, initiatorUserId, destination: destinationRef(joined) });
    return joined;
  }

  recordTransfer({ transferType, initiatorUserId, destination }) {
    const at = now();
    this.recentTransfers.push({
      id: randomUUID(),
      state: 'Complete',
      dateIssued: at,
      initiator: initiatorUserId ? { userId: initiatorUserId } : {},
      modifiedBy: initiatorUserId ? { userId: initiatorUserId } : {},
      destination,
      transferType,
    });
    if (this.recentTransfers.length > 20) this.recentTransfers.shift();
  }

  apiView() {
    return {
      id: this.id,
      startTime: this.startTime,
      endTime: this.endTime,
      participants: this.participants.map(participantView),
      recentTransfers: structuredClone(this.recentTransfers),
      divisions: [{ division: this.org.divisionRef(), entities: [] }],
      selfUri: `/api/v2/conversations/${this.id}`,
    };
  }

  controlView() {
    const view = this.apiView();
    view.participants.forEach((pv, i) => {
      const p = this.participants[i];
      pv.consultSpeakTo = p.consultSpeakTo;
      pv.consultingUserId = p.consultingUserId;
    });
    return JSON.parse(JSON.stringify(view));
  }

  callsView() {
    return {
      id: this.id,
      participants: this.participants.map((p) => callMediaParticipantView(p, this.org)),
      otherMediaUris: [],
      recentTransfers: structuredClone(this.recentTransfers),
      recordingState: 'none',
      maxParticipants: 25,
      divisions: [{ division: this.org.divisionRef(), entities: [] }],
      selfUri: `/api/v2/conversations/calls/${this.id}`,
    };
  }
}

function addressFor(spec) {
  if (spec.address) return spec.address;
  if (spec.user) return `sip:${spec.user.id}@localhost`;
  if (spec.queue) return `sip:${spec.queue.id}@localhost`;
  return undefined;
}

function destinationRef(p) {
  if (!p) return {};
  if (p.userId) return { userId: p.userId };
  if (p.queueId) return { address: p.queueId };
  return { address: p.address };
}

function participantView(p) {
  return {
    id: p.id,
    startTime: p.startTime,
    endTime: p.endTime,
    connectedTime: lastCall(p).connectedTime,
    name: p.name,
    userId: p.userId,
    externalContactId: p.externalContactId,
    queueId: p.queueId,
    queueName: p.queueName,
    purpose: p.purpose,
    participantType: p.participantType,
    consultParticipantId: p.consultParticipantId,
    address: p.address,
    wrapupRequired: p.purpose === 'agent',
    attributes: { ...p.attributes },
    calls: p.calls.map((c) => ({ ...c, self: { ...c.self }, other: { ...c.other }, recordingState: 'none', securePause: false })),
  };
}

function callMediaParticipantView(p, org) {
  const c = lastCall(p);
  const user = p.userId ? org.users.get(p.userId) : undefined;
  return {
    id: p.id,
    name: p.name,
    address: p.address,
    startTime: p.startTime,
    connectedTime: c.connectedTime,
    endTime: p.endTime,
    purpose: p.purpose,
    state: c.state,
    direction: c.direction,
    disconnectType: c.disconnectType,
    held: c.held,
    wrapupRequired: p.purpose === 'agent',
    user: user ? { id: user.id, name: user.name, selfUri: `/api/v2/users/${user.id}` } : undefined,
    queue: p.queueId ? { id: p.queueId, name: p.queueName, selfUri: `/api/v2/routing/queues/${p.queueId}` } : undefined,
    attributes: { ...p.attributes },
    externalContact: p.externalContactId
      ? { id: p.externalContactId, selfUri: `/api/v2/externalcontacts/contacts/${p.externalContactId}` } : undefined,
    muted: c.muted,
    confined: c.confined,
    recording: c.recording,
    recordingState: 'none',
    provider: c.provider,
    consultParticipantId: p.consultParticipantId,
    self: { ...c.self },
    other: { ...c.other },
  };
}
