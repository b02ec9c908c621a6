import * as grpc from '@grpc/grpc-js';
import type {
  Ack,
  AnalyzeResponse,
  ConfigureStationRequest,
  EmergencyRequest,
  EngineEvent,
  EngineItem,
  FadeCurveName,
  StationStatus,
  WaveformResponse,
} from '@grimnir/contracts';
import { loadMediaEngineService } from './proto.js';

// Typed client for the media engine (packages/contracts/proto/mediaengine.proto). Unary calls
// carry a deadline and wait for the channel while the engine restarts; subscriptions
// (events, encoded output) resubscribe with backoff until closed.

interface EngineClientOptions {
  // host:port, e.g. localhost:9091.
  address: string;
  deadlineMs?: number;
  // Analysis decodes whole files; it gets its own, longer deadline.
  analysisDeadlineMs?: number;
  // Handed the gRPC channel once, so the process can log (re)connections (ops/engine-connection-log.ts).
  onChannel?: (channel: grpc.Channel) => void;
}

export interface Subscription {
  close(): void;
}

export interface EngineClient {
  configureStation(req: ConfigureStationRequest): Promise<Ack>;
  removeStation(stationId: string): Promise<Ack>;
  /** `hold`: kept for the next timed transition instead of queued (see the proto). */
  load(stationId: string, item: EngineItem, replaceQueue?: boolean, hold?: boolean): Promise<Ack>;
  play(stationId: string): Promise<Ack>;
  stop(stationId: string): Promise<Ack>;
  skip(stationId: string): Promise<Ack>;
  /** `atUnixMs`: when the incoming item's first sample is heard; 0 (default) = now. */
  transition(
    stationId: string,
    durationMs: number,
    curve: FadeCurveName,
    atUnixMs?: number,
  ): Promise<Ack>;
  insertEmergency(req: EmergencyRequest): Promise<Ack>;
  releaseEmergency(stationId: string): Promise<Ack>;
  attachLive(stationId: string, contentType: string, data: AsyncIterable<Uint8Array>): Promise<Ack>;
  detachLive(stationId: string): Promise<Ack>;
  setTitle(stationId: string, title: string): Promise<Ack>;
  /** `timeoutMs`: shorter than the default deadline when the caller polls for liveness. */
  status(stationId: string, timeoutMs?: number): Promise<StationStatus>;
  analyze(path: string, silenceThresholdDb?: number): Promise<AnalyzeResponse>;
  waveform(path: string, points: number): Promise<WaveformResponse>;
  /** `onError`: the stream broke (engine restarted or forgot the station); it is reopened. */
  subscribeEvents(
    stationId: string,
    onEvent: (ev: EngineEvent) => void,
    onError?: () => void,
  ): Subscription;
  subscribeOutput(stationId: string, mount: string, onData: (chunk: Buffer) => void): Subscription;
  waitForReady(timeoutMs: number): Promise<void>;
  close(): void;
}

type RawClient = grpc.Client & Record<string, (...args: unknown[]) => unknown>;

// The engine runs beside the control plane: after its restart (under a second) the channel and
// its streams are back within a tenth of a second more, not after an exponential wait: every
// step of the way back (the director's status call, then the events and the listeners' output
// streams, which the engine refuses until the director has configured the station) waits on it,
// and listeners hear the sum. The soak bench heard 0.1–2.2 s of dead air per engine kill with
// 500 ms here. A refused connection or a refused stream on a down engine costs little.
const MAX_BACKOFF_MS = 100;

