import type { Page } from 'playwright-core';

/** One station's Schedule page: the calendar in the station's zone, the fallback, the plan. */
export class SchedulePage {
  constructor(readonly page: Page) {}

  static async open(page: Page, stationId: string, date?: string): Promise<SchedulePage> {
    await page.goto(`/stations/${stationId}/schedule${date ? `?date=${date}` : ''}`);
    const s = new SchedulePage(page);
    await s.heading.waitFor();
    await page.getByTestId('schedule-calendar').locator('.fc-timegrid-slot-lane').first().waitFor();
    return s;
  }

  get heading() {
    return this.page.getByRole('heading', { name: /^Schedule/, level: 1 });
  }

  dayHeader(date: string) {
    return this.page.locator(`[data-testid="day-header"][data-date="${date}"]`);
  }

  /** Clock-hour blocks drawn in the column of a local date. */
  clockHours(date: string) {
    return this.page.locator(`td.fc-timegrid-col[data-date="${date}"] [data-testid="clock-hour"]`);
  }

  dstMarker(date: string) {
    return this.page.locator(`td.fc-timegrid-col[data-date="${date}"] .gr-dst-gap`);
  }

  blocks(name: string) {
    return this.page.getByTestId('calendar-block').filter({ hasText: name });
  }

  block(name: string, date: string) {
    return this.page
      .locator(`td.fc-timegrid-col[data-date="${date}"]`)
      .getByTestId('calendar-block')
      .filter({ hasText: name });
  }

  /**
   * A point in a half-hour slot (HH:mm) in the column of a local date: its centre, or its last
   * quarter (the last 15-minute snap of the slot, where a selection ending at :00/:30 stops).
   */
  private async point(
    date: string,
    time: string,
    at: 'centre' | 'end' = 'centre',
  ): Promise<{ x: number; y: number }> {
    const col = await this.page.locator(`td.fc-timegrid-col[data-date="${date}"]`).boundingBox();
    const lane = this.page.locator(`td.fc-timegrid-slot-lane[data-time="${time}:00"]`);
    await lane.scrollIntoViewIfNeeded();
    const slot = await lane.boundingBox();
    if (col === null || slot === null) throw new Error(`no slot ${date} ${time}`);
    return { x: col.x + col.width / 2, y: slot.y + slot.height * (at === 'end' ? 0.8 : 0.5) };
  }

  private async drag(from: { x: number; y: number }, to: { x: number; y: number }) {
    await this.page.mouse.move(from.x, from.y);
    await this.page.mouse.down();
    await this.page.mouse.move(from.x, from.y + 4, { steps: 3 });
    await this.page.mouse.move(to.x, to.y, { steps: 12 });
    await this.page.mouse.up();
  }

  /** Drags across empty time (the last half hour inclusive) and fills in the show editor. */
  async createWeeklyShow(o: {
    date: string;
    from: string;
    lastSlot: string;
    name: string;
  }): Promise<void> {
    await this.drag(await this.point(o.date, o.from), await this.point(o.date, o.lastSlot, 'end'));
    const form = this.page.getByRole('form', { name: 'New show' });
    await form.waitFor();
    await form.getByLabel('Show name').fill(o.name);
    await form.getByRole('textbox', { name: 'Repeats' }).click();
    await this.page.getByRole('option', { name: 'Weekly on…' }).click();
    await form.getByRole('button', { name: 'Create show' }).click();
    await form.waitFor({ state: 'detached' });
  }

  /** Drags a block by its top edge to another start time and picks the scope of the change. */
  async moveOccurrence(
    name: string,
    date: string,
    to: { date: string; time: string },
    scope: 'This occurrence' | 'This and following' | 'All occurrences',
  ): Promise<void> {
    const block = this.block(name, date).first();
    await block.scrollIntoViewIfNeeded();
    const box = await block.boundingBox();
    if (box === null) throw new Error(`no block ${name} on ${date}`);
    const target = await this.point(to.date, to.time);
    const half = await this.page.locator('td.fc-timegrid-slot-lane').first().boundingBox();
    // Grabbed 6 px below its top, the block's top lands on the target slot's top.
    const grab = { x: box.x + box.width / 2, y: box.y + 6 };
    await this.drag(grab, { x: target.x, y: target.y - (half?.height ?? 0) / 2 + 6 });
    await this.page
      .getByRole('dialog', { name: `Move ${name}` })
      .getByRole('button', { name: scope })
      .click();
  }

  /** Chooses how many hours of the plan "what will play" shows. */
  async planWindow(hours: '6 h' | '24 h' | '48 h'): Promise<void> {
    await this.page
      .getByRole('radiogroup', { name: 'Hours shown' })
      .getByText(hours, { exact: true })
      .click();
  }

  async rebuildPlan(): Promise<void> {
    await this.page.getByRole('button', { name: 'Rebuild plan now' }).click();
  }

  planItems(text: string) {
    return this.page.getByTestId('plan-item').filter({ hasText: text });
  }
}
