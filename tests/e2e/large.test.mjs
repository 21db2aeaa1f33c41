// Large pastes in the browser (docs/UI-CONTRACT.md, "Large pastes"): a log over 256 KiB is kept out
// of the text box (its first lines are shown, read-only), read in steps with a progress bar and a
// stop button, results appear while it is read, and the final results are the engine's own answer.
// Files are opened or dropped (read locally); one over the 64 MiB limit is refused before reading.
// Behaviour only: nothing here asserts a duration (the timings are in `make bench`).
import assert from 'node:assert/strict';
import { mkdtempSync, truncateSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { setupFile, e2e, gotoApp, benchLog, writeClipboard, clipboardAfter, corpus, catalog } from './lib.mjs';

const env = setupFile();
const MiB = 1 << 20;
const tmp = mkdtempSync(join(tmpdir(), 'aksbd-large-'));

/** Pastes `text` for real (clipboard + Ctrl+V) into the focused text box. */
async function clipboardPaste(page, text) {
  await writeClipboard(page, text);
  await page.focus('#error-input');
  await page.keyboard.press('ControlOrMeta+V');
}

/** Records every progress value and results state the page shows until the reading ends. */
async function watchReading(page) {
  await page.evaluate(() => {
    const w = { values: [], states: [], cardsWhileReading: 0, done: false };
    window.__aksbdWatch = w;
    const look = () => {
      const p = document.querySelector('#reading-progress');
      const state = document.querySelector('#results')?.getAttribute('data-state');
      if (p) w.values.push(Number(p.value));
      if (state && w.states.at(-1) !== state) w.states.push(state);
      if (state === 'reading') w.cardsWhileReading = Math.max(w.cardsWhileReading, document.querySelectorAll('#results .card').length);
      if (w.states.includes('reading') && state !== 'reading') w.done = true;
    };
    new MutationObserver(look).observe(document.documentElement, { subtree: true, childList: true, attributes: true, characterData: true });
  });
}

const ids = (page) => page.$$eval('#results .card[data-entry-id]', (cs) => cs.map((c) => c.dataset.entryId));

e2e(env, 'a 20 MB paste is read in steps, shows its progress and ends with the engine\'s answer', async ({ page }) => {
  await gotoApp(page, env.url('/?lang=en'));
  const text = benchLog(20 * MiB);
  await watchReading(page);
  await clipboardPaste(page, text);
  await page.waitForFunction(() => window.__aksbdWatch.done, null, { timeout: 90_000, polling: 100 });
  const w = await page.evaluate(() => window.__aksbdWatch);
  assert.equal(w.states[0], 'reading', `states seen: ${w.states}`);
  assert.equal(w.states.at(-1), 'matches');
  const inBetween = new Set(w.values.filter((v) => v > 0 && v < text.length));
  assert.ok(inBetween.size >= 2, `the progress bar moved through ${inBetween.size} intermediate values`);
  assert.ok(w.cardsWhileReading > 0, 'results appeared before the reading ended');
  // The box shows only the first lines of the log, read-only, and says so.
  const box = await page.$eval('#error-input', (t) => ({ value: t.value, readOnly: t.readOnly }));
  assert.ok(box.readOnly && box.value.length > 0 && box.value.length <= 32 * 1024 && text.startsWith(box.value));
  assert.ok(await page.isVisible('#large-note'));
  // The whole log was read: the same entries as the engine's own answer, in the same order.
  const engine = await page.evaluate((t) => window.AksBackupDoctor.classify(t), text);
  const expected = engine.matches.filter((m) => m.level !== 'weak').map((m) => m.id);
  assert.deepEqual(await ids(page), expected);
  // Copy redacted masks the whole log (in steps) and copies it.
  const copied = await clipboardAfter(page, () => page.click('#copy-redacted'), 90_000);
  assert.equal(copied.split('\n').length, text.split('\n').length);
  assert.ok(copied.includes('[REDACTED') && copied !== text);
  const guid = text.match(/[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}/)[0];
  assert.ok(!copied.includes(guid), `${guid} survived`);
  assert.match(await page.textContent('#status'), /masked/);
  // Clear brings back an empty, editable box.
  await page.click('#clear');
  await page.waitForFunction(() => document.querySelector('#results')?.getAttribute('data-state') === 'empty');
  assert.equal(await page.$eval('#error-input', (t) => t.readOnly), false);
}, { session: { clipboard: true } });

e2e(env, 'the stop button ends the reading with the results so far, and it can be read again', async ({ page }) => {
  await gotoApp(page, env.url('/?lang=ja'));
  const text = benchLog(40 * MiB);
  await clipboardPaste(page, text);
  await page.click('#reading-stop', { timeout: 30_000 });
  await page.waitForSelector('#reading-stopped', { timeout: 30_000 });
  const read = Number(await page.getAttribute('#reading', 'data-read'));
  assert.ok(read < text.length, `stopped at ${read} of ${text.length} bytes`);
  const state = await page.getAttribute('#results', 'data-state');
  assert.ok(state === 'matches' || state === 'no-match', state);
  // The note gives the percentage in the page's language.
  const note = await page.textContent('#reading-stopped');
  assert.match(note, /中止/);
  await page.click('#reading-again');
  await page.waitForFunction(() => document.querySelector('#results')?.getAttribute('data-state') === 'matches'
    && !document.querySelector('#reading'), null, { timeout: 90_000, polling: 100 });
}, { session: { clipboard: true } });

e2e(env, 'typing elsewhere while a large paste is read: the page answers and the reading goes on', async ({ page }) => {
  await gotoApp(page, env.url('/?lang=en'));
  await clipboardPaste(page, benchLog(30 * MiB));
  await page.waitForSelector('#reading-stop', { timeout: 30_000 });
  // A language switch is handled during the reading (the page is not frozen until the end).
  await page.click('header .lang button[data-lang="ko"]');
  const during = await page.evaluate(() => ({
    lang: document.documentElement.lang,
    reading: document.querySelector('#results')?.getAttribute('data-state') === 'reading',
  }));
  assert.deepEqual(during, { lang: 'ko', reading: true });
  await page.waitForFunction(() => document.querySelector('#results')?.getAttribute('data-state') === 'matches', null, { timeout: 90_000, polling: 100 });
}, { session: { clipboard: true } });

e2e(env, 'a log file is opened or dropped and classified; one over the limit is refused before reading', async ({ page }) => {
  await gotoApp(page, env.url('/?lang=en'));
  const c = corpus('velero').find((x) => x.top);
  const path = join(tmp, 'velero.log');
  writeFileSync(path, c.paste);
  await page.setInputFiles('#file-input', path);
  await page.waitForFunction((id) => document.querySelector('#results .card')?.dataset.entryId === id, c.top, { timeout: 30_000 });
  assert.equal(await page.inputValue('#error-input'), c.paste);

  // Dropped onto the text box.
  const other = corpus('velero').find((x) => x.top && x.top !== c.top);
  await page.evaluate(({ text, name }) => {
    const dt = new DataTransfer();
    dt.items.add(new File([text], name, { type: 'text/plain' }));
    document.querySelector('#error-input').dispatchEvent(new DragEvent('drop', { dataTransfer: dt, bubbles: true, cancelable: true }));
  }, { text: other.paste, name: 'dropped.log' });
  await page.waitForFunction((id) => document.querySelector('#results .card')?.dataset.entryId === id, other.top, { timeout: 30_000 });

  // A file that is not UTF-8 (binary bytes around an error line) is read, not refused: the
  // invalid bytes become U+FFFD and the error in it is still found.
  const code = catalog.entries.find((e) => e.signals.codes.length).signals.codes[0];
  const mixed = join(tmp, 'mixed.bin');
  writeFileSync(mixed, Buffer.concat([Buffer.from([0xff, 0xfe, 0x00, 0xc3, 0x28]), Buffer.from(`\nerror: ${code}\n`), Buffer.from([0x80, 0x81])]));
  await page.setInputFiles('#file-input', mixed);
  await page.waitForFunction((c) => document.querySelector('#error-input').value.includes(c)
    && document.querySelector('#results')?.getAttribute('data-state') === 'matches', code, { timeout: 30_000 });
  assert.ok((await page.inputValue('#error-input')).includes('\ufffd'));

  // 65 MiB (sparse on disk): refused with the limit, and the current paste is kept.
  const huge = join(tmp, 'huge.log');
  writeFileSync(huge, '');
  truncateSync(huge, 65 * MiB);
  await page.setInputFiles('#file-input', huge);
  await page.waitForFunction(() => /65 MB/.test(document.querySelector('#status')?.textContent ?? ''), null, { timeout: 30_000 });
  const status = await page.textContent('#status');
  assert.ok(status.includes(catalog.ui['status.fileTooLarge'].en.split('(')[0].trim()), status);
  assert.ok((await page.inputValue('#error-input')).includes(code));
});

e2e(env, 'after a 50 MB log the engine\'s memory stays under 4 times the log', async ({ page }) => {
  await gotoApp(page, env.url('/?lang=en'));
  const text = benchLog(50 * MiB);
  await clipboardPaste(page, text);
  await page.waitForFunction(() => document.querySelector('#results')?.getAttribute('data-state') === 'matches', null, { timeout: 120_000, polling: 200 });
  const bytes = await page.evaluate(() => window.AksBackupDoctor.memoryBytes());
  assert.ok(bytes < 4 * Buffer.byteLength(text), `wasm memory ${bytes} B for a ${Buffer.byteLength(text)} B log`);
}, { timeout: 180_000, session: { clipboard: true } });
