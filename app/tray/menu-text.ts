/**
 * Text for native menus and tooltips: names people typed are made single-line and short, and the
 * time left is said in words.
 */

/**
 * One line of at most `max` characters (code points, so emoji are not cut in half): control
 * characters become spaces, runs of spaces collapse, and a cut ends with an ellipsis.
 */
export function menuText(text: string, max: number): string {
  // eslint-disable-next-line no-control-regex
  const flat = text.replace(/[\u0000-\u001f\u007f-\u009f\u2028\u2029]/g, ' ').replace(/\s+/g, ' ');
  const chars = Array.from(flat.trim());
  if (chars.length <= max) return chars.join('');
  return `${chars
    .slice(0, Math.max(1, max - 1))
    .join('')
    .trimEnd()}…`;
}

/**
 * Native menus on Windows and Linux read `&` as a mnemonic marker; `&&` shows one ampersand.
 * Applied by the adapter to every label built from people's text.
 */
export function escapeMnemonics(label: string): string {
  return label.replace(/&/g, '&&');
}

/** "4 min", "1 h 5 min", "3 d", "< 1 min": how long until `until`, from `now` (epoch ms). */
export function timeLeft(until: number, now: number): string {
  const ms = until - now;
  if (ms < 60_000) return '< 1 min';
  const minutes = Math.floor(ms / 60_000);
  if (minutes < 60) return `${minutes} min`;
  const hours = Math.floor(minutes / 60);
  if (hours < 48) return minutes % 60 ? `${hours} h ${minutes % 60} min` : `${hours} h`;
  return `${Math.floor(hours / 24)} d`;
}
