import type { Page } from 'playwright-core';

/** One station's People page: members, users, API keys and the audit log, as tabs. */
export class PeoplePage {
  constructor(readonly page: Page) {}

  static async open(page: Page, stationId: string): Promise<PeoplePage> {
    await page.goto(`/stations/${stationId}/people`);
    const people = new PeoplePage(page);
    await people.heading.waitFor();
    return people;
  }

  get heading() {
    return this.page.getByRole('heading', { name: /^People/, level: 1 });
  }

  async tab(name: 'Members' | 'Users' | 'API keys' | 'Audit log'): Promise<void> {
    await this.page.getByRole('tab', { name }).click();
  }

  /** Creates an API key and returns the secret shown (once). */
  async createApiKey(name: string): Promise<string> {
    await this.tab('API keys');
    await this.page.getByLabel('Key name').fill(name);
    await this.page.getByRole('button', { name: 'Create key' }).click();
    const shown = this.page.getByTestId('api-key-created');
    await shown.waitFor();
    return shown.getByRole('textbox').inputValue();
  }

  async dismissApiKey(): Promise<void> {
    await this.page.getByRole('button', { name: 'Done, hide the key' }).click();
    await this.page.getByTestId('api-key-created').waitFor({ state: 'detached' });
  }

  apiKeyRow(name: string) {
    return this.page.getByTestId('api-key-row').filter({ hasText: name });
  }

  /** The audit log's rows as text, newest first, after filtering. */
  async auditEntries(filter: { actor?: string; action?: string } = {}): Promise<string[]> {
    await this.tab('Audit log');
    if (filter.actor !== undefined) await this.page.getByLabel('Actor').fill(filter.actor);
    if (filter.action !== undefined) {
      await this.page.getByRole('textbox', { name: 'Action' }).fill(filter.action);
      await this.page.getByRole('option', { name: filter.action, exact: true }).click();
    }
    const rows = this.page.getByTestId('audit-entry');
    await rows.first().waitFor();
    return rows.allInnerTexts();
  }
}
