import type { Download, Page } from 'playwright-core';
import { expect } from 'vitest';
import { dragOnto } from '../support.js';

/** One station's Playlists page: the list, one playlist's items, adding, import and export. */
export class PlaylistsPage {
  constructor(readonly page: Page) {}

  static async open(page: Page, stationId: string): Promise<PlaylistsPage> {
    await page.goto(`/stations/${stationId}/playlists`);
    const p = new PlaylistsPage(page);
    await p.heading.waitFor();
    return p;
  }

  get heading() {
    return this.page.getByRole('heading', { name: /^Playlists/, level: 1 });
  }

  async create(name: string, mode: 'In order' | 'Shuffled' = 'In order'): Promise<void> {
    const form = this.page.getByRole('form', { name: 'New playlist' });
    await form.getByLabel('New playlist name').fill(name);
    await form.getByText(mode, { exact: true }).click();
    await form.getByRole('button', { name: 'Create playlist' }).click();
    await this.page
      .getByRole('textbox', { name: 'Name' })
      .and(this.page.locator(`[value="${name}"]`))
      .waitFor();
  }

  /** Searches the library and adds the tracks with these labels ("Artist – Title") at once. */
  async addFromLibrary(search: string, labels: string[]): Promise<void> {
    await this.page.getByRole('textbox', { name: 'Search the library' }).fill(search);
    const add = this.page.getByRole('button', { name: /^Add selected \(\d+\)$/ });
    // Ticks what is not ticked yet until the button counts them all: the results list can be
    // re-rendered under the pointer while the search settles. The poll's failure names the
    // count the button showed.
    await expect
      .poll(
        async () => {
          for (const l of labels) {
            const box = this.page.getByRole('checkbox', { name: `Select ${l}` });
            if (!(await box.isChecked())) await box.check();
          }
          return add.innerText();
        },
        { timeout: 20_000 },
      )
      .toBe(`Add selected (${labels.length})`);
    const before = await this.items().count();
    await add.click();
    await this.items()
      .nth(before + labels.length - 1)
      .waitFor();
  }

  items() {
    return this.page.getByTestId('playlist-item');
  }

  async titles(): Promise<string[]> {
    return this.page.getByTestId('playlist-item-title').allInnerTexts();
  }

  async total(): Promise<string> {
    return this.page.getByTestId('playlist-total').innerText();
  }

  /** Drags an item by its handle onto another item's place. */
  async drag(label: string, ontoLabel: string): Promise<void> {
    await dragOnto(
      this.page,
      this.page.getByRole('button', { name: `Drag ${label} to reorder` }),
      this.items().filter({ hasText: ontoLabel }),
    );
  }

  async setOverrides(label: string, o: { cueIn?: string; fadeOut?: string }): Promise<void> {
    await this.page.getByRole('button', { name: `Cues and fades of ${label}` }).click();
    const form = this.page.getByRole('form', { name: 'Cues and fades' });
    if (o.cueIn !== undefined) await form.getByLabel('Cue in (s)').fill(o.cueIn);
    if (o.fadeOut !== undefined) await form.getByLabel('Fade out (s)').fill(o.fadeOut);
    await form.getByRole('button', { name: 'Save cues' }).click();
    await form.waitFor({ state: 'detached' });
  }

  async export(format: 'm3u' | 'pls'): Promise<Download> {
    const download = this.page.waitForEvent('download');
    await this.page.getByRole('button', { name: `Export .${format}` }).click();
    return download;
  }

  /** Imports a file (name and text); returns the report's text. */
  async import(name: string, content: string, replace = false): Promise<string> {
    const form = this.page.getByRole('form', { name: 'Import a playlist file' });
    const chooser = this.page.waitForEvent('filechooser');
    await form.getByRole('button', { name: /Playlist file/ }).click();
    await (
      await chooser
    ).setFiles({ name, mimeType: 'audio/x-mpegurl', buffer: Buffer.from(content) });
    if (replace) await form.getByLabel(/Replace the playlist/).check();
    await form.getByRole('button', { name: 'Import' }).click();
    const report = this.page.getByTestId('import-report');
    await report.waitFor();
    return report.innerText();
  }

  unmatched() {
    return this.page.getByTestId('unmatched-entry');
  }
}
