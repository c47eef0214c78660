// Renders build/icon.svg to the PNG sizes packaging and the app need, with headless Chromium
// (playwright-core; Debian's /usr/bin/chromium or CHROMIUM_PATH). Output, committed:
//   build/icons/<n>x<n>.png             16…1024 (electron-builder: Linux icon set, macOS, Windows)
//   build/icons/tray[@2x].png           the tray icon (16 px, 32 px for HiDPI)
//   build/icons/tray-attention[@2x].png the tray icon with an amber dot: an account needs attention
//   build/icons/trayTemplate[@2x].png, tray-attentionTemplate[@2x].png
//                                       macOS menu bar template images: black and alpha only, the
//                                       system draws them in the menu bar's colour (electron
//                                       docs/api/native-image.md, "Template Image"); the names end
//                                       in `Template` and the @2x sits beside (docs/api/tray.md)
import { chromium } from 'playwright-core';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

const root = join(import.meta.dirname, '..');
const svg = readFileSync(join(root, 'build', 'icon.svg'), 'utf8');
const outDir = join(root, 'build', 'icons');
mkdirSync(outDir, { recursive: true });

const executablePath =
  process.env.CHROMIUM_PATH ?? (existsSync('/usr/bin/chromium') ? '/usr/bin/chromium' : undefined);

/** The SVG, with an amber "needs attention" dot in the top right corner when asked. */
function artwork(attention) {
  if (!attention) return svg;
  const dot =
    '<circle cx="404" cy="108" r="100" fill="#f59e0b" stroke="#ffffff" stroke-width="24"/>';
  return svg.replace('</svg>', `${dot}</svg>`);
}

/**
 * The key and dock alone, in black on transparent, cropped to the glyph: a template image's shape
 * is all its alpha channel, so the coloured square of the app icon would show as a blank tile.
 * With an attention dot in the top right corner, clear of the glyph.
 */
function templateArtwork(attention) {
  const ink = 'stroke="#000" stroke-linecap="round" fill="none"';
  const dot = attention ? '<circle cx="384" cy="128" r="56" fill="#000"/>' : '';
  return `<svg xmlns="http://www.w3.org/2000/svg" viewBox="64 64 384 384">
  <circle cx="190" cy="210" r="78" ${ink} stroke-width="48"/>
  <path d="M248 262 L372 386 M318 332 L350 300 M346 358 L378 326" ${ink} stroke-width="48"/>
  <path d="M112 408 H400" ${ink} stroke-width="36"/>${dot}
</svg>`;
}

const browser = await chromium.launch({
  ...(executablePath ? { executablePath } : {}),
  args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking'],
});
try {
  const page = await browser.newPage({ deviceScaleFactor: 1 });
  async function render(size, attention, file, template = false) {
    await page.setViewportSize({ width: size, height: size });
    const svgText = template ? templateArtwork(attention) : artwork(attention);
    const image = svgText.replace('<svg ', `<svg width="${size}" height="${size}" `);
    await page.setContent(
      `<!doctype html><html><body style="margin:0;background:transparent">${image}</body></html>`,
    );
    const png = await page.locator('svg').screenshot({ omitBackground: true });
    writeFileSync(join(outDir, file), png);
  }
  for (const size of [16, 24, 32, 48, 64, 128, 256, 512, 1024])
    await render(size, false, `${size}x${size}.png`);
  await render(16, false, 'tray.png');
  await render(32, false, 'tray@2x.png');
  await render(16, true, 'tray-attention.png');
  await render(32, true, 'tray-attention@2x.png');
  await render(16, false, 'trayTemplate.png', true);
  await render(32, false, 'trayTemplate@2x.png', true);
  await render(16, true, 'tray-attentionTemplate.png', true);
  await render(32, true, 'tray-attentionTemplate@2x.png', true);
} finally {
  await browser.close();
}
console.log(`Wrote the icons to ${outDir}.`);
