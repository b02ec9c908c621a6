// Readers for the deployment artifacts at the repository root, shared by the ops tests.
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { join } from 'node:path';
import { parseAllDocuments } from 'yaml';

export const repoRoot = fileURLToPath(new URL('../../../../../', import.meta.url));

export function repoPath(...parts: string[]): string {
  return join(repoRoot, ...parts);
}

export function readRepoFile(...parts: string[]): string {
  return readFileSync(repoPath(...parts), 'utf8');
}

export function repoFileExists(...parts: string[]): boolean {
  return existsSync(repoPath(...parts));
}

export function listRepoDir(...parts: string[]): string[] {
  return readdirSync(repoPath(...parts), { withFileTypes: true })
    .filter((e) => e.isFile())
    .map((e) => e.name)
    .sort();
}

/** Parses every YAML document of a file, throwing on the first syntax error or warning. */
export function parseYamlDocs(text: string, source: string): unknown[] {
  return parseAllDocuments(text).map((doc, i) => {
    const problem = doc.errors[0] ?? doc.warnings[0];
    if (problem) throw new Error(`${source} document ${i}: ${problem.message}`);
    return doc.toJS() as unknown;
  });
}

export function readYaml(...parts: string[]): unknown {
  const docs = parseYamlDocs(readRepoFile(...parts), parts.join('/'));
  if (docs.length !== 1) throw new Error(`${parts.join('/')}: expected one YAML document`);
  return docs[0];
}

export function asRecord(value: unknown, what: string): Record<string, unknown> {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    throw new Error(`${what}: expected a mapping`);
  }
  return value as Record<string, unknown>;
}

export function asArray(value: unknown, what: string): unknown[] {
  if (!Array.isArray(value)) throw new Error(`${what}: expected a list`);
  return value as unknown[];
}

/** `.env`-style KEY=value lines (comments and blank lines skipped). */
export function parseEnvFile(text: string): Map<string, string> {
  const vars = new Map<string, string>();
  for (const line of text.split('\n')) {
    const m = /^([A-Z][A-Z0-9_]*)=(.*)$/.exec(line.trim());
    if (m?.[1] !== undefined && m[2] !== undefined) vars.set(m[1], m[2]);
  }
  return vars;
}
