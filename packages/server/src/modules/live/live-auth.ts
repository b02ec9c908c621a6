import type { Role } from '@grimnir/contracts';
import type { Clock } from '../../infra/clock.js';
import { sha256Hex } from '../auth/index.js';
import type { AttemptLimiter } from '../auth/index.js';
import type { PasswordHasher } from '../auth/index.js';
import type { Principal } from '../../plugins/principal.js';
import type { StationAccess } from '../stations/index.js';
import type { MountRecord, MountsRepository } from '../stations/index.js';
import type { StationsRepository } from '../stations/index.js';
import type { UsersRepository } from '../users/index.js';
import type { LiveRepository, LiveSessionRow } from './live.repository.js';
import type { BasicCredentials } from './source-protocol.js';
import { mountFromTarget } from './source-protocol.js';

export const REFUSAL_REASONS = [
  'bad_request',
  'no_credentials',
  'unauthorized',
  'rate_limited',
  'forbidden',
  'unknown_mount',
  'busy',
  'engine_unavailable',
] as const;
export type RefusalReason = (typeof REFUSAL_REASONS)[number];

/** Why a source (or metadata update) is refused, with the status Icecast would answer. */
export interface Refusal {
  refused: true;
  status: 400 | 401 | 403 | 404 | 409 | 429 | 503;
  reason: RefusalReason;
  message: string;
}
export const refuse = (
  status: Refusal['status'],
  reason: RefusalReason,
  message: string,
): Refusal => ({ refused: true, status, reason, message });

export type SourceIdentity =
  | { kind: 'token'; tokenId: string; label: string | null; createdBy: string | null }
  | { kind: 'user'; userId: string; username: string; role: Role };

const principalOf = (u: { userId: string; username: string; role: Role }): Principal => ({
  userId: u.userId,
  username: u.username,
  role: u.role,
  via: 'jwt',
});

export interface AuthorisedSource {
  refused: false;
  mount: MountRecord;
  identity: SourceIdentity;
}

interface LiveAuthDeps {
  repo: LiveRepository;
  mounts: MountsRepository;
  stations: StationsRepository;
  users: UsersRepository;
  access: StationAccess;
  hasher: PasswordHasher;
  clock: Clock;
  /** Failed attempts per client address: DJ passwords are account passwords. */
  limiter: AttemptLimiter;
}

/**
 * Who may feed a station mount: the holder of an unexpired, unused live token for that mount,
 * or a user with at least the DJ role on the mount's station (admins included).
 */
export function createLiveAuth(d: LiveAuthDeps) {
  const failed = (ip: string) => d.limiter.hit(`live:${ip}`, d.clock.now().getTime());

  async function resolveMount(target: string): Promise<MountRecord | Refusal> {
    const name = mountFromTarget(target);
    const mount = name === undefined ? undefined : await d.mounts.findByName(name);
    const station = mount && (await d.stations.findById(mount.stationId));
    if (!mount || !station) return refuse(404, 'unknown_mount', 'no such mount');
    if (!station.active) return refuse(403, 'forbidden', 'the station is not active');
    return mount;
  }

  async function asUser(
    mount: MountRecord,
    creds: BasicCredentials,
  ): Promise<SourceIdentity | Refusal> {
    const user = await d.users.findByLogin(creds.user);
    const ok = await d.hasher.verify(creds.password, user?.passwordHash ?? '');
    if (!user || !ok || !user.active) return refuse(401, 'unauthorized', 'invalid credentials');
    const identity = {
      kind: 'user',
      userId: user.id,
      username: user.username,
      role: user.role,
    } as const;
    const role = await d.access.roleOn(principalOf(identity), mount.stationId);
    if (role !== 'manager' && role !== 'dj')
      return refuse(403, 'forbidden', 'requires the dj role on this station');
    return identity;
  }

  /** Token first (any user name), then the credentials as a DJ login. */
  async function identify(
    mount: MountRecord,
    creds: BasicCredentials,
    forMetadata: LiveSessionRow | undefined,
  ): Promise<SourceIdentity | Refusal> {
    const token = await d.repo.findTokenByHash(sha256Hex(creds.password));
    if (!token) return asUser(mount, creds);
    if (token.mount_id !== mount.id)
      return refuse(403, 'forbidden', 'this password is for another mount');
    // A token opens one session; afterwards it still authenticates that session's title updates.
    if (forMetadata) {
      if (forMetadata.token_id !== token.id)
        return refuse(401, 'unauthorized', 'this password was already used');
    } else {
      if (token.used_at !== null)
        return refuse(401, 'unauthorized', 'this password was already used');
      if (token.expires_at <= d.clock.now().toISOString())
        return refuse(401, 'unauthorized', 'this password has expired');
    }
    return { kind: 'token', tokenId: token.id, label: token.label, createdBy: token.created_by };
  }

  async function check(
    target: string,
    creds: BasicCredentials | undefined,
    ip: string,
    session: (m: MountRecord) => Promise<LiveSessionRow | undefined>,
  ): Promise<(AuthorisedSource & { session: LiveSessionRow | undefined }) | Refusal> {
    if (!creds) return refuse(401, 'no_credentials', 'authentication required');
    const wait = d.limiter.blockedFor(`live:${ip}`, d.clock.now().getTime());
    if (wait > 0)
      return refuse(429, 'rate_limited', `too many failed attempts; retry in ${wait} s`);
    const mount = await resolveMount(target);
    if ('refused' in mount) return mount;
    const open = await session(mount);
    const identity = await identify(mount, creds, open);
    if ('refused' in identity) {
      if (identity.status === 401) failed(ip);
      return identity;
    }
    return { refused: false, mount, identity, session: open };
  }

  return {
    /** A DJ connecting: the mount's station must not have a DJ already (checked again on insert). */
    async source(
      target: string,
      creds: BasicCredentials | undefined,
      ip: string,
    ): Promise<AuthorisedSource | Refusal> {
      const r = await check(target, creds, ip, () => Promise.resolve(undefined));
      if (r.refused) return r;
      const open = await d.repo.openSessionOf(r.mount.stationId);
      if (open) return refuse(409, 'busy', 'a DJ is already live on this station');
      return { refused: false, mount: r.mount, identity: r.identity };
    },

    /** A title update: allowed for the credentials of the session open on the mount's station. */
    async metadata(
      target: string,
      creds: BasicCredentials | undefined,
      ip: string,
    ): Promise<{ refused: false; session: LiveSessionRow } | Refusal> {
      const r = await check(target, creds, ip, (m) => d.repo.openSessionOf(m.stationId));
      if (r.refused) return r;
      if (!r.session || r.session.mount_id !== r.mount.id)
        return refuse(404, 'unknown_mount', 'no live source on this mount');
      const id = r.identity;
      const owns =
        id.kind === 'token' ? r.session.token_id === id.tokenId : r.session.user_id === id.userId;
      // Managers (and admins) may retitle anyone's show; a DJ only their own.
      if (!owns && id.kind === 'user') {
        const role = await d.access.roleOn(principalOf(id), r.mount.stationId);
        if (role !== 'manager') return refuse(403, 'forbidden', 'another DJ is live here');
      } else if (!owns) return refuse(403, 'forbidden', 'another DJ is live here');
      return { refused: false, session: r.session };
    },
  };
}
export type LiveAuth = ReturnType<typeof createLiveAuth>;
