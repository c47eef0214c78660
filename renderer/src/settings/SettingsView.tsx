import { useEffect, useState } from 'react';
import type { AccountView } from '../../../app/contract/accounts';
import type { ErrorInfo } from '../../../app/contract/errors';
import type { Settings } from '../../../app/contract/settings';
import { call, errorInfo } from '../api/client';
import { ErrorDetails } from '../components/ErrorDetails';
import { ChoiceGroup } from '../form/fields';
import { useSettingsContext } from '../hooks/useSettings';
import { NumberSetting } from './NumberSetting';
import { ShareAccounts } from './ShareAccounts';
import { ShortcutSetting } from './ShortcutSetting';
import { StorageProtection } from './StorageProtection';

/** Settings, saved as they change. */
export function SettingsView({ accounts }: { accounts: AccountView[] }) {
  const { settings, error: loadError, update } = useSettingsContext();
  const [status, setStatus] = useState<string>();
  const [error, setError] = useState<ErrorInfo>();
  const [about, setAbout] = useState<string>();
  /** Why there is no tray (the desktop app on a desktop without one), else nothing. */
  const [noTray, setNoTray] = useState<string>();
  /** The host can register a global shortcut (the desktop app); its platform, for the keys. */
  const [shortcutHost, setShortcutHost] = useState<{ platform: string }>();

  useEffect(() => {
    call('app:info', {}).then(
      (info) => {
        setAbout(`${info.name} ${info.version} on ${info.platform}`);
        setNoTray(info.tray && !info.tray.available ? info.tray.reason : undefined);
        setShortcutHost(info.globalShortcut ? { platform: info.platform } : undefined);
      },
      () => setAbout(undefined),
    );
  }, []);

  if (loadError) return <ErrorDetails title="The settings could not be read" error={loadError} />;
  if (!settings) return <p className="muted">Loading settings…</p>;

  /** Saves a change; resolves once it is saved (or refused, which the screen shows). */
  const persist = (patch: Partial<Settings>): Promise<void> => {
    setStatus('Saving…');
    setError(undefined);
    return update(patch).then(
      () => setStatus('Saved.'),
      (e: unknown) => {
        setStatus(undefined);
        setError(errorInfo(e));
      },
    );
  };
  const save = (patch: Partial<Settings>): void => void persist(patch);

  return (
    <section className="settings" aria-labelledby="settings-title">
      <div className="settings-header">
        <h2 id="settings-title">Settings</h2>
        <p className="action-status" role="status">
          {status}
        </p>
      </div>
      {error && <ErrorDetails title="The setting was not saved" error={error} />}

      <section className="form-section" aria-labelledby="refresh-title">
        <h3 id="refresh-title">Refresh</h3>
        <p className="field-hint">
          A token is refreshed when less than the larger of these is left.
        </p>
        <div className="field-grid">
          <NumberSetting
            name="leadTimeMinutes"
            label="Refresh lead time"
            unit="minutes"
            value={settings.leadTimeMinutes}
            min={0}
            max={1440}
            onCommit={(leadTimeMinutes) => save({ leadTimeMinutes })}
          />
          <NumberSetting
            name="leadTimeFraction"
            label="Or share of the token's lifetime"
            unit="%"
            value={Math.round(settings.leadTimeFraction * 100)}
            min={0}
            max={90}
            onCommit={(percent) => save({ leadTimeFraction: percent / 100 })}
          />
        </div>
      </section>

      <section className="form-section" aria-labelledby="clipboard-title">
        <h3 id="clipboard-title">Clipboard</h3>
        <NumberSetting
          name="clipboardClearSeconds"
          label="Clear a copied token after"
          unit="seconds (0: never)"
          value={settings.clipboardClearSeconds}
          min={0}
          max={3600}
          hint="Only if the clipboard still holds the token TokenDock put there."
          onCommit={(clipboardClearSeconds) => save({ clipboardClearSeconds })}
        />
      </section>

      <section className="form-section" aria-labelledby="window-title">
        <h3 id="window-title">Window</h3>
        <label className="checkbox">
          <input
            type="checkbox"
            checked={settings.closeToTray}
            onChange={(e) => save({ closeToTray: e.target.checked })}
          />
          <span>Closing the window keeps TokenDock running in the tray</span>
        </label>
        {noTray && (
          <p className="field-hint" role="note">
            {noTray}
          </p>
        )}
        <label className="checkbox">
          <input
            type="checkbox"
            checked={settings.startAtLogin}
            onChange={(e) => save({ startAtLogin: e.target.checked })}
          />
          <span>Start at login</span>
        </label>
        <ChoiceGroup
          name="theme"
          legend="Theme"
          value={settings.theme}
          onChange={(theme) => save({ theme })}
          choices={[
            { value: 'system', label: 'As the system' },
            { value: 'light', label: 'Light' },
            { value: 'dark', label: 'Dark' },
          ]}
        />
      </section>

      <section className="form-section" aria-labelledby="sign-in-warning-title">
        <h3 id="sign-in-warning-title">Sign-in reminders</h3>
        <NumberSetting
          name="signInWarningDays"
          label="Tell me before a sign-in is due"
          unit="days before (0: never)"
          value={settings.signInWarningDays}
          min={0}
          max={60}
          hint="When an account's refresh token will end (the provider said when, or Entra's 90 days without use), a notification says so once."
          onCommit={(signInWarningDays) => save({ signInWarningDays })}
        />
      </section>

      {shortcutHost && (
        <section className="form-section" aria-labelledby="shortcut-title">
          <h3 id="shortcut-title">Global shortcut</h3>
          <label className="checkbox">
            <input
              type="checkbox"
              checked={settings.globalShortcutEnabled}
              aria-describedby="global-shortcut-hint"
              onChange={(e) => save({ globalShortcutEnabled: e.target.checked })}
            />
            <span>Open the quick switcher from anywhere</span>
          </label>
          <p className="field-hint" id="global-shortcut-hint">
            Brings TokenDock forward with the quick switcher open, whichever app has the keyboard.
          </p>
          <ShortcutSetting
            value={settings.globalShortcut}
            platform={shortcutHost.platform}
            onCommit={(globalShortcut) => save({ globalShortcut })}
          />
        </section>
      )}

      <section className="form-section" aria-labelledby="command-line-title">
        <h3 id="command-line-title">Command line</h3>
        <label className="checkbox">
          <input
            type="checkbox"
            checked={settings.localEndpoint}
            aria-describedby="local-endpoint-hint"
            onChange={(e) => save({ localEndpoint: e.target.checked })}
          />
          <span>Answer the tokendock command</span>
        </label>
        <p className="field-hint" id="local-endpoint-hint">
          Scripts and terminals of this user get tokens with <code>tokendock token</code> through a
          socket only you can open. Every request is in the Activity log. Off: the command is
          refused.
        </p>
      </section>

      <section className="form-section" aria-labelledby="share-title">
        <h3 id="share-title">Share accounts</h3>
        <ShareAccounts accounts={accounts} />
      </section>

      <section className="form-section" aria-labelledby="storage-title">
        <h3 id="storage-title">Storage protection</h3>
        <StorageProtection settings={settings} onChange={persist} />
      </section>

      {about && <p className="muted small">{about}</p>}
    </section>
  );
}
