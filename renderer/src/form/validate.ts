import type { FieldErrors, FormState } from './model';
import {
  adfsHostProblem,
  b2cProblems,
  issuerProblem as checkIssuer,
  tenantProblem as checkTenant,
} from '../../../app/contract/authority-checks';
import {
  CLIENT_CREDENTIAL_NEEDED,
  needsClientCredential,
  refreshTokenProblem,
  usesRedirectUri,
} from '../../../app/contract/flow-rules';
import { redirectUriProblem } from '../../../app/contract/redirect-uri';

const PEM = (label: RegExp) =>
  new RegExp(`-----BEGIN (${label.source})-----[\\s\\S]+?-----END (${label.source})-----`);
const CERT_PEM = PEM(/CERTIFICATE/);
const KEY_PEM = PEM(/(?:RSA |ENCRYPTED )?PRIVATE KEY/);

/** Why an issuer URL cannot be used, or undefined when it looks right (the engine's own check). */
export function issuerProblem(issuer: string): string | undefined {
  return checkIssuer(issuer)?.message;
}

/** Why a tenant cannot be used on this cloud, or undefined (the engine's own check). */
export function tenantProblem(tenant: string, cloud: FormState['cloud']): string | undefined {
  return checkTenant(tenant, cloud)?.message;
}

function isHttpUrl(text: string): boolean {
  try {
    return /^https?:$/.test(new URL(text).protocol);
  } catch {
    return false;
  }
}

/**
 * What the window can check before asking the engine (which checks everything again, and more:
 * certificates are parsed, keys matched). `editing` says which secrets are already stored.
 */
export function validateForm(
  form: FormState,
  stored: { secret: boolean; key: boolean } = { secret: false, key: false },
): FieldErrors {
  const errors: FieldErrors = {};
  if (!form.name.trim()) errors.name = 'Give the account a name.';
  else if (form.name.trim().length > 120) errors.name = 'Keep the name under 120 characters.';
  if (form.preset === 'entra') {
    const problem = tenantProblem(form.tenant, form.cloud);
    if (problem) errors.tenant = problem;
  }
  if (form.preset === 'oidc') {
    // B2C and AD FS: each of their own fields says what is wrong (the issuer is made from them).
    if (form.oidcKind === 'b2c')
      for (const problem of b2cProblems({
        tenant: form.b2cTenant,
        policy: form.b2cPolicy,
        domain: form.b2cDomain,
      }))
        errors[problem.field] ??= problem.message;
    else if (form.oidcKind === 'adfs') {
      const problem = adfsHostProblem(form.adfsHost);
      if (problem) errors[problem.field] = problem.message;
    } else {
      const problem = issuerProblem(form.issuer);
      if (problem) errors.issuer = problem;
    }
  }
  if (!form.clientId.trim()) errors.clientId = 'The client (application) id is required.';

  if (needsClientCredential(form.flow) && form.authKind === 'none')
    errors.clientAuth = CLIENT_CREDENTIAL_NEEDED;
  if (form.authKind === 'secret' && !form.clientSecret && !stored.secret)
    errors.clientSecret = 'Enter the client secret.';
  if (form.authKind === 'certificate') {
    if (form.certSource === 'pem' && !CERT_PEM.test(form.certificatePem))
      errors.certificatePem =
        'Paste the certificate as PEM, from -----BEGIN CERTIFICATE----- to -----END CERTIFICATE-----.';
    if (form.certSource === 'thumbprint' && !/^[0-9a-f]{40}$/i.test(form.thumbprint.trim()))
      errors.thumbprintSha1Hex = 'The thumbprint is 40 hexadecimal characters (SHA-1).';
    if (!form.keyPem.trim() && !stored.key)
      errors.certificateKeyPem = "Paste the certificate's private key (PEM).";
    else if (form.keyPem.trim() && !KEY_PEM.test(form.keyPem))
      errors.certificateKeyPem =
        'Paste the private key as PEM, from -----BEGIN PRIVATE KEY----- to -----END PRIVATE KEY-----.';
  }

  if (usesRedirectUri(form.flow)) {
    const problem = redirectUriProblem(form.signInMode, form.redirectUri);
    if (problem) errors.redirectUri = problem;
  }
  if (form.useRefreshToken) {
    const problem = refreshTokenProblem(form.flow, form.refreshToken);
    if (problem) errors.refreshToken = problem;
  }
  if (form.flow === 'password' && !form.username.trim())
    errors.username = 'The password flow needs a user name.';
  if (form.flow === 'on_behalf_of' && (!form.assertionAccountId || !form.assertionTargetId))
    errors.assertionFrom = 'Choose the account and target whose token is exchanged.';

  if (form.targets.length === 0) errors.targets = 'Add at least one target: a resource or scopes.';
  form.targets.forEach((t, i) => {
    if (!t.label.trim()) errors[`targets.${i}.label`] = 'Give the target a short name.';
    if (t.kind === 'resource' && !t.resource.trim())
      errors[`targets.${i}.resource`] = 'Enter the resource, such as api://my-api.';
    if (t.kind === 'scopes' && !t.scopes.trim())
      errors[`targets.${i}.scopes`] = 'Give at least one scope.';
    if (t.curlUrl.trim() && !isHttpUrl(t.curlUrl.trim()))
      errors[`targets.${i}.curlUrl`] = 'The curl URL must be an http or https URL.';
  });
  return errors;
}
