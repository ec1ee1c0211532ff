// Browser end-to-end tests (test/e2e): the popover in headless Chromium, served by dev:web with
// the real engine behind it and the simulated Plex in front of that. Each test starts its own
// dev:web, so they run one at a time; waits are on what the page shows, never on the clock.
// Debian's Chromium (CHROMIUM_PATH, default /usr/bin/chromium): never `npx playwright install`.
import { defineConfig } from '@playwright/test';
import { existsSync } from 'node:fs';

const chromium = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
if (!existsSync(chromium)) {
  throw new Error(`The browser tests need Chromium at ${chromium}. Install Debian's chromium (apt-get install chromium), or set CHROMIUM_PATH to a Chromium executable.`);
}

export default defineConfig({
  testDir: 'test/e2e',
  testMatch: '**/*.spec.ts',
  outputDir: 'test-results/e2e',
  workers: 1,
  fullyParallel: false,
  retries: 0,
  forbidOnly: !!process.env.CI,
  // a whole fix on the simulated Plex takes seconds; a stuck wait fails well before this
  timeout: 120_000,
  expect: { timeout: 45_000 },
  reporter: [['list']],
  use: {
    browserName: 'chromium',
    // the popover's size (main/app/popover.ts POPOVER_SIZE)
    viewport: { width: 380, height: 560 },
    colorScheme: 'light',
    launchOptions: {
      executablePath: chromium,
      args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run'],
    },
    screenshot: 'only-on-failure',
    trace: 'retain-on-failure',
  },
});
