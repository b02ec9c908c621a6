import type { LightMyRequestResponse } from 'fastify';
import type { TestApp } from './app.js';

/** tus 1.0 requests for the upload tests, through `inject` (see uploads.*.int.test.ts). */

export const TUS = { 'tus-resumable': '1.0.0' } as const;

/** `key base64(value)` pairs, as tus clients write Upload-Metadata. */
export function tusMetadata(fields: Record<string, string>): string {
  return Object.entries(fields)
    .map(([k, v]) => `${k} ${Buffer.from(v, 'utf8').toString('base64')}`)
    .join(',');
}

export function createUpload(
  t: TestApp,
  auth: Record<string, string>,
  metadata: string,
  length: number,
): Promise<LightMyRequestResponse> {
  return t.app.inject({
    method: 'POST',
    url: '/api/v1/uploads',
    headers: { ...TUS, ...auth, 'upload-length': String(length), 'upload-metadata': metadata },
  });
}

export function patchUpload(
  t: TestApp,
  auth: Record<string, string>,
  location: string,
  offset: number,
  data: Buffer,
): Promise<LightMyRequestResponse> {
  return t.app.inject({
    method: 'PATCH',
    url: location,
    headers: {
      ...TUS,
      ...auth,
      'upload-offset': String(offset),
      'content-type': 'application/offset+octet-stream',
    },
    payload: data,
  });
}

export function headUpload(
  t: TestApp,
  auth: Record<string, string>,
  location: string,
): Promise<LightMyRequestResponse> {
  return t.app.inject({ method: 'HEAD', url: location, headers: { ...TUS, ...auth } });
}
