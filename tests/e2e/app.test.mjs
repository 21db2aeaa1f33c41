// The web app, end to end in Chromium, against docs/UI-CONTRACT.md. Expectations come from
// catalog.json, the corpus headers under tests/corpus/ and the app's own JS API (the engine JSON).
// Every test also fails on a request to another origin, a CSP violation, an uncaught error or a
// console error (see lib.mjs).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import {
  setupFile, e2e, gotoApp, waitReady, paste, settleAfter, cards, cardDetails, resultState, htmlLang,
  clipboardAfter, assertClean, catalog, entry, learnUrl, placeholdersOf, fillTemplate, corpus, norm, LANGS,
  LEVEL_RANK, OFFLINE_HTML, pathToFileURL,
} from './lib.mjs';

const env = setupFile();

const seeds = corpus('seeds');
const multi = corpus('multi');
const lookalikes = corpus('lookalikes');
const rejectAny = lookalikes.filter((c) => c.reject === 'any');
const rejectStrong = lookalikes.filter((c) => c.reject === 'strong');
const seedWithTop = seeds.find((c) => c.top);

const atLeast = (level, min) => (LEVEL_RANK[level] ?? 0) >= LEVEL_RANK[min];
const langButton = (l) => `header .lang button[data-lang="${l}"]`;
const cardSel = (id, scope = '#results') => `${scope} .card[data-entry-id="${id}"]`;

/** The engine's own answer for a paste, from the page: the JSON of `classify --json`. */
const classifyInPage = (page, text) => page.evaluate((t) => window.AksBackupDoctor.classify(t), text);

/** Waits for the first result card's title to be `title` (after a language change re-renders). */
const waitTitle = (page, selector, title) => page.waitForFunction(([sel, want]) => {
  const el = document.querySelector(sel);
  return el && el.textContent.replace(/\s+/g, ' ').trim() === want;
}, [selector, norm(title)], { timeout: 10_000 });

/**
 * Checks one card (read with cardDetails) against its catalog entry in `lang`. With `match` (the
 * engine JSON for this entry) and `text` (the paste), also checks the level, the filled commands and
 * the evidence lines; without them (the entry view), every placeholder must be an input.
 */
function checkCard(d, lang, { match = null, text = null } = {}) {
  const e = entry(d.id);
  const where = `card ${d.id} (${lang})`;
  assert.equal(d.entryId, e.id, `${where}: .entry-id`);
  assert.equal(d.title, norm(e.title[lang]), `${where}: h2.card-title`);
  // .cause is the cause text, optionally headed by the catalog's "Cause" label
  const bare = (x) => String(x ?? '').replace(/\s+/g, '');
  assert.ok([bare(e.cause[lang]), bare(catalog.ui['label.cause'][lang] + e.cause[lang])].includes(bare(d.cause)),
    `${where}: .cause is ${JSON.stringify(d.cause)}, expected ${JSON.stringify(e.cause[lang])}`);
  assert.deepEqual(d.steps, e.steps.map((s) => norm(s[lang])), `${where}: ol.steps li`);
  assert.equal(d.learn, learnUrl(e, lang), `${where}: a.learn`);
  assert.equal(d.commands.length, e.commands.length, `${where}: number of .command blocks`);
  const values = match ? match.values : {};
  e.commands.forEach((c, i) => {
    const got = d.commands[i];
    assert.ok(got.hasCopy, `${where}: command ${i} has no button.copy`);
    // read back with every input.ph written as {name}: the template with the known values filled in
    assert.equal(got.template, fillTemplate(c.template, values),
      `${where}: command ${i} should show its template with the extracted values filled and every other placeholder as input.ph`);
  });
  if (match) {
    assert.equal(d.level, match.level, `${where}: data-level`);
    assert.ok(d.badges.some((b) => b.split(/\s+/).includes('badge') && b.split(/\s+/).includes(`level-${match.level}`)),
      `${where}: no .badge.level-${match.level} (badges: ${JSON.stringify(d.badges)})`);
    const lines = text.split('\n');
    if (match.evidence.length) assert.ok(d.evidence.length > 0, `${where}: no .evidence-line although the engine reports evidence`);
    for (const ev of d.evidence) {
      const n = Number(ev.line);
      assert.ok(Number.isInteger(n) && n >= 1 && n <= lines.length, `${where}: data-line=${ev.line} is not a 1-based line of the paste`);
      assert.ok(match.lines.includes(n), `${where}: data-line=${n} is not one of the engine's evidence lines ${JSON.stringify(match.lines)}`);
      assert.ok(ev.marks.length > 0, `${where}: evidence line ${n} has no <mark>`);
      for (const m of ev.marks) {
        // a long match may be shortened for display with an ellipsis at either end
        const core = m.replace(/^(…|\.\.\.)/, '').replace(/(…|\.\.\.)$/, '');
        assert.ok(core.length > 0 && lines[n - 1].includes(core), `${where}: <mark>${m}</mark> is not text of line ${n}: ${lines[n - 1]}`);
      }
    }
  }
}

