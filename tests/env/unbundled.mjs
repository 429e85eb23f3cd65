// The env suite's unbundled environments: a plain module page, a dedicated worker and an MV3
// extension loading the installed package as is, Node ESM (both entries) and CommonJS, and the
// files package.json points at.
import { cpSync, existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { TOKEN, assertDialAndTransfer, execOk, fakeOrg, phone } from './lib.mjs';
import { fixtures, tmp, project, fixture, staticPageFlow, gzipOf, shippedFromLog, extensionFlow } from './project.mjs';

/** The unbundled environments, in the order they run: browser pages, workers and an extension, then Node. */
export const unbundledEnvironments = {
  async 'plain-module'() {
    const dir = await project('plain-module');
    fixture('plain', dir);
    const { wasm, log } = await staticPageFlow(dir, '/', 4, 'Window');
    return { entry: 'default', shipped: shippedFromLog(dir, log), note: `unbundled; wasm fetched ${wasm.join(', ')}` };
  },

  async worker() {
    const dir = await project('worker');
    fixture('worker', dir);
    const { wasm, log } = await staticPageFlow(dir, '/', 5, 'DedicatedWorkerGlobalScope');
    return { entry: 'default', shipped: shippedFromLog(dir, log), note: `unbundled module worker; wasm fetched ${wasm.join(', ')}` };
  },

  async 'mv3-extension'() {
    const dir = await project('mv3-extension');
    const ext = join(tmp, 'mv3-extension-unpacked');
    fixture('extension', ext);
    cpSync(join(dir, 'flow.js'), join(ext, 'flow.js'));
    cpSync(join(dir, 'node_modules', 'genesys-callctl'), join(ext, 'genesys-callctl'), { recursive: true, dereference: true });
    const inside = await extensionFlow(ext, 'mv3-profile', 6);
    const pkg = join(ext, 'genesys-callctl', 'dist');
    const shipped = ['index.js', 'wasm/genesys_callctl_bg.wasm'].map((f) => ({ file: `genesys-callctl/dist/${f}`, gzip: gzipOf(join(pkg, f)) }));
    return { entry: 'default', shipped, note: `unbundled copy of the package in the extension, static import in a module service worker; typeof window in the SW: ${inside.window}; CSP extension_pages 'wasm-unsafe-eval'; ${inside.live}` };
  },

  async 'node-esm'() {
    return nodeFlow('node-esm', 'esm.mjs', 7, '/dist/node.js', 'node');
  },

  async 'node-inline'() {
    return nodeFlow('node-inline', 'inline.mjs', 20, '/dist/inline.js', 'inline');
  },

  async 'node-cjs'() {
    const dir = await project('node-cjs');
    cpSync(join(fixtures, 'node', 'cjs.cjs'), join(dir, 'cjs.cjs'));
    const notes = [];
    for (const [how, n] of [['require', 8], ['import', 9]]) {
      const org = await fakeOrg();
      try {
        const number = phone(n);
        const r = await execOk(process.execPath, ['cjs.cjs', how, org.url, TOKEN, number.display], { cwd: dir, timeoutMs: 30_000 });
        const result = JSON.parse(r.stdout.trim().split('\n').pop());
        const warning = /ExperimentalWarning[^\n]*/.exec(r.stderr)?.[0];
        if (how === 'require' && result.requireFailed) {
          // An ESM-only package: Node before 20.19 / 22.12 cannot require() it.
          if (result.code !== 'ERR_REQUIRE_ESM') throw new Error(`require() failed with ${result.code}: ${result.message}`);
          notes.push(`require(): ERR_REQUIRE_ESM on ${process.version} (ESM-only package)`);
          continue;
        }
        await assertDialAndTransfer(org, result, number.e164);
        notes.push(how === 'require'
          ? `require() works on ${process.version} (require(esm))${warning ? ` with "${warning.trim()}"` : ', no warning'}`
          : 'await import() from CommonJS works');
      } finally {
        await org.close();
      }
    }
    return { entry: 'node', shipped: NODE_SHIPPED, note: notes.join('; ') };
  },

  async 'package-files'() {
    const dir = await project('package-files');
    const installed = join(dir, 'node_modules', 'genesys-callctl');
    const pkg = JSON.parse(readFileSync(join(installed, 'package.json'), 'utf8'));
    const targets = new Set([pkg.main, pkg.module, pkg.types]);
    const walk = (v) => (typeof v === 'string' ? targets.add(v) : Object.values(v ?? {}).forEach(walk));
    walk(pkg.exports);
    // The subpath stub for resolvers without `exports` (Parcel's default, TypeScript's node10).
    const stub = JSON.parse(readFileSync(join(installed, 'inline', 'package.json'), 'utf8'));
    for (const f of ['main', 'module', 'types']) targets.add(`./${join('inline', stub[f])}`);
    const missing = [...targets].filter((t) => t && !existsSync(join(installed, t)));
    if (missing.length) throw new Error(`package.json points at files missing from the tarball: ${missing.join(', ')}`);
    return `${targets.size} targets present: ${[...targets].join(', ')}`;
  },
};

const NODE_SHIPPED = 'nothing (Node reads dist/node.js and the .wasm from disk)';

/** Runs a Node fixture that imports the package by name; checks which file it resolved. */
async function nodeFlow(name, script, n, want, entry) {
  const dir = await project(name);
  cpSync(join(fixtures, 'node', script), join(dir, script));
  const org = await fakeOrg();
  try {
    const number = phone(n);
    const r = await execOk(process.execPath, [script, org.url, TOKEN, number.display], { cwd: dir, timeoutMs: 30_000 });
    const result = JSON.parse(r.stdout.trim().split('\n').pop());
    await assertDialAndTransfer(org, result, number.e164);
    if (!result.entry.endsWith(want)) throw new Error(`resolved ${result.entry}, want ${want.slice(1)}`);
    return {
      entry,
      shipped: entry === 'inline' ? 'nothing (the wasm is in dist/inline.js)' : NODE_SHIPPED,
      note: `Node ${process.version}, resolved ${want.slice(1)}`,
    };
  } finally {
    await org.close();
  }
}
