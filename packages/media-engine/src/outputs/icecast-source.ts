import http from 'node:http';
import net from 'node:net';
import type { Logger } from 'pino';
import type { EngineIcecastTarget, RelayState } from '@grimnir/contracts';
import { UNREACHABLE, type OutboundFence } from '@grimnir/engine-client';
import type { Sink } from './fanout.js';

// 256 KB is ~16 s of 128 kbit/s: past that the server or the network is not keeping up, and
// dropping is better than growing memory without bound (trap 4).
const MAX_SOCKET_BACKLOG = 256 * 1024;
const MAX_BACKOFF_MS = 30_000;

function sourceRequest(target: EngineIcecastTarget, contentType: string): string {
  const auth = Buffer.from(`${target.user || 'source'}:${target.password}`).toString('base64');
  const mount = target.mount.startsWith('/') ? target.mount : `/${target.mount}`;
  return [
    `PUT ${mount} HTTP/1.1`,
    `Host: ${target.host}:${target.port}`,
    `Authorization: Basic ${auth}`,
    'User-Agent: grimnir-mediaengine',
    `Content-Type: ${contentType}`,
    `Ice-Name: ${target.name || mount}`,
    'Ice-Public: 0',
    'Expect: 100-continue',
    '',
    '',
  ].join('\r\n');
}

// Icecast source client over a raw socket: Icecast 2.4 does not de-chunk a PUT body, so
// node:http's chunked encoding would end up inside listeners' audio (trap 6).
export class IcecastSource {
  state: RelayState = 'disconnected';
  bytesSent = 0;
  dropped = 0;
  private socket: net.Socket | undefined;
  private detach: (() => void) | undefined;
  private backoffMs = 500;
  private closed = false;
  private timer: NodeJS.Timeout | undefined;

  constructor(
    private readonly target: EngineIcecastTarget,
    private readonly contentType: string,
    // Subscribes a sink to the encoder; called on every (re)connect so Ogg headers are resent.
    private readonly attach: (sink: Sink) => () => void,
    // Targets are set by station managers: the fence keeps them off internal addresses and
    // this instance's ports unless the operator allowed them (GRIMNIR_MEDIA_ENGINE_OUTBOUND_ALLOW).
    private readonly outbound: Pick<OutboundFence, 'permits' | 'lookup'>,
    private readonly logger: Logger,
    private readonly onState: (state: RelayState, detail: string) => void,
  ) {
    this.connect();
  }

  private setState(state: RelayState, detail = ''): void {
    this.state = state;
    this.onState(state, detail);
  }

  private connect(): void {
    if (this.closed) return;
    this.setState('connecting');
    const { host, port } = this.target;
    if (!this.outbound.permits(host, port)) {
      // The same path (state, log, back-off) as a connection that failed, with no socket opened.
      this.socket = new net.Socket();
      return this.fail(this.socket, UNREACHABLE);
    }
    const socket = net.connect({ host, port, lookup: this.outbound.lookup(port) });
    this.socket = socket;
    let head = '';
    socket.on('connect', () => socket.write(sourceRequest(this.target, this.contentType)));
    const onData = (data: Buffer): void => {
      head += data.toString('latin1');
      if (!head.includes('\r\n')) return;
      socket.off('data', onData);
      const status = /^HTTP\/1\.[01] (\d{3})/.exec(head)?.[1];
      if (status === '100' || status === '200') this.onConnected(socket);
      else this.fail(socket, `icecast refused source: ${head.split('\r\n')[0] ?? ''}`);
    };
    socket.on('data', onData);
    socket.on('error', (err) => this.fail(socket, err.message));
    socket.on('close', () => this.fail(socket, 'connection closed'));
  }

  private onConnected(socket: net.Socket): void {
    this.backoffMs = 500;
    this.setState('connected');
    this.detach = this.attach({
      write: (chunk) => {
        if (socket.destroyed) return;
        if (socket.writableLength > MAX_SOCKET_BACKLOG) {
          this.dropped += 1;
          return;
        }
        this.bytesSent += chunk.length;
        socket.write(chunk);
      },
      close: () => socket.destroy(),
    });
  }

  private fail(socket: net.Socket, detail: string): void {
    if (socket !== this.socket) return;
    this.socket = undefined;
    this.detach?.();
    this.detach = undefined;
    socket.destroy();
    if (this.closed) return;
    this.logger.warn(
      { mount: this.target.mount, detail, retryMs: this.backoffMs },
      'icecast source down',
    );
    this.setState('disconnected', detail);
    this.timer = setTimeout(() => this.connect(), this.backoffMs);
    this.backoffMs = Math.min(MAX_BACKOFF_MS, this.backoffMs * 2);
  }

  // Icecast only carries titles out of band for MP3/AAC; Ogg streams carry them in-band.
  updateTitle(title: string): void {
    const mount = this.target.mount.startsWith('/') ? this.target.mount : `/${this.target.mount}`;
    const query = new URLSearchParams({ mount, mode: 'updinfo', song: title, charset: 'UTF-8' });
    if (!this.outbound.permits(this.target.host, this.target.port)) return;
    const req = http.get({
      lookup: this.outbound.lookup(this.target.port),
      host: this.target.host,
      port: this.target.port,
      path: `/admin/metadata?${query.toString()}`,
      auth: `${this.target.user || 'source'}:${this.target.password}`,
      timeout: 5000,
    });
    req.on('response', (res) => res.resume());
    req.on('timeout', () => req.destroy());
    req.on('error', (err) => this.logger.debug({ err }, 'icecast title update failed'));
  }

  close(): void {
    this.closed = true;
    if (this.timer) clearTimeout(this.timer);
    this.detach?.();
    this.socket?.destroy();
    this.socket = undefined;
  }
}
