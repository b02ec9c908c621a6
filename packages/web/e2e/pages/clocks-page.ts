import type { Page } from 'playwright-core';

/** One station's Clocks page: the list, the hour editor, and a simulated hour. */
export class ClocksPage {
  constructor(readonly page: Page) {}

  static async open(page: Page, stationId: string): Promise<ClocksPage> {
    await page.goto(`/stations/${stationId}/clocks`);
    const clocks = new ClocksPage(page);
    await clocks.heading.waitFor();
    return clocks;
  }

  get heading() {
    return this.page.getByRole('heading', { name: /^Clocks/, level: 1 });
  }

  get slots() {
    return this.page.getByTestId('clock-slot');
  }

  async newClock(name: string): Promise<void> {
    await this.page.getByRole('button', { name: 'New clock' }).click();
    await this.page.getByLabel('Clock name').fill(name);
  }

  /** Picks an option of a Mantine select by its label. */
  private async choose(label: string, option: string): Promise<void> {
    await this.page.getByRole('textbox', { name: label, exact: true }).click();
    await this.page.getByRole('option', { name: option, exact: true }).click();
  }

  /** Selects the slot at `position` (in time order) and sets what it plays. */
  async setSlot(position: number, type: string, source?: string): Promise<void> {
    await this.slots.nth(position).click();
    await this.choose('Plays', type);
    if (source !== undefined) await this.choose(type, source);
  }

  async addSlot(): Promise<void> {
    await this.page.getByRole('button', { name: 'Add slot' }).click();
  }

  /** Drags the start handle of the slot at `position` to `minute` of the hour. */
  async dragSlotStart(position: number, minute: number): Promise<void> {
    const bar = await this.page.getByTestId('clock-timeline').boundingBox();
    const handle = await this.page.getByTestId('clock-handle').nth(position).boundingBox();
    if (bar === null || handle === null) throw new Error('timeline not visible');
    const y = handle.y + handle.height / 2;
    await this.page.mouse.move(handle.x + handle.width / 2, y);
    await this.page.mouse.down();
    const x = bar.x + (bar.width * minute) / 60;
    await this.page.mouse.move(x, y, { steps: 8 });
    await this.page.mouse.up();
  }

  /** The minute each slot starts at, as the handles report it. */
  async slotStarts(): Promise<number[]> {
    const handles = this.page.getByTestId('clock-handle');
    const out: number[] = [];
    for (let i = 0; i < (await handles.count()); i++)
      out.push(Number(await handles.nth(i).getAttribute('aria-valuenow')));
    return out;
  }

  async addHoursRule(): Promise<void> {
    await this.page.getByRole('button', { name: 'Add hours rule' }).click();
  }

  async toggleDay(rule: number, day: string): Promise<void> {
    await this.page
      .getByRole('group', { name: `Days of rule ${rule}` })
      .getByText(day, { exact: true })
      .click();
  }

  async save(): Promise<void> {
    const button = this.page.getByRole('button', { name: /^(Create|Save) clock$/ });
    await button.click();
    await this.page.getByRole('button', { name: 'Save clock', disabled: true }).waitFor();
  }

  /** Runs "Simulate an hour" and returns the simulated items' rows as text. */
  async simulate(): Promise<string[]> {
    await this.page.getByRole('button', { name: 'Simulate an hour' }).click();
    await this.page.getByTestId('simulation').waitFor();
    return this.page.getByTestId('simulated-item').allInnerTexts();
  }
}
