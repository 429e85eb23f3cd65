// Control endpoints for driving an agent desktop against the fake (mounted by control.mjs):
//   POST /__control/offers  {userId? | userKey?, from?, name?, queueName?}
//        -> an inbound ACD call routed to the user and ALERTING on the user's leg (control view).
//           The agent answers with PATCH /api/v2/conversations/calls/{cid}/participants/{pid} {state:"connected"}.
//           Defaults: userKey "agent", from "+1 317 555 0100", queue "Support Tier 1".
//   GET  /__control/oauth   -> {clients, log}: the OAuth client and the /oauth/* requests seen (routes-oauth.mjs)
import { badRequest, notFound } from './errors.mjs';
import { telAddress } from './routes-calls.mjs';
import { DNIS_ADDRESS } from './scenarios.mjs';
import { oauthStore } from './routes-oauth.mjs';

const ok = (json) => ({ status: 200, json });

function offer(org, body) {
  const user = body.userId !== undefined ? org.users.get(body.userId) : org.userByTokenKey(body.userKey ?? 'agent');
  if (!user) throw notFound('user');
  const queue = org.queueByName(body.queueName ?? 'Support Tier 1');
  if (!queue) throw notFound('queue');
  if (body.name !== undefined && typeof body.name !== 'string') throw badRequest('name must be a string');
  const from = telAddress(typeof body.from === 'string' ? body.from : '+1 317 555 0100', 'from');
  const conv = org.newConversation();
  conv.addParticipant({
    purpose: 'customer', address: from, name: body.name ?? 'Mobile Number, Indiana',
    direction: 'inbound', state: 'connected', selfAddress: from, otherAddress: DNIS_ADDRESS,
  });
  conv.addParticipant({
    purpose: 'acd', queue, direction: 'inbound', state: 'disconnected', disconnectType: 'transfer', otherAddress: from,
  });
  conv.addParticipant({ purpose: 'agent', user, queue, direction: 'inbound', state: 'alerting', otherAddress: from });
  return ok(conv.controlView());
}

/** The response for a desk control request, or undefined when it is not one. */
export function handleDeskControl({ method, resource, id, body, state }) {
  if (resource === 'offers' && !id && method === 'POST') return offer(state.org, body);
  if (resource === 'oauth' && !id && method === 'GET') return ok(oauthStore(state).view());
  return undefined;
}
