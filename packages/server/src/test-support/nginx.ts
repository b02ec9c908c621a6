import { execFile, spawn, type ChildProcess } from 'node:child_process';
import { chmodSync, mkdirSync, writeFileSync } from 'node:fs';
import { connect } from 'node:net';
import { join } from 'node:path';
import { promisify } from 'node:util';

const run = promisify(execFile);

/**
 * The site config of the seed guide ("Configure Reverse Proxy (Nginx)"), verbatim except for
 * what a test must change: loopback listen ports, the upstream port, the certificate paths, and
 * `limit_req_zone`, which the guide places inside `server {}` where nginx rejects it
 * ("directive is not allowed here"): it is moved to `http {}` by `nginxMainConfig`.
 */
function guideSiteConfig(p: {
  upstreamPort: number;
  httpPort: number;
  httpsPort: number;
  cert: string;
  key: string;
}): string {
  return `
upstream grimnir_backend {
    server 127.0.0.1:${p.upstreamPort};
}

server {
    listen 127.0.0.1:${p.httpPort};
    server_name radio.example.com;

    # Redirect to HTTPS
    return 301 https://$server_name$request_uri;
}

server {
    listen 127.0.0.1:${p.httpsPort} ssl http2;
    server_name radio.example.com;

    # TLS configuration
    ssl_certificate ${p.cert};
    ssl_certificate_key ${p.key};
    ssl_protocols TLSv1.2 TLSv1.3;
    ssl_ciphers HIGH:!aNULL:!MD5;

    # Security headers
    add_header Strict-Transport-Security "max-age=31536000" always;
    add_header X-Frame-Options "SAMEORIGIN" always;
    add_header X-Content-Type-Options "nosniff" always;

    # API proxy
    location / {
        proxy_pass http://grimnir_backend;
        proxy_set_header Host $host;
        proxy_set_header X-Real-IP $remote_addr;
        proxy_set_header X-Forwarded-For $proxy_add_x_forwarded_for;
        proxy_set_header X-Forwarded-Proto $scheme;

        # WebSocket support
        proxy_http_version 1.1;
        proxy_set_header Upgrade $http_upgrade;
        proxy_set_header Connection "upgrade";

        # Streaming support - disable buffering for audio streams
        proxy_buffering off;
        proxy_cache off;
    }

    # Audio streams - special handling for /live/ and /stream/ endpoints
    location ~ ^/(live|stream)/ {
        proxy_pass http://grimnir_backend;
        proxy_set_header Host $host;
        proxy_set_header X-Real-IP $remote_addr;
        proxy_set_header X-Forwarded-For $proxy_add_x_forwarded_for;
        proxy_set_header X-Forwarded-Proto $scheme;

        # Critical for streaming: disable all buffering
        proxy_buffering off;
        proxy_cache off;
        proxy_request_buffering off;

        # No timeout for long-running stream connections
        proxy_read_timeout 24h;
        proxy_send_timeout 24h;

        # Chunked transfer encoding for streaming
        chunked_transfer_encoding on;
    }

    # Rate limiting (limit_req_zone moved to http {}, see above)
    limit_req zone=api burst=20 nodelay;

    # File upload size
    client_max_body_size 100M;
}
`;
}

/** A self-contained nginx.conf for a temp dir: no root paths, pid/logs/temp files in `dir`. */
function nginxMainConfig(dir: string, site: string): string {
  return `
worker_processes 1;
daemon off;
pid ${dir}/nginx.pid;
error_log ${dir}/error.log warn;
events { worker_connections 512; }
http {
    access_log off;
    client_body_temp_path ${dir}/body;
    proxy_temp_path ${dir}/proxy;
    fastcgi_temp_path ${dir}/fastcgi;
    uwsgi_temp_path ${dir}/uwsgi;
    scgi_temp_path ${dir}/scgi;
    limit_req_zone $binary_remote_addr zone=api:10m rate=10r/s;
${site}
}
`;
}

async function waitForPort(port: number, ms: number): Promise<void> {
  const until = Date.now() + ms;
  while (Date.now() < until) {
    const ok = await new Promise<boolean>((resolve) => {
      const s = connect(port, '127.0.0.1', () => {
        s.destroy();
        resolve(true);
      });
      s.on('error', () => resolve(false));
    });
    if (ok) return;
    await new Promise((r) => setTimeout(r, 50));
  }
  throw new Error(`nothing listening on ${port} after ${ms} ms`);
}

async function freePort(): Promise<number> {
  const { createServer } = await import('node:net');
  const srv = createServer();
  await new Promise<void>((r) => srv.listen(0, '127.0.0.1', () => r()));
  const port = (srv.address() as { port: number }).port;
  await new Promise((r) => srv.close(r));
  return port;
}

/** Generates a throwaway certificate, validates the config with `nginx -t`, starts nginx. */
export async function startNginx(
  dir: string,
  upstreamPort: number,
): Promise<{ httpPort: number; httpsPort: number; process: ChildProcess; stop(): Promise<void> }> {
  mkdirSync(dir, { recursive: true });
  // Workers drop to an unprivileged user when started as root: they must reach the temp dirs.
  chmodSync(dir, 0o777);
  const cert = join(dir, 'cert.pem');
  const key = join(dir, 'key.pem');
  await run('openssl', [
    'req',
    '-x509',
    '-newkey',
    'rsa:2048',
    '-nodes',
    '-days',
    '1',
    '-subj',
    '/CN=radio.example.com',
    '-keyout',
    key,
    '-out',
    cert,
  ]);
  const httpPort = await freePort();
  const httpsPort = await freePort();
  const conf = join(dir, 'nginx.conf');
  writeFileSync(
    conf,
    nginxMainConfig(dir, guideSiteConfig({ upstreamPort, httpPort, httpsPort, cert, key })),
  );
  await run('nginx', ['-t', '-q', '-p', dir, '-c', conf]);
  const child = spawn('nginx', ['-p', dir, '-c', conf], { stdio: 'ignore' });
  await waitForPort(httpsPort, 10_000);
  return {
    httpPort,
    httpsPort,
    process: child,
    stop: () =>
      new Promise<void>((resolve) => {
        if (child.exitCode !== null) return resolve();
        child.once('exit', () => resolve());
        child.kill('SIGTERM');
      }),
  };
}
