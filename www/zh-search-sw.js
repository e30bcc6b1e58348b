// zh-search-sw.js: the optional service worker of <zh-search offline>, so
// that search keeps working without a network.
//
// Registered by the widget (attribute `offline`) with the widget's folder as
// its scope. Caching rules:
//   widget, worker, wasm (versioned "?v=" URLs)  cache-first, precached on install,
//                                                 one cache per version; old ones
//                                                 are deleted on activate
//   index data files (content-hashed names)       cache-first, kept across versions
//   manifest.json                                 network-first, cached copy offline;
//                                                 a fresh manifest prunes data files
//                                                 it no longer lists
//   pages and their other files under the scope   network-first, cached copy offline
//                                                 (the page that registered the worker
//                                                 is cached on activate)
// Cross-origin requests and non-GET requests are left alone.

const VERSION = new URL(self.location.href).searchParams.get('v') || 'dev';
const CORE_CACHE = `zhfind-core-${VERSION}`;
const DATA_CACHE = 'zhfind-data';
const PAGE_CACHE = 'zhfind-pages';
const Q = VERSION === 'dev' ? '' : `?v=${VERSION}`;
const CORE = ['zh-search.js', 'zh-search-worker.js', 'pkg/zhfind.js', 'pkg/zhfind_bg.wasm']
  .map((p) => new URL(p + Q, self.registration.scope).href);

// Index data files: .../s/0001.ab12cd34.bin, .../f/0003.deadbeef.bin(.gz)
const DATA_RE = /\/[a-z]\/[0-9]+\.[0-9a-f]{6,}\.[a-z0-9]+(\.gz)?$/;

self.addEventListener('install', (e) => {
  e.waitUntil(caches.open(CORE_CACHE).then((c) => c.addAll(CORE)).then(() => self.skipWaiting()));
});

self.addEventListener('activate', (e) => {
  e.waitUntil((async () => {
    for (const name of await caches.keys()) {
      if (name.startsWith('zhfind-core-') && name !== CORE_CACHE) await caches.delete(name);
    }
    await self.clients.claim();
    const pages = await caches.open(PAGE_CACHE);
    for (const c of await self.clients.matchAll({ type: 'window', includeUncontrolled: true })) {
      if (c.url.startsWith(self.registration.scope)) await pages.add(c.url).catch(() => {});
    }
  })());
});

async function cacheFirst(req, cacheName) {
  const cache = await caches.open(cacheName);
  const hit = await cache.match(req);
  if (hit) return hit;
  const res = await fetch(req);
  if (res.ok) await cache.put(req, res.clone());
  return res;
}

async function networkFirst(req, cacheName, onFresh) {
  const cache = await caches.open(cacheName);
  try {
    const res = await fetch(req);
    if (res.ok) {
      await cache.put(req, res.clone());
      if (onFresh) onFresh(res.clone()).catch(() => {});
    }
    return res;
  } catch (err) {
    const hit = (await cache.match(req)) || (req.mode === 'navigate' && (await cache.match(req, { ignoreSearch: true })));
    if (hit) return hit;
    throw err;
  }
}

/** Drops cached data files of this index folder that the new manifest no longer lists. */
async function prune(manifestUrl, res) {
  const manifest = await res.json();
  if (!Array.isArray(manifest.files) || !manifest.files.length) return; // cannot tell what is stale
  const base = new URL('.', manifestUrl).href;
  const keep = new Set((manifest.files || []).map((f) => new URL(f.path, base).href));
  keep.add(new URL(manifestUrl).href);
  const cache = await caches.open(DATA_CACHE);
  for (const req of await cache.keys()) {
    if (req.url.startsWith(base) && !keep.has(req.url)) await cache.delete(req);
  }
}

self.addEventListener('fetch', (e) => {
  const req = e.request;
  if (req.method !== 'GET') return;
  const url = new URL(req.url);
  if (url.origin !== self.location.origin || !req.url.startsWith(self.registration.scope)) return;
  if (CORE.includes(url.href)) {
    e.respondWith(cacheFirst(req, CORE_CACHE));
  } else if (url.pathname.endsWith('/manifest.json')) {
    e.respondWith(networkFirst(req, DATA_CACHE, (res) => prune(url.href, res)));
  } else if (DATA_RE.test(url.pathname)) {
    e.respondWith(cacheFirst(req, DATA_CACHE));
  } else {
    e.respondWith(networkFirst(req, PAGE_CACHE));
  }
});
