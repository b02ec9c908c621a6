import { connect, type Socket } from 'node:net';

export interface StreamResponse {
  status: number;
  headers: Record<string, string>;
  socket: Socket;
  /** Body bytes received so far (grows while the socket is open). */
  body(): Buffer;
  /** Resolves once at least `n` body bytes have arrived. */
  waitForBytes(n: number, timeoutMs?: number): Promise<Buffer>;
  closed: Promise<void>;
  close(): void;
}

/**
 * A raw-socket listener: sends the request by hand and parses the response head itself, so tests
 * see exactly the bytes a player sees (no de-chunking, no decompression) and can stop reading.
 */
export function openStream(
  port: number,
  path: string,
  headers: Record<string, string> = {},
  opts: { method?: string; host?: string; paused?: boolean } = {},
): Promise<StreamResponse> {
  return new Promise((resolve, reject) => {
    const socket = connect(port, opts.host ?? '127.0.0.1');
    const lines = [`${opts.method ?? 'GET'} ${path} HTTP/1.1`];
    if (!Object.keys(headers).some((k) => k.toLowerCase() === 'host'))
      lines.push(`Host: 127.0.0.1:${port}`);
    for (const [k, v] of Object.entries(headers)) lines.push(`${k}: ${v}`);
    socket.write(`${lines.join('\r\n')}\r\n\r\n`);
    let head = Buffer.alloc(0);
    const chunks: Buffer[] = [];
    let size = 0;
    const waiters: (() => void)[] = [];
    const closed = new Promise<void>((r) => socket.once('close', () => r()));
    socket.on('error', reject);
    let parsed = false;
    const onData = (d: Buffer) => {
      if (!parsed) {
        head = Buffer.concat([head, d]);
        const end = head.indexOf('\r\n\r\n');
        if (end < 0) return;
        parsed = true;
        const text = head.subarray(0, end).toString('utf8').split('\r\n');
        const status = Number(/^HTTP\/1\.[01] (\d{3})/.exec(text[0] ?? '')?.[1]);
        const hdrs: Record<string, string> = {};
        for (const line of text.slice(1)) {
          const i = line.indexOf(':');
          hdrs[line.slice(0, i).trim().toLowerCase()] = line.slice(i + 1).trim();
        }
        const rest = head.subarray(end + 4);
        if (rest.length > 0) {
          chunks.push(rest);
          size += rest.length;
        }
        if (opts.paused === true) socket.pause();
        resolve({
          status,
          headers: hdrs,
          socket,
          body: () => Buffer.concat(chunks),
          waitForBytes: (n, timeoutMs = 20_000) =>
            new Promise((res, rej) => {
              const check = () => {
                if (size >= n) {
                  res(Buffer.concat(chunks));
                  return true;
                }
                return false;
              };
              if (check()) return;
              const t = setTimeout(
                () => rej(new Error(`only ${size} of ${n} bytes after ${timeoutMs} ms`)),
                timeoutMs,
              );
              const w = () => {
                if (check()) clearTimeout(t);
                else waiters.push(w);
              };
              waiters.push(w);
              void closed.then(() => {
                if (!check()) {
                  clearTimeout(t);
                  rej(new Error(`closed after ${size} of ${n} bytes`));
                }
              });
            }),
          closed,
          close: () => socket.destroy(),
        });
        return;
      }
      chunks.push(d);
      size += d.length;
      for (const w of waiters.splice(0)) w();
    };
    socket.on('data', onData);
  });
}
