// The first screen's script: a classic script in <head>, run before the body is parsed (hosted
// page: boot-<hash>.js; offline single file: inline). scripts/pack-web.mjs puts before it
// `__aksbdFirstLang()` (the language the app will start in, as src/ui/browser.rs picks it) and,
// on the hosted page, `__aksbdLoadLang(code)` (loads a language's catalog text).
//
// index.html holds the app's first screen, rendered at build time in each language (the visible
// one in English, the others in <template id="aksbd-shell-<lang>">). This script shows the one of
// the page's language, focuses the paste box, starts loading that language's text while the wasm
// is fetched, and keeps what the user does before the app starts: typed text stays in the text
// box (the app reads it), a large paste or a dropped file is held and handed over. The app
// (src/ui/browser.rs, `start`) replaces the first screen with itself. The first screen is shown
// as soon as the parser has reached its end (#aksbd-end, after the templates), not on
// DOMContentLoaded: that waits for the app's module script, which is most of the page's bytes.
(() => {
  'use strict';
  const LARGE = 256 * 1024; // bytes; src/ui/state.rs LARGE
  const html = document.documentElement;
  const params = new URLSearchParams(location.search);
  const embed = params.has('embed') && params.get('embed') !== '0';
  let lang = __aksbdFirstLang();
  html.lang = lang;
  if (typeof __aksbdLoadLang === 'function') __aksbdLoadLang(lang);

  let started = false;
  let dropped = null;
  const box = () => document.getElementById('error-input');
  addEventListener('aksbd:started', () => {
    started = true;
    if (!dropped) return;
    const data = new DataTransfer();
    data.items.add(dropped);
    dropped = null;
    const el = box();
    if (el) el.dispatchEvent(new DragEvent('drop', { bubbles: true, cancelable: true, dataTransfer: data }));
  }, { once: true });
  // Until the app starts, a file dropped on the page would replace the page: hold it instead.
  addEventListener('dragover', (e) => {
    if (!started && e.dataTransfer && [...e.dataTransfer.types].includes('Files')) e.preventDefault();
  });
  addEventListener('drop', (e) => {
    const file = !started && e.dataTransfer && e.dataTransfer.files[0];
    if (file) { e.preventDefault(); dropped = file; }
  });
  // A large paste is kept out of the text box (as the app does: laying out megabytes takes seconds).
  addEventListener('paste', (e) => {
    if (started || !e.clipboardData) return;
    const text = e.clipboardData.getData('text/plain');
    if (text.length * 3 > LARGE && new Blob([text]).size > LARGE) {
      e.preventDefault();
      window.__aksbdPendingText = text;
      const el = box();
      if (el) el.value = text.slice(0, 32 * 1024);
    }
  }, true);

  /** Shows the first screen in `code` (keeping the text typed so far). */
  function show(code) {
    const shell = document.querySelector('#app > .shell');
    const template = document.getElementById(`aksbd-shell-${code}`);
    if (!shell || !template || shell.getAttribute('lang') === code) return;
    const typed = box() ? box().value : '';
    shell.replaceWith(template.content.firstElementChild.cloneNode(true));
    if (box()) box().value = typed;
  }

  // Once the parser has passed the first screen (the observer's records come before the next
  // paint), or at the latest on DOMContentLoaded.
  let shown = false;
  const ready = () => {
    if (shown || !document.getElementById('aksbd-end')) return;
    shown = true;
    watch.disconnect();
    show(lang);
    if (embed) {
      document.body.classList.add('embed');
      document.querySelectorAll('#app > .shell .header, #app > .shell .footer').forEach((n) => n.remove());
    } else if (box()) box().focus();
    // The language buttons work before the app starts: the app starts in the chosen language.
    document.getElementById('app').addEventListener('click', (e) => {
      const b = !started && e.target.closest && e.target.closest('.shell [data-lang]');
      if (!b) return;
      lang = b.getAttribute('data-lang');
      html.lang = lang;
      try { localStorage.setItem('aksbd.lang', lang); } catch (err) { /* storage may be off */ }
      params.set('lang', lang);
      history.replaceState(null, '', `${location.pathname}?${params}${location.hash}`);
      if (typeof __aksbdLoadLang === 'function') __aksbdLoadLang(lang);
      show(lang);
      if (box()) box().focus();
    });
  };
  const watch = new MutationObserver(ready);
  watch.observe(html, { childList: true, subtree: true });
  document.addEventListener('DOMContentLoaded', ready, { once: true });
})();
