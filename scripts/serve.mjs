// The demo stack: fake-genesys (the embedded org, on its own port) and a
// dependency-free static server for the demo page.
//
//   /                                         www/index.html
//   /<file>                                   www/<file>
//   /node_modules/genesys-callctl/dist/<f>    dist/<f>  (the built package, as a user's server would serve it)
//   /node_modules/genesys-callctl/package.json
//   /config.json                              {fake: {apiBase, loginBase, controlBase, clientId, users}}: the
//                                             embedded org the page signs in to with PKCE (no token in it)
//
// The HTML is served with a strict Content-Security-Policy, which proves the
// package needs nothing beyond 'wasm-unsafe-eval' and a connect-src for the API.
// connect-src lists the fake org's origin (API, login and control API on one
// port) and its ws:// origin (the notification socket of watchCalls), and, for
// signing in to a real org, https://api.<domain>, https://login.<domain> and
// wss://streaming.<domain> of each of the 18 Genesys Cloud regions: exact
// origins, no wildcard.
import { createServer } from 'node:http';
import { createHash } from 'node:crypto';
import { readFile, realpath, stat } from 'node:fs/promises';
import { extname, join, normalize, resolve, sep } from 'node:path';
import { fileURLToPath } from 'node:url';
import { startFakeGenesys } from '../tests/fake-genesys/server.mjs';
import { SEED } from '../tests/fake-genesys/org.mjs';
import { DEMO_CLIENT } from '../tests/fake-genesys/routes-oauth.mjs';
import { DOMAINS, apiBaseOf, loginBaseOf, streamingOriginOf } from '../www/regions.js';

const root = fileURLToPath(new URL('..', import.meta.url));
const WWW = resolve(root, 'www');
const DIST = resolve(root, 'dist');
const PACKAGE_JSON = resolve(root, 'package.json');
const PKG_PREFIX = '/node_modules/genesys-callctl/';

const MIME = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json; charset=utf-8',
  '.map': 'application/json; charset=utf-8',
  '.wasm': 'application/wasm',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.ico': 'image/x-icon',
  '.txt': 'text/plain; charset=utf-8',
  '.d.ts': 'text/plain; charset=utf-8',
};

const BASE_HEADERS = {
  'Cache-Control': 'no-store',
  'X-Content-Type-Options': 'nosniff',
  'Referrer-Policy': 'no-referrer',
  'Cross-Origin-Opener-Policy': 'same-origin',
};

/** The resolved file for `rel` (a decoded, '/'-separated path) inside `base`, or null if it would escape it. */
function inside(base, rel) {
  if (rel.includes('\0')) return null;
  const file = resolve(base, normalize(`.${sep}${rel}`));
  return file === base || file.startsWith(base + sep) ? file : null;
}

/** Maps a URL pathname to a file on disk, or null (404). Throws URIError on bad escapes. */
function fileFor(pathname) {
  const path = decodeURIComponent(pathname);
  if (path === '/') return { file: join(WWW, 'index.html'), base: WWW };
  if (path === `${PKG_PREFIX}package.json`) return { file: PACKAGE_JSON, base: root };
  if (path.startsWith(`${PKG_PREFIX}dist/`)) {
    const file = inside(DIST, path.slice(`${PKG_PREFIX}dist/`.length));
    return file && { file, base: DIST };
  }
  if (path.startsWith('/node_modules/')) return null;
  const file = inside(WWW, path.slice(1));
  return file && { file, base: WWW };
}

function mimeOf(file) {
  if (file.endsWith('.d.ts')) return MIME['.d.ts'];
  return MIME[extname(file).toLowerCase()] ?? 'application/octet-stream';
}

/** sha256 sources for every inline <script> (the import map): CSP allows those exact texts, nothing else inline. */
function inlineScriptHashes(html) {
  const hashes = [];
  for (const m of html.matchAll(/<script\b[^>]*>([\s\S]*?)<\/script>/gi)) {
    if (/\bsrc\s*=/.test(m[0].slice(0, m[0].indexOf('>')))) continue;
    if (m[1].length === 0) continue;
    hashes.push(`'sha256-${createHash('sha256').update(m[1], 'utf8').digest('base64')}'`);
  }
  return hashes;
}

const REAL_ORIGINS = DOMAINS.flatMap((d) => [apiBaseOf(d), loginBaseOf(d), streamingOriginOf(d)]);

