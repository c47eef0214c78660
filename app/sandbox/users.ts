import { randomBytes, randomUUID, timingSafeEqual, createHash } from 'node:crypto';
import type { Account, UnknownObject } from 'oidc-provider';

import type { SandboxUser } from './types';

const DEMO_PEOPLE = [
  { username: 'ada@sandbox.test', givenName: 'Ada', familyName: 'Lovelace' },
  { username: 'grace@sandbox.test', givenName: 'Grace', familyName: 'Hopper' },
] as const;

/** The demo users of one sandbox start: fresh passwords, subjects and object ids. */
export function createDemoUsers(): SandboxUser[] {
  return DEMO_PEOPLE.map(({ username, givenName, familyName }) => ({
    username,
    password: randomBytes(9).toString('base64url'),
    sub: randomBytes(24).toString('base64url'),
    oid: randomUUID(),
    name: `${givenName} ${familyName}`,
    givenName,
    familyName,
    email: username,
  }));
}

function sameSecret(a: string, b: string): boolean {
  const digest = (value: string) => createHash('sha256').update(value, 'utf8').digest();
  return timingSafeEqual(digest(a), digest(b));
}

/** Looks users up and checks passwords (user names compare case-insensitively). */
export class UserDirectory {
  constructor(
    readonly users: readonly SandboxUser[],
    private readonly tenantId: string,
  ) {}

  byUsername(username: string): SandboxUser | undefined {
    const wanted = username.trim().toLowerCase();
    return this.users.find((user) => user.username.toLowerCase() === wanted);
  }

  bySub(sub: string): SandboxUser | undefined {
    return this.users.find((user) => user.sub === sub);
  }

  /** The user whose password matches, else undefined (no hint which part was wrong). */
  authenticate(username: string, password: string): SandboxUser | undefined {
    const user = this.byUsername(username);
    const ok = sameSecret(user?.password ?? randomBytes(9).toString('base64url'), password);
    return user && ok ? user : undefined;
  }

  /**
   * oidc-provider's account for a subject: every claim the user has; oidc-provider filters them
   * by the granted scopes (OpenID Connect Core 1.0 §5.4) and the `claims` configuration.
   */
  account(sub: string): Account | undefined {
    const user = this.bySub(sub);
    if (!user) return undefined;
    const claims: UnknownObject = {
      sub: user.sub,
      name: user.name,
      given_name: user.givenName,
      family_name: user.familyName,
      preferred_username: user.username,
      email: user.email,
      email_verified: true,
      tid: this.tenantId,
      oid: user.oid,
    };
    return { accountId: user.sub, claims: () => claims };
  }
}

/**
 * Which claims each scope releases (OpenID Connect Core 1.0 §5.4). `tid`, `oid` and
 * `preferred_username` ride on `openid`, as Entra puts them in every ID token; `email` comes with
 * `profile` too so ID tokens for `openid profile` carry it.
 */
export const CLAIMS_BY_SCOPE: Record<string, string[]> = {
  openid: ['sub', 'tid', 'oid', 'preferred_username'],
  profile: ['name', 'given_name', 'family_name', 'preferred_username', 'email'],
  email: ['email', 'email_verified'],
};
