import type { Page } from 'playwright-core';

/** One station's Outputs page: mounts, Icecast targets and their live state. */
export class OutputsPage {
  constructor(readonly page: Page) {}

  static async open(page: Page, stationId: string): Promise<OutputsPage> {
    await page.goto(`/stations/${stationId}/outputs`);
    const outputs = new OutputsPage(page);
    await outputs.heading.waitFor();
    return outputs;
  }

  get heading() {
    return this.page.getByRole('heading', { name: /^Outputs/, level: 1 });
  }

  row(name: string) {
    return this.page.getByTestId('mount-row').filter({ hasText: `/stream/${name}` });
  }

  get form() {
    return this.page.getByRole('form', { name: 'New mount' });
  }

  /** Fills the new-mount form (opening it unless it is open) and submits it. */
  async submitMount(
    name: string,
    icecast?: { host: string; port: number; mount: string; password: string },
  ): Promise<void> {
    const form = this.form;
    if (!(await form.isVisible()))
      await this.page.getByRole('button', { name: 'New mount' }).click();
    await form.getByLabel('Mount name').fill(name);
    if (icecast) {
      await form.getByLabel('Also send to an Icecast server').check();
      await form.getByLabel('Icecast host').fill(icecast.host);
      await form.getByLabel('Icecast port').fill(String(icecast.port));
      await form.getByLabel('Icecast mount').fill(icecast.mount);
      await form.getByLabel('Icecast password').fill(icecast.password);
    }
    await form.getByRole('button', { name: 'Create mount' }).click();
  }

  /** Creates a mount, optionally relayed to an Icecast server, and waits for its row. */
  async createMount(
    name: string,
    icecast?: { host: string; port: number; mount: string; password: string },
  ): Promise<void> {
    await this.submitMount(name, icecast);
    await this.row(name).waitFor();
  }

  /** Submits the form expecting a refusal; returns what the form's alert says. */
  async createMountExpectingError(
    name: string,
    icecast?: { host: string; port: number; mount: string; password: string },
  ): Promise<string> {
    await this.submitMount(name, icecast);
    const alert = this.form.getByRole('alert');
    await alert.waitFor();
    return alert.innerText();
  }

  async state(name: string): Promise<string> {
    return this.row(name).getByTestId('mount-state').innerText();
  }
}
