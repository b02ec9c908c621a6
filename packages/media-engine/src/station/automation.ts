import type { Logger } from 'pino';
import type {
  DeckStatus,
  EngineEventBody,
  EngineItem,
  FadeCurveName,
  TrackEvent,
} from '@grimnir/contracts';
import { FRAME_SAMPLES, msToSamples } from '../mixer/format.js';
import type { Deck } from '../sources/deck.js';
import type { DecoderDeps } from '../sources/file-decoder.js';
import { Announcements } from './announcements.js';
import { deckStatus, type Entry, ItemQueue } from './item-queue.js';
import { TimedStart } from './timed-start.js';
import type { Timeline } from './timeline.js';

export type { Entry };

export interface AutomationSettings {
  targetLufs: number;
  crossfadeMs: number;
  curve: FadeCurveName;
  nearEndMs: number;
}

interface AutomationDeps {
  decoder: DecoderDeps;
  logger: Logger;
  probe: (entry: Entry) => void;
  emit: (ev: EngineEventBody) => void;
  timeline: Timeline;
}

// Decoders for the next item start this long before they are needed.
const PRELOAD_MS = 3000;
const SKIP_FADE_MS = 250;
// A decoder that has produced nothing after this many frames is not waited for any longer.
const MAX_TRANSITION_WAIT_FRAMES = 25;

// The automation layer: current item, the decks fading out under it, the prepared next
// item, the queue and the station fallback. It keeps playing without a control plane: when the
// queue runs dry it cycles through the fallback items.
export class Automation {
  private readonly queue: ItemQueue;
  private current: Deck | undefined;
  private outgoing: Deck[] = [];
  private next: Deck | undefined;
  private readonly timed: TimedStart;
  private nearEndSent = false;
  private readonly announcements: Announcements;
  private pending:
    | { durationMs: number; curve: FadeCurveName; fitToEnd: boolean; waitedFrames: number }
    | undefined;
  // Absolute rendered sample of the frame being rendered (between frames: the next one).
  private cursor = 0;
  playing = false;
  underruns = 0;
  private finishedRestarts = 0;

  constructor(
    public settings: AutomationSettings,
    private readonly deps: AutomationDeps,
  ) {
    this.queue = new ItemQueue({
      decoder: deps.decoder,
      probe: deps.probe,
      settings: () => this.settings,
    });
    this.announcements = new Announcements(deps.emit, (deck, offset) => this.trackOf(deck, offset));
    this.timed = new TimedStart({
      timeline: deps.timeline,
      logger: deps.logger,
      now: deps.decoder.now,
    });
  }

  setFallback(items: EngineItem[]): void {
    this.queue.setFallback(items);
  }

  load(item: EngineItem, replace: boolean, hold = false): void {
    if (replace) this.queue.clear();
    if (hold) {
      // Kept for the timed transition, out of the queue's own flow (see TimedStart).
      this.timed.hold(this.queue.deckOf(this.queue.entryOf(item, 'automation')));
      if (replace && this.next?.source === 'automation') {
        this.next.close();
        this.next = undefined;
      }
      return;
    }
    this.queue.push(item);
    // A prepared fallback or stale next yields to what the control plane just asked for.
    if (this.next && (replace || this.next.source === 'fallback')) {
      this.next.close();
      this.next = undefined;
    }
    // A replaced queue's head plays next (a resume, the operator's queue): its decoder starts
    // now, so the transition costs no decoder start-up. Read-ahead stays capped.
    if (replace) {
      this.next = this.takeNext();
      this.next?.prepare();
    }
  }

  play(): void {
    this.playing = true;
  }

  stop(): void {
    this.playing = false;
    this.pending = undefined;
    this.timed.clear();
    if (this.current) {
      this.current.fadeOutNow(SKIP_FADE_MS, 'LINEAR');
      this.outgoing.push(this.current);
      this.end(this.current);
    }
    this.current = undefined;
  }

  skip(): void {
    this.transition(SKIP_FADE_MS, this.settings.curve);
  }

