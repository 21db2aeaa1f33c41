// Offline single file and embedding: the single file from file:// with the network blocked, the
// example host page with two custom elements and an iframe, and the JS API against the CLI.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, writeFileSync, mkdtempSync } from 'node:fs';
import { execFileSync } from 'node:child_process';
import { join } from 'node:path';
import { tmpdir } from 'node:os';
import {
  ROOT, OFFLINE_HTML, launchBrowser, newSession, assertClean, assertDist, corpus, entry, paste, cards,
  pathToFileURL, waitReady, catalog,
} from './lib.mjs';
import { startServer } from '../../scripts/serve.mjs';

let browser, server, origin;
before(async () => {
  assertDist();
  browser = await launchBrowser();
  server = await startServer(ROOT, 0); // the repo root: examples/host.html loads ../dist/embed/
  origin = `http://127.0.0.1:${server.address().port}`;
});
after(async () => {
  await browser?.close();
  await new Promise((ok) => server.close(ok));
});

const seed = corpus('seeds').find((c) => c.expect.some((e) => e.level === 'strong'));

test('the single file works from file:// with every network request blocked', async () => {
  const fileUrl = pathToFileURL(OFFLINE_HTML).href;
  const s = await newSession(browser, { allowed: (u) => u.split('?')[0].split('#')[0] === fileUrl });
  try {
    await s.page.goto(`${fileUrl}?lang=ja`);
    await waitReady(s.page);
    assert.equal(await s.page.evaluate(() => document.documentElement.lang), 'ja');
    await paste(s.page, seed.paste);
    const got = await cards(s.page);
    assert.ok(got.some((c) => c.id === seed.expect[0].id), `${seed.name}: ${JSON.stringify(got)}`);
    const title = await s.page.textContent(`.card[data-entry-id="${seed.expect[0].id}"] h2.card-title`);
    assert.equal(title.trim(), entry(seed.expect[0].id).title.ja);
    await s.page.click('header .lang button[data-lang="ko"]');
    await s.page.waitForFunction(() => document.documentElement.lang === 'ko');
    const ko = await s.page.textContent(`.card[data-entry-id="${seed.expect[0].id}"] h2.card-title`);
    assert.equal(ko.trim(), entry(seed.expect[0].id).title.ko);
    assert.equal(await s.page.inputValue('#error-input'), seed.paste, 'the paste survives the language switch');
    // A deep link in the offline file.
    await s.page.goto(`${fileUrl}?lang=en#/entry/CSISnapshottingTimedOut`);
    await s.page.waitForSelector('#entry-view .card[data-entry-id="CSISnapshottingTimedOut"]');
    assert.deepEqual(s.log.requests.filter((u) => !u.startsWith('file:') && !u.startsWith('data:')), []);
    assertClean(s.log, 'offline file');
  } finally {
    await s.context.close();
  }
});

test('two custom elements in different languages work independently, styles isolated both ways', async () => {
  const s = await newSession(browser, { allowed: (u) => u.startsWith(origin + '/') });
  try {
    await s.page.goto(`${origin}/examples/host.html`);
    await s.page.waitForFunction(() => document.querySelector('#ja')?.shadowRoot?.querySelector('#results'));
    await s.page.waitForFunction(() => document.querySelector('#ko')?.shadowRoot?.querySelector('#error-input'));
    // The prefilled Japanese element shows its card, in Japanese.
    const ja = await s.page.evaluate(() => {
      const r = document.querySelector('#ja').shadowRoot;
      return { state: r.querySelector('#results').dataset.state, id: r.querySelector('.card')?.dataset.entryId,
        title: r.querySelector('.card-title')?.textContent, header: !!r.querySelector('header.header') };
    });
    assert.deepEqual(ja, { state: 'matches', id: 'UserErrorPVNotFound', title: entry('UserErrorPVNotFound').title.ja, header: true });
    // The compact Korean element: no header; typing classifies in that element only.
    await s.page.locator('#ko').locator('#error-input').fill('UserErrorHookExecutionFailed');
    await s.page.waitForFunction(() => document.querySelector('#ko').shadowRoot.querySelector('.card'));
    const ko = await s.page.evaluate(() => {
      const r = document.querySelector('#ko').shadowRoot;
      return { id: r.querySelector('.card').dataset.entryId, title: r.querySelector('.card-title').textContent, header: !!r.querySelector('header.header'),
        jaStill: document.querySelector('#ja').shadowRoot.querySelector('.card').dataset.entryId };
    });
    assert.deepEqual(ko, { id: 'UserErrorHookExecutionFailed', title: entry('UserErrorHookExecutionFailed').title.ko, header: false, jaStill: 'UserErrorPVNotFound' });
    // Host CSS does not leak in: the hostile rules (green, 30px, dotted magenta) stay outside.
    const inside = await s.page.evaluate(() => {
      const ta = document.querySelector('#ja').shadowRoot.querySelector('#error-input');
      const cs = getComputedStyle(ta);
      const title = getComputedStyle(document.querySelector('#ja').shadowRoot.querySelector('.card-title'));
      return { color: cs.color, size: cs.fontSize, border: cs.borderTopStyle, titleFont: title.fontFamily };
    });
    assert.notEqual(inside.color, 'rgb(0, 128, 0)');
    assert.notEqual(inside.size, '30px');
    assert.notEqual(inside.border, 'dotted');
    assert.ok(!/Georgia/.test(inside.titleFont), `host font leaked in: ${inside.titleFont}`);
    // Ours does not leak out: host text keeps its colour and the host body its font.
    const outside = await s.page.evaluate(() => ({
      text: getComputedStyle(document.querySelector('.host-text')).color,
      font: getComputedStyle(document.body).fontFamily,
      h2: getComputedStyle(document.querySelector('h2')).fontSize,
    }));
    assert.deepEqual(outside, { text: 'rgb(0, 0, 255)', font: 'Georgia, serif', h2: '30px' });
    // In-element links route inside the element, not the host page.
    await s.page.locator('#ja').locator('a.permalink').first().click();
    await s.page.waitForFunction(() => document.querySelector('#ja').shadowRoot.querySelector('#entry-view'));
    assert.equal(await s.page.evaluate(() => location.hash), '');
    // The iframe reports its height to the host.
    await s.page.waitForFunction(() => Number(document.body.dataset.frameHeight) > 200, null, { timeout: 15000 });
    const frame = s.page.frameLocator('#frame');
    assert.equal(await frame.locator('header.header').count(), 0, 'iframe mode has no header chrome');
    await frame.locator('#error-input').fill('UserErrorNamespaceNotFound');
    await frame.locator('.card[data-entry-id="UserErrorNamespaceNotFound"]').waitFor();
    assertClean(s.log, 'host page');
  } finally {
    await s.context.close();
  }
});

