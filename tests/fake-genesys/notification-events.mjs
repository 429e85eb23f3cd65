// The eventBody of `v2.users.{userId}.conversations.calls`: ConversationCallEventTopicCallConversation
// (JS SDK index.d.ts; /work/shared/genesys-notifications.md §4). Whole-conversation snapshot with FLAT
// participants like REST CallConversation, but user/queue are {id, name} (no selfUri), no selfUri and
// no recentTransfers at the top.
import { lastCall, isActive } from './conversation.mjs';

/**
 * User topics the fake accepts (notificationMappings.json). Only .conversations.calls is ever published;
 * the others are accepted (so a subscription list can hold more than one topic) and stay silent.
 */
export const USER_TOPIC = /^v2\.users\.([^.]+)\.(conversations\.calls|conversations|persistentconnection|station|presence|routingStatus)$/;
export const callsTopic = (userId) => `v2.users.${userId}.conversations.calls`;

export function callEventBody(conv) {
  const org = conv.org;
  return {
    id: conv.id,
    participants: conv.participants.map((p) => participant(p, org)),
    otherMediaUris: [],
    recordingState: 'none',
    securePause: false,
    maxParticipants: 25,
    divisions: [{ division: { id: org.division.id }, entities: [] }],
  };
}

function participant(p, org) {
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
    initialState: c.initialState,
    direction: c.direction,
    disconnectType: c.disconnectType,
    held: c.held,
    wrapupRequired: p.purpose === 'agent',
    user: user ? { id: user.id, name: user.name } : undefined,
    queue: p.queueId ? { id: p.queueId, name: p.queueName } : undefined,
    attributes: { ...p.attributes },
    provider: c.provider,
    externalContact: p.externalContactId ? { id: p.externalContactId } : undefined,
    muted: c.muted,
    confined: c.confined,
    recording: c.recording,
    recordingState: 'none',
    securePause: false,
    consultParticipantId: p.consultParticipantId,
  };
}

/** User ids with an active (alerting…connected) participant in the conversation. */
export function activeUserIds(conv) {
  return new Set(conv.participants.filter((p) => p.userId && isActive(p)).map((p) => p.userId));
}
