// Accessibility: axe-core on every main state of the app (empty, matches with a multi-error paste,
// no-match, the catalog, one entry) in ja, ko and en (and in dark mode in en), failing on any
// `serious` or `critical` violation and printing a summary of every violation found. Then
// keyboard only: from the start of the page, Tab reaches the paste area, a typed code shows its
// card, Tab reaches a copy button, Enter copies and #status says so, and every element focused on
// the way shows a visible focus indicator.
//
// axe is injected with page.evaluate(source) after load: DevTools evaluation is not subject to
// the page's Content-Security-Policy, so the app runs under its real CSP.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import {
  setupFile, e2e, gotoApp, paste, corpus, catalog, entry, norm, LANGS, readClipboard,
} from './lib.mjs';

const env = setupFile();
const AXE = readFileSync(createRequire(import.meta.url).resolve('axe-core/axe.min.js'), 'utf8');
const multi = corpus('multi')[0];
const noMatch = corpus('lookalikes').find((c) => c.reject === 'any');
const CODE = 'UserErrorPVNotFound';

/** Every violation of every run, for the summary. */
const summary = [];

async function axe(page, what) {
  await page.evaluate(AXE);
  const { violations, passes, incomplete, version } = await page.evaluate(async () => {
    const r = await window.axe.run(document, { resultTypes: ['violations'] });
    return {
      version: window.axe.version,
      passes: r.passes.length,
      incomplete: r.incomplete.map((v) => v.id),
      violations: r.violations.map((v) => ({
        id: v.id, impact: v.impact, help: v.help, tags: v.tags.filter((t) => /^wcag|best-practice/.test(t)),
        nodes: v.nodes.length, targets: v.nodes.slice(0, 3).map((n) => n.target.join(' ')),
      })),
    };
  });
  // axe really looked at the page: a page of this size passes dozens of rules.
  assert.ok(passes >= 20, `${what}: axe ${version} passed only ${passes} rules`);
  summary.push({ what, violations, passes, incomplete, version });
  return violations.filter((v) => v.impact === 'serious' || v.impact === 'critical');
}

/** The main states, each reached as a user would; returns [{state, bad}] for one language. */
async function checkStates(page, lang, suffix = '') {
  const out = [];
  const run = async (state) => out.push({ state, bad: await axe(page, `${state} (${lang}${suffix})`) });

  await gotoApp(page, env.url(`/?lang=${lang}#/`));
  assert.equal(await page.getAttribute('#results', 'data-state'), 'empty');
  await run('empty');

  assert.equal(await paste(page, multi.paste), 'matches');
  assert.ok((await page.$$('#results .card[data-entry-id]')).length >= 2, 'a multi-error paste shows several cards');
  await run('matches');

  assert.equal(await paste(page, noMatch.paste), 'no-match');
  await run('no-match');

  await gotoApp(page, env.url(`/?lang=${lang}#/catalog`), { waitForInput: false });
  await page.waitForSelector('#catalog [data-entry-id]');
  await run('catalog');

  await gotoApp(page, env.url(`/?lang=${lang}#/entry/${CODE}`), { waitForInput: false });
  await page.waitForSelector(`#entry-view .card[data-entry-id="${CODE}"]`);
  await run('entry');
  assert.equal(await page.evaluate(() => document.documentElement.lang), lang);
  return out;
}

function assertNoSerious(results, lang) {
  const bad = results.filter((r) => r.bad.length);
  assert.deepEqual(bad.map((r) => ({ state: r.state, violations: r.bad.map((v) => `${v.id} (${v.impact}, ${v.nodes} nodes: ${v.targets.join(' | ')}) ${v.help}`) })), [],
    `serious or critical axe violations in ${lang}`);
}

for (const lang of LANGS) {
  e2e(env, `axe: empty, matches, no-match, catalog and entry in ${lang}`, async ({ page }) => {
    assertNoSerious(await checkStates(page, lang), lang);
  });
}

e2e(env, 'axe: the same states in dark mode (en)', async ({ page }) => {
  assertNoSerious(await checkStates(page, 'en', ', dark'), 'en, dark');
}, { session: { contextOptions: { colorScheme: 'dark' } } });

// ---------------------------------------------------------------------------------------------
// keyboard only

