// The shell pieces the images run (container entrypoint, compose secrets job, Icecast
// entrypoint) and the systemd units, executed for real.
import { spawn, spawnSync } from 'node:child_process';
import {
  chmodSync,
  copyFileSync,
  mkdirSync,
  mkdtempSync,
  readFileSync,
  rmSync,
  statSync,
  writeFileSync,
} from 'node:fs';
import { createServer, get, type IncomingMessage } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { repoPath } from '../test-support/deploy/files.js';

const dir = mkdtempSync(join(tmpdir(), 'grimnir-deploy-scripts-'));
chmodSync(dir, 0o777);
afterAll(() => rmSync(dir, { recursive: true, force: true }));

function run(script: string, args: string[], env: Record<string, string>) {
  const r = spawnSync('sh', [repoPath(script), ...args], {
    encoding: 'utf8',
    env: { PATH: process.env['PATH'] ?? '/usr/bin:/bin', ...env },
  });
  return { status: r.status, stdout: r.stdout, stderr: r.stderr };
}

const show = [
  'sh',
  '-c',
  'printf "%s|%s" "$GRIMNIR_ICECAST_SOURCE_PASSWORD" "${GRIMNIR_ICECAST_SOURCE_PASSWORD_FILE-unset}"',
];

describe('deploy/docker/entrypoint.sh', () => {
  const secret = join(dir, 'source-password');
  writeFileSync(secret, 'p/a+s=s w$rd\n');

  it('loads GRIMNIR_*_FILE into the variable and drops the _FILE variable', () => {
    const r = run('deploy/docker/entrypoint.sh', show, {
      GRIMNIR_ICECAST_SOURCE_PASSWORD_FILE: secret,
    });
    expect(r.status, r.stderr).toBe(0);
    expect(r.stdout).toBe('p/a+s=s w$rd|unset');
  });

  it.each([
    [
      'both forms set',
      { GRIMNIR_ICECAST_SOURCE_PASSWORD: 'x', GRIMNIR_ICECAST_SOURCE_PASSWORD_FILE: secret },
      64,
    ],
    ['unreadable file', { GRIMNIR_ICECAST_SOURCE_PASSWORD_FILE: join(dir, 'missing') }, 66],
    ['placeholder in production', { GRIMNIR_DB_DSN: 'host=postgres password=CHANGE_ME_pg' }, 78],
    [
      'placeholder by default',
      { GRIMNIR_ENV: 'production', GRIMNIR_JWT_SIGNING_KEY: 'CHANGE_ME_jwt' },
      78,
    ],
    [
      'placeholder in development',
      { GRIMNIR_ENV: 'development', GRIMNIR_JWT_SIGNING_KEY: 'CHANGE_ME' },
      0,
    ],
  ])('%s exits %i', (_name, env, status) => {
    expect(run('deploy/docker/entrypoint.sh', ['true'], env).status).toBe(status);
  });

  it('names every placeholder variable at once', () => {
    const r = run('deploy/docker/entrypoint.sh', ['true'], {
      GRIMNIR_DB_DSN: 'password=CHANGE_ME_1',
      GRIMNIR_REDIS_PASSWORD: 'CHANGE_ME_2',
    });
    expect(r.stderr).toContain('GRIMNIR_DB_DSN');
    expect(r.stderr).toContain('GRIMNIR_REDIS_PASSWORD');
  });
});

describe('deploy/bin wrappers', () => {
  it.each([
    ['deploy/bin/grimnirradio', 'packages/server/bin/grimnirradio.js'],
    ['deploy/bin/mediaengine', 'packages/media-engine/bin/mediaengine.js'],
  ])('%s runs %s from GRIMNIR_HOME with the arguments', (wrapper, js) => {
    const home = join(dir, 'home');
    mkdirSync(join(home, js, '..'), { recursive: true });
    writeFileSync(join(home, js), 'console.log(JSON.stringify(process.argv.slice(2)));\n');
    const r = run(wrapper, ['user', 'create', '--name=a b'], { GRIMNIR_HOME: home });
    expect(r.status, r.stderr).toBe(0);
    expect(JSON.parse(r.stdout)).toEqual(['user', 'create', '--name=a b']);
  });
});

