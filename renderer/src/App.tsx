import { useCallback, useEffect, useRef, useState } from 'react';
import { hasBridge, listen } from './api/client';
import { useCopyShortcut } from './accounts/useCopyShortcut';
import { ErrorDetails } from './components/ErrorDetails';
import { SavingBanner } from './components/SavingBanner';
import { Sidebar } from './components/Sidebar';
import { TopBar } from './components/TopBar';
import { TokenDecoder } from './decoder/TokenDecoder';
import { useAccounts } from './hooks/useAccounts';
import { SettingsContext, useSettings } from './hooks/useSettings';
import { MainView } from './MainView';
import type { SandboxInfo, View } from './navigation';
import { Toasts } from './notifications/Toasts';
import { ProxyLoginPrompt } from './proxy/ProxyLoginDialog';
import { listenToSignInPushes } from './signin/store';
import { QuickSwitcher } from './switcher/QuickSwitcher';
import { useSwitcher } from './switcher/useSwitcher';

/** The window: the engine-backed app, or (with no bridge) the offline decoder alone. */
export function App() {
  return hasBridge() ? <ConnectedApp /> : <Detached />;
}

function ConnectedApp() {
  const { accounts, error } = useAccounts();
  const settingsApi = useSettings();
  const [view, setView] = useState<View>({ kind: 'accounts' });
  const [sandbox, setSandbox] = useState<SandboxInfo>();
  const main = useRef<HTMLElement>(null);

  useEffect(() => listenToSignInPushes(), []);

  const navigate = useCallback((next: View) => {
    setView(next);
    // A new screen: focus its top, so the keyboard is not left on a button that went away.
    // (Choosing an account in the list does not come here: focus stays in the list.)
    requestAnimationFrame(() => main.current?.focus());
    main.current?.scrollTo({ top: 0 });
  }, []);
  // The app was opened with a `tokendock://add` link: the Add account form, filled from it.
  useEffect(
    () => listen('app:open-link', ({ url }) => navigate({ kind: 'add', link: url })),
    [navigate],
  );
  const select = useCallback((accountId: string) => {
    setView({ kind: 'accounts', accountId });
  }, []);
  const onSandbox = useCallback(
    (info: SandboxInfo) => {
      setSandbox(info);
      navigate({ kind: 'accounts' });
    },
    [navigate],
  );

  const selectedId = view.kind === 'accounts' || view.kind === 'edit' ? view.accountId : undefined;
  const switcher = useSwitcher();
  useCopyShortcut(
    view.kind === 'accounts' ? accounts?.find((a) => a.id === view.accountId) : undefined,
  );

  return (
    <SettingsContext value={settingsApi}>
      <div className="app">
        <a className="skip-link" href="#main">
          Skip to the main area
        </a>
        <TopBar view={view} navigate={navigate} onQuickSwitch={switcher.show} />
        <div className="app-body">
          <Sidebar
            accounts={accounts}
            selectedId={selectedId}
            onSelect={select}
            navigate={navigate}
          />
          <main id="main" ref={main} className="app-main" tabIndex={-1}>
            <SavingBanner />
            {error && <ErrorDetails title="The accounts could not be loaded" error={error} />}
            {accounts && <MainView {...{ view, accounts, sandbox, navigate, onSandbox }} />}
          </main>
        </div>
        <ProxyLoginPrompt />
        {switcher.open && accounts && (
          <QuickSwitcher accounts={accounts} onClose={switcher.close} onOpenAccount={select} />
        )}
        <Toasts navigate={navigate} />
      </div>
    </SettingsContext>
  );
}

/** No engine behind this page (a plain browser): only what works offline. */
function Detached() {
  return (
    <div className="app">
      <header className="top-bar">
        <h1 className="brand">TokenDock</h1>
      </header>
      <main className="app-main detached">
        <p className="warning">
          This page is not connected to the TokenDock engine, so accounts are not available here.
          The decoder works: nothing you paste leaves this page.
        </p>
        <TokenDecoder />
      </main>
    </div>
  );
}
