import type { EntraCloud } from '../../../app/contract/authority';
import {
  adfsAuthorityUrl,
  adfsHostProblem,
  b2cAuthorityUrl,
  b2cProblems,
  type FieldProblem,
} from '../../../app/contract/authority-checks';
import { ChoiceGroup, Field, SelectField, TextField } from './fields';
import type { FieldErrors, FormState, OidcKind, Preset } from './model';
import type { Discovery } from './useDiscovery';

const CLOUDS: Array<{ value: EntraCloud; label: string }> = [
  { value: 'public', label: 'Global (login.microsoftonline.com)' },
  { value: 'usgov', label: 'US Government (login.microsoftonline.us)' },
  { value: 'china', label: 'China, 21Vianet (login.chinacloudapi.cn)' },
  { value: 'bleu', label: 'France, Bleu (login.sovcloud-identity.fr)' },
  { value: 'delos', label: 'Germany, Delos (login.sovcloud-identity.de)' },
  { value: 'govsg', label: 'Singapore, GovSG (login.sovcloud-identity.sg)' },
];

interface AuthoritySectionProps {
  form: FormState;
  errors: FieldErrors;
  discovery: Discovery;
  onRecheck: () => void;
  onPreset: (preset: Preset) => void;
  set: (patch: Partial<FormState>) => void;
  editing: boolean;
}

/** What the provider-type choice offers: the presets, and B2C and AD FS as kinds of `oidc`. */
type ProviderChoice = Preset | Exclude<OidcKind, 'issuer'>;

const b2cParts = (form: FormState) => ({
  tenant: form.b2cTenant,
  policy: form.b2cPolicy,
  domain: form.b2cDomain,
});

/**
 * The issuer a B2C or AD FS form stores (an `oidc` account, as MSAL takes these authorities: by
 * URL), or '' while its fields are incomplete: each field then says what is missing.
 */
function madeIssuer(form: FormState): string {
  if (form.oidcKind === 'b2c')
    return b2cProblems(b2cParts(form)).length ? '' : b2cAuthorityUrl(b2cParts(form));
  if (form.oidcKind === 'adfs')
    return adfsHostProblem(form.adfsHost) ? '' : adfsAuthorityUrl(form.adfsHost);
  return form.issuer;
}

