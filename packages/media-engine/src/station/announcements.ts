import type { EngineEventBody, TrackEvent } from '@grimnir/contracts';
import type { Deck } from '../sources/deck.js';

/**
 * When automation says an item started and ended (track_started / track_ended), which is what
 * the control plane's now-playing and play history follow. A deck with audio ready is
 * announced as it goes on air (a pre-rolled item: on its exact sample); a file whose decoder is
 * still starting is announced with its first audio, so a file that turns out not to decode is
 * never named as playing (the control plane hears of it by decoder_failed). A relay is the
 * programme of its slot: named from its start, while its sources connect.
 */
export class Announcements {
  // The current deck while it waits for its first audio, and the decks announced as started.
  private waiting: Deck | undefined;
  private readonly announced = new WeakSet<Deck>();

  constructor(
    private readonly emit: (ev: EngineEventBody) => void,
    // The event body of a deck whose sample `offset` into the current frame is heard.
    private readonly trackOf: (deck: Deck, offset: number) => TrackEvent,
  ) {}

  began(deck: Deck, offset: number): void {
    const relay = (deck.item.urls?.length ?? 0) > 0;
    if (relay || (deck.ready && !deck.failedBeforeAir)) this.started(deck, offset);
    else this.waiting = deck;
  }

  /** After the deck mixed a frame: its first audio, if any, went in at `offset`. */
  mixed(deck: Deck, offset: number): void {
    if (this.waiting !== deck || deck.positionSamples === 0) return;
    this.waiting = undefined;
    this.started(deck, offset, 0);
  }

  /** Only an announced item ends: one that never sounded leaves no trace in play history. */
  ended(deck: Deck, offset: number): void {
    if (this.waiting === deck) this.waiting = undefined;
    if (!this.announced.delete(deck)) return;
    this.emit({ event: 'track_ended', track_ended: this.trackOf(deck, offset) });
  }

  /** Waiting for its first audio: not playing yet (the status shows it at the queue's head). */
  isWaiting(deck: Deck): boolean {
    return this.waiting === deck;
  }

  private started(deck: Deck, offset: number, positionMs?: number): void {
    this.announced.add(deck);
    const track = this.trackOf(deck, offset);
    this.emit({
      event: 'track_started',
      track_started: positionMs === undefined ? track : { ...track, position_ms: positionMs },
    });
  }
}
