import { z } from 'zod';
import { ROLES, STATION_ROLES } from './roles.js';

export const LoginRequest = z.object({
  username: z.string().min(1).max(254).describe('username or email'),
  password: z.string().min(1).max(1024),
});
export const RefreshRequest = z.object({ refresh_token: z.string().min(1).max(512) });
export const TokenResponse = z.object({
  access_token: z.string(),
  token_type: z.literal('Bearer'),
  expires_in: z.number().int(),
  refresh_token: z.string(),
});

const Password = z.string().min(8, 'at least 8 characters').max(1024);
const Username = z
  .string()
  .min(2)
  .max(64)
  .regex(/^[A-Za-z0-9._-]+$/, 'letters, digits, ".", "_" or "-"');

export const User = z.object({
  id: z.string(),
  username: z.string(),
  email: z.string(),
  role: z.enum(ROLES),
  active: z.boolean(),
  created_at: z.string(),
  updated_at: z.string(),
  last_login_at: z.string().nullable(),
});
export type User = z.infer<typeof User>;

export const CreateUserRequest = z.object({
  username: Username,
  email: z.email().max(254),
  password: Password,
  role: z.enum(ROLES).default('viewer'),
  active: z.boolean().default(true),
});
export const UpdateUserRequest = z
  .object({
    email: z.email().max(254),
    password: Password,
    role: z.enum(ROLES),
    active: z.boolean(),
  })
  .partial();

export const StationMember = z.object({
  station_id: z.string(),
  user_id: z.string(),
  username: z.string(),
  role: z.enum(STATION_ROLES),
  /** The user's global role, which caps the membership role. */
  user_role: z.enum(ROLES),
  /** What the user may do on this station: the membership role capped by the global role. */
  effective_role: z.enum(STATION_ROLES),
  /** A disabled account can neither log in nor go live. */
  active: z.boolean(),
});
export const PutStationMemberRequest = z.object({ role: z.enum(STATION_ROLES) });
/** Adding a member by name: managers cannot list users, but know who they want to add. */
export const AddStationMemberRequest = z.object({
  username: z.string().trim().min(1).max(64),
  role: z.enum(STATION_ROLES),
});

export const ApiKey = z.object({
  id: z.string(),
  name: z.string(),
  prefix: z.string(),
  expires_at: z.string().nullable(),
  last_used_at: z.string().nullable(),
  revoked_at: z.string().nullable(),
  created_at: z.string(),
});
export const CreateApiKeyRequest = z.object({
  name: z.string().min(1).max(100),
  expires_in_days: z.number().int().min(1).max(3650).optional(),
});
/** The secret appears in this response only; it is stored as a SHA-256 hash. */
export const CreatedApiKey = ApiKey.extend({ key: z.string() });