/** Who issues the tokens: a preset, then its few fields, with the live discovery check. */
export function AuthoritySection(props: AuthoritySectionProps) {
  const { form, errors, discovery, onRecheck, onPreset, editing } = props;
  // B2C and AD FS fields make the issuer: every change of theirs makes it again.
  const set = (patch: Partial<FormState>) => {
    const next = { ...form, ...patch };
    props.set(
      next.oidcKind === 'issuer' || 'issuer' in patch
        ? patch
        : { ...patch, issuer: madeIssuer(next) },
    );
  };
  const choice: ProviderChoice =
    form.preset === 'oidc' && form.oidcKind !== 'issuer' ? form.oidcKind : form.preset;
  const choose = (value: ProviderChoice) => {
    if (value === 'b2c' || value === 'adfs') {
      if (form.preset !== 'oidc') onPreset('oidc');
      set({ oidcKind: value });
    } else {
      onPreset(value);
      if (value === 'oidc') set({ oidcKind: 'issuer' });
    }
  };
  // The fields' own problems, shown once the form shows the authority's error (after a save, or
  // while the field has text), and the engine's, by field name.
  const own = (problems: FieldProblem[]): FieldErrors => {
    const shown: FieldErrors = { ...errors };
    for (const problem of problems) {
      const value = form[problem.field as keyof FormState];
      if (errors.issuer || (typeof value === 'string' && value.trim()))
        shown[problem.field] ??= problem.message;
    }
    return shown;
  };
  const fieldErrors =
    form.oidcKind === 'b2c'
      ? own(b2cProblems(b2cParts(form)))
      : own([adfsHostProblem(form.adfsHost)].filter((p): p is FieldProblem => !!p));
  // The issuer's own message ("Enter the issuer URL") only when no field explains it.
  const issuerErrors: FieldErrors =
    form.issuer || !errors.issuer ? errors : { ...errors, issuer: 'Complete the fields above.' };
  return (
    <section className="form-section" aria-labelledby="authority-title">
      <h3 id="authority-title">Provider</h3>
      <ChoiceGroup
        name="preset"
        legend="Provider type"
        layout="grid"
        value={choice}
        onChange={choose}
        choices={[
          {
            value: 'entra',
            label: 'Microsoft Entra ID',
            description: 'Work, school or personal Microsoft accounts',
          },
          {
            value: 'b2c',
            label: 'Azure AD B2C',
            description: 'A B2C tenant and user flow, on b2clogin.com or a custom domain',
          },
          {
            value: 'adfs',
            label: 'AD FS',
            description: 'Active Directory Federation Services (2016 or later)',
          },
          {
            value: 'oidc',
            label: 'OpenID Connect provider',
            description: 'Any standards-compliant issuer, found by its URL',
          },
          {
            value: 'sandbox',
            label: 'TokenDock sandbox',
            description: 'The built-in test provider on this computer',
          },
        ]}
      />
      {editing && (
        <p className="field-hint">
          Changing the provider, client or flow signs the account out: its tokens belong to the old
          set-up.
        </p>
      )}
      {form.preset === 'entra' && (
        <div className="field-grid">
          <TextField
            name="tenant"
            label="Tenant"
            value={form.tenant}
            onChange={(tenant) => set({ tenant })}
            errors={errors}
            placeholder="contoso.onmicrosoft.com"
            hint="A tenant id (GUID), a verified domain, or organizations / common / consumers."
            maxLength={256}
          />
          <SelectField
            name="cloud"
            label="Cloud"
            value={form.cloud}
            options={CLOUDS}
            onChange={(cloud) => set({ cloud })}
            errors={errors}
          />
        </div>
      )}
      {form.preset === 'entra' && (
        <ChoiceGroup
          name="version"
          legend="Endpoints"
          value={form.version}
          onChange={(version) => set({ version })}
          choices={[
            { value: 'v2', label: 'v2.0 (scopes)' },
            { value: 'v1', label: 'v1 (resource, as ADAL)' },
          ]}
        />
      )}
      {choice === 'b2c' && (
        <div className="field-grid">
          <TextField
            name="b2cTenant"
            label="Tenant"
            value={form.b2cTenant}
            onChange={(b2cTenant) => set({ b2cTenant })}
            errors={fieldErrors}
            placeholder="contoso.onmicrosoft.com"
            hint="The tenant's name (contoso), or its id (GUID) with a custom domain."
            maxLength={256}
          />
          <TextField
            name="b2cPolicy"
            label="User flow (policy)"
            value={form.b2cPolicy}
            onChange={(b2cPolicy) => set({ b2cPolicy })}
            errors={fieldErrors}
            placeholder="B2C_1_signupsignin"
            hint="A user flow (B2C_1_…) or custom policy (B2C_1A_…)."
            maxLength={256}
          />
          <TextField
            name="b2cDomain"
            label="Custom domain (optional)"
            value={form.b2cDomain}
            onChange={(b2cDomain) => set({ b2cDomain })}
            errors={fieldErrors}
            placeholder="login.contoso.com"
            hint="Leave empty to sign in at <tenant>.b2clogin.com."
            maxLength={253}
          />
        </div>
      )}
      {choice === 'adfs' && (
        <TextField
          name="adfsHost"
          label="AD FS host"
          value={form.adfsHost}
          onChange={(adfsHost) => set({ adfsHost })}
          errors={fieldErrors}
          placeholder="fs.contoso.com"
          hint="Discovery is read from https://<host>/adfs/.well-known/openid-configuration."
          maxLength={260}
        />
      )}
      {(choice === 'b2c' || choice === 'adfs') && (
        <Field
          name="issuer"
          label="Authority URL"
          errors={issuerErrors}
          hint="Made from the fields above; stored as this account's issuer URL."
        >
          {(control) => (
            <input
              {...control}
              type="url"
              readOnly
              value={form.issuer}
              placeholder="Filled in from the fields above"
            />
          )}
        </Field>
      )}
      {choice === 'oidc' && (
        <TextField
          name="issuer"
          label="Issuer URL"
          type="url"
          value={form.issuer}
          onChange={(issuer) => set({ issuer })}
          errors={errors}
          placeholder="https://login.example.com/"
          hint="Discovery is read from <issuer>/.well-known/openid-configuration."
        />
      )}
      <DiscoveryStatus discovery={discovery} onRecheck={onRecheck} />
    </section>
  );
}

function DiscoveryStatus({
  discovery,
  onRecheck,
}: {
  discovery: Discovery;
  onRecheck: () => void;
}) {
  return (
    <div className="discovery" role="status" aria-live="polite">
      {discovery.status === 'checking' && (
        <p className="muted">
          <span className="spinner" aria-hidden="true" /> Checking the provider's discovery
          document…
        </p>
      )}
      {discovery.status === 'ok' && (
        <p className="ok-text">
          <span aria-hidden="true">✓ </span>Discovery works: {discovery.issuer} (
          {discovery.endpoints.length} endpoints).
        </p>
      )}
      {discovery.status === 'failed' && (
        <button type="button" className="link-button" onClick={onRecheck}>
          Check the provider again
        </button>
      )}
    </div>
  );
}
