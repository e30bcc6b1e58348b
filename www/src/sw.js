// www/src/sw.js: the service worker of <zh-search offline> (zh-search.js
// registered as one, see main.js), so that search keeps working without a
// network and picks up a new index cleanly.
//
// The widget registers it (attribute `offline`) under one URL that never
// changes (the version is inside the file, so the browser's update check
// sees each new version), by default with the widget's folder as its scope
// (attribute `sw-scope` widens it; a scope above the folder needs the
// header `Service-Worker-Allowed` on this file).
// A site with its own service worker sets `no-sw` on the widget and imports
// this file into its worker instead; then it only handles the widget's and
// the index's requests and leaves pages and the worker's lifecycle alone:
//
//   self.zhfindSW = { base: '/zhfind/' };     // the folder of zh-search.js
//   importScripts('/zhfind/zh-search.js');
//
// Caching rules:
//   zh-search.js, wasm, site.css       cache-first, precached on install into
//   (this version's "?v=" URLs)        one cache per version; the caches of
//                                      other versions are deleted on activate
//   the same files, another version    network-first; offline, this version's
//                                      copy (the script and the wasm always
//                                      come from one version)
//   manifest.json, files.json          network-first, cached copy offline; a
//                                      fresh manifest deletes the cached files
//                                      of every other build of that index (and
//                                      so does activate, for cached manifests)
//   index data (v/<build>/d|p|f/...)   cache-first; byte ranges are answered
//                                      from the whole file or from cached
//                                      ranges that cover them
//   pages, their CSS, JS and fonts     network-first, cached copy offline (the
//   under the scope (not when          60 most recent; the page that registered
//   imported)                          the worker is cached on activate)
// Anything else (images, other origins, non-GET) is left to the browser.
//
// Messages (from the widget, type "zhfind:..."), answered on the message port:
//   {type:'zhfind:keep', index, names, manifest}  cache the named resources
//       (what the widget fetched before this worker took control) and, with
//       `manifest` or when it is not cached, the manifest and files.json;
//       answers {ok, kept}
//   {type:'zhfind:version'}             answers {version} (a widget of another
//       version then asks the browser to update this worker)

const CONF = self.zhfindSW || {};
const HERE = new URL(self.location.href);
const IMPORTED = !/\/zh-search\.js$/.test(HERE.pathname);
const BAKED = '__ZH_VERSION__'; // replaced by the build: a new version is a new file
const VERSION = BAKED.startsWith('__') ? 'dev' : BAKED;
const BASE = new URL(CONF.base || './', HERE).href; // the folder of zh-search.js
const CORE_PREFIX = `zhfind-core:${BASE}:`;
const CORE_CACHE = CORE_PREFIX + VERSION;
const DATA_CACHE = 'zhfind-data';
const PAGE_CACHE = 'zhfind-pages';
const MAX_PAGES = 60;
const Q = VERSION === 'dev' ? '' : `?v=${VERSION}`;
const CORE_PATHS = ['zh-search.js', 'pkg/zhfind_bg.wasm'];
const OPTIONAL_PATHS = ['site.css']; // precached when the bundle has it
const CORE = CORE_PATHS.map((p) => new URL(p + Q, BASE).href);
const OPTIONAL = OPTIONAL_PATHS.map((p) => new URL(p + Q, BASE).href);
// bundle file (any version) -> this version's URL of it
const BUNDLE = new Map([...CORE_PATHS, ...OPTIONAL_PATHS].map((p) => [new URL(p, BASE).href, new URL(p + Q, BASE).href]));

// Index data files: .../v/<build>/d/0003.bin (format 3 on: h/, d/, p/ and f/
// packs, read by range), .../v/<build>/data.bin (format 9 on: a small index's
// data files joined into one), .../v/<build>/d/0003.bin.gz (format 2), or the
// older content-hashed .../s/0001.ab12cd34.bin(.gz).
const DATA_RE = /\/v\/[0-9a-zA-Z]{4,}\/([a-z]\/\d+|data)\.bin(\.gz)?$|\/[a-z]\/\d+\.[0-9a-f]{6,}\.[a-z0-9]+(\.gz)?$/;
const RANGE_KEY = /[?&]zhrange=(\d+)-(\d+)$/;

/** Installs the handlers (see the top of this file). */
export function serviceWorkerMain() {
  self.addEventListener('install', onInstall);
  self.addEventListener('activate', onActivate);
  self.addEventListener('fetch', onFetch);
  self.addEventListener('message', onMessage);
}

