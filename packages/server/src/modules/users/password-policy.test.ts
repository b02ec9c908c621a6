import { randomBytes } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { passwordProblem } from './password-policy.js';

const owner = { username: 'annika', email: 'annika.berg@example.org' };

describe('passwordProblem', () => {
  it('asks for 8 characters everywhere', () => {
    expect(passwordProblem('a', owner, false)).toBe('password must be at least 8 characters');
    expect(passwordProblem('a', owner, true)).toBe('password must be at least 8 characters');
  });

  it('in development accepts any password of 8 characters', () => {
    expect(passwordProblem('aaaaaaaa', owner, false)).toBeUndefined();
    expect(passwordProblem('password', owner, false)).toBeUndefined();
  });

  it('in production refuses guessable passwords, saying why', () => {
    for (const weak of ['aaaaaaaaaaaa', 'password1', '12345678', 'qwertyuiop', 'annika2024']) {
      const problem = passwordProblem(weak, owner, true);
      expect(problem, weak).toMatch(
        /^password is too easy to guess \(estimated 10\^\d+ guesses, needs 10\^8\): \S/,
      );
    }
  });

  it('in production counts the owner’s own name as guessable', () => {
    expect(passwordProblem('annika.berg!', owner, true)).toMatch(/too easy to guess/);
    expect(
      passwordProblem('annika.berg!', { username: 'x1', email: 'x1@y.z' }, true),
    ).toBeUndefined();
  });

  it('in production accepts strong passwords, long ones included', () => {
    expect(passwordProblem('tangerine-vessel-orbit-42', owner, true)).toBeUndefined();
    expect(passwordProblem('Kx9#mQ2$vL7p', owner, true)).toBeUndefined();
    expect(passwordProblem(randomBytes(768).toString('base64'), owner, true)).toBeUndefined();
    // Repeating a short password gains nothing, however long it gets.
    expect(passwordProblem('zR4!'.repeat(256), owner, true)).toMatch(/too easy to guess/);
  });
});
