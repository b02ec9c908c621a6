// Bare-metal artifacts of the guide: the two systemd units it copies into /etc/systemd/system
// and the nginx site it enables.
import { describe, expect, it } from 'vitest';
import { readRepoFile } from '../test-support/deploy/files.js';
import {
  argsOf,
  findAll,
  findDeep,
  parseNginx,
  type NginxDirective,
} from '../test-support/deploy/nginx-conf.js';

type Unit = Map<string, Map<string, string[]>>;

function parseUnit(text: string): Unit {
  const unit: Unit = new Map();
  let section = new Map<string, string[]>();
  for (const raw of text.split('\n')) {
    const line = raw.trim();
    if (line === '' || line.startsWith('#') || line.startsWith(';')) continue;
    const header = /^\[(\w+)\]$/.exec(line);
    if (header?.[1] !== undefined) {
      section = new Map();
      unit.set(header[1], section);
      continue;
    }
    const eq = line.indexOf('=');
    if (eq < 1) throw new Error(`not a unit line: ${line}`);
    const key = line.slice(0, eq);
    section.set(key, [...(section.get(key) ?? []), line.slice(eq + 1)]);
  }
  return unit;
}

const units = [
  {
    file: 'grimnirradio.service',
    exec: '/usr/bin/env node --max-semi-space-size=4 /opt/grimnir-radio/packages/server/bin/grimnirradio.js serve',
  },
  {
    file: 'mediaengine.service',
    exec: '/usr/bin/env node /opt/grimnir-radio/packages/media-engine/bin/mediaengine.js',
  },
];

describe.each(units)('deploy/systemd/$file', ({ file, exec }) => {
  const unit = parseUnit(readRepoFile('deploy/systemd', file));
  const service = unit.get('Service') ?? new Map<string, string[]>();
  const one = (key: string) => service.get(key)?.at(-1);

  it('starts the node build of the binary from the guide environment file', () => {
    expect(service.get('ExecStart')).toEqual([exec]);
    expect(one('User')).toBe('grimnir');
    expect(service.get('EnvironmentFile')?.[0]).toBe('/etc/grimnir/grimnir.env');
    expect(service.get('Environment')).toContain('GRIMNIR_ENV=production');
    expect(unit.get('Install')?.get('WantedBy')).toEqual(['multi-user.target']);
  });

  it('restarts, and a stop or crash takes every child process down', () => {
    expect(one('Restart')).toBe('always');
    expect(['mixed', 'control-group']).toContain(one('KillMode'));
    expect(one('SendSIGKILL')).toBe('yes');
    expect(one('TimeoutStopSec')).toMatch(/^\d+s$/);
  });

  it('is hardened without breaking the V8 JIT', () => {
    for (const [key, value] of [
      ['NoNewPrivileges', 'yes'],
      ['ProtectSystem', 'strict'],
      ['ProtectHome', 'yes'],
      ['PrivateTmp', 'yes'],
      ['CapabilityBoundingSet', ''],
      ['ReadWritePaths', '/var/lib/grimnir'],
    ]) {
      expect(one(key!), key).toBe(value);
    }
    expect(service.has('MemoryDenyWriteExecute')).toBe(false);
  });
});

describe('deploy/nginx/grimnir-radio.conf', () => {
  const conf = parseNginx(readRepoFile('deploy/nginx/grimnir-radio.conf'));
  const tls = findAll(conf, 'server').find((s) => argsOf(s.block ?? [], 'listen')?.includes('ssl'));
  const tlsBlock = tls?.block ?? [];
  const location = (...args: string[]): readonly NginxDirective[] => {
    const found = findAll(tlsBlock, 'location').find((l) => l.args.join(' ') === args.join(' '));
    if (!found?.block) throw new Error(`no location ${args.join(' ')}`);
    return found.block;
  };
  const headers = (block: readonly NginxDirective[]) =>
    findAll(block, 'proxy_set_header').map((d) => d.args.join(' '));

  it('keeps http-level directives out of server blocks (nginx -t rejects them there)', () => {
    expect(findAll(conf, 'limit_req_zone')).toHaveLength(1);
    expect(findAll(conf, 'map')).toHaveLength(1);
    expect(findAll(conf, 'upstream').map((u) => u.args)).toEqual([['grimnir_backend']]);
    for (const server of findAll(conf, 'server')) {
      expect(findDeep(server.block ?? [], 'limit_req_zone')).toEqual([]);
    }
  });

  it('proxies to the control plane on localhost:8080 and redirects port 80', () => {
    const upstream = findAll(conf, 'upstream')[0]?.block ?? [];
    expect(argsOf(upstream, 'server')).toEqual(['localhost:8080']);
    const plain = findAll(conf, 'server').find(
      (s) => argsOf(s.block ?? [], 'listen')?.[0] === '80',
    );
    expect(argsOf(plain?.block ?? [], 'return')).toEqual([
      '301',
      'https://$server_name$request_uri',
    ]);
    expect(argsOf(tlsBlock, 'client_max_body_size')).toEqual(['100M']);
    expect(argsOf(tlsBlock, 'limit_req')).toEqual(['zone=api', 'burst=20', 'nodelay']);
  });

  it('upgrades WebSockets on /api/v1/events with a long idle timeout', () => {
    const ws = location('=', '/api/v1/events');
    expect(argsOf(ws, 'proxy_http_version')).toEqual(['1.1']);
    expect(headers(ws)).toEqual(
      expect.arrayContaining(['Upgrade $http_upgrade', 'Connection $connection_upgrade']),
    );
    expect(argsOf(ws, 'proxy_read_timeout')).toEqual(['3600s']);
    expect(headers(location('/'))).toContain('Upgrade $http_upgrade');
  });

  it('streams /stream/ and /live/ unbuffered for hours, with unlimited source bodies', () => {
    const stream = location('~', '^/(live|stream)/');
    for (const [name, value] of [
      ['proxy_buffering', 'off'],
      ['proxy_request_buffering', 'off'],
      ['proxy_cache', 'off'],
      ['proxy_http_version', '1.1'],
      ['proxy_read_timeout', '24h'],
      ['proxy_send_timeout', '24h'],
      ['client_max_body_size', '0'],
      ['chunked_transfer_encoding', 'on'],
    ]) {
      expect(argsOf(stream, name!), name).toEqual([value]);
    }
  });

  it('accepts uploads larger than the default limit on /api/v1/media', () => {
    const media = location('/api/v1/media');
    expect(argsOf(media, 'client_max_body_size')).toEqual(['1024M']);
    expect(argsOf(media, 'proxy_request_buffering')).toEqual(['off']);
  });
});
