/**
 * Puts text the window already shows (an error's details, a device code) on the clipboard.
 * Tokens never go this way: the host copies them. Falls back to a selection copy where the async
 * clipboard is not permitted.
 */
export async function copyText(text: string): Promise<void> {
  try {
    await navigator.clipboard.writeText(text);
    return;
  } catch {
    // Permission denied or no focus: try the selection copy below.
  }
  const area = document.createElement('textarea');
  area.value = text;
  area.setAttribute('readonly', '');
  area.className = 'offscreen';
  document.body.append(area);
  area.select();
  const ok = document.execCommand('copy');
  area.remove();
  if (!ok) throw new Error('The clipboard is not available: select the text and copy it.');
}