describe('deploy/docker/init-secrets.sh', () => {
  const secrets = join(dir, 'secrets');
  const names = ['icecast_source_password', 'icecast_admin_password', 'icecast_relay_password'];
  const read = () => names.map((n) => readFileSync(join(secrets, n), 'utf8'));

  it('generates distinct strong passwords once and keeps them', () => {
    spawnSync('mkdir', ['-p', secrets]);
    expect(run('deploy/docker/init-secrets.sh', [], { SECRETS_DIR: secrets }).status).toBe(0);
    const first = read();
    expect(new Set(first).size).toBe(3);
    for (const p of first) expect(p).toMatch(/^[A-Za-z0-9_-]{32}$/);
    expect(statSync(join(secrets, names[0]!)).mode & 0o777).toBe(0o444);
    expect(run('deploy/docker/init-secrets.sh', [], { SECRETS_DIR: secrets }).status).toBe(0);
    expect(read()).toEqual(first);
  });

  it('takes values given in .env over generated ones', () => {
    const r = run('deploy/docker/init-secrets.sh', [], {
      SECRETS_DIR: secrets,
      ICECAST_ADMIN_PASSWORD: 'chosen & <kept>',
    });
    expect(r.status, r.stderr).toBe(0);
    expect(read()[1]).toBe('chosen & <kept>');
  });
});

async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const { port } = server.address() as AddressInfo;
  await new Promise<void>((r) => server.close(() => r()));
  return port;
}

function status(port: number, path: string, auth?: string): Promise<number> {
  return new Promise((resolve) => {
    const req = get({ host: '127.0.0.1', port, path, auth }, (res: IncomingMessage) => {
      res.resume();
      resolve(res.statusCode ?? 0);
    });
    req.on('error', () => resolve(0));
  });
}

describe('deploy/icecast/entrypoint.sh', () => {
  it('renders the passwords XML-escaped and Icecast enforces them', async () => {
    const secrets = join(dir, 'ice-secrets');
    spawnSync('mkdir', ['-p', secrets]);
    run('deploy/docker/init-secrets.sh', [], { SECRETS_DIR: secrets });
    const port = await freePort();
    const admin = 'a&b<c>"d';
    const env = {
      PATH: process.env['PATH'] ?? '/usr/bin:/bin',
      SECRETS_DIR: secrets,
      ICECAST_ADMIN_PASSWORD: admin,
      ICECAST_TEMPLATE: join(dir, 'icecast.xml.template'),
      ICECAST_CONFIG: join(dir, 'icecast.xml'),
      ICECAST_LOG_DIR: dir,
      ICECAST_PORT: String(port),
    };
    // Copies in the world-readable temp dir: the checkout may not be readable by `nobody`.
    const script = join(dir, 'icecast-entrypoint.sh');
    copyFileSync(repoPath('deploy/icecast/entrypoint.sh'), script);
    copyFileSync(repoPath('deploy/icecast/icecast.xml.template'), env.ICECAST_TEMPLATE);
    // Icecast refuses to run as root; drop to nobody the way the image's USER does.
    const asRoot = process.getuid?.() === 0;
    const cmd = asRoot ? 'setpriv' : 'sh';
    const args = asRoot
      ? ['--reuid=nobody', '--regid=nogroup', '--clear-groups', 'sh', script]
      : [script];
    const child = spawn(cmd, args, { env, stdio: 'ignore' });
    try {
      let code = 0;
      for (let i = 0; i < 100 && code === 0; i++) {
        await new Promise((r) => setTimeout(r, 100));
        code = await status(port, '/');
      }
      expect(code).toBe(200);
      expect(await status(port, '/admin/stats', `admin:${admin}`)).toBe(200);
      expect(await status(port, '/admin/stats', 'admin:wrong')).toBe(401);
      const rendered = readFileSync(join(dir, 'icecast.xml'), 'utf8');
      const source = readFileSync(join(secrets, 'icecast_source_password'), 'utf8');
      expect(rendered).toContain(`<source-password>${source}</source-password>`);
      expect(rendered).toContain('<admin-password>a&amp;b&lt;c&gt;&quot;d</admin-password>');
    } finally {
      const exited = new Promise((r) => child.once('exit', r));
      child.kill('SIGTERM');
      await exited;
    }
  });
});

describe('deploy/systemd units', () => {
  const units = ['grimnirradio.service', 'mediaengine.service'].map((u) =>
    repoPath('deploy/systemd', u),
  );

  it('pass systemd-analyze verify', () => {
    const r = spawnSync('systemd-analyze', ['verify', ...units], { encoding: 'utf8' });
    expect(r.status, r.stderr).toBe(0);
    expect(r.stderr).toBe('');
  });

  it.each(units)('%s has a low exposure score', (unit) => {
    const r = spawnSync('systemd-analyze', ['security', '--offline=true', unit], {
      encoding: 'utf8',
    });
    const score = /Overall exposure level for \S+: ([\d.]+)/.exec(r.stdout)?.[1];
    expect(Number(score)).toBeLessThan(3);
  });
});
