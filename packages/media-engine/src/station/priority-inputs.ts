import type { EngineEventBody, EngineItem } from '@grimnir/contracts';
import { FRAME_BYTES } from '../mixer/format.js';
import { Deck } from '../sources/deck.js';
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
  private emergency: { deck: Deck; item: EngineItem; loop: boolean } | undefined;

  constructor(private readonly deps: PriorityDeps) {}

  // The highest tier that currently has audio, or undefined for automation.
  active(): 'emergency' | 'live' | undefined {
    if (this.live?.ended) this.detachLive();
    if (this.emergency) return 'emergency';
    if (this.live?.ready) return 'live';
    return undefined;
  }

  insertEmergency(item: EngineItem, loop: boolean): void {
    this.emergency?.deck.close();
    this.emergency = { deck: this.emergencyDeck(item), item, loop };
    this.deps.emit({
      event: 'track_started',
      track_started: {
        item_id: item.id,
        title: item.title,
        source: 'emergency',
        position_ms: 0,
        on_air_ms: this.deps.nextOnAirMs(),
      },
    });
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
    this.emergency = undefined;
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
