// Dial, read and call control:
//   POST  /api/v2/conversations/calls                          CreateCallRequest -> 200 CreateCallResponse
//   POST  /api/v2/conversations/calls/user/{userId}            CreateCallRequest -> 200 CreateCallResponse
//   GET   /api/v2/conversations/calls                          CallConversationEntityListing (caller's active calls)
//   GET   /api/v2/conversations/calls/{conversationId}         CallConversation
//   GET   /api/v2/conversations/{conversationId}               Conversation
//   PATCH /api/v2/conversations/calls/{cid}/participants/{pid} MediaParticipantRequest -> 202
import { ApiError, badRequest, invalidField, notFound } from './errors.mjs';
import { CreateCallRequest, MediaParticipantRequest } from './schemas.mjs';
import { isActive, lastCall } from './conversation.mjs';

const DESTINATIONS = ['phoneNumber', 'callUserId', 'callQueueId', 'participants', 'conversationIds'];
const present = (v) => v !== undefined && v !== null && v !== '' && !(Array.isArray(v) && v.length === 0);

/** Normalises a dialable string to a tel: URI ("+1 (317) 555-0100" -> "tel:+13175550100"). */
export function telAddress(value, fieldName = 'phoneNumber') {
  const v = value.trim();
  if (/^(tel|sip):/i.test(v)) return v;
  if (!/^\+?[\d\s().-]+$/.test(v) || !/\d/.test(v)) {
    throw invalidField(fieldName, `The value '${value}' of '${fieldName}' is not a valid phone number.`);
  }
  let digits = v.replace(/[^\d]/g, '');
  if (v.startsWith('+')) return `tel:+${digits}`;
  if (digits.length === 10) digits = `1${digits}`;
  return `tel:+${digits}`;
}

function requireEntity(entity, what) {
  if (!entity) throw notFound(what);
  return entity;
}

/** Creates the conversation for a CreateCallRequest placed by/for `user`. */
export function placeCall(org, user, body) {
  const dests = DESTINATIONS.filter((k) => present(body[k]));
  if (dests.length > 1) {
    throw new ApiError(400, 'too.many.create.conversation.parameters',
      `Only one of phoneNumber, callUserId, callQueueId, participants or conversationIds may be specified; got ${dests.join(', ')}.`);
  }
  if (dests.length === 0) {
    throw badRequest('A destination is required: one of phoneNumber, callUserId, callQueueId, participants or conversationIds.',
      [{ fieldName: 'phoneNumber', errorCode: 'invalid.value' }]);
  }
  const fromQueue = body.callFromQueueId ? requireEntity(org.queueById(body.callFromQueueId), 'queue') : undefined;
  const callQueue = body.callQueueId ? requireEntity(org.queueById(body.callQueueId), 'queue') : undefined;
  const callUser = body.callUserId ? requireEntity(org.users.get(body.callUserId), 'user') : undefined;
  const contact = body.externalContactId ? requireEntity(org.contact(body.externalContactId), 'external contact') : undefined;
  const phone = body.phoneNumber ? telAddress(body.phoneNumber) : undefined;
  const merged = (body.conversationIds ?? []).map((id) => requireEntity(org.conversation(id), 'conversation'));
  const targets = (body.participants ?? []).map((d, i) => destinationSpec(org, d, i));

  const conv = org.newConversation();
  const agentAddress = `sip:${user.id}@localhost`;
  const callerAddress = body.callerId ? telAddress(body.callerId, 'callerId') : agentAddress;
  conv.addParticipant({
    purpose: fromQueue ? 'agent' : 'user',
    user,
    queue: fromQueue,
    direction: 'outbound',
    state: 'connected',
    otherAddress: phone,
  });
  if (phone) {
    conv.addParticipant({
      purpose: 'customer',
      address: phone,
      name: contact?.name,
      externalContactId: contact?.id,
      attributes: body.attributes,
      direction: 'outbound',
      state: 'setup:dialing',
      otherAddress: callerAddress,
    });
  } else if (callUser) {
    conv.addParticipant({ purpose: 'user', user: callUser, direction: 'inbound', state: 'setup:alerting', otherAddress: agentAddress });
  } else if (callQueue) {
    conv.addParticipant({ purpose: 'acd', queue: callQueue, direction: 'inbound', state: 'connected', attributes: body.attributes });
  } else if (targets.length) {
    for (const t of targets) conv.addParticipant({ ...t, otherAddress: agentAddress });
  } else {
    for (const old of merged) {
      for (const p of old.participants.filter((x) => isActive(x) && x.userId !== user.id)) {
        conv.addParticipant({
          purpose: p.purpose,
          user: p.userId ? org.users.get(p.userId) : undefined,
          queue: p.queueId ? org.queueById(p.queueId) : undefined,
          address: p.address,
          name: p.name,
          attributes: p.attributes,
          direction: lastCall(p).direction,
          state: 'connected',
        });
        old.markDisconnected(p, 'transfer.conference');
      }
      for (const p of old.participants.filter(isActive)) old.markDisconnected(p, 'transfer.conference');
      old.endTime ??= new Date().toISOString();
    }
  }
  return conv;
}