function onInstall(e) {
  e.waitUntil((async () => {
    const cache = await caches.open(CORE_CACHE);
    await cache.addAll(CORE.map((u) => new Request(u, { cache: 'reload' })));
    for (const u of OPTIONAL) await cache.add(new Request(u, { cache: 'reload' })).catch(() => {});
    if (!IMPORTED) await self.skipWaiting();
  })());
}

function onActivate(e) {
  e.waitUntil((async () => {
    for (const name of await caches.keys()) {
      const old = name.startsWith(CORE_PREFIX) || /^zhfind-core-/.test(name); // (the latter: first releases)
      if (old && name !== CORE_CACHE) await caches.delete(name);
    }
    await pruneAll(); // in case a prune was cut short (a browser closed meanwhile)
    if (IMPORTED) return;
    await self.clients.claim();
    const pages = await caches.open(PAGE_CACHE);
    for (const c of await self.clients.matchAll({ type: 'window', includeUncontrolled: true })) {
      if (c.url.startsWith(self.registration.scope)) await pages.add(c.url).catch(() => {});
    }
  })());
}

async function cacheFirst(req, cacheName) {
  const cache = await caches.open(cacheName);
  const hit = await cache.match(req);
  if (hit) return hit;
  const res = await fetch(req);
  if (!(res.ok && res.status === 200) || !res.body) return res;
  return storing(res, (copy) => cache.put(req, copy));
}

/** `res` as it arrives (a large file, a joined index, shows its download
 * progress), while `put(copy)` stores a copy; the body ends only once the
 * copy is stored, so whoever reads it to the end finds it in the cache. */
function storing(res, put) {
  const [mine, theirs] = res.body.tee();
  const stored = put(new Response(mine, res)).catch(() => {}); // full storage: still answered
  const reader = theirs.getReader();
  const body = new ReadableStream({
    async pull(ctrl) {
      const { done, value } = await reader.read();
      if (!done) ctrl.enqueue(value);
      else {
        await stored;
        ctrl.close();
      }
    },
    cancel(reason) { return reader.cancel(reason); },
  });
  return new Response(body, { status: res.status, statusText: res.statusText, headers: res.headers });
}

/** The network's answer (stored), else the cached copy, else `fallback()`.
 * `after(copy)` runs in the background (under event.waitUntil) once a fresh
 * response is stored; copy() clones it (only ask for a clone you read: an
 * unread one keeps the fetch, and so this worker, busy, and a new version of
 * it waiting). */
async function networkFirst(event, cacheName, { after, fallback, keep = true } = {}) {
  const req = event.request;
  const cache = await caches.open(cacheName);
  try {
    const res = await fetch(req);
    if (keep && res.ok && res.status === 200) {
      await cache.put(req, res.clone());
      if (after) event.waitUntil(after(() => res.clone()).catch(() => {}));
    }
    return res;
  } catch (err) {
    const hit = (await cache.match(req)) || (req.mode === 'navigate' && (await cache.match(req, { ignoreSearch: true })))
      || (fallback && (await fallback()));
    if (hit) return hit;
    throw err;
  }
}

/** Keeps the pages cache to the MAX_PAGES most recently stored entries. */
async function trimPages() {
  const cache = await caches.open(PAGE_CACHE);
  const keys = await cache.keys();
  for (const k of keys.slice(0, Math.max(0, keys.length - MAX_PAGES))) await cache.delete(k);
}

/** Drops the cached data of the index at `manifestUrl` that `res` (its fresh
 * manifest) no longer uses: every file of other builds. */
async function prune(manifestUrl, res) {
  let manifest;
  try { manifest = await res.json(); } catch { return; }
  if (!manifest || manifest.format !== 'zhfind') return;
  const base = new URL('.', manifestUrl).href;
  const cache = await caches.open(DATA_CACHE);
  let stale;
  if (typeof manifest.build === 'string' && manifest.build) {
    const current = `${base}v/${manifest.build}/`;
    stale = (url) => url.startsWith(`${base}v/`) && !url.startsWith(current);
  } else if (Array.isArray(manifest.files) && manifest.files.length) {
    const keep = new Set(manifest.files.map((f) => new URL(f.path, base).href.split('?')[0]));
    stale = (url) => url.startsWith(base) && DATA_RE.test(new URL(url).pathname) && !keep.has(url.split('?')[0]);
  } else {
    return;
  }
  for (const req of await cache.keys()) if (stale(req.url)) await cache.delete(req);
  recent.clear();
}

