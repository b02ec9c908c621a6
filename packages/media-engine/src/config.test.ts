import { describe, expect, it } from 'vitest';
import { parseEngineConfig } from './config.js';

describe('parseEngineConfig', () => {
  it('applies defaults', () => {
    expect(parseEngineConfig({ PATH: '/bin' })).toEqual({
      childEnv: { PATH: '/bin' },
      grpcAddr: '0.0.0.0:9091',
      bufferBytes: 1024 * 1024,
      latencyMs: 500,
      tickMs: 100,
      metricsPort: 9092,
      logLevel: 'info',
    });
  });
  it('reads overrides', () => {
    const c = parseEngineConfig({
      GRIMNIR_MEDIA_ENGINE_GRPC_ADDR: '127.0.0.1:7000',
      GRIMNIR_MEDIA_ENGINE_BUFFER_SIZE: '256',
      GRIMNIR_MEDIA_ENGINE_LATENCY: '150',
      GRIMNIR_MEDIA_ENGINE_METRICS_PORT: '0',
      GRIMNIR_LOG_LEVEL: 'debug',
    });
    expect(c).toMatchObject({
      grpcAddr: '127.0.0.1:7000',
      bufferBytes: 262_144,
      latencyMs: 150,
      tickMs: 30,
    });
  });
  it('reports every problem at once', () => {
    expect(() =>
      parseEngineConfig({ GRIMNIR_MEDIA_ENGINE_LATENCY: 'x', GRIMNIR_LOG_LEVEL: 'loud' }),
    ).toThrow(/LATENCY[\s\S]*LOG_LEVEL/);
  });
});
