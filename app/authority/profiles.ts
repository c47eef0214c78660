/**
 * Who issues the tokens. A profile is what the user chose; `resolveAuthority` turns it into the
 * URL openid-client discovers from.
 */

/** Microsoft Entra ID's national clouds and their sign-in hosts. */
import type { EntraCloud } from '../contract/authority';

export const ENTRA_CLOUDS: Record<EntraCloud, string> = {
  public: 'login.microsoftonline.com',
  usgov: 'login.microsoftonline.us',
  china: 'login.chinacloudapi.cn',
};

export type {
  AuthorityProfile,
  EntraAuthority,
  EntraCloud,
  OidcAuthority,
  SandboxAuthority,
} from '../contract/authority';
