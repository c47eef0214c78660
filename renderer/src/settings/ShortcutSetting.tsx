import { useEffect, useState } from 'react';
import { checkAccelerator } from '../../../app/contract/shortcut';
import { Field } from '../form/fields';

interface ShortcutSettingProps {
  value: string;
  platform: string | undefined;
  onCommit: (accelerator: string) => void;
}

/**
 * The global shortcut's keys, as Electron writes them (`CommandOrControl+Alt+K`): checked as they
 * are typed with the same rule the host registers with, saved in their canonical spelling when
 * valid and the field is left (or Enter is pressed).
 */
export function ShortcutSetting({ value, platform, onCommit }: ShortcutSettingProps) {
  const [draft, setDraft] = useState(value);
  useEffect(() => setDraft(value), [value]);
  const check = checkAccelerator(draft, platform);
  const commit = () => {
    if (check.ok && check.accelerator !== value) onCommit(check.accelerator);
  };
  return (
    <Field
      name="globalShortcut"
      label="Keys"
      errors={check.ok ? {} : { globalShortcut: check.problem }}
      hint="For example CommandOrControl+Alt+K. Another app may hold the same keys: TokenDock then says so."
    >
      {(control) => (
        <input
          {...control}
          type="text"
          autoComplete="off"
          spellCheck={false}
          value={draft}
          onChange={(e) => setDraft(e.target.value)}
          onBlur={commit}
          onKeyDown={(e) => e.key === 'Enter' && commit()}
        />
      )}
    </Field>
  );
}
