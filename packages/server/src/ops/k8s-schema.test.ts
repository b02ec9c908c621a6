// Every object `kubectl apply -f kubernetes/` sends, checked against the Kubernetes OpenAPI
// schemas (kubernetes-models): required fields present, values of the right type (a ConfigMap
// value or an env value that YAML reads as a number is rejected by the API server).
import { describe, expect, it } from 'vitest';
import {
  asRecord,
  listRepoDir,
  parseYamlDocs,
  readRepoFile,
} from '../test-support/deploy/files.js';

interface Validatable {
  validate(): void;
}
type ModelClass = new (data: unknown) => Validatable;

async function modelFor(apiVersion: string, kind: string): Promise<ModelClass> {
  // kubernetes-models lays out modules as <group>/<version>, and the core group as v1.
  const mod = (await import(`kubernetes-models/${apiVersion}`)) as Record<string, unknown>;
  const model = mod[kind];
  if (typeof model !== 'function') throw new Error(`no model for ${apiVersion} ${kind}`);
  return model as ModelClass;
}

const docs = listRepoDir('kubernetes')
  .filter((f) => /\.ya?ml$/.test(f))
  .flatMap((file) =>
    parseYamlDocs(readRepoFile('kubernetes', file), file).map((doc) => {
      const body = asRecord(doc, file);
      const name = String(asRecord(body['metadata'], 'metadata')['name']);
      return [`${file} ${String(body['kind'])}/${name}`, body] as const;
    }),
  );

describe('kubernetes/ against the API schemas', () => {
  it.each(docs)('%s is a valid object', async (_label, body) => {
    const Model = await modelFor(String(body['apiVersion']), String(body['kind']));
    expect(() => new Model(body).validate()).not.toThrow();
  });

  it('rejects a ConfigMap value YAML reads as a number, so the check above means something', async () => {
    const Model = await modelFor('v1', 'ConfigMap');
    const bad = {
      apiVersion: 'v1',
      kind: 'ConfigMap',
      metadata: { name: 'x' },
      data: { PORT: 8080 },
    };
    expect(() => new Model(bad).validate()).toThrow();
  });
});
