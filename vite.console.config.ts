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
    rolldownOptions: {
      output: {
        // api/early.ts sends the fleet's requests before the rest of the script is evaluated: in a
        // chunk of its own, which the entry imports first, not after the chunk of shared code
        // (zod, i18next) that the lazily loaded pages share with it (issue 14).
        codeSplitting: { groups: [{ name: 'early', test: /hq\/console\/api\/early\.ts$/ }] },
      },
    },
  },
});
