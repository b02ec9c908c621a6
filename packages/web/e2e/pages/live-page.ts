import type { Page } from 'playwright-core';

interface ConnectionDetails {
  host: string;
  port: string;
  mount: string;
  user: string;
  password: string;
}

/** One station's Live page: on air now, one-time DJ passwords, sessions, DJ accounts. */
export class LivePage {
  constructor(readonly page: Page) {}

  static async open(page: Page, stationId: string): Promise<LivePage> {
    await page.goto(`/stations/${stationId}/live`);
    const live = new LivePage(page);
    await live.heading.waitFor();
    return live;
  }

  get heading() {
    return this.page.getByRole('heading', { name: /^Live/, level: 1 });
  }

  get tokenDetails() {
    return this.page.getByTestId('token-details');
  }

  /** Creates a one-time password and returns the connection details as shown. */
  async createToken(djName: string): Promise<ConnectionDetails> {
    await this.page.getByLabel('DJ name on air').fill(djName);
    await this.page.getByRole('button', { name: 'Create password' }).click();
    await this.tokenDetails.waitFor();
    const value = (label: string) =>
      this.tokenDetails.getByRole('textbox', { name: label, exact: true }).inputValue();
    return {
      host: await value('Host'),
      port: await value('Port'),
      mount: await value('Mount'),
      user: await value('User'),
      password: await value('Password'),
    };
  }

  async copyPassword(): Promise<void> {
    await this.tokenDetails.getByRole('button', { name: 'Copy Password' }).click();
    await this.tokenDetails
      .getByRole('button', { name: 'Copy Password' })
      .getByText('Copied')
      .waitFor();
  }

  /** "Done": the password disappears for good. */
  async dismissToken(): Promise<void> {
    await this.page.getByRole('button', { name: 'Done, hide the password' }).click();
    await this.tokenDetails.waitFor({ state: 'detached' });
  }

  async addDj(username: string): Promise<void> {
    // Scoped to its form: "Your user name" (own-login card) has a similar name.
    const form = this.page.getByRole('form', { name: 'Add a DJ' });
    await form.getByRole('textbox', { name: 'User name', exact: true }).fill(username);
    await form.getByRole('button', { name: 'Add DJ' }).click();
    await this.djRow(username).waitFor();
  }

  djRow(username: string) {
    return this.page
      .getByRole('table', { name: 'DJ accounts' })
      .getByRole('row')
      .filter({ hasText: username });
  }
}
