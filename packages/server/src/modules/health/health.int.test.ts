import * as grpc from '@grpc/grpc-js';
import { afterEach, describe, expect, it } from 'vitest';
import { createEngineClient } from '@grimnir/engine-client';
import { buildTestApp, type TestApp } from '../../test-support/app.js';

let t: TestApp | undefined;
afterEach(async () => {
  await t?.close();
  t = undefined;
});

/** A gRPC server with no services: enough for the engine channel to become ready. */
async function grpcListener(): Promise<{ address: string; stop: () => void }> {
  const server = new grpc.Server();
  const port = await new Promise<number>((resolve, reject) =>
    server.bindAsync('127.0.0.1:0', grpc.ServerCredentials.createInsecure(), (err, p) =>
      err ? reject(err) : resolve(p),
    ),
  );
  return { address: `127.0.0.1:${port}`, stop: () => server.forceShutdown() };
}

describe('/healthz and the media engine', () => {
  it('is degraded (503) with the reason while the engine does not answer, ok once it does', async () => {
    const engine = await grpcListener();
    const client = createEngineClient({ address: engine.address, deadlineMs: 2_000 });
    try {
      t = await buildTestApp({ engineClient: client });
      const up = await t.app.inject({ method: 'GET', url: '/healthz' });
      expect(up.statusCode).toBe(200);
      expect(up.json()).toMatchObject({ status: 'ok', db: 'ok', engine: 'ok' });

      engine.stop();
      // The channel notices the closed connection within moments, not at the next call.
      const app = t.app;
      const stoppedAt = Date.now();
      let down = await app.inject({ method: 'GET', url: '/healthz' });
      while (down.statusCode === 200 && Date.now() - stoppedAt < 5_000) {
        await new Promise((r) => setTimeout(r, 100));
        down = await app.inject({ method: 'GET', url: '/healthz' });
      }
      expect(down.statusCode).toBe(503);
      expect(down.json()).toMatchObject({
        status: 'degraded',
        db: 'ok',
        engine: 'unreachable',
        reasons: ['media engine unreachable'],
      });
    } finally {
      engine.stop();
      client.close();
    }
  });

  it('answers within about a second when the engine address accepts nothing', async () => {
    const client = createEngineClient({ address: '127.0.0.1:9', deadlineMs: 2_000 });
    try {
      t = await buildTestApp({ engineClient: client });
      const res = await t.app.inject({ method: 'GET', url: '/healthz' });
      expect(res.statusCode).toBe(503);
      expect(res.json()).toMatchObject({ engine: 'unreachable' });
    } finally {
      client.close();
    }
  });
});
