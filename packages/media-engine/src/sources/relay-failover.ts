// Which URL a relay decoder plays, and when it gives up. Every URL gets a turn in order; one
// that failed before delivering HEALTHY_MS of audio counts against the relay, one that played
// longer and then dropped does not (a remote stream that runs for minutes and then hiccups is
// reconnected, wrapping around the list). After every URL failed in a row the relay is given up
// and the deck ends, so automation plays the next item or the station fallback.

const HEALTHY_MS = 10_000;
// Before the first byte a source may still be connecting and typefinding; afterwards a source
// that stops delivering for this long is treated as dead (souphttpsrc's own timeout is 5 s).
const CONNECT_STALL_MS = 4000;
const PLAYING_STALL_MS = 2000;

export class RelayFailover {
  private index = 0;
  private failuresInARow = 0;

  constructor(
    private readonly urls: readonly string[],
    private readonly healthyMs = HEALTHY_MS,
  ) {
    if (urls.length === 0) throw new Error('a relay needs at least one URL');
  }

  get url(): string {
    return this.urls[this.index] as string;
  }

  /** The current source failed after `deliveredMs` of audio; false when the relay gives up. */
  next(deliveredMs: number): boolean {
    this.failuresInARow = deliveredMs >= this.healthyMs ? 0 : this.failuresInARow + 1;
    if (this.failuresInARow >= this.urls.length) return false;
    this.index = (this.index + 1) % this.urls.length;
    return true;
  }

  stallMs(receiving: boolean): number {
    return receiving ? PLAYING_STALL_MS : CONNECT_STALL_MS;
  }
}
