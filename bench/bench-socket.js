// A WebSocket stand-in for the event benchmark (events.mjs), passed as the
// client's `WebSocket` option. It implements what genesys-callctl uses of a
// socket (src/transport/socket.rs): `addEventListener` / `removeEventListener`
// for 'open', 'message' and 'close', `send`, `close`, `readyState`. It opens
// at once (the 'open' event is dispatched from a task, as a real socket's is)
// and never touches the network: the benchmark pushes prepared text frames
// with `push(text)`, each dispatched synchronously as a `{type, data}` message
// event, the shape a real WebSocket's MessageEvent has to a listener.

/**
 * A new socket class with its own list of instances (each client under test
 * gets its own class, so the benchmark finds the socket that client opened).
 */
export function benchSocketClass() {
  const sockets = [];
  class BenchSocket {
    static CONNECTING = 0;
    static OPEN = 1;
    static CLOSING = 2;
    static CLOSED = 3;

    #listeners = { open: new Set(), message: new Set(), close: new Set(), error: new Set() };

    constructor(url) {
      this.url = String(url);
      this.readyState = 0;
      this.sent = 0; // frames the client sent (kept as a count: a long run must not grow)
      this.lastSent = undefined;
      sockets.push(this);
      setTimeout(() => {
        if (this.readyState !== 0) return;
        this.readyState = 1;
        this.#emit('open', { type: 'open' });
      }, 0);
    }

    addEventListener(type, fn) {
      (this.#listeners[type] ??= new Set()).add(fn);
    }

    removeEventListener(type, fn) {
      this.#listeners[type]?.delete(fn);
    }

    send(text) {
      if (this.readyState !== 1) throw new Error(`InvalidStateError: send() with readyState ${this.readyState}`);
      this.sent += 1;
      this.lastSent = String(text);
    }

    close(code = 1000, reason = '') {
      if (this.readyState >= 2) return;
      this.readyState = 2;
      setTimeout(() => {
        this.readyState = 3;
        this.#emit('close', { type: 'close', code, reason, wasClean: true });
      }, 0);
    }

    /** Delivers one text frame to the listeners, now. */
    push(text) {
      if (this.readyState !== 1) throw new Error(`push() on a socket in readyState ${this.readyState}`);
      this.#emit('message', { type: 'message', data: text });
    }

    /** Listeners currently added, per event type (the benchmark checks the client's). */
    listenerCount(type) {
      return this.#listeners[type]?.size ?? 0;
    }

    #emit(type, event) {
      // A Set iterates safely while a listener removes itself.
      for (const fn of this.#listeners[type] ?? []) fn.call(this, event);
    }
  }
  return { BenchSocket, sockets };
}
