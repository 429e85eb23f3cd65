// The notification service: channels, subscriptions, the WebSocket (the `ws` package on the fake's own
// HTTP server, noServer + 'upgrade'), heartbeats, ping/pong, conversation events and socket faults.
// Facts: /work/shared/genesys-notifications.md. REST routes: routes-notifications.mjs;
// control endpoints: control-notifications.mjs; the WebSocket methods: notification-sockets.mjs.
import { randomUUID, randomBytes } from 'node:crypto';
import { WebSocketServer, WebSocket } from 'ws';
import { ApiError } from './errors.mjs';
import { USER_TOPIC, callsTopic, callEventBody, activeUserIds } from './notification-events.mjs';
import { NotificationSockets, SERVER_CLOSE_CODE } from './notification-sockets.mjs';

export const MAX_CHANNELS = 20; // per user + OAuth client
export const MAX_TOPICS = 1000; // per channel
export const DEFAULT_CONFIG = Object.freeze({ heartbeatMs: 30_000, channelTtlMs: 24 * 3600_000, socketClosingMs: 60_000 });
export { SERVER_CLOSE_CODE };

const ID_ALPHABET = 'abcdefghijklmnopqrstuvwxyz0123456789';

function channelId() {
  const bytes = randomBytes(26);
  return `streaming-0-${[...bytes].map((b) => ID_ALPHABET[b % ID_ALPHABET.length]).join('')}`;
}

const positiveInt = (v) => Number.isInteger(v) && v > 0;

/** The WebSocket methods (handleUpgrade, closeConn, socketClosing, …) come from NotificationSockets. */
export class Notifications extends NotificationSockets {
  /** config: {heartbeatMs?, channelTtlMs?, socketClosingMs?} (the defaults restored by reset()). */
  constructor({ org, config = {} }) {
    super();
    this.org = org;
    this.defaults = { ...DEFAULT_CONFIG, ...pick(config) };
    this.wss = new WebSocketServer({ noServer: true, clientTracking: false });
    this.wsBase = 'ws://127.0.0.1:0';
    this.epoch = 0;
    this.reset();
  }

  /** Closes every socket (close frame 1001), forgets channels, faults and counters; restores the config. */
  reset(config = {}) {
    const next = { ...this.defaults, ...pick(config), heartbeatsEnabled: true, pongsEnabled: true };
    this.epoch += 1;
    for (const ch of this.channels?.values() ?? []) this.removeChannel(ch, { frame: null, reason: 'fake-genesys reset' });
    this.config = next;
    this.channels = new Map(); // id -> channel, in creation order
    this.published = new Map(); // conversationId -> {json, users}
    this.eventFaults = [];
    this.faultSeq = 0;
    this.totals = { channelsCreated: 0, socketOpens: 0, socketCloses: 0, eventsPublished: 0, evicted: 0, expired: 0 };
  }

  /** Terminates every socket and timer (server shutdown). */
  close() {
    this.epoch += 1;
    for (const ch of this.channels.values()) {
      clearTimeout(ch.expiryTimer);
      for (const conn of ch.conns) { clearInterval(conn.heartbeat); clearTimeout(conn.closingTimer); conn.ws.terminate(); }
    }
    this.channels.clear();
  }

  setConfig(patch) {
    const p = pick(patch);
    Object.assign(this.config, p);
    if (p.heartbeatMs !== undefined) for (const conn of this.allConns()) this.startHeartbeat(conn);
    return this.configView();
  }

  configView() {
    const { heartbeatMs, channelTtlMs, socketClosingMs, heartbeatsEnabled, pongsEnabled } = this.config;
    return { heartbeatMs, channelTtlMs, socketClosingMs, heartbeatsEnabled, pongsEnabled };
  }

  // ---------------------------------------------------------------- channels

