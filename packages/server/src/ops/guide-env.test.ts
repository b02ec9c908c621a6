// Every GRIMNIR_* variable in the production guide's code blocks is read by the process the guide
// gives it to (the media engine for "Media Engine Tuning", the control plane everywhere else),
// and the values the guide writes are accepted there.
import { randomBytes } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { parseEngineConfig } from '@grimnir/media-engine/config.js';
import { loadConfig } from '../config.js';
import { readRepoFile } from '../test-support/deploy/files.js';
import { CONTROL_PLANE_ENV, MEDIA_ENGINE_ENV } from '../test-support/deploy/known-env.js';

type Process = 'grimnirradio' | 'mediaengine';
interface Mention {
  name: string;
  value: string | undefined;
  section: string;
  process: Process;
}

const guide = readRepoFile('docs/reference/production-deployment-guide.md');

/** GRIMNIR_* names in fenced code blocks (and inline code), with the heading they sit under. */
function mentions(): Mention[] {
  const found: Mention[] = [];
  let section = '';
  let inBlock = false;
  for (const line of guide.split('\n')) {
    if (line.startsWith('```')) inBlock = !inBlock;
    else if (!inBlock && /^#{2,4} /.test(line)) section = line.replace(/^#+ /, '');
    const code = inBlock ? [line] : [...line.matchAll(/`([^`]*)`/g)].map((m) => m[1] ?? '');
    for (const text of code)
      for (const m of text.matchAll(/\b(GRIMNIR_[A-Z0-9_]+)(?:=("[^"]*"|\$\([^)]*\)|\S*))?/g))
        found.push({
          name: m[1]!,
          value: m[2]?.replace(/^"|"$/g, ''),
          section,
          process: section === 'Media Engine Tuning' ? 'mediaengine' : 'grimnirradio',
        });
  }
  return found;
}

const all = mentions();
// `$(openssl rand …)` is expanded by the operator's shell, as the guide intends.
const expand = (v: string) =>
  v.replace(/\$\(openssl rand -base64 \d+\)/g, () => randomBytes(32).toString('base64'));
// The first value the guide gives a variable (later ones are commands such as the key rotation).
const valuesFor = (p: Process) =>
  Object.fromEntries(
    all
      .filter((m) => m.process === p && m.value !== undefined && m.value !== '')
      .reverse()
      .map((m) => [m.name, expand(m.value!)]),
  );

describe('GRIMNIR_* variables of the production guide', () => {
  it('finds the variables the contract lists', () => {
    const names = new Set(all.map((m) => m.name));
    for (const n of [
      'GRIMNIR_HTTP_PORT',
      'GRIMNIR_DB_DSN',
      'GRIMNIR_DB_READ_DSN',
      'GRIMNIR_SCHEDULER_LOOKAHEAD',
      'GRIMNIR_MEDIA_ENGINE_BUFFER_SIZE',
      'GRIMNIR_WEBRTC_TURN_PASSWORD',
    ])
      expect(names).toContain(n);
  });

  it.each(all.map((m) => [m.name, m.process, m.section] as const))(
    '%s is read by %s (%s)',
    (name, process) => {
      const readers = process === 'mediaengine' ? MEDIA_ENGINE_ENV : CONTROL_PLANE_ENV;
      expect(readers.has(name)).toBe(true);
    },
  );

  it('the control plane accepts every value the guide writes, in production', () => {
    const env: Record<string, string> = {
      ...valuesFor('grimnirradio'),
      GRIMNIR_ENV: 'production',
      GRIMNIR_ICECAST_SOURCE_PASSWORD: randomBytes(24).toString('base64'),
      GRIMNIR_WEBRTC_TURN_USERNAME: 'turn-user',
      GRIMNIR_WEBRTC_TURN_PASSWORD: randomBytes(18).toString('base64'),
    };
    // The guide's read replica line is an elided example ("host=postgres-replica ...").
    env['GRIMNIR_DB_READ_DSN'] = 'host=postgres-replica dbname=grimnir';
    const config = loadConfig(env);
    expect(config.http).toMatchObject({ bind: '127.0.0.1', port: 8080 });
    expect(config.db.backend).toBe('postgres');
    expect(config.scheduler.lookaheadMs).toBe(72 * 3_600_000);
    expect(config.jwt.ttlMinutes).toBe(15);
  });

  it('the media engine accepts the guide’s tuning values', () => {
    const engine = parseEngineConfig(valuesFor('mediaengine'));
    expect(engine).toMatchObject({ bufferBytes: 4096 * 1024, latencyMs: 200 });
  });
});
