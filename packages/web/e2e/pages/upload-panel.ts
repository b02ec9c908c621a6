import { readFile } from 'node:fs/promises';
import { basename } from 'node:path';
import type { Locator, Page } from 'playwright-core';

interface UploadRowState {
  name: string;
  state: string;
}

const MIME: Record<string, string> = { mp3: 'audio/mpeg', ogg: 'audio/ogg', wav: 'audio/wav' };

/** The "Upload" region of a station's Library page. */
export class UploadPanel {
  constructor(readonly page: Page) {}

  /** Opens the Library of a station and waits for its upload region. */
  static async open(page: Page, stationId: string): Promise<UploadPanel> {
    await page.goto(`/stations/${stationId}/library`);
    const panel = new UploadPanel(page);
    await panel.region.waitFor();
    return panel;
  }

  get region(): Locator {
    return this.page.getByRole('region', { name: 'Upload', exact: true });
  }

  row(name: string): Locator {
    return this.region.getByTestId('upload-row').filter({ hasText: name });
  }

  /** Drops files on the drop area the way a browser does: a drop event with a DataTransfer. */
  async drop(paths: string[]): Promise<void> {
    const files = await Promise.all(
      paths.map(async (p) => ({
        name: basename(p),
        type: MIME[p.split('.').pop() ?? ''] ?? 'application/octet-stream',
        data: (await readFile(p)).toString('base64'),
      })),
    );
    // A string expression: it runs in the page, where DataTransfer and File exist.
    const dataTransfer = await this.page.evaluateHandle(`(() => {
      const dt = new DataTransfer();
      for (const f of ${JSON.stringify(files)}) {
        const bytes = Uint8Array.from(atob(f.data), (c) => c.charCodeAt(0));
        dt.items.add(new File([bytes], f.name, { type: f.type }));
      }
      return dt;
    })()`);
    const zone = this.region.getByTestId('upload-dropzone');
    await zone.dispatchEvent('dragenter', { dataTransfer });
    await zone.dispatchEvent('dragover', { dataTransfer });
    await zone.dispatchEvent('drop', { dataTransfer });
  }

  /** The "Choose files" button and the browser's file chooser. */
  async choose(paths: string[]): Promise<void> {
    const chooser = this.page.waitForEvent('filechooser');
    await this.region.getByRole('button', { name: 'Choose files' }).click();
    await (await chooser).setFiles(paths);
  }

  async rows(): Promise<UploadRowState[]> {
    const rows = this.region.getByTestId('upload-row');
    const out: UploadRowState[] = [];
    for (let i = 0; i < (await rows.count()); i++) {
      const row = rows.nth(i);
      out.push({
        name: (await row.getAttribute('aria-label'))?.split(': ')[0] ?? '',
        state: (await row.getByTestId('upload-state').textContent()) ?? '',
      });
    }
    return out;
  }

  /** The state badge of one file ("Uploading 40%", "Analysing", "Analysed", "Failed"). */
  state(name: string): Promise<string> {
    return this.row(name)
      .getByTestId('upload-state')
      .textContent()
      .then((t) => t ?? '');
  }

  /** The message (and request id) shown under a failed file. */
  failure(name: string): Promise<string> {
    return this.row(name).getByRole('alert').innerText();
  }

  summary(): Promise<string> {
    return this.region.getByTestId('upload-summary').innerText();
  }
}
