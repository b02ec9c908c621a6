import { connect, type Socket } from 'node:net';

interface SourceReply {
  status: number;
  headers: Record<string, string>;
  /** Still open after a 200: write audio to it, destroy it to hang up. */
  socket: Socket;
}

/**
 * A hand-written Icecast source request (the way DJ software sends one) on a raw socket;
 * resolves with the final response head (a `100 Continue` is skipped).
 */
export function sourceRequest(
  port: number,
  method: 'PUT' | 'SOURCE' | 'OPTIONS',
  target: string,
  credentials: string | undefined,
  extra: Record<string, string> = {},
): Promise<SourceReply> {
  return new Promise((resolve, reject) => {
    const socket = connect(port, '127.0.0.1');
    const lines = [`${method} ${target} HTTP/1.1`, `Host: 127.0.0.1:${port}`];
    if (method !== 'OPTIONS') lines.push('Content-Type: audio/mpeg', 'Ice-Public: 0');
    if (credentials !== undefined)
      lines.push(`Authorization: Basic ${Buffer.from(credentials).toString('base64')}`);
    for (const [k, v] of Object.entries(extra)) lines.push(`${k}: ${v}`);
    socket.write(`${lines.join('\r\n')}\r\n\r\n`);
    let buf = Buffer.alloc(0);
    const timer = setTimeout(() => {
      socket.destroy();
      reject(new Error('no response from the source front'));
    }, 10_000);
    const onData = (d: Buffer) => {
      buf = Buffer.concat([buf, d]);
      for (;;) {
        const end = buf.indexOf('\r\n\r\n');
        if (end < 0) return;
        const text = buf.subarray(0, end).toString('latin1').split('\r\n');
        buf = buf.subarray(end + 4);
        const status = Number(/^(?:HTTP\/1\.[01]|ICE\/1\.0) (\d{3})/.exec(text[0] ?? '')?.[1]);
        if (status === 100) continue;
        const headers: Record<string, string> = {};
        for (const line of text.slice(1)) {
          const i = line.indexOf(':');
          headers[line.slice(0, i).trim().toLowerCase()] = line.slice(i + 1).trim();
        }
        clearTimeout(timer);
        socket.off('data', onData);
        resolve({ status, headers, socket });
        return;
      }
    };
    socket.on('data', onData);
    socket.on('error', (err) => {
      clearTimeout(timer);
      reject(err);
    });
  });
}
