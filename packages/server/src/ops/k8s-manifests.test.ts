// Kubernetes manifests as the guide drives them: `kubectl apply -f kubernetes/` after creating
// the namespace and the `grimnir-secrets` secret by hand, then
// `kubectl rollout status deployment/grimnir-radio -n grimnir-radio`.
import { describe, expect, it } from 'vitest';
import {
  asArray,
  asRecord,
  listRepoDir,
  parseYamlDocs,
  readRepoFile,
} from '../test-support/deploy/files.js';
import { GUIDE_SECRET_KEYS, isKnownGrimnirEnv } from '../test-support/deploy/known-env.js';

interface Manifest {
  file: string;
  kind: string;
  name: string;
  namespace: string | undefined;
  body: Record<string, unknown>;
}

// `kubectl apply -f dir` reads .yaml, .yml and .json files, without descending.
const applied = listRepoDir('kubernetes').filter((f) => /\.(ya?ml|json)$/.test(f));

const manifests: Manifest[] = applied.flatMap((file) =>
  parseYamlDocs(readRepoFile('kubernetes', file), file)
    .filter((doc) => doc !== null)
    .map((doc) => {
      const body = asRecord(doc, file);
      const meta = asRecord(body['metadata'], `${file} metadata`);
      return {
        file,
        kind: String(body['kind']),
        name: String(meta['name']),
        namespace: typeof meta['namespace'] === 'string' ? meta['namespace'] : undefined,
        body,
      };
    }),
);

function find(kind: string, name: string): Manifest {
  const m = manifests.find((x) => x.kind === kind && x.name === name);
  if (!m) throw new Error(`missing ${kind}/${name}`);
  return m;
}

const workloads = manifests.filter((m) => ['Deployment', 'StatefulSet'].includes(m.kind));

function podTemplate(m: Manifest): Record<string, unknown> {
  return asRecord(asRecord(m.body['spec'], 'spec')['template'], `${m.name} template`);
}

function podSpec(m: Manifest): Record<string, unknown> {
  return asRecord(podTemplate(m)['spec'], `${m.name} pod spec`);
}

function podLabels(m: Manifest): Record<string, unknown> {
  return asRecord(asRecord(podTemplate(m)['metadata'], 'template metadata')['labels'], 'labels');
}

function containers(m: Manifest): Record<string, unknown>[] {
  return asArray(podSpec(m)['containers'], `${m.name} containers`).map((c) =>
    asRecord(c, 'container'),
  );
}

function envEntries(c: Record<string, unknown>): Record<string, unknown>[] {
  return ((c['env'] ?? []) as unknown[]).map((e) => asRecord(e, 'env entry'));
}

function keyRefs(kind: 'secretKeyRef' | 'configMapKeyRef'): Record<string, unknown>[] {
  return workloads.flatMap((w) =>
    containers(w).flatMap((c) =>
      envEntries(c).flatMap((e) => {
        const from = e['valueFrom'] as Record<string, unknown> | undefined;
        return from?.[kind] ? [asRecord(from[kind], kind)] : [];
      }),
    ),
  );
}

const labelsMatch = (selector: Record<string, unknown>, labels: Record<string, unknown>) =>
  Object.entries(selector).every(([k, v]) => labels[k] === v);