/** Prunes the data of every index whose manifest is cached. */
async function pruneAll() {
  const cache = await caches.open(DATA_CACHE);
  for (const req of await cache.keys()) {
    if (!new URL(req.url).pathname.endsWith('/manifest.json')) continue;
    const res = await cache.match(req);
    if (res) await prune(req.url, res).catch(() => {});
  }
}

// A few whole files kept decoded, so that runs of range requests do not
// re-read a large cached file every time.
const recent = new Map();
async function wholeBytes(cache, url) {
  if (recent.has(url)) return recent.get(url);
  const hit = await cache.match(url);
  if (!hit) return null;
  const buf = await hit.arrayBuffer();
  recent.set(url, buf);
  if (recent.size > 4) recent.delete(recent.keys().next().value);
  return buf;
}

const rangeKey = (url, start, end) => `${url}${url.includes('?') ? '&' : '?'}zhrange=${start}-${end}`;

/** Bytes [start, end) of `url` from the cache: from the whole file, or
 * pieced together from cached ranges; null when they are not all there. */
async function cachedRange(cache, url, start, end) {
  const all = await wholeBytes(cache, url);
  if (all) return { bytes: all.slice(start, end), total: all.byteLength };
  const exact = await cache.match(rangeKey(url, start, end));
  if (exact) return { bytes: await exact.arrayBuffer(), total: '*' };
  const parts = [];
  for (const k of await cache.keys(url, { ignoreSearch: true })) {
    const m = RANGE_KEY.exec(k.url);
    if (!m || k.url.slice(0, m.index) !== url) continue;
    const s = Number(m[1]);
    const e = Number(m[2]);
    if (e > start && s < end) parts.push({ s, e, k });
  }
  parts.sort((a, b) => a.s - b.s || b.e - a.e);
  const use = [];
  let at = start;
  for (const p of parts) {
    if (at >= end || p.s > at) break;
    if (p.e > at) { use.push(p); at = p.e; }
  }
  if (at < end) return null;
  const out = new Uint8Array(end - start);
  for (const p of use) {
    const hit = await cache.match(p.k);
    if (!hit) return null;
    const buf = new Uint8Array(await hit.arrayBuffer());
    const from = Math.max(start, p.s);
    const to = Math.min(end, p.e);
    out.set(buf.subarray(from - p.s, to - p.s), from - start);
  }
  return { bytes: out.buffer, total: '*' };
}

function partial(buf, start, total) {
  return new Response(buf, {
    status: 206,
    headers: {
      'Content-Type': 'application/octet-stream',
      'Content-Length': String(buf.byteLength),
      'Content-Range': `bytes ${start}-${start + buf.byteLength - 1}/${total}`,
    },
  });
}

/** Fetches bytes [start, end) of `url` and caches them (or the whole file,
 * when the server ignores the Range header); returns the network response. */
async function fetchRange(cache, url, start, end, init = {}) {
  const res = await fetch(url, { ...init, headers: { Range: `bytes=${start}-${end - 1}` } });
  if (res.status === 206) {
    await cache.put(rangeKey(url, start, end), new Response(await res.clone().arrayBuffer(), { status: 200 }));
    return res;
  }
  if (res.ok) { // the server sent the whole file: keep it, answer the range
    await cache.put(url, res.clone());
    const buf = await res.arrayBuffer();
    return partial(buf.slice(start, end), start, buf.byteLength);
  }
  return res;
}

/** A byte-range request for an immutable data file. */
async function ranged(req, range) {
  const m = /^bytes=(\d+)-(\d+)$/.exec(range);
  if (!m) return fetch(req);
  const start = Number(m[1]);
  const end = Number(m[2]) + 1;
  const cache = await caches.open(DATA_CACHE);
  const hit = await cachedRange(cache, req.url, start, end);
  if (hit) return partial(hit.bytes, start, hit.total);
  return fetchRange(cache, req.url, start, end);
}

/** This version's copy of a bundle file (any "?v=") from the core cache. */
async function ownCopy(path) {
  const cache = await caches.open(CORE_CACHE);
  return cache.match(BUNDLE.get(path));
}

