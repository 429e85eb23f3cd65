// Blind transfers (all 202 Accepted, no body). The path participant is the one being REPLACED.
//   POST /api/v2/conversations/{cid}/participants/{pid}/replace/queue             TransferToQueueRequest
//   POST /api/v2/conversations/{cid}/participants/{pid}/replace/agent             TransferToAgentRequest
//   POST /api/v2/conversations/{cid}/participants/{pid}/replace/contact/external  TransferToExternalContactRequest
//   POST /api/v2/conversations/{cid}/participants/{pid}/transfer                  TransferToAddressRequest
//   POST /api/v2/conversations/calls/{cid}/participants/{pid}/replace             TransferRequest (older voice endpoint)
import { ApiError, badRequest, invalidField, missingField, notFound, notActiveParticipant } from './errors.mjs';
import {
  TransferRequest, TransferToAddressRequest, TransferToAgentRequest, TransferToExternalContactRequest, TransferToQueueRequest,
} from './schemas.mjs';
import { isActive, isConnected } from './conversation.mjs';
import { telAddress } from './routes-calls.mjs';

const BT = 'conversation:communication:blindTransfer';
const DISCONNECT = 'conversation:communication:disconnect';
const PHONE_FIELDS = { WorkPhone: 'workPhone', CellPhone: 'cellPhone', HomePhone: 'homePhone', OtherPhone: 'otherPhone' };

const sameParty = () => new ApiError(400, 'conversations.error.transfer.same.party',
  'The transfer destination is the participant being replaced.');
const queueNotFound = () => new ApiError(400, 'conversations.error.queue.not.found', 'The transfer destination queue was not found.');

/** True when the principal may act on `conv`: an active participant, a supervisor, or client credentials. */
export function mayActOn(conv, principal) {
  if (principal.isClientCredentials || principal.has(DISCONNECT)) return true;
  return conv.participants.some((x) => x.userId === principal.userId && isActive(x));
}

function target({ org, principal, params }) {
  const conv = org.conversation(params.cid);
  if (!conv) throw notFound('conversation');
  const p = conv.participant(params.pid);
  if (!p) throw notFound('participant');
  if (!isConnected(p)) {
    throw new ApiError(400, 'conversations.error.transfer.not.connected', 'Only connected calls can be transferred');
  }
  if (!mayActOn(conv, principal)) throw notActiveParticipant();
  return { conv, p };
}

// ---- destination resolvers: each returns a participant spec for Conversation.addParticipant ----

export function queueSpec(org, { queueId, queueName }, { notFoundError = queueNotFound } = {}) {
  if (!queueId && !queueName) throw missingField('queueId');
  const queue = queueId ? org.queueById(queueId) : org.queueByName(queueName);
  if (!queue) throw notFoundError();
  return { purpose: 'acd', queue, direction: 'inbound', state: 'connected' };
}

export function agentSpec(org, { userId, userName, userDisplayName, voicemail }) {
  if (!userId && !userName && !userDisplayName) throw missingField('userId');
  const user = userId ? org.users.get(userId) : org.findUser(userName ?? userDisplayName);
  if (!user) throw notFound('user');
  if (voicemail) return { purpose: 'voicemail', user, direction: 'inbound', state: 'connected' };
  return { purpose: 'agent', user, direction: 'inbound', state: 'alerting' };
}

export function contactSpec(org, { contactId, phoneType }) {
  const contact = org.contact(contactId);
  if (!contact) throw notFound('external contact');
  const number = contact[PHONE_FIELDS[phoneType]];
  if (!number) throw invalidField('phoneType', `The external contact has no ${phoneType} number.`);
  return {
    purpose: 'external', address: telAddress(number), name: contact.name, externalContactId: contact.id,
    direction: 'outbound', state: 'setup:dialing',
  };
}

/** Free-form address: a user's name/email, a queue's name, or a number. */
export function addressSpec(org, address, fieldName = 'address') {
  const user = org.findUser(address);
  if (user) return agentSpec(org, { userId: user.id });
  const queue = org.queueByName(address) ?? org.queueById(address);
  if (queue) return queueSpec(org, { queueId: queue.id });
  return { purpose: 'external', address: telAddress(address, fieldName), direction: 'outbound', state: 'setup:dialing' };
}

function checkSameParty(p, spec) {
  if (spec.user && p.userId === spec.user.id) throw sameParty();
  if (spec.queue && p.purpose === 'acd' && p.queueId === spec.queue.id) throw sameParty();
  if (spec.address && p.address === spec.address) throw sameParty();
}

function transfer(ctx, buildSpec) {
  const { conv, p } = target(ctx);
  const spec = buildSpec(ctx.org, ctx.body);
  checkSameParty(p, spec);
  conv.replace(p, spec, { transferType: ctx.body.transferType ?? 'Unattended', initiatorUserId: ctx.principal.userId });
  return { status: 202 };
}

function legacyReplaceSpec(org, body) {
  if (body.userId || body.userName) return agentSpec(org, body);
  if (body.queueId) return queueSpec(org, { queueId: body.queueId });
  if (body.address) {
    if (org.users.get(body.address)) return agentSpec(org, { userId: body.address, voicemail: body.voicemail });
    return addressSpec(org, body.address);
  }
  throw badRequest('One of userId, userName, queueId or address is required.', [{ fieldName: 'address', errorCode: 'invalid.value' }]);
}

const base = '/api/v2/conversations/:cid/participants/:pid';
export const routes = [
  { method: 'POST', path: `${base}/replace/queue`, perms: [BT, `${BT}Queue`], model: TransferToQueueRequest,
    handler: (ctx) => transfer(ctx, queueSpec) },
  { method: 'POST', path: `${base}/replace/agent`, perms: [BT, `${BT}Agent`], model: TransferToAgentRequest,
    handler: (ctx) => transfer(ctx, agentSpec) },
  { method: 'POST', path: `${base}/replace/contact/external`, perms: [BT, `${BT}ExternalContact`],
    model: TransferToExternalContactRequest, handler: (ctx) => transfer(ctx, contactSpec) },
  { method: 'POST', path: `${base}/transfer`, perms: [BT], model: TransferToAddressRequest,
    handler: (ctx) => transfer(ctx, (org, body) => addressSpec(org, body.address)) },
  { method: 'POST', path: '/api/v2/conversations/calls/:cid/participants/:pid/replace', perms: [BT], model: TransferRequest,
    handler: (ctx) => transfer(ctx, legacyReplaceSpec) },
];