describe('kubernetes/ as applied by the guide', () => {
  it('has the files the guide names and no kustomization that `apply -f` would reject', () => {
    expect(applied).toEqual(
      expect.arrayContaining(['namespace.yaml', 'configmap.yaml', 'ingress.yaml']),
    );
    expect(applied).not.toContain('kustomization.yaml');
    expect(listRepoDir('kubernetes')).toContain('README.md');
  });

  it('puts every object in the grimnir-radio namespace', () => {
    expect(find('Namespace', 'grimnir-radio').file).toBe('namespace.yaml');
    const outside = manifests.filter(
      (m) => m.kind !== 'Namespace' && m.namespace !== 'grimnir-radio',
    );
    expect(outside.map((m) => `${m.kind}/${m.name}`)).toEqual([]);
  });

  it('never applies a Secret (it would overwrite the one created by hand)', () => {
    expect(manifests.filter((m) => m.kind === 'Secret')).toEqual([]);
  });

  it('has deployment grimnir-radio selected by app=grimnir-radio, and only it', () => {
    const d = find('Deployment', 'grimnir-radio');
    const selector = asRecord(asRecord(d.body['spec'], 'spec')['selector'], 'selector');
    expect(selector['matchLabels']).toEqual({ app: 'grimnir-radio' });
    expect(podLabels(d)['app']).toBe('grimnir-radio');
    const others = workloads.filter((w) => w !== d && podLabels(w)['app'] === 'grimnir-radio');
    expect(others).toEqual([]);
  });

  it('has no HorizontalPodAutoscaler fighting `kubectl scale --replicas`', () => {
    expect(manifests.filter((m) => m.kind === 'HorizontalPodAutoscaler')).toEqual([]);
  });

  it.each(['grimnir-postgres', 'grimnir-redis', 'grimnir-radio', 'grimnir-mediaengine'])(
    'service %s selects a workload on named ports it declares',
    (name) => {
      const spec = asRecord(find('Service', name).body['spec'], 'spec');
      const selector = asRecord(spec['selector'], 'selector');
      const target = workloads.find((w) => labelsMatch(selector, podLabels(w)));
      expect(target?.name).toBe(name);
      const portNames = containers(target!).flatMap((c) =>
        ((c['ports'] ?? []) as Record<string, unknown>[]).map((p) => p['name']),
      );
      for (const p of asArray(spec['ports'], 'ports')) {
        expect(portNames).toContain(asRecord(p, 'port')['targetPort']);
      }
    },
  );

  it('reads required secret keys only from those the guide creates', () => {
    const refs = keyRefs('secretKeyRef');
    expect(refs.length).toBeGreaterThan(0);
    for (const ref of refs) {
      expect(ref['name']).toBe('grimnir-secrets');
      if (ref['optional'] !== true) expect(GUIDE_SECRET_KEYS).toContain(ref['key']);
    }
  });

  it('reads config keys that configmap.yaml defines', () => {
    const data = asRecord(find('ConfigMap', 'grimnir-config').body['data'], 'data');
    for (const ref of keyRefs('configMapKeyRef')) expect(Object.keys(data)).toContain(ref['key']);
    expect(Object.keys(data).filter((k) => !isKnownGrimnirEnv(k))).toEqual([]);
    expect(data['GRIMNIR_ENV']).toBe('production');
  });

  it('sets only known GRIMNIR_* variables on the containers', () => {
    const names = workloads.flatMap((w) =>
      containers(w).flatMap((c) => envEntries(c).map((e) => String(e['name']))),
    );
    expect(names.filter((n) => n.startsWith('GRIMNIR_') && !isKnownGrimnirEnv(n))).toEqual([]);
  });

  it('reads the guide’s GRIMNIR_DB_DSN and GRIMNIR_REDIS_PASSWORD, which the databases accept', () => {
    const keyOf = (w: Manifest, name: string) => {
      const e = envEntries(containers(w)[0]!).find((x) => x['name'] === name);
      const from = asRecord(
        asRecord(e?.['valueFrom'] ?? {}, 'valueFrom')['secretKeyRef'] ?? {},
        'r',
      );
      return from['key'];
    };
    const cp = find('Deployment', 'grimnir-radio');
    expect(keyOf(cp, 'GRIMNIR_DB_DSN')).toBe('GRIMNIR_DB_DSN');
    expect(keyOf(cp, 'GRIMNIR_REDIS_PASSWORD')).toBe('GRIMNIR_REDIS_PASSWORD');
    // PostgreSQL's first-start script creates the DSN's user; Redis requires the same password.
    expect(keyOf(find('StatefulSet', 'grimnir-postgres'), 'GRIMNIR_DB_DSN')).toBe('GRIMNIR_DB_DSN');
    expect(keyOf(find('StatefulSet', 'grimnir-redis'), 'REDIS_PASSWORD')).toBe(
      'GRIMNIR_REDIS_PASSWORD',
    );
  });

  it.each(workloads.map((w) => [w.name, w] as const))(
    '%s runs under the restricted pod security standard',
    (_name, w) => {
      const pod = asRecord(podSpec(w)['securityContext'], 'pod securityContext');
      expect(pod['runAsNonRoot']).toBe(true);
      expect(pod['seccompProfile']).toEqual({ type: 'RuntimeDefault' });
      for (const c of containers(w)) {
        const sc = asRecord(c['securityContext'], 'container securityContext');
        expect(sc['allowPrivilegeEscalation']).toBe(false);
        expect(sc['capabilities']).toEqual({ drop: ['ALL'] });
        expect(c['resources']).toBeDefined();
      }
    },
  );

  it('mounts only volumes and claims that exist', () => {
    const claims = new Set(
      manifests.filter((m) => m.kind === 'PersistentVolumeClaim').map((m) => m.name),
    );
    for (const w of workloads) {
      const volumes = ((podSpec(w)['volumes'] ?? []) as Record<string, unknown>[]).map((v) => v);
      for (const v of volumes) {
        const pvc = v['persistentVolumeClaim'] as Record<string, unknown> | undefined;
        if (pvc) expect(claims).toContain(pvc['claimName']);
      }
    }
  });

  it('routes the ingress to the grimnir-radio service with streaming and WebSocket timeouts', () => {
    const api = find('Ingress', 'grimnir-radio');
    const streams = find('Ingress', 'grimnir-radio-streams');
    const annotations = (m: Manifest) =>
      asRecord(asRecord(m.body['metadata'], 'metadata')['annotations'], 'annotations');
    const prefix = 'nginx.ingress.kubernetes.io/';
    expect(Number(annotations(api)[`${prefix}proxy-read-timeout`])).toBeGreaterThanOrEqual(3600);
    expect(annotations(api)[`${prefix}affinity`]).toBe('cookie');
    expect(annotations(streams)[`${prefix}proxy-buffering`]).toBe('off');
    expect(annotations(streams)[`${prefix}proxy-request-buffering`]).toBe('off');
    expect(Number(annotations(streams)[`${prefix}proxy-read-timeout`])).toBeGreaterThanOrEqual(
      86400,
    );
    const text = readRepoFile('kubernetes', 'ingress.yaml');
    expect(text.match(/name: grimnir-radio\n\s+port:\n\s+name: http/g)?.length).toBe(3);
    expect(text).toMatch(/path: \/stream\//);
    expect(text).toMatch(/path: \/live\//);
  });

  it('keeps the secret example out of the applied directory and free of real values', () => {
    expect(applied.some((f) => f.includes('secret'))).toBe(false);
    const [doc] = parseYamlDocs(readRepoFile('kubernetes/examples/secret.example.yaml'), 'example');
    const data = asRecord(asRecord(doc, 'secret')['stringData'], 'stringData');
    for (const [key, value] of Object.entries(data)) {
      if (!key.endsWith('_ADDR')) expect(value).toBe('CHANGE_ME');
    }
  });
});
