import { createHash, randomBytes } from 'node:crypto';

/** Long random secrets (refresh tokens, API keys) need no salt or slow hash: SHA-256 suffices. */
export function sha256Hex(text: string): string {
  return createHash('sha256').update(text).digest('hex');
}

export function randomSecret(bytes = 32): string {
  return randomBytes(bytes).toString('base64url');
}
