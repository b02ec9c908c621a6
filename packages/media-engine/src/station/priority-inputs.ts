import type { EngineEventBody, EngineItem } from '@grimnir/contracts';
import { FRAME_BYTES } from '../mixer/format.js';
import { Deck, PRIME_GRACE_MS } from '../sources/deck.js';
import type { DecoderDeps } from '../sources/file-decoder.js';
import { LiveSource } from '../sources/live-source.js';

interface PriorityDeps {
  decoder: DecoderDeps;
  emit: (ev: EngineEventBody) => void;
  // Unix ms at which the next frame to be rendered is heard.
  nextOnAirMs: () => number;
}

// The inputs that outrank automation: an emergency item (tier 0) and a live or relay input
// (tiers 1–2). The station fades between them and automation; this class owns their sources.
// active() is the one owner of the live switch: the control plane's director only records it.
export class PriorityInputs {
  private live: LiveSource | undefined;
  private liveClosing: LiveSource | undefined;
  private emergency:
    | {
        deck: Deck;
        item: EngineItem;
        loop: boolean;
        since: number;
        onAir: boolean;
        /** Resolves the insert's call: once on air, or once replaced or released. */
        settled: () => void;
      }
    | undefined;

  constructor(private readonly deps: PriorityDeps) {}

  // The highest tier that currently has audio, or undefined for automation.
  active(): 'emergency' | 'live' | undefined {
    if (this.live?.ended) this.detachLive();
    if (this.emergencyOnAir()) return 'emergency';
    if (this.live?.ready) return 'live';
    return undefined;
  }

  // The item takes the air once its decoder has audio (or after the deck's grace period):
  // fading automation out for a decoder still starting would put silence on air first. The
  // returned promise settles when it is on air, so the call that inserted it returns with the
  // station's status already saying emergency (state from what is heard, not from intentions).
  insertEmergency(item: EngineItem, loop: boolean): Promise<void> {
    const previous = this.emergency;
    previous?.deck.close();
    previous?.settled();
    return new Promise<void>((resolve) => {
      this.emergency = {
        deck: this.emergencyDeck(item),
        item,
        loop,
        since: this.deps.decoder.now(),
        // An emergency replacing one on air keeps the air: no automation in between.
        onAir: false,
        settled: resolve,
      };
      if (previous?.onAir) this.emergencyOnAir(true);
    });
  }

  // Called for every frame rendered: the first one that finds the emergency ready puts it on air.
  private emergencyOnAir(force = false): boolean {
    const e = this.emergency;
    if (!e) return false;
    if (e.onAir) return true;
    if (!force && !e.deck.ready && this.deps.decoder.now() - e.since < PRIME_GRACE_MS) return false;
    e.onAir = true;
    e.settled();
    this.deps.emit({
      event: 'track_started',
      track_started: {
        item_id: e.item.id,
        title: e.item.title,
        source: 'emergency',
        position_ms: 0,
        on_air_ms: this.deps.nextOnAirMs(),
      },
    });
    return true;
  }

  private emergencyDeck(item: EngineItem): Deck {
    const deck = new Deck(
      item,
      'emergency',
      item.gain_db ?? 0,
      'LINEAR',
      this.deps.decoder,
      () => undefined,
    );
    deck.prepare();
    return deck;
  }

  releaseEmergency(): void {
    const e = this.emergency;
    if (!e) return;
    this.emergency = undefined;
    e.settled();
    // Released before its decoder had audio: never heard, nothing to report.
    if (!e.onAir) {
      e.deck.close();
      return;
    }
    this.deps.emit({
      event: 'track_ended',
      track_ended: {
        item_id: e.item.id,
        title: e.item.title,
        source: 'emergency',
        position_ms: Math.round(e.deck.positionMs),
        on_air_ms: this.deps.nextOnAirMs(),
      },
    });
    e.deck.close();
  }

  attachLive(contentType: string): LiveSource {
    this.detachLive();
    const d = this.deps.decoder;
    this.live = new LiveSource(contentType, d.spawn, d.bufferBytes, d.now);
    return this.live;
  }

  // The detached input keeps sounding until the station has faded it out (liveFadedOut).
  detachLive(): void {
    if (!this.live) return;
    this.liveClosing?.close();
    this.liveClosing = this.live;
    this.live = undefined;
  }

  liveFadedOut(): void {
    this.liveClosing?.close();
    this.liveClosing = undefined;
  }

  renderLive(out: Float32Array, scratch: Buffer, scratchF: Float32Array): void {
    const src = this.live ?? this.liveClosing;
    if (!src) return;
    const got = src.read(scratch, 0, FRAME_BYTES);
    for (let i = 0; i < got / 4; i++) out[i] = scratchF[i] ?? 0;
  }

  renderEmergency(out: Float32Array, scratch: Buffer, scratchF: Float32Array): void {
    const e = this.emergency;
    if (!e) return;
    const r = e.deck.mixFrame(out, scratch, scratchF);
    if (!r.ended) return;
    if (e.loop) {
      e.deck.close();
      e.deck = this.emergencyDeck(e.item);
    } else {
      this.releaseEmergency();
    }
  }

  supervise(): void {
    this.emergency?.deck.supervise();
  }

  close(): void {
    this.emergency?.deck.close();
    this.live?.close();
    this.liveClosing?.close();
  }
}
