// The popover page as the browser tests see it: its views, a screenshot of each in the test
// output, an accessibility scan, and keyboard-only moves.
import AxeBuilder from '@axe-core/playwright';
import { expect, type Locator, type Page, type TestInfo } from '@playwright/test';

/** The views' `data-view` names (renderer/views/*), plus the loop's question on the Status tab. */
export type ViewName = 'status' | 'proposal' | 'running' | 'result' | 'history' | 'settings';

/** axe impacts that fail a test (issue 10: no serious or critical violations). */
const FAILING_IMPACTS = new Set(['serious', 'critical']);
/** how many Tab presses may separate the focus from any control in the popover */
const MAX_TABS = 60;

export class Popover {
  readonly page: Page;
  private readonly info: TestInfo;
  private shots = 0;

  constructor(page: Page, info: TestInfo) {
    this.page = page;
    this.info = info;
  }

  view(name: Exclude<ViewName, 'proposal'>): Locator {
    return this.page.locator(`[data-view="${name}"]`);
  }

  /** The loop's question: the proposal card with its answers. */
  get proposal(): Locator {
    return this.page.locator('section.proposal');
  }

  button(name: string | RegExp, within: Locator | Page = this.page): Locator {
    return within.getByRole('button', { name, exact: typeof name === 'string' });
  }

  tab(name: 'Status' | 'History' | 'Settings'): Locator {
    return this.page.getByRole('navigation', { name: 'Views' }).getByRole('button', { name: new RegExp(`^${name}`) });
  }

  /** A screenshot of the popover as it is now, in the test's output folder (test-results/e2e),
   *  numbered in the order the test took them. */
  async capture(name: string): Promise<void> {
    await this.page.screenshot({ path: this.info.outputPath(`${String(++this.shots).padStart(2, '0')}-${name}.png`) });
  }

  /** No serious or critical axe violation on the page as it is now. */
  async expectAccessible(name: string): Promise<void> {
    const { violations } = await new AxeBuilder({ page: this.page }).analyze();
    const failing = violations
      .filter((v) => FAILING_IMPACTS.has(v.impact ?? ''))
      .map((v) => `${v.impact} ${v.id}: ${v.help} (${v.nodes.map((n) => n.target.join(' ')).join(', ')})`);
    expect(failing, `axe on the ${name} view`).toEqual([]);
  }

  /** Every view the tests reach: its screenshot, then its accessibility scan. */
  async check(name: ViewName | `${ViewName}-dark`): Promise<void> {
    await this.capture(name);
    await this.expectAccessible(name);
  }

  /** Presses Tab (or Shift+Tab) until `target` has the keyboard focus. */
  async tabTo(target: Locator, options: { backwards?: boolean } = {}): Promise<void> {
    for (let presses = 0; presses <= MAX_TABS; presses++) {
      if (await hasFocus(target)) return;
      await this.page.keyboard.press(options.backwards ? 'Shift+Tab' : 'Tab');
    }
    throw new Error(`${MAX_TABS} presses of ${options.backwards ? 'Shift+Tab' : 'Tab'} did not reach ${target}`);
  }
}

async function hasFocus(target: Locator): Promise<boolean> {
  if ((await target.count()) !== 1) return false;
  return target.evaluate((el) => el === el.ownerDocument.activeElement);
}
