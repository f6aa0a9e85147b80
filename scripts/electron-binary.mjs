// Where the Electron executable is, or why there is none — found the way the `electron`
// package's own index.js finds it, but WITHOUT requiring that package: requiring it starts a
// binary download when the binary is missing, and that download fails on machines without
// access to Electron's release hosts. Used by `npm start` and the Electron specs.
//
//  - ELECTRON_OVERRIDE_DIST_PATH set: <that folder>/<path.txt or "electron">
//  - otherwise: node_modules/electron/dist/<path.txt>
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';

/** @type {import('./electron-binary.d.mts').findElectronBinary} */
export function findElectronBinary(projectRoot, env = process.env) {
  const pkg = join(projectRoot, 'node_modules', 'electron');
  const pathFile = join(pkg, 'path.txt');
  const relative = existsSync(pathFile) ? readFileSync(pathFile, 'utf8').trim() : '';
  const override = env.ELECTRON_OVERRIDE_DIST_PATH;
  if (override) {
    const path = join(override, relative || 'electron');
    return existsSync(path)
      ? { found: true, path }
      : { found: false, reason: `ELECTRON_OVERRIDE_DIST_PATH is set but ${path} does not exist` };
  }
  if (!existsSync(pkg)) return { found: false, reason: 'the electron package is not installed' };
  if (!relative) return { found: false, reason: 'the electron package has no binary (node_modules/electron/path.txt is missing)' };
  const path = join(pkg, 'dist', relative);
  return existsSync(path) ? { found: true, path } : { found: false, reason: `${path} does not exist` };
}
