// Helpers for tests/env/run.mjs: child processes with deadlines, a static
// file server, the fake Genesys org with server-side assertions, and waiting
// for a page's result. Everything listens on 127.0.0.1 only.
import { spawn } from 'node:child_process';
import { createServer } from 'node:http';
import { createReadStream, readFileSync, statSync } from 'node:fs';
import { extname, join, resolve, sep } from 'node:path';
import { startFakeGenesys } from '../fake-genesys/server.mjs';

export const CHROMIUM = '/usr/bin/chromium';
/** The flags /work/shared/TOOLCHAIN.md lists as working here (as root, offline). */
export const CHROMIUM_FLAGS = [
  '--headless=new',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-dev-shm-usage',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--no-first-run',
];

const seed = JSON.parse(readFileSync(new URL('../fake-genesys/seed.json', import.meta.url), 'utf8'));
export const TOKEN = seed.tokens.agent;
/** The user TOKEN belongs to (Alex Agent), whose calls topic watchCalls subscribes to. */
export const AGENT_ID = seed.users.find((u) => u.tokenKey === 'agent').id;
export const QUEUE_NAME = 'Support Tier 2';
export const QUEUE_ID = seed.queues.find((q) => q.name === QUEUE_NAME).id;

/**
 * Runs a command to completion (killed, by its own pid, at the deadline).
 * Resolves { code, stdout, stderr }; never rejects for a non-zero exit.
 */
export function exec(cmd, args, { cwd, env, timeoutMs = 120_000 } = {}) {
  return new Promise((resolvePromise, reject) => {
    const child = spawn(cmd, args, { cwd, env: env ?? process.env, stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d) => (stdout += d));
    child.stderr.on('data', (d) => (stderr += d));
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      stderr += `\n[killed after ${timeoutMs} ms]`;
    }, timeoutMs);
    child.on('error', (e) => {
      clearTimeout(timer);
      reject(e);
    });
    child.on('close', (code, signal) => {
      clearTimeout(timer);
      resolvePromise({ code: code ?? signal, stdout, stderr });
    });
  });
}

/** Like exec, but a non-zero exit is an Error carrying the command's last output lines. */
export async function execOk(cmd, args, opts) {
  const r = await exec(cmd, args, opts);
  if (r.code !== 0) throw new Error(`${[cmd, ...args].join(' ')} exited ${r.code}: ${tail(r.stderr || r.stdout)}`);
  return r;
}

/** The last few non-empty lines of some output, on one line. */
export function tail(text, lines = 4) {
  return text.split('\n').map((l) => l.trim()).filter(Boolean).slice(-lines).join(' | ');
}

/**
 * Starts a long-running child and resolves once a stdout line matches
 * `ready` (a RegExp with one group), with { match, stop }.
 */
export function startProcess(cmd, args, { cwd, ready, timeoutMs = 60_000 }) {
  return new Promise((resolvePromise, reject) => {
    const child = spawn(cmd, args, { cwd, stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '';
    const stop = () =>
      new Promise((done) => {
        if (child.exitCode !== null || child.signalCode !== null) return done();
        child.once('close', done);
        child.kill('SIGTERM');
        setTimeout(() => child.kill('SIGKILL'), 5_000).unref();
      });
    const timer = setTimeout(() => {
      stop();
      reject(new Error(`${cmd} ${args.join(' ')} not ready after ${timeoutMs} ms: ${tail(out)}`));
    }, timeoutMs);
    const onData = (d) => {
      out += d;
      const m = ready.exec(out);
      if (m) {
        clearTimeout(timer);
        resolvePromise({ match: m[1], stop });
      }
    };
    child.stdout.on('data', onData);
    child.stderr.on('data', (d) => (out += d));
    child.on('close', (code) => {
      clearTimeout(timer);
      reject(new Error(`${cmd} ${args.join(' ')} exited ${code}: ${tail(out)}`));
    });
  });
}

const MIME = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.json': 'application/json',
  '.css': 'text/css',
  '.wasm': 'application/wasm',
  '.map': 'application/json',
  '.svg': 'image/svg+xml',
};

/**
 * Serves `root` on an ephemeral loopback port. `log` records every request
 * as { path, status, type } so a test can see what the browser fetched.
 */
export function serveStatic(root) {
  const base = resolve(root);
  const log = [];
  const server = createServer((req, res) => {
    const path = decodeURIComponent(new URL(req.url, 'http://x').pathname);
    let file = resolve(join(base, path));
    let status = 404;
    let type = 'text/plain';
    try {
      if (file !== base && !file.startsWith(base + sep)) throw new Error('outside root');
      if (statSync(file).isDirectory()) file = join(file, 'index.html');
      const size = statSync(file).size;
      status = 200;
      type = MIME[extname(file)] ?? 'application/octet-stream';
      res.writeHead(200, { 'content-type': type, 'content-length': size, 'cache-control': 'no-store' });
      createReadStream(file).pipe(res);
    } catch {
      res.writeHead(404, { 'content-type': type }).end('not found');
    }
    log.push({ path, status, type });
  });
  return new Promise((resolvePromise, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address();
      resolvePromise({
        url: `http://127.0.0.1:${port}`,
        log,
        close: () => new Promise((done) => { server.closeAllConnections(); server.close(done); }),
      });
    });
  });
}

