/**
 * dist/host/host.mjs, what `npm start` and the tests run: starts the web host's bundle
 * (dist/host/host-app.cjs, cli.ts with its packages) from the code cache in the data folder, and
 * writes that cache again as the process exits, when what a shopper's visit runs has been compiled.
 * Node's own loader runs the bundle instead for a one-off command (`enrol`, whose data folder is
 * another) and with source maps on (`NODE_OPTIONS=--enable-source-maps`): Node 20 maps the stack
 * traces only of code it loaded itself.
 */
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { resolveDataDir } from '../core/paths.ts';
import type { main } from './cli.ts';
import { runBundle } from './code-cache.ts';

const here = dirname(fileURLToPath(import.meta.url));
const bundle = join(here, 'host-app.cjs');
let app: unknown;
if (process.argv[2] !== undefined || process.sourceMapsEnabled) {
  app = createRequire(import.meta.url)(bundle);
} else {
  const cached = runBundle(bundle, join(resolveDataDir(process.env), 'cache', 'host-code.bin'));
  process.once('exit', () => cached.save());
  app = cached.exports;
}
await (app as { main: typeof main }).main(join(here, '..', '..'));
