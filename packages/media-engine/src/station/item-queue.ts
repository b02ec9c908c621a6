import type { DeckStatus, EngineItem, FadeCurveName } from '@grimnir/contracts';
import { SAMPLE_RATE } from '../mixer/format.js';
import { itemGainDb } from '../mixer/loudness-gain.js';
import { Deck, type DeckSource } from '../sources/deck.js';
import type { DecoderDeps } from '../sources/file-decoder.js';

export interface Entry {
  item: EngineItem;
  source: DeckSource;
  durationMs: number | undefined;
}

interface QueueDeps {
  decoder: DecoderDeps;
  probe: (entry: Entry) => void;
  settings: () => { targetLufs: number; curve: FadeCurveName };
}

// The items automation has not started yet: the control plane's queue, then the station
// fallback in rotation. Turns entries into decks (decoder, loudness gain) on demand.
export class ItemQueue {
  private queue: Entry[] = [];
  private fallback: Entry[] = [];
  private fallbackIndex = 0;

  constructor(private readonly deps: QueueDeps) {}

  setFallback(items: EngineItem[]): void {
    this.fallback = items.map((item) => this.entryOf(item, 'fallback'));
    this.fallbackIndex = 0;
  }

  entryOf(item: EngineItem, source: DeckSource): Entry {
    const entry: Entry = { item, source, durationMs: undefined };
    if (item.cue_out_ms === 0) this.deps.probe(entry);
    return entry;
  }

  clear(): void {
    this.queue = [];
  }

  push(item: EngineItem): void {
    this.queue.push(this.entryOf(item, 'automation'));
  }

  // The queue head, else the next fallback item, as a deck (not yet decoding).
  takeDeck(): Deck | undefined {
    const entry = this.queue.shift() ?? this.nextFallback();
    return entry ? this.deckOf(entry) : undefined;
  }

  deckOf(entry: Entry): Deck {
    const s = this.deps.settings();
    const gainDb = this.gainDb(entry);
    return new Deck(entry.item, entry.source, gainDb, s.curve, this.deps.decoder, () => {
      return entry.durationMs;
    });
  }

  private gainDb(e: Entry): number {
    return itemGainDb(
      { gainDb: e.item.gain_db, loudnessLufs: e.item.loudness_lufs },
      this.deps.settings().targetLufs,
    );
  }

  private nextFallback(): Entry | undefined {
    if (this.fallback.length === 0) return undefined;
    const entry = this.fallback[this.fallbackIndex % this.fallback.length];
    this.fallbackIndex += 1;
    return entry;
  }

  status(): DeckStatus[] {
    return this.queue.map((e) => ({
      item_id: e.item.id,
      title: e.item.title,
      position_ms: 0,
      duration_ms:
        e.item.cue_out_ms > 0 ? e.item.cue_out_ms - e.item.cue_in_ms : (e.durationMs ?? 0),
      gain_db: this.gainDb(e),
      decoder_pid: 0,
    }));
  }
}

export function deckStatus(d: Deck): DeckStatus {
  return {
    item_id: d.item.id,
    title: d.item.title,
    position_ms: Math.round(d.positionMs),
    duration_ms: Math.round(((d.lengthSamples ?? 0) * 1000) / SAMPLE_RATE),
    gain_db: d.gainDb,
    decoder_pid: d.pid,
  };
}
