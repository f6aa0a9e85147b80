// Lint, including the layering rule of DESIGN.md §3 (as VS Code enforces its layers). The rule is
// an allow-list: each layer names the layers and packages it may import, so a new dependency is a
// decision made here rather than an accident found later.
import js from '@eslint/js';
import reactHooks from 'eslint-plugin-react-hooks';
import globals from 'globals';
import { builtinModules } from 'node:module';
import { dirname, relative, resolve } from 'node:path';
import tseslint from 'typescript-eslint';

const ROOT = import.meta.dirname;
const NODE = new Set([...builtinModules, ...builtinModules.map((m) => `node:${m}`)]);

/** HQ's admin API schemas, which the HQ console (a browser app) imports too: each its own layer, kept free of Node. */
const HQ_SCHEMAS = ['hq/server/admin-schemas.ts', 'hq/server/release-schemas.ts', 'hq/server/command-schemas.ts', 'hq/server/permissions.ts', 'hq/server/model-schemas.ts'];

/**
 * Layer → what it may import: other layers (by folder), npm packages (a name covers its
 * subpaths), and whether Node built-ins are allowed. Files outside every layer (tests, tools,
 * scripts, configs) are not checked.
 */
export const LAYERS = {
  'electron/contract': { layers: [], packages: ['zod'], node: false },
  'electron/domain': { layers: ['electron/contract'], packages: ['zod', 'jose'], node: false },
  'electron/core': {
    layers: ['electron/contract', 'electron/domain'],
    packages: ['zod', 'better-sqlite3', 'uuidv7', 'pino', 'pinyin-pro', '@gorules/zen-engine', 'jose'],
    node: true,
  },
  'electron/host': { layers: ['electron/contract', 'electron/domain', 'electron/core'], packages: ['zod', 'fastify', '@fastify/websocket'], node: true },
  'electron/main': { layers: ['electron/contract', 'electron/domain', 'electron/core'], packages: ['electron', 'electron-updater', 'zod'], node: true },
  'electron/preload': { layers: ['electron/contract'], packages: ['electron'], node: false },
  // Browser pieces the kiosk's renderer and the HQ console both show (a chart, ages and durations).
  ui: { layers: [], packages: ['react', 'echarts'], node: false },
  renderer: {
    layers: ['electron/contract', 'electron/domain', 'ui'],
    packages: [
      'react',
      'react-dom',
      'react-i18next',
      'i18next',
      '@tanstack/react-virtual',
      'simple-keyboard',
      'simple-keyboard-layouts',
      'qrcode-generator',
      '@fontsource/noto-sans-sc',
      'echarts',
      'zod',
      // The face worker's models and their wasm runtime (renderer/features/face).
      '@vladmandic/face-api',
      '@tensorflow/tfjs-backend-wasm',
    ],
    node: false,
  },
  // The HQ console (issue 14): a browser app. It reads HQ's admin API through HQ's own zod schemas
  // (the files below, which therefore stay free of Node) and shares the browser pieces in ui/ with
  // the kiosk's renderer, never the renderer itself (DESIGN.md §3).
  'hq/console': {
    layers: ['electron/contract', 'electron/domain', 'ui', ...HQ_SCHEMAS],
    packages: ['react', 'react-dom', 'react-i18next', 'i18next', '@tanstack/react-virtual', '@fontsource/noto-sans-sc', 'echarts', 'zod'],
    node: false,
  },
  ...Object.fromEntries(HQ_SCHEMAS.map((file) => [file, { layers: ['electron/contract'], packages: ['zod'], node: false }])),
  // Headquarters shares only the kiosk's contract and pure domain (DESIGN.md §3).
  hq: { layers: ['electron/contract', 'electron/domain', ...HQ_SCHEMAS], packages: ['zod', 'fastify', '@fastify', 'pg', '@electric-sql/pglite', 'pino', 'jose', 'uuidv7', 'qrcode-generator', '@gorules/zen-engine', 'js-yaml'], node: true },
};

const layerOf = (path) => Object.keys(LAYERS).find((layer) => path === layer || path.startsWith(`${layer}/`));
const packageName = (source) => (source.startsWith('@') ? source.split('/').slice(0, 2).join('/') : source.split('/')[0]);
const covers = (allowed, name) => allowed.some((p) => p === name || (p.startsWith('@') && !p.includes('/') && name.startsWith(`${p}/`)));

const allowedImports = {
  meta: { type: 'problem', schema: [], messages: { layering: 'layering: {{layer}} may not import {{what}} (DESIGN.md §3; eslint.config.js LAYERS)' } },
  create(context) {
    const file = relative(ROOT, context.filename);
    const layer = layerOf(file);
    if (!layer) return {};
    const rules = LAYERS[layer];
    const check = (node, source) => {
      if (typeof source !== 'string') return;
      let what = null;
      if (source.startsWith('.')) {
        const target = relative(ROOT, resolve(dirname(context.filename), source));
        const targetLayer = layerOf(target);
        if (targetLayer !== layer && !rules.layers.includes(targetLayer)) what = targetLayer ?? target;
      } else if (NODE.has(source) || NODE.has(source.split('/')[0])) {
        if (!rules.node) what = `Node built-in ${source}`;
      } else if (!covers(rules.packages, packageName(source))) {
        what = `package ${packageName(source)}`;
      }
      if (what) context.report({ node, messageId: 'layering', data: { layer, what } });
    };
    return {
      ImportDeclaration: (node) => check(node, node.source.value),
      ExportNamedDeclaration: (node) => node.source && check(node, node.source.value),
      ExportAllDeclaration: (node) => check(node, node.source.value),
      ImportExpression: (node) => node.source.type === 'Literal' && check(node, node.source.value),
    };
  },
};

export default tseslint.config(
  { ignores: ['dist/**', 'release/**', 'node_modules/**', 'test-results/**', 'playwright-report/**'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    languageOptions: { globals: { ...globals.node } },
    plugins: { kiosk: { rules: { layering: allowedImports } } },
    rules: {
      '@typescript-eslint/no-explicit-any': 'error',
      '@typescript-eslint/consistent-type-imports': 'error',
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      eqeqeq: ['error', 'smart'],
      'no-console': 'off',
      'kiosk/layering': 'error',
    },
  },
  {
    // SQL lives in the modules that own the tables (stores, writers, migrations): composition,
    // channels and the services that orchestrate them ask those modules instead.
    files: [
      'electron/core/kiosk-core.ts',
      'electron/core/**/channels.ts',
      'electron/core/api/**/*.ts',
      'electron/core/credit/{applications,contracts,referrals}.ts',
      'electron/core/orders/orders.ts',
      'electron/core/sync/sync-service.ts',
    ],
    rules: {
      'no-restricted-syntax': [
        'error',
        { selector: 'CallExpression[callee.property.name=/^(prepare|exec|pragma|transaction)$/]', message: 'SQL belongs in the store module that owns the table.' },
      ],
    },
  },
  {
    files: ['renderer/**/*.{ts,tsx}', 'hq/console/**/*.{ts,tsx}'],
    languageOptions: { globals: { ...globals.browser } },
    plugins: { 'react-hooks': reactHooks },
    rules: { 'react-hooks/rules-of-hooks': 'error', 'react-hooks/exhaustive-deps': 'error' },
  },
);
