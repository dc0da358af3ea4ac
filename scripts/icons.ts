/**
 * The app's icons for the web app manifest (web/public/manifest.webmanifest), drawn from
 * web/public/icon.svg by Chromium at each size and committed (the build does not need a browser):
 *
 *   npx tsx scripts/icons.ts
 */
import fs from 'node:fs';
import path from 'node:path';
import { chromium } from 'playwright-core';
import { CHROMIUM } from '../test/e2e/global-setup.ts';

const PUBLIC = path.resolve(import.meta.dirname, '../web/public');
const svg = fs.readFileSync(path.join(PUBLIC, 'icon.svg'), 'utf8');

const browser = await chromium.launch({ executablePath: CHROMIUM, args: ['--no-sandbox', '--headless'] });
for (const [name, size, pad] of [
  ['icon-192.png', 192, 0],
  ['icon-512.png', 512, 0],
  // Maskable: the launcher may cut a circle; the glyph keeps to the inner 80 %.
  ['icon-maskable-512.png', 512, 0.1],
  ['apple-touch-icon.png', 180, 0],
] as const) {
  const page = await browser.newPage({ viewport: { width: size, height: size } });
  const inner = Math.round(size * (1 - 2 * pad));
  await page.setContent(
    `<html><body style="margin:0;background:#1677ff;display:flex;align-items:center;justify-content:center;width:${size}px;height:${size}px">
     <div style="width:${inner}px;height:${inner}px">${svg.replace('width="512" height="512"', `width="${inner}" height="${inner}"`)}</div></body></html>`,
  );
  await page.screenshot({ path: path.join(PUBLIC, name), omitBackground: false });
  await page.close();
}
await browser.close();
console.log('wrote the icons to web/public');
