// The runtime suite (suite.mjs) in Node, on the packed package imported by its
// name. scripts/test.mjs (suite `runtimes`) installs the tarball into a
// throwaway project, copies this directory to <project>/runtimes and
// tests/fake-genesys to <project>/fake-genesys, and runs
//   node --test runtimes/node.test.mjs
// fake-genesys runs in this process, or at FAKE_GENESYS_URL when that is set.
import { test, after } from 'node:test';
import { readFileSync } from 'node:fs';
import * as pkg from 'genesys-callctl';
// Node 20 has no global WebSocket: watchCalls gets the `ws` package's.
import { WebSocket } from 'ws';
import { defineTests } from './suite.mjs';

const seed = JSON.parse(readFileSync(new URL('../fake-genesys/seed.json', import.meta.url), 'utf8'));

let server = process.env.FAKE_GENESYS_URL;
if (!server) {
  const { startFakeGenesys } = await import('../fake-genesys/server.mjs');
  const fake = await startFakeGenesys({ port: 0, host: '127.0.0.1' });
  server = fake.url;
  after(() => fake.close());
}

for (const { name, fn } of defineTests(pkg, { server, seed, scope: 'Object', WebSocket })) {
  test(name, { timeout: 20_000 }, fn);
}
