import { useLayoutEffect, useRef, type ReactNode } from 'react';
import type { FieldErrors } from './model';

/** The DOM id of a field's control, from its engine field path (`targets.0.label`). */
export const fieldId = (name: string) => `field-${name.replace(/\./g, '-')}`;

interface ControlProps {
  id: string;
  'aria-invalid': true | undefined;
  'aria-describedby': string | undefined;
}

interface FieldProps {
  name: string;
  label: string;
  errors: FieldErrors;
  hint?: ReactNode;
  children: (props: ControlProps) => ReactNode;
}

/** A label, a control, a hint and the field's own error message right under it. */
export function Field({ name, label, errors, hint, children }: FieldProps) {
  const id = fieldId(name);
  const error = errors[name];
  const describedBy = [hint ? `${id}-hint` : '', error ? `${id}-error` : '']
    .filter(Boolean)
    .join(' ');
  return (
    <div className={`field${error ? ' has-error' : ''}`}>
      <label htmlFor={id}>{label}</label>
      {children({
        id,
        'aria-invalid': error ? true : undefined,
        'aria-describedby': describedBy || undefined,
      })}
      {hint && (
        <p id={`${id}-hint`} className="field-hint">
          {hint}
        </p>
      )}
      {error && (
        <p id={`${id}-error`} className="field-error">
          {error}
        </p>
      )}
    </div>
  );
}

interface TextFieldProps {
  name: string;
  label: string;
  value: string;
  onChange: (value: string) => void;
  errors: FieldErrors;
  hint?: ReactNode;
  type?: 'text' | 'password' | 'url';
  rows?: number;
  placeholder?: string;
  maxLength?: number;
  /**
   * A secret (client secret, refresh token): masked, and its value is set on the element only,
   * never written into the DOM as an attribute (React mirrors a controlled input's value into its
   * `value` attribute, where selectors and page dumps would see it).
   */
  secret?: boolean;
}

/** A text input (or, with `rows`, a monospace text area) in a `Field`. */
export function TextField(props: TextFieldProps) {
  const { name, label, value, onChange, errors, hint, type = 'text', rows, placeholder } = props;
  return (
    <Field name={name} label={label} errors={errors} hint={hint}>
      {(control) =>
        props.secret ? (
          <SecretInput
            control={control}
            value={value}
            onChange={onChange}
            maxLength={props.maxLength ?? 2_048}
          />
        ) : rows ? (
          <textarea
            {...control}
            className="mono"
            rows={rows}
            value={value}
            spellCheck={false}
            placeholder={placeholder}
            maxLength={props.maxLength ?? 32_768}
            onChange={(e) => onChange(e.target.value)}
          />
        ) : (
          <input
            {...control}
            type={type}
            value={value}
            spellCheck={false}
            autoComplete="off"
            placeholder={placeholder}
            maxLength={props.maxLength ?? 2_048}
            onChange={(e) => onChange(e.target.value)}
          />
        )
      }
    </Field>
  );
}

/** A masked input whose value lives in the element's property only (see `TextField.secret`). */
function SecretInput({
  control,
  value,
  onChange,
  maxLength,
}: {
  control: ControlProps;
  value: string;
  onChange: (value: string) => void;
  maxLength: number;
}) {
  const input = useRef<HTMLInputElement>(null);
  useLayoutEffect(() => {
    if (input.current && input.current.value !== value) input.current.value = value;
  }, [value]);
  return (
    <input
      {...control}
      ref={input}
      type="password"
      spellCheck={false}
      autoComplete="off"
      autoCapitalize="off"
      maxLength={maxLength}
      onChange={(e) => onChange(e.target.value)}
    />
  );
}

interface CheckFieldProps {
  name: string;
  label: string;
  checked: boolean;
  onChange: (checked: boolean) => void;
  errors: FieldErrors;
  hint?: ReactNode;
}

const CHECKBOX_LABEL = { display: 'flex', gap: 8, alignItems: 'flex-start' } as const;
const CHECKBOX_INPUT = { width: 'auto', marginTop: 4, flex: '0 0 auto' } as const;

/** A checkbox with its label, a hint and the field's own error message. */
export function CheckField({ name, label, checked, onChange, errors, hint }: CheckFieldProps) {
  const id = fieldId(name);
  const error = errors[name];
  const describedBy = [hint ? `${id}-hint` : '', error ? `${id}-error` : '']
    .filter(Boolean)
    .join(' ');
  return (
    <div className={`field${error ? ' has-error' : ''}`}>
      {/* Laid out here: `.field label`/`.field input` style text fields (block, full width). */}
      <label className="checkbox" style={CHECKBOX_LABEL}>
        <input
          type="checkbox"
          style={CHECKBOX_INPUT}
          id={id}
          checked={checked}
          aria-invalid={error ? true : undefined}
          aria-describedby={describedBy || undefined}
          onChange={(e) => onChange(e.target.checked)}
        />
        <span>{label}</span>
      </label>
      {hint && (
        <p id={`${id}-hint`} className="field-hint">
          {hint}
        </p>
      )}
      {error && (
        <p id={`${id}-error`} className="field-error">
          {error}
        </p>
      )}
    </div>
  );
}

interface Choice<T extends string> {
  value: T;
  label: string;
  description?: string;
}

interface ChoiceGroupProps<T extends string> {
  name: string;
  legend: string;
  value: T;
  choices: Array<Choice<T>>;
  onChange: (value: T) => void;
  errors?: FieldErrors;
  layout?: 'row' | 'column' | 'grid';
}

/** Radio buttons in a fieldset; arrow keys move between them (native behaviour). */
export function ChoiceGroup<T extends string>(props: ChoiceGroupProps<T>) {
  const { name, legend, value, choices, onChange, errors = {}, layout = 'row' } = props;
  const error = errors[name];
  const id = fieldId(name);
  return (
    <fieldset
      className={`choices choices-${layout}${error ? ' has-error' : ''}`}
      aria-describedby={error ? `${id}-error` : undefined}
    >
      <legend>{legend}</legend>
      {choices.map((choice) => {
        const choiceId = `${id}-${choice.value}`;
        return (
          <div key={choice.value} className="choice">
            <input
              type="radio"
              id={choiceId}
              name={name}
              value={choice.value}
              checked={choice.value === value}
              aria-invalid={error ? true : undefined}
              aria-describedby={choice.description ? `${choiceId}-description` : undefined}
              onChange={() => onChange(choice.value)}
            />
            <span>
              <label htmlFor={choiceId} className="choice-label">
                {choice.label}
              </label>
              {choice.description && (
                <span id={`${choiceId}-description`} className="choice-description">
                  {choice.description}
                </span>
              )}
            </span>
          </div>
        );
      })}
      {error && (
        <p id={`${id}-error`} className="field-error">
          {error}
        </p>
      )}
    </fieldset>
  );
}

interface SelectFieldProps<T extends string> {
  name: string;
  label: string;
  value: T;
  options: Array<{ value: T; label: string }>;
  onChange: (value: T) => void;
  errors: FieldErrors;
  hint?: ReactNode;
}

export function SelectField<T extends string>(props: SelectFieldProps<T>) {
  const { name, label, value, options, onChange, errors, hint } = props;
  return (
    <Field name={name} label={label} errors={errors} hint={hint}>
      {(control) => (
        <select {...control} value={value} onChange={(e) => onChange(e.target.value as T)}>
          {options.map((o) => (
            <option key={o.value} value={o.value}>
              {o.label}
            </option>
          ))}
        </select>
      )}
    </Field>
  );
}
