// Docker artifacts of the production guide ("Docker Compose Deployment"): the images it builds,
// the compose services it addresses, and the .env it edits with sed.
import { describe, expect, it } from 'vitest';
import {
  asRecord,
  parseEnvFile,
  readRepoFile,
  readYaml,
  repoFileExists,
} from '../test-support/deploy/files.js';
import { isKnownGrimnirEnv } from '../test-support/deploy/known-env.js';

const compose = asRecord(readYaml('docker-compose.yml'), 'docker-compose.yml');
const services = asRecord(compose['services'], 'services');
const envExample = readRepoFile('.env.docker.example');

function service(name: string): Record<string, unknown> {
  return asRecord(services[name], `service ${name}`);
}

function environment(name: string): Record<string, string> {
  return asRecord(service(name)['environment'] ?? {}, `${name}.environment`) as Record<
    string,
    string
  >;
}

/** Applies `sed -i "s/NAME=.*\/NAME=value/" .env` line by line, as the guide's step 4 does. */
function guideSed(text: string, name: string, value: string): string {
  return text
    .split('\n')
    .map((line) => line.replace(new RegExp(`${name}=.*`), `${name}=${value}`))
    .join('\n');
}

describe('Dockerfiles', () => {
  const cases = [
    { file: 'Dockerfile', ports: ['8080', '9000'], bin: 'grimnirradio' },
    { file: 'Dockerfile.mediaengine', ports: ['9091', '9092'], bin: 'mediaengine' },
  ];

  it.each(cases)('$file builds on Node 20, runs non-root and exposes $ports', (c) => {
    const text = readRepoFile(c.file);
    expect(text).toMatch(/^ARG NODE_IMAGE=node:20-bookworm-slim$/m);
    expect(text.match(/^FROM /gm)?.length).toBe(2);
    expect(text).toMatch(/npm ci .*\n.*npm run build/);
    expect(text).toMatch(/^USER grimnir$/m);
    expect(text).toMatch(new RegExp(`^EXPOSE ${c.ports.join(' ')}$`, 'm'));
    expect(text).toMatch(/^HEALTHCHECK /m);
    expect(text).toContain(`ENTRYPOINT ["tini", "--", "docker-entrypoint", "${c.bin}"]`);
    for (const m of text.matchAll(/^COPY (?!--from)(\S+) /gm)) {
      const src = m[1] ?? '';
      if (src !== '.') expect(repoFileExists(src), src).toBe(true);
    }
  });

  it('control-plane image answers the guide: /healthz check, migrate as argument, nc', () => {
    const text = readRepoFile('Dockerfile');
    expect(text).toContain('/healthz');
    expect(text).toMatch(/^CMD \["serve"\]$/m);
    expect(text).toContain('netcat-openbsd');
  });

  it('media engine image carries GStreamer and ffmpeg from Debian', () => {
    const text = readRepoFile('Dockerfile.mediaengine');
    for (const pkg of [
      'gstreamer1.0-tools',
      'gstreamer1.0-plugins-base',
      'gstreamer1.0-plugins-good',
      'gstreamer1.0-plugins-bad',
      'gstreamer1.0-plugins-ugly',
      'gstreamer1.0-libav',
      'ffmpeg',
    ]) {
      expect(text).toMatch(new RegExp(`^\\s+${pkg.replace(/\./g, '\\.')}( \\\\)?$`, 'm'));
    }
  });

  it('.dockerignore keeps host builds and secrets out of the context', () => {
    const lines = readRepoFile('.dockerignore').split('\n');
    for (const entry of ['**/node_modules', '**/dist', '.env', '.env.*', '.git']) {
      expect(lines).toContain(entry);
    }
    expect(lines).toContain('!.env.docker.example');
  });

  it('wrapper scripts start the package bins', () => {
    const server = asRecord(
      JSON.parse(readRepoFile('packages/server/package.json')) as unknown,
      'server package.json',
    );
    const bin = asRecord(server['bin'], 'bin')['grimnirradio'];
    expect(readRepoFile('deploy/bin/grimnirradio')).toContain(`/packages/server/${String(bin)}`);
    expect(readRepoFile('deploy/bin/mediaengine')).toContain(
      '/packages/media-engine/bin/mediaengine.js',
    );
  });
});

