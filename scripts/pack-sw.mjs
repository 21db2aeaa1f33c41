// Writes the hosted app's service worker (dist/sw.js): offline once visited. Used by
// scripts/pack-web.mjs; see docs/UI-CONTRACT.md.
import { createHash } from 'node:crypto';

const hash = (data, n = 16) => createHash('sha256').update(data).digest('hex').slice(0, n);

// ---- Offline once visited: the service worker -----------------------------------------------------
// dist/sw.js sits next to index.html, so its scope is the app's directory. Its cache is
// `aksbd-<hash of the hashed file names>@<scope path>`: a new build (any asset changed) is a new
// sw.js, which the browser installs on the next visit online; on activate it deletes the other
// aksbd-*@<same scope> caches (those of earlier builds at this path; other paths of the origin
// keep theirs) and takes over open pages. It answers only same-origin GET requests for this
// build's files: the shell ('./', './index.html', network first, the cached copy when the
// network fails or takes longer than NAV_TIMEOUT_MS) and the hashed assets (cache first; the
// language scripts are cached when they pass, or when a page posts the ones it loaded before the
// worker controlled it). Anything else gets no respondWith at all.
export function serviceWorkerJs({ assets, langs }) {
  const version = hash(JSON.stringify([...assets, ...langs]));
  const list = (names) => JSON.stringify(names.map((n) => `./${n}`));
  // sw.js is requested on the first load (size-report.mjs counts it): its comments stay here.
  const stripComments = (js) => js.split('\n').filter((l, i) => i === 0 || !/^\s*\/\//.test(l)).join('\n');
  return stripComments(`// AKS Backup Doctor: offline once visited. Written by scripts/pack-web.mjs (do not edit).
'use strict';
const SCOPE = new URL(self.registration.scope).pathname;
const CACHE = 'aksbd-${version}@' + SCOPE;
const OWNED = (name) => name.startsWith('aksbd-') && name.endsWith('@' + SCOPE);
const abs = (p) => new URL(p, self.location).href;
const SHELL = ['./', './index.html'].map(abs);
const ASSETS = ${list(assets)}.map(abs);
const LANGS = ${list(langs)}.map(abs);
const OWN = new Set([...ASSETS, ...LANGS]);
const NAV_TIMEOUT_MS = 3000;

const cacheable = (res) => res && res.ok && res.type === 'basic';
// A redirected response cannot answer a navigation: keep a copy without the redirect.
const unredirect = async (res) => (res.redirected
  ? new Response(await res.blob(), { status: res.status, statusText: res.statusText, headers: res.headers })
  : res);

self.addEventListener('install', (event) => {
  event.waitUntil((async () => {
    const cache = await caches.open(CACHE);
    // The shell revalidated; the hashed files from the HTTP cache if there (the page just loaded
    // them, and a name is a hash of the content), so the first visit downloads them only once.
    await Promise.all([...SHELL.map((u) => [u, 'no-cache']), ...ASSETS.map((u) => [u, 'force-cache'])].map(async ([u, mode]) => {
      const res = await fetch(u, { cache: mode });
      if (!cacheable(res)) throw new Error('aksbd: cannot precache ' + u + ' (' + res.status + ')');
      await cache.put(u, await unredirect(res));
    }));
    // Language scripts of an earlier build with the same name (the name is a hash of the content).
    for (const name of await caches.keys()) {
      if (name === CACHE || !OWNED(name)) continue;
      const old = await caches.open(name);
      for (const u of LANGS) {
        const hit = (await cache.match(u)) ? null : await old.match(u);
        if (hit) await cache.put(u, hit);
      }
    }
    await self.skipWaiting();
  })());
});

self.addEventListener('activate', (event) => {
  event.waitUntil((async () => {
    for (const name of await caches.keys()) if (name !== CACHE && OWNED(name)) await caches.delete(name);
    await self.clients.claim();
  })());
});

// A page lists the language scripts it loaded (perhaps before this worker controlled it): cache
// exactly those of this build's (same URLs, so from the HTTP cache or requested again). A page
// posts when the worker is ready and again when it takes over: one fetch per URL at a time.
const adding = new Map();
const addLang = (cache, u) => adding.get(u) || adding.set(u, cache.match(u)
  .then((hit) => hit || fetch(u, { cache: 'force-cache' }).then((res) => (cacheable(res) ? cache.put(u, res) : undefined)))
  .catch(() => {})
  .finally(() => adding.delete(u))).get(u);
self.addEventListener('message', (event) => {
  const d = event.data;
  if (!d || d.type !== 'aksbd:cache-langs' || !Array.isArray(d.urls)) return;
  const urls = d.urls.map((u) => { try { return new URL(String(u), self.location).href; } catch (e) { return null; } })
    .filter((u) => LANGS.includes(u));
  event.waitUntil(caches.open(CACHE).then((cache) => Promise.all(urls.map((u) => addLang(cache, u)))));
});

self.addEventListener('fetch', (event) => {
  const req = event.request;
  if (req.method !== 'GET') return;
  const url = new URL(req.url);
  if (url.origin !== self.location.origin) return;
  const key = url.origin + url.pathname;
  if (req.mode === 'navigate') {
    if (SHELL.includes(key)) event.respondWith(shell(event, key));
  } else if (!url.search && OWN.has(key)) {
    event.respondWith(asset(event, key));
  }
});

// Network first (a new deploy shows when online), else the cached shell.
async function shell(event, key) {
  const network = fetch(event.request);
  event.waitUntil(network.then((res) => {
    if (cacheable(res) && !res.redirected) {
      const copy = res.clone();
      return caches.open(CACHE).then((cache) => cache.put(key, copy));
    }
  }).catch(() => {}));
  const res = await Promise.race([network, new Promise((ok) => setTimeout(ok, NAV_TIMEOUT_MS))]).catch(() => null);
  if (res && res.status < 500) return res;
  const cache = await caches.open(CACHE);
  return (await cache.match(key)) || (await cache.match(SHELL[0])) || (await cache.match(SHELL[1])) || res || network;
}

// Cache first: the names are hashes of the content.
async function asset(event, key) {
  const cache = await caches.open(CACHE);
  const hit = await cache.match(key);
  if (hit) return hit;
  const res = await fetch(event.request);
  if (cacheable(res)) event.waitUntil(cache.put(key, res.clone()));
  return res;
}
`);
}