  // The outgoing item starts fading only once the incoming one has audio, so a decoder's
  // start-up time never opens a dip in the middle of the crossfade.
  transition(durationMs: number, curve: FadeCurveName, fitToEnd = false): void {
    this.timed.dropStale();
    this.next ??= this.takeNext();
    this.next?.prepare();
    if (!this.current || !this.next) {
      this.runTransition(durationMs, curve);
      return;
    }
    this.pending = { durationMs, curve, fitToEnd, waitedFrames: 0 };
  }

  // A transition whose first incoming sample (the held item, else the queue head) is heard at
  // unix `atUnixMs`: it happens on that exact sample, whether or not the decoder is ready (it
  // was pre-rolled on load; a late decoder is logged). A time already rendered or past starts
  // with the next frame. Until then automation goes on with the queue or the fallback; "now"
  // transitions do not cancel it, a later timed one replaces it, Stop drops it.
  transitionAt(durationMs: number, curve: FadeCurveName, atUnixMs: number): void {
    this.timed.schedule(durationMs, curve, atUnixMs, () => this.takeNext());
  }

  // `offset`: the incoming item's first sample lies this far into the frame at `cursor`.
  private runTransition(
    durationMs: number,
    curve: FadeCurveName,
    offset = 0,
    incoming = this.takeNext(),
  ): void {
    this.pending = undefined;
    if (this.current) {
      this.current.fadeOutNow(durationMs, curve, offset);
      this.outgoing.push(this.current);
      this.end(this.current, offset);
    }
    this.current = incoming;
    if (incoming) {
      incoming.startWithFadeIn(durationMs, curve);
      this.begin(incoming, offset);
    }
  }

  // Runs a timed start that falls inside the frame at `frameStart`; returns where in the frame
  // the incoming item starts.
  private startScheduled(frameStart: number): number | undefined {
    const due = this.timed.due(frameStart);
    if (!due) return undefined;
    this.runTransition(due.durationMs, due.curve, due.offset, due.deck);
    return due.offset;
  }

  private startPendingTransition(): void {
    const p = this.pending;
    if (!p) return;
    p.waitedFrames += 1;
    this.dropFailedNext();
    if (!(this.next?.ready ?? true) && p.waitedFrames < MAX_TRANSITION_WAIT_FRAMES) return;
    const rem = this.current?.remainingSamples;
    const remMs = rem === undefined ? p.durationMs : (rem * 1000) / 44_100;
    this.runTransition(
      p.fitToEnd ? Math.max(1, Math.min(p.durationMs, remMs)) : p.durationMs,
      p.curve,
    );
  }

  private takeNext(): Deck | undefined {
    this.dropFailedNext();
    if (this.next) {
      const d = this.next;
      this.next = undefined;
      return d;
    }
    return this.queue.takeDeck();
  }

  private begin(deck: Deck, offset = 0): void {
    deck.prepare();
    this.nearEndSent = false;
    this.announcements.began(deck, offset);
  }

  private end(deck: Deck, offset = 0): void {
    this.announcements.ended(deck, offset);
  }

  // `on_air_ms`: when the sample `offset` into the current frame is heard, not when the event
  // is emitted (that is the render-ahead earlier).
  private trackOf(deck: Deck, offset = 0): TrackEvent {
    return {
      item_id: deck.item.id,
      title: deck.item.title,
      source: deck.source,
      position_ms: Math.round(deck.positionMs),
      on_air_ms: Math.round(this.deps.timeline.unixOfSample(this.cursor + offset)),
    };
  }

  get currentTitle(): string | undefined {
    return this.current?.item.title;
  }

