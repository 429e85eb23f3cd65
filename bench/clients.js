// The three implementations behind one shape, for browsers and Node:
//   { dial(phoneNumber) → {conversationId}, transfer(conversationId, to) → {participantId, …} }
// where `to` is {queueId} or {queueName}. Each keeps one client for all
// operations, like a real widget (users/me fetched once, then cached).
import { createFetchClient } from './baseline-fetch.js';

export const IMPLS = ['callctl', 'sdk', 'fetch'];

/** genesys-callctl: `CallControl` from the package entry the runtime uses. */
export function callctlClient(CallControl, { apiBase, token }) {
  const cc = new CallControl({ apiBase, token });
  return {
    dial: (phoneNumber) => cc.dial({ phoneNumber }),
    transfer: (conversationId, to) => cc.transfer({ conversationId, to }),
  };
}

/** The official SDK (`platformClient`: its browser bundle's or its Node build's export), the same requests. */
export function sdkClient(platformClient, { apiBase, token }) {
  const url = new URL(apiBase);
  const api = platformClient.ApiClient.instance;
  api.setGateway({ host: url.hostname, protocol: url.protocol.slice(0, -1), port: Number(url.port) });
  api.setAccessToken(token);
  const conversations = new platformClient.ConversationsApi();
  const users = new platformClient.UsersApi();
  const routing = new platformClient.RoutingApi();
  let me;
  return {
    async dial(phoneNumber) {
      const { id } = await conversations.postConversationsCalls({ phoneNumber });
      return { conversationId: id };
    },
    async transfer(conversationId, to) {
      let queueId = to.queueId;
      if (queueId === undefined) {
        const { entities } = await routing.getRoutingQueues({ name: to.queueName, pageSize: 100 });
        if (entities.length !== 1) throw new Error(`queue ${to.queueName}: ${entities.length} matches`);
        queueId = entities[0].id;
      }
      const conversation = await conversations.getConversation(conversationId);
      me ??= await users.getUsersMe();
      const agent = conversation.participants.find((p) => p.userId === me.id && p.calls?.some((c) => c.state === 'connected'));
      if (!agent) throw new Error('the token user has no connected participant');
      await conversations.postConversationParticipantReplaceQueue(conversationId, agent.id, { queueId });
      return { conversationId, participantId: agent.id, queueId };
    },
  };
}

/** Hand-written fetch (bench/baseline-fetch.js). */
export function fetchClient(opts) {
  return createFetchClient(opts);
}

/** The three operations measured, given a client and an operation index `i`. */
export const OPS = {
  dial: (c, i, ctx) => c.dial(phoneNumber(i)),
  transferById: (c, i, ctx) => c.transfer(ctx.conversationId(i), { queueId: ctx.queueId }),
  transferByName: (c, i, ctx) => c.transfer(ctx.conversationId(i), { queueName: ctx.queueName }),
};

/** A distinct E.164 number per index (so single-flight dedup never merges two dials). */
export function phoneNumber(i) {
  return `+1317${String(5000000 + (i % 5000000)).padStart(7, '0')}`;
}
