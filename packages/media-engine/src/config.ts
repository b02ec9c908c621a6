import { z } from 'zod';

// The only place the engine reads process.env: parsed once, all problems reported together.
const schema = z.object({
  GRIMNIR_MEDIA_ENGINE_GRPC_ADDR: z.string().min(1).default('0.0.0.0:9091'),
  // Decoder read-ahead per source, in KB of Float32 stereo PCM (344 KB ≈ 1 s).
  GRIMNIR_MEDIA_ENGINE_BUFFER_SIZE: z.coerce.number().int().min(64).max(65_536).default(1024),
  // Audio kept queued ahead of real time towards encoders; must exceed the worst timer lag.
  // The mixer timer runs at a fifth of it (20..100 ms): fewer, larger pipe writes cost the
  // encoders far less CPU than one write per 20 ms frame.
  GRIMNIR_MEDIA_ENGINE_LATENCY: z.coerce.number().int().min(40).max(5000).default(500),
  GRIMNIR_MEDIA_ENGINE_METRICS_PORT: z.coerce.number().int().min(0).max(65_535).default(9092),
  GRIMNIR_LOG_LEVEL: z
    .enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'])
    .default('info'),
});

interface EngineConfig {
  grpcAddr: string;
  bufferBytes: number;
  latencyMs: number;
  tickMs: number;
  metricsPort: number;
  logLevel: string;
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
    tickMs: Math.min(100, Math.max(20, Math.round(e.GRIMNIR_MEDIA_ENGINE_LATENCY / 5))),
    metricsPort: e.GRIMNIR_MEDIA_ENGINE_METRICS_PORT,
    logLevel: e.GRIMNIR_LOG_LEVEL,
    childEnv: Object.freeze({ ...env }),
  });
}

export function loadEngineConfig(): Readonly<EngineConfig> {
  return parseEngineConfig(process.env);
}
