// Builds what the kiosk runs (the renderer (Vite), the web host, the Electron main and preload) and
// HQ (esbuild) with its console (Vite). Skips the work when nothing under the sources changed since
// the last build.
import { build as esbuild } from 'esbuild';
import { existsSync, readdirSync, statSync, writeFileSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { build as viteBuild } from 'vite';

const root = new URL('..', import.meta.url).pathname;
const stampFile = join(root, 'dist', '.build-stamp');
const sources = ['electron', 'hq', 'renderer', 'ui', 'resources', 'package.json', 'vite.config.ts', 'vite.console.config.ts', 'scripts/build.mjs', 'tools'];

function newestMtime(path) {
  const info = statSync(path);
  if (!info.isDirectory()) return info.mtimeMs;
  let newest = info.mtimeMs;
  for (const entry of readdirSync(path)) {
    if (entry === 'node_modules') continue;
    newest = Math.max(newest, newestMtime(join(path, entry)));
  }
  return newest;
}

export async function build({ force = false } = {}) {
  const newest = Math.max(...sources.map((s) => newestMtime(join(root, s))));
  if (!force && existsSync(stampFile) && Number(readFileSync(stampFile, 'utf8')) >= newest) {
    return false;
  }
  await viteBuild({ configFile: join(root, 'vite.config.ts'), logLevel: 'warn' });
  // The HQ console (hq/console), which HQ serves from dist/console. After the renderer, not beside
  // it: two Vite builds at once only contend for the same two cores.
  await viteBuild({ configFile: join(root, 'vite.console.config.ts'), logLevel: 'warn' });
  const node = { bundle: true, platform: 'node', target: 'node20', sourcemap: true, logLevel: 'warning', packages: 'external' };
  const bundles = [
    { entry: 'electron/host/boot.ts', out: 'dist/host/host.mjs', format: 'esm' },
    // The web host with its packages in one file (no module resolution at start), which boot.ts
    // runs from V8's code cache; only the native addons stay outside.
    { entry: 'electron/host/cli.ts', out: 'dist/host/host-app.cjs', format: 'cjs', packages: 'bundle', external: ['better-sqlite3', '@gorules/zen-engine'] },
    { entry: 'tools/seed.ts', out: 'dist/tools/seed.mjs', format: 'esm' },
    { entry: 'hq/cli.ts', out: 'dist/hq/hq.mjs', format: 'esm' },
    { entry: 'electron/main/main.ts', out: 'dist/main/main.cjs', format: 'cjs' },
    // A sandboxed preload cannot require npm packages: bundle everything but electron.
    { entry: 'electron/preload/preload.ts', out: 'dist/preload/preload.cjs', format: 'cjs', platform: 'browser', packages: 'bundle', external: ['electron'] },
    // The web host's screen watchdog agent: a service worker, at the UI's root (renderer/app/watchdog-sw.ts).
    { entry: 'renderer/app/watchdog-sw.ts', out: 'dist/renderer/watchdog-sw.js', format: 'iife', platform: 'browser', packages: 'bundle', target: 'chrome120', sourcemap: false, minify: true },
  ];
  await Promise.all(
    bundles.map(({ entry, out, ...options }) =>
      esbuild({ ...node, entryPoints: [join(root, entry)], outfile: join(root, out), ...options }),
    ),
  );
  writeFileSync(stampFile, String(newest));
  return true;
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const force = process.argv.includes('--force');
  const started = Date.now();
  const built = await build({ force });
  console.log(built ? `build: done in ${Date.now() - started} ms` : 'build: up to date');
}
