// Lint, including the layering rule of DESIGN.md §3 (as VS Code enforces its layers):
//   contract, domain   import nothing from Node, Electron, React or the other layers
//   core               never imports electron, main, preload, host or the renderer
//   host               core + contract + domain, never electron
//   renderer           only contract and domain; everything else goes through window.kiosk
//   main, preload      the only places that may import 'electron'
import js from '@eslint/js';
import reactHooks from 'eslint-plugin-react-hooks';
import globals from 'globals';
import { builtinModules } from 'node:module';
import tseslint from 'typescript-eslint';

const nodeBuiltins = builtinModules.filter((m) => !m.startsWith('_'));
const layer = (name) => ({ regex: `^(\\.\\.?/)+(electron/)?${name}(/|$)`, message: `layering: may not import ${name}/ (DESIGN.md §3)` });
const electronImport = { name: 'electron', message: "layering: only electron/main and electron/preload import 'electron' (DESIGN.md §3)" };
const nodeImports = [
  { regex: '^node:', message: 'layering: this layer is pure; no Node built-ins (DESIGN.md §3)' },
  ...nodeBuiltins.map((name) => ({ regex: `^${name.replace('/', '\\/')}(/|$)`, message: 'layering: this layer is pure; no Node built-ins (DESIGN.md §3)' })),
];
const packages = (...names) => names.map((name) => ({ regex: `^${name}(/|$)`, message: `layering: this layer may not import ${name} (DESIGN.md §3)` }));
const restrict = (paths, patterns) => ({ 'no-restricted-imports': ['error', { paths, patterns }] });

export const layering = [
  {
    files: ['electron/contract/**/*.ts', 'electron/domain/**/*.ts'],
    rules: restrict([electronImport], [
      ...nodeImports,
      ...packages('react', 'react-dom', 'better-sqlite3', 'fastify', '@fastify', 'pino', 'electron-updater'),
      layer('core'), layer('main'), layer('preload'), layer('host'), layer('renderer'),
    ]),
  },
  {
    files: ['electron/core/**/*.ts'],
    rules: restrict([electronImport], [
      ...packages('react', 'react-dom', 'electron-updater'),
      layer('main'), layer('preload'), layer('host'), layer('renderer'),
    ]),
  },
  {
    files: ['electron/host/**/*.ts'],
    rules: restrict([electronImport], [...packages('react', 'react-dom'), layer('main'), layer('preload'), layer('renderer')]),
  },
  {
    files: ['electron/preload/**/*.ts'],
    rules: restrict([], [...packages('react', 'better-sqlite3'), layer('core'), layer('host'), layer('main'), layer('renderer')]),
  },
  {
    files: ['electron/main/**/*.ts'],
    rules: restrict([], [...packages('react'), layer('host'), layer('preload'), layer('renderer')]),
  },
  {
    files: ['renderer/**/*.{ts,tsx}'],
    rules: restrict([electronImport], [
      ...nodeImports,
      ...packages('better-sqlite3', 'fastify', '@fastify', 'pino', 'electron-updater'),
      layer('electron/core'), layer('electron/main'), layer('electron/preload'), layer('electron/host'),
    ]),
  },
];

export default tseslint.config(
  { ignores: ['dist/**', 'release/**', 'node_modules/**', 'test-results/**', 'playwright-report/**'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    languageOptions: { globals: { ...globals.node } },
    rules: {
      '@typescript-eslint/no-explicit-any': 'error',
      '@typescript-eslint/consistent-type-imports': 'error',
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      eqeqeq: ['error', 'smart'],
      'no-console': 'off',
    },
  },
  {
    files: ['renderer/**/*.{ts,tsx}'],
    languageOptions: { globals: { ...globals.browser } },
    plugins: { 'react-hooks': reactHooks },
    rules: { 'react-hooks/rules-of-hooks': 'error', 'react-hooks/exhaustive-deps': 'error' },
  },
  ...layering,
);
