// What every browser test gets: its own dev:web (the real engine and a fresh simulated Plex,
// scenario chosen per test), the page open on it at the popover's size, and a check after the
// test that the page logged no error — a CSP mistake or a failed request included.
import { test as base, expect, type ConsoleMessage } from '@playwright/test';
import { join } from 'node:path';
import { startDevWebProcess, type DevWebProcess } from './dev-web-process.ts';
import { Popover } from './popover.ts';

/** The demo's world: every IAFD look-up fails until browser headers are sent; short latencies. */
export const DEMO_SCENARIO = join(import.meta.dirname, '..', 'fixtures', 'plex', 'scenarios', 'demo.json');
/** IAFD refuses every request whatever the headers: the first fix cannot work. */
export const REFUSING_SCENARIO = join(import.meta.dirname, 'scenarios', 'iafd-refuses-everyone.json');

interface Fixtures {
  /** the scenario file of the simulated Plex (test.use({ scenario })) */
  scenario: string;
  devWeb: DevWebProcess;
  popover: Popover;
}

export const test = base.extend<Fixtures>({
  scenario: [DEMO_SCENARIO, { option: true }],

  devWeb: async ({ scenario }, use, testInfo) => {
    const devWeb = await startDevWebProcess(['--scenario', scenario]);
    try {
      await use(devWeb);
    } finally {
      const stopped = devWeb.stop();
      await stopped.finally(() => testInfo.attach('dev-web output', { body: devWeb.output(), contentType: 'text/plain' }));
    }
  },

  page: async ({ page }, use) => {
    const errors: string[] = [];
    page.on('console', (m: ConsoleMessage) => void (m.type() === 'error' && errors.push(`console: ${m.text()}`)));
    page.on('pageerror', (e) => void errors.push(`page: ${e.message}`));
    await use(page);
    expect(errors, 'errors the page logged').toEqual([]);
  },

  popover: async ({ page, devWeb }, use, testInfo) => {
    await page.goto(devWeb.url);
    const popover = new Popover(page, testInfo);
    // the status view with the real engine's answer: Plex reached through the simulated server
    await expect(popover.view('status')).toBeVisible();
    await expect(page.getByText(/^Plex \d/)).toBeVisible();
    await use(popover);
  },
});

export { expect };
