import type { EntraCloud } from '../../../app/contract/authority';
import { ChoiceGroup, SelectField, TextField } from './fields';
import type { FieldErrors, FormState, Preset } from './model';
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

/** Who issues the tokens: a preset, then its few fields, with the live discovery check. */
export function AuthoritySection(props: AuthoritySectionProps) {
  const { form, errors, discovery, onRecheck, onPreset, set, editing } = props;
  return (
    <section className="form-section" aria-labelledby="authority-title">
      <h3 id="authority-title">Provider</h3>
      <ChoiceGroup
        name="preset"
        legend="Provider type"
        layout="grid"
        value={form.preset}
        onChange={onPreset}
        choices={[
          {
            value: 'entra',
            label: 'Microsoft Entra ID',
            description: 'Work, school or personal Microsoft accounts',
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
      {form.preset === 'oidc' && (
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
