/**
 * Plain-language hints for Microsoft Entra ID's `AADSTS` error codes, the numbers Entra puts in
 * `error_codes` and at the start of `error_description`. Each says what to do, not what broke.
 * Reference: https://learn.microsoft.com/entra/identity-platform/reference-error-codes
 */
const AADSTS_HINTS: ReadonlyMap<number, string> = new Map([
  [
    50011,
    'The redirect URI does not match one registered for the app. Add it under Authentication in the app registration.',
  ],
  [
    50020,
    'This user is not a member of the tenant. Invite them as a guest or sign in with an account of the tenant.',
  ],
  [
    50034,
    'This user does not exist in the tenant. Check the user name, or use the tenant the account belongs to.',
  ],
  [50058, 'There is no signed-in session for a silent request. Sign in interactively.'],
  [
    50076,
    'Multi-factor authentication is required here. Sign in interactively (embedded window, system browser or device code), not with a password or refresh.',
  ],
  [
    50079,
    'The user must register for multi-factor authentication. Sign in interactively once to enrol.',
  ],
  [50126, 'Wrong user name or password.'],
  [
    50158,
    'An external security challenge (a third-party multi-factor provider) was not completed. Sign in interactively and complete it.',
  ],
  [50173, 'The session is no longer valid, often because the password changed. Sign in again.'],
  [
    53000,
    "Conditional Access requires a compliant device. Sign in from a device enrolled in your organisation's device management (such as Intune), or ask the tenant admin.",
  ],
  [
    530003,
    'Conditional Access requires a device your organisation manages. Sign in from a registered or joined device, or ask the tenant admin.',
  ],
  [
    53003,
    'Blocked by a Conditional Access policy. Ask the tenant admin which device, location or app requirement applies.',
  ],
  [
    65001,
    'The app has no consent for these permissions. Sign in interactively to consent, or ask an admin to grant tenant-wide consent.',
  ],
  [65004, 'The user declined consent. Sign in again and accept the requested permissions.'],
  [70000, 'The grant is invalid or malformed. Sign in again.'],
  [70008, 'The authorization code or refresh token expired. Sign in again.'],
  [
    70011,
    'A requested scope is invalid. For a resource use "<resource>/.default"; check the spelling of each scope.',
  ],
  [70043, 'The refresh token expired under a sign-in frequency policy. Sign in again.'],
  [
    500011,
    'The resource (API) was not found in the tenant. Check the resource URI or app ID URI, and that the API is registered there.',
  ],
  [
    700016,
    'The application (client id) was not found in this tenant. Check the client id and the tenant, or consent to the app in this tenant.',
  ],
  [700024, "The client assertion is outside its valid time range. Check this computer's clock."],
  [
    700027,
    'The client assertion signature did not verify. Upload this certificate to the app registration, and check its thumbprint.',
  ],
  [700082, 'The refresh token expired after a long time unused. Sign in again.'],
  [
    7000215,
    "The client secret is wrong. Use the secret's Value (not its Secret ID), and check it has not expired.",
  ],
  [
    7000218,
    'The request needs a client secret or assertion. Either supply one, or enable "Allow public client flows" in the app registration.',
  ],
  [
    90002,
    'The tenant was not found. Check the tenant id or domain, and the cloud (public, US Government, China).',
  ],
]);

/** The hint for an AADSTS code, if we know one. */
export function aadstsHint(code: number): string | undefined {
  return AADSTS_HINTS.get(code);
}

/**
 * Entra's error codes of a response: the `error_codes` array when present, otherwise the
 * `AADSTSnnnn` numbers found in `error_description`.
 */
export function entraErrorCodes(body: {
  error_codes?: unknown;
  error_description?: unknown;
}): number[] {
  if (Array.isArray(body.error_codes)) {
    return body.error_codes.filter(
      (c): c is number => typeof c === 'number' && Number.isInteger(c),
    );
  }
  if (typeof body.error_description === 'string') {
    return [...body.error_description.matchAll(/AADSTS(\d+)/g)].map((m) => Number(m[1]));
  }
  return [];
}
