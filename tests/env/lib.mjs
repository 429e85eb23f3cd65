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
  };
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
