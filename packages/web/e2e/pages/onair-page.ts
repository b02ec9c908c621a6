import type { Page } from 'playwright-core';
import { dragOnto } from '../support.js';

/** One station's On Air page. */
export class OnAirPage {
  constructor(readonly page: Page) {}

  get heading() {
    return this.page.getByRole('heading', { name: /^On Air/, level: 1 });
  }

  currentTitle(): Promise<string> {
    return this.page.getByTestId('current-title').innerText();
  }

  tier(): Promise<string> {
    return this.page.getByTestId('tier').innerText();
  }

  /** Presses Skip; resolves with what the page says the API answered. */
  async skip(): Promise<string> {
    await this.page.getByRole('button', { name: 'Skip', exact: true }).click();
    const result = this.page.getByTestId('control-result').first();
    await result.waitFor();
    return result.innerText();
  }

  /** Chooses a library item by search, confirms, and returns the API's answer as shown. */
  async startEmergency(search: string, option: string): Promise<string> {
    const picker = this.page.getByRole('textbox', { name: 'Emergency item' });
    await picker.click();
    await picker.fill(search);
    await this.page.getByRole('option', { name: option }).click();
    await this.page.getByRole('button', { name: 'Put on air now' }).click();
    await this.page.getByRole('button', { name: 'Confirm emergency' }).click();
    const result = this.page.getByText(/^On air: the engine confirmed|^Accepted:/);
    await result.waitFor();
    return result.innerText();
  }

  get queueItems() {
    return this.page.getByTestId('queue-item');
  }

  /** The play-next queue's titles, in the order shown. */
  async queueTitles(): Promise<string[]> {
    const titles = await this.queueItems.locator('[title]').allInnerTexts();
    return titles.map((t) => t.trim());
  }

  /** Moves an item with its up/down button, from the keyboard (focus, Enter). */
  async moveWithKeyboard(title: string, direction: 'up' | 'down'): Promise<void> {
    const button = this.page.getByRole('button', { name: `Move ${title} ${direction}` });
    await button.focus();
    await this.page.keyboard.press('Enter');
  }

  /** Drags an item by its handle onto another item's place. */
  async drag(title: string, ontoTitle: string): Promise<void> {
    await dragOnto(
      this.page,
      this.page.getByRole('button', { name: `Drag ${title} to reorder` }),
      this.queueItems.filter({ hasText: ontoTitle }),
    );
  }

  /** The "Reorder refused" notice: the API's message and request id. */
  async reorderError(): Promise<string> {
    const alert = this.page.getByRole('alert').filter({ hasText: 'Reorder refused' });
    await alert.waitFor();
    return alert.innerText();
  }

  /** The header's live-updates badge ("Live", "Connecting", "Offline"). */
  liveStatus(): Promise<string | null> {
    return this.page.getByLabel(/^Live updates:/).getAttribute('aria-label');
  }

  /** Listeners now per mount as the page shows them (mount name → count text). */
  async listeners(): Promise<Record<string, string>> {
    const cells = await this.page.getByTestId('onair-listeners').locator('[data-mount]').all();
    const out: Record<string, string> = {};
    for (const c of cells) out[(await c.getAttribute('data-mount')) ?? ''] = await c.innerText();
    return out;
  }

  async releaseEmergency(): Promise<string> {
    await this.page.getByRole('button', { name: 'Release emergency' }).click();
    const result = this.page.getByText(/^Released|^Release accepted/);
    await result.waitFor();
    return result.innerText();
  }
}