  /** POST /api/v2/notifications/channels: a new channel; the 21st of a user+app evicts one. */
  createChannel(principal) {
    const key = ownerKey(principal);
    const mine = [...this.channels.values()].filter((c) => c.key === key);
    if (mine.length >= MAX_CHANNELS) this.evict(victim(mine), 'evicted');
    const now = Date.now();
    const ch = {
      id: channelId(),
      key,
      userId: principal.userId,
      clientId: principal.clientId ?? null,
      token: principal.token,
      createdAt: now,
      lastUsed: now,
      seq: ++this.totals.channelsCreated,
      topics: new Map(), // id -> {id, state}
      conns: new Set(),
      opens: 0,
      closes: 0,
      eventsSent: 0,
      heartbeatsSent: 0,
      heartbeatsSkipped: 0, // intervals that passed while heartbeats were stopped
      pingsUnanswered: 0, // pings received while pongs were stopped
      heartbeatsEnabled: true,
      pongsEnabled: true,
      heldBack: [],
      expires: 0,
      expiryTimer: undefined,
    };
    this.channels.set(ch.id, ch);
    this.extend(ch);
    return ch;
  }

  /** (Re)starts the channel's lifetime: on creation and on every subscription change. */
  extend(ch) {
    clearTimeout(ch.expiryTimer);
    ch.expires = Date.now() + this.config.channelTtlMs;
    ch.expiryTimer = setTimeout(() => this.evict(ch, 'expired'), this.config.channelTtlMs);
    ch.expiryTimer.unref();
  }

  channelView(ch) {
    return { connectUri: `${this.wsBase}/channels/${ch.id}`, id: ch.id, expires: new Date(ch.expires).toISOString() };
  }

  /** A live channel of this principal (same user; same token for a user-less token), or a 404. */
  ownChannel(principal, id) {
    const ch = this.channels.get(id);
    if (!ch || !owns(principal, ch)) throw new ApiError(404, 'not.found', `The channel ${id} was not found.`);
    return ch;
  }

  listChannels(principal, include) {
    const key = ownerKey(principal);
    const mine = [...this.channels.values()].filter((c) => c.key === key);
    if (include === 'token') return mine.filter((c) => c.token === principal.token).map((c) => this.channelView(c));
    // oauthclient: every channel of this user + app; other tokens' channels show only their expiry.
    return mine.map((c) => (c.token === principal.token ? this.channelView(c) : { expires: new Date(c.expires).toISOString() }));
  }

  /**
   * Ends a channel: 'expired' (24 h or /expire) or 'evicted' (21st channel or /evict). An open socket gets
   * the frame {"result":"404","message":…} seen by a third-party client, then a close frame.
   */
  evict(ch, why) {
    if (!this.channels.has(ch.id)) return;
    this.totals[why] += 1;
    const message = why === 'expired'
      ? `Channel ${ch.id} has expired.`
      : `Channel ${ch.id} was removed: the user has more than ${MAX_CHANNELS} channels.`;
    this.removeChannel(ch, { frame: JSON.stringify({ result: '404', message }), reason: `channel ${why}` });
  }

  removeChannel(ch, { frame, reason }) {
    clearTimeout(ch.expiryTimer);
    this.channels.delete(ch.id);
    for (const conn of ch.conns) {
      if (frame && conn.ws.readyState === WebSocket.OPEN) conn.ws.send(frame);
      this.closeConn(conn, { code: SERVER_CLOSE_CODE, reason });
    }
  }

  // ---------------------------------------------------------------- subscriptions

  topicsView(ch, extra = []) {
    return { entities: [...[...ch.topics.values()].map((t) => ({ ...t })), ...extra] };
  }