function cliBinary() {
  for (const p of ['target/debug/aks-backup-doctor', 'target/release/aks-backup-doctor']) {
    if (existsSync(join(ROOT, p))) return join(ROOT, p);
  }
  throw new Error('no CLI binary: run cargo build first (make test does)');
}

test('the JS API returns the same JSON as the CLI for the same pastes', async () => {
  const bin = cliBinary();
  const dir = mkdtempSync(join(tmpdir(), 'aksbd-api-'));
  const pastes = [...corpus('seeds'), ...corpus('velero').slice(0, 8), ...corpus('multi').slice(0, 2), ...corpus('symptoms').slice(0, 3), ...corpus('lookalikes').slice(0, 3)];
  const s = await newSession(browser, { allowed: (u) => u.startsWith(origin + '/') });
  try {
    await s.page.goto(`${origin}/dist/index.html`);
    await waitReady(s.page);
    for (const c of pastes) {
      const f = join(dir, c.name);
      writeFileSync(f, c.paste);
      let out;
      try {
        out = execFileSync(bin, ['classify', '--json', f], { encoding: 'utf8' });
      } catch (e) {
        out = e.stdout; // exit 1: no match
      }
      const cli = JSON.parse(out);
      const api = await s.page.evaluate((t) => window.AksBackupDoctor.classify(t), c.paste);
      assert.deepEqual(api, cli, c.name);
    }
    const list = await s.page.evaluate(() => window.AksBackupDoctor.catalog('ko'));
    assert.equal(list.length, catalog.entries.length);
    assert.equal(list.find((e) => e.id === 'UserErrorPVNotFound').title, entry('UserErrorPVNotFound').title.ko);
    assertClean(s.log, 'JS API');
  } finally {
    await s.context.close();
  }
});

test("the custom element's value and lang attributes are data, never markup", async () => {
  const payloads = [
    '<img src=x onerror="window.__xss=1">',
    '<script>window.__xss=1</script>',
    '"><svg onload="window.__xss=1">',
    '</textarea><img src=x onerror=window.__xss=1>',
    '[click](javascript:window.__xss=1)',
    '<a href="javascript:window.__xss=1">x</a> UserErrorPVNotFound',
    '<iframe srcdoc="<script>parent.__xss=1</script>">',
    '\u202e<b onmouseover=window.__xss=1>UserErrorPVNotFound</b>\u200b',
    '${window.__xss=1}',
    '<style>*{display:none}</style><math><mi xlink:href="javascript:window.__xss=1">',
  ];
  const s = await newSession(browser, { allowed: (u) => u.startsWith(origin + '/') });
  try {
    await s.page.goto(`${origin}/examples/host.html`);
    await s.page.waitForFunction(() => document.querySelector('#ja')?.shadowRoot?.querySelector('#results'));
    for (const p of payloads) {
      const r = await s.page.evaluate(async (p) => {
        window.__xss = undefined;
        const el = document.createElement('aks-backup-doctor');
        el.setAttribute('value', p);
        el.setAttribute('lang', p);
        document.body.appendChild(el);
        for (let i = 0; i < 100 && !el.shadowRoot?.querySelector('#error-input'); i++) await new Promise((ok) => setTimeout(ok, 20));
        await new Promise((ok) => setTimeout(ok, 100));
        const root = el.shadowRoot;
        const out = {
          xss: window.__xss,
          injected: root.querySelectorAll('script, iframe, img, svg, object, embed, style, math, a[href^="javascript"]').length,
          onAttrs: [...root.querySelectorAll('*')].some((n) => [...n.attributes].some((a) => a.name.startsWith('on'))),
          value: root.querySelector('#error-input').value,
          lang: root.querySelector('.app').getAttribute('lang'),
        };
        el.remove();
        return out;
      }, p);
      assert.equal(r.xss, undefined, p);
      assert.equal(r.injected, 0, p);
      assert.equal(r.onAttrs, false, p);
      assert.equal(r.value, p, 'the paste is shown as text, unchanged');
      assert.ok(['ja', 'ko', 'en'].includes(r.lang), `an unknown lang falls back: ${r.lang}`);
    }
    assertClean(s.log, 'custom element attributes');
  } finally {
    await s.context.close();
  }
});
