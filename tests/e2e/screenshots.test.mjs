// Screenshots for review (tests/e2e/screenshots/*.png, not committed): ja, ko and en with a
// multi-error paste on a desktop, dark mode, a phone, the no-match state and the catalog browser.
// Each one also checks what the picture is supposed to show.
import assert from 'node:assert/strict';
import { mkdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import {
  setupFile, e2e, assertClean, gotoApp, paste, cards, htmlLang, corpus, entry, catalog, norm, LANGS, ROOT,
} from './lib.mjs';

const env = setupFile();
const OUT = join(ROOT, 'tests/e2e/screenshots');
mkdirSync(OUT, { recursive: true });

const multi = corpus('multi')[0];
const noMatch = corpus('lookalikes').find((c) => c.reject === 'any');
const DESKTOP = { viewport: { width: 1280, height: 900 }, deviceScaleFactor: 1 };
const PHONE = { viewport: { width: 390, height: 844 }, deviceScaleFactor: 1, isMobile: true, hasTouch: true };

/** Saves a full-page PNG and checks it is a real, non-empty PNG as wide as the viewport. */
async function shot(page, name) {
  const file = join(OUT, name);
  await page.screenshot({ path: file, fullPage: true });
  const png = readFileSync(file);
  assert.ok(statSync(file).size > 1000, `${name} is empty`);
  assert.ok(png.subarray(0, 8).equals(Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a])), `${name} is not a PNG`);
  const width = png.readUInt32BE(16);
  const height = png.readUInt32BE(20);
  assert.equal(width, page.viewportSize().width, `${name}: the page is wider than the viewport`);
  assert.ok(height >= page.viewportSize().height, `${name}: ${width}x${height}`);
  return { file, width, height };
}

/** Mean luminance (0..1) of the visible viewport, decoded in a blank page of the same context. */
async function viewportLuminance(page) {
  const png = await page.screenshot();
  const blank = await page.context().newPage();
  try {
    return await blank.evaluate(async (b64) => {
      const img = new Image();
      img.src = `data:image/png;base64,${b64}`;
      await img.decode();
      const c = document.createElement('canvas');
      c.width = img.width;
      c.height = img.height;
      const g = c.getContext('2d');
      g.drawImage(img, 0, 0);
      const d = g.getImageData(0, 0, c.width, c.height).data;
      let sum = 0;
      for (let i = 0; i < d.length; i += 4) sum += 0.2126 * d[i] + 0.7152 * d[i + 1] + 0.0722 * d[i + 2];
      return sum / (d.length / 4) / 255;
    }, png.toString('base64'));
  } finally {
    await blank.close();
  }
}

async function showMulti(page, lang) {
  await gotoApp(page, env.url(`/?lang=${lang}`));
  assert.equal(await paste(page, multi.paste), 'matches');
  assert.equal(await htmlLang(page), lang);
  const got = await cards(page);
  for (const { id } of multi.expect) assert.ok(got.some((c) => c.id === id), `no card for ${id}`);
  const title = norm(await page.textContent(`#results .card[data-entry-id="${got[0].id}"] h2.card-title`));
  assert.equal(title, norm(entry(got[0].id).title[lang]));
}

for (const lang of LANGS) {
  e2e(env, `screenshot: ${lang}, multi-error paste, desktop 1280x900`, async ({ page }) => {
    await showMulti(page, lang);
    await shot(page, `desktop-${lang}.png`);
  }, { session: { contextOptions: DESKTOP } });
}

e2e(env, 'screenshot: dark mode (prefers-color-scheme: dark) is darker than light', async ({ page }) => {
  await showMulti(page, 'en');
  const light = await viewportLuminance(page);
  const dark = await env.session({ contextOptions: { ...DESKTOP, colorScheme: 'dark' } });
  try {
    await showMulti(dark.page, 'en');
    assert.equal(await dark.page.evaluate(() => matchMedia('(prefers-color-scheme: dark)').matches), true);
    await shot(dark.page, 'dark.png');
    const lum = await viewportLuminance(dark.page);
    assert.ok(lum < light - 0.15,
      `dark mode should look dark: mean luminance ${lum.toFixed(2)}, ${light.toFixed(2)} in light mode`);
    assertClean(dark.log, 'dark mode');
  } finally {
    await dark.context.close();
  }
}, { session: { contextOptions: { ...DESKTOP, colorScheme: 'light' } } });

e2e(env, 'screenshot: phone width 390x844, no horizontal scrolling', async ({ page }) => {
  await showMulti(page, 'ja');
  const { scroll, inner } = await page.evaluate(() => ({ scroll: document.documentElement.scrollWidth, inner: window.innerWidth }));
  assert.ok(inner === 390 && scroll <= 390, `the page is wider than a 390px phone: scrollWidth ${scroll}px, `
    + `layout viewport ${inner}px (is a <meta name=viewport> missing, or does something not wrap or scroll inside itself?)`);
  await shot(page, 'phone.png');
}, { session: { contextOptions: PHONE } });

e2e(env, 'screenshot: the no-match state', async ({ page }) => {
  await gotoApp(page, env.url('/?lang=ja'));
  assert.equal(await paste(page, noMatch.paste), 'no-match');
  assert.equal((await page.$$('#results .no-match .collect li')).length, catalog.collect.length);
  await shot(page, 'no-match.png');
}, { session: { contextOptions: DESKTOP } });

e2e(env, 'screenshot: the catalog browser', async ({ page }) => {
  await gotoApp(page, env.url('/?lang=ja#/catalog'), { waitForInput: false });
  await page.waitForSelector('#catalog section.category [data-entry-id]');
  assert.equal((await page.$$('#catalog [data-entry-id]')).length, catalog.entries.length);
  await shot(page, 'catalog.png');
}, { session: { contextOptions: DESKTOP } });
