import type { Page } from 'playwright-core';

/** One station's Webstreams page: URLs in failover order, write-only credentials, health. */
export class WebstreamsPage {
  constructor(readonly page: Page) {}

  static async open(page: Page, stationId: string): Promise<WebstreamsPage> {
    await page.goto(`/stations/${stationId}/webstreams`);
    const p = new WebstreamsPage(page);
    await p.heading.waitFor();
    return p;
  }

  get heading() {
    return this.page.getByRole('heading', { name: /^Webstreams/, level: 1 });
  }

  card(name: string) {
    return this.page.getByTestId('webstream').filter({
      has: this.page.getByRole('heading', { name, exact: true }),
    });
  }

  /** Opens the form and fills it: URLs in order, each with optional credentials. */
  async create(
    name: string,
    urls: { url: string; user?: string; password?: string }[],
  ): Promise<void> {
    await this.page.getByRole('button', { name: 'New webstream' }).click();
    const form = this.page.getByRole('form', { name: 'New webstream' });
    await form.getByLabel('Webstream name').fill(name);
    for (const [i, u] of urls.entries()) {
      const n = i + 1;
      if (i > 0) await form.getByRole('button', { name: 'Add a fallback URL' }).click();
      await form.getByLabel(`Stream URL ${n}`).fill(u.url);
      if (u.user) await form.getByLabel(`Username ${n}`).fill(u.user);
      if (u.password) await form.getByLabel(`Password ${n}`, { exact: true }).fill(u.password);
    }
    await form.getByRole('button', { name: 'Create webstream' }).click();
    // A refusal stays in the form: name it in the failure instead of a bare timeout.
    await form.waitFor({ state: 'detached' }).catch(async (e: unknown) => {
      throw new Error(`the form stayed open: ${await form.innerText()}`, { cause: e });
    });
    await this.card(name).waitFor();
  }

  async urls(name: string): Promise<string[]> {
    return this.card(name).getByTestId('webstream-url').allInnerTexts();
  }

  async health(name: string): Promise<string[]> {
    return this.card(name).getByTestId('url-health').allTextContents();
  }

  async testNow(name: string): Promise<void> {
    const card = this.card(name);
    await card.getByRole('button', { name: 'Test now' }).click();
    await card.getByText(/^Tested /).waitFor();
  }

  /** Opens the edit form; returns it. */
  async edit(name: string) {
    await this.card(name)
      .getByRole('button', { name: `Edit ${name}` })
      .click();
    const form = this.page.getByRole('form', { name: `Edit ${name}` });
    await form.waitFor();
    return form;
  }
}
