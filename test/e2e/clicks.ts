import type { Locator, Page } from 'playwright-core';

/**
 * A walk-through's tally: every click goes through `click` (a selection in a picker is a click on
 * its option, a day on its calendar cell), every typed character through `type`, each with the
 * step it stands for. The walk-through tests assert an upper bound on the clicks and compare the
 * count with the one docs/walkthroughs.md records.
 */
export class Walk {
  clicks = 0;
  keystrokes = 0;
  /** Option clicks the harness repeated because the first chose nothing (see `choose`); not the user's. */
  repeats = 0;
  readonly path: string[] = [];

  constructor(readonly page: Page) {}

  /** One click on what the user sees, named as they would name it. */
  async click(target: Locator, step: string): Promise<void> {
    await target.click();
    this.clicks++;
    this.path.push(step);
  }

  /** Typing into the focused field (after a counted click on it): one keystroke a character. */
  async type(text: string, step: string): Promise<void> {
    await this.page.keyboard.type(text);
    this.keystrokes += [...text].length;
    this.path.push(`⌨ ${step}`);
  }

  /** The visible calendar cell of a day (`2026-12-07`) in the open date picker. */
  day(date: string): Locator {
    return this.page
      .locator(`.ant-picker-dropdown:not(.ant-picker-dropdown-hidden) td.ant-picker-cell-in-view[title="${date}"]`)
      .first();
  }

  /** The visible option of an open select whose text contains `text`. */
  option(text: string): Locator {
    return this.page
      .locator('.ant-select-dropdown:not(.ant-select-dropdown-hidden) .ant-select-item-option', { hasText: text })
      .first();
  }

  /**
   * One click on the option reading `text` in the open select, checked: the option is then chosen
   * (or its list has closed on the choice). A click that lands while the list re-renders under it
   * (a ranking arriving, CI load) chooses nothing and leaves the list open; the harness clicks again,
   * up to three times. Counted once — the user's one click — with each repeat in `repeats`.
   */
  async choose(text: string, step: string): Promise<void> {
    const option = this.option(text);
    await this.click(option, step);
    for (let attempt = 1; ; attempt++) {
      const deadline = Date.now() + 3_000;
      while (Date.now() < deadline) {
        if ((await option.count()) === 0) return;
        const cls = (await option.getAttribute('class').catch(() => null)) ?? '';
        if (cls.includes('ant-select-item-option-selected')) return;
        await this.page.waitForTimeout(100);
      }
      if (attempt === 3) throw new Error(`choosing 「${text}」 did not take after ${attempt} clicks`);
      this.repeats++;
      await option.click();
    }
  }

  summary(): { clicks: number; keystrokes: number; path: string[] } {
    return { clicks: this.clicks, keystrokes: this.keystrokes, path: [...this.path] };
  }
}
