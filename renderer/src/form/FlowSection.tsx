import type { AccountView, FlowKind } from '../../../app/contract/accounts';
import { FLOW_LABELS } from '../format/labels';
import { PasswordWarning } from '../signin/PasswordWarning';
import { ChoiceGroup, SelectField, TextField } from './fields';
import { APP_FLOWS, type FieldErrors, type FormState } from './model';

const DESCRIPTIONS: Record<FlowKind, string> = {
  authorization_code: 'You sign in in a window, with PKCE. The usual choice.',
  device_code: 'You enter a short code on another device or browser.',
  password: 'Legacy: the app sends your user name and password.',
  client_credentials: 'An app signs in as itself, with a secret or a certificate.',
  on_behalf_of: "Exchanges another account's token for one to a downstream API.",
};
const FLOWS = Object.keys(DESCRIPTIONS) as FlowKind[];

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
            ...(APP_FLOWS.has(flow) && form.authKind === 'none' ? { authKind: 'secret' } : {}),
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
                ? 'Exactly as registered for the app.'
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
    </section>
  );
}
