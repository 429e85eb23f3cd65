// The notification service's WebSocket side: the HTTP upgrade to /channels/{id}, one socket per channel,
// heartbeats, ping/pong, closing sockets and v2.system.socket_closing. The base class of Notifications
// (notifications.mjs), whose state (channels, config, totals, epoch, wss) these methods use.
import { randomUUID } from 'node:crypto';
import { WebSocket } from 'ws';
import { ApiError } from './errors.mjs';

/** Close code of every server-initiated close unless a control call names another (no official list exists). */
export const SERVER_CLOSE_CODE = 1001;

const HEARTBEAT = JSON.stringify({ topicName: 'channel.metadata', eventBody: { message: 'WebSocket Heartbeat' } });
const PONG = JSON.stringify({ topicName: 'channel.metadata', eventBody: { message: 'pong' } });

export class NotificationSockets {
  // ---------------------------------------------------------------- WebSocket

  /** http.Server 'upgrade' listener: /channels/{id} of a live channel, else an HTTP 404 and no socket. */
  handleUpgrade(req, socket, head) {
    const m = /^\/channels\/([^/?#]+)(?:\?.*)?$/.exec(req.url ?? '');
    const ch = m ? this.channels.get(m[1]) : undefined;
    if (!ch) {
      const body = JSON.stringify({ message: 'The channel was not found.', code: 'not.found', status: 404 });
      socket.end(`HTTP/1.1 404 Not Found\r\nContent-Type: application/json\r\nContent-Length: ${Buffer.byteLength(body)}\r\nConnection: close\r\n\r\n${body}`);
      return;
    }
    this.wss.handleUpgrade(req, socket, head, (ws) => this.attach(ch, ws));
  }

  attach(ch, ws) {
    if (!this.channels.has(ch.id)) { ws.close(SERVER_CLOSE_CODE, 'channel not found'); return; }
    // One WebSocket per channel: the new one wins, the old one is closed.
    for (const old of ch.conns) this.closeConn(old, { code: SERVER_CLOSE_CODE, reason: 'another WebSocket connected to this channel' });
    const conn = { ws, ch, epoch: this.epoch, id: randomUUID(), openedAt: Date.now(), heartbeat: undefined, closingTimer: undefined };
    ch.conns.add(conn);
    ch.opens += 1;
    ch.lastUsed = Date.now();
    this.totals.socketOpens += 1;
    ws.on('error', () => {});
    ws.on('message', (data, isBinary) => this.onClientFrame(conn, data, isBinary));
    ws.on('close', () => {
      clearInterval(conn.heartbeat);
      clearTimeout(conn.closingTimer);
      ch.conns.delete(conn);
      if (conn.epoch !== this.epoch) return; // a socket from before a reset does not count
      ch.closes += 1;
      this.totals.socketCloses += 1;
      if (ch.conns.size === 0) ch.heldBack = [];
    });
    this.startHeartbeat(conn);
  }

  startHeartbeat(conn) {
    clearInterval(conn.heartbeat);
    conn.heartbeat = setInterval(() => {
      const { ch } = conn;
      if (conn.ws.readyState !== WebSocket.OPEN) return;
      if (!this.config.heartbeatsEnabled || !ch.heartbeatsEnabled) { ch.heartbeatsSkipped += 1; return; }
      ch.heartbeatsSent += 1;
      conn.ws.send(HEARTBEAT);
    }, this.config.heartbeatMs);
    conn.heartbeat.unref();
  }

  /** {"message":"ping"} -> pong on channel.metadata; any other client text is ignored (as the real service tolerates). */
  onClientFrame(conn, data, isBinary) {
    if (isBinary) return;
    let msg;
    try { msg = JSON.parse(data.toString('utf8')); } catch { return; }
    if (msg?.message !== 'ping' || conn.ws.readyState !== WebSocket.OPEN) return;
    if (this.config.pongsEnabled && conn.ch.pongsEnabled) conn.ws.send(PONG);
    else conn.ch.pingsUnanswered += 1;
  }

  /** mode 'close': close frame (code, reason); mode 'terminate': the TCP socket is destroyed (client sees 1006). */
  closeConn(conn, { mode = 'close', code = SERVER_CLOSE_CODE, reason = '' } = {}) {
    clearInterval(conn.heartbeat);
    clearTimeout(conn.closingTimer);
    if (mode === 'terminate') conn.ws.terminate();
    else if (conn.ws.readyState === WebSocket.OPEN || conn.ws.readyState === WebSocket.CONNECTING) conn.ws.close(code, reason);
  }

  *allConns() {
    for (const ch of this.channels.values()) yield* ch.conns;
  }

  /** Open sockets selected by {channelId?, userId?} (neither: all). Unknown channel -> 404. */
  selectConns({ channelId, userId } = {}) {
    if (channelId !== undefined && !this.channels.has(channelId)) throw new ApiError(404, 'not.found', `No channel ${channelId}.`);
    return [...this.allConns()].filter((c) => c.ws.readyState === WebSocket.OPEN
      && (channelId === undefined || c.ch.id === channelId) && (userId === undefined || c.ch.userId === userId));
  }

  /** Sends v2.system.socket_closing; the socket is closed closeAfterMs later (null: left open). */
  socketClosing(conns, closeAfterMs) {
    for (const conn of conns) {
      const { ch } = conn;
      const correlationId = randomUUID();
      conn.ws.send(JSON.stringify({
        topicName: 'v2.system.socket_closing',
        version: '2',
        eventBody: {
          channelId: ch.id,
          correlationId,
          userId: ch.userId ?? undefined,
          oauthClientId: ch.clientId ?? undefined,
          message: 'This WebSocket will be closed in about one minute. Open a new WebSocket to the channel.',
        },
        metadata: { CorrelationId: correlationId },
      }));
      if (closeAfterMs !== null) {
        clearTimeout(conn.closingTimer);
        conn.closingTimer = setTimeout(() => this.closeConn(conn, { reason: 'socket closing' }), closeAfterMs);
        conn.closingTimer.unref();
      }
    }
    return conns.length;
  }
}
