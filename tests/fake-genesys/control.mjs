// Control API (not under /api/v2, no auth, never recorded in the request log):
//   POST   /__control/reset                 {callSetupMs?, heartbeatMs?, channelTtlMs?, socketClosingMs?}
//                                           -> restores seed; clears conversations, faults, log, notification channels (sockets closed)
//   POST   /__control/conversations         {scenario, userKey?} -> conversation (control view)
//   GET    /__control/conversations/{id}    -> conversation (control view)
//   PATCH  /__control/conversations/{id}/participants/{pid} {state?, held?, muted?} -> conversation (force a state)
//   GET    /__control/state                 -> {callSetupMs, conversations, users, queues}
//   GET    /__control/requests              -> recorded /api/v2 requests;  DELETE clears
//   POST   /__control/tokens                {token, userId|null, permissions?}
//   POST   /__control/faults                {match:{method?, path?}, count?, fault} -> queued entry
//   GET    /__control/faults                -> queued faults;  DELETE clears
//   *      /__control/notifications/...     -> control-notifications.mjs
import { ApiError, badRequest, notFound } from './errors.mjs';
import { createScenario } from './scenarios.mjs';
import { lastCall } from './conversation.mjs';
import { handleDeskControl } from './control-desk.mjs';
import { handleNotificationControl } from './control-notifications.mjs';

const ok = (json, status = 200) => ({ status, json });

function parse(raw) {
  if (raw.length === 0) return {};
  try { return JSON.parse(raw.toString('utf8')); } catch (e) { throw badRequest(`Invalid JSON: ${e.message}`); }
}

function conversationOr404(org, id) {
  const conv = org.conversation(id);
  if (!conv) throw notFound('conversation');
  return conv;
}

function forceParticipant(org, convId, pid, body) {
  const conv = conversationOr404(org, convId);
  const p = conv.participant(pid);
  if (!p) throw notFound('participant');
  const call = lastCall(p);
  for (const flag of ['held', 'muted', 'confined', 'recording']) {
    if (typeof body[flag] === 'boolean') call[flag] = body[flag];
  }
  if (body.state === 'connected') conv.connect(p);
  else if (body.state === 'disconnected') conv.disconnect(p, body.disconnectType ?? 'endpoint');
  else if (typeof body.state === 'string') call.state = body.state;
  return ok(conv.controlView());
}

function addToken(org, body) {
  if (typeof body.token !== 'string' || !body.token) throw badRequest('token (string) is required');
  const userId = body.userId ?? null;
  if (userId !== null && !org.users.get(userId)) throw notFound('user');
  if (body.permissions !== undefined && !(Array.isArray(body.permissions) && body.permissions.every((p) => typeof p === 'string'))) {
    throw badRequest('permissions must be an array of strings');
  }
  if (body.clientId !== undefined && typeof body.clientId !== 'string') throw badRequest('clientId must be a string');
  org.addToken(body.token, userId, body.permissions, body.clientId);
  return ok({ token: body.token, userId, permissions: body.permissions ?? null, clientId: body.clientId ?? null });
}

export async function handleControl({ req, url, raw, state }) {
  const { org, faults, log } = state;
  try {
    const parts = url.pathname.split('/').filter(Boolean).slice(1); // drop "__control"
    const [resource, id, sub, pid] = parts;
    const m = req.method;
    const body = m === 'POST' || m === 'PATCH' ? parse(raw) : {};
    if (resource === 'reset' && m === 'POST') {
      org.reset({ callSetupMs: body.callSetupMs });
      faults.clear();
      log.entries = [];
      state.notifications.reset(body);
      return ok({ ok: true, callSetupMs: org.callSetupMs, notifications: state.notifications.configView() });
    }
    if (resource === 'conversations') {
      if (!id && m === 'POST') return ok(createScenario(org, body).controlView());
      if (id && !sub && m === 'GET') return ok(conversationOr404(org, id).controlView());
      if (id && sub === 'participants' && pid && (m === 'PATCH' || m === 'POST')) return forceParticipant(org, id, pid, body);
    }
    if (resource === 'state' && m === 'GET') return ok(org.stateView());
    if (resource === 'requests' && !id) {
      if (m === 'GET') return ok(log.entries);
      if (m === 'DELETE') { log.entries = []; return ok({ ok: true }); }
    }
    if (resource === 'tokens' && m === 'POST') return addToken(org, body);
    if (resource === 'faults' && !id) {
      if (m === 'POST') return ok(faults.add(body));
      if (m === 'GET') return ok(faults.view());
      if (m === 'DELETE') { faults.clear(); return ok({ ok: true }); }
    }
    if (resource === 'notifications') return handleNotificationControl({ method: m, parts: parts.slice(1), body, url, state });
    const desk = handleDeskControl({ method: m, resource, id, body, state });
    if (desk) return desk;
    throw new ApiError(404, 'not.found', `Unknown control endpoint ${m} ${url.pathname}`);
  } catch (err) {
    if (err instanceof ApiError) return { status: err.status, error: err };
    return { status: 500, error: new ApiError(500, 'internal.server.error', String(err?.message ?? err)) };
  }
}
