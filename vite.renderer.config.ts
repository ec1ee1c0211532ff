// The popover UI (Svelte 5). Served to Electron from app://renderer/ and, in development and
// browser tests, by Vite.
import { defineConfig } from 'vite';
import { svelte } from '@sveltejs/vite-plugin-svelte';

export default defineConfig({
  root: 'renderer',
  base: './',
  plugins: [svelte({ configFile: false })],
  build: {
    outDir: '../out/renderer',
    emptyOutDir: true,
    target: 'chrome150',
    // Chromium preloads modules itself; the polyfill would only add bytes to the first load.
    modulePreload: { polyfill: false },
  },
});
