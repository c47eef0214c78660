import { describe, expect, it } from 'vitest';
import type { Timers } from '../../app/ports';
import { autostartDesktopEntry } from '../../app/host/autostart';
import { debounce } from '../../app/host/debounce';
import { isExternallyOpenable } from '../../app/host/external-url';
import { httpOnlyFetch } from '../../app/host/fetch-guard';
import { lazyOnce } from '../../app/host/lazy';
import { watchOnline } from '../../app/host/online-watch';
import { accountPartition } from '../../app/host/partition';
import { parseProxyOverride } from '../../app/host/proxy-config';
import { verificationFlowEnded } from '../../app/host/verification-window';
import { restoreWindowState } from '../../app/host/window-bounds';
import { closeAction, windowStart } from '../../app/host/window-close';
import { appMenuTemplate } from '../../main/app-menu';

/** Timers a test advances by hand. */
class ManualTimers implements Timers {
  now = 0;
  private next = 1;
  private readonly pending = new Map<number, { at: number; run: () => void }>();
  setTimeout(run: () => void, ms: number): unknown {
    const id = this.next++;
    this.pending.set(id, { at: this.now + ms, run });
    return id;
  }
  clearTimeout(handle: unknown): void {
    this.pending.delete(handle as number);
  }
  advance(ms: number): void {
    const end = this.now + ms;
    for (;;) {
      const due = [...this.pending.entries()]
        .filter(([, t]) => t.at <= end)
        .sort((a, b) => a[1].at - b[1].at)[0];
      if (!due) break;
      this.pending.delete(due[0]);
      this.now = due[1].at;
      due[1].run();
    }
    this.now = end;
  }
  get size(): number {
    return this.pending.size;
  }
}

describe('debounce', () => {
  it('runs once after a burst, on the trailing edge; cancel drops it', () => {
    const timers = new ManualTimers();
    let runs = 0;
    const rebuild = debounce(() => runs++, 250, timers);
    for (let i = 0; i < 10; i++) {
      rebuild();
      timers.advance(100);
    }
    expect(runs).toBe(0);
    timers.advance(250);
    expect(runs).toBe(1);
    rebuild();
    rebuild.cancel();
    timers.advance(1000);
    expect(runs).toBe(1);
  });
});

describe('watchOnline', () => {
  it('polls and reports each change once; stop ends polling', () => {
    const timers = new ManualTimers();
    let online = true;
    const seen: boolean[] = [];
    const stop = watchOnline(
      () => online,
      (o) => seen.push(o),
      { intervalMs: 1000, timers },
    );
    timers.advance(3000);
    online = false;
    timers.advance(3000);
    online = true;
    timers.advance(1000);
    expect(seen).toEqual([false, true]);
    stop();
    expect(timers.size).toBe(0);
  });
});

describe('isExternallyOpenable (shell.openExternal)', () => {
  it.each([
    ['https://microsoft.com/devicelogin', true],
    ['https://example.com:8443/x?y#z', true],
    ['http://127.0.0.1:5555/device', true],
    ['http://[::1]:5555/device', true],
    ['http://example.com/', false],
    ['http://localhost:5555/', false],
    ['file:///etc/passwd', false],
    ['javascript:alert(1)', false],
    ['smb://server/share', false],
    ['ms-settings:privacy', false],
    ['https://user:pw@example.com/', false],
    ['not a url', false],
  ])('%s → %s', (url, ok) => {
    expect(isExternallyOpenable(url)).toBe(ok);
  });
});

describe('httpOnlyFetch', () => {
  it('passes http(s) through and refuses every other scheme', async () => {
    const seen: string[] = [];
    const fetch = httpOnlyFetch(async (input) => {
      seen.push(String(input));
      return new Response('ok');
    });
    await fetch('https://idp.example.com/.well-known/openid-configuration');
    await fetch(new URL('http://127.0.0.1:5555/token'));
    for (const url of ['file:///etc/passwd', 'app://tokendock/index.html', 'data:,x', 'nope'])
      await expect(fetch(url)).rejects.toMatchObject({ code: 'invalid_configuration' });
    expect(seen).toEqual([
      'https://idp.example.com/.well-known/openid-configuration',
      'http://127.0.0.1:5555/token',
    ]);
  });
});

