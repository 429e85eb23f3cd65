// Ready-made conversations for POST /__control/conversations {scenario, userKey?}.
import { badRequest } from './errors.mjs';

export const CUSTOMER_ADDRESS = 'tel:+13175550100';
export const DNIS_ADDRESS = 'tel:+18005550199';

const SCENARIOS = {
  'agent-connected': (ctx) => inboundAcd(ctx, { agentState: 'connected' }),
  'agent-alerting': (ctx) => inboundAcd(ctx, { agentState: 'alerting' }),
  'agent-held': (ctx) => inboundAcd(ctx, { agentState: 'connected', held: true }),
  'agent-disconnected': (ctx) => inboundAcd(ctx, { agentState: 'disconnected' }),
  queued: ({ org }) => {
    const conv = org.newConversation();
    customer(conv);
    conv.addParticipant({ purpose: 'acd', queue: org.queueByName('Billing'), direction: 'inbound', state: 'connected', otherAddress: CUSTOMER_ADDRESS });
    return conv;
  },
};

export const SCENARIO_NAMES = Object.keys(SCENARIOS);

function customer(conv) {
  return conv.addParticipant({
    purpose: 'customer',
    address: CUSTOMER_ADDRESS,
    name: 'Mobile Number, Indiana',
    direction: 'inbound',
    state: 'connected',
    selfAddress: CUSTOMER_ADDRESS,
    otherAddress: DNIS_ADDRESS,
  });
}

/** Inbound call routed through Support Tier 1 to an agent (default Alex). */
function inboundAcd({ org, user }, { agentState, held = false }) {
  const queue = org.queueByName('Support Tier 1');
  const conv = org.newConversation();
  customer(conv);
  conv.addParticipant({
    purpose: 'acd', queue, direction: 'inbound', state: 'disconnected', disconnectType: 'transfer', otherAddress: CUSTOMER_ADDRESS,
  });
  const agent = conv.addParticipant({
    purpose: 'agent', user, queue, direction: 'inbound',
    state: agentState === 'disconnected' ? 'connected' : agentState,
    otherAddress: CUSTOMER_ADDRESS,
  });
  if (held) agent.calls[0].held = true;
  if (agentState === 'disconnected') conv.markDisconnected(agent, 'client');
  return conv;
}

export function createScenario(org, { scenario, userKey = 'agent' } = {}) {
  const build = SCENARIOS[scenario];
  if (!build) throw badRequest(`Unknown scenario '${scenario}'. Known: ${SCENARIO_NAMES.join(', ')}.`);
  const user = org.userByTokenKey(userKey);
  if (!user) throw badRequest(`Unknown userKey '${userKey}' (use a key of seed.tokens that belongs to a user).`);
  return build({ org, user });
}