describe('docker-compose.yml', () => {
  it('has the services the guide addresses, on the images it builds', () => {
    expect(Object.keys(services)).toEqual(
      expect.arrayContaining(['grimnir', 'mediaengine', 'postgres', 'redis', 'icecast']),
    );
    expect(service('grimnir')['image']).toBe('grimnir-radio:latest');
    expect(service('mediaengine')['image']).toBe('grimnir-mediaengine:latest');
    // `docker stats mediaengine` in the guide's troubleshooting needs the container name.
    expect(service('mediaengine')['container_name']).toBe('mediaengine');
  });

  it.each(Object.keys(services))('service %s builds from files that exist', (name) => {
    const build = service(name)['build'];
    if (build !== undefined) {
      const dockerfile = asRecord(build, `${name}.build`)['dockerfile'];
      expect(repoFileExists(String(dockerfile))).toBe(true);
    }
    for (const volume of (service(name)['volumes'] ?? []) as string[]) {
      if (volume.startsWith('./')) expect(repoFileExists(volume.split(':')[0] ?? '')).toBe(true);
    }
  });

  it('publishes the API and metrics on loopback, Icecast and live sources publicly; never the databases', () => {
    expect(service('grimnir')['ports']).toEqual([
      '127.0.0.1:8080:8080',
      '127.0.0.1:9000:9000',
      '${GRIMNIR_LIVE_PORT:-8001}:${GRIMNIR_LIVE_PORT:-8001}',
    ]);
    expect(service('mediaengine')['ports']).toEqual(['127.0.0.1:9092:9092']);
    expect(service('icecast')['ports']).toEqual(['8000:8000']);
    expect(service('postgres')['ports']).toBeUndefined();
    expect(service('redis')['ports']).toBeUndefined();
  });

  it('creates the database and user of the guide (psql -U grimnir -d grimnir)', () => {
    expect(environment('postgres')).toMatchObject({
      POSTGRES_USER: 'grimnir',
      POSTGRES_DB: 'grimnir',
    });
    const dsn = environment('grimnir')['GRIMNIR_DB_DSN'] ?? '';
    expect(dsn).toMatch(/^host=postgres port=5432 user=grimnir password=\$\{POSTGRES_PASSWORD/);
    expect(dsn).toMatch(/ dbname=grimnir sslmode=disable$/);
    expect(environment('grimnir')['GRIMNIR_DB_BACKEND']).toBe('postgres');
  });

  it.each(['grimnir', 'mediaengine'])('%s sets only known GRIMNIR_* variables', (name) => {
    const names = Object.keys(environment(name)).filter((k) => k.startsWith('GRIMNIR_'));
    expect(names.filter((n) => !isKnownGrimnirEnv(n))).toEqual([]);
    expect(environment(name)['GRIMNIR_ENV']).toBe('production');
  });

  it('every variable it interpolates is in .env.docker.example', () => {
    const used = new Set(
      [...readRepoFile('docker-compose.yml').matchAll(/\$\{([A-Z0-9_]+)/g)].map((m) => m[1]),
    );
    const defined = parseEnvFile(envExample);
    expect([...used].filter((v) => v !== undefined && !defined.has(v))).toEqual([]);
  });
});

describe('.env.docker.example', () => {
  const secrets = ['POSTGRES_PASSWORD', 'REDIS_PASSWORD', 'JWT_SIGNING_KEY'];

  it('holds obvious placeholders for the three secrets the guide generates', () => {
    const vars = parseEnvFile(envExample);
    for (const name of secrets) expect(vars.get(name)).toMatch(/^CHANGE_ME_/);
  });

  it("the guide's sed commands replace exactly the setting lines", () => {
    let text = envExample;
    for (const name of secrets) text = guideSed(text, name, `generated+${name.length}=`);
    const vars = parseEnvFile(text);
    for (const name of secrets) expect(vars.get(name)).toBe(`generated+${name.length}=`);
    const changed = text.split('\n').filter((line, i) => line !== envExample.split('\n')[i]);
    expect(changed).toHaveLength(secrets.length);
    expect([...vars.values()].filter((v) => v.includes('CHANGE_ME'))).toEqual([]);
  });
});
