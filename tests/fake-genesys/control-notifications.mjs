// Control endpoints of the notification service (mounted by control.mjs under /__control/notifications):
//   GET    /__control/notifications                      -> {config, totals, users, channels, eventFaults}
//   POST   /__control/notifications/config               {heartbeatMs?, channelTtlMs?, socketClosingMs?} -> config
//   POST   /__control/notifications/drop                 {channelId? | userId?, mode?: "close"|"terminate", code?, reason?}
//   POST   /__control/notifications/socket-closing       {channelId? | userId?, closeAfterMs?: ms|null}
//   POST   /__control/notifications/heartbeats           {enabled?, pongs?, channelId?}
//   POST   /__control/notifications/channels/{id}/expire -> as if its 24 h ran out
//   POST   /__control/notifications/channels/{id}/evict  -> as if a 21st channel pushed it out
//   POST   /__control/notifications/event-faults         {type: "duplicate"|"reorder", count?, channelId?, userId?}
//   GET / DELETE /__control/notifications/event-faults   -> list / clear
// Failing the next channel creation is an ordinary /__control/faults entry (match.operation "create-channel").
import { ApiError, badRequest } from './errors.mjs';

const ok = (json) => ({ status: 200, json });

function validCloseCode(code) {
  return Number.isInteger(code) && ((code >= 1000 && code <= 1014 && ![1004, 1005, 1006].includes(code)) || (code >= 3000 && code <= 4999));
}

function selector(body) {
  for (const k of ['channelId', 'userId']) {
    if (body[k] !== undefined && typeof body[k] !== 'string') throw badRequest(`${k} must be a string`);
  }
  return { channelId: body.channelId, userId: body.userId };
}

function drop(hub, body) {
  const mode = body.mode ?? 'close';
  if (mode !== 'close' && mode !== 'terminate') throw badRequest('mode must be close or terminate');
  const code = body.code ?? 1001;
  if (mode === 'close' && !validCloseCode(code)) throw badRequest('code must be a close code a server may send (1000-1003, 1007-1014, 3000-4999)');
  if (body.reason !== undefined && typeof body.reason !== 'string') throw badRequest('reason must be a string');
  const conns = hub.selectConns(selector(body));
  for (const conn of conns) hub.closeConn(conn, { mode, code, reason: body.reason ?? 'dropped by fake-genesys control' });
  return ok({ dropped: conns.length, mode });
}

function socketClosing(hub, body) {
  let after = body.closeAfterMs === undefined ? hub.config.socketClosingMs : body.closeAfterMs;
  if (after !== null && !(Number.isInteger(after) && after >= 0)) throw badRequest('closeAfterMs must be a non-negative integer or null');
  return ok({ notified: hub.socketClosing(hub.selectConns(selector(body)), after), closeAfterMs: after });
}

function heartbeats(hub, body) {
  for (const k of ['enabled', 'pongs']) {
    if (body[k] !== undefined && typeof body[k] !== 'boolean') throw badRequest(`${k} must be a boolean`);
  }
  if (body.channelId !== undefined) {
    const ch = hub.channels.get(body.channelId);
    if (!ch) throw new ApiError(404, 'not.found', `No channel ${body.channelId}.`);
    if (body.enabled !== undefined) ch.heartbeatsEnabled = body.enabled;
    if (body.pongs !== undefined) ch.pongsEnabled = body.pongs;
    return ok({ channelId: ch.id, heartbeatsEnabled: ch.heartbeatsEnabled, pongsEnabled: ch.pongsEnabled });
  }
  if (body.enabled !== undefined) hub.config.heartbeatsEnabled = body.enabled;
  if (body.pongs !== undefined) hub.config.pongsEnabled = body.pongs;
  return ok(hub.configView());
}

/** The response for a /__control/notifications request (parts: the path after "notifications"). */
export function handleNotificationControl({ method, parts, body, state }) {
  const hub = state.notifications;
  const [what, id, action] = parts;
  if (!what && method === 'GET') return ok(hub.stateView());
  if (what === 'config' && !id && method === 'POST') return ok(hub.setConfig(body));
  if (what === 'drop' && !id && method === 'POST') return drop(hub, body);
  if (what === 'socket-closing' && !id && method === 'POST') return socketClosing(hub, body);
  if (what === 'heartbeats' && !id && method === 'POST') return heartbeats(hub, body);
  if (what === 'channels' && id && (action === 'expire' || action === 'evict') && parts.length === 3 && method === 'POST') {
    const ch = hub.channels.get(id);
    if (!ch) throw new ApiError(404, 'not.found', `No channel ${id}.`);
    const sockets = [...ch.conns].length;
    hub.evict(ch, action === 'expire' ? 'expired' : 'evicted');
    return ok({ channelId: id, [action === 'expire' ? 'expired' : 'evicted']: true, sockets });
  }
  if (what === 'event-faults' && !id) {
    if (method === 'POST') return ok(hub.addEventFault(body));
    if (method === 'GET') return ok(hub.eventFaults.map((f) => ({ ...f })));
    if (method === 'DELETE') { hub.eventFaults = []; return ok({ ok: true }); }
  }
  throw new ApiError(404, 'not.found', `Unknown control endpoint ${method} /__control/notifications/${parts.join('/')}`);
}
