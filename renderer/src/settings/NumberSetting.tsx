import { useEffect, useState } from 'react';
import { Field } from '../form/fields';

interface NumberSettingProps {
  name: string;
  label: string;
  value: number;
  min: number;
  max: number;
  unit: string;
  hint?: string;
  integer?: boolean;
  onCommit: (value: number) => void;
}

/** A number that is saved when it is valid and the field is left (or Enter is pressed). */
export function NumberSetting(props: NumberSettingProps) {
  const { name, label, value, min, max, unit, hint, integer = true, onCommit } = props;
  const [draft, setDraft] = useState(String(value));
  useEffect(() => setDraft(String(value)), [value]);

  const parsed = Number(draft);
  const error =
    draft.trim() === '' || !Number.isFinite(parsed)
      ? 'Enter a number.'
      : integer && !Number.isInteger(parsed)
        ? 'Enter a whole number.'
        : parsed < min || parsed > max
          ? `Enter a number from ${min} to ${max}.`
          : undefined;

  const commit = () => {
    if (!error && parsed !== value) onCommit(parsed);
  };

  return (
    <Field name={name} label={label} errors={error ? { [name]: error } : {}} hint={hint}>
      {(control) => (
        <span className="number-setting">
          <input
            {...control}
            type="number"
            inputMode="numeric"
            min={min}
            max={max}
            value={draft}
            onChange={(e) => setDraft(e.target.value)}
            onBlur={commit}
            onKeyDown={(e) => e.key === 'Enter' && commit()}
          />
          <span className="muted">{unit}</span>
        </span>
      )}
    </Field>
  );
}
