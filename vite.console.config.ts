import react from '@vitejs/plugin-react';
import { defineConfig, type Plugin } from 'vite';

/**
 * Preloads the Latin 400 face from the HTML: the fleet's rows (store ids, versions, times) are
 * drawn in it, and a face that starts loading only when the first row is laid out keeps that row
 * invisible until it comes (issue 14: the rows are painted only when the user can see them).
 */
function preloadRowFont(): Plugin {
  return {
    name: 'preload-row-font',
    transformIndexHtml(_html, context) {
      const font = Object.keys(context.bundle ?? {}).find((name) => /\/noto-sans-sc-latin-400-normal-[^/]+\.woff2$/.test(name));
      return font ? [{ tag: 'link', attrs: { rel: 'preload', as: 'font', type: 'font/woff2', crossorigin: '', href: `./${font}` }, injectTo: 'head' }] : [];
    },
  };
}

/**
 * The HQ console (hq/console), built like the kiosk's renderer (vite.config.ts) into dist/console,
 * which HQ serves at /console/ under a CSP without 'unsafe-inline'.
 */
export default defineConfig({
  root: 'hq/console',
  // Relative: the files work wherever HQ mounts them (HQ redirects /console to /console/).
  base: './',
  plugins: [react(), preloadRowFont()],
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
