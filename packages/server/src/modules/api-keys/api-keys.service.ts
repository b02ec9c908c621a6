import { randomUUID } from 'node:crypto';
import type { Clock } from '../../infra/clock.js';
import { AppError, notFound } from '../../errors.js';
import type { AuditLog } from '../audit/index.js';
import { randomSecret, sha256Hex } from '../auth/index.js';
import type { Principal } from '../../plugins/principal.js';
import type { UsersRepository } from '../users/index.js';
import type { ApiKeyRecord, ApiKeysRepository } from './api-keys.repository.js';

const API_KEY_PREFIX = 'gr_';
// last_used_at is informational; writing it on every request would turn reads into writes.
const TOUCH_EVERY_MS = 60_000;

function toApiKeyResponse(k: ApiKeyRecord) {
  return {
    id: k.id,
    name: k.name,
    prefix: k.prefix,
    expires_at: k.expiresAt,
    last_used_at: k.lastUsedAt,
    revoked_at: k.revokedAt,
    created_at: k.createdAt,
  };
}

export function createApiKeysService(d: {
  keys: ApiKeysRepository;
  users: UsersRepository;
  audit: AuditLog;
  clock: Clock;
}) {
  return {
    async create(p: Principal, name: string, expiresInDays: number | undefined, requestId: string) {
      const now = d.clock.now();
      const key = `${API_KEY_PREFIX}${randomSecret(32)}`;
      const id = randomUUID();
      const expiresAt =
        expiresInDays === undefined
          ? null
          : new Date(now.getTime() + expiresInDays * 86_400_000).toISOString();
      await d.keys.insert({
        id,
        userId: p.userId,
        name,
        prefix: key.slice(0, 10),
        keyHash: sha256Hex(key),
        expiresAt,
        now: now.toISOString(),
      });
      await d.audit.record({
        userId: p.userId,
        action: 'api_key.create',
        targetType: 'api_key',
        targetId: id,
        details: { name },
        requestId,
      });
      const rec = await d.keys.findById(id);
      if (!rec) throw new Error('api key vanished after insert');
      return { ...toApiKeyResponse(rec), key };
    },
    async list(p: Principal) {
      return (await d.keys.listForUser(p.userId)).map(toApiKeyResponse);
    },
    async revoke(p: Principal, id: string, requestId: string): Promise<void> {
      const rec = await d.keys.findById(id);
      if (!rec || (rec.userId !== p.userId && p.role !== 'admin')) throw notFound('api key');
      await d.keys.revoke(id, d.clock.now().toISOString());
      await d.audit.record({
        userId: p.userId,
        action: 'api_key.revoke',
        targetType: 'api_key',
        targetId: id,
        requestId,
      });
    },
    async principalFromKey(key: string): Promise<Principal> {
      const invalid = () =>
        new AppError(401, 'invalid_api_key', 'API key invalid, expired or revoked');
      if (!key.startsWith(API_KEY_PREFIX)) throw invalid();
      const rec = await d.keys.findByHash(sha256Hex(key));
      const now = d.clock.now();
      if (
        !rec ||
        rec.revokedAt !== null ||
        (rec.expiresAt !== null && rec.expiresAt <= now.toISOString())
      )
        throw invalid();
      const user = await d.users.findById(rec.userId);
      if (!user || !user.active) throw invalid();
      if (rec.lastUsedAt === null || now.getTime() - Date.parse(rec.lastUsedAt) > TOUCH_EVERY_MS) {
        await d.keys.touch(rec.id, now.toISOString());
      }
      return { userId: user.id, username: user.username, role: user.role, via: 'api_key' };
    },
  };
}
export type ApiKeysService = ReturnType<typeof createApiKeysService>;
