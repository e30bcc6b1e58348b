// zh-search-sw.js: the optional service worker of <zh-search offline>, so
// that search keeps working without a network.
//
// Registered by the widget (attribute `offline`) with the widget's folder as
// its scope. Caching rules:
//   widget, worker, wasm (versioned "?v=" URLs)  cache-first, precached on install,
//                                                 one cache per version; old ones
//                                                 are deleted on activate
//   index data files (under v/<build>/, or with   cache-first, kept across versions;
//   content-hashed names)                         byte-range requests are answered from
//                                                 the whole file when it is cached
//                                                 (prefetch), else cached per range
//   manifest.json, files.json                     network-first, cached copy offline;
//                                                 a fresh manifest prunes the data of
//                                                 older builds
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

// Index data files: .../v/<build>/p/0003.bin, or .../s/0001.ab12cd34.bin(.gz)
const DATA_RE = /\/v\/[^/]+\/[a-z]+\/[^/]+$|\/[a-z]\/[0-9]+\.[0-9a-f]{6,}\.[a-z0-9]+(\.gz)?$/;

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

/** Drops cached data of this index folder that the new manifest no longer uses. */
async function prune(manifestUrl, res) {
  const manifest = await res.json();
  const base = new URL('.', manifestUrl).href;
  const cache = await caches.open(DATA_CACHE);
  let stale;
  if (manifest.build && typeof manifest.build === 'string') {
    const current = `${base}v/${manifest.build}/`;
    stale = (url) => url.startsWith(`${base}v/`) && !url.startsWith(current);
  } else if (Array.isArray(manifest.files) && manifest.files.length) {
    const keep = new Set(manifest.files.map((f) => new URL(f.path, base).href.split('?')[0]));
    stale = (url) => DATA_RE.test(new URL(url).pathname) && url.startsWith(base) && !keep.has(url.split('?')[0]);
  } else {
    return;
  }
  for (const req of await cache.keys()) if (stale(req.url)) await cache.delete(req);
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

/** A byte-range request for an immutable data file. */
async function ranged(req, range) {
  const m = /^bytes=(\d+)-(\d+)$/.exec(range);
  if (!m) return fetch(req);
  const start = Number(m[1]);
  const end = Number(m[2]) + 1;
  const url = req.url;
  const cache = await caches.open(DATA_CACHE);
  const all = await wholeBytes(cache, url);
  if (all) return partial(all.slice(start, end), start, all.byteLength);
  const key = `${url}${url.includes('?') ? '&' : '?'}zhrange=${start}-${end}`;
  const hit = await cache.match(key);
  if (hit) return partial(await hit.arrayBuffer(), start, '*');
  const res = await fetch(req);
  if (res.status === 206) {
    await cache.put(key, new Response(await res.clone().arrayBuffer(), { status: 200 }));
    return res;
  }
  if (res.ok) { // the server sent the whole file: keep it, answer the range
    await cache.put(url, res.clone());
    const buf = await res.arrayBuffer();
    return partial(buf.slice(start, end), start, buf.byteLength);
  }
  return res;
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
  } else if (url.pathname.endsWith('/files.json')) {
    e.respondWith(networkFirst(req, DATA_CACHE));
  } else if (DATA_RE.test(url.pathname)) {
    const range = req.headers.get('Range');
    e.respondWith(range ? ranged(req, range) : cacheFirst(req, DATA_CACHE));
  } else {
    e.respondWith(networkFirst(req, PAGE_CACHE));
  }
});
