import { existsSync } from 'node:fs';

/** Debian's Chromium when installed (CI installs it), else whatever Playwright has. */
export const CHROMIUM_PATH =
  process.env.CHROMIUM_PATH ?? (existsSync('/usr/bin/chromium') ? '/usr/bin/chromium' : undefined);

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
