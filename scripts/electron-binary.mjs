// Finds the Electron binary without requiring the `electron` package: requiring it (or running
// its CLI) tries to download the binary, which fails on machines without that download.
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';

export function findElectronBinary(root) {
  const override = process.env.ELECTRON_OVERRIDE_DIST_PATH;
  const pkg = join(root, 'node_modules', 'electron');
  if (override) {
    const candidates = ['electron', 'electron.exe', 'Electron.app/Contents/MacOS/Electron'].map((p) => join(override, p));
    const found = candidates.find((p) => existsSync(p));
    return found ? { path: found } : { missing: `ELECTRON_OVERRIDE_DIST_PATH=${override} holds no Electron binary` };
  }
  const pathFile = join(pkg, 'path.txt');
  if (!existsSync(pathFile)) return { missing: 'the Electron binary was never downloaded (node_modules/electron/path.txt is missing)' };
  const binary = join(pkg, 'dist', readFileSync(pathFile, 'utf8').trim());
  return existsSync(binary) ? { path: binary } : { missing: `${binary} does not exist` };
}