/** Asserts the browser fetched the wasm file and got it as application/wasm. */
export function assertWasmServed(log) {
  const wasm = log.filter((r) => r.path.endsWith('.wasm'));
  if (!wasm.some((r) => r.status === 200 && r.type === 'application/wasm')) {
    throw new Error(`the .wasm file was not served as application/wasm: ${JSON.stringify(wasm)}`);
  }
  return wasm.map((r) => r.path);
}

/** A fresh fake Genesys org on an ephemeral port, with its request log. */
export async function fakeOrg() {
  const server = await startFakeGenesys({ port: 0 });
  return {
    url: server.url,
    close: () => server.close(),
    requests: async () => (await fetch(`${server.url}/__control/requests`)).json(),
    /** A control-API call (no auth, never recorded); rejects on a non-2xx answer. */
    control: async (method, path, body) => {
      const r = await fetch(`${server.url}${path}`, {
        method,
        headers: body === undefined ? {} : { 'content-type': 'application/json' },
        body: body === undefined ? undefined : JSON.stringify(body),
      });
      const text = await r.text();
      if (!r.ok) throw new Error(`${method} ${path}: ${r.status} ${text}`);
      return text ? JSON.parse(text) : undefined;
    },
  };
}

/**
 * Polls the fake's notification state (GET /__control/notifications, every
 * 25 ms) until `pred(state)` gives a truthy value, and returns it; throws
 * after `ms` with the totals it last saw.
 */
export async function notificationsUntil(org, pred, what, ms = 10_000) {
  const deadline = Date.now() + ms;
  for (;;) {
    const state = await org.control('GET', '/__control/notifications');
    const v = pred(state);
    if (v) return v;
    if (Date.now() > deadline) throw new Error(`${what}: not within ${ms} ms at the fake; totals ${JSON.stringify(state.totals)}`);
    await new Promise((r) => setTimeout(r, 25));
  }
}

/**
 * The live-call flow of an environment that can watch (an MV3 service
 * worker): `send(message)` delivers a message to the environment's watch
 * handler and resolves its answer (see fixtures/extension/watch.js).
 *
 *   1. watch-start: a CallControl for the fake runs watchCalls() with the
 *      scope's native WebSocket, until onStatus says 'live';
 *      at the fake: one channel, one open socket, subscribed to the agent's calls topic
 *   2. the test offers an inbound call (scenario agent-alerting)
 *   3. watch-answer: the iterator yields that call 'alerting' (the agent's
 *      leg), answer() connects it, the iterator yields it 'connected', and
 *      return() ends the iterator
 *   At the fake: the leg is connected, exactly one answer PATCH arrived
 *   (state connected on the agent's participant), the calls were pushed (no
 *   listing after the watch went live besides the resync), the channel got the
 *   events, and the one socket opened was closed.
 * Returns a one-line summary for the note.
 */