/** The focused element: what it is and whether its focus can be seen. */
const focused = (page) => page.evaluate(() => {
  const el = document.activeElement;
  if (!el || el === document.body || el === document.documentElement) return null;
  const cs = getComputedStyle(el);
  const card = el.closest('.card[data-entry-id]');
  const command = el.closest('.command');
  return {
    desc: `${el.localName}${el.id ? `#${el.id}` : ''}${el.classList.length ? `.${[...el.classList].join('.')}` : ''}`,
    id: el.id,
    copy: el.matches('button.copy'),
    entry: card?.getAttribute('data-entry-id') ?? null,
    command: command ? Number(command.getAttribute('data-command')) : null,
    focusVisible: el.matches(':focus-visible'),
    outline: { style: cs.outlineStyle, width: cs.outlineWidth, color: cs.outlineColor },
  };
});

function assertVisibleFocus(f, where) {
  assert.ok(f.focusVisible, `${where}: ${f.desc} is focused by the keyboard but not :focus-visible`);
  assert.ok(f.outline.style !== 'none' && parseFloat(f.outline.width) > 0,
    `${where}: ${f.desc} has no visible focus outline (${JSON.stringify(f.outline)})`);
}

for (const lang of LANGS) {
  e2e(env, `keyboard only (${lang}): Tab to the paste area, type a code, Tab to a copy button, Enter copies`, async ({ page }) => {
    await gotoApp(page, env.url(`/?lang=${lang}#/`));
    // Start from the top of the page (the app focuses the paste area on load, and a blur alone
    // would leave Chromium's focus navigation starting point there): focus the body itself.
    await page.evaluate(() => {
      const body = document.body;
      body.tabIndex = -1;
      body.focus();
      body.removeAttribute('tabindex');
      window.scrollTo(0, 0);
    });
    assert.equal(await focused(page), null, 'nothing is focused at the start');
    const path = [];
    let f = null;
    for (let i = 0; i < 40; i++) {
      await page.keyboard.press('Tab');
      f = await focused(page);
      assert.ok(f, `Tab ${i + 1} focused nothing`);
      path.push(f.desc);
      assertVisibleFocus(f, `Tab ${i + 1} (${lang})`);
      if (f.id === 'error-input') break;
    }
    assert.equal(f.id, 'error-input', `Tab never reached #error-input: ${path.join(' > ')}`);

    await page.keyboard.type(CODE);
    await page.waitForSelector(`#results[data-state="matches"] .card[data-entry-id="${CODE}"]`, { timeout: 10_000 });
    assert.equal(await page.inputValue('#error-input'), CODE);

    const after = [];
    for (let i = 0; i < 200; i++) {
      await page.keyboard.press('Tab');
      f = await focused(page);
      assert.ok(f, `Tab ${i + 1} after typing focused nothing (${after.join(' > ')})`);
      after.push(f.desc);
      assertVisibleFocus(f, `Tab ${i + 1} after typing (${lang})`);
      if (f.copy) break;
    }
    assert.ok(f.copy, `Tab never reached a copy button: ${after.join(' > ')}`);
    await page.keyboard.press('Enter');
    const copied = ui('status.copied', lang);
    await page.waitForFunction((want) => document.querySelector('#status')?.textContent.includes(want), copied, { timeout: 5_000 })
      .catch(() => {});
    assert.equal(norm(await page.textContent('#status')), norm(copied), '#status after Enter on a copy button');
    // The clipboard holds that command, unfilled placeholders written as <name>.
    const template = entry(f.entry).commands[f.command].template;
    assert.equal(await readClipboard(page), template.replace(/\{([A-Za-z][A-Za-z0-9]*)\}/g, '<$1>'));
    // Focus stays on the button (the status is announced, not focused).
    assert.ok((await focused(page))?.copy, 'focus stays on the copy button after Enter');
    console.log(`keyboard (${lang}): ${path.length} Tab(s) to #error-input (${path.join(' > ')}), ${after.length} more to ${f.desc} of ${f.entry}`);
  }, { session: { clipboard: true } });
}

function ui(key, lang) {
  const v = catalog.ui[key];
  assert.ok(v, `catalog.json has no ui.${key}`);
  return v[lang];
}

test('axe summary', () => {
  const lines = [];
  for (const { what, violations, passes, incomplete } of summary) {
    const v = violations.length ? violations.map((x) => `${x.id} [${x.impact}] x${x.nodes}`).join(', ') : 'no violations';
    lines.push(`  ${what}: ${v}; ${passes} rules passed${incomplete.length ? `; needs review: ${incomplete.join(', ')}` : ''}`);
  }
  console.log(`a11y: ${summary.length} axe runs (axe-core ${summary[0]?.version})\n${lines.join('\n')}`);
});
