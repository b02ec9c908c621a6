import net, { type AddressInfo } from 'node:net';
import pino from 'pino';
import { afterEach, describe, expect, it } from 'vitest';
import { OutboundAllowListSchema } from '@grimnir/contracts';
import { createOutboundFence, type Resolver } from '@grimnir/engine-client';
import { waitFor } from '@grimnir/test-kit/engine-process.js';
import { IcecastSource } from './icecast-source.js';

// Icecast targets are set by station managers: the engine's source client connects through the
// outbound fence, literal addresses and names alike (a stub resolver plays DNS).

const servers: net.Server[] = [];
const sockets = new Set<net.Socket>();
const sources: IcecastSource[] = [];
afterEach(async () => {
  for (const s of sources.splice(0)) s.close();
  for (const s of sockets) s.destroy();
  for (const s of servers.splice(0)) await new Promise((r) => s.close(r));
});

async function fakeIcecast(): Promise<{ port: number; connections: () => number }> {
  let n = 0;
  const server = net.createServer((socket) => {
    n += 1;
    sockets.add(socket);
    socket.on('error', () => undefined);
    // Icecast answers the PUT and then reads the audio for as long as the source sends it.
    socket.write('HTTP/1.0 200 OK\r\n\r\n');
    socket.resume();
  });
  servers.push(server);
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  return { port: (server.address() as AddressInfo).port, connections: () => n };
}

const toLoopback: Resolver = (_h, done) => done(null, [{ address: '127.0.0.1', family: 4 }]);

function connect(host: string, port: number, allow: string) {
  const states: string[] = [];
  const fence = createOutboundFence({
    allow: OutboundAllowListSchema.parse(allow),
    ownPorts: [],
    resolve: toLoopback,
  });
  const target = { host, port, mount: '/m.mp3', user: 'source', password: 'pw', name: 'm' };
  sources.push(
    new IcecastSource(
      target,
      'audio/mpeg',
      () => () => undefined,
      fence,
      pino({ level: 'silent' }),
      (state, detail) => states.push(`${state}${detail ? `:${detail}` : ''}`),
    ),
  );
  return states;
}

const until = (what: string, ok: () => boolean) =>
  waitFor(() => Promise.resolve(ok() ? true : undefined), 10_000, what);

describe('Icecast source behind the outbound fence', () => {
  it('never connects to a loopback target the operator did not allow', async () => {
    const ice = await fakeIcecast();
    const literal = connect('127.0.0.1', ice.port, '');
    const byName = connect('icecast.example', ice.port, '');
    await until('literal refused', () => literal.includes('disconnected:unreachable'));
    await until('name refused', () => byName.includes('disconnected:unreachable'));
    expect(ice.connections()).toBe(0);
  });

  it('connects once the operator allows it', async () => {
    const ice = await fakeIcecast();
    const states = connect('icecast.example', ice.port, `icecast.example:${ice.port}`);
    await until('connected', () => states.includes('connected'));
    expect(ice.connections()).toBeGreaterThan(0);
  });
});