describe('parseProxyOverride', () => {
  it('reads the override forms', () => {
    expect(parseProxyOverride(undefined)).toBeUndefined();
    expect(parseProxyOverride('  ')).toBeUndefined();
    expect(parseProxyOverride('direct')).toEqual({ mode: 'direct' });
    expect(parseProxyOverride('system')).toEqual({ mode: 'system' });
    expect(parseProxyOverride('pac:https://wpad.corp/proxy.pac')).toEqual({
      mode: 'pac_script',
      pacScript: 'https://wpad.corp/proxy.pac',
    });
    expect(parseProxyOverride('http://proxy.corp:8080')).toEqual({
      mode: 'fixed_servers',
      proxyRules: 'http://proxy.corp:8080',
    });
    expect(parseProxyOverride('https=proxy:443;http=proxy:80 bypass <local>, *.corp')).toEqual({
      mode: 'fixed_servers',
      proxyRules: 'https=proxy:443;http=proxy:80',
      proxyBypassRules: '<local>,*.corp',
    });
  });

  it.each(['pac:javascript:alert(1)', 'pac:', 'http://proxy corp', 'proxy:8080;"x"', 'a b c'])(
    'refuses %j',
    (value) => {
      expect(() => parseProxyOverride(value)).toThrow();
    },
  );
});

describe('restoreWindowState', () => {
  const limits = { width: 1100, height: 720, minWidth: 800, minHeight: 600 };
  const screen = [{ x: 0, y: 0, width: 1920, height: 1040 }];

  it('keeps a sane remembered state', () => {
    expect(
      restoreWindowState(
        { x: 100, y: 80, width: 1000, height: 700, maximized: true },
        screen,
        limits,
      ),
    ).toEqual({ bounds: { x: 100, y: 80, width: 1000, height: 700 }, maximized: true });
  });

  it('drops the position when the window would be off every display', () => {
    expect(
      restoreWindowState(
        { x: 3000, y: 80, width: 1000, height: 700, maximized: false },
        screen,
        limits,
      ),
    ).toEqual({ bounds: { width: 1000, height: 700 }, maximized: false });
    expect(
      restoreWindowState(
        { x: 100, y: -690, width: 1000, height: 700, maximized: false },
        screen,
        limits,
      ).bounds.x,
    ).toBeUndefined();
  });

  it('clamps sizes to the minimum and the largest display', () => {
    expect(
      restoreWindowState({ x: 0, y: 0, width: 10, height: 99999, maximized: false }, screen, limits)
        .bounds,
    ).toEqual({ x: 0, y: 0, width: 800, height: 1040 });
  });

  it.each([
    undefined,
    null,
    'x',
    { x: 1 },
    { x: 0, y: 0, width: NaN, height: 1, maximized: false },
  ])('falls back to defaults for %j', (saved) => {
    expect(restoreWindowState(saved, screen, limits)).toEqual({
      bounds: { width: 1100, height: 720 },
      maximized: false,
    });
  });
});

describe('closeAction', () => {
  it('hides to the tray only when asked, not quitting, and a tray exists', () => {
    expect(closeAction({ quitting: false, closeToTray: true, trayAvailable: true })).toBe('hide');
    expect(closeAction({ quitting: true, closeToTray: true, trayAvailable: true })).toBe('close');
    expect(closeAction({ quitting: false, closeToTray: false, trayAvailable: true })).toBe('close');
    expect(closeAction({ quitting: true, closeToTray: true, trayAvailable: false })).toBe('close');
    expect(closeAction({ quitting: false, closeToTray: false, trayAvailable: false })).toBe(
      'close',
    );
  });

  it('minimises when asked to keep running but no tray can be seen (no way back from hiding)', () => {
    expect(closeAction({ quitting: false, closeToTray: true, trayAvailable: false })).toBe(
      'minimize',
    );
  });
});