export function createEngineClient(options: EngineClientOptions): EngineClient {
  const Service = loadMediaEngineService();
  const raw = new Service(options.address, grpc.credentials.createInsecure(), {
    'grpc.max_receive_message_length': 16 * 1024 * 1024,
    'grpc.initial_reconnect_backoff_ms': 100,
    'grpc.max_reconnect_backoff_ms': MAX_BACKOFF_MS,
  }) as unknown as RawClient;
  options.onChannel?.(raw.getChannel() as grpc.Channel);
  const deadlineMs = options.deadlineMs ?? 5000;

  function once<Res>(method: string, req: object, deadline: number): Promise<Res> {
    return new Promise((resolve, reject) => {
      const fn = raw[method];
      if (!fn) return reject(new Error(`unknown engine method ${method}`));
      fn.call(
        raw,
        req,
        new grpc.Metadata(),
        { deadline },
        (err: grpc.ServiceError | null, res: Res) => (err ? reject(err) : resolve(res)),
      );
    });
  }

  const ready = (deadline: number): Promise<void> =>
    new Promise((resolve, reject) =>
      raw.waitForReady(deadline, (err) => (err ? reject(err) : resolve())),
    );

  // grpc-js fails a call at once while the channel is down; an engine restart takes a moment,
  // so UNAVAILABLE (the request never reached a server) is retried once the channel is ready,
  // within the same deadline.
  async function call<Res>(method: string, req: object, timeoutMs = deadlineMs): Promise<Res> {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      try {
        return await once<Res>(method, req, deadline);
      } catch (err) {
        const unavailable = (err as Partial<grpc.ServiceError>).code === grpc.status.UNAVAILABLE;
        if (!unavailable || Date.now() >= deadline) throw err;
        await ready(deadline).catch(() => undefined);
        await new Promise((r) => setTimeout(r, 50));
      }
    }
  }

  const subscriptions = new Set<Subscription>();

  function resubscribing<T>(
    method: string,
    req: object,
    onMessage: (msg: T) => void,
    onError?: () => void,
  ): Subscription {
    let closed = false;
    let backoff = 100;
    let stream: grpc.ClientReadableStream<T> | undefined;
    let timer: NodeJS.Timeout | undefined;
    const open = (): void => {
      if (closed) return;
      const fn = raw[method];
      if (!fn) return;
      let s: grpc.ClientReadableStream<T>;
      try {
        s = fn.call(raw, req) as grpc.ClientReadableStream<T>;
      } catch {
        // The channel was closed under us: the subscription ends with it.
        closed = true;
        return;
      }
      stream = s;
      s.on('data', (msg: T) => {
        backoff = 100;
        onMessage(msg);
      });
      const retry = (): void => {
        if (closed || stream !== s) return;
        stream = undefined;
        timer = setTimeout(open, backoff);
        backoff = Math.min(MAX_BACKOFF_MS, backoff * 2);
      };
      s.on('error', () => {
        if (!closed) onError?.();
        retry();
      });
      s.on('end', retry);
    };
    open();
    const subscription: Subscription = {
      close: () => {
        closed = true;
        subscriptions.delete(subscription);
        if (timer) clearTimeout(timer);
        stream?.cancel();
      },
    };
    subscriptions.add(subscription);
    return subscription;
  }

  const ref = (stationId: string): { station_id: string } => ({ station_id: stationId });

  return {
    configureStation: (req) => call('ConfigureStation', req),
    removeStation: (id) => call('RemoveStation', ref(id)),
    load: (id, item, replaceQueue = false, hold = false) =>
      call('Load', { station_id: id, item, replace_queue: replaceQueue, hold }),
    play: (id) => call('Play', ref(id)),
    stop: (id) => call('Stop', ref(id)),
    skip: (id) => call('Skip', ref(id)),
    transition: (id, durationMs, curve, atUnixMs = 0) =>
      call('Transition', { station_id: id, duration_ms: durationMs, curve, at_unix_ms: atUnixMs }),
    insertEmergency: (req) => call('InsertEmergency', req),
    releaseEmergency: (id) => call('ReleaseEmergency', ref(id)),
    detachLive: (id) => call('DetachLive', ref(id)),
    setTitle: (id, title) => call('SetTitle', { station_id: id, title }),
    status: (id, timeoutMs) => call('Status', ref(id), timeoutMs),
    analyze: (path, threshold = -50) =>
      call(
        'Analyze',
        { path, silence_threshold_db: threshold },
        options.analysisDeadlineMs ?? 120_000,
      ),
    waveform: (path, points) =>
      call('Waveform', { path, points }, options.analysisDeadlineMs ?? 120_000),
    attachLive: (stationId, contentType, data) =>
      new Promise<Ack>((resolve, reject) => {
        const fn = raw.AttachLive;
        if (!fn) return reject(new Error('unknown engine method AttachLive'));
        const stream = fn.call(raw, (err: grpc.ServiceError | null, res: Ack) =>
          err ? reject(err) : resolve(res),
        ) as grpc.ClientWritableStream<object>;
        void (async () => {
          stream.write({ station_id: stationId, content_type: contentType, data: Buffer.alloc(0) });
          for await (const chunk of data) {
            if (!stream.write({ data: chunk })) await new Promise((r) => stream.once('drain', r));
          }
          stream.end();
        })().catch((err: unknown) => {
          stream.cancel();
          reject(err instanceof Error ? err : new Error(String(err)));
        });
      }),
    subscribeEvents: (id, onEvent, onError) =>
      resubscribing<EngineEvent>('StreamEvents', ref(id), onEvent, onError),
    subscribeOutput: (id, mount, onData) =>
      resubscribing<{ data: Buffer }>('StreamOutput', { station_id: id, mount }, (m) =>
        onData(m.data),
      ),
    waitForReady: (timeoutMs) => ready(Date.now() + timeoutMs),
    close: () => {
      for (const s of [...subscriptions]) s.close();
      raw.close();
    },
  };
}

/** The engine answered NOT_FOUND: it does not know the station (restarted, or never told). */
export function isUnknownStation(err: unknown): boolean {
  return (err as { code?: unknown } | null)?.code === grpc.status.NOT_FOUND;
}