export async function assertLiveCall(org, send, wantGlobal) {
  const before = await org.control('GET', '/__control/notifications');
  if (before.totals.socketOpens !== 0) throw new Error(`a socket was opened before watchCalls: ${JSON.stringify(before.totals)}`);
  const started = await send({ type: 'watch-start', config: { apiBase: org.url, token: TOKEN } });
  if (!started?.ok) throw new Error(`watchCalls did not go live in the environment: ${started?.name ?? ''} ${started?.kind ?? ''} ${started?.message ?? JSON.stringify(started)}`);
  if (started.global !== wantGlobal || started.hasWindow) throw new Error(`the watch ran in ${started.global} (window ${started.hasWindow ? 'present' : 'absent'}), want ${wantGlobal}`);
  if (started.webSocket !== 'function') throw new Error(`typeof WebSocket in the environment: ${started.webSocket}`);
  const topic = `v2.users.${AGENT_ID}.conversations.calls`;
  const channel = await notificationsUntil(org, (s) => s.channels.find((c) => c.openSockets === 1), 'an open notification socket');
  const open = await org.control('GET', '/__control/notifications');
  if (open.totals.channelsCreated !== 1 || open.totals.socketOpens !== 1) throw new Error(`want 1 channel and 1 socket, the fake counts ${JSON.stringify(open.totals)}`);
  if (!open.channels[0].topics.includes(topic)) throw new Error(`the channel is subscribed to ${JSON.stringify(open.channels[0].topics)}, want ${topic}`);
  const listingsLive = (await org.requests()).filter((r) => r.method === 'GET' && r.path === '/api/v2/conversations/calls').length;

  const conv = await org.control('POST', '/__control/conversations', { scenario: 'agent-alerting' });
  const agent = conv.participants.find((p) => p.purpose === 'agent');
  const r = await send({ type: 'watch-answer', conversationId: conv.id });
  if (!r?.ok) throw new Error(`the live call failed in the environment: ${r?.name ?? ''} ${r?.kind ?? ''} ${r?.message ?? JSON.stringify(r)}`);
  const want = { conversationId: conv.id, participantId: agent.id, direction: 'inbound', held: false, muted: false };
  for (const [name, call, state] of [['alerting', r.alerting, 'alerting'], ['connected', r.connected, 'connected']]) {
    for (const [k, v] of Object.entries({ ...want, state })) {
      if (call?.[k] !== v) throw new Error(`the ${name} Call has ${k} ${JSON.stringify(call?.[k])}, want ${JSON.stringify(v)}: ${JSON.stringify(call)}`);
    }
  }
  if (JSON.stringify(r.states) !== JSON.stringify(['alerting', 'connected'])) throw new Error(`the watch yielded ${JSON.stringify(r.states)} for the call, want ["alerting","connected"]`);
  if (r.answered?.conversationId !== conv.id || r.answered?.participantId !== agent.id) throw new Error(`answer() resolved ${JSON.stringify(r.answered)}`);
  if (!r.ended) throw new Error('return() did not end the iterator');

  const server = await org.control('GET', `/__control/conversations/${conv.id}`);
  const leg = server.participants.find((p) => p.id === agent.id);
  const legState = leg?.calls?.at(-1)?.state;
  if (legState !== 'connected') throw new Error(`at the fake the agent's leg is ${legState}, want connected`);
  const log = await org.requests();
  const patches = log.filter((q) => q.method === 'PATCH' && q.path === `/api/v2/conversations/calls/${conv.id}/participants/${agent.id}`);
  if (patches.length !== 1 || patches[0].body?.state !== 'connected') throw new Error(`want one answer PATCH {state: connected}, the fake got ${JSON.stringify(patches.map((q) => q.body))}`);
  const listings = log.filter((q) => q.method === 'GET' && q.path === '/api/v2/conversations/calls').length;
  if (listings !== listingsLive) throw new Error(`${listings - listingsLive} call listings after the watch went live: polled, not pushed`);

  const closed = await notificationsUntil(org, (s) => s.totals.socketCloses === 1 && s.channels.every((c) => c.openSockets === 0) && s, 'the socket closed after return()');
  const ch = closed.channels.find((c) => c.id === channel.id);
  if (closed.totals.socketOpens !== 1 || ch?.socketOpens !== 1 || ch?.socketCloses !== 1) throw new Error(`want 1 socket opened and closed, the fake counts ${JSON.stringify(closed.totals)}`);
  if (ch.eventsSent < 2) throw new Error(`the channel got ${ch.eventsSent} events, want the offer and the answer`);
  return `live call: watchCalls over the native WebSocket yielded ${conv.id.slice(0, 8)} alerting → answer() → connected, return() closed the socket (fake: 1 socket opened/closed, ${ch.eventsSent} events, 1 answer PATCH)`;
}