function onFetch(e) {
  const req = e.request;
  if (req.method !== 'GET') return;
  const url = new URL(req.url);
  if (url.origin !== HERE.origin) return;
  const path = url.href.split('?')[0];
  if (CORE.includes(url.href) || OPTIONAL.includes(url.href)) {
    e.respondWith(cacheFirst(req, CORE_CACHE));
  } else if (BUNDLE.has(path)) {
    e.respondWith(networkFirst(e, CORE_CACHE, { keep: false, fallback: () => ownCopy(path) }));
  } else if (url.pathname.endsWith('/manifest.json')) {
    e.respondWith(networkFirst(e, DATA_CACHE, { after: (copy) => prune(url.href, copy()) }));
  } else if (url.pathname.endsWith('/files.json')) {
    e.respondWith(networkFirst(e, DATA_CACHE));
  } else if (DATA_RE.test(url.pathname)) {
    const range = req.headers.get('Range');
    e.respondWith(range ? ranged(req, range) : cacheFirst(req, DATA_CACHE));
  } else if (!IMPORTED && req.url.startsWith(self.registration.scope)
    && (req.mode === 'navigate' || ['style', 'script', 'font'].includes(req.destination))) {
    e.respondWith(networkFirst(e, PAGE_CACHE, { after: () => trimPages() }));
  }
}

// ------------------------------------------------------------ messages

/** "path", or "path@START+LEN" with an optional ".gz" (see the search worker). */
function parseResource(name) {
  const at = name.indexOf('@');
  if (at < 0) return { path: name.replace(/\?.*$/, ''), start: -1, end: -1 };
  const m = /^(\d+)\+(\d+)(\.gz)?$/.exec(name.slice(at + 1));
  if (!m) return null;
  return { path: name.slice(0, at), start: Number(m[1]), end: Number(m[1]) + Number(m[2]) };
}

/** Caches what a page fetched before this worker controlled it. */
async function keep({ index, names, manifest: refresh = true }) {
  const base = new URL(index, HERE);
  if (base.origin !== HERE.origin) throw new Error('index on another origin');
  if (!base.pathname.endsWith('/')) base.pathname += '/';
  const cache = await caches.open(DATA_CACHE);
  const manifestUrl = new URL('manifest.json', base).href;
  const have = await cache.match(manifestUrl);
  let fresh = refresh || !have ? await fetch(manifestUrl, { cache: 'no-cache' }).catch(() => null) : null;
  if (fresh && !(fresh.ok && fresh.status === 200)) { fresh.body?.cancel(); fresh = null; }
  if (!fresh && !have) throw new Error('manifest.json unavailable');
  let current = null;
  if (fresh) {
    await cache.put(manifestUrl, fresh.clone());
    current = await fresh.clone().json().catch(() => null);
    await prune(manifestUrl, fresh);
    const files = await fetch(new URL('files.json', base), { cache: 'no-cache' }).catch(() => null);
    if (files && files.ok && files.status === 200) await cache.put(new URL('files.json', base).href, files);
    else files?.body?.cancel();
  } else {
    current = await have.json().catch(() => null);
  }
  const build = current && typeof current.build === 'string' ? current.build : null;
  let kept = 0;
  for (const name of Array.isArray(names) ? names : []) {
    const r = typeof name === 'string' && parseResource(name);
    if (!r || (build && !r.path.startsWith(`v/${build}/`))) continue; // another build's file
    const url = new URL(r.path, base).href;
    if (!DATA_RE.test(new URL(url).pathname)) continue;
    try {
      if (r.start < 0) {
        if (!(await cache.match(url))) {
          const f = await fetch(url);
          if (f.ok && f.status === 200) await cache.put(url, f);
          else f.body?.cancel();
        }
      } else if (!(await cachedRange(cache, url, r.start, r.end))) {
        const f = await fetchRange(cache, url, r.start, r.end);
        f.body?.cancel(); // stored already; an unread body would keep this worker busy
      }
      kept++;
    } catch { /* offline again: keep what we have */ }
  }
  return kept;
}

function onMessage(e) {
  const m = e.data;
  const reply = (x) => { if (e.ports[0]) e.ports[0].postMessage(x); };
  if (m && m.type === 'zhfind:version') reply({ version: VERSION });
  if (!m || m.type !== 'zhfind:keep') return;
  e.waitUntil(keep(m).then((kept) => reply({ ok: true, kept }), (err) => reply({ ok: false, error: String(err && err.message || err) })));
}
