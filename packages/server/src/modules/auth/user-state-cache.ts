import type { Role } from '@grimnir/contracts';
import type { SignalledCache } from '../../infra/signalled-cache.js';

/** What every authenticated request checks about its user. */
export interface UserState {
  id: string;
  username: string;
  role: Role;
  active: boolean;
  tokenVersion: number;
}

/** Each user's rights by user id, dropped on the user's access signal (infra/signalled-cache). */
export type UserStateCache = Pick<SignalledCache<UserState | undefined>, 'get'>;