  // Mixes one frame of automation into `mix`; returns true on a new underrun. `frameStart` is
  // the frame's absolute rendered sample (the station's timeline).
  renderFrame(
    mix: Float32Array,
    scratch: Buffer,
    scratchF: Float32Array,
    frameStart: number,
  ): boolean {
    this.cursor = frameStart;
    if (!this.current && this.playing) {
      this.current = this.takeNext();
      if (this.current) this.begin(this.current);
    }
    this.schedule();
    this.startPendingTransition();
    const startOffset = this.startScheduled(frameStart) ?? 0;
    let underrun = false;
    for (const deck of [...this.outgoing]) {
      const r = deck.mixFrame(mix, scratch, scratchF);
      if (r.underrun) this.logUnderrun(deck);
      underrun ||= r.underrun;
      if (r.ended) this.retire(deck);
    }
    const cur = this.current;
    if (cur) {
      const r = cur.mixFrame(mix, scratch, scratchF, startOffset);
      this.announcements.mixed(cur, startOffset);
      if (r.underrun) this.logUnderrun(cur);
      underrun ||= r.underrun;
      if (r.ended) {
        this.end(cur);
        this.current = undefined;
        this.retire(cur);
      }
    }
    if (underrun) this.underruns += 1;
    this.cursor = frameStart + FRAME_SAMPLES;
    return underrun;
  }

  private logUnderrun(deck: Deck): void {
    this.deps.logger.warn(
      {
        item: deck.item.id,
        positionMs: Math.round(deck.positionMs),
        remaining: deck.remainingSamples,
        pid: deck.pid,
      },
      'decoder underrun',
    );
  }

  private retire(deck: Deck): void {
    this.outgoing = this.outgoing.filter((d) => d !== deck);
    this.finishedRestarts += deck.restarts;
    deck.close();
  }

  // Decides preloads, near-end notices and automatic crossfades from the current position.
  private schedule(): void {
    const cur = this.current;
    if (!cur || cur.fadingOut || !this.playing || this.pending) return;
    const rem = cur.remainingSamples;
    if (rem === undefined) return;
    const xf = msToSamples(this.settings.crossfadeMs);
    if (!this.next && rem <= xf + msToSamples(PRELOAD_MS)) {
      this.next = this.takeNext();
      this.next?.prepare();
    }
    if (!this.nearEndSent && rem <= msToSamples(this.settings.nearEndMs)) {
      this.nearEndSent = true;
      this.deps.emit({ event: 'track_near_end', track_near_end: this.trackOf(cur) });
    }
    if (xf > 0 && rem <= xf && this.next)
      this.transition(this.settings.crossfadeMs, this.settings.curve, true);
  }

  // A prepared item whose file cannot be decoded never goes on air (no track_started names it):
  // the item after it is prepared in its place. The control plane heard of it (decoder_failed).
  private dropFailedNext(): void {
    const failed = this.next;
    if (!failed?.failedBeforeAir) return;
    this.deps.logger.warn({ item: failed.item.id }, 'skipping an item that cannot be decoded');
    this.finishedRestarts += failed.restarts;
    failed.close();
    this.next = this.queue.takeDeck();
    this.next?.prepare();
  }

  supervise(): void {
    this.current?.supervise();
    this.next?.supervise();
    this.dropFailedNext();
    for (const d of this.timed.decks) d.supervise();
    for (const d of this.outgoing) d.supervise();
  }

  get decoderRestarts(): number {
    let n = this.finishedRestarts + (this.current?.restarts ?? 0) + (this.next?.restarts ?? 0);
    for (const d of this.outgoing) n += d.restarts;
    return n;
  }

  status(): { current: DeckStatus | undefined; queue: DeckStatus[] } {
    // The timed start first: it is the next item the control plane asked for.
    const decks = [...this.timed.decks, ...(this.next ? [this.next] : [])];
    const queue = [...decks.map(deckStatus), ...this.queue.status()];
    // A deck waiting for its first audio is not playing yet: it heads the queue.
    const cur = this.current;
    if (cur !== undefined && this.announcements.isWaiting(cur))
      return { current: undefined, queue: [deckStatus(cur), ...queue] };
    return { current: cur ? deckStatus(cur) : undefined, queue };
  }

  close(): void {
    this.current?.close();
    this.next?.close();
    this.timed.clear();
    for (const d of this.outgoing) d.close();
    this.current = undefined;
    this.next = undefined;
    this.outgoing = [];
  }
}