  /**
   * POST (mode 'add') / PUT (mode 'replace') subscriptions. Over 1,000 topics -> 400; an unknown topic -> 400;
   * another user's topic -> 403 notification.unauthorized.topic, or with ignoreErrors a Rejected entry.
   */
  subscribe(principal, ch, body, { mode, ignoreErrors }) {
    if (!Array.isArray(body) || !body.every((t) => t && typeof t === 'object' && typeof t.id === 'string' && t.id)) {
      throw new ApiError(400, 'bad.request', 'The request body must be an array of topics [{"id":"<topic>"}].',
        { details: [{ fieldName: 'id', errorCode: 'invalid.value' }] });
    }
    const ids = [...new Set(body.map((t) => t.id))];
    const total = new Set(mode === 'add' ? [...ch.topics.keys(), ...ids] : ids).size;
    if (total > MAX_TOPICS) {
      throw new ApiError(400, 'notification.subscription.too.many.subscriptions',
        `A channel may have at most ${MAX_TOPICS} topics; this request would make ${total}.`);
    }
    const rejected = [];
    const permitted = [];
    for (const id of ids) {
      const m = USER_TOPIC.exec(id);
      if (!m) {
        throw new ApiError(400, 'notification.invalid.topic',
          `The topic "${id}" is not valid. fake-genesys knows v2.users.{userId}.conversations.calls (published) and .conversations, .persistentconnection, .station, .presence, .routingStatus (never published).`);
      }
      if (!principal.userId || m[1] !== principal.userId) {
        if (!ignoreErrors) {
          throw new ApiError(403, 'notification.unauthorized.topic',
            `The user does not have permission required for topic "${id}": it belongs to another user.`);
        }
        rejected.push({ id, state: 'Rejected', rejectionReason: 'The topic belongs to another user.' });
      } else {
        permitted.push(id);
      }
    }
    // The first subscription after a time with none: record what every
    // conversation looks like now, so only later changes are published.
    if (this.unwatched) this.baseline();
    if (mode === 'replace') ch.topics.clear();
    for (const id of permitted) ch.topics.set(id, { id, state: 'Permitted' });
    ch.lastUsed = Date.now();
    this.extend(ch);
    return this.topicsView(ch, rejected);
  }

  unsubscribeAll(ch) {
    ch.topics.clear();
    ch.lastUsed = Date.now();
  }


  // ---------------------------------------------------------------- events

  /**
   * Publishes every conversation whose call-event snapshot changed since it was last published, to
   * v2.users.{id}.conversations.calls of each user active in it now or at the last publish (so a user
   * sees their own disconnect, then nothing more). Called after each HTTP response and each timer effect.
   */
  sync() {
    // Nobody subscribed: nothing to publish, and no snapshot of every
    // conversation per request (which made the benchmarks' thousands of
    // conversations slow). The next subscription takes a baseline instead.
    if (![...this.channels.values()].some((ch) => ch.topics.size > 0)) {
      this.unwatched = true;
      return;
    }
    for (const conv of this.org.conversations.values()) {
      const body = callEventBody(conv);
      const json = JSON.stringify(body);
      const prev = this.published.get(conv.id);
      if (prev?.json === json) continue;
      const users = activeUserIds(conv);
      const recipients = new Set([...(prev?.users ?? []), ...users]);
      this.published.set(conv.id, { json, users });
      const correlationId = randomUUID();
      const deliveries = [];
      for (const userId of recipients) {
        const topicName = callsTopic(userId);
        const frame = JSON.stringify({ topicName, version: '2', eventBody: JSON.parse(json), metadata: { CorrelationId: correlationId } });
        for (const ch of this.channels.values()) {
          if (!ch.topics.has(topicName)) continue;
          for (const conn of ch.conns) if (conn.ws.readyState === WebSocket.OPEN) deliveries.push({ conn, frame, userId });
        }
      }
      this.totals.eventsPublished += 1;
      this.deliver(deliveries);
    }
  }

  /** Records every conversation's current snapshot as published, without sending it. */
  baseline() {
    this.unwatched = false;
    for (const conv of this.org.conversations.values()) {
      this.published.set(conv.id, { json: JSON.stringify(callEventBody(conv)), users: activeUserIds(conv) });
    }
  }

  /** Sends one event's frames, applying held-back (reorder) frames and the first matching event fault. */
  deliver(deliveries) {
    const fresh = [];
    for (const d of deliveries) {
      const { ch } = d.conn;
      if (ch.heldBack.length) {
        this.sendEvent(d.conn, d.frame);
        for (const held of ch.heldBack.splice(0)) this.sendEvent(d.conn, held);
      } else {
        fresh.push(d);
      }
    }
    const matches = (f, d) => (f.channelId === undefined || f.channelId === d.conn.ch.id) && (f.userId === undefined || f.userId === d.userId);
    const fault = this.eventFaults.find((f) => fresh.some((d) => matches(f, d)));
    if (fault && --fault.remaining <= 0) this.eventFaults.splice(this.eventFaults.indexOf(fault), 1);
    for (const d of fresh) {
      const hit = fault && matches(fault, d);
      if (hit && fault.type === 'reorder') { d.conn.ch.heldBack.push(d.frame); continue; }
      this.sendEvent(d.conn, d.frame);
      if (hit && fault.type === 'duplicate') this.sendEvent(d.conn, d.frame);
    }
  }

