import type { LightMyRequestResponse } from 'fastify';
import { bearer, type TestApp } from './app.js';
import { multipartBody, type MultipartFilePart } from './multipart.js';

/**
 * Two stations and a cast of users for media tests: A has a manager, a DJ and a viewer;
 * B has its own manager. Tokens are ready-made headers.
 */
export interface MediaWorld {
  stationA: string;
  stationB: string;
  managerA: Record<string, string>;
  djA: Record<string, string>;
  viewerA: Record<string, string>;
  managerB: Record<string, string>;
  djB: Record<string, string>;
}

export async function mediaWorld(t: TestApp): Promise<MediaWorld> {
  const admin = await t.adminToken();
  const a = await t.makeStation(admin);
  const b = await t.makeStation(admin);
  const member = async (stationId: string, role: 'manager' | 'dj' | 'viewer') => {
    const u = await t.makeUser({ role });
    await t.addMember(stationId, u.id, role);
    return bearer(u.token);
  };
  return {
    stationA: a.id,
    stationB: b.id,
    managerA: await member(a.id, 'manager'),
    djA: await member(a.id, 'dj'),
    viewerA: await member(a.id, 'viewer'),
    managerB: await member(b.id, 'manager'),
    djB: await member(b.id, 'dj'),
  };
}

export function uploadMedia(
  t: TestApp,
  auth: Record<string, string>,
  fields: Record<string, string>,
  file?: MultipartFilePart,
  url = '/api/v1/media',
  opts: { fieldsAfterFile?: boolean } = {},
): Promise<LightMyRequestResponse> {
  const { payload, headers } = multipartBody(fields, file, opts);
  return t.app.inject({ method: 'POST', url, payload, headers: { ...headers, ...auth } });
}
