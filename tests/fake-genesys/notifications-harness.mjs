// Test helpers for the notification service (not a test file itself): a `ws` client that buffers frames
// and lets a test wait for the next matching one with a bounded timeout.
import WebSocket from 'ws';
import { api, control, user } from './harness.mjs';

export const WAIT_MS = 2000;
export const callsTopic = (userKey) => `v2.users.${user(userKey).id}.conversations.calls`;
export const isHeartbeat = (f) => f.topicName === 'channel.metadata' && f.eventBody?.message === 'WebSocket Heartbeat';
export const isPong = (f) => f.topicName === 'channel.metadata' && f.eventBody?.message === 'pong';
export const isCallEvent = (f) => /^v2\.users\.[^.]+\.conversations\.calls$/.test(f.topicName ?? '');

/** Rejects after ms with a message naming what was awaited; clears its timer when p settles. */
export function within(p, ms, what) {
  let timer;
  const timeout = new Promise((_, reject) => { timer = setTimeout(() => reject(new Error(`timed out after ${ms} ms waiting for ${what}`)), ms); });
  return Promise.race([p, timeout]).finally(() => clearTimeout(timer));
}

export class Client {
  /** Opens a WebSocket to url and resolves once it is open. */
  static async connect(url) {
    const ws = new WebSocket(url);
    const client = new Client(ws);
    await within(new Promise((resolve, reject) => { ws.once('open', resolve); ws.once('error', reject); }), WAIT_MS, `open ${url}`);
    return client;
  }

  constructor(ws) {
    this.ws = ws;
    this.frames = []; // parsed frames not taken yet, in arrival order
    this.all = []; // every frame ever received
    this.waiters = [];
    this.closed = new Promise((resolve) => {
      ws.on('close', (code, reason) => { this.closeInfo = { code, reason: reason.toString() }; resolve(this.closeInfo); this.wake(); });
    });
    ws.on('error', () => {});
    ws.on('message', (data) => {
      const frame = JSON.parse(data.toString('utf8'));
      this.frames.push(frame);
      this.all.push(frame);
      this.wake();
    });
  }

  wake() {
    for (const w of this.waiters.splice(0)) w();
  }

  /** Takes the first buffered frame matching pred (older non-matching frames stay), waiting up to ms. */
  async take(pred, what = 'a frame', ms = WAIT_MS) {
    const started = Date.now();
    for (;;) {
      const i = this.frames.findIndex(pred);
      if (i >= 0) return this.frames.splice(i, 1)[0];
      if (this.closeInfo) throw new Error(`socket closed (${this.closeInfo.code}) while waiting for ${what}`);
      const left = ms - (Date.now() - started);
      if (left <= 0) throw new Error(`timed out after ${ms} ms waiting for ${what}`);
      await within(new Promise((r) => this.waiters.push(r)), left, what).catch(() => {});
    }
  }

  /** The next conversation event (heartbeats and pongs are skipped, not consumed). */
  nextEvent(what = 'a conversation event', ms = WAIT_MS) { return this.take(isCallEvent, what, ms); }

  /** The next frame that is not a heartbeat. */
  nextNonHeartbeat(what = 'a frame', ms = WAIT_MS) { return this.take((f) => !isHeartbeat(f), what, ms); }

  /**
   * Barrier: ping and wait for the pong. An event caused by a REST call that returned before the ping was
   * sent is written by the fake before the pong (events go out right after the response).
   */
  async ping() {
    this.ws.send(JSON.stringify({ message: 'ping' }));
    return this.take(isPong, 'pong');
  }

  /** Buffered conversation events not taken yet. */
  pendingEvents() { return this.frames.filter(isCallEvent); }

  waitClosed(ms = WAIT_MS) { return within(this.closed, ms, 'the socket to close'); }

  close() {
    if (this.ws.readyState === WebSocket.OPEN || this.ws.readyState === WebSocket.CONNECTING) this.ws.terminate();
  }
}

/** POST /notifications/channels as tokenKey; returns the Channel JSON (asserts 200). */
export async function createChannel(h, token = 'agent') {
  const r = await api(h, 'POST', '/api/v2/notifications/channels', { token });
  if (r.status !== 200) throw new Error(`create channel -> ${r.status} ${r.text}`);
  return r.json;
}

export const subscriptionsPath = (id) => `/api/v2/notifications/channels/${id}/subscriptions`;

/** Channel + PUT subscription to the user's calls topic + open socket. userKey: the token's user (a seed key). */
export async function listen(h, token = 'agent', clients = [], userKey = token) {
  const channel = await createChannel(h, token);
  const r = await api(h, 'PUT', subscriptionsPath(channel.id), { token, body: [{ id: callsTopic(userKey) }] });
  if (r.status !== 200) throw new Error(`subscribe -> ${r.status} ${r.text}`);
  const client = await Client.connect(channel.connectUri);
  clients.push(client);
  return { channel, client };
}

export const notifState = (h) => control(h, 'GET', '/notifications');

/**
 * Re-reads GET /__control/notifications until pred(state) holds (each try is one round trip), for server-side
 * effects that finish after the client-side event a test awaited (e.g. the fake noting a socket close).
 */
export async function stateWhen(h, pred, what, ms = WAIT_MS) {
  const started = Date.now();
  for (;;) {
    const s = await notifState(h);
    if (pred(s)) return s;
    if (Date.now() - started > ms) throw new Error(`timed out after ${ms} ms waiting for ${what}: ${JSON.stringify(s.totals)}`);
  }
}
export const channelState = async (h, id) => (await notifState(h)).channels.find((c) => c.id === id);

/** The participant of userKey in an event body. */
export const participantOf = (body, userKey) => body.participants.filter((p) => p.user?.id === user(userKey).id).at(-1);
export const byPurpose = (body, purpose) => body.participants.filter((p) => p.purpose === purpose);
