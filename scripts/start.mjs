// `npm start`: serves the demo page against a local fake Genesys Cloud org
// until Ctrl+C. PORT (default 8080) is used if free, else any free port.
import { startStack } from './serve.mjs';

const wanted = process.env.PORT === undefined || process.env.PORT === '' ? 8080 : Number(process.env.PORT);
if (!Number.isInteger(wanted) || wanted < 0 || wanted > 65535) {
  console.error(`genesys-callctl demo: PORT must be a port number (0-65535), got '${process.env.PORT}'`);
  process.exit(2);
}

let stack;
try {
  stack = await startStack({ port: wanted });
} catch (err) {
  if (err?.code !== 'EADDRINUSE' && err?.code !== 'EACCES') throw err;
  console.error(`genesys-callctl demo: port ${wanted} is not available (${err.code}); using a free port instead`);
  stack = await startStack({ port: 0 });
}

console.log(`genesys-callctl demo: ${stack.url}`);
console.log('Sign in with the embedded fake org (the default): Sign in, then Allow on its consent page.');
console.log('Press Ctrl+C to stop.');

let stopping = false;
async function stop(signal) {
  if (stopping) return;
  stopping = true;
  const force = setTimeout(() => process.exit(1), 5000);
  force.unref();
  await stack.close();
  console.log(`genesys-callctl demo: stopped (${signal})`);
  process.exit(0);
}
process.on('SIGINT', () => stop('SIGINT'));
process.on('SIGTERM', () => stop('SIGTERM'));
