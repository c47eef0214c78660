/**
 * The sandbox provider as a tool: everything needed to use it from other programs (curl, an
 * app under development), shown in the window. These are credentials of a provider that runs on
 * 127.0.0.1 only and forgets everything when it stops: they are meant to be seen and copied.
 */
export interface SandboxDetails {
  issuer: string;
  discoveryUrl: string;
  clients: SandboxClientDetails[];
  resources: Array<{ identifier: string; scopes: string[] }>;
  users: Array<{ username: string; password: string; name: string }>;
  /** The accounts "Try the sandbox" added that are still there (by their demo names). */
  demoAccountIds: string[];
}

export interface SandboxClientDetails {
  /** What it is for, in a few words. */
  purpose: string;
  clientId: string;
  clientSecret?: string;
  redirectUri?: string;
  /** `private_key_jwt`: the certificate and its private key (PEM), to download. */
  certificatePem?: string;
  privateKeyPem?: string;
  /** The certificate's SHA-1 thumbprint (hex), as Entra and ADAL show it. */
  thumbprintSha1Hex?: string;
}
