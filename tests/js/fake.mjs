// Test helpers: a fake-genesys server per test file, and its control API.
import { readFileSync } from 'node:fs';
import { startFakeGenesys } from '../fake-genesys/server.mjs';

export const seed = JSON.parse(readFileSync(new URL('../fake-genesys/seed.json', import.meta.url), 'utf8'));
export const token = seed.tokens.agent;
export const queueId = (name) => seed.queues.find((q) => q.name === name).id;

export async function fakeGenesys() {
  const server = await startFakeGenesys({ port: 0 });
  const control = async (method, path, body) => {
    const r = await fetch(server.url + path, {
      method,
      headers: body ? { 'content-type': 'application/json' } : {},
      body: body ? JSON.stringify(body) : undefined,
    });
    return r.json();
  };
  return {
    url: server.url,
    close: () => server.close(),
    scenario: (scenario, userKey = 'agent') => control('POST', '/__control/conversations', { scenario, userKey }),
    conversation: (id) => control('GET', `/__control/conversations/${id}`),
    fault: (method, path, fault, count = 1) => control('POST', '/__control/faults', { match: { method, path }, count, fault }),
    clearFaults: () => fetch(`${server.url}/__control/faults`, { method: 'DELETE' }).then((r) => r.arrayBuffer()),
    requests: async (method, prefix = '') =>
      (await control('GET', '/__control/requests')).filter((r) => r.method === method && r.path.startsWith(prefix)),
  };
}

export const agentOf = (conv) => conv.participants.find((p) => p.purpose === 'agent');
export const lastState = (p) => p.calls.at(-1).state;
