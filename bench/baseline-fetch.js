// Baseline (b): the minimum hand-written JS that sends the same requests as
// genesys-callctl for a dial and a blind transfer to a queue, and parses the
// same responses. No validation, no retries, no timeouts, no error mapping.
// Runs in browsers and Node (global fetch).

export function createFetchClient({ apiBase, token }) {
  const get = { Authorization: `Bearer ${token}`, Accept: 'application/json' };
  const post = { ...get, 'Content-Type': 'application/json' };
  let me; // GET /api/v2/users/me, cached after the first transfer

  async function call(method, path, body) {
    const res = await fetch(apiBase + path, body === undefined ? { method, headers: get } : { method, headers: post, body: JSON.stringify(body) });
    const text = await res.text();
    if (!res.ok) throw new Error(`${method} ${path}: HTTP ${res.status}`);
    return text ? JSON.parse(text) : null;
  }

  return {
    /** POST /api/v2/conversations/calls {phoneNumber} → {conversationId}. */
    async dial(phoneNumber) {
      const { id } = await call('POST', '/api/v2/conversations/calls', { phoneNumber });
      return { conversationId: id };
    },

    /** Blind transfer of the agent's own participant to `to.queueId` or `to.queueName`. */
    async transfer(conversationId, to) {
      let queueId = to.queueId;
      if (queueId === undefined) {
        const { entities } = await call('GET', `/api/v2/routing/queues?name=${encodeURIComponent(to.queueName)}&pageSize=100`);
        if (entities.length !== 1) throw new Error(`queue ${to.queueName}: ${entities.length} matches`);
        queueId = entities[0].id;
      }
      const conversation = await call('GET', `/api/v2/conversations/${conversationId}`);
      me ??= await call('GET', '/api/v2/users/me');
      const agent = conversation.participants.find((p) => p.userId === me.id && p.calls?.some((c) => c.state === 'connected'));
      if (!agent) throw new Error('the token user has no connected participant');
      await call('POST', `/api/v2/conversations/${conversationId}/participants/${agent.id}/replace/queue`, { queueId });
      return { conversationId, participantId: agent.id, queueId };
    },
  };
}