/** '+1 (317) 555-0101' for n = 1, and its E.164 form. */
export function phone(n) {
  const last = String(100 + n).padStart(4, '0');
  return { display: `+1 (317) 555-${last}`, e164: `+1317555${last}` };
}

/**
 * Asserts what the environment reported (a dial then a transfer to Support
 * Tier 2) and, at the server, that exactly one dial POST and one
 * replace/queue POST arrived and nothing else was POSTed.
 */
export async function assertDialAndTransfer(org, result, e164) {
  if (!result || typeof result !== 'object') throw new Error(`no result: ${JSON.stringify(result)}`);
  if (!result.ok) throw new Error(`the flow failed in the environment: ${result.name ?? ''} ${result.kind ?? ''} ${result.message}`);
  if (result.queueId !== QUEUE_ID) throw new Error(`transfer answered queueId ${result.queueId}, want ${QUEUE_ID}`);
  const posts = (await org.requests()).filter((r) => r.method === 'POST');
  const dials = posts.filter((r) => r.path === '/api/v2/conversations/calls');
  if (dials.length !== 1) throw new Error(`${dials.length} dial POSTs reached the server, want 1`);
  if (dials[0].body?.phoneNumber !== e164) throw new Error(`dial sent phoneNumber ${dials[0].body?.phoneNumber}, want ${e164}`);
  const moves = posts.filter((r) => r.path.endsWith('/replace/queue'));
  if (moves.length !== 1) throw new Error(`${moves.length} replace/queue POSTs reached the server, want 1`);
  const wantPath = `/api/v2/conversations/${result.conversationId}/participants/${result.participantId}/replace/queue`;
  if (moves[0].path !== wantPath) throw new Error(`transfer POSTed ${moves[0].path}, want ${wantPath}`);
  if (moves[0].body?.queueId !== QUEUE_ID) throw new Error(`transfer sent queueId ${moves[0].body?.queueId}, want ${QUEUE_ID}`);
  if (posts.length !== 2) throw new Error(`${posts.length} POSTs reached the server, want 2: ${posts.map((r) => r.path).join(', ')}`);
}

/** The query string every page reads its configuration from. */
export function pageQuery(org, e164Display) {
  return `?${new URLSearchParams({ apiBase: org.url, token: TOKEN, phoneNumber: e164Display })}`;
}

/**
 * Records a page's uncaught errors and console errors, so a failure can say
 * what the page saw.
 */
export function watchPage(page) {
  const problems = [];
  page.on('pageerror', (e) => problems.push(`pageerror: ${e.message}`));
  page.on('console', (m) => {
    if (m.type() === 'error') problems.push(`console: ${m.text()}`);
  });
  return problems;
}

/** Waits (bounded) until the page's #out holds a result, and returns it. */
export async function pageResult(page, problems, timeoutMs = 30_000) {
  try {
    await page.waitForFunction(() => document.getElementById('out')?.dataset.done === 'true', null, { timeout: timeoutMs, polling: 100 });
  } catch (e) {
    throw new Error(`no result on the page within ${timeoutMs} ms${problems.length ? `: ${problems.join(' ; ')}` : ''}`);
  }
  return JSON.parse(await page.locator('#out').textContent());
}
