import type { Page } from 'playwright-core';
import { OnAirPage } from './onair-page.js';

/** The landing page: one card per station the user may see. */
export class StationsPage {
  constructor(readonly page: Page) {}

  get heading() {
    return this.page.getByRole('heading', { name: 'Stations', level: 1 });
  }

  card(name: string) {
    return this.page.getByRole('article', { name });
  }

  async nowPlaying(name: string): Promise<string> {
    return this.card(name).getByTestId('now-playing-title').innerText();
  }

  async openOnAir(name: string): Promise<OnAirPage> {
    await this.page.getByRole('link', { name: `Open On Air for ${name}` }).click();
    const onAir = new OnAirPage(this.page);
    await onAir.heading.waitFor();
    return onAir;
  }

  /** The user menu's "Log out"; resolves once the login form is back. */
  async logOut(): Promise<void> {
    await this.page.getByRole('button', { name: /^Account:/ }).click();
    await this.page.getByRole('menuitem', { name: 'Log out' }).click();
    await this.page.getByRole('button', { name: 'Log in' }).waitFor();
  }
}
