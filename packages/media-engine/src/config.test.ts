import { describe, expect, it } from 'vitest';
import { parseEngineConfig } from './config.js';

describe('parseEngineConfig', () => {
  it('applies defaults', () => {
    expect(parseEngineConfig({ PATH: '/bin' })).toEqual({
      childEnv: { PATH: '/bin' },
      grpcAddr: '0.0.0.0:9091',
      bufferBytes: 1024 * 1024,
      latencyMs: 500,
      tickMs: 200,
      warmDecoders: 1,
      metricsPort: 9092,
      logLevel: 'info',
      outbound: { allow: [], ownPorts: [9091, 9092] },
    });
  });
  it('reads the outbound allow-list and names bad entries', () => {
    const c = parseEngineConfig({
      GRIMNIR_MEDIA_ENGINE_OUTBOUND_ALLOW: '10.0.0.0/8, icecast:8000',
    });
    expect(c.outbound.allow).toEqual([
      { kind: 'cidr', network: '10.0.0.0', bits: 8, port: null },
      { kind: 'host', host: 'icecast', port: 8000 },
    ]);
    expect(() => parseEngineConfig({ GRIMNIR_MEDIA_ENGINE_OUTBOUND_ALLOW: 'a b' })).toThrow(
      /GRIMNIR_MEDIA_ENGINE_OUTBOUND_ALLOW: "a b" is not/,
    );
  });
  it('reads overrides', () => {
    const c = parseEngineConfig({
      GRIMNIR_MEDIA_ENGINE_GRPC_ADDR: '127.0.0.1:7000',
      GRIMNIR_MEDIA_ENGINE_BUFFER_SIZE: '256',
      GRIMNIR_MEDIA_ENGINE_LATENCY: '150',
      GRIMNIR_MEDIA_ENGINE_METRICS_PORT: '0',
      GRIMNIR_MEDIA_ENGINE_WARM_DECODERS: '0',
      GRIMNIR_LOG_LEVEL: 'debug',
    });
    expect(c).toMatchObject({
      warmDecoders: 0,
      grpcAddr: '127.0.0.1:7000',
      bufferBytes: 262_144,
      latencyMs: 150,
      tickMs: 60,
    });
  });
  it('reports every problem at once', () => {
    expect(() =>
      parseEngineConfig({ GRIMNIR_MEDIA_ENGINE_LATENCY: 'x', GRIMNIR_LOG_LEVEL: 'loud' }),
    ).toThrow(/LATENCY[\s\S]*LOG_LEVEL/);
  });
});
