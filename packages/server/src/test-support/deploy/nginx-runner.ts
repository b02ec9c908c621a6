// Runs the real nginx with deploy/nginx/grimnir-radio.conf, rewritten to loopback ports, a
// given upstream port and a throwaway certificate, for the integration tests.
import { spawn, spawnSync, type ChildProcess, type SpawnSyncReturns } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { createServer } from 'node:http';
import { request as httpsRequest } from 'node:https';
import { createConnection, type AddressInfo } from 'node:net';
import { join } from 'node:path';
import { readRepoFile } from './files.js';

export async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const { port } = server.address() as AddressInfo;
  await new Promise<void>((r) => server.close(() => r()));
  return port;
}

export async function waitForPort(port: number, deadlineMs: number): Promise<void> {
  const until = Date.now() + deadlineMs;
  for (;;) {
    const ok = await new Promise<boolean>((resolve) => {
      const socket = createConnection({ port, host: '127.0.0.1' }, () => {
        socket.end();
        resolve(true);
      });
      socket.on('error', () => resolve(false));
    });
    if (ok) return;
    if (Date.now() > until) throw new Error(`port ${port} never opened`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

/** Replaces `from` by `to`, failing if the site config no longer contains `from`. */
function rewrite(text: string, from: string, to: string): string {
  if (!text.includes(from)) throw new Error(`site config no longer contains ${from}`);
  return text.split(from).join(to);
}

export interface RunningNginx {
  httpPort: number;
  httpsPort: number;
  /** Result of `nginx -t` on the generated configuration. */
  configTest: SpawnSyncReturns<string>;
  stop(): Promise<void>;
}

/** Starts nginx in the foreground with its files under `dir` (which the caller removes). */
export async function startNginx(dir: string, upstreamPort: number): Promise<RunningNginx> {
  const cert = spawnSync('openssl', [
    ...['req', '-x509', '-newkey', 'rsa:2048', '-nodes', '-subj', '/CN=radio.example.com'],
    ...['-days', '1', '-keyout', join(dir, 'key.pem'), '-out', join(dir, 'cert.pem')],
  ]);
  if (cert.status !== 0) throw new Error(`openssl failed: ${String(cert.stderr)}`);
  const httpPort = await freePort();
  const httpsPort = await freePort();

  let site = readRepoFile('deploy/nginx/grimnir-radio.conf');
  site = rewrite(site, 'server localhost:8080;', `server 127.0.0.1:${upstreamPort};`);
  site = rewrite(site, 'listen 80;', `listen 127.0.0.1:${httpPort};`);
  site = rewrite(site, 'listen 443 ssl http2;', `listen 127.0.0.1:${httpsPort} ssl http2;`);
  site = rewrite(
    site,
    '/etc/letsencrypt/live/radio.example.com/fullchain.pem',
    join(dir, 'cert.pem'),
  );
  site = rewrite(site, '/etc/letsencrypt/live/radio.example.com/privkey.pem', join(dir, 'key.pem'));
  writeFileSync(join(dir, 'grimnir-radio'), site);
  const temp = ['client_body', 'proxy', 'fastcgi', 'uwsgi', 'scgi']
    .map((t) => `${t}_temp_path ${join(dir, t)};`)
    .join('\n');
  // Single process in the foreground: nothing outlives the test, and no privilege drop that
  // would lock the worker out of the temp directory.
  writeFileSync(
    join(dir, 'nginx.conf'),
    `daemon off;\nmaster_process off;\npid ${join(dir, 'nginx.pid')};\n` +
      `error_log ${join(dir, 'error.log')} warn;\nevents { worker_connections 256; }\n` +
      `http {\n access_log off;\n${temp}\n include ${join(dir, 'grimnir-radio')};\n}\n`,
  );
  const args = ['-p', dir, '-c', join(dir, 'nginx.conf')];
  const configTest = spawnSync('nginx', ['-t', ...args], { encoding: 'utf8' });
  const child: ChildProcess = spawn('nginx', args, { stdio: 'ignore' });
  await waitForPort(httpsPort, 15_000);
  return {
    httpPort,
    httpsPort,
    configTest,
    async stop() {
      if (child.exitCode !== null || child.signalCode !== null) return;
      const exited = new Promise((r) => child.once('exit', r));
      child.kill('SIGTERM');
      await exited;
    },
  };
}

export interface Reply {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  body: string;
}

/** A request through nginx's TLS listener, as a browser on radio.example.com would send it. */
export function tlsGet(httpsPort: number, path: string): Promise<Reply> {
  return new Promise((resolve, reject) => {
    const req = httpsRequest({
      host: '127.0.0.1',
      port: httpsPort,
      path,
      headers: { host: 'radio.example.com' },
      rejectUnauthorized: false,
      agent: false,
    });
    req.on('response', (res) => {
      let body = '';
      res.setEncoding('utf8');
      res.on('data', (c: string) => (body += c));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body }));
      res.on('error', reject);
    });
    req.on('error', reject);
    req.end();
  });
}
