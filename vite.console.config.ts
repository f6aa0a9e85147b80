import react from '@vitejs/plugin-react';
import { defineConfig } from 'vite';

/**
 * The HQ console (hq/console), built like the kiosk's renderer (vite.config.ts) into dist/console,
 * which HQ serves at /console/ under a CSP without 'unsafe-inline'.
 */
export default defineConfig({
  root: 'hq/console',
  // Relative: the files work wherever HQ mounts them (HQ redirects /console to /console/).
  base: './',
  plugins: [react()],
  build: {
    outDir: '../../dist/console',
    emptyOutDir: true,
    // No inline scripts or data: URLs for fonts: the CSP allows 'self' only.
    modulePreload: { polyfill: false },
    assetsInlineLimit: 0,
    target: 'chrome120',
    chunkSizeWarningLimit: 1500,
  },
});
