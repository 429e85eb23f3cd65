// The env suite's bundled environments: the packed tarball built by Vite (build and dev server),
// webpack 5, Parcel 2, esbuild (page, worker, MV3 service worker) and Rollup with no configuration,
// each entry, and the default entry's load error where the bundler leaves the .wasm behind.
import { cpSync, mkdirSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { assertDialAndTransfer, assertWasmServed, execOk, fakeOrg, phone, serveStatic, startProcess } from './lib.mjs';
import { fixtures, tmp, project, fixture, runPage, staticPageFlow, useEntry, gzipOf, shippedFrom, extensionFlow, readVersion } from './project.mjs';

/** esbuild with no configuration beyond bundling: `esbuild --bundle --format=esm --minify`. */
async function esbuild(dir, input, outfile) {
  const { build, version } = await import('esbuild');
  const r = await build({ absWorkingDir: dir, entryPoints: [input], outfile, bundle: true, format: 'esm', minify: true, logLevel: 'silent' });
  return { version, warnings: r.warnings.length };
}

/** Rollup with @rollup/plugin-node-resolve and nothing else; ES output. */
async function rollup(dir, input, outDir) {
  const { rollup: bundle, VERSION } = await import('rollup');
  const { nodeResolve } = await import('@rollup/plugin-node-resolve');
  const warnings = [];
  const b = await bundle({ input: join(dir, input), plugins: [nodeResolve()], onwarn: (w) => warnings.push(w.message) });
  await b.write({ dir: join(dir, outDir), format: 'es' });
  await b.close();
  return { version: VERSION, warnings: warnings.length };
}

/**
 * The page of a bundle of `no-wasm.js` (the default entry, .wasm left in
 * node_modules): the first dial must fail with `internal`, naming the URL it
 * fetched, init( and 'genesys-callctl/inline', and reach no server; after
 * init('/assets/…wasm') (where the test put the file, as a user following the
 * message would) the dial and transfer must work.
 */
async function noWasmPageFlow(out, dir, n) {
  mkdirSync(join(out, 'assets'), { recursive: true });
  cpSync(join(dir, 'node_modules', 'genesys-callctl', 'dist', 'wasm', 'genesys_callctl_bg.wasm'), join(out, 'assets', 'genesys_callctl_bg.wasm'));
  const org = await fakeOrg();
  const site = await serveStatic(out);
  try {
    const number = phone(n);
    const { result } = await runPage(site.url + '/', org, number);
    const first = result.first ?? {};
    const url = `${site.url}/wasm/genesys_callctl_bg.wasm`;
    if (first.ok !== false || first.name !== 'CallControlError' || first.kind !== 'internal') {
      throw new Error(`the first dial without the .wasm should reject with CallControlError internal: ${JSON.stringify(first)}`);
    }
    for (const want of [url, 'init(', 'genesys-callctl/inline']) {
      if (!first.message.includes(want)) throw new Error(`the load error does not mention ${want}: ${first.message}`);
    }
    if (result.loaded !== 'ok') throw new Error(`init('/assets/genesys_callctl_bg.wasm') failed: ${result.loaded}`);
    // Exactly one dial at the server: the failed first attempt never left the page.
    await assertDialAndTransfer(org, result, number.e164);
    const missed = site.log.find((r) => r.path === '/wasm/genesys_callctl_bg.wasm');
    if (missed?.status !== 404) throw new Error(`expected a 404 for /wasm/genesys_callctl_bg.wasm, the log says ${JSON.stringify(missed)}`);
    assertWasmServed(site.log.filter((r) => r.path.startsWith('/assets/')));
    return first.message;
  } finally {
    await site.close();
    await org.close();
  }
}

const kindOf = (entry) => (entry === 'inline' ? "'genesys-callctl/inline'" : "'genesys-callctl'");

/** Vite production build of the vite fixture with `entry`. */
async function viteBuild(name, entry, n) {
  const dir = await project(name, { link: ['vite'] });
  fixture('vite', dir);
  useEntry(join(dir, 'main.js'), entry);
  await execOk(process.execPath, [join(dir, 'node_modules', 'vite', 'bin', 'vite.js'), 'build', '--mode', 'production', '--logLevel', 'warn'], { cwd: dir });
  const wasm = await bundledPageFlow(dir, n, entry);
  return {
    entry,
    shipped: shippedFrom(join(dir, 'dist')),
    note: `vite ${readVersion('vite')} build, no config, ${kindOf(entry)}; ${entry === 'inline' ? 'no .wasm emitted or fetched' : `wasm emitted as ${wasm.join(', ')}`}`,
  };
}

/** webpack 5 production build of the webpack fixture with `entry`. */
async function webpackBuild(name, entry, n) {
  const dir = await project(name, { link: ['webpack'] });
  fixture('webpack', dir);
  cpSync(join(dir, 'flow.js'), join(dir, 'src', 'flow.js'));
  useEntry(join(dir, 'src', 'main.js'), entry);
  const built = await execOk(process.execPath, ['build.mjs'], { cwd: dir });
  const { assets, warnings } = JSON.parse(built.stdout.trim().split('\n').pop());
  const wasm = await bundledPageFlow(dir, n, entry);
  return {
    entry,
    shipped: shippedFrom(join(dir, 'dist')),
    note: `webpack ${readVersion('webpack')} production, entry+output only (no experiments), ${kindOf(entry)}; assets ${assets.join(', ')}; ${warnings} warnings${entry === 'inline' ? '' : `; wasm fetched ${wasm.join(', ')}`}`,
  };
}

/** Parcel 2 production build of index.html → main.js with `entry`, no configuration. */
async function parcelBuild(name, entry, n) {
  const dir = await project(name, { link: ['parcel'] });
  for (const f of ['index.html', 'main.js']) cpSync(join(fixtures, 'bundlers', f), join(dir, f));
  useEntry(join(dir, 'main.js'), entry);
  const bin = join(dir, 'node_modules', 'parcel', 'lib', 'bin.js');
  await execOk(process.execPath, [bin, 'build', 'index.html', '--dist-dir', 'dist', '--no-cache', '--log-level', 'warn'], { cwd: dir });
  const wasm = await bundledPageFlow(dir, n, entry);
  return {
    entry,
    shipped: shippedFrom(join(dir, 'dist')),
    note: `parcel ${readVersion('parcel')} build index.html, no config, ${kindOf(entry)}; ${entry === 'inline' ? 'no .wasm emitted or fetched' : `wasm emitted as ${wasm.join(', ')}`}`,
  };
}

/** A page bundled by `bundle` (esbuild or rollup) from the bundlers fixture, with the inline entry. */
async function inlinePage(name, bundle, n) {
  const dir = await project(name);
  for (const f of ['index.html', 'main.js']) cpSync(join(fixtures, 'bundlers', f), join(dir, f));
  useEntry(join(dir, 'main.js'), 'inline');
  const out = join(dir, 'dist');
  const { version, warnings } = bundle === 'esbuild' ? await esbuild(dir, 'main.js', join(out, 'main.js')) : await rollup(dir, 'main.js', 'dist');
  const shipped = shippedFrom(out);
  cpSync(join(dir, 'index.html'), join(out, 'index.html'));
  await staticPageFlow(out, '/', n, 'Window', { entry: 'inline' });
  const how = bundle === 'esbuild' ? '--bundle --format=esm --minify' : 'with @rollup/plugin-node-resolve only, ES output';
  return { entry: 'inline', shipped, note: `${bundle} ${version} ${how}, 'genesys-callctl/inline'; ${warnings} warnings; no .wasm fetched` };
}

/** The default entry bundled by esbuild or rollup, which leave the .wasm in node_modules: the error, then init(url). */
async function noWasmPage(name, bundle, n) {
  const dir = await project(name);
  cpSync(join(fixtures, 'bundlers', 'index.html'), join(dir, 'index.html'));
  cpSync(join(fixtures, 'bundlers', 'no-wasm.js'), join(dir, 'main.js'));
  const out = join(dir, 'dist');
  const { version } = bundle === 'esbuild' ? await esbuild(dir, 'main.js', join(out, 'main.js')) : await rollup(dir, 'main.js', 'dist');
  const emitted = readdirSync(out, { recursive: true }).filter((f) => String(f).endsWith('.wasm'));
  if (emitted.length) throw new Error(`${bundle} emitted ${emitted.join(', ')}: it now copies the .wasm; test the default entry as a zero-config bundler instead`);
  cpSync(join(dir, 'index.html'), join(out, 'index.html'));
  const message = await noWasmPageFlow(out, dir, n);
  return {
    entry: 'default',
    shipped: shippedFrom(out),
    note: `${bundle} ${version}, 'genesys-callctl', .wasm not copied by ${bundle}: the first dial rejected with "${message.slice(0, 140)}…"; after copying it to /assets/ and init('/assets/genesys_callctl_bg.wasm') the dial and transfer worked (1 dial at the server)`,
  };
}

/** The bundled environments, in the order they run: Vite, webpack, Parcel, esbuild, Rollup. */
export const bundlerEnvironments = {
  vite: () => viteBuild('vite', 'default', 1),
  'vite-inline': () => viteBuild('vite-inline', 'inline', 10),

  async 'vite-dev'() {
    const dir = await project('vite-dev', { link: ['vite'] });
    fixture('vite', dir);
    const dev = await startProcess(process.execPath, ['serve-dev.mjs'], { cwd: dir, ready: /VITE_URL=(\S+)/ });
    const org = await fakeOrg();
    try {
      const number = phone(2);
      const { result, wasm } = await runPage(dev.match, org, number);
      await assertDialAndTransfer(org, result, number.e164);
      if (result.global !== 'Window') throw new Error(`ran in ${result.global}, want Window`);
      const served = assertWasmServed(wasm);
      return { entry: 'default', shipped: 'dev server (not shipped)', note: `vite ${readVersion('vite')} dev server, no config (dependency pre-bundling on); wasm fetched ${served.join(', ')}` };
    } finally {
      await org.close();
      await dev.stop();
    }
  },

  webpack: () => webpackBuild('webpack', 'default', 3),
  'webpack-inline': () => webpackBuild('webpack-inline', 'inline', 11),
  parcel: () => parcelBuild('parcel', 'default', 12),
  'parcel-inline': () => parcelBuild('parcel-inline', 'inline', 13),
  esbuild: () => inlinePage('esbuild', 'esbuild', 14),
  'esbuild-default': () => noWasmPage('esbuild-default', 'esbuild', 15),

  async 'esbuild-worker'() {
    const dir = await project('esbuild-worker');
    const out = join(dir, 'dist');
    cpSync(join(fixtures, 'bundlers', 'worker.js'), join(dir, 'worker.js'));
    const { version, warnings } = await esbuild(dir, 'worker.js', join(out, 'worker.js'));
    const shipped = shippedFrom(out);
    cpSync(join(fixtures, 'bundlers', 'worker.html'), join(out, 'index.html'));
    cpSync(join(dir, 'flow.js'), join(out, 'flow.js'));
    await staticPageFlow(out, '/', 16, 'DedicatedWorkerGlobalScope', { entry: 'inline' });
    return { entry: 'inline', shipped, note: `esbuild ${version} --bundle --format=esm --minify of a module worker, 'genesys-callctl/inline'; ${warnings} warnings; no .wasm fetched` };
  },

  async 'esbuild-mv3'() {
    const dir = await project('esbuild-mv3');
    const ext = join(tmp, 'esbuild-mv3-unpacked');
    fixture('extension', ext);
    cpSync(join(fixtures, 'bundlers', 'sw.js'), join(dir, 'sw.js'));
    cpSync(join(fixtures, 'extension', 'watch.js'), join(dir, 'watch.js'));
    // The fixture's sw.js imports the unbundled copy; the bundle replaces it.
    const { version, warnings } = await esbuild(dir, 'sw.js', join(ext, 'sw.js'));
    cpSync(join(dir, 'flow.js'), join(ext, 'flow.js'));
    const shipped = [{ file: 'sw.js', gzip: gzipOf(join(ext, 'sw.js')) }];
    const manifest = JSON.parse(readFileSync(join(ext, 'manifest.json'), 'utf8'));
    if (manifest.web_accessible_resources) throw new Error('the test manifest should not need web_accessible_resources');
    const inside = await extensionFlow(ext, 'esbuild-mv3-profile', 17);
    return {
      entry: 'inline',
      shipped,
      note: `esbuild ${version} --bundle --format=esm --minify of the service worker (static import, 'genesys-callctl/inline'); ${warnings} warnings; typeof window in the SW: ${inside.window}; no web_accessible_resources; CSP extension_pages 'wasm-unsafe-eval'; ${inside.live}`,
    };
  },

  rollup: () => inlinePage('rollup', 'rollup', 18),
  'rollup-default': () => noWasmPage('rollup-default', 'rollup', 19),
};

/**
 * Why a bundle can lack the wasm loader: with "sideEffects": false a bundler
 * skips the entry file (dist/index.js or dist/inline.js only re-export), and
 * with it the top-level setLoader() call that tells api.js how to load the wasm.
 */
function sideEffectsHint(dir) {
  const pkg = JSON.parse(readFileSync(join(dir, 'node_modules', 'genesys-callctl', 'package.json'), 'utf8'));
  return pkg.sideEffects === false
    ? ' (the package says "sideEffects": false, so the bundler skipped the entry file, whose top-level setLoader() call loads the wasm)'
    : '';
}

/**
 * Runs a bundled app's page (dist/); the default entry must have emitted the
 * .wasm, the inline entry must not. A failure names the likely package-side cause.
 */
async function bundledPageFlow(dir, n, entry = 'default') {
  const emitted = readdirSync(join(dir, 'dist'), { recursive: true }).filter((f) => String(f).endsWith('.wasm'));
  if (entry === 'default' && !emitted.length) throw new Error(`the build emitted no .wasm file${sideEffectsHint(dir)}`);
  if (entry === 'inline' && emitted.length) throw new Error(`the build emitted ${emitted.join(', ')} for the inline entry`);
  try {
    return (await staticPageFlow(join(dir, 'dist'), '/', n, 'Window', { entry })).wasm;
  } catch (e) {
    e.message += sideEffectsHint(dir);
    throw e;
  }
}
