// Faults aimed at an operation rather than a path: `match.operation` in POST /__control/faults.
// A transfer's path holds ids the tester may not know yet and shares its prefix with other writes
// (dial is POST /api/v2/conversations/calls), so "the next transfer" cannot be said with a path prefix.
//   dial              POST /api/v2/conversations/calls · /calls/user/{userId}
//   blind-transfer    POST /api/v2/conversations/{cid}/participants/{pid}/replace/queue · /replace/agent ·
//                          /replace/contact/external · /transfer ;  /conversations/calls/{cid}/participants/{pid}/replace
//   consult-transfer  POST /api/v2/conversations/calls/{cid}/participants/{pid}/consult/queue · /consult/agent ·
//                          /consult/contact/external · /voice/consult
//   transfer          blind-transfer or consult-transfer
//   call-control      PATCH /api/v2/conversations/calls/{cid}/participants/{pid} (hold, mute, answer, hang up, complete)
//   create-channel    POST /api/v2/notifications/channels
//   subscribe         POST · PUT /api/v2/notifications/channels/{channelId}/subscriptions
// `match.method` and `match.path` still apply when given as well.
import { FaultQueue } from './faults.mjs';
import { badRequest } from './errors.mjs';

const ID = '[^/]+';
const BLIND = new RegExp(`^/api/v2/conversations/(${ID}/participants/${ID}/(replace/(queue|agent|contact/external)|transfer)|calls/${ID}/participants/${ID}/replace)$`);
const CONSULT = new RegExp(`^/api/v2/conversations/calls/${ID}/participants/${ID}/(consult/(queue|agent|contact/external)|voice/consult)$`);
const DIAL = new RegExp(`^/api/v2/conversations/calls(/user/${ID})?$`);
const SUBSCRIPTIONS = new RegExp(`^/api/v2/notifications/channels/${ID}/subscriptions$`);
const PARTICIPANT = new RegExp(`^/api/v2/conversations/calls/${ID}/participants/${ID}$`);

export const OPERATIONS = {
  dial: (m, p) => m === 'POST' && DIAL.test(p),
  'blind-transfer': (m, p) => m === 'POST' && BLIND.test(p),
  'consult-transfer': (m, p) => m === 'POST' && CONSULT.test(p),
  transfer: (m, p) => m === 'POST' && (BLIND.test(p) || CONSULT.test(p)),
  'call-control': (m, p) => m === 'PATCH' && PARTICIPANT.test(p),
  'create-channel': (m, p) => m === 'POST' && p === '/api/v2/notifications/channels',
  subscribe: (m, p) => (m === 'POST' || m === 'PUT') && SUBSCRIPTIONS.test(p),
};

function pathMatches(match, method, path) {
  if (match.method ? match.method !== method : method === 'OPTIONS') return false;
  if (!match.path) return true;
  if (match.path.endsWith('*')) return path.startsWith(match.path.slice(0, -1));
  return path === match.path;
}

/** The server's fault queue, plus `match.operation`. */
export class OperationFaultQueue extends FaultQueue {
  add(spec) {
    const operation = spec?.match?.operation;
    if (operation !== undefined && !Object.hasOwn(OPERATIONS, operation)) {
      throw badRequest(`match.operation must be one of: ${Object.keys(OPERATIONS).join(', ')}`);
    }
    const entry = super.add(spec);
    if (operation !== undefined) entry.match.operation = operation;
    return entry;
  }

  take(method, path) {
    const entry = this.entries.find((e) => pathMatches(e.match, method, path)
      && (e.match.operation === undefined || OPERATIONS[e.match.operation](method, path)));
    if (!entry) return undefined;
    entry.remaining -= 1;
    if (entry.remaining <= 0) this.entries.splice(this.entries.indexOf(entry), 1);
    return entry.fault;
  }
}
