import type { Page } from 'playwright-core';

type Marker = 'cueIn' | 'fadeInEnd' | 'introEnd' | 'outroStart' | 'fadeOutStart' | 'cueOut';

const LABEL: Record<Marker, string> = {
  cueIn: 'Cue-in',
  fadeInEnd: 'Fade-in end',
  introEnd: 'Intro end',
  outroStart: 'Outro start',
  fadeOutStart: 'Fade-out start',
  cueOut: 'Cue-out',
};

/** One media item's cue/fade editor (/stations/{id}/library/{mediaId}). */
export class CueEditorPage {
  constructor(readonly page: Page) {}

  /** Opens the editor and waits until the waveform and its cue markers are drawn. */
  static async open(page: Page, stationId: string, mediaId: string): Promise<CueEditorPage> {
    await page.goto(`/stations/${stationId}/library/${mediaId}`);
    const editor = new CueEditorPage(page);
    await editor.heading.waitFor();
    await editor.marker('cueIn').waitFor();
    return editor;
  }

  get heading() {
    return this.page.getByRole('heading', { name: 'Cue editor', level: 1 });
  }

  field(marker: Marker) {
    return this.page.getByRole('textbox', { name: LABEL[marker], exact: true });
  }

  /** The draggable marker on the waveform (inside wavesurfer's shadow root). */
  marker(marker: Marker) {
    return this.page.locator(`[data-marker="${marker}"]`);
  }

  value(marker: Marker): Promise<string> {
    return this.field(marker).inputValue();
  }

  /** Types a time (m:ss.mmm) into a cue field as a keyboard user would, then leaves it. */
  async setTime(marker: Marker, text: string): Promise<void> {
    await this.field(marker).fill(text);
    await this.field(marker).press('Tab');
  }

  /** Drags a marker by `dx` pixels with the mouse; resolves to the field's new text. */
  async dragMarker(marker: Marker, dx: number): Promise<string> {
    const box = await this.marker(marker).boundingBox();
    if (!box) throw new Error(`marker ${marker} is not visible`);
    const x = box.x + Math.min(6, box.width / 2);
    const y = box.y + 10;
    await this.page.mouse.move(x, y);
    await this.page.mouse.down();
    for (let i = 1; i <= 10; i++) await this.page.mouse.move(x + (dx * i) / 10, y);
    await this.page.mouse.up();
    return this.value(marker);
  }

  /** The marker's position as a fraction of the waveform's width (0 = start, 1 = end). */
  async markerFraction(marker: Marker): Promise<number> {
    const wave = await this.page.getByTestId('waveform').boundingBox();
    const box = await this.marker(marker).boundingBox();
    if (!wave || !box) throw new Error('waveform or marker not visible');
    return (box.x - wave.x) / wave.width;
  }

  /** "Saved" or "Unsaved changes" (as written; the badge shows it in capitals). */
  async unsavedBadge(): Promise<string> {
    return (await this.page.getByTestId('cue-dirty').textContent()) ?? '';
  }

  async save(): Promise<string> {
    await this.page.getByRole('button', { name: 'Save', exact: true }).click();
    const result = this.page.getByRole('status').filter({ hasText: /^Saved/ });
    await result.waitFor();
    return result.innerText();
  }

  async reset(): Promise<void> {
    await this.page.getByRole('button', { name: 'Reset', exact: true }).click();
  }

  /** A field's validation message, if any. */
  async issue(marker: Marker): Promise<string | null> {
    const id = await this.field(marker).getAttribute('aria-describedby');
    const err = id?.split(' ').find((x) => x.endsWith('-error'));
    return err ? this.page.locator(`[id="${err}"]`).innerText() : null;
  }

  saveEnabled(): Promise<boolean> {
    return this.page.getByRole('button', { name: 'Save', exact: true }).isEnabled();
  }

  /** Starts a preview from the cue-in; resolves once the audio plays (Stop becomes enabled). */
  async previewFromCueIn(): Promise<void> {
    await this.page.getByRole('button', { name: 'Play from cue-in' }).click();
    await this.page
      .getByRole('button', { name: 'Stop' })
      .and(this.page.locator(':enabled'))
      .waitFor();
  }

  async stop(): Promise<void> {
    await this.page.getByRole('button', { name: 'Stop' }).click();
  }
}
