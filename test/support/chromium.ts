import { chromium, type Browser } from 'playwright-core';
import { CHROMIUM_ARGS, CHROMIUM_PATH } from './chromium-options';

/** Launches headless Chromium with the flags of `chromium-options.ts`. */
export async function launchChromium(): Promise<Browser> {
  return chromium.launch({
    ...(CHROMIUM_PATH ? { executablePath: CHROMIUM_PATH } : {}),
    headless: true,
    args: CHROMIUM_ARGS,
  });
}
