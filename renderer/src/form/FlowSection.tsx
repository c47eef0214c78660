import { isAppOnlyFlow, type AccountView, type FlowKind } from '../../../app/contract/accounts';
import {
  canStartFromRefreshToken,
  MAX_REFRESH_TOKEN_LENGTH,
  needsClientCredential,
} from '../../../app/contract/flow-rules';
import { FLOW_LABELS } from '../format/labels';
import { PasswordWarning } from '../signin/PasswordWarning';
import { CheckField, ChoiceGroup, SelectField, TextField } from './fields';
import type { FieldErrors, FormState } from './model';

const DESCRIPTIONS: Record<FlowKind, string> = {
  authorization_code: 'You sign in in a window, with PKCE. The usual choice.',
  device_code: 'You enter a short code on another device or browser.',
  password: 'Legacy: the app sends your user name and password.',
  client_credentials: 'An app signs in as itself, with a secret or a certificate.',
  on_behalf_of: "Exchanges another account's token for one to a downstream API.",
};
const FLOWS = Object.keys(DESCRIPTIONS) as FlowKind[];
/** Room for surrounding white space around the longest refresh token accepted. */
const MAX_PASTE = MAX_REFRESH_TOKEN_LENGTH + 1_024;

interface FlowSectionProps {
  form: FormState;
  errors: FieldErrors;
  set: (patch: Partial<FormState>) => void;
  /** Other accounts, for on-behalf-of's source token. */
  accounts: AccountView[];
  editingId: string | undefined;
}

/** How the account signs in, and only the fields that flow needs. */
export function FlowSection({ form, errors, set, accounts, editingId }: FlowSectionProps) {
  const sources = accounts.filter((a) => a.id !== editingId);
  const source = sources.find((a) => a.id === form.assertionAccountId);
  return (
    <section className="form-section" aria-labelledby="flow-title">
      <h3 id="flow-title">Sign-in</h3>
      <ChoiceGroup
        name="flow"
        legend="Flow"
        layout="column"
        value={form.flow}
        onChange={(flow) =>
          set({
            flow,
            ...(needsClientCredential(flow) && form.authKind === 'none'
              ? { authKind: 'secret' }
              : {}),
            ...(canStartFromRefreshToken(flow) ? {} : { useRefreshToken: false, refreshToken: '' }),
          })
        }
        choices={FLOWS.map((value) => ({
          value,
          label: FLOW_LABELS[value],
          description: DESCRIPTIONS[value],
        }))}
      />
      {form.flow === 'authorization_code' && (
        <>
          <ChoiceGroup
            name="signInMode"
            legend="Sign in with"
            value={form.signInMode}
            onChange={(signInMode) => set({ signInMode })}
            choices={[
              { value: 'embedded', label: 'TokenDock sign-in window' },
              { value: 'system-browser', label: 'System browser (loopback redirect)' },
            ]}
          />
          <TextField
            name="redirectUri"
            label={form.signInMode === 'embedded' ? 'Redirect URI' : 'Redirect URI (optional)'}
            type="url"
            value={form.redirectUri}
            onChange={(redirectUri) => set({ redirectUri })}
            errors={errors}
            placeholder="http://127.0.0.1/callback"
            hint={
              form.signInMode === 'embedded'
                ? 'Exactly as registered for the app: https, http on this computer (127.0.0.1, localhost), or the app’s own scheme such as msal<client id>://auth.'
                : 'TokenDock listens on 127.0.0.1: on a free port, or on the port you give (http://127.0.0.1:8400/callback) for providers that match the redirect URI exactly.'
            }
          />
          <TextField
            name="username"
            label="Login hint (optional)"
            value={form.username}
            onChange={(username) => set({ username })}
            errors={errors}
            placeholder="ada@contoso.com"
            maxLength={256}
          />
        </>
      )}
      {form.flow === 'password' && (
        <>
          <PasswordWarning />
          <TextField
            name="username"
            label="User name"
            value={form.username}
            onChange={(username) => set({ username })}
            errors={errors}
            hint="The password is asked for at every sign-in and never stored."
            maxLength={256}
          />
        </>
      )}
      {form.flow === 'on_behalf_of' && (
        <div className="field-grid">
          <SelectField
            name="assertionFrom"
            label="Exchange the token of"
            value={form.assertionAccountId}
            options={[
              { value: '', label: 'Choose an account' },
              ...sources.map((a) => ({ value: a.id, label: a.name })),
            ]}
            onChange={(assertionAccountId) =>
              set({
                assertionAccountId,
                assertionTargetId:
                  sources.find((a) => a.id === assertionAccountId)?.targets[0]?.id ?? '',
              })
            }
            errors={errors}
          />
          <SelectField
            name="assertionTarget"
            label="Its target"
            value={form.assertionTargetId}
            options={[
              { value: '', label: source ? 'Choose a target' : 'Choose an account first' },
              ...(source?.targets ?? []).map((t) => ({ value: t.id, label: t.label })),
            ]}
            onChange={(assertionTargetId) => set({ assertionTargetId })}
            errors={errors}
          />
        </div>
      )}
      {editingId === undefined && canStartFromRefreshToken(form.flow) && (
        <RefreshTokenFields {...{ form, errors, set }} />
      )}
      {form.preset === 'entra' && !isAppOnlyFlow(form.flow) && (
        <CheckField
          name="clientCapabilities"
          label="Continuous access evaluation (client capability cp1)"
          hint="Tells Microsoft Entra ID that this app answers claims challenges, so a revoked session or a policy change takes effect at once and tokens can live longer. Entra ID only."
          checked={form.continuousAccessEvaluation}
          onChange={(continuousAccessEvaluation) => set({ continuousAccessEvaluation })}
          errors={errors}
        />
      )}
    </section>
  );
}

/**
 * "I have a refresh token": the account starts from a refresh token the person already holds
 * (as ADAL's `acquire_token_with_refresh_token`), redeemed when the account is added. The token
 * is typed into a masked field, never autocompleted, and never shown again.
 */
function RefreshTokenFields({
  form,
  errors,
  set,
}: Pick<FlowSectionProps, 'form' | 'errors' | 'set'>) {
  return (
    <>
      <CheckField
        name="useRefreshToken"
        label="I have a refresh token"
        hint="Start from a refresh token you already hold instead of signing in now. The flow above is how the account signs in again when it stops working."
        checked={form.useRefreshToken}
        onChange={(useRefreshToken) =>
          set(useRefreshToken ? { useRefreshToken } : { useRefreshToken, refreshToken: '' })
        }
        errors={errors}
      />
      {form.useRefreshToken && (
        <TextField
          name="refreshToken"
          label="Refresh token"
          secret
          value={form.refreshToken}
          onChange={(refreshToken) => set({ refreshToken })}
          errors={errors}
          maxLength={MAX_PASTE}
          hint="Redeemed once when you add the account, then replaced by the one the provider sends back. Kept encrypted, never shown or logged."
        />
      )}
    </>
  );
}
