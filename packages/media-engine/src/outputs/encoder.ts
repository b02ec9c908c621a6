import type { Logger } from 'pino';
import type { RelayState } from '@grimnir/contracts';
import type { ChildProc, Spawner } from '../gstreamer/process.js';
import { encodeCommand, type EncoderSpec } from '../gstreamer/pipelines.js';
import { Fanout } from './fanout.js';

// Two seconds of 16-bit stereo 44.1 kHz: an encoder further behind than this is wedged, and
// blocking the mixer for it would silence every other output (trap 4).
const MAX_STDIN_BACKLOG = 2 * 44_100 * 4;
const RESTART_DELAY_MS = 250;

export function encoderKey(spec: EncoderSpec): string {
  return `${spec.format}:${spec.bitrateKbps}:${spec.sampleRate}:${spec.channels}`;
}

// One GStreamer encoder per distinct format/bitrate/rate/channels of a station, shared by all
// mounts that need it; restarted when it dies.
export class Encoder {
  readonly fanout: Fanout;
  private proc: ChildProc | undefined;
  private closed = false;
  dropped = 0;
  restarts = 0;

  constructor(
    readonly spec: EncoderSpec,
    private readonly spawn: Spawner,
    private readonly logger: Logger,
    private readonly onState: (state: RelayState, detail: string) => void,
  ) {
    this.fanout = new Fanout(spec.format);
    this.start();
  }

  private start(): void {
    const cmd = encodeCommand(this.spec);
    const proc = this.spawn({
      command: cmd.command,
      args: cmd.args,
      env: cmd.env,
      role: 'encoder',
    });
    this.proc = proc;
    proc.stdout.on('data', (chunk: Buffer) => this.fanout.queue(chunk));
    void proc.exited.then((info) => {
      if (this.closed || this.proc !== proc) return;
      this.restarts += 1;
      this.logger.warn(
        { info, stderr: proc.stderrTail(), spec: this.spec },
        'encoder exited, restarting',
      );
      this.onState('error', `encoder exited (${info.code ?? info.signal ?? 'unknown'})`);
      this.fanout.reset();
      setTimeout(() => {
        if (!this.closed) this.start();
      }, RESTART_DELAY_MS).unref();
    });
  }

  get pid(): number {
    return this.proc?.pid ?? 0;
  }

  // `pcm` must be a buffer nobody writes to again: queued pipe writes keep a reference (trap 3).
  write(pcm: Buffer): void {
    const proc = this.proc;
    if (!proc || proc.hasExited()) return;
    if (proc.stdin.writableLength > MAX_STDIN_BACKLOG) {
      this.dropped += 1;
      return;
    }
    proc.stdin.write(pcm);
  }

  close(): void {
    this.closed = true;
    this.proc?.kill();
    this.fanout.closeAll();
  }
}
