#!/usr/bin/env node
// Browser timings for `make bench` (not a test). Serves dist/ on a random port and measures, in
// Chromium, the median of RUNS runs of:
//   - interactive: navigation start -> #error-input in the document and AksBackupDoctor.ready
//     resolved (a fresh browser context per run, so nothing is cached);
//   - answer: navigation start -> a code typed into #error-input the moment it exists shows its
//     card (median of 9, fresh context per run);
//   - render: a real paste (Ctrl+V) of a 5 KB paste and a 1 MB log -> the last change to the
//     document caused by it, up to the next animation frame (includes any debounce the app applies);
//   - large: a real paste of a 10 MB and a 50 MB log, read in steps: paste -> first progress,
//     first card, done; the page's longest unanswered stretch; wasm memory (median of RUNS/2 runs);
//   - engine: `await AksBackupDoctor.classify(text)` alone, for 5 KB and 10 MB.
// The pastes are generated deterministically from tests/corpus/velero plus Velero info lines.
// Prints one JSON object and writes it to bench-out/browser.json. Exits non-zero if any request
// leaves the app's origin, the page throws or the CSP blocks something (console errors are only
// reported). Usage: node tests/e2e/timing.mjs [--runs N] [--only answer]   (after `make dist`)
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { ROOT, DIST, OFFLINE_HTML, launchBrowser, startDistServer, newSession, benchLog, waitReady, pathToFileURL } from './lib.mjs';

const argRuns = process.argv.indexOf('--runs');
const RUNS = argRuns > 0 ? Number(process.argv[argRuns + 1]) : 10;
// `--only answer`: just the navigation -> answer measure (scripts/bench.sh runs everything).
const ONLY_ANSWER = process.argv.includes('--only') && process.argv[process.argv.indexOf('--only') + 1] === 'answer';
const SKIP = Symbol('skip');
const OUT_DIR = join(ROOT, 'bench-out');

const median = (xs) => {
  const s = [...xs].sort((a, b) => a - b);
  const m = s.length >> 1;
  return s.length % 2 ? s[m] : (s[m - 1] + s[m]) / 2;
};
const round = (x) => Math.round(x * 100) / 100;
const stats = (xs) => ({ medianMs: round(median(xs)), minMs: round(Math.min(...xs)), maxMs: round(Math.max(...xs)), runsMs: xs.map(round) });

// Polls (every ~2 ms, from before any app script) for the textarea and the engine's ready promise.
function timingProbe() {
  const t = { textarea: null, api: null, ready: null };
  window.__aksbdTiming = t;
  const check = () => {
    if (t.textarea === null && document.getElementById('error-input')) t.textarea = performance.now();
    const api = window.AksBackupDoctor;
    if (t.api === null && api && api.ready) {
      t.api = performance.now();
      Promise.resolve(api.ready).then(() => { t.ready = performance.now(); });
    }
    if (t.textarea === null || t.ready === null) setTimeout(check, 2);
  };
  check();
}

// Types a code into the paste box the moment it exists (the first screen, or the app's own box
// when there is none), then polls for its card.
const ANSWER_CODE = 'UserErrorPVNotFound';
function answerProbe(code) {
  const t = { box: null, typed: null, card: null };
  window.__aksbdAnswer = t;
  const check = () => {
    const box = document.getElementById('error-input');
    if (t.box === null && box) {
      t.box = performance.now();
      box.value = code;
      box.dispatchEvent(new InputEvent('input', { bubbles: true, inputType: 'insertFromPaste', data: code }));
      t.typed = performance.now();
    }
    if (t.card === null && document.querySelector(`#results .card[data-entry-id="${code}"]`)) t.card = performance.now();
    if (t.card === null) setTimeout(check, 2);
  };
  check();
}

