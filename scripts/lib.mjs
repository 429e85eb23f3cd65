// Small helpers shared by the project scripts (not shipped).
import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { dirname, join } from 'node:path';

export const root = join(dirname(fileURLToPath(import.meta.url)), '..');

/** Runs a command, streaming its output; exits the script if it fails. */
export function run(cmd, args, opts = {}) {
  const r = spawnSync(cmd, args, { stdio: 'inherit', cwd: root, ...opts });
  if (r.status !== 0) {
    console.error(`\n✗ ${cmd} ${args.join(' ')} failed (${r.status ?? r.signal})`);
    process.exit(r.status || 1);
  }
}

/** Runs a command, streaming its output; returns whether it succeeded. */
export function attempt(cmd, args, opts = {}) {
  return spawnSync(cmd, args, { stdio: 'inherit', cwd: root, ...opts }).status === 0;
}

/** Runs a command and returns its stdout, or null if it fails. */
export function capture(cmd, args, opts = {}) {
  const r = spawnSync(cmd, args, { encoding: 'utf8', cwd: root, ...opts });
  return r.status === 0 && typeof r.stdout === 'string' ? r.stdout.trim() : null;
}

export function step(title) {
  console.log(`\n▶ ${title}`);
}
