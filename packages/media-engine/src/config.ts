import { z } from 'zod';
// The subpath, not the package: the engine needs no other schema at run time, and loading all
// of them cost ~3 MB of heap and ~6 MB of RSS (issue 17).
import { OutboundAllowListSchema, type OutboundAllowEntry } from '@grimnir/contracts/outbound';

// The only place the engine reads process.env: parsed once, all problems reported together.
const schema = z.object({
  GRIMNIR_MEDIA_ENGINE_GRPC_ADDR: z.string().min(1).default('0.0.0.0:9091'),
  // Decoder read-ahead per source, in KB of Float32 stereo PCM (344 KB ≈ 1 s).
  GRIMNIR_MEDIA_ENGINE_BUFFER_SIZE: z.coerce.number().int().min(64).max(65_536).default(1024),
  // Audio kept queued ahead of real time towards encoders; must exceed the worst timer lag.
  // The mixer timer runs at two fifths of it (20..200 ms): fewer, larger pipe writes cost the
  // encoders far less CPU than one write per 20 ms frame, and each tick is a wakeup of the
  // engine and of every encoder (issue 17: a 200 ms tick at 500 ms still leaves 300 ms for
  // timer lag; the worst seen at 20 stations was 147 ms). Source switches tick every frame.
  GRIMNIR_MEDIA_ENGINE_LATENCY: z.coerce.number().int().min(40).max(5000).default(500),
  // Decoders started ahead and kept waiting, so an emergency skips GStreamer's start-up
  // (~4.5 MB PSS and no CPU each while idle; 0 turns them off).
  GRIMNIR_MEDIA_ENGINE_WARM_DECODERS: z.coerce.number().int().min(0).max(2).default(1),
  GRIMNIR_MEDIA_ENGINE_METRICS_PORT: z.coerce.number().int().min(0).max(65_535).default(9092),
  // Internal addresses relays and Icecast targets may reach (the control plane's
  // GRIMNIR_OUTBOUND_ALLOW, handed over under the engine's own name; contracts outbound.ts).
  GRIMNIR_MEDIA_ENGINE_OUTBOUND_ALLOW: OutboundAllowListSchema,
  GRIMNIR_LOG_LEVEL: z
    .enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'])
    .default('info'),
});

interface EngineConfig {
  grpcAddr: string;
  bufferBytes: number;
  latencyMs: number;
  tickMs: number;
  warmDecoders: number;
  metricsPort: number;
  logLevel: string;
  outbound: { allow: readonly OutboundAllowEntry[]; ownPorts: readonly number[] };
  // Environment handed to GStreamer/ffmpeg children (PATH, locale, GST_* overrides).
  childEnv: Readonly<Record<string, string | undefined>>;
}

export function parseEngineConfig(env: Record<string, string | undefined>): Readonly<EngineConfig> {
  const parsed = schema.safeParse(env);
  if (!parsed.success) {
    const problems = parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`);
    throw new Error(`invalid media engine configuration:\n  ${problems.join('\n  ')}`);
  }
  const e = parsed.data;
  return Object.freeze({
    grpcAddr: e.GRIMNIR_MEDIA_ENGINE_GRPC_ADDR,
    bufferBytes: e.GRIMNIR_MEDIA_ENGINE_BUFFER_SIZE * 1024,
    latencyMs: e.GRIMNIR_MEDIA_ENGINE_LATENCY,
    tickMs: Math.min(200, Math.max(20, Math.round(e.GRIMNIR_MEDIA_ENGINE_LATENCY / 2.5))),
    warmDecoders: e.GRIMNIR_MEDIA_ENGINE_WARM_DECODERS,
    metricsPort: e.GRIMNIR_MEDIA_ENGINE_METRICS_PORT,
    logLevel: e.GRIMNIR_LOG_LEVEL,
    outbound: {
      allow: e.GRIMNIR_MEDIA_ENGINE_OUTBOUND_ALLOW,
      // A relay URL or Icecast target must never reach the engine's own control ports.
      ownPorts: [
        Number(e.GRIMNIR_MEDIA_ENGINE_GRPC_ADDR.split(':').pop()),
        e.GRIMNIR_MEDIA_ENGINE_METRICS_PORT,
      ].filter((p) => p > 0),
    },
    childEnv: Object.freeze({ ...env }),
  });
}

export function loadEngineConfig(): Readonly<EngineConfig> {
  return parseEngineConfig(process.env);
}