function contentSecurityPolicy(html, apiOrigin) {
  // An import map is an inline script; Chromium checks it against script-src,
  // so its exact text is allowed by hash (no 'unsafe-inline').
  const scriptSrc = ["'self'", "'wasm-unsafe-eval'", ...inlineScriptHashes(html)].join(' ');
  return [
    "default-src 'self'",
    `script-src ${scriptSrc}`,
    // The login host is reached by navigation (not limited by CSP) and by the token fetch (connect-src).
    // An http: source does not match ws:, so the fake's socket origin is listed too.
    `connect-src 'self' ${apiOrigin} ${apiOrigin.replace(/^http/, 'ws')} ${REAL_ORIGINS.join(' ')}`,
    "style-src 'self'",
    "img-src 'self'",
    "object-src 'none'",
    "base-uri 'none'",
    "form-action 'none'",
    "frame-ancestors 'none'",
  ].join('; ');
}

function sendText(res, status, text, extra = {}) {
  const body = Buffer.from(`${text}\n`);
  res.writeHead(status, { ...BASE_HEADERS, 'Content-Type': 'text/plain; charset=utf-8', 'Content-Length': body.length, ...extra });
  res.end(res.req.method === 'HEAD' ? undefined : body);
}

function sendBody(res, status, body, type, extra = {}) {
  res.writeHead(status, { ...BASE_HEADERS, 'Content-Type': type, 'Content-Length': body.length, ...extra });
  res.end(res.req.method === 'HEAD' ? undefined : body);
}

function demoConfig(apiBase) {
  return {
    fake: {
      apiBase,
      loginBase: apiBase, // fake-genesys serves /oauth/authorize and /oauth/token on the API's origin
      controlBase: `${apiBase}/__control`,
      clientId: DEMO_CLIENT.id,
      users: SEED.users.map(({ id, name }) => ({ id, name })),
    },
  };
}

function staticHandler({ apiBase }) {
  const apiOrigin = new URL(apiBase).origin;
  const config = Buffer.from(JSON.stringify(demoConfig(apiBase), null, 2));

  return async (req, res) => {
    try {
      if (req.method !== 'GET' && req.method !== 'HEAD') {
        return sendText(res, 405, 'Method Not Allowed', { Allow: 'GET, HEAD' });
      }
      let url;
      try {
        url = new URL(req.url, 'http://demo.local');
      } catch {
        return sendText(res, 400, 'Bad Request');
      }
      if (url.pathname === '/config.json') return sendBody(res, 200, config, MIME['.json']);

      let target;
      try {
        target = fileFor(url.pathname);
      } catch {
        return sendText(res, 400, 'Bad Request');
      }
      if (!target) return sendText(res, 404, 'Not Found');

      let real;
      try {
        // Follow symlinks, then check again that the real file is inside the real root.
        const [realFile, realBase] = await Promise.all([realpath(target.file), realpath(target.base)]);
        if (realFile !== realBase && !realFile.startsWith(realBase + sep)) return sendText(res, 404, 'Not Found');
        if (!(await stat(realFile)).isFile()) return sendText(res, 404, 'Not Found');
        real = realFile;
      } catch {
        return sendText(res, 404, 'Not Found');
      }

      const body = await readFile(real);
      const type = mimeOf(real);
      const extra = {};
      if (type.startsWith('text/html')) {
        extra['Content-Security-Policy'] = contentSecurityPolicy(body.toString('utf8'), apiOrigin);
      }
      return sendBody(res, 200, body, type, extra);
    } catch (err) {
      console.error('[demo] static server error', err);
      if (!res.headersSent) sendText(res, 500, 'Internal Server Error');
      else res.destroy();
    }
  };
}

/**
 * Starts fake-genesys (its own ephemeral port) and the static server.
 * Resolves to {url, apiUrl, close()}; close() stops both and is idempotent.
 */
export async function startStack({ port = 0, host = '127.0.0.1', callSetupMs = 1500 } = {}) {
  const api = await startFakeGenesys({ port: 0, host, callSetupMs });
  const server = createServer(staticHandler({ apiBase: api.url }));
  try {
    await new Promise((resolveListen, reject) => {
      server.once('error', reject);
      server.listen(port, host, () => {
        server.off('error', reject);
        resolveListen();
      });
    });
  } catch (err) {
    await api.close();
    throw err;
  }
  const urlHost = host.includes(':') ? `[${host}]` : host;
  let closed;
  return {
    url: `http://${urlHost}:${server.address().port}/`,
    apiUrl: api.url,
    close() {
      closed ??= Promise.all([
        new Promise((done) => {
          server.close(() => done());
          server.closeAllConnections();
        }),
        api.close(),
      ]).then(() => undefined);
      return closed;
    },
  };
}
