// Writes dist/embed/aks-backup-doctor.js: one classic script that defines <aks-backup-doctor>.
// The wasm is inlined (gzip + base64, inflated by the browser), measured against a separate
// .wasm next to it: one request instead of two, no fetch() (so the host's CSP needs no
// connect-src for it), and about the same bytes on the wire. Styles live in a constructable
// stylesheet inside each element's shadow root, so host CSS and ours never meet.
import { copyFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

/** Rewrites the page stylesheet for a shadow root. */
export function shadowCss(css) {
  return ':host { all: initial; display: block; }\n' + css
    .replace(/:root/g, ':host')
    .replace(/html:lang\((ja|ko)\) body/g, '.app:lang($1)')
    .replace(/(^|\n)html \{[^}]*\}/g, '$1')
    .replace(/(^|\n)body \{/g, '$1.app {')
    .replace(/\.embed \.app, body\.embed \.app/g, '.app.embed');
}

export function packEmbed({ body, loader, css, out }) {
  const js = `/*! aks-backup-doctor embed: <script src="aks-backup-doctor.js"></script> then <aks-backup-doctor lang="ja"></aks-backup-doctor> */
(function () {
  'use strict';
  if (!window.customElements || customElements.get('aks-backup-doctor')) return;
  window.__aksbdEmbedBundle = true;
  const CSS = ${JSON.stringify(shadowCss(css))};
${body}
${loader}
  const ready = (async () => { await __wbg_init({ module_or_path: await __aksbdModule() }); })();
  ready.catch((e) => console.error('aks-backup-doctor: failed to start', e));

  class AksBackupDoctorElement extends HTMLElement {
    static get observedAttributes() { return ['lang', 'value', 'compact']; }
    connectedCallback() {
      if (!this.shadowRoot) {
        const root = this.attachShadow({ mode: 'open' });
        const sheet = new CSSStyleSheet();
        sheet.replaceSync(CSS);
        root.adoptedStyleSheets = [sheet];
        // In-app links (#/catalog, #/entry/<id>) route inside this element, not the host page.
        root.addEventListener('click', (e) => {
          const a = e.composedPath().find((n) => n.tagName === 'A');
          const href = a && a.getAttribute('href');
          if (href && href.startsWith('#/')) {
            e.preventDefault();
            if (this._handle) this._handle.navigate(href);
          }
        });
      }
      this._render();
    }
    disconnectedCallback() {
      if (this._handle) { this._handle.destroy(); this._handle = null; }
    }
    attributeChangedCallback() {
      if (this.isConnected && this.shadowRoot) this._render();
    }
    _render() {
      ready.then(() => {
        if (this._handle) { this._handle.destroy(); this._handle = null; }
        const mountPoint = document.createElement('div');
        this.shadowRoot.replaceChildren(mountPoint);
        this._handle = mount(mountPoint, this.getAttribute('lang') || '', this.hasAttribute('compact'), this.getAttribute('value') || '');
      });
    }
  }
  customElements.define('aks-backup-doctor', AksBackupDoctorElement);
})();
`;
  writeFileSync(join(out, 'aks-backup-doctor.js'), js);
  // TypeScript declarations for embedders (checked by `make test` against examples/embed-usage.ts).
  copyFileSync(new URL('../web/aks-backup-doctor.d.ts', import.meta.url), join(out, 'aks-backup-doctor.d.ts'));
}
