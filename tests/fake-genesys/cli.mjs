#!/usr/bin/env node
// Starts fake-genesys and prints exactly one line "FAKE_GENESYS_URL=http://HOST:PORT" to stdout.
//   node tests/fake-genesys/cli.mjs [--port N] [--host H] [--call-setup-ms N] [--heartbeat-ms N] [--channel-ttl-ms N] [--latency-ms N]
// --latency-ms: every /api/v2 answer comes that much later (benchmarks).
import { parseArgs } from 'node:util';
import { startFakeGenesys } from './server.mjs';

const { values } = parseArgs({
  options: {
    port: { type: 'string', default: '0' },
    host: { type: 'string', default: '127.0.0.1' },
    'call-setup-ms': { type: 'string', default: '0' },
    'heartbeat-ms': { type: 'string' },
    'channel-ttl-ms': { type: 'string' },
    'latency-ms': { type: 'string', default: '0' },
  },
});

const int = (name, v) => {
  if (!/^\d+$/.test(v)) {
    process.stderr.write(`fake-genesys: --${name} must be a non-negative integer, got '${v}'\n`);
    process.exit(2);
  }
  return Number(v);
};

/** An optional positive integer flag (absent: the service default). */
const positive = (name, v) => {
  if (v === undefined) return undefined;
  const n = int(name, v);
  if (n === 0) {
    process.stderr.write(`fake-genesys: --${name} must be positive\n`);
    process.exit(2);
  }
  return n;
};

const server = await startFakeGenesys({
  port: int('port', values.port),
  host: values.host,
  callSetupMs: int('call-setup-ms', values['call-setup-ms']),
  heartbeatMs: positive('heartbeat-ms', values['heartbeat-ms']),
  channelTtlMs: positive('channel-ttl-ms', values['channel-ttl-ms']),
  latencyMs: int('latency-ms', values['latency-ms']),
});
process.stdout.write(`FAKE_GENESYS_URL=${server.url}\n`);

let stopping = false;
const stop = async () => {
  if (stopping) return;
  stopping = true;
  await server.close();
  process.exit(0);
};
process.on('SIGINT', stop);
process.on('SIGTERM', stop);
