import { createRequire } from 'node:module';
import type { ZxcvbnFactory } from '@zxcvbn-ts/core';

/**
 * How hard a secret is to guess, by zxcvbn (pattern-aware: repeats, sequences, keyboard walks,
 * common passwords and names, l33t). Length alone is no measure: 36 × "a" is long and trivial.
 * Built on first use, with the language-independent dictionaries only: the English word list
 * took seconds to load on a busy host and a start must not wait for it (English is used for the
 * messages).
 *
 * Loaded only when a secret is checked (production start, a password set in production), and
 * let go a minute after the last check: its dictionaries held ~14 MB of heap and ~39 MB of RSS
 * in every control plane for a check made once at start. `require` (the packages' CommonJS
 * builds) keeps the check synchronous for loadConfig, and its cache can be emptied.
 */
const requireCjs = createRequire(import.meta.url);
const RELEASE_AFTER_MS = 60_000;
let factory: ZxcvbnFactory | undefined;
let release: NodeJS.Timeout | undefined;

function estimator(): ZxcvbnFactory {
  if (factory === undefined) {
    const core = requireCjs('@zxcvbn-ts/core') as typeof import('@zxcvbn-ts/core');
    const common = requireCjs(
      '@zxcvbn-ts/language-common',
    ) as typeof import('@zxcvbn-ts/language-common');
    const en = requireCjs('@zxcvbn-ts/language-en') as typeof import('@zxcvbn-ts/language-en');
    factory = new core.ZxcvbnFactory({
      dictionary: { ...common.dictionary },
      graphs: common.adjacencyGraphs,
      translations: en.translations,
    });
  }
  clearTimeout(release);
  release = setTimeout(releaseEstimator, RELEASE_AFTER_MS);
  release.unref();
  return factory;
}

/** Drops the estimator and the modules' cached exports, so the dictionaries can be collected. */
export function releaseEstimator(): void {
  clearTimeout(release);
  factory = undefined;
  for (const key of Object.keys(requireCjs.cache))
    if (key.includes('/@zxcvbn-ts/')) delete requireCjs.cache[key];
}

/**
 * zxcvbn's matching grows much faster than the length (a 44-character random key took seconds),
 * so a long secret is estimated in 16-character pieces whose guesses multiply; a piece equal to
 * an earlier one adds nothing, so repeating a short secret gains nothing.
 */
const PIECE = 16;
function guessesLog10(
  value: string,
  enough: number,
  userWords: readonly string[],
): { log10: number; hint: string | undefined } {
  let log10 = 0;
  let hint: string | undefined;
  const seen = new Set<string>();
  // Stop once the estimate is enough: a 1 KiB password must not hold the event loop.
  for (let i = 0; i < value.length && log10 < enough; i += PIECE) {
    const piece = value.slice(i, i + PIECE);
    if (seen.has(piece)) continue;
    seen.add(piece);
    const r = estimator().check(piece, [...PRODUCT_WORDS, ...userWords]);
    log10 += r.guessesLog10;
    hint ??= r.feedback.warning ?? r.feedback.suggestions[0] ?? undefined;
  }
  return { log10, hint };
}

/** Words of this product a secret must not lean on (they are public). */
const PRODUCT_WORDS = ['grimnir', 'grimnirradio', 'radio', 'icecast', 'admin', 'source', 'jwt'];

/**
 * What each kind of secret must resist, in log10 of guesses. The signing key can be attacked
 * offline from any token (HS256), so it needs ~93 bits, what a 32-character random string gives;
 * passwords are only guessed online against rate limits, so 10^10 (zxcvbn score 4) and 10^8
 * (score 3, for a person's password) suffice.
 */
export const MIN_GUESSES_LOG10 = { signingKey: 28, sharedPassword: 10, adminPassword: 8 } as const;

/**
 * undefined when strong enough, else the reason in words ("estimated 10^3 guesses, needs
 * 10^10: repeated characters like "aaa" are easy to guess").
 */
export function weakSecretReason(
  value: string,
  minGuessesLog10: number,
  /** Words the secret's owner is known by (username, e-mail): leaning on them is guessable. */
  userWords: readonly string[] = [],
): string | undefined {
  const { log10, hint } = guessesLog10(value, minGuessesLog10, userWords);
  if (log10 >= minGuessesLog10) return undefined;
  return (
    `too easy to guess (estimated 10^${Math.floor(log10)} guesses, needs ` +
    `10^${minGuessesLog10}): ${(hint ?? 'too predictable').replace(/\.$/, '')}`
  );
}
