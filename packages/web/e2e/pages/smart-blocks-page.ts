import type { Page } from 'playwright-core';

/** One station's Smart blocks page: the rule builder and the preview. */
export class SmartBlocksPage {
  constructor(readonly page: Page) {}

  static async open(page: Page, stationId: string): Promise<SmartBlocksPage> {
    await page.goto(`/stations/${stationId}/smart-blocks`);
    const p = new SmartBlocksPage(page);
    await p.heading.waitFor();
    return p;
  }

  get heading() {
    return this.page.getByRole('heading', { name: /^Smart blocks/, level: 1 });
  }

  get rules() {
    return this.page.getByRole('form', { name: 'Smart block rules' });
  }

  async create(name: string): Promise<void> {
    const form = this.page.getByRole('form', { name: 'New smart block' });
    await form.getByLabel('New smart block name').fill(name);
    await form.getByRole('button', { name: 'Create smart block' }).click();
    await this.rules
      .getByRole('textbox', { name: 'Name' })
      .and(this.page.locator(`[value="${name}"]`))
      .waitFor();
  }

  /** Adds a filter to a list ("Include filter", "Exclude filter", "Filler filter"). */
  async addFilter(
    list: 'Include filter' | 'Exclude filter' | 'Filler filter',
    f: { field: string; condition: string; value: string },
  ): Promise<void> {
    const n = (await this.rules.getByLabel(new RegExp(`^${list} \\d+ field$`)).count()) + 1;
    await this.rules.getByRole('button', { name: `Add ${list.toLowerCase()}` }).click();
    await this.fillFilter(`${list} ${n}`, f);
  }

  async fillFilter(name: string, f: { field: string; condition: string; value: string }) {
    await this.rules.getByLabel(`${name} field`).selectOption({ label: f.field });
    await this.rules.getByLabel(`${name} condition`).selectOption({ label: f.condition });
    const value = this.rules.getByLabel(`${name} value`);
    // Yes/no fields have a select for their value.
    if (f.field === 'Explicit') await value.selectOption({ label: f.value });
    else await value.fill(f.value);
  }

  async addWeight(f: { field: string; condition: string; value: string }, factor: string) {
    await this.rules.getByRole('button', { name: 'Add weight' }).click();
    await this.fillFilter('Weight 1', f);
    await this.rules.getByLabel('Weight 1 factor').fill(factor);
  }

  async addQuota(
    f: { field: string; condition: string; value: string },
    q: { atMost?: string; atLeast?: string; perMinutes?: string },
  ) {
    await this.rules.getByRole('button', { name: 'Add quota' }).click();
    await this.fillFilter('Quota 1', f);
    await this.rules.getByLabel('Quota 1 at least').fill(q.atLeast ?? '');
    await this.rules.getByLabel('Quota 1 at most').fill(q.atMost ?? '');
    await this.rules.getByLabel('Quota 1 per minutes').fill(q.perMinutes ?? '');
  }

  async separation(o: { artist?: string; title?: string; album?: string }) {
    for (const [k, v] of Object.entries(o)) await this.rules.getByLabel(`Same ${k}`).fill(v);
  }

  async tolerance(seconds: string) {
    await this.rules.getByLabel('Tolerance (± seconds)').fill(seconds);
  }

  async addEnergyPoint(at: string, energy: string) {
    const n = (await this.page.getByTestId('energy-point').count()) + 1;
    await this.rules.getByRole('button', { name: 'Add energy point' }).click();
    await this.rules.getByLabel(`Point ${n} at (% of block)`).fill(at);
    await this.rules.getByLabel(`Point ${n} energy (%)`).fill(energy);
  }

  async save(): Promise<void> {
    await this.rules.getByRole('button', { name: 'Save rules' }).click();
    await this.rules.getByText('Unsaved changes').waitFor({ state: 'detached' });
  }

  /** Runs the preview (saving pending edits first) and waits for its items. */
  async preview(minutes: string, seed: string): Promise<void> {
    const form = this.page.getByRole('form', { name: 'Preview settings' });
    await form.getByLabel('Block length (minutes)').fill(minutes);
    await form.getByLabel('Seed').fill(seed);
    await form.getByRole('button', { name: 'Preview' }).click();
    await this.page
      .getByTestId('preview-summary')
      .filter({ hasText: `seed “${seed}”` })
      .waitFor();
  }

  previewItems() {
    return this.page.getByTestId('preview-item');
  }

  async reasons(): Promise<string[]> {
    return this.page.getByTestId('preview-reason').allInnerTexts();
  }

  async relaxations(): Promise<string> {
    return this.page.getByTestId('relaxations').innerText();
  }
}
