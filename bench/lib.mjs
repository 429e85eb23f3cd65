// Node-side helpers for the figure scripts: paths, canned responses from
// fake-genesys, a loopback static server, Chromium, child processes.
import { createServer } from 'node:http';
import { readFileSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { spawn } from 'node:child_process';
import { extname, join, resolve, sep } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { startFakeGenesys } from '../tests/fake-genesys/server.mjs';

export { median, quantile } from './harness.js';

export const root = fileURLToPath(new URL('..', import.meta.url));
export const quick = process.argv.includes('--quick');
export const TOKEN = 'fake-agent-token-1';
export const QUEUE = { id: 'cba61183-3b44-4252-8329-ea8dac582ca0', name: 'Support Tier 2' };
export const SDK_DIR = join(root, 'node_modules', 'purecloud-platform-client-v2');

/**
 * The package's entries, read from its exports map (the dist layout may
 * change): `node` for Node, `default` for browsers. Paths relative to the
 * repo root, without the leading './'.
 */
export const ENTRY = (() => {
  const pick = (v, cond) => (typeof v === 'string' ? v : v && typeof v === 'object' ? pick(v[cond] ?? v.import ?? v.default, cond) : undefined);
  const dot = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')).exports['.'];
  const entry = (cond) => pick(dot, cond)?.replace(/^\.\//, '');
  return { node: entry('node'), browser: entry('default') };
})();

/** `import()` of the package's Node entry. */
export const importNodeEntry = () => import(pathToFileURL(join(root, ENTRY.node)).href);
export const SDK_BROWSER_BUNDLE = 'node_modules/purecloud-platform-client-v2/dist/web-cjs/purecloud-platform-client-v2.min.js';
export const CHROMIUM_FLAGS = [
  '--headless=new', '--no-sandbox', '--disable-gpu', '--disable-dev-shm-usage',
  '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run',
];

/** A figure script prints its result as one JSON line prefixed with this. */
export const RESULT_PREFIX = 'BENCH_RESULT ';
export function emit(result) {
  process.stdout.write(`${RESULT_PREFIX}${JSON.stringify(result)}\n`);
}

/** Runs `node [nodeArgs] script args`, streaming stderr; resolves the emitted result. */
export function runChild(script, args = [], nodeArgs = []) {
  return new Promise((resolveP, reject) => {
    const child = spawn(process.execPath, [...nodeArgs, join(root, 'bench', script), ...args], { cwd: root, stdio: ['ignore', 'pipe', 'inherit'] });
    let out = '';
    child.stdout.on('data', (d) => {
      out += d;
    });
    child.on('error', reject);
    child.on('close', (code) => {
      const line = out.split('\n').find((l) => l.startsWith(RESULT_PREFIX));
      if (code !== 0 || !line) return reject(new Error(`${script} ${args.join(' ')} exited ${code}${line ? '' : ' without a result'}\n${out.slice(-2000)}`));
      resolveP(JSON.parse(line.slice(RESULT_PREFIX.length)));
    });
  });
}

/**
 * The bodies and headers fake-genesys sends for the four reads/writes a dial
 * and a transfer make, captured once from an in-process fake.
 */
export async function captureCanned() {
  const fake = await startFakeGenesys({ port: 0, callSetupMs: 0 });
  try {
    const auth = { Authorization: `Bearer ${TOKEN}`, 'Content-Type': 'application/json' };
    const conv = await (await fetch(`${fake.url}/__control/conversations`, { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify({ scenario: 'agent-connected' }) })).json();
    const grab = async (method, path, body) => {
      const res = await fetch(fake.url + path, { method, headers: auth, body: body && JSON.stringify(body) });
      const headers = {};
      for (const [k, v] of res.headers) if (['content-type', 'content-length', 'inin-correlation-id'].includes(k)) headers[k] = v;
      return { status: res.status, body: await res.text(), headers };
    };
    return {
      conversationId: conv.id,
      dial: await grab('POST', '/api/v2/conversations/calls', { phoneNumber: '+13175550100' }),
      conversation: await grab('GET', `/api/v2/conversations/${conv.id}`),
      me: await grab('GET', '/api/v2/users/me'),
      queues: await grab('GET', `/api/v2/routing/queues?name=${encodeURIComponent(QUEUE.name)}&pageSize=100`),
    };
  } finally {
    await fake.close();
  }
}

const MIME = { '.html': 'text/html; charset=utf-8', '.js': 'text/javascript; charset=utf-8', '.mjs': 'text/javascript; charset=utf-8', '.wasm': 'application/wasm', '.json': 'application/json' };
const SERVED = ['dist', 'bench', 'node_modules/purecloud-platform-client-v2/dist'].map((d) => join(root, d) + sep);

/**
 * A static server on 127.0.0.1 for dist/, bench/ and the SDK's dist/, plus
 * in-memory `pages` ({'/x.html': html}). Cross-origin isolated (COOP/COEP),
 * so performance.now() has its fine resolution; nothing is cacheable.
 */
export async function startStaticServer(pages = {}) {
  const server = createServer(async (req, res) => {
    const headers = {
      'Cache-Control': 'no-store',
      'Cross-Origin-Opener-Policy': 'same-origin',
      'Cross-Origin-Embedder-Policy': 'require-corp',
      'Cross-Origin-Resource-Policy': 'same-origin',
    };
    const path = decodeURIComponent(new URL(req.url, 'http://x').pathname);
    if (pages[path] !== undefined) {
      res.writeHead(200, { ...headers, 'Content-Type': MIME['.html'] });
      return res.end(pages[path]);
    }
    const file = resolve(root, `.${path}`);
    if (!SERVED.some((d) => file.startsWith(d))) {
      res.writeHead(404, headers);
      return res.end();
    }
    try {
      const body = await readFile(file);
      res.writeHead(200, { ...headers, 'Content-Type': MIME[extname(file)] ?? 'application/octet-stream' });
      res.end(body);
    } catch {
      res.writeHead(404, headers);
      res.end();
    }
  });
  await new Promise((r) => server.listen(0, '127.0.0.1', r));
  return {
    url: `http://127.0.0.1:${server.address().port}`,
    close: () => new Promise((r) => {
      server.close(r);
      server.closeAllConnections();
    }),
  };
}

export async function launchChromium() {
  const { chromium } = await import('playwright-core');
  return chromium.launch({ executablePath: '/usr/bin/chromium', args: CHROMIUM_FLAGS });
}

/** Starts tests/fake-genesys/cli.mjs in its own process (its own core), with `args` added; resolves {url, close}. */
export function startFakeProcess(args = []) {
  return new Promise((resolveP, reject) => {
    const child = spawn(process.execPath, [join(root, 'tests/fake-genesys/cli.mjs'), '--port', '0', '--call-setup-ms', '0', ...args], { cwd: root, stdio: ['ignore', 'pipe', 'inherit'] });
    let out = '';
    child.on('error', reject);
    child.on('exit', (code) => reject(new Error(`fake-genesys exited ${code}`)));
    child.stdout.on('data', (d) => {
      out += d;
      const m = /FAKE_GENESYS_URL=(\S+)/.exec(out);
      if (m) {
        child.stdout.removeAllListeners('data');
        child.stdout.resume();
        resolveP({
          url: m[1],
          close: () => new Promise((r) => {
            child.removeAllListeners('exit');
            child.once('exit', r);
            child.kill('SIGTERM');
          }),
        });
      }
    });
  });
}

// Reading the package's wasm memory (memory.mjs and events.mjs).

/**
 * Wraps the WebAssembly entry points so every instance created from now on
 * is kept (the package's, once it loads). Returns the list it fills.
 */
export function catchWasmInstances() {
  const seen = [];
  const WA = globalThis.WebAssembly;
  const Instance = WA.Instance;
  const keep = (x) => (seen.push(x instanceof Instance ? x : x.instance), x);
  WA.Instance = class extends Instance {
    constructor(...args) {
      super(...args);
      seen.push(this);
    }

    // Glue code asks `x instanceof WebAssembly.Instance` of what instantiate() gave it.
    static [Symbol.hasInstance](x) {
      return x instanceof Instance;
    }
  };
  for (const name of ['instantiate', 'instantiateStreaming']) {
    const real = WA[name];
    if (typeof real === 'function') WA[name] = (...args) => real.apply(WA, args).then(keep);
  }
  return seen;
}

/** [source, () => bytes | null]: the first way of reading the package's wasm memory that works. */
export function wasmMemoryReader(pkg, instances) {
  if (typeof pkg.__wasmMemoryBytes === 'function' && Number.isFinite(pkg.__wasmMemoryBytes())) {
    return ['__wasmMemoryBytes export', () => pkg.__wasmMemoryBytes()];
  }
  const memories = instances.flatMap((i) => Object.values(i?.exports ?? {}).filter((v) => v instanceof WebAssembly.Memory));
  if (memories.length > 0) return ['instance memory export', () => memories.reduce((a, m) => a + m.buffer.byteLength, 0)];
  return [null, () => null];
}
