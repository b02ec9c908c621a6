import type { ChildProcess } from 'node:child_process';
import { chmodSync, chownSync, mkdirSync, writeFileSync } from 'node:fs';
import http from 'node:http';
import net from 'node:net';
import path from 'node:path';
import { spawnTied } from './tied-spawn.js';

export interface Icecast {
  port: number;
  password: string;
  proc: ChildProcess;
  stop: () => Promise<void>;
}

export async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = net.createServer();
    srv.once('error', reject);
    srv.listen(0, '127.0.0.1', () => {
      const addr = srv.address();
      const port = typeof addr === 'object' && addr ? addr.port : 0;
      srv.close(() => resolve(port));
    });
  });
}

function config(port: number, password: string, dir: string, asRoot: boolean): string {
  // icecast2 refuses to run as root (trap 10): drop to nobody through <changeowner>.
  const security = asRoot
    ? '<security><chroot>0</chroot><changeowner><user>nobody</user><group>nogroup</group></changeowner></security>'
    : '<security><chroot>0</chroot></security>';
  // Sources: bench:engine runs up to 100 stations of ours, and Liquidsoap's beside them.
  return `<icecast>
  <location>loopback</location><admin>test@localhost</admin>
  <limits><clients>500</clients><sources>250</sources><queue-size>1048576</queue-size>
    <client-timeout>30</client-timeout><header-timeout>15</header-timeout><source-timeout>10</source-timeout>
    <burst-on-connect>0</burst-on-connect></limits>
  <authentication><source-password>${password}</source-password><relay-password>${password}</relay-password>
    <admin-user>admin</admin-user><admin-password>${password}</admin-password></authentication>
  <hostname>127.0.0.1</hostname>
  <listen-socket><port>${port}</port><bind-address>127.0.0.1</bind-address></listen-socket>
  <fileserve>1</fileserve>
  <paths><basedir>/usr/share/icecast2</basedir><logdir>${dir}</logdir><webroot>/usr/share/icecast2/web</webroot>
    <adminroot>/usr/share/icecast2/admin</adminroot></paths>
  <logging><accesslog>access.log</accesslog><errorlog>error.log</errorlog><loglevel>2</loglevel></logging>
  ${security}
</icecast>
`;
}

// A real icecast2 on a free loopback port, with its config and logs in `baseDir`.
export async function startIcecast(baseDir: string): Promise<Icecast> {
  return startIcecastAt(baseDir, await freePort());
}

export async function startIcecastAt(baseDir: string, port: number): Promise<Icecast> {
  const password = 'hackme-test';
  const dir = path.join(baseDir, `icecast-${port}`);
  mkdirSync(dir, { recursive: true });
  const stamp = Date.now();
  const asRoot = process.getuid?.() === 0;
  if (asRoot) {
    chmodSync(baseDir, 0o755);
    chownSync(dir, 65534, 65534);
  }
  const file = path.join(dir, `icecast-${stamp}.xml`);
  writeFileSync(file, config(port, password, dir, asRoot));
  chmodSync(file, 0o644);
  const proc = spawnTied('icecast2', ['-c', file], { stdio: 'ignore' });
  const exited = new Promise<void>((r) => proc.once('exit', () => r()));
  const until = Date.now() + 15_000;
  for (;;) {
    if (await statusOk(port)) break;
    if (proc.exitCode !== null) throw new Error(`icecast2 exited with ${proc.exitCode}`);
    if (Date.now() > until) throw new Error('icecast2 did not start');
    await new Promise((r) => setTimeout(r, 100));
  }
  return {
    port,
    password,
    proc,
    stop: async () => {
      if (proc.exitCode === null && proc.signalCode === null) proc.kill('SIGTERM');
      await exited;
    },
  };
}

function statusOk(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const req = http.get(
      { host: '127.0.0.1', port, path: '/status-json.xsl', timeout: 1000 },
      (res) => {
        res.resume();
        resolve(res.statusCode === 200);
      },
    );
    req.on('error', () => resolve(false));
    req.on('timeout', () => {
      req.destroy();
      resolve(false);
    });
  });
}

export async function icecastStatus(port: number): Promise<unknown> {
  return new Promise((resolve, reject) => {
    http
      .get({ host: '127.0.0.1', port, path: '/status-json.xsl' }, (res) => {
        let body = '';
        res.on('data', (c: Buffer) => (body += c.toString()));
        res.on('end', () => {
          try {
            resolve(JSON.parse(body));
          } catch (err) {
            reject(err instanceof Error ? err : new Error(String(err)));
          }
        });
      })
      .on('error', reject);
  });
}

// Listens to a mount like a player would, for `ms`, and returns the bytes received.
export async function listen(port: number, mount: string, ms: number): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    const req = http.get({ host: '127.0.0.1', port, path: mount }, (res) => {
      if (res.statusCode !== 200) {
        res.resume();
        reject(new Error(`listener got HTTP ${res.statusCode}`));
        return;
      }
      res.on('data', (c: Buffer) => chunks.push(c));
    });
    req.on('error', reject);
    setTimeout(() => {
      req.destroy();
      resolve(Buffer.concat(chunks));
    }, ms);
  });
}
