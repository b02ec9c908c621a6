import type { Locator, Page } from 'playwright-core';

/** The "Import a server folder" region of a station's Library page. */
export class ImportPanel {
  constructor(readonly page: Page) {}

  static async open(page: Page, stationId: string): Promise<ImportPanel> {
    await page.goto(`/stations/${stationId}/library`);
    const panel = new ImportPanel(page);
    await panel.region.waitFor();
    return panel;
  }

  get region(): Locator {
    return this.page.getByRole('region', { name: 'Import a server folder' });
  }

  /** Picks a folder from the list the server offers and starts the import. */
  async importFolder(name: string): Promise<void> {
    await this.region.getByRole('textbox', { name: 'Folder' }).click();
    await this.page.getByRole('option', { name, exact: true }).click();
    await this.region.getByRole('button', { name: 'Import', exact: true }).click();
  }

  status(): Promise<string> {
    return this.region.getByTestId('import-status').innerText();
  }

  failures(): Promise<string[]> {
    return this.region.getByTestId('import-failures').getByRole('listitem').allInnerTexts();
  }
}
