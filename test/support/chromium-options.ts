import { existsSync } from 'node:fs';
import { createRequire } from 'node:module';
import type { BrowserType } from 'playwright-core';

/**
 * Which Chromium the browser-driven tests use, one answer for all of them: `npm test`
 * (`scripts/test.mjs`, which looks before the browser steps and passes the answer on as
 * `CHROMIUM_PATH`), Playwright's config and the integration tests (`chromium.ts`).
 */

/** Debian's Chromium (`apt-get install chromium`). */
export const SYSTEM_CHROMIUM = '/usr/bin/chromium';

/** What `npm test` says when there is no browser: how to get one. */
export const HOW_TO_GET_CHROMIUM =
  'install one with `apt-get install chromium` (or `npx playwright install chromium` where ' +
  "Playwright's download host is reachable), or set CHROMIUM_PATH=/path/to/chrome";

export type ChromiumLookup =
  | { path: string; source: 'CHROMIUM_PATH' | 'system' | 'playwright' }
  | { missing: string; configured: boolean };

/**
 * Looks for a browser, in order: `CHROMIUM_PATH` (when set, it is the answer, present or not),
 * Debian's `/usr/bin/chromium`, then Playwright's own downloads (headless shell, then Chromium).
 */
export function findChromium(
  input: { env: string | undefined; playwright: readonly string[] },
  exists: (path: string) => boolean,
): ChromiumLookup {
  const configured = input.env?.trim();
  if (configured)
    return exists(configured)
      ? { path: configured, source: 'CHROMIUM_PATH' }
      : { missing: `CHROMIUM_PATH=${configured} does not exist`, configured: true };
  if (exists(SYSTEM_CHROMIUM)) return { path: SYSTEM_CHROMIUM, source: 'system' };
  const downloaded = input.playwright.find((path) => exists(path));
  if (downloaded) return { path: downloaded, source: 'playwright' };
  return {
    missing: `neither ${SYSTEM_CHROMIUM} nor Playwright's own Chromium is installed`,
    configured: false,
  };
}

/**
 * Finds a browser; when there is none and none was configured, runs `install` once (Playwright's
 * `playwright install chromium`) and looks again. Returns the browser, or one line: how to get
 * one, then what was looked for and why the install did not help.
 */
export function ensureChromium(deps: {
  find: () => ChromiumLookup;
  install: () => { ok: true } | { ok: false; reason: string };
}): { path: string; source: string; installed: boolean } | { missing: string } {
  const first = deps.find();
  if ('path' in first) return { ...first, installed: false };
  if (first.configured) return { missing: `no Chromium: ${first.missing}; ${HOW_TO_GET_CHROMIUM}` };
  const install = deps.install();
  const second = deps.find();
  if ('path' in second) return { ...second, installed: true };
  const tried = install.ok
    ? 'playwright install chromium succeeded but left no browser'
    : `playwright install chromium failed: ${install.reason}`;
  return { missing: `no Chromium: ${HOW_TO_GET_CHROMIUM} (${second.missing}; ${tried})` };
}

/**
 * Where Playwright keeps its own browsers (`playwright install chromium`): the headless shell it
 * launches for headless runs, then full Chromium. Playwright's registry knows the paths for this
 * platform and version; without it, the public `executablePath()` of full Chromium.
 */
export function playwrightChromiumPaths(): string[] {
  const require = createRequire(import.meta.url);
  try {
    const bundle = require('playwright-core/lib/coreBundle') as {
      registry?: {
        registry?: {
          findExecutable(name: string): { executablePath(language: string): string | undefined };
        };
      };
    };
    const registry = bundle.registry?.registry;
    if (registry) {
      const paths = ['chromium-headless-shell', 'chromium'].map((name) =>
        registry.findExecutable(name)?.executablePath('javascript'),
      );
      return paths.filter((path): path is string => typeof path === 'string' && path !== '');
    }
  } catch {
    // a Playwright whose internals moved: fall back to the public API
  }
  try {
    const { chromium } = require('playwright-core') as { chromium: BrowserType };
    return [chromium.executablePath()];
  } catch {
    return [];
  }
}

/** The answer for this process (Playwright's registry is asked only when needed). */
export function locateChromium(): ChromiumLookup {
  const env = process.env.CHROMIUM_PATH;
  const quick = findChromium({ env, playwright: [] }, existsSync);
  if ('path' in quick || quick.configured) return quick;
  return findChromium({ env, playwright: playwrightChromiumPaths() }, existsSync);
}

const located = locateChromium();

/**
 * The browser Playwright and the integration tests launch. A `CHROMIUM_PATH` that does not exist
 * is passed on as it is, so the failure names it; with no browser at all, undefined (Playwright
 * then fails with its own "Executable doesn't exist"; `npm test` looks first and stops earlier).
 */
export const CHROMIUM_PATH =
  'path' in located
    ? located.path
    : located.configured
      ? process.env.CHROMIUM_PATH?.trim()
      : undefined;

/**
 * Flags for headless Chromium on these machines: no sandbox (tests run as root on CI), no
 * background networking or component updates (the network is closed and would refuse them).
 */
export const CHROMIUM_ARGS = [
  '--no-sandbox',
  '--disable-gpu',
  '--disable-dev-shm-usage',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--no-first-run',
];
