/**
 * What a token is for: a set of scopes, or a resource (ADAL's `resource`; on the wire RFC 8707's
 * resource indicator, or `<resource>/.default` on Entra ID v2).
 */
export type Target =
  { kind: 'scopes'; scopes: string[] } | { kind: 'resource'; resource: string; scopes?: string[] };

/** Who a token belongs to, as far as the provider told us. */
export interface AccountInfo {
  /** upn, preferred_username or email: what a person would type to sign in. */
  userId?: string;
  /** Entra's `tid`. */
  tenantId?: string;
  /** Entra's object id of the user or app. */
  oid?: string;
  subject?: string;
  name?: string;
  givenName?: string;
  familyName?: string;
  /** `idp` when the provider federates, else the issuer. */
  identityProvider: string;
}

/** How a token is copied. */
export const COPY_FORMATS = ['raw', 'header', 'curl'] as const;
export type CopyFormat = (typeof COPY_FORMATS)[number];

/** A token's readable contents, for the decoder. */
export type DecodedToken =
  | { kind: 'jwt'; header: Record<string, unknown>; claims: Record<string, unknown> }
  | { kind: 'opaque'; length: number };

/** What the person is shown in the device code flow (RFC 8628 §3.3). */
export interface DeviceCodePrompt {
  userCode: string;
  verificationUri: string;
  verificationUriComplete?: string;
  /** The provider's own instruction (Entra sends one), else ours. */
  message: string;
  /** Seconds the code stays valid, and when it expires (UTC epoch ms). */
  expiresIn: number;
  expiresOn: number;
  /** Seconds between polls, as the provider asked (default 5, RFC 8628 §3.2). */
  interval: number;
}
