import { needsClientCredential } from '../../../app/contract/flow-rules';
import { CheckField, ChoiceGroup, TextField } from './fields';
import type { FieldErrors, FormState } from './model';

interface ClientAuthSectionProps {
  form: FormState;
  errors: FieldErrors;
  set: (patch: Partial<FormState>) => void;
  /** What is already stored for the account being edited (secrets are write-only). */
  stored: { secret: boolean; key: boolean };
}

/** The client: its id and how it proves itself (nothing, a secret, or a certificate). */
export function ClientAuthSection({ form, errors, set, stored }: ClientAuthSectionProps) {
  const appFlow = needsClientCredential(form.flow);
  return (
    <section className="form-section" aria-labelledby="client-title">
      <h3 id="client-title">Client</h3>
      <TextField
        name="clientId"
        label="Client (application) id"
        value={form.clientId}
        onChange={(clientId) => set({ clientId })}
        errors={errors}
        maxLength={256}
        placeholder="00000000-0000-0000-0000-000000000000"
      />
      <ChoiceGroup
        name="clientAuth"
        legend="Client authentication"
        value={form.authKind}
        onChange={(authKind) => set({ authKind })}
        errors={errors}
        choices={[
          ...(appFlow ? [] : [{ value: 'none' as const, label: 'None (public client)' }]),
          { value: 'secret' as const, label: 'A client secret' },
          { value: 'certificate' as const, label: 'A certificate' },
        ]}
      />
      {form.authKind === 'secret' && (
        <div className="field-grid">
          <TextField
            name="clientSecret"
            label="Client secret"
            secret
            value={form.clientSecret}
            onChange={(clientSecret) => set({ clientSecret })}
            errors={errors}
            maxLength={1_024}
            hint={
              stored.secret
                ? 'A secret is stored. Leave this empty to keep it, or type a new one.'
                : 'Kept encrypted on this computer.'
            }
          />
          <ChoiceGroup
            name="secretMethod"
            legend="Send it"
            value={form.secretMethod}
            onChange={(secretMethod) => set({ secretMethod })}
            errors={errors}
            choices={[
              {
                value: 'automatic',
                label: 'Automatically',
                description: 'As the provider says it accepts (basic if it does not say)',
              },
              {
                value: 'client_secret_basic',
                label: 'In the Authorization header',
                description: 'client_secret_basic',
              },
              {
                value: 'client_secret_post',
                label: 'In the request body',
                description: 'client_secret_post; try it when a provider refuses the header',
              },
            ]}
          />
        </div>
      )}
      {form.authKind === 'certificate' && <CertificateFields {...{ form, errors, set, stored }} />}
    </section>
  );
}

function CertificateFields({ form, errors, set, stored }: ClientAuthSectionProps) {
  return (
    <>
      <ChoiceGroup
        name="certSource"
        legend="Identify the certificate by"
        value={form.certSource}
        onChange={(certSource) => set({ certSource })}
        choices={[
          { value: 'pem', label: 'The certificate itself' },
          { value: 'thumbprint', label: 'Its SHA-1 thumbprint (as ADAL)' },
        ]}
      />
      {form.certSource === 'pem' ? (
        <TextField
          name="certificatePem"
          label="Certificate (PEM)"
          rows={4}
          value={form.certificatePem}
          onChange={(certificatePem) => set({ certificatePem })}
          errors={errors}
          placeholder="-----BEGIN CERTIFICATE-----"
        />
      ) : (
        <TextField
          name="thumbprintSha1Hex"
          label="Thumbprint (SHA-1, hex)"
          value={form.thumbprint}
          onChange={(thumbprint) => set({ thumbprint })}
          errors={errors}
          maxLength={128}
          placeholder="40 hexadecimal characters, as the Azure portal shows"
        />
      )}
      <TextField
        name="certificateKeyPem"
        label="Private key (PEM)"
        rows={4}
        value={form.keyPem}
        onChange={(keyPem) => set({ keyPem })}
        errors={errors}
        placeholder="-----BEGIN PRIVATE KEY-----"
        hint={
          stored.key
            ? 'A key is stored. Leave this empty to keep it, or paste a new one.'
            : 'RSA. Kept encrypted on this computer; never shown again.'
        }
      />
      <ChoiceGroup
        name="algorithm"
        legend="Signing algorithm"
        value={form.algorithm}
        onChange={(algorithm) => set({ algorithm })}
        choices={[
          { value: 'RS256', label: 'RS256' },
          { value: 'PS256', label: 'PS256' },
        ]}
      />
      <ChoiceGroup
        name="audience"
        legend="Address the assertion to"
        value={form.audience}
        onChange={(audience) => set({ audience })}
        errors={errors}
        choices={[
          {
            value: 'token-endpoint',
            label: 'The token endpoint',
            description: 'Standard; what Microsoft Entra ID expects',
          },
          {
            value: 'issuer',
            label: 'The issuer',
            description: 'Only for providers that ask for it',
          },
        ]}
      />
      {form.certSource === 'pem' && (
        <CheckField
          name="sendChain"
          label="Send the certificate chain (x5c)"
          hint="For Entra ID's subject name and issuer authentication: every certificate pasted above, the app's own first."
          checked={form.sendChain}
          onChange={(sendChain) => set({ sendChain })}
          errors={errors}
        />
      )}
    </>
  );
}
