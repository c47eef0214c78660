import { describe, expect, it } from 'vitest';
import {
  ensureChromium,
  findChromium,
  HOW_TO_GET_CHROMIUM,
  SYSTEM_CHROMIUM,
  type ChromiumLookup,
} from '../support/chromium-options';

/**
 * Which Chromium the browser tests use (`test/support/chromium-options.ts`, shared by
 * `scripts/test.mjs`, Playwright's config and the integration tests), and what `npm test` does
 * when there is none: install once, else one line that says how to get one.
 */

const SHELL = '/home/ci/.cache/ms-playwright/chromium_headless_shell-1255/chrome-headless-shell';
const FULL = '/home/ci/.cache/ms-playwright/chromium-1255/chrome-linux64/chrome';
const only =
  (...present: string[]) =>
  (path: string) =>
    present.includes(path);

describe('findChromium', () => {
  const playwright = [SHELL, FULL];

  it('CHROMIUM_PATH first, then Debian’s, then Playwright’s headless shell, then its Chromium', () => {
    const everything = only('/opt/chrome/chrome', SYSTEM_CHROMIUM, SHELL, FULL);
    expect(findChromium({ env: '/opt/chrome/chrome', playwright }, everything)).toEqual({
      path: '/opt/chrome/chrome',
      source: 'CHROMIUM_PATH',
    });
    expect(findChromium({ env: undefined, playwright }, everything)).toEqual({
      path: SYSTEM_CHROMIUM,
      source: 'system',
    });
    expect(findChromium({ env: undefined, playwright }, only(SHELL, FULL))).toEqual({
      path: SHELL,
      source: 'playwright',
    });
    expect(findChromium({ env: undefined, playwright }, only(FULL))).toEqual({
      path: FULL,
      source: 'playwright',
    });
  });

  it('a CHROMIUM_PATH that does not exist is the answer, not a reason to look elsewhere', () => {
    expect(findChromium({ env: '/nowhere/chrome', playwright }, only(SYSTEM_CHROMIUM))).toEqual({
      missing: 'CHROMIUM_PATH=/nowhere/chrome does not exist',
      configured: true,
    });
  });

  it('an empty CHROMIUM_PATH counts as unset', () => {
    expect(findChromium({ env: '  ', playwright }, only(SYSTEM_CHROMIUM))).toEqual({
      path: SYSTEM_CHROMIUM,
      source: 'system',
    });
  });

  it('nothing anywhere', () => {
    expect(findChromium({ env: undefined, playwright }, only())).toEqual({
      missing: "neither /usr/bin/chromium nor Playwright's own Chromium is installed",
      configured: false,
    });
  });
});

describe('ensureChromium', () => {
  /** A world where `install` may put Playwright's Chromium in place. */
  function world(options: { env?: string; installWorks: boolean; system?: boolean }) {
    const present = new Set<string>(options.system ? [SYSTEM_CHROMIUM] : []);
    let installs = 0;
    return {
      installs: () => installs,
      deps: {
        find: (): ChromiumLookup =>
          findChromium({ env: options.env, playwright: [SHELL, FULL] }, (p) => present.has(p)),
        install: () => {
          installs += 1;
          if (!options.installWorks)
            return { ok: false as const, reason: 'getaddrinfo ENOTFOUND cdn.playwright.dev' };
          present.add(SHELL).add(FULL);
          return { ok: true as const };
        },
      },
    };
  }

  it('a browser that is there is used, nothing installed', () => {
    const w = world({ installWorks: true, system: true });
    expect(ensureChromium(w.deps)).toEqual({
      path: SYSTEM_CHROMIUM,
      source: 'system',
      installed: false,
    });
    expect(w.installs()).toBe(0);
  });

  it('none: installs once, then uses Playwright’s', () => {
    const w = world({ installWorks: true });
    expect(ensureChromium(w.deps)).toEqual({ path: SHELL, source: 'playwright', installed: true });
    expect(w.installs()).toBe(1);
  });

  it('none and the install fails: one line that says how to get one, and why', () => {
    const w = world({ installWorks: false });
    const answer = ensureChromium(w.deps);
    expect(w.installs()).toBe(1);
    expect(answer).toEqual({
      missing:
        `no Chromium: ${HOW_TO_GET_CHROMIUM} (neither /usr/bin/chromium nor Playwright's own ` +
        'Chromium is installed; playwright install chromium failed: getaddrinfo ENOTFOUND ' +
        'cdn.playwright.dev)',
    });
    const line = (answer as { missing: string }).missing;
    expect(line).not.toContain('\n');
    expect(line).toContain('apt-get install chromium');
    expect(line).toContain('CHROMIUM_PATH=');
  });

  it('a configured CHROMIUM_PATH that is missing: no install, the line names it', () => {
    const w = world({ env: '/nowhere/chrome', installWorks: true, system: true });
    expect(ensureChromium(w.deps)).toEqual({
      missing: `no Chromium: CHROMIUM_PATH=/nowhere/chrome does not exist; ${HOW_TO_GET_CHROMIUM}`,
    });
    expect(w.installs()).toBe(0);
  });
});
