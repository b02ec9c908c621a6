import type { FrameLocator, Page } from 'playwright-core';

/** A station's public page (or one of its widgets), as a listener meets it. */
export class PublicStationPage {
  constructor(readonly root: Page | FrameLocator) {}

  static async open(page: Page, slug: string, widget = ''): Promise<PublicStationPage> {
    await page.goto(`/public/${slug}${widget}`);
    const p = new PublicStationPage(page);
    await p.title.waitFor();
    return p;
  }

  get title() {
    return this.root.getByTestId('now-title');
  }

  nowTitle(): Promise<string> {
    return this.title.innerText();
  }

  get playButton() {
    return this.root.getByRole('button', { name: /^Play / });
  }

  async play(): Promise<void> {
    await this.playButton.click();
    await this.root.getByRole('button', { name: /^Stop / }).waitFor();
  }

  history(): Promise<string[]> {
    return this.root.getByTestId('history').getByRole('listitem').allInnerTexts();
  }

  /** The week ahead, one line per programme: "time range title". */
  async schedule(): Promise<string[]> {
    const items = this.root.getByTestId('schedule-item');
    await items.first().waitFor();
    return items.allInnerTexts();
  }
}
