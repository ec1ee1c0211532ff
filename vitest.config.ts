// Test projects. `node`: engine, CLI, shared, sim, scripts. `app`: the Electron main process
// and the preload, with `electron` replaced by one shared fake. `renderer`: the popover's
// Svelte components in jsdom. Each later layer adds its own.
import { defineConfig } from 'vitest/config';
import { svelte } from '@sveltejs/vite-plugin-svelte';
import { svelteTesting } from '@testing-library/svelte/vite';

export default defineConfig({
  test: {
    globalSetup: ['test/global-setup.ts'],
    projects: [
      {
        test: {
          name: 'node',
          environment: 'node',
          include: ['test/**/*.test.ts'],
          exclude: ['test/renderer/**', 'test/e2e/**', 'test/main/app/**', 'test/preload/**'],
          testTimeout: 20_000,
          hookTimeout: 30_000,
        },
      },
      {
        test: {
          name: 'app',
          environment: 'node',
          include: ['test/main/app/**/*.test.ts', 'test/preload/**/*.test.ts'],
          setupFiles: ['test/main/app/setup.ts'],
          // electron-store imports `electron` itself: inlined, it gets the mock too.
          server: { deps: { inline: ['electron-store'] } },
          testTimeout: 20_000,
          hookTimeout: 30_000,
        },
      },
      {
        // svelteTesting(): the browser build of svelte and an automatic cleanup after each test.
        plugins: [svelte({ configFile: false }), svelteTesting()],
        test: {
          name: 'renderer',
          environment: 'jsdom',
          include: ['test/renderer/**/*.test.ts'],
          // One jsdom per worker, not per file (creating it is most of the run); Testing
          // Library empties the page after every test.
          isolate: false,
        },
      },
    ],
  },
});
