import { ChoiceGroup, TextField } from './fields';
import { emptyTarget, type FieldErrors, type FormState, type TargetDraft } from './model';

interface TargetsSectionProps {
  form: FormState;
  errors: FieldErrors;
  set: (patch: Partial<FormState>) => void;
}

/** What the tokens are for: one or more resources or scope sets, each with a name. */
export function TargetsSection({ form, errors, set }: TargetsSectionProps) {
  const update = (index: number, patch: Partial<TargetDraft>) =>
    set({ targets: form.targets.map((t, i) => (i === index ? { ...t, ...patch } : t)) });
  const remove = (index: number) => set({ targets: form.targets.filter((_, i) => i !== index) });
  const add = () => set({ targets: [...form.targets, { ...emptyTarget(form.preset), label: '' }] });

  return (
    <section className="form-section" aria-labelledby="targets-title">
      <h3 id="targets-title">Tokens for</h3>
      {errors.targets && (
        <p id="field-targets" className="field-error" tabIndex={-1}>
          {errors.targets}
        </p>
      )}
      {form.targets.map((target, i) => (
        <fieldset key={target.key} className="target-draft">
          <legend>Target {i + 1}</legend>
          <div className="field-grid">
            <TextField
              name={`targets.${i}.label`}
              label="Name"
              value={target.label}
              onChange={(label) => update(i, { label })}
              errors={errors}
              maxLength={120}
              placeholder="Orders API"
            />
            <ChoiceGroup
              name={`targets.${i}.kind`}
              legend="Ask for"
              value={target.kind}
              onChange={(kind) => update(i, { kind })}
              choices={[
                { value: 'resource', label: 'A resource' },
                { value: 'scopes', label: 'Scopes' },
              ]}
            />
          </div>
          {target.kind === 'resource' && (
            <TextField
              name={`targets.${i}.resource`}
              label="Resource"
              value={target.resource}
              onChange={(resource) => update(i, { resource })}
              errors={errors}
              placeholder="api://orders or https://management.azure.com"
              hint="ADAL's resource; sent as an RFC 8707 resource indicator, or <resource>/.default on Entra ID v2."
            />
          )}
          <TextField
            name={`targets.${i}.scopes`}
            label={target.kind === 'resource' ? 'Scopes (optional)' : 'Scopes'}
            value={target.scopes}
            onChange={(scopes) => update(i, { scopes })}
            errors={errors}
            placeholder="api.read api.write"
            hint="Separated by spaces."
          />
          <TextField
            name={`targets.${i}.curlUrl`}
            label="URL for “Copy as curl” (optional)"
            type="url"
            value={target.curlUrl}
            onChange={(curlUrl) => update(i, { curlUrl })}
            errors={errors}
            placeholder="https://api.example.com/orders"
          />
          {form.targets.length > 1 && (
            <button type="button" className="link-button" onClick={() => remove(i)}>
              Remove target {i + 1}
            </button>
          )}
        </fieldset>
      ))}
      <button type="button" onClick={add} disabled={form.targets.length >= 50}>
        Add a target
      </button>
    </section>
  );
}