  sendEvent(conn, frame) {
    if (conn.ws.readyState !== WebSocket.OPEN) return;
    conn.ch.eventsSent += 1;
    conn.ws.send(frame);
  }

  /** {type:'duplicate'|'reorder', count?, channelId?, userId?}: the next `count` events (reorder: pairs). */
  addEventFault(spec) {
    if (!spec || !['duplicate', 'reorder'].includes(spec.type)) throw new ApiError(400, 'bad.request', 'type must be duplicate or reorder');
    const count = spec.count ?? 1;
    if (!positiveInt(count)) throw new ApiError(400, 'bad.request', 'count must be a positive integer');
    for (const k of ['channelId', 'userId']) {
      if (spec[k] !== undefined && typeof spec[k] !== 'string') throw new ApiError(400, 'bad.request', `${k} must be a string`);
    }
    const entry = { id: ++this.faultSeq, type: spec.type, remaining: count, channelId: spec.channelId, userId: spec.userId };
    this.eventFaults.push(entry);
    return entry;
  }

  // ---------------------------------------------------------------- state for assertions

  stateView() {
    const channels = [...this.channels.values()].map((ch) => ({
      id: ch.id,
      userId: ch.userId,
      clientId: ch.clientId,
      createdAt: new Date(ch.createdAt).toISOString(),
      lastUsed: new Date(ch.lastUsed).toISOString(),
      expires: new Date(ch.expires).toISOString(),
      topics: [...ch.topics.keys()],
      openSockets: [...ch.conns].filter((c) => c.ws.readyState === WebSocket.OPEN).length,
      socketOpens: ch.opens,
      socketCloses: ch.closes,
      eventsSent: ch.eventsSent,
      heartbeatsSent: ch.heartbeatsSent,
      heartbeatsSkipped: ch.heartbeatsSkipped,
      pingsUnanswered: ch.pingsUnanswered,
      heartbeatsEnabled: ch.heartbeatsEnabled,
      pongsEnabled: ch.pongsEnabled,
      heldBackEvents: ch.heldBack.length,
    }));
    const users = {};
    for (const ch of channels) (users[ch.userId ?? 'none'] ??= []).push(ch.id);
    return { config: this.configView(), totals: { ...this.totals }, users, channels, eventFaults: this.eventFaults.map((f) => ({ ...f })) };
  }
}

function pick(config = {}) {
  const out = {};
  for (const k of ['heartbeatMs', 'channelTtlMs']) {
    if (config[k] === undefined) continue;
    if (!positiveInt(config[k])) throw new ApiError(400, 'bad.request', `${k} must be a positive integer (ms)`);
    out[k] = config[k];
  }
  if (config.socketClosingMs !== undefined) {
    if (!(Number.isInteger(config.socketClosingMs) && config.socketClosingMs >= 0)) throw new ApiError(400, 'bad.request', 'socketClosingMs must be a non-negative integer (ms)');
    out.socketClosingMs = config.socketClosingMs;
  }
  return out;
}

/** Channels are counted per user + OAuth client; a user-less token is its own owner. */
function ownerKey(principal) {
  return `${principal.userId ?? `token:${principal.token}`}|${principal.clientId ?? ''}`;
}

function owns(principal, ch) {
  return principal.userId ? ch.userId === principal.userId : ch.token === principal.token;
}

/** The channel the 21st creation removes: oldest last use, preferring channels without an open socket. */
function victim(channels) {
  const byAge = [...channels].sort((a, b) => a.lastUsed - b.lastUsed || a.seq - b.seq);
  return byAge.find((c) => ![...c.conns].some((k) => k.ws.readyState === WebSocket.OPEN)) ?? byAge[0];
}
