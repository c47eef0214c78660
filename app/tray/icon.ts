/**
 * The tray icon file for a platform. On macOS the menu bar wants a template image (black and
 * alpha, drawn by the system in the menu bar's colour, light or dark): a file whose base name
 * ends in `Template`, with its `@2x` sibling beside it (electron docs/api/native-image.md,
 * "Template Image"; docs/api/tray.md, macOS). `scripts/icons.mjs` renders `trayTemplate.png` next
 * to `tray.png` and `tray-attentionTemplate.png` next to `tray-attention.png`.
 */
export function trayIconCandidates(
  file: string,
  platform: string,
): Array<{ file: string; template: boolean }> {
  const colour = { file, template: false };
  if (platform !== 'darwin') return [colour];
  const template = file.replace(/(@\dx)?\.png$/i, 'Template$1.png');
  return template === file ? [colour] : [{ file: template, template: true }, colour];
}
