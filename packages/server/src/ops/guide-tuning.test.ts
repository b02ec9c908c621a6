// The guide's "Performance Tuning" variables, set where an operator sets them (.env for Docker
// Compose, the ConfigMap for Kubernetes), reach the process that owns them, which takes them.
import { describe, expect, it } from 'vitest';
import { parseEngineConfig } from '@grimnir/media-engine/config.js';
import { loadConfig } from '../config.js';
import {
  asArray,
  asRecord,
  parseEnvFile,
  parseYamlDocs,
  readRepoFile,
  readYaml,
} from '../test-support/deploy/files.js';
import { CONTROL_PLANE_ENV, MEDIA_ENGINE_ENV } from '../test-support/deploy/known-env.js';

const GUIDE_TUNING = {
  GRIMNIR_SCHEDULER_LOOKAHEAD: '72h',
  GRIMNIR_SCHEDULER_TICK_INTERVAL: '60s',
  GRIMNIR_DB_MAX_OPEN_CONNS: '50',
  GRIMNIR_DB_MAX_IDLE_CONNS: '10',
  GRIMNIR_MEDIA_ENGINE_BUFFER_SIZE: '4096',
  GRIMNIR_MEDIA_ENGINE_LATENCY: '200',
};

const services = asRecord(asRecord(readYaml('docker-compose.yml'), 'compose')['services'], 's');
const configMap = asRecord(asRecord(readYaml('kubernetes/configmap.yaml'), 'cm')['data'], 'data');

function containerOf(file: string): Record<string, unknown> {
  const [doc] = parseYamlDocs(readRepoFile(file), file).filter((d) =>
    ['Deployment', 'StatefulSet'].includes(String(asRecord(d, file)['kind'])),
  );
  const spec = asRecord(asRecord(asRecord(doc, file)['spec'], 'spec')['template'], 'template');
  return asRecord(asArray(asRecord(spec['spec'], 'pod')['containers'], 'containers')[0], 'c');
}

describe('tuning variables reach the containers', () => {
  it.each(['grimnir', 'mediaengine'])('compose service %s loads .env (env_file)', (name) => {
    expect([asRecord(services[name], name)['env_file']].flat()).toContain('.env');
  });

  it('.env.docker.example only sets GRIMNIR_ variables some process reads', () => {
    const names = [...parseEnvFile(readRepoFile('.env.docker.example')).keys()];
    const grimnir = names.filter((n) => n.startsWith('GRIMNIR_'));
    for (const n of Object.keys(GUIDE_TUNING)) expect(grimnir).toContain(n);
    for (const n of grimnir)
      expect(CONTROL_PLANE_ENV.has(n) || MEDIA_ENGINE_ENV.has(n), n).toBe(true);
  });

  it.each(['kubernetes/grimnir-radio.yaml', 'kubernetes/mediaengine.yaml'])(
    '%s loads the grimnir-config ConfigMap',
    (file) => {
      const from = asArray(containerOf(file)['envFrom'] ?? [], 'envFrom');
      expect(from).toContainEqual({ configMapRef: { name: 'grimnir-config' } });
    },
  );

  it('the ConfigMap carries every tuning variable and both processes accept its values', () => {
    for (const n of Object.keys(GUIDE_TUNING)) expect(Object.keys(configMap)).toContain(n);
    const env = Object.fromEntries(Object.entries(configMap).map(([k, v]) => [k, String(v)]));
    // The DSN comes from the Secret, as in the Deployment.
    const withDsn = { ...env, GRIMNIR_ENV: 'development', GRIMNIR_DB_DSN: 'host=db user=g' };
    expect(() => loadConfig(withDsn)).not.toThrow();
    expect(() => parseEngineConfig(env)).not.toThrow();
  });

  it('the guide’s values take effect in the process that owns each', () => {
    const cp = loadConfig(GUIDE_TUNING);
    expect(cp.scheduler).toEqual({ lookaheadMs: 72 * 3_600_000, tickIntervalMs: 60_000 });
    expect(cp.db).toMatchObject({ maxOpenConns: 50, maxIdleConns: 10 });
    const engine = parseEngineConfig(GUIDE_TUNING);
    expect(engine).toMatchObject({ bufferBytes: 4096 * 1024, latencyMs: 200 });
  });

  it('engine-only settings have one owner: the control plane neither reads nor rejects them', () => {
    expect(CONTROL_PLANE_ENV.has('GRIMNIR_MEDIA_ENGINE_BUFFER_SIZE')).toBe(false);
    expect(CONTROL_PLANE_ENV.has('GRIMNIR_MEDIA_ENGINE_LATENCY')).toBe(false);
    expect(() => loadConfig({ GRIMNIR_MEDIA_ENGINE_LATENCY: 'not a number' })).not.toThrow();
  });
});
