import type { Logger } from 'pino';
import type { OutboundFence } from '@grimnir/engine-client';
import type { EngineOutput, OutputStatus, RelayState } from '@grimnir/contracts';
import type { Spawner } from '../gstreamer/process.js';
import { contentTypeOf, type EncoderSpec } from '../gstreamer/pipelines.js';
import { Encoder, encoderKey } from './encoder.js';
import type { Sink } from './fanout.js';
import { IcecastSource } from './icecast-source.js';
import { createRecorder } from './recorder.js';

interface Mount {
  output: EngineOutput;
  encoder: Encoder;
  icecast: IcecastSource | undefined;
  recorder: Sink | undefined;
  subscribers: number;
}

function specOf(o: EngineOutput): EncoderSpec {
  return {
    format: o.format,
    bitrateKbps: o.bitrate_kbps || 128,
    sampleRate: o.sample_rate || 44_100,
    channels: o.channels || 2,
  };
}

// A station's outputs: one encoder per distinct spec, any number of mounts on each.
export class OutputManager {
  private encoders = new Map<string, Encoder>();
  private mounts = new Map<string, Mount>();

  constructor(
    outputs: EngineOutput[],
    private readonly spawn: Spawner,
    private readonly outbound: OutboundFence,
    private readonly logger: Logger,
    private readonly onState: (mount: string, state: RelayState, detail: string) => void,
  ) {
    for (const o of outputs) this.addMount(o);
  }

  private addMount(output: EngineOutput): void {
    const spec = specOf(output);
    const key = encoderKey(spec);
    let encoder = this.encoders.get(key);
    if (!encoder) {
      encoder = new Encoder(spec, this.spawn, this.logger, (state, detail) =>
        this.onState(output.mount, state, detail),
      );
      this.encoders.set(key, encoder);
    }
    const enc = encoder;
    const icecast = output.icecast
      ? new IcecastSource(
          output.icecast,
          contentTypeOf(output.format),
          (sink) => enc.fanout.add(sink),
          this.outbound,
          this.logger.child({ mount: output.mount }),
          (state, detail) => this.onState(output.mount, state, detail),
        )
      : undefined;
    let recorder: Sink | undefined;
    if (output.record_path) {
      recorder = createRecorder(output.record_path, this.logger);
      enc.fanout.add(recorder);
    }
    this.mounts.set(output.mount, { output, encoder: enc, icecast, recorder, subscribers: 0 });
  }

  // The batch is freshly allocated per tick and never written again, so every encoder may
  // queue the same buffer (trap 3). `switching`: encoded bytes go out at once (Fanout.immediate).
  write(batch: Buffer, switching: boolean): void {
    for (const e of this.encoders.values()) {
      e.fanout.immediate = switching;
      e.fanout.flush();
      e.write(batch);
    }
  }

  subscribe(mount: string, sink: Sink): (() => void) | undefined {
    const m = this.mounts.get(mount);
    if (!m) return undefined;
    m.subscribers += 1;
    const detach = m.encoder.fanout.add(sink);
    let attached = true;
    return () => {
      if (!attached) return;
      attached = false;
      m.subscribers -= 1;
      detach();
    };
  }

  updateTitle(title: string): void {
    for (const m of this.mounts.values()) {
      if (m.icecast && (m.output.format === 'MP3' || m.output.format === 'AAC'))
        m.icecast.updateTitle(title);
    }
  }

  get encoderCount(): number {
    return this.encoders.size;
  }

  encoderPids(): number[] {
    return [...this.encoders.values()].map((e) => e.pid);
  }

  droppedWrites(): number {
    let n = 0;
    for (const e of this.encoders.values()) n += e.dropped;
    return n;
  }

  status(): OutputStatus[] {
    return [...this.mounts.values()].map((m) => ({
      mount: m.output.mount,
      state: m.icecast ? m.icecast.state : 'encoding',
      bytes_sent: m.icecast ? m.icecast.bytesSent : m.encoder.fanout.bytes,
      subscribers: m.subscribers,
    }));
  }

  close(): void {
    for (const m of this.mounts.values()) {
      m.icecast?.close();
      m.recorder?.close();
    }
    for (const e of this.encoders.values()) e.close();
    this.mounts.clear();
    this.encoders.clear();
  }
}
