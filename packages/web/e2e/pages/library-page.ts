import { expect } from 'vitest';
import type { Locator, Page } from 'playwright-core';

/** One station's Library page: the virtual list, its search, sort, filters and views. */
export class LibraryPage {
  constructor(readonly page: Page) {}

  /** Opens the page directly (`search` like `?view=failed`, as a shared link would). */
  static async open(page: Page, stationId: string, search = ''): Promise<LibraryPage> {
    await page.goto(`/stations/${stationId}/library${search}`);
    const library = new LibraryPage(page);
    await library.heading.waitFor();
    return library;
  }

  get heading() {
    return this.page.getByRole('heading', { name: /^Library/, level: 1 });
  }

  get rows(): Locator {
    return this.page.getByTestId('library-row');
  }

  /** "61 items", "50 items loaded, more as you scroll", "Loading…". */
  count(): Promise<string> {
    return this.page.getByTestId('library-count').innerText();
  }

  /** Rows in the DOM now (the list renders only a window of them). */
  renderedRows(): Promise<number> {
    return this.rows.count();
  }

  /** Titles of the rows in the DOM, top to bottom. */
  async titles(): Promise<string[]> {
    return this.page.getByTestId('row-title').allInnerTexts();
  }

  /** The first rendered row's text (title, artist, … as shown). */
  firstRow(): Promise<string> {
    return this.rows.first().innerText();
  }

  async search(text: string): Promise<void> {
    await this.page.getByRole('searchbox', { name: 'Search' }).fill(text);
  }

  async sortBy(label: string): Promise<void> {
    await this.page.getByRole('textbox', { name: 'Sort by' }).click();
    await this.page.getByRole('option', { name: label, exact: true }).click();
  }

  /** Picks a filter value from its facet list (the option reads "value (count)"). */
  async filter(label: 'Artist' | 'Album' | 'Genre' | 'Tag', value: string): Promise<void> {
    const filters = this.page.getByRole('button', { name: /^Filters/ });
    if ((await filters.count()) > 0 && (await filters.getAttribute('aria-expanded')) !== 'true')
      await filters.click();
    const box = this.page.getByRole('textbox', { name: label, exact: true });
    const option = this.page.getByRole('option', { name: new RegExp(`^${value} \\(\\d+\\)$`) });
    // The facet list loads by prefix as one types and can close while it re-renders under
    // load; reopen it, as a user would, until the value is offered.
    await expect
      .poll(
        async () => {
          if (!(await option.isVisible())) {
            await box.click();
            await box.fill(value);
          }
          return option.isVisible();
        },
        { timeout: 20_000 },
      )
      .toBe(true);
    await option.click();
  }

  async clearFilters(): Promise<void> {
    await this.page.getByRole('button', { name: 'Clear filters' }).click();
  }

  async view(label: 'All' | 'Duplicates' | 'Failed analysis'): Promise<void> {
    await this.page.locator('label', { hasText: label }).click();
  }

  /** Ticks a row's checkbox; with `shift`, the range from the last plain tick. */
  async select(title: string, shift = false): Promise<void> {
    await this.page
      .getByRole('checkbox', { name: `Select ${title}`, exact: true })
      .click(shift ? { modifiers: ['Shift'] } : {});
  }

  /** Sets one field on every selected item; resolves with the page's result line. */
  async bulkSet(field: 'artist' | 'album' | 'genre', value: string): Promise<string> {
    await this.page.getByRole('button', { name: 'Edit tags…' }).click();
    const dialog = this.page.getByRole('dialog');
    await dialog.getByRole('textbox', { name: `New ${field}` }).fill(value);
    await dialog.getByRole('button', { name: /^Apply to/ }).click();
    const result = this.page.getByTestId('bulk-result');
    await result.waitFor();
    return result.innerText();
  }

  /** Opens a row's editor. */
  async open(title: string): Promise<ItemEditor> {
    await this.page.getByRole('button', { name: `Open ${title}`, exact: true }).click();
    const editor = new ItemEditor(this.page);
    await editor.dialog.getByRole('textbox', { name: 'Title' }).waitFor();
    return editor;
  }

  async scrollToTop(): Promise<void> {
    await this.page.evaluate('window.scrollTo(0, 0)');
  }

  async scrollToEnd(): Promise<void> {
    await this.page.evaluate('window.scrollTo(0, document.documentElement.scrollHeight)');
  }
}

/** The drawer that edits one item's tags. */
class ItemEditor {
  constructor(readonly page: Page) {}

  get dialog() {
    return this.page.getByRole('dialog', { name: /^Edit / });
  }

  async setTitle(title: string): Promise<void> {
    await this.dialog.getByRole('textbox', { name: 'Title' }).fill(title);
  }

  /** Saves; resolves once the page says it is saved. */
  async save(): Promise<void> {
    await this.dialog.getByRole('button', { name: 'Save' }).click();
    await this.dialog.getByRole('status').filter({ hasText: 'Saved.' }).waitFor();
  }

  async close(): Promise<void> {
    await this.page.keyboard.press('Escape');
    await this.dialog.waitFor({ state: 'detached' });
  }
}
