import * as grpc from '@grpc/grpc-js';
import type { Logger } from 'pino';
import type {
  Ack,
  AnalyzeRequest,
  AnalyzeResponse,
  ConfigureStationRequest,
  EmergencyRequest,
  EngineEvent,
  EngineItem,
  LiveChunk,
  LoadRequest,
  OutputChunk,
  OutputRef,
  StationRef,
  StationStatus,
  TitleRequest,
  TransitionRequest,
  WaveformRequest,
  WaveformResponse,
} from '@grimnir/contracts';
import { analyzeFile, waveformPeaks } from './analysis/analyze.js';
import type { Engine } from './engine.js';
import type { Spawner } from './gstreamer/process.js';
import { loadMediaEngineService } from '@grimnir/engine-client';
import { itemProblem } from './sources/relay.js';
import type { Station } from './station/station.js';

// A subscriber more than this far behind is dropped rather than buffered without bound.
const MAX_SUBSCRIBER_BACKLOG = 1024 * 1024;

class CallError extends Error {
  constructor(
    readonly code: grpc.status,
    message: string,
  ) {
    super(message);
  }
}

function toServiceError(err: unknown): Partial<grpc.ServiceError> {
  if (err instanceof CallError) return { code: err.code, message: err.message };
  return {
    code: grpc.status.INTERNAL,
    message: err instanceof Error ? err.message : 'internal error',
  };
}

// Ends a server stream with an error status. `destroy(err)` would not: grpc-js sends the
// status from `_final`, which a destroyed stream never runs, so the client waited forever on
// an open stream that carried nothing (a subscriber that came before its station did).
function failStream(call: grpc.ServerWritableStream<unknown, unknown>, err: Error): void {
  call.emit('error', err);
}

/** The item, or INVALID_ARGUMENT saying why it cannot be played (no path, non-http URLs). */
function playable(item: EngineItem | undefined | null): EngineItem {
  const bad = itemProblem(item);
  if (bad !== undefined || !item) throw new CallError(grpc.status.INVALID_ARGUMENT, bad ?? '');
  return item;
}

function unary<Req, Res>(fn: (req: Req) => Res | Promise<Res>): grpc.handleUnaryCall<Req, Res> {
  return (call, callback) => {
    Promise.resolve()
      .then(() => fn(call.request))
      .then(
        (res) => callback(null, res),
        (err: unknown) => callback(toServiceError(err)),
      );
  };
}

const OK: Ack = { ok: true, message: '' };

interface GrpcDeps {
  engine: Engine;
  spawn: Spawner;
  logger: Logger;
}

function createGrpcHandlers(deps: GrpcDeps): grpc.UntypedServiceImplementation {
  const { engine } = deps;
  const station = (id: string): Station => {
    const s = engine.get(id);
    if (!s) throw new CallError(grpc.status.NOT_FOUND, `unknown station ${id}`);
    return s;
  };
  const act = (fn: (s: Station, req: StationRef) => void) =>
    unary<StationRef, Ack>((req) => {
      fn(station(req.station_id), req);
      return OK;
    });

  return {
    ConfigureStation: unary<ConfigureStationRequest, Ack>((req) => {
      if (!req.station_id)
        throw new CallError(grpc.status.INVALID_ARGUMENT, 'station_id is required');
      engine.configure({ ...req, fallback: req.fallback.map(playable) });
      return OK;
    }),
    RemoveStation: unary<StationRef, Ack>((req) => ({
      ok: engine.remove(req.station_id),
      message: '',
    })),
    Load: unary<LoadRequest, Ack>((req) => {
      station(req.station_id).automation.load(
        playable(req.item),
        req.replace_queue,
        req.hold === true,
      );
      return OK;
    }),
    Play: act((s) => s.automation.play()),
    Stop: act((s) => s.automation.stop()),
    Skip: act((s) => s.automation.skip()),
    Transition: unary<TransitionRequest, Ack>((req) => {
      station(req.station_id).transition(req.duration_ms, req.curve, req.at_unix_ms);
      return OK;
    }),
    InsertEmergency: unary<EmergencyRequest, Ack>(async (req) => {
      await station(req.station_id).insertEmergency(playable(req.item), req.loop);
      return OK;
    }),
    ReleaseEmergency: act((s) => s.releaseEmergency()),
    SetTitle: unary<TitleRequest, Ack>((req) => {
      station(req.station_id).setTitle(req.title);
      return OK;
    }),
    DetachLive: act((s) => s.detachLive()),
    AttachLive: attachLive(engine, deps.logger),
    Status: unary<StationRef, StationStatus>((req) => station(req.station_id).status()),
    StreamEvents: streamEvents(station),
    StreamOutput: streamOutput(station),
    Analyze: unary<AnalyzeRequest, AnalyzeResponse>((req) =>
      analyzeFile(deps.spawn, req.path, req.silence_threshold_db),
    ),
    Waveform: unary<WaveformRequest, WaveformResponse>((req) =>
      waveformPeaks(deps.spawn, req.path, req.points),
    ),
  };
}