function destinationSpec(org, d, i) {
  const keys = ['address', 'userId', 'queueId'].filter((k) => present(d[k]));
  if (keys.length !== 1) {
    throw badRequest(`participants[${i}] must specify exactly one of address, userId or queueId.`,
      [{ fieldName: `participants[${i}]`, errorCode: 'invalid.value' }]);
  }
  if (d.userId) return { purpose: 'user', user: requireEntity(org.users.get(d.userId), 'user'), direction: 'inbound', state: 'setup:alerting' };
  if (d.queueId) return { purpose: 'acd', queue: requireEntity(org.queueById(d.queueId), 'queue'), direction: 'inbound', state: 'connected' };
  return { purpose: 'external', address: telAddress(d.address, `participants[${i}].address`), name: d.name, direction: 'outbound', state: 'setup:dialing' };
}

const created = (conv) => ({
  status: 200,
  json: { id: conv.id, selfUri: `/api/v2/conversations/calls/${conv.id}` },
});

function dial({ org, principal, body }) {
  return created(placeCall(org, principal.user, body));
}

function dialForUser({ org, params, body }) {
  const user = requireEntity(org.users.get(params.userId), 'user');
  return created(placeCall(org, user, body));
}

function getConversation({ org, params }) {
  const conv = requireEntity(org.conversation(params.cid), 'conversation');
  return { status: 200, json: conv.apiView() };
}

function getCallConversation({ org, params }) {
  const conv = requireEntity(org.conversation(params.cid), 'conversation');
  return { status: 200, json: conv.callsView() };
}

function listCallConversations({ org, principal }) {
  const mine = [...org.conversations.values()]
    .filter((c) => c.participants.some((p) => p.userId === principal.userId && isActive(p)));
  return {
    status: 200,
    json: {
      entities: mine.map((c) => c.callsView()),
      pageSize: 25, pageNumber: 1, total: mine.length, pageCount: mine.length ? 1 : 0,
      firstUri: '/api/v2/conversations/calls?pageSize=25&pageNumber=1',
      selfUri: '/api/v2/conversations/calls?pageSize=25&pageNumber=1',
      lastUri: '/api/v2/conversations/calls?pageSize=25&pageNumber=1',
    },
  };
}

function patchParticipant({ org, principal, params, body }) {
  const conv = requireEntity(org.conversation(params.cid), 'conversation');
  const p = conv.participant(params.pid);
  if (!p) throw new ApiError(404, 'conversation.error.not.conversation.participant', 'The participant is not part of this conversation.');
  if (!principal.has('conversation:communication:disconnect') && p.userId !== principal.userId) {
    throw new ApiError(403, 'not.authorized',
      'You may only modify your own participant unless you hold conversation:communication:disconnect.');
  }
  const call = lastCall(p);
  if (call.state === 'disconnected' || call.state === 'terminated') {
    throw new ApiError(400, 'conversation.error.call.disconnected', 'The call is already disconnected.');
  }
  if (body.held === true && call.state === 'alerting') {
    throw new ApiError(400, 'conversation.error.hold.alerting', 'An alerting call cannot be placed on hold.');
  }
  if (body.state && !['connected', 'disconnected'].includes(body.state)) {
    throw invalidField('state', `A participant cannot be moved to state '${body.state}'.`);
  }
  if (body.state === 'connected' && call.state !== 'connected' && !['alerting', 'offering', 'contacting', 'dialing'].includes(call.state)) {
    throw invalidField('state', `A ${call.state} call cannot be answered.`);
  }
  for (const flag of ['held', 'muted', 'confined', 'recording']) {
    if (typeof body[flag] === 'boolean') call[flag] = body[flag];
  }
  if (body.state === 'connected' && call.state !== 'connected') conv.connect(p);
  if (body.state === 'disconnected') conv.disconnect(p, 'client');
  return { status: 202 };
}

export const routes = [
  { method: 'POST', path: '/api/v2/conversations/calls', perms: ['conversation:call:add', 'conversation:conference:add'],
    requiresUser: true, model: CreateCallRequest, handler: dial },
  { method: 'POST', path: '/api/v2/conversations/calls/user/:userId',
    perms: ['conversation:agentlessCall:add', 'conversation:call:add'], model: CreateCallRequest, handler: dialForUser },
  { method: 'GET', path: '/api/v2/conversations/calls', requiresUser: true, handler: listCallConversations },
  { method: 'GET', path: '/api/v2/conversations/calls/:cid', handler: getCallConversation },
  { method: 'PATCH', path: '/api/v2/conversations/calls/:cid/participants/:pid',
    perms: ['conversation:participant:wrapup', 'conversation:call:record', 'conversation:communication:disconnect'],
    model: MediaParticipantRequest, handler: patchParticipant },
  { method: 'GET', path: '/api/v2/conversations/:cid', perms: ['conversation:communication:view'], handler: getConversation },
];
