import { LINK_PREFIX } from '../contract/account-share';

/**
 * The `tokendock://add?…` link among a launch's arguments (Windows and Linux hand a clicked link
 * to the app as an argument: to a second launch, which the first instance then receives in
 * 'second-instance'), or undefined.
 */
export function addLinkIn(argv: readonly string[]): string | undefined {
  return argv.find((arg) => arg.toLowerCase().startsWith(`${LINK_PREFIX}?`));
}
