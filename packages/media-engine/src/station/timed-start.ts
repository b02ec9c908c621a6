import type { FadeCurveName } from '@grimnir/contracts';
import type { Logger } from 'pino';
import type { Deck } from '../sources/deck.js';
import { offsetInFrame, type Timeline } from './timeline.js';

interface DueStart {
  offset: number;
  durationMs: number;
  curve: FadeCurveName;
  deck: Deck | undefined;
}

// Automation's timed start: the item held for it (loaded with `hold`), then the transition
// placed on the sample heard at a given time, with its deck taken out of the queue so nothing
// else (an item ending early, a skip, a queue replace, an idle station) starts it before then.
export class TimedStart {
  private held: Deck | undefined;
  private scheduled:
    | { atMono: number; durationMs: number; curve: FadeCurveName; deck: Deck | undefined }
    | undefined;

  constructor(private readonly deps: { timeline: Timeline; logger: Logger; now: () => number }) {}

  // Decoding starts now so the start costs no decoder start-up; read-ahead stays capped.
  hold(deck: Deck): void {
    this.held?.close();
    this.held = deck;
    deck.prepare();
  }

  // The held deck (else `fallbackDeck()`, the queue head) starts at unix `atUnixMs`. A later
  // call replaces an earlier one.
  schedule(
    durationMs: number,
    curve: FadeCurveName,
    atUnixMs: number,
    fallbackDeck: () => Deck | undefined,
  ): void {
    this.scheduled?.deck?.close();
    const deck = this.held ?? fallbackDeck();
    this.held = undefined;
    deck?.prepare();
    const atMono = this.deps.timeline.monoOfUnix(atUnixMs);
    this.scheduled = { atMono, durationMs, curve, deck };
  }

  // A start whose time went by unheard (automation stood still under an emergency) is stale
  // once the control plane says what plays now.
  dropStale(): void {
    const s = this.scheduled;
    if (s && s.atMono <= this.deps.now()) {
      s.deck?.close();
      this.scheduled = undefined;
    }
  }

  // The start, if it falls in the frame at `frameStart` (or is overdue): taken, with its offset.
  due(frameStart: number): DueStart | undefined {
    const s = this.scheduled;
    if (!s) return undefined;
    const offset = offsetInFrame(this.deps.timeline.sampleAtMono(s.atMono), frameStart);
    if (offset === undefined) return undefined;
    this.scheduled = undefined;
    if (s.deck && !s.deck.ready)
      this.deps.logger.warn({ item: s.deck.item.id }, 'timed start: decoder not primed yet');
    return { offset, durationMs: s.durationMs, curve: s.curve, deck: s.deck };
  }

  // Scheduled first: it is the next item the control plane asked for.
  get decks(): Deck[] {
    return [this.scheduled?.deck, this.held].filter((d): d is Deck => d !== undefined);
  }

  clear(): void {
    for (const d of this.decks) d.close();
    this.scheduled = undefined;
    this.held = undefined;
  }
}
