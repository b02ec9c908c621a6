import { text } from 'node:stream/consumers';
import type { Page } from 'playwright-core';

/** One station's Reports page: range, figures, chart, breakdowns, royalties and downloads. */
export class ReportsPage {
  constructor(readonly page: Page) {}

  static async open(page: Page, stationId: string): Promise<ReportsPage> {
    await page.goto(`/stations/${stationId}/reports`);
    const reports = new ReportsPage(page);
    await reports.heading.waitFor();
    return reports;
  }

  get heading() {
    return this.page.getByRole('heading', { name: 'Reports', level: 1 });
  }

  async preset(name: 'Today' | 'Yesterday' | 'Last 7 days' | 'Last 30 days'): Promise<void> {
    await this.page
      .getByRole('group', { name: 'Quick ranges' })
      .getByRole('button', { name })
      .click();
  }

  async days(): Promise<{ from: string; to: string }> {
    return {
      from: await this.page.getByLabel('First day').inputValue(),
      to: await this.page.getByLabel('Last day').inputValue(),
    };
  }

  /** A figure's number as shown ("Sessions", "Unique listeners", …). */
  async figure(label: string): Promise<number> {
    const text = await this.page.getByTestId(`figure-${label}`).innerText();
    return Number(text.replace(/[^\d.]/g, ''));
  }

  /** The chart's canvas, once uPlot has drawn it. */
  get chart() {
    return this.page.locator('.uplot canvas');
  }

  /** The rows of a breakdown tab as [key, hours, unique, sessions] texts. */
  async breakdown(tab: 'By mount' | 'By player' | 'By country'): Promise<string[][]> {
    await this.page.getByRole('tab', { name: tab }).click();
    const by = { 'By mount': 'mount', 'By player': 'client', 'By country': 'country' }[tab];
    const rows = this.page.getByTestId(`breakdown-${by}`).locator('tbody tr');
    await rows.first().waitFor();
    return Promise.all((await rows.all()).map((row) => row.locator('td').allInnerTexts()));
  }

  /** Clicks a download button and returns the file's name and text. */
  async download(button: string): Promise<{ name: string; text: string }> {
    const [file] = await Promise.all([
      this.page.waitForEvent('download'),
      this.page.getByRole('button', { name: button }).click(),
    ]);
    // The browser runs as a server the tests connect to: its files are read as streams.
    return { name: file.suggestedFilename(), text: await text(await file.createReadStream()) };
  }
}
