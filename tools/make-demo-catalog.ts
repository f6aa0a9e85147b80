/**
 * Writes resources/demo-store/catalog.json, the committed demo store dataset.
 *
 * Run from the repository root (esbuild is a dev dependency; Node 20 cannot run .ts directly):
 *   npx esbuild tools/make-demo-catalog.ts --bundle --platform=node --format=esm --outfile=/tmp/mk.mjs && node /tmp/mk.mjs
 * or, where tsx is available:
 *   npx tsx tools/make-demo-catalog.ts
 *
 * The output is fully determined by DEMO_PRODUCTS and DEMO_SEED; test/unit/tools/catalog-generator.test.ts
 * fails if the committed file drifts from the generator, so re-run this after changing the generator.
 */
import { existsSync, mkdirSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { CatalogDataset } from '../electron/contract/catalog.ts';
import { generateCatalog } from './catalog-generator.ts';

const DEMO_PRODUCTS = 360;
const DEMO_SEED = 20261122;

// Run from the repository root (the bundled copy lives in /tmp, so import.meta.url cannot be used).
const repo = process.cwd();
if (!existsSync(join(repo, 'package.json')) || !existsSync(join(repo, 'resources'))) {
  console.error('run this from the repository root');
  process.exit(1);
}
const out = join(repo, 'resources', 'demo-store', 'catalog.json');

const dataset = CatalogDataset.parse(generateCatalog({ products: DEMO_PRODUCTS, seed: DEMO_SEED }));
const json = JSON.stringify(dataset, null, 1) + '\n';
mkdirSync(dirname(out), { recursive: true });
writeFileSync(out, json);
console.log(`wrote ${out}: ${dataset.products.length} products, ${dataset.categories.length} categories, ${(json.length / 1024).toFixed(0)} KB`);
