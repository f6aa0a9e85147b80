/**
 * npm run seed -- --products 20000 [--seed 7]
 * Replaces the store catalog in the kiosk's data folder (KIOSK_DATA_DIR or the per-user folder)
 * with a generated one of the given size: realistic large catalogs for benchmarks and tests.
 * Stop the kiosk first; a running kiosk picks the new catalog up only after a restart.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { generateCatalog } from './catalog-generator.ts';
import { loadConfig } from '../electron/core/config.ts';
import { createKioskCore } from '../electron/core/kiosk-core.ts';
import { createLogger } from '../electron/core/logger.ts';
import { resolveDataDir } from '../electron/core/paths.ts';

const { values } = parseArgs({ options: { products: { type: 'string', default: '20000' }, seed: { type: 'string', default: '7' } } });
const products = Number(values.products);
const seed = Number(values.seed);
if (!Number.isInteger(products) || products < 1 || products > 200_000 || !Number.isInteger(seed)) {
  console.error('usage: npm run seed -- --products <1..200000> [--seed <integer>]');
  process.exit(2);
}

const dataDir = resolveDataDir(process.env);
const loaded = loadConfig(dataDir, process.env);
if (!loaded.ok) {
  console.error(`seed: ${loaded.message}`);
  process.exit(2);
}
const started = Date.now();
const dataset = generateCatalog({ products, seed, version: `generated-${seed}-${products}` });
mkdirSync(dataDir, { recursive: true });
const file = join(dataDir, `catalog-${seed}-${products}.json`);
writeFileSync(file, JSON.stringify(dataset));
console.log(`seed: generated ${products} products in ${Date.now() - started} ms → ${file}`);

const root = join(import.meta.dirname, '..', '..');
const core = createKioskCore({
  dataDir,
  resourcesDir: join(root, 'resources'),
  appVersion: 'seed',
  shell: 'web',
  config: loaded.config,
  log: createLogger('warn'),
});
if (!core.ok) {
  console.error(`seed: cannot open the kiosk database (${core.code}): ${core.message}`);
  process.exit(2);
}
const result = core.core.datasets.applyFile('catalog', file, (done, total) => process.stdout.write(`\rseed: applying ${done}/${total}`));
process.stdout.write('\n');
core.core.close();
if (!result.ok) {
  console.error(`seed: ${result.message}`);
  process.exit(2);
}
console.log(result.applied ? `seed: catalog ${result.version} applied to ${dataDir}` : 'seed: that catalog was already applied');
