// Consult (warm) transfer, voice. The path participant is the OBJECT (the party being transferred).
//   POST   /api/v2/conversations/calls/{cid}/participants/{pid}/consult/queue             ConsultTransferToQueue -> 200
//   POST   /api/v2/conversations/calls/{cid}/participants/{pid}/consult/agent             ConsultTransferToAgent -> 200
//   POST   /api/v2/conversations/calls/{cid}/participants/{pid}/consult/contact/external  ConsultTransferToExternalContact -> 200
//   POST   /api/v2/conversations/calls/{cid}/participants/{pid}/voice/consult             ConsultTransferToAddress -> 200
//   PATCH  /api/v2/conversations/calls/{cid}/participants/{pid}/consult                   ConsultTransferUpdate -> 200
//   DELETE /api/v2/conversations/calls/{cid}/participants/{pid}/consult                   -> 200, empty
// Completing: the consulting agent disconnects its own leg (PATCH .../participants/{agentPid} {state:"disconnected"}).
import { ApiError, badRequest, notAUser, notFound, notActiveParticipant } from './errors.mjs';
import {
  ConsultTransferToAddress, ConsultTransferToAgent, ConsultTransferToExternalContact, ConsultTransferToQueue, ConsultTransferUpdate,
} from './schemas.mjs';
import { isConnected } from './conversation.mjs';
import { addressSpec, agentSpec, contactSpec, mayActOn, queueSpec } from './routes-transfers.mjs';

const CT = 'conversation:communication:consultTransfer';

function lookup({ org, params }) {
  const conv = org.conversation(params.cid);
  if (!conv) throw notFound('conversation');
  const object = conv.participant(params.pid);
  if (!object) throw notFound('participant');
  return { conv, object };
}

/** The user doing the consult: body.consultingUserId or the token's user. */
function consultingUser({ org, principal, body }, conv) {
  const id = body?.consultingUserId ?? principal.userId;
  if (!id) throw notAUser();
  const user = org.users.get(id);
  if (!user) throw notFound('user');
  if (!mayActOn(conv, principal)) throw notActiveParticipant();
  if (!conv.participants.some((p) => p.userId === user.id && isConnected(p))) {
    throw new ApiError(400, 'not.a.participant', 'The consulting user is not a connected participant of the conversation.');
  }
  return user;
}

function start(ctx, buildSpec) {
  const { conv, object } = lookup(ctx);
  if (!isConnected(object)) {
    throw new ApiError(400, 'object.participant.id.required', 'A connected object participant is required');
  }
  const user = consultingUser(ctx, conv);
  if (object.userId === user.id) {
    throw new ApiError(400, 'conversation.error.cannot.transfer.to.self', 'The object participant cannot be the consulting user.');
  }
  if (conv.consultOf(object)) {
    throw badRequest('A consult transfer is already in progress for this participant.');
  }
  const spec = buildSpec(ctx.org, ctx.body);
  if (spec.user && (spec.user.id === user.id || spec.user.id === object.userId)) {
    throw new ApiError(400, 'conversation.error.cannot.transfer.to.self', 'Cannot consult transfer to yourself.');
  }
  const destination = conv.addParticipant(spec);
  destination.consultParticipantId = object.id;
  object.consultParticipantId = destination.id;
  object.consultingUserId = user.id;
  conv.applySpeakTo(object, destination, ctx.body.speakTo);
  return { status: 200, json: { destinationParticipantId: destination.id } };
}

function pending(conv, object) {
  const consult = conv.consultOf(object);
  return consult && consult.object === object ? consult : undefined;
}

function update(ctx) {
  const { conv, object } = lookup(ctx);
  const consult = pending(conv, object);
  if (!consult) {
    throw new ApiError(404, 'conversation.error.consult.transfer.pending.not.found', 'No pending consult transfer was found for this participant.');
  }
  consultingUser(ctx, conv);
  conv.applySpeakTo(object, consult.destination, ctx.body.speakTo);
  return { status: 200, json: { destinationParticipantId: consult.destination.id } };
}

function cancel(ctx) {
  const { conv, object } = lookup(ctx);
  const consult = pending(conv, object);
  if (!consult) {
    throw new ApiError(400, 'conversation.error.consult.transfer.not.started', 'No consult transfer has been started for this participant.');
  }
  if (!mayActOn(conv, ctx.principal)) throw notActiveParticipant();
  conv.clearConsult(object, consult.destination);
  conv.markDisconnected(consult.destination, 'client');
  return { status: 200 };
}

const base = '/api/v2/conversations/calls/:cid/participants/:pid';
export const routes = [
  { method: 'POST', path: `${base}/consult/queue`, perms: [CT, `${CT}Queue`], model: ConsultTransferToQueue,
    handler: (ctx) => start(ctx, queueSpec) },
  { method: 'POST', path: `${base}/consult/agent`, perms: [CT, `${CT}Agent`], model: ConsultTransferToAgent,
    handler: (ctx) => start(ctx, agentSpec) },
  { method: 'POST', path: `${base}/consult/contact/external`, perms: [CT, `${CT}ExternalContact`],
    model: ConsultTransferToExternalContact, handler: (ctx) => start(ctx, contactSpec) },
  { method: 'POST', path: `${base}/voice/consult`, perms: [CT], model: ConsultTransferToAddress,
    handler: (ctx) => start(ctx, (org, body) => addressSpec(org, body.address)) },
  { method: 'PATCH', path: `${base}/consult`, model: ConsultTransferUpdate, handler: update },
  { method: 'DELETE', path: `${base}/consult`, handler: cancel },
];
