import { isAppOnlyFlow, type AccountInput } from '../../../app/contract/accounts';
import { canStartFromRefreshToken, usesRedirectUri } from '../../../app/contract/flow-rules';
import { authorityOf, emptyForm, type FormState, type Preset, type TargetDraft } from './model';

/** From the form's strings to what the contract carries. */

const splitScopes = (text: string) => text.split(/[\s,]+/).filter(Boolean);

/** The contract's `AccountInput` for the form; only the fields the chosen flow uses. */
export function toInput(form: FormState): AccountInput {
  const auth = form.authKind;
  const usesRedirect = usesRedirectUri(form.flow);
  return {
    name: form.name.trim(),
    authority: authorityOf(form),
    flow: form.flow,
    clientId: form.clientId.trim(),
    clientAuth:
      auth === 'secret'
        ? { kind: 'secret', method: form.secretMethod }
        : auth === 'certificate'
          ? {
              kind: 'certificate',
              algorithm: form.algorithm,
              ...(form.certSource === 'pem'
                ? { certificatePem: form.certificatePem.trim() }
                : { thumbprintSha1Hex: form.thumbprint.trim() }),
              // Defaults (token endpoint, no chain) are left out: absent means the same.
              ...(form.audience === 'issuer' ? { audience: 'issuer' as const } : {}),
              ...(form.sendChain && form.certSource === 'pem' ? { sendChain: true } : {}),
            }
          : { kind: 'none' },
    ...(auth === 'secret' && form.clientSecret ? { clientSecret: form.clientSecret } : {}),
    ...(auth === 'certificate' && form.keyPem.trim()
      ? { certificateKeyPem: form.keyPem.trim() }
      : {}),
    ...(usesRedirect ? { signInMode: form.signInMode } : {}),
    ...(usesRedirect && form.redirectUri.trim() ? { redirectUri: form.redirectUri.trim() } : {}),
    ...(form.flow === 'password' || (usesRedirect && form.username.trim())
      ? { username: form.username.trim() }
      : {}),
    ...(form.flow === 'on_behalf_of'
      ? {
          assertionFrom: {
            accountId: form.assertionAccountId,
            targetId: form.assertionTargetId,
          },
        }
      : {}),
    targets: form.targets.map((t) => {
      const scopes = splitScopes(t.scopes);
      return {
        ...(t.id ? { id: t.id } : {}),
        label: t.label.trim(),
        target:
          t.kind === 'resource'
            ? {
                kind: 'resource',
                resource: t.resource.trim(),
                ...(scopes.length ? { scopes } : {}),
              }
            : { kind: 'scopes', scopes },
        ...(t.curlUrl.trim() ? { curlUrl: t.curlUrl.trim() } : {}),
      };
    }),
    ...(form.continuousAccessEvaluation && form.preset === 'entra' && !isAppOnlyFlow(form.flow)
      ? { clientCapabilities: ['cp1' as const] }
      : {}),
    ...(form.useRefreshToken && canStartFromRefreshToken(form.flow)
      ? { refreshToken: form.refreshToken.trim() }
      : {}),
  };
}

/** The form after choosing another preset: defaults that still are defaults follow it. */
export function retarget(form: FormState, preset: Preset): FormState {
  const before = emptyForm(form.preset);
  const after = emptyForm(preset);
  const untouchedTarget =
    form.targets.length === 1 &&
    ['label', 'kind', 'resource', 'scopes'].every(
      (k) =>
        form.targets[0]![k as keyof TargetDraft] === before.targets[0]![k as keyof TargetDraft],
    );
  return {
    ...form,
    preset,
    clientId: form.clientId === before.clientId ? after.clientId : form.clientId,
    redirectUri: form.redirectUri === before.redirectUri ? after.redirectUri : form.redirectUri,
    targets: untouchedTarget ? after.targets : form.targets,
  };
}
