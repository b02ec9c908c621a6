import type { Page } from 'playwright-core';
import { StationsPage } from './stations-page.js';

/** The login form (the first screen of every new session). */
export class LoginPage {
  constructor(readonly page: Page) {}

  static async open(page: Page, path = '/'): Promise<LoginPage> {
    await page.goto(path);
    const login = new LoginPage(page);
    await login.submitButton.waitFor();
    return login;
  }

  get submitButton() {
    return this.page.getByRole('button', { name: 'Log in' });
  }

  async fill(username: string, password: string): Promise<void> {
    await this.page.getByRole('textbox', { name: 'Username' }).fill(username);
    await this.page.getByLabel('Password', { exact: true }).fill(password);
  }

  /** Logs in and lands on the stations overview. */
  async logIn(username: string, password: string): Promise<StationsPage> {
    await this.fill(username, password);
    await this.submitButton.click();
    const stations = new StationsPage(this.page);
    await stations.heading.waitFor();
    return stations;
  }

  /** Submits and returns the refusal shown (title and text of the alert). */
  async logInExpectingError(username: string, password: string): Promise<string> {
    await this.fill(username, password);
    await this.submitButton.click();
    const alert = this.page.getByRole('alert');
    await alert.waitFor();
    return alert.innerText();
  }
}