/** Pastes `text`, then checks the cards against the engine JSON and every card against the catalog. */
async function pasteAndCheck(page, text) {
  const state = await paste(page, text);
  const api = await classifyInPage(page, text);
  const lang = await htmlLang(page);
  assert.ok(LANGS.includes(lang), `<html lang="${lang}"> is not one of ${LANGS}`);
  const got = await cards(page);
  const confident = api.matches.filter((m) => m.level !== 'weak').map(({ id, level }) => ({ id, level }));
  assert.equal(state, confident.length ? 'matches' : 'no-match', 'data-state disagrees with the engine');
  assert.deepEqual(got.filter((c) => c.level !== 'weak'), confident,
    'the exact/strong cards, in order, must be the engine\'s exact/strong matches');
  for (const c of got) {
    const match = api.matches.find((m) => m.id === c.id);
    assert.ok(match, `card ${c.id} is not a match of the engine`);
    checkCard(await cardDetails(page, cardSel(c.id)), lang, { match, text });
  }
  return { state, api, lang, cards: got };
}

// ---------------------------------------------------------------------------------------------

e2e(env, 'starts empty, with the paste area focused and the engine ready', async ({ page }) => {
  await gotoApp(page, env.url('/'));
  assert.equal(await resultState(page), 'empty');
  assert.deepEqual(await cards(page), []);
  await page.waitForFunction(() => document.activeElement?.id === 'error-input', null, { timeout: 5_000 }).catch(() => {});
  const active = await page.evaluate(() => { const a = document.activeElement; return a ? `${a.tagName.toLowerCase()}${a.id ? `#${a.id}` : ''}` : 'nothing'; });
  assert.equal(active, 'textarea#error-input', 'the paste area must be focused on load');
  assert.equal(await page.getAttribute('#announce', 'aria-live'), 'polite', '#announce must be aria-live="polite"');
  for (const l of LANGS) {
    const got = (await page.evaluate((x) => window.AksBackupDoctor.catalog(x), l)).map(({ id, title, category }) => ({ id, title, category }));
    assert.deepEqual(got, catalog.entries.map((e) => ({ id: e.id, title: e.title[l], category: e.category })), `AksBackupDoctor.catalog('${l}')`);
  }
});

/** Every `expect:` entry of a corpus paste has a card at least at its level. */
function assertExpectedCards(got, expect) {
  for (const { id, level } of expect) {
    const card = got.find((x) => x.id === id);
    assert.ok(card, `no card for ${id}; cards: ${JSON.stringify(got)}`);
    assert.ok(atLeast(card.level, level), `${id} is shown at ${card.level}, expected at least ${level}`);
  }
}

for (const c of seeds) {
  e2e(env, `seed ${c.name}: shows ${c.expect.map((x) => `${x.id} (${x.level})`).join(', ')}`, async ({ page }) => {
    await gotoApp(page, env.url('/'));
    const { state, cards: got } = await pasteAndCheck(page, c.paste);
    assert.equal(state, 'matches');
    assertExpectedCards(got, c.expect);
    if (c.top) assert.equal(got[0].id, c.top, 'best card first');
    // the corpus header's extracted values appear in the commands of the top card that use them
    const top = entry(got[0].id);
    const d = await cardDetails(page, cardSel(top.id));
    for (const [k, v] of Object.entries(c.values)) {
      top.commands.forEach((cmd, i) => {
        if (!cmd.template.includes(`{${k}}`)) return;
        assert.ok(d.commands[i].text.includes(v), `command ${i} of ${top.id} should contain ${k}=${v}: ${d.commands[i].text}`);
        assert.ok(!d.commands[i].placeholders.includes(k), `command ${i} of ${top.id} still asks for ${k}`);
      });
    }
  });
}

e2e(env, 'every catalog sample shows its entry\'s card at least at "strong"', async ({ page }, t) => {
  await gotoApp(page, env.url('/'));
  for (const e of catalog.entries) {
    for (const [i, sample] of e.samples.entries()) {
      await t.test(`${e.id} samples[${i}]`, async () => {
        const state = await paste(page, sample);
        assert.equal(state, 'matches', `sample: ${sample}`);
        const card = (await cards(page)).find((x) => x.id === e.id);
        assert.ok(card && atLeast(card.level, 'strong'), `${e.id}: ${JSON.stringify(card)} for sample ${sample}`);
      });
    }
  }
}, { timeout: 600_000 });

// The multi-error logs, look-alikes and typed symptoms are measured groups of the corpus: how
// often the engine meets their expectations is the accuracy report's business (tests/corpus.rs,
// examples/accuracy.rs). Here the page must show what the engine answers, whatever it is, and the
// lines it did not recognise after the cards.
for (const c of multi) {
  e2e(env, `multi-error log ${c.name}: cards equal the engine's matches, then the lines not recognised`, async ({ page }) => {
    await gotoApp(page, env.url('/'));
    const { state, api } = await pasteAndCheck(page, c.paste);
    assert.equal(state, api.matches.some((m) => m.level !== 'weak') ? 'matches' : 'no-match');
    const lines = await page.$$eval('#unrecognised li', (els) => els.map((e) => ({
      line: Number(e.dataset.line), level: e.dataset.level, text: e.querySelector('pre code').textContent,
    })));
    assert.deepEqual(lines.map(({ line, level }) => ({ line, level })), api.unrecognised.map(({ line, level }) => ({ line, level })),
      '#unrecognised lists the engine\'s lines not recognised, in order');
    const all = c.paste.split('\n');
    for (const l of lines) assert.ok(all[l.line - 1].startsWith(l.text.slice(0, 80)), `line ${l.line} is shown as its text`);
    if (lines.length) {
      const after = await page.evaluate(() => {
        const u = document.querySelector('#unrecognised');
        return [...document.querySelectorAll('#results .card')].every((card) => card.compareDocumentPosition(u) & Node.DOCUMENT_POSITION_FOLLOWING);
      });
      assert.ok(after, '#unrecognised comes after every card');
    }
  });
}

e2e(env, '#announce tells how many results there are', async ({ page }) => {
  await gotoApp(page, env.url('/'));
  await paste(page, multi[0].paste);
  const got = await cards(page);
  const lang = await htmlLang(page);
  const templates = ['results.announce', 'results.count'].filter((k) => catalog.ui[k]).map((k) => catalog.ui[k][lang]);
  const want = [got.length, got.filter((c) => c.level !== 'weak').length]
    .flatMap((n) => templates.map((x) => norm(x.replace('{n}', String(n)))));
  await page.waitForFunction((w) => w.includes(document.querySelector('#announce').textContent.replace(/\s+/g, ' ').trim()), want, { timeout: 5_000 })
    .catch(() => {});
  const said = norm(await page.textContent('#announce'));
  assert.ok(want.includes(said), `#announce says ${JSON.stringify(said)}, expected one of ${JSON.stringify(want)}`);
});

for (const c of rejectAny) {
  e2e(env, `look-alike ${c.name} (reject: any): no-match, no cards, lists what to collect`, async ({ page }, t) => {
    await gotoApp(page, env.url('/'));
    if ((await classifyInPage(page, c.paste)).matches.length) {
      t.skip('the engine matches this look-alike (counted by the accuracy report)');
      return;
    }
    assert.equal(await paste(page, c.paste), 'no-match');
    assert.deepEqual(await cards(page), []);
    const lang = await htmlLang(page);
    const items = await page.$$eval('#results .no-match .collect li', (els) => els.map((e) => e.textContent));
    assert.equal(items.length, catalog.collect.length, '.collect li: one per catalog collect item');
    catalog.collect.forEach((x, i) => {
      assert.ok(items[i].includes(x.command), `.collect li ${i} should show ${x.command}`);
      assert.ok(norm(items[i]).includes(norm(x.note[lang])), `.collect li ${i} should explain it in ${lang}`);
    });
    assert.ok(norm(await page.textContent('#results .no-match')).includes(norm(catalog.ui['noMatch.title'][lang])),
      `.no-match should say ${catalog.ui['noMatch.title'][lang]}`);
  });
}

e2e(env, 'look-alikes (reject: strong) are no-match with at most weak hints', async ({ page }, t) => {
  await gotoApp(page, env.url('/'));
  for (const c of rejectStrong) {
    await t.test(c.name, async (tt) => {
      if ((await classifyInPage(page, c.paste)).matches.some((m) => m.level !== 'weak')) {
        tt.skip('the engine matches this look-alike confidently (counted by the accuracy report)');
        return;
      }
      assert.equal(await paste(page, c.paste), 'no-match');
      for (const card of await cards(page)) assert.equal(card.level, 'weak', `${c.name}: ${card.id} shown at ${card.level}`);
      assert.ok(await page.$('#results .no-match .collect li'), 'lists what to collect');
    });
  }
}, { timeout: 300_000 });

e2e(env, 'examples fill the paste and show their card; #clear empties everything', async ({ page }) => {
  await gotoApp(page, env.url('/'));
  const examples = await page.$$('button.example');
  assert.ok(examples.length > 0, 'no button.example');
  for (const [i, b] of examples.entries()) {
    assert.equal(await settleAfter(page, () => b.click()), 'matches', `example ${i}`);
    const text = await page.inputValue('#error-input');
    assert.ok(text.trim().length > 0, `example ${i} left the paste empty`);
    const api = await classifyInPage(page, text);
    assert.equal((await cards(page))[0].id, api.matches[0].id, `example ${i}`);
  }
  assert.equal(await settleAfter(page, () => page.click('button#clear'), { expectEmpty: true }), 'empty');
  assert.equal(await page.inputValue('#error-input'), '');
  assert.deepEqual(await cards(page), []);
});

// ---------------------------------------------------------------------------------------------
// language

e2e(env, 'switching language keeps the paste, re-renders the cards and sets <html lang>', async ({ page }) => {
  await gotoApp(page, env.url('/'));
  const text = multi[0].paste;
  await paste(page, text);
  const before = await cards(page);
  const first = before[0].id;
  const start = await htmlLang(page);
  const order = [...LANGS.filter((l) => l !== start), start];
  for (const l of order) {
    await page.click(langButton(l));
    await page.waitForFunction((x) => document.documentElement.lang === x, l, { timeout: 5_000 });
    await waitTitle(page, `${cardSel(first)} h2.card-title`, entry(first).title[l]);
    assert.equal(await page.inputValue('#error-input'), text, 'the paste must survive a language switch');
    assert.deepEqual(await cards(page), before, 'same cards in every language');
    for (const other of LANGS) {
      assert.equal(await page.getAttribute(langButton(other), 'aria-pressed'), String(other === l), `aria-pressed of ${other} after choosing ${l}`);
    }
    assert.equal(await page.evaluate(() => localStorage.getItem('aksbd.lang')), l, 'the choice is stored in localStorage aksbd.lang');
    checkCard(await cardDetails(page, cardSel(first)), l, { match: (await classifyInPage(page, text)).matches.find((m) => m.id === first), text });
  }
  const last = order.at(-1);
  const other = LANGS.find((l) => l !== last);
  await gotoApp(page, env.url('/'));
  assert.equal(await htmlLang(page), last, 'the stored language is used on the next visit');
  await gotoApp(page, env.url(`/?lang=${other}`));
  assert.equal(await htmlLang(page), other, '?lang overrides the stored language');
});

for (const l of LANGS) {
  e2e(env, `?lang=${l} renders ${l}: <html lang>, card text from catalog.json, UI text`, async ({ page }) => {
    await gotoApp(page, env.url(`/?lang=${l}`));
    assert.equal(await htmlLang(page), l);
    assert.equal(await page.getAttribute(langButton(l), 'aria-pressed'), 'true');
    const { cards: got } = await pasteAndCheck(page, seedWithTop.paste);
    assert.equal(got[0].id, seedWithTop.top);
    assert.equal(norm(await page.textContent(`${cardSel(seedWithTop.top)} h2.card-title`)), norm(entry(seedWithTop.top).title[l]));
    const shown = await page.evaluate(() => `${document.title}\n${document.body.innerText}`);
    assert.ok(norm(shown).includes(norm(catalog.ui['app.title'][l])), `the app title in ${l} (${catalog.ui['app.title'][l]}) is not shown`);
  });
}

e2e(env, 'an unknown ?lang=xx falls back to the default language without errors', async ({ page }) => {
  // the language a first visit gets without ?lang
  await gotoApp(page, env.url('/'));
  const fallback = await htmlLang(page);
  assert.ok(LANGS.includes(fallback), `default <html lang="${fallback}">`);
  for (const bad of ['xx', '', 'zz-ZZ', '%3Cimg%20src%3Dx%3E']) {
    await gotoApp(page, env.url(`/?lang=${bad}`));
    assert.equal(await htmlLang(page), fallback, `?lang=${bad}`);
    assert.equal(await page.getAttribute(langButton(fallback), 'aria-pressed'), 'true', `?lang=${bad}`);
    assert.notEqual(await page.evaluate(() => localStorage.getItem('aksbd.lang')), decodeURIComponent(bad), `?lang=${bad} must not be stored`);
    await paste(page, seedWithTop.paste);
    assert.equal(norm(await page.textContent(`${cardSel(seedWithTop.top)} h2.card-title`)), norm(entry(seedWithTop.top).title[fallback]), `?lang=${bad}`);
  }
});

// ---------------------------------------------------------------------------------------------
// routes

e2e(env, 'deep link #/entry/<id> shows that entry, for every entry (load and hashchange)', async ({ page }, t) => {
  const [firstEntry, ...rest] = catalog.entries;
  await gotoApp(page, env.url(`/?lang=en#/entry/${firstEntry.id}`), { waitForInput: false });
  for (const e of [firstEntry, ...rest]) {
    await t.test(e.id, async () => {
      if (e !== firstEntry) await page.evaluate((id) => { location.hash = `#/entry/${id}`; }, e.id);
      await page.waitForSelector(cardSel(e.id, '#entry-view'), { timeout: 5_000 });
      assert.equal((await page.$$('#entry-view .card[data-entry-id]')).length, 1, 'one card in the entry view');
      checkCard(await cardDetails(page, cardSel(e.id, '#entry-view')), 'en');
    });
  }
});

e2e(env, 'deep link #/entry/<unknown id> shows no card and throws nothing', async ({ page }) => {
  await gotoApp(page, env.url('/#/entry/NoSuchEntryId'), { waitForInput: false });
  await page.waitForTimeout(500);
  assert.equal((await page.$$('#entry-view .card')).length, 0);
});

/** Ids of the catalog items currently shown (not hidden by the filter). */
const visibleCatalogIds = (page) => page.$$eval('#catalog [data-entry-id]', (els) => els
  .filter((e) => e.getClientRects().length > 0 && getComputedStyle(e).visibility !== 'hidden')
  .map((e) => e.getAttribute('data-entry-id')));

async function filterCatalog(page, query, wantId) {
  await page.fill('input#catalog-filter', query);
  await page.waitForFunction(([id, total]) => {
    const shown = [...document.querySelectorAll('#catalog [data-entry-id]')].filter((e) => e.getClientRects().length > 0);
    return shown.length < total && shown.some((e) => e.getAttribute('data-entry-id') === id);
  }, [wantId, catalog.entries.length], { timeout: 5_000 }).catch(() => {});
  const shown = await visibleCatalogIds(page);
  assert.ok(shown.includes(wantId), `filter ${JSON.stringify(query)} should show ${wantId}; shows ${JSON.stringify(shown)}`);
  assert.ok(shown.length < catalog.entries.length, `filter ${JSON.stringify(query)} hides nothing`);
  return shown;
}

/** A word of `lang` titles that occurs in exactly one entry title, preferring words rare in all entry text. */
function titleWord(lang, re) {
  const text = (e) => [e.title[lang], e.cause[lang], ...e.steps.map((s) => s[lang])].join(' ');
  const owners = new Map();
  for (const e of catalog.entries) for (const w of new Set(e.title[lang].match(re) ?? [])) owners.set(w, [...(owners.get(w) ?? []), e.id]);
  const unique = [...owners].filter(([, ids]) => ids.length === 1).map(([w, [id]]) => ({ w, id, n: catalog.entries.filter((e) => text(e).includes(w)).length }));
  unique.sort((a, b) => a.n - b.n || b.w.length - a.w.length || (a.w < b.w ? -1 : 1));
  assert.ok(unique.length, `no ${lang} title word unique to one entry`);
  return unique[0];
}

e2e(env, '#/catalog lists every entry grouped by category', async ({ page }) => {
  await gotoApp(page, env.url('/?lang=en#/catalog'), { waitForInput: false });
  await page.waitForSelector('#catalog [data-entry-id]');
  const groups = await page.$$eval('#catalog section.category', (ss) => ss.map((s) => ({
    text: s.textContent, ids: [...s.querySelectorAll('[data-entry-id]')].map((e) => e.getAttribute('data-entry-id')),
  })));
  const all = await page.$$eval('#catalog [data-entry-id]', (els) => els.map((e) => e.getAttribute('data-entry-id')));
  assert.deepEqual([...all].sort(), catalog.entries.map((e) => e.id).sort(), 'every entry once');
  assert.deepEqual(groups.flatMap((g) => g.ids).sort(), [...all].sort(), 'every item is inside a section.category');
  const used = new Set(catalog.entries.map((e) => e.category));
  assert.equal(groups.length, used.size, 'one section.category per category in use');
  for (const g of groups) {
    const cats = new Set(g.ids.map((id) => entry(id).category));
    assert.equal(cats.size, 1, `a section mixes categories: ${[...cats]}`);
    const cat = catalog.categories.find((c) => c.id === [...cats][0]);
    assert.ok(norm(g.text).includes(norm(cat.name.en)), `section for ${cat.id} should be headed ${cat.name.en}`);
  }
});

e2e(env, '#/catalog filter by an error code', async ({ page }) => {
  // a code that appears nowhere else in the catalog
  const e = catalog.entries.find((x) => x.signals.codes.length
    && catalog.entries.every((o) => o === x || !JSON.stringify(o).includes(x.signals.codes[0])));
  await gotoApp(page, env.url('/?lang=en#/catalog'), { waitForInput: false });
  await page.waitForSelector('input#catalog-filter');
  const shown = await filterCatalog(page, e.signals.codes[0], e.id);
  assert.equal(shown[0], e.id, 'the entry with that exact code comes first');
});

e2e(env, '#/catalog filter by a Japanese word from a title', async ({ page }) => {
  const { w, id } = titleWord('ja', /[\u30A0-\u30FF\u4E00-\u9FFF]{3,}/g);
  await gotoApp(page, env.url('/?lang=ja#/catalog'), { waitForInput: false });
  await page.waitForSelector('input#catalog-filter');
  await filterCatalog(page, w, id);
});

e2e(env, '#/catalog filter by a Korean word from a title', async ({ page }) => {
  const { w, id } = titleWord('ko', /[\uAC00-\uD7A3]{2,}/g);
  await gotoApp(page, env.url('/?lang=ko#/catalog'), { waitForInput: false });
  await page.waitForSelector('input#catalog-filter');
  await filterCatalog(page, w, id);
});

// ---------------------------------------------------------------------------------------------
// copy, share, redact

const ARM = { subscriptionId: '6c1f0e2a-93b4-4d57-8e21-5a7c9d3b0f46', resourceGroup: 'rg-shop-prod', clusterName: 'aks-shop-prod-01' };
const armId = `/subscriptions/${ARM.subscriptionId}/resourceGroups/${ARM.resourceGroup}/providers/Microsoft.ContainerService/managedClusters/${ARM.clusterName}`;
const ARM_KEYS = Object.keys(ARM);
// An entry with an error code, one command filled entirely from an AKS ARM id (with the cluster
// name) and one command that still needs a value the ARM id does not give.
const copyEntry = catalog.entries.find((e) => e.signals.codes.length
  && e.commands.some((c) => placeholdersOf(c.template).includes('clusterName') && placeholdersOf(c.template).every((p) => ARM_KEYS.includes(p)))
  && e.commands.some((c) => placeholdersOf(c.template).some((p) => !ARM_KEYS.includes(p))));

e2e(env, 'copy puts the command, filled with values from the paste and the inputs, on the clipboard', async ({ page }) => {
  assert.ok(copyEntry, 'catalog has no entry suitable for the copy test');
  await gotoApp(page, env.url('/'));
  const text = `Error Code: ${copyEntry.signals.codes[0]}\nResource: ${armId}\n`;
  assert.equal(await paste(page, text), 'matches');
  const card = cardSel(copyEntry.id);
  assert.ok(await page.$(card), `no card for ${copyEntry.id}`);
  const values = (await classifyInPage(page, text)).matches.find((m) => m.id === copyEntry.id).values;
  assert.equal(values.clusterName, ARM.clusterName, 'the engine extracts the cluster name from the ARM id');
  const blocks = await page.$$(`${card} .command`);
  assert.equal(blocks.length, copyEntry.commands.length);

  // a command filled entirely from the paste
  const full = copyEntry.commands.findIndex((c) => placeholdersOf(c.template).includes('clusterName') && placeholdersOf(c.template).every((p) => ARM_KEYS.includes(p)));
  const want = fillTemplate(copyEntry.commands[full].template, ARM);
  const got = await clipboardAfter(page, () => blocks[full].$('button.copy').then((b) => b.click()));
  assert.equal(got, want);
  assert.ok(got.includes(ARM.clusterName));

  // a command with an unfilled placeholder: what the user types goes into the copy
  const partial = copyEntry.commands.findIndex((c) => placeholdersOf(c.template).some((p) => !ARM_KEYS.includes(p)));
  const template = copyEntry.commands[partial].template;
  const typed = {};
  for (const input of await blocks[partial].$$('pre code input.ph')) {
    const name = await input.getAttribute('data-ph');
    typed[name] = `my-${name.toLowerCase()}-1`;
    await input.fill(typed[name]);
  }
  assert.deepEqual(Object.keys(typed).sort(), placeholdersOf(template).filter((p) => !(p in values)).sort(), 'one input.ph per unfilled placeholder');
  const got2 = await clipboardAfter(page, () => blocks[partial].$('button.copy').then((b) => b.click()));
  assert.equal(got2, fillTemplate(template, { ...values, ...typed }));
}, { session: { clipboard: true } });

const XSS = ['<img src=x onerror=window.__xss=1>', '<script>window.__xss=1</script>', '<svg onload=window.__xss=1></svg>', '"><iframe srcdoc="<script>parent.__xss=1</script>">'];

async function assertNoInjection(page) {
  await page.waitForTimeout(400);
  const r = await page.evaluate(() => ({
    xss: typeof window.__xss,
    imgs: document.querySelectorAll('#results img, #entry-view img, #catalog img, img[src="x"]').length,
    handlers: [...document.querySelectorAll('[onerror], [onload]')].filter((e) => `${e.getAttribute('onerror')}${e.getAttribute('onload')}`.includes('__xss')).length,
    scripts: [...document.scripts].filter((s) => s.textContent.includes('__xss')).length,
    frames: document.querySelectorAll('iframe').length,
    svgs: document.querySelectorAll('#results svg[onload], svg[onload]').length,
  }));
  assert.deepEqual(r, { xss: 'undefined', imgs: 0, handlers: 0, scripts: 0, frames: 0, svgs: 0 });
}

e2e(env, 'HTML and script in the paste are shown as text and never run', async ({ page, context, log }) => {
  await gotoApp(page, env.url('/'));
  const code = entry(seeds.find((c) => c.expect.some((x) => x.level === 'exact')).expect[0].id).signals.codes[0];
  const text = `${XSS[0]} ${code}\n${XSS.slice(1).join('\n')}`;
  assert.equal(await paste(page, text), 'matches');
  await assertNoInjection(page);
  const evidence = await page.$$eval('#results .evidence-line', (els) => els.map((e) => e.textContent));
  assert.ok(evidence.some((l) => l.includes(XSS[0])), `the evidence line should show the markup as text: ${JSON.stringify(evidence)}`);
  assert.equal(await page.inputValue('#error-input'), text);

  // markup only: no-match state
  assert.equal(await paste(page, XSS.join('\n')), 'no-match');
  await assertNoInjection(page);

  // through the share link, the entry route and the catalog filter
  const link = await clipboardAfter(page, () => page.click('button#share'));
  const p2 = await context.newPage();
  await gotoApp(p2, link);
  await settleAfter(p2, async () => {});
  assert.equal(await p2.inputValue('#error-input'), XSS.join('\n'));
  await assertNoInjection(p2);
  await p2.goto(env.url(`/#/entry/${encodeURIComponent(XSS[0])}`));
  await waitReady(p2);
  await assertNoInjection(p2);
  await p2.goto(env.url('/#/catalog'));
  await waitReady(p2);
  await p2.fill('input#catalog-filter', XSS[0]);
  await assertNoInjection(p2);
  assert.ok(!log.requests.some((u) => new URL(u).pathname === '/x'), 'the injected <img src=x> was fetched');
}, { session: { clipboard: true } });

e2e(env, 'the share link round-trips the paste and the language', async ({ page }) => {
  await gotoApp(page, env.url('/'));
  const start = await htmlLang(page);
  const lang = LANGS.find((l) => l !== start && l !== 'en') ?? LANGS.find((l) => l !== start);
  await page.click(langButton(lang));
  await page.waitForFunction((x) => document.documentElement.lang === x, lang);
  const text = `${corpus('wrappers').find((c) => c.name === 'fullwidth-code-in-japanese.txt').paste.trimEnd()}\n\tタブ & "quotes" <b>not bold</b> 🙂 %2F #/p/x ?lang=en\n${seeds[1].paste.trimEnd()}`;
  await paste(page, text);
  const sent = await cards(page);
  const link = await clipboardAfter(page, () => page.click('button#share'));
  const url = new URL(link);
  assert.equal(url.origin, env.origin, 'the share link points at this app');
  assert.ok(url.hash.startsWith('#/p/'), `the paste travels in the fragment (#/p/...), not the query: ${link}`);
  assert.ok(!url.search.includes(encodeURIComponent(text.slice(0, 10))), 'the paste must not be in the query string (it would reach a server)');

  // open it where nothing is stored: a new browser context
  const other = await env.session();
  try {
    await gotoApp(other.page, link);
    await settleAfter(other.page, async () => {});
    assert.equal(await other.page.inputValue('#error-input'), text, 'the paste, byte for byte');
    assert.equal(await htmlLang(other.page), lang, 'the language of the sender');
    assert.deepEqual(await cards(other.page), sent, 'the same cards');
    assertClean(other.log, 'the page opened from the share link');
  } finally {
    await other.context.close();
  }
}, { session: { clipboard: true } });

e2e(env, '#/p/<base64url of the UTF-8 paste> fills the paste area', async ({ page }) => {
  const text = `${seedWithTop.paste.trimEnd()}\n日本語 한국어 🙂`;
  const b64 = Buffer.from(text, 'utf8').toString('base64url');
  await gotoApp(page, env.url(`/#/p/${b64}`));
  assert.equal(await settleAfter(page, async () => {}), 'matches');
  assert.equal(await page.inputValue('#error-input'), text);
  assert.equal((await cards(page))[0].id, seedWithTop.top);
});

e2e(env, 'copy-redacted masks GUIDs and says how many values were masked', async ({ page }) => {
  await gotoApp(page, env.url('/'));
  const g1 = '3f1c2b4a-5d6e-4f70-8a9b-0c1d2e3f4a5b';
  const g2 = 'A1B2C3D4-E5F6-4A7B-8C9D-0E1F2A3B4C5D';
  for (const [guids, n] of [[[g1], 1], [[g1, g2], 2]]) {
    const before = `Error Code: UserErrorPVNotFound\nJob ID: ${guids[0]} (job details)`;
    const text = guids.length > 1 ? `${before}\nCorrelation: ${guids[1]} end` : before;
    await paste(page, text);
    const red = await clipboardAfter(page, () => page.click('button#copy-redacted'));
    for (const g of guids) assert.ok(!red.toLowerCase().includes(g.toLowerCase()), `the redacted copy still contains ${g}: ${red}`);
    assert.ok(red.startsWith('Error Code: UserErrorPVNotFound\nJob ID: '), `the rest of the paste is kept: ${red}`);
    assert.ok(red.includes(' (job details)'));
    if (guids.length > 1) assert.ok(red.includes('\nCorrelation: ') && red.endsWith(' end'));
    assert.equal(await page.inputValue('#error-input'), text, 'the paste itself is not changed');
    const said = new RegExp(`(^|\\D)${n}(\\D|$)`);
    await page.waitForFunction((re) => new RegExp(re).test(document.querySelector('#status')?.textContent ?? ''), said.source, { timeout: 5_000 })
      .catch(() => {});
    const status = norm(await page.textContent('#status'));
    assert.match(status, said, `#status should say ${n} value(s) were masked: ${status}`);
  }
}, { session: { clipboard: true } });

// ---------------------------------------------------------------------------------------------
// keyboard, accessibility, embed, offline

e2e(env, 'keyboard: Tab reaches the language buttons and the copy button with a visible focus; Enter works', async ({ page }) => {
  await gotoApp(page, env.url('/'));
  const text = seedWithTop.paste;
  await paste(page, text);
  await page.focus('#error-input'); // start from the paste area (focus on load has its own test)
  const probe = () => page.evaluate(() => {
    const el = document.activeElement;
    if (!el || el === document.body) return null;
    const cs = getComputedStyle(el);
    return {
      desc: `${el.tagName.toLowerCase()}${el.id ? `#${el.id}` : ''}${el.className ? `.${String(el.className).split(/\s+/).join('.')}` : ''}`,
      lang: el.matches('header .lang button[data-lang]') ? el.getAttribute('data-lang') : null,
      copy: el.matches('button.copy') ? [...document.querySelectorAll('button.copy')].indexOf(el) : -1,
      focusVisible: el.matches(':focus-visible'),
      style: { outline: `${cs.outlineStyle} ${cs.outlineWidth} ${cs.outlineColor}`, shadow: cs.boxShadow, border: cs.borderColor, bg: cs.backgroundColor },
      outlined: cs.outlineStyle !== 'none' && parseFloat(cs.outlineWidth) > 0,
    };
  });
  const seen = [];
  let lang = null;
  let copy = null;
  for (let i = 0; i < 200 && !(lang && copy); i++) {
    await page.keyboard.press('Tab');
    const f = await probe();
    seen.push(f?.desc ?? 'body');
    if (f?.lang && !lang) lang = f;
    if (f?.copy >= 0 && !copy) copy = f;
  }
  assert.ok(lang, `Tab never reached header .lang button; focus went: ${seen.join(' > ')}`);
  assert.ok(copy, `Tab never reached button.copy; focus went: ${seen.join(' > ')}`);
  await page.focus('#error-input');
  const unfocused = {
    lang: await page.$eval(langButton(lang.lang), (el) => { const cs = getComputedStyle(el); return { outline: `${cs.outlineStyle} ${cs.outlineWidth} ${cs.outlineColor}`, shadow: cs.boxShadow, border: cs.borderColor, bg: cs.backgroundColor }; }),
    copy: await page.evaluate((i) => { const cs = getComputedStyle(document.querySelectorAll('button.copy')[i]); return { outline: `${cs.outlineStyle} ${cs.outlineWidth} ${cs.outlineColor}`, shadow: cs.boxShadow, border: cs.borderColor, bg: cs.backgroundColor }; }, copy.copy),
  };
  for (const [name, f] of [['lang', lang], ['copy', copy]]) {
    assert.ok(f.focusVisible, `${f.desc} is not :focus-visible when reached with Tab`);
    assert.ok(f.outlined || f.style.shadow !== unfocused[name].shadow,
      `${f.desc}: no visible focus indicator (focused ${JSON.stringify(f.style)}, unfocused ${JSON.stringify(unfocused[name])})`);
  }

  // Enter on a language button switches the language and keeps the paste
  const current = await htmlLang(page);
  const target = LANGS.find((l) => l !== current);
  await page.focus(langButton(target));
  await page.keyboard.press('Enter');
  await page.waitForFunction((x) => document.documentElement.lang === x, target, { timeout: 5_000 });
  assert.equal(await page.inputValue('#error-input'), text);

  // Enter on a copy button copies
  const first = entry((await cards(page))[0].id);
  const values = (await classifyInPage(page, text)).matches.find((m) => m.id === first.id).values;
  const i = first.commands.findIndex((c) => placeholdersOf(c.template).every((p) => p in values));
  if (i >= 0) {
    const button = (await page.$$(`${cardSel(first.id)} .command button.copy`))[i];
    await button.focus();
    const got = await clipboardAfter(page, () => page.keyboard.press('Enter'));
    assert.equal(got, fillTemplate(first.commands[i].template, values));
  }
}, { session: { clipboard: true } });

e2e(env, 'axe: no serious or critical accessibility violations (results, no-match, catalog)', async ({ page }) => {
  const axeSource = readFileSync(createRequire(import.meta.url).resolve('axe-core/axe.min.js'), 'utf8');
  const run = async (what) => {
    await page.evaluate(axeSource);
    const violations = await page.evaluate(async () => {
      const r = await window.axe.run(document, { runOnly: { type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa'] }, resultTypes: ['violations'] });
      return r.violations.map((v) => ({ id: v.id, impact: v.impact, help: v.help, nodes: v.nodes.slice(0, 3).map((n) => n.target.join(' ')) }));
    });
    const bad = violations.filter((v) => v.impact === 'serious' || v.impact === 'critical');
    assert.deepEqual(bad, [], `${what}: ${JSON.stringify(bad, null, 1)}`);
  };
  await gotoApp(page, env.url('/?lang=ja'));
  await paste(page, multi[0].paste);
  await run('results (ja)');
  await paste(page, rejectAny[0].paste);
  await run('no-match (ja)');
  await gotoApp(page, env.url('/?lang=en#/catalog'), { waitForInput: false });
  await page.waitForSelector('#catalog [data-entry-id]');
  await run('catalog (en)');
});

e2e(env, '?embed=1: no header chrome, posts aksbd:height to the parent on resize', async ({ page, context }) => {
  const parentPath = '/__e2e_embed_parent.html';
  await context.route(env.url(parentPath), (r) => r.fulfill({
    contentType: 'text/html; charset=utf-8',
    body: `<!doctype html><title>parent</title><iframe id="f" src="/?embed=1&lang=en" style="width:800px;height:400px;border:0"></iframe>`,
  }));
  await context.addInitScript((p) => {
    if (location.pathname === p) {
      window.__heights = [];
      window.addEventListener('message', (e) => { if (e.data && e.data.type === 'aksbd:height') window.__heights.push(e.data.height); });
    }
  }, parentPath);
  await page.goto(env.url(parentPath));
  const frame = await (await page.waitForSelector('#f')).contentFrame();
  await waitReady(frame);
  await frame.waitForSelector('#error-input');
  assert.equal(await frame.$('header .lang button'), null, 'embed mode shows no header language switcher');
  await page.waitForFunction(() => window.__heights.length > 0, null, { timeout: 5_000 });
  const h0 = await page.evaluate(() => window.__heights.at(-1));
  assert.ok(typeof h0 === 'number' && h0 > 0, `height ${h0}`);
  await paste(frame, multi[0].paste);
  await page.waitForFunction((h) => Math.max(...window.__heights) > h, h0, { timeout: 5_000 });
  const h1 = await page.evaluate(() => Math.max(...window.__heights));
  const actual = await frame.evaluate(() => document.documentElement.scrollHeight);
  assert.ok(h1 > h0, 'a taller result posts a larger height');
  assert.ok(Math.abs(h1 - actual) <= 40, `posted ${h1}, but the embedded document is ${actual} px tall`);
});

test('a#download-offline points at the single-file build', async () => {
  const s = await env.session();
  try {
    await gotoApp(s.page, env.url('/'));
    const href = await s.page.$eval('a#download-offline', (a) => a.href);
    const url = new URL(href);
    assert.equal(url.origin, env.origin, 'served by the app itself');
    const res = await fetch(href);
    assert.equal(res.status, 200);
    assert.ok(Buffer.from(await res.arrayBuffer()).equals(readFileSync(OFFLINE_HTML)), `${href} is not dist/aks-backup-doctor.html`);
    assertClean(s.log, 'download link');
  } finally {
    await s.context.close();
  }
});

e2e(env, 'the offline file works from file:// with no network', async ({ page }) => {
  assert.ok((() => { try { return readFileSync(OFFLINE_HTML).length > 0; } catch { return false; } })(), `${OFFLINE_HTML} is missing`);
  await gotoApp(page, pathToFileURL(OFFLINE_HTML).href + '?lang=ko');
  assert.equal(await htmlLang(page), 'ko');
  for (const c of seeds) {
    assert.equal(await paste(page, c.paste), 'matches', c.name);
    const got = await cards(page);
    for (const { id, level } of c.expect) assert.ok(got.some((x) => x.id === id && atLeast(x.level, level)), `${c.name}: ${id}`);
    if (c.top) assert.equal(norm(await page.textContent(`${cardSel(c.top)} h2.card-title`)), norm(entry(c.top).title.ko));
  }
  assert.equal(await paste(page, rejectAny[0].paste), 'no-match');
}, { session: { allowed: (u) => u.startsWith('file://') } });
