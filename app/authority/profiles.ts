/**
 * Who issues the tokens. A profile is what the user chose; `resolveAuthority` turns it into the
 * URL openid-client discovers from.
 */

import type { EntraCloud } from '../contract/authority';
import { ENTRA_CLOUD_INFO } from './entra-clouds';

/** Microsoft Entra ID's clouds and their sign-in hosts (see `entra-clouds.ts`). */
export const ENTRA_CLOUDS: Record<EntraCloud, string> = Object.fromEntries(
  Object.entries(ENTRA_CLOUD_INFO).map(([cloud, info]) => [cloud, info.host]),
) as Record<EntraCloud, string>;

export type {
  AuthorityProfile,
  B2cAuthority,
  EntraAuthority,
  EntraCloud,
  OidcAuthority,
  SandboxAuthority,
} from '../contract/authority';