function attachLive(
  engine: Engine,
  logger: Logger,
): grpc.handleClientStreamingCall<LiveChunk, Ack> {
  return (call, callback) => {
    let source: ReturnType<Station['attachLive']> | undefined;
    let station: Station | undefined;
    let answered = false;
    const answer = (err: Partial<grpc.ServiceError> | null): void => {
      if (answered) return;
      answered = true;
      callback(err, err ? undefined : OK);
    };
    call.on('data', (chunk: LiveChunk) => {
      if (!source) {
        station = engine.get(chunk.station_id);
        if (!station) {
          answer({ code: grpc.status.NOT_FOUND, message: `unknown station ${chunk.station_id}` });
          call.destroy();
          return;
        }
        source = station.attachLive(chunk.content_type);
      }
      if (chunk.data.length > 0 && !source.feed(chunk.data)) {
        // Back-pressure from the decoder's stdin to the gRPC flow control window.
        call.pause();
        source.onDrain(() => call.resume());
      }
    });
    call.on('end', () => {
      source?.endInput();
      answer(null);
    });
    call.on('error', (err) => {
      logger.debug({ err }, 'live input stream failed');
      station?.detachLive();
      answer(null);
    });
  };
}

function streamEvents(
  station: (id: string) => Station,
): grpc.handleServerStreamingCall<StationRef, EngineEvent> {
  return (call) => {
    let s: Station;
    try {
      s = station(call.request.station_id);
    } catch (err) {
      failStream(call, Object.assign(new Error((err as Error).message), toServiceError(err)));
      return;
    }
    const off = s.subscribe(
      (ev) => {
        if (call.writableLength > MAX_SUBSCRIBER_BACKLOG) return;
        call.write(ev);
      },
      () => call.end(),
    );
    call.on('cancelled', off);
    call.on('close', off);
    call.on('error', off);
  };
}

function streamOutput(
  station: (id: string) => Station,
): grpc.handleServerStreamingCall<OutputRef, OutputChunk> {
  return (call) => {
    let off: (() => void) | undefined;
    try {
      off = station(call.request.station_id).outputManager.subscribe(call.request.mount, {
        write: (data) => {
          if (call.writableLength > MAX_SUBSCRIBER_BACKLOG) {
            off?.();
            failStream(
              call,
              Object.assign(new Error('subscriber too slow'), {
                code: grpc.status.RESOURCE_EXHAUSTED,
              }),
            );
            return;
          }
          call.write({ data });
        },
        close: () => call.end(),
      });
    } catch (err) {
      failStream(call, Object.assign(new Error((err as Error).message), toServiceError(err)));
      return;
    }
    if (!off) {
      failStream(
        call,
        Object.assign(new Error(`unknown mount ${call.request.mount}`), {
          code: grpc.status.NOT_FOUND,
        }),
      );
      return;
    }
    const detach = off;
    call.on('cancelled', detach);
    call.on('close', detach);
    call.on('error', detach);
  };
}

export async function startGrpcServer(
  deps: GrpcDeps,
  addr: string,
): Promise<{ server: grpc.Server; port: number }> {
  const server = new grpc.Server({ 'grpc.max_receive_message_length': 16 * 1024 * 1024 });
  server.addService(loadMediaEngineService().service, createGrpcHandlers(deps));
  const port = await new Promise<number>((resolve, reject) => {
    server.bindAsync(addr, grpc.ServerCredentials.createInsecure(), (err, p) =>
      err ? reject(err) : resolve(p),
    );
  });
  return { server, port };
}