describe('windowStart', () => {
  it('a login start goes to the tray, or minimised where there is none; others show', () => {
    expect(windowStart({ atLogin: false, trayAvailable: true })).toBe('show');
    expect(windowStart({ atLogin: false, trayAvailable: false })).toBe('show');
    expect(windowStart({ atLogin: true, trayAvailable: true })).toBe('hidden');
    expect(windowStart({ atLogin: true, trayAvailable: false })).toBe('minimized');
  });
});

describe('verificationFlowEnded (device code window closes itself)', () => {
  it('ends when the account leaves signing-in or is removed; ignores other accounts', () => {
    const changed = { type: 'state-changed' as const, accountId: 'a1' };
    expect(verificationFlowEnded({ ...changed, state: 'signing-in' }, 'a1', 'signing-in')).toBe(
      false,
    );
    expect(verificationFlowEnded({ ...changed, state: 'valid' }, 'a1', 'valid')).toBe(true);
    expect(verificationFlowEnded({ ...changed, state: 'signed-out' }, 'a1', 'signed-out')).toBe(
      true,
    );
    expect(verificationFlowEnded({ ...changed, state: 'valid' }, 'a2', 'valid')).toBe(false);
    expect(verificationFlowEnded({ type: 'account-changed', accountId: 'a1' }, 'a1', 'error')).toBe(
      true,
    );
    expect(
      verificationFlowEnded({ type: 'account-changed', accountId: 'a1' }, 'a1', 'signing-in'),
    ).toBe(false);
    expect(
      verificationFlowEnded({ type: 'account-removed', accountId: 'a1' }, 'a1', undefined),
    ).toBe(true);
  });
});

describe('lazyOnce', () => {
  it('starts once, shares the promise, retries after a failure', async () => {
    let starts = 0;
    let fail = true;
    const lazy = lazyOnce(async () => {
      starts++;
      if (fail) throw new Error('port in use');
      return 'issuer';
    });
    expect(lazy.peek()).toBeUndefined();
    await expect(lazy.get()).rejects.toThrow('port in use');
    fail = false;
    const [a, b] = await Promise.all([lazy.get(), lazy.get()]);
    expect([a, b]).toEqual(['issuer', 'issuer']);
    expect(starts).toBe(2);
    await expect(lazy.peek()).resolves.toBe('issuer');
  });
});

describe('small host helpers', () => {
  it('accountPartition matches the engine’s naming', () => {
    expect(accountPartition('a-1')).toBe('persist:tokendock-a-1');
  });

  it('autostartDesktopEntry quotes the command line', () => {
    const entry = autostartDesktopEntry({
      executable: '/opt/Token Dock/tokendock',
      args: ['--hidden'],
    });
    expect(entry).toContain('Exec="/opt/Token Dock/tokendock" --hidden\n');
    expect(entry.startsWith('[Desktop Entry]\nType=Application\n')).toBe(true);
  });

  it('the app menu has Quit everywhere and the Edit roles', () => {
    for (const platform of ['darwin', 'linux', 'win32']) {
      const quits: string[] = [];
      const template = appMenuTemplate({
        platform,
        devTools: false,
        open: () => undefined,
        quit: () => quits.push(platform),
      });
      const items = template.flatMap((m) => (Array.isArray(m.submenu) ? m.submenu : []));
      const quit = items.find((i) => i.label === 'Quit TokenDock');
      (quit?.click as (() => void) | undefined)?.();
      expect(quits).toEqual([platform]);
      expect(items.some((i) => i.role === 'paste')).toBe(true);
      expect(items.some((i) => i.role === 'toggleDevTools')).toBe(false);
    }
  });
});