async function main() {
  const { server, origin } = await startDistServer();
  const browser = await launchBrowser();
  const allowed = (u) => u.startsWith(`${origin}/`);
  const foreign = [];
  const errors = [];
  const warnings = [];
  // no request interception here: it would add a round trip to every request being timed
  const session = async (clipboard = false) => {
    const s = await newSession(browser, { allowed, intercept: false, clipboardOrigin: clipboard ? origin : null });
    return s;
  };
  const collect = (s) => {
    foreign.push(...s.log.foreign);
    errors.push(...s.log.pageErrors, ...s.log.csp.map((v) => `CSP ${JSON.stringify(v)}`));
    warnings.push(...s.log.consoleErrors); // e.g. a 404 for /favicon.ico: worth fixing, does not spoil a timing
  };
  const result = {
    browser: `chromium ${browser.version()}`,
    dist: DIST,
    runs: RUNS,
    date: new Date().toISOString(),
  };
  try {
    // --- interactive
    const interactive = [];
    const breakdown = { textareaMs: [], readyMs: [], domContentLoadedMs: [], loadMs: [] };
    for (let i = 0; i < RUNS; i++) {
      const s = await session();
      await s.context.addInitScript(timingProbe);
      await s.page.goto(`${origin}/`, { waitUntil: 'load' });
      await s.page.waitForFunction(() => window.__aksbdTiming && window.__aksbdTiming.textarea !== null && window.__aksbdTiming.ready !== null, null, { timeout: 60_000, polling: 20 });
      const t = await s.page.evaluate(() => {
        const nav = performance.getEntriesByType('navigation')[0];
        return { ...window.__aksbdTiming, dcl: nav.domContentLoadedEventEnd, load: nav.loadEventEnd };
      });
      interactive.push(Math.max(t.textarea, t.ready));
      breakdown.textareaMs.push(t.textarea);
      breakdown.readyMs.push(t.ready);
      breakdown.domContentLoadedMs.push(t.dcl);
      breakdown.loadMs.push(t.load);
      collect(s);
      await s.context.close();
    }
    result.interactive = {
      what: 'navigation start -> #error-input present and AksBackupDoctor.ready resolved (cold: new context per run)',
      ...stats(interactive),
      medians: Object.fromEntries(Object.entries(breakdown).map(([k, v]) => [k, round(median(v))])),
    };

    // --- answer: navigation -> a code typed into the box as soon as it is there shows its card
    // (the "navigation -> answer": first screen, wasm start, classify, render)
    const answer = [];
    const answerParts = { boxMs: [], firstPaintMs: [], typedMs: [] };
    for (let i = 0; i < 9; i++) {
      const s = await session();
      await s.context.addInitScript(answerProbe, ANSWER_CODE);
      await s.page.goto(`${origin}/?lang=en`, { waitUntil: 'commit' });
      await s.page.waitForFunction(() => window.__aksbdAnswer && window.__aksbdAnswer.card !== null, null, { timeout: 60_000, polling: 20 });
      const t = await s.page.evaluate(() => ({
        ...window.__aksbdAnswer,
        paint: (performance.getEntriesByName('first-contentful-paint')[0] || {}).startTime ?? null,
      }));
      answer.push(t.card);
      answerParts.boxMs.push(t.box);
      answerParts.typedMs.push(t.typed);
      if (t.paint != null) answerParts.firstPaintMs.push(t.paint);
      collect(s);
      await s.context.close();
    }
    result.answer = {
      what: `navigation start -> ${ANSWER_CODE} typed into #error-input the moment it exists -> its card in #results (cold: new context per run, median of 9)`,
      ...stats(answer),
      medians: Object.fromEntries(Object.entries(answerParts).filter(([, v]) => v.length).map(([k, v]) => [k, round(median(v))])),
    };
    if (ONLY_ANSWER) throw SKIP;

    // --- interactive, the offline single file from file:// (every other request blocked)
    const offline = [];
    const fileUrl = pathToFileURL(OFFLINE_HTML).href;
    for (let i = 0; i < RUNS; i++) {
      const s = await newSession(browser, { allowed: (u) => u.split('#')[0].split('?')[0] === fileUrl });
      await s.context.addInitScript(timingProbe);
      await s.page.goto(fileUrl, { waitUntil: 'load' });
      await s.page.waitForFunction(() => window.__aksbdTiming && window.__aksbdTiming.textarea !== null && window.__aksbdTiming.ready !== null, null, { timeout: 60_000, polling: 20 });
      const t = await s.page.evaluate(() => window.__aksbdTiming);
      offline.push(Math.max(t.textarea, t.ready));
      collect(s);
      await s.context.close();
    }
    result.offlineInteractive = { what: 'file:// single file: navigation start -> #error-input present and ready', ...stats(offline) };

    // --- paste -> rendered
    result.render = { what: 'Ctrl+V into #error-input -> last DOM change it caused, plus one animation frame (includes any debounce)' };
    for (const [label, bytes, quietMs] of [['5KB', 5 * 1024, 400], ['1MB', 1024 * 1024, 1500]]) {
      const text = benchLog(bytes);
      const s = await session(true);
      await s.page.goto(`${origin}/`);
      await waitReady(s.page);
      await s.page.waitForSelector('#error-input');
      await s.page.evaluate((t) => navigator.clipboard.writeText(t), text);
      const times = [];
      let info = null;
      for (let i = 0; i < RUNS; i++) {
        // start from the empty state
        // a large paste is shown read-only: the Clear button empties either kind
        if (await s.page.isEnabled('#clear')) await s.page.click('#clear');
        await s.page.waitForFunction(() => document.querySelector('#results')?.getAttribute('data-state') === 'empty', null, { timeout: 30_000 });
        await s.page.waitForTimeout(300);
        await s.page.evaluate(() => {
          window.__aksbdBench?.observer.disconnect();
          const m = { pasteAt: null, last: null, frame: null, count: 0, observer: null };
          window.__aksbdBench = m;
          document.addEventListener('paste', () => { m.pasteAt = performance.now(); }, { capture: true, once: true });
          m.observer = new MutationObserver(() => {
            if (m.pasteAt === null) return;
            m.count++;
            m.last = performance.now();
            const at = m.last;
            requestAnimationFrame(() => { if (m.last === at) m.frame = performance.now(); });
          });
          m.observer.observe(document.documentElement, { subtree: true, childList: true, attributes: true, characterData: true });
        });
        await s.page.focus('#error-input');
        await s.page.keyboard.press('ControlOrMeta+V');
        await s.page.waitForFunction((q) => {
          const m = window.__aksbdBench;
          const state = document.querySelector('#results')?.getAttribute('data-state');
          return m.pasteAt !== null && m.count > 0 && m.frame !== null && state && state !== 'empty' && state !== 'reading' && performance.now() - m.last >= q;
        }, quietMs, { timeout: 120_000, polling: 50 });
        const m = await s.page.evaluate(() => ({ pasteAt: window.__aksbdBench.pasteAt, frame: window.__aksbdBench.frame }));
        times.push(m.frame - m.pasteAt);
        if (!info) {
          info = await s.page.evaluate(() => ({
            state: document.querySelector('#results').getAttribute('data-state'),
            cards: document.querySelectorAll('#results .card[data-entry-id]').length,
            // a large paste is not in the box: the stats line gives its size in bytes
            pasted: document.querySelector('#large-note')
              ? Number((document.querySelector('.stats')?.textContent ?? '').replace(/[^0-9 ]/g, ' ').trim().split(/\s+/)[0])
              : document.querySelector('#error-input').value.length,
            large: !!document.querySelector('#large-note'),
          }));
        }
      }
      if (info.pasted !== (info.large ? Buffer.byteLength(text) : text.length)) throw new Error(`the ${label} paste arrived with ${info.pasted} of ${text.length} characters`);
      result.render[label] = { bytes: Buffer.byteLength(text), state: info.state, cards: info.cards, ...stats(times) };
      collect(s);
      await s.context.close();
    }

    // --- large pastes: read in steps (a new page per run: wasm memory only grows)
    const LARGE_RUNS = Math.max(3, Math.ceil(RUNS / 2));
    result.large = {
      what: 'Ctrl+V of a large log: paste event -> first progress bar, first card, all read; the longest the page did not answer (a 10 ms timer\'s longest gap) over the whole paste and after the first progress; wasm memory after',
      runs: LARGE_RUNS,
    };
    for (const [label, bytes] of [['10MB', 10 * 1024 * 1024], ['50MB', 50 * 1024 * 1024]]) {
      const text = benchLog(bytes);
      const runs = [];
      for (let i = 0; i < LARGE_RUNS; i++) {
        const s = await session(true);
        await s.page.goto(`${origin}/?lang=en`);
        await waitReady(s.page);
        await s.page.evaluate((t) => navigator.clipboard.writeText(t), text);
        await s.page.evaluate(() => {
          const m = { t0: null, progress: null, card: null, done: null, gap: 0, gapReading: 0, last: 0 };
          window.__aksbdLarge = m;
          document.addEventListener('paste', () => { m.t0 = performance.now(); m.last = m.t0; }, { capture: true, once: true });
          m.timer = setInterval(() => {
            const now = performance.now();
            if (m.t0 === null || m.done !== null) return;
            const gap = now - m.last;
            m.gap = Math.max(m.gap, gap);
            if (m.progress !== null && m.last >= m.progress) m.gapReading = Math.max(m.gapReading, gap);
            m.last = now;
          }, 10);
          new MutationObserver(() => {
            if (m.t0 === null || m.done !== null) return;
            const now = performance.now();
            if (m.progress === null && document.querySelector('#reading-progress')) m.progress = now;
            if (m.card === null && document.querySelector('#results .card')) m.card = now;
            const state = document.querySelector('#results')?.getAttribute('data-state');
            if (state && state !== 'empty' && state !== 'reading') { m.done = now; clearInterval(m.timer); }
          }).observe(document.documentElement, { subtree: true, childList: true, attributes: true });
        });
        await s.page.focus('#error-input');
        await s.page.keyboard.press('ControlOrMeta+V');
        await s.page.waitForFunction(() => window.__aksbdLarge.done !== null, null, { timeout: 180_000, polling: 100 });
        const m = await s.page.evaluate(() => {
          const m = window.__aksbdLarge;
          return { progress: m.progress - m.t0, card: m.card - m.t0, done: m.done - m.t0, gap: m.gap, gapReading: m.gapReading,
            memory: window.AksBackupDoctor.memoryBytes(), cards: document.querySelectorAll('#results .card').length };
        });
        runs.push(m);
        collect(s);
        await s.context.close();
      }
      const med = (k) => round(median(runs.map((r) => r[k])));
      const inputBytes = Buffer.byteLength(text);
      result.large[label] = {
        bytes: inputBytes,
        cards: runs[0].cards,
        firstProgressMs: med('progress'),
        firstCardMs: med('card'),
        doneMs: med('done'),
        mbPerS: round((inputBytes / 1048576) / (med('done') / 1000)),
        longestGapMs: med('gap'),
        longestGapWhileReadingMs: med('gapReading'),
        memoryBytes: Math.max(...runs.map((r) => r.memory)),
        memoryPerInput: round(Math.max(...runs.map((r) => r.memory)) / inputBytes),
      };
    }

    // --- engine only
    result.engine = { what: 'await AksBackupDoctor.classify(text) in the page' };
    {
      const s = await session();
      await s.page.goto(`${origin}/`);
      await waitReady(s.page);
      for (const [label, bytes] of [['5KB', 5 * 1024], ['10MB', 10 * 1024 * 1024]]) {
        const text = benchLog(bytes);
        await s.page.evaluate((t) => { window.__aksbdBenchText = t; }, text);
        // A 5 KB call is under a millisecond, close to the 0.1 ms resolution of performance.now()
        // and to the noise of one garbage collection: more runs (and warm-ups) for a steady median.
        const runs = bytes < 1 << 20 ? Math.max(RUNS, 50) : RUNS;
        const r = await s.page.evaluate(async (runs) => {
          const t = window.__aksbdBenchText;
          const api = window.AksBackupDoctor;
          const first = await api.classify(t); // warm-up, and what it found
          for (let i = 0; i < Math.min(runs, 10); i++) await api.classify(t);
          const times = [];
          for (let i = 0; i < runs; i++) {
            const t0 = performance.now();
            await api.classify(t);
            times.push(performance.now() - t0);
          }
          return { times, matches: first.matches.length, ids: first.matches.map((m) => m.id), truncated: first.truncated, bytes: first.bytes, lines: first.lines };
        }, runs);
        result.engine[label] = {
          bytes: Buffer.byteLength(text), runs, engineBytes: r.bytes, lines: r.lines, matches: r.matches, truncated: r.truncated,
          ...stats(r.times), mbPerS: round((Buffer.byteLength(text) / 1048576) / (median(r.times) / 1000)),
        };
        await s.page.evaluate(() => { delete window.__aksbdBenchText; });
      }
      collect(s);
      await s.context.close();
    }
  } catch (e) {
    if (e !== SKIP) throw e;
  } finally {
    await browser.close();
    server.close();
  }
  result.foreignRequests = [...new Set(foreign)];
  result.errors = [...new Set(errors)];
  result.consoleErrors = [...new Set(warnings)];
  mkdirSync(OUT_DIR, { recursive: true });
  writeFileSync(join(OUT_DIR, 'browser.json'), `${JSON.stringify(result, null, 2)}\n`);
  process.stdout.write(`${JSON.stringify(result, null, 2)}\n`);
  if (result.foreignRequests.length) {
    console.error(`timing: requests left the app's origin: ${result.foreignRequests.join(', ')}`);
    process.exitCode = 1;
  }
  if (result.consoleErrors.length) console.error(`timing: console errors (not fatal):\n  ${result.consoleErrors.join('\n  ')}`);
  if (result.errors.length) {
    console.error(`timing: the page reported errors:\n  ${result.errors.join('\n  ')}`);
    process.exitCode = 1;
  }
}

main().catch((e) => {
  console.error(`timing: ${e.stack || e}`);
  process.exit(1);
});
