import http from 'node:http';
import net from 'node:net';
import v8 from 'node:v8';
import vm from 'node:vm';
import { afterEach, describe, expect, it } from 'vitest';
import { takeSocketFromHttp } from './socket-handoff.js';

// A listener's socket leaves node:http once its head is written: nothing of the request stays
// reachable from it, it keeps streaming, extra bytes from the player are ignored, and the
// player's close is seen at once.

let server: http.Server | undefined;
afterEach(() => new Promise<void>((r) => (server ? server.close(() => r()) : r())));

function start(
  onSocket: (s: net.Socket) => void,
  onRequest: (req: http.IncomingMessage) => void = () => undefined,
): Promise<number> {
  server = http.createServer((req, res) => {
    onRequest(req);
    req.socket.write('HTTP/1.1 200 OK\r\nContent-Type: audio/mpeg\r\n\r\n');
    onSocket(takeSocketFromHttp(req, res));
  });
  return new Promise((r) =>
    server!.listen(0, '127.0.0.1', () => r((server!.address() as net.AddressInfo).port)),
  );
}

describe('takeSocketFromHttp', () => {
  it('frees the request machinery, keeps streaming and notices the close', async () => {
    let taken: net.Socket | undefined;
    const closed = new Promise<void>((resolve) => {
      void start((s) => {
        taken = s;
        s.once('close', () => resolve());
        s.write('audio-1');
      }).then((port) => {
        const c = net.connect(port, '127.0.0.1');
        c.write('GET /stream/x HTTP/1.1\r\nHost: a\r\n\r\n');
        let got = '';
        c.on('data', (d: Buffer) => {
          got += d.toString();
          if (got.includes('audio-1') && !got.includes('audio-2')) {
            // A second request on the same connection is not answered: it is a stream now.
            c.write('GET /other HTTP/1.1\r\nHost: a\r\n\r\n');
            setTimeout(() => {
              taken?.write('audio-2');
              setTimeout(() => {
                expect(got).toMatch(/^HTTP\/1\.1 200 OK\r\n[^]*\r\n\r\naudio-1audio-2$/);
                c.end();
              }, 100);
            }, 100);
          }
        });
      });
    });
    await closed;
    const s = taken as net.Socket & { parser?: unknown; _httpMessage?: unknown };
    expect(s.parser ?? null).toBeNull();
    expect(s._httpMessage ?? null).toBeNull();
    expect(s.listenerCount('data')).toBe(0);
  });

  it('leaves nothing on the server that breaks its close while streams are open', async () => {
    let taken: net.Socket | undefined;
    const port = await start((s) => {
      taken = s;
      s.write('audio');
    });
    const c = net.connect(port, '127.0.0.1');
    c.on('error', () => undefined);
    c.write('GET /stream/x HTTP/1.1\r\nHost: a\r\n\r\n');
    await new Promise((r) => c.once('data', r));
    await new Promise((r) => setTimeout(r, 50));
    expect(() => server!.closeIdleConnections()).not.toThrow();
    expect(taken?.destroyed).toBe(false);
    taken?.destroy();
    c.destroy();
  });

  it('lets the request be collected while the stream stays open', async () => {
    v8.setFlagsFromString('--expose-gc');
    const gc = vm.runInNewContext('gc') as () => void;
    let request: WeakRef<http.IncomingMessage> | undefined;
    let taken: net.Socket | undefined;
    const port = await start(
      (s) => {
        taken = s;
        s.write('audio');
      },
      (req) => (request = new WeakRef(req)),
    );
    const c = net.connect(port, '127.0.0.1');
    c.on('error', () => undefined);
    c.write('GET /stream/x HTTP/1.1\r\nHost: a\r\n\r\n');
    await new Promise((r) => c.once('data', r));
    await new Promise((r) => setTimeout(r, 50));
    for (let i = 0; i < 3; i++) {
      gc();
      await new Promise((r) => setImmediate(r));
    }
    expect(taken?.destroyed).toBe(false);
    expect(request?.deref()).toBeUndefined();
    // Its listener table is a fast object again, not a dictionary.
    v8.setFlagsFromString('--allow-natives-syntax');
    const fast = vm.runInThisContext('(o) => %HasFastProperties(o)') as (o: unknown) => boolean;
    expect(fast(Reflect.get(taken!, '_events'))).toBe(true);
    // node:http's per-connection wrappers of on/addListener/prependListener are gone.
    expect(Reflect.get(taken!, 'on')).toBe(Reflect.get(net.Socket.prototype, 'on'));
    taken?.destroy();
    c.destroy();
  });
});
