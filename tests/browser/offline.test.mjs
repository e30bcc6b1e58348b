// Browser tests of offline use and updates (issue #6): <zh-search offline>
// and its service worker (zh-search.js registered as one, www/src/sw.js).
//
//   cd tests/browser && node --test offline.test.mjs
//
// Builds a site from the first 600 articles of pd1998 plus
// fixtures/crafted.jsonl into artifacts/offline-site (widget version "one"),
// serves it on a random port, and drives Debian's chromium through
// playwright-core, each test in a fresh profile (no service worker yet).
// "Offline" is context.setOffline(true), which cuts the page, its worker and
// the service worker off; every test also checks that no index request
// reached the server meanwhile. The update test rebuilds the site with one
// more article (version "two") in place, as a paper does when it publishes.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { serve } from './server.mjs';
import { ARTIFACTS, buildSite, launch, testCorpus, useFake, zhfind, fillQuery } from './harness.mjs';

const FAKE = useFake();
const SITE = path.join(ARTIFACTS, 'offline-site');
const CORPUS_A = path.join(ARTIFACTS, 'offline-corpus-a.jsonl');
const CORPUS_B = path.join(ARTIFACTS, 'offline-corpus-b.jsonl');
// The article the update adds; its words occur nowhere else.
const ADDED = { id: 't-update', title: '鹭湖镇珊瑚礁观测站今日启用', body: '鹭湖镇的珊瑚礁观测站今天正式启用，科研人员将在这里长期记录珊瑚礁的变化。', date: '2024-06-01', page: '1' };

let srv;
let requests = []; // what reached the server: {url, status}
let slow = 0;      // ms added to every index data request
let rate = 0;      // bytes/s of whole index data files (0: no limit)

/** Extra pages: offline="all", and with a tiny size limit. */
function extraPages(version) {
  const page = (name, attrs) => fs.writeFileSync(path.join(SITE, name), `<!doctype html><meta charset="utf-8"><meta name="viewport" content="width=device-width">
<title>${name}</title><link rel="stylesheet" href="site.css?v=${version}"><script src="zh-search.js?v=${version}" defer></script>
<main style="max-width:760px;margin:1.5rem auto;padding:0 1rem"><h1 style="font-size:1.3rem">示例日报</h1>
<zh-search index="index/" ${attrs}></zh-search><p style="color:#666">头版 · 要闻 · 经济 · 文化</p></main>`);
  page('all.html', 'offline="all"');
  page('limit.html', 'offline="all" offline-limit="0.2"');
  // A site with its own service worker: it imports zh-search.js and
  // looks after its pages itself.
  page('own.html', 'offline="all" no-sw');
  fs.appendFileSync(path.join(SITE, 'own.html'), `<script>navigator.serviceWorker.register('own-sw.js');</script>`);
  fs.writeFileSync(path.join(SITE, 'own-sw.js'), `// the site's own service worker
self.zhfindSW = { base: './' };
importScripts('zh-search.js');
self.addEventListener('install', () => self.skipWaiting());
self.addEventListener('activate', (e) => e.waitUntil(self.clients.claim()));
self.addEventListener('fetch', (e) => {
  if (e.request.mode !== 'navigate') return;
  e.respondWith(fetch(e.request).then(async (res) => {
    await (await caches.open('site-pages')).put(e.request, res.clone());
    return res;
  }, async () => (await caches.match(e.request)) || Response.error()));
});
`);
}

async function buildAs(corpus, version) {
  await buildSite(SITE, [corpus], { fake: FAKE, version });
  extraPages(version);
}

const manifest = () => JSON.parse(fs.readFileSync(path.join(SITE, 'index/manifest.json'), 'utf8'));
const manifestBuild = () => manifest().build;
/** The index's data files with their sizes: this small index joins them into
 * one (manifest.joined), a large one lists them in files.json. */
const dataList = () => {
  const m = manifest();
  if (!m.joined) return JSON.parse(fs.readFileSync(path.join(SITE, 'index/files.json'), 'utf8'));
  return [{ path: `v/${m.build}/data.bin`, bytes: m.joined.split(' ').reduce((n, b) => n + Number(b), 0) }];
};
const dataFiles = () => dataList().map((f) => f.path);
const expected = (q, limit = 10) => JSON.parse(zhfind(['query', '--index', path.join(SITE, 'index'), '--limit', String(limit), '--json', q]));

before(async () => {
  testCorpus(CORPUS_A, 600);
  fs.writeFileSync(CORPUS_B, fs.readFileSync(CORPUS_A, 'utf8') + JSON.stringify(ADDED) + '\n');
  await buildAs(CORPUS_A, 'one');
  srv = await serve({
    root: SITE,
    log: (r) => requests.push(r),
    delay: (url) => (url.includes('/index/v/') ? slow : 0),
    rate: (url) => (url.includes('/index/v/') ? rate : 0),
  });
});

after(async () => {
  await srv?.close();
});

/** A fresh browser profile and a page that records the widget's events. */
async function fresh() {
  const b = await launch();
  const page = await b.context.newPage();
  const problems = [];
  page.on('dialog', (d) => { problems.push(`dialog: ${d.message()}`); d.dismiss().catch(() => {}); });
  page.on('pageerror', (e) => problems.push(`pageerror: ${e.message}`));
  if (process.env.ZH_DEBUG) {
    page.on('console', (m) => console.log(`# console: ${m.text()}`));
    b.context.on('serviceworker', (w) => console.log(`# service worker: ${w.url()}`));
  }
  await page.addInitScript(() => {
    window.__zh = { results: [], errors: [], offline: [] };
    const at = () => performance.now();
    document.addEventListener('zh-search-results', (e) => window.__zh.results.push({ ...e.detail, at: at() }));
    document.addEventListener('zh-search-error', (e) => window.__zh.errors.push(e.detail));
    document.addEventListener('zh-search-offline', (e) => window.__zh.offline.push({ ...e.detail, at: at() }));
  });
  return { ...b, page, problems };
}

async function visit(page, file = '') {
  await page.goto(new URL(file, srv.url).href);
  await page.waitForFunction(() => customElements.get('zh-search'));
}

// Ready: not busy (loading or searching) and not failed (the input is then aria-invalid).
const idle = (page) => page.waitForFunction(() => {
  const el = document.querySelector('zh-search');
  return el.getAttribute('aria-busy') === 'false' && !el.shadowRoot.querySelector('input').hasAttribute('aria-invalid');
});

/** Types `q` and waits for the answer; what the widget shows. */
async function search(page, q) {
  await fillQuery(page, q, idle);
  return shown(page);
}

function shown(page) {
  return page.evaluate(() => {
    const root = document.querySelector('zh-search').shadowRoot;
    return {
      count: root.querySelector('.status').textContent,
      note: root.querySelector('.note').textContent,
      alert: root.querySelector('[role=alert]').textContent,
      more: !root.querySelector('.more').hidden,
      ids: [...root.querySelectorAll('[role=option]')].map((li) => li.dataset.id),
    };
  });
}

/** Every cache of the origin: {name: [url without origin]}. */
function cacheState(page) {
  return page.evaluate(async () => {
    const out = {};
    for (const n of await caches.keys()) out[n] = (await (await caches.open(n)).keys()).map((r) => r.url.replace(location.origin, ''));
    return out;
  });
}

const controlled = (page) => page.waitForFunction(() => navigator.serviceWorker.controller, null, { timeout: 20000 });

/** Waits for a zh-search-offline event of `state` (after time `since`). */
const offlineEvent = (page, state, since = 0) => page.waitForFunction(
  ([s, t]) => window.__zh.offline.find((e) => e.state === s && e.at > t), [state, since], { timeout: 90000 },
).then((h) => h.jsonValue());

/** The version of the service worker in control (it answers messages). */
const controllerVersion = (page) => page.evaluate(() => new Promise((resolve) => {
  const c = navigator.serviceWorker.controller;
  if (!c) { resolve(null); return; }
  const ch = new MessageChannel();
  ch.port1.onmessage = (e) => resolve(e.data.version);
  c.postMessage({ type: 'zhfind:version' }, [ch.port2]);
  setTimeout(() => resolve(null), 1000);
}));

/**
 * Waits until the service worker of widget version `want` is in control.
 *
 * Playwright keeps a DevTools session on every service worker, and Chrome
 * never sees a worker with DevTools attached go idle; so a new version,
 * though it calls skipWaiting(), would wait minutes for the old one (driven
 * over raw CDP, without that session, it takes over within 2 s). This stops
 * the old version once a new one has waited 3 s, as Chrome's idle timeout
 * would (the page has loaded by then).
 */
async function swVersion(b, page, want, ms = 30000) {
  const cdp = await b.context.newCDPSession(page);
  const versions = new Map();
  const waitingSince = new Map();
  cdp.on('ServiceWorker.workerVersionUpdated', (e) => {
    for (const v of e.versions) {
      versions.set(v.versionId, v);
      if (v.status === 'installed' && !waitingSince.has(v.versionId)) waitingSince.set(v.versionId, Date.now());
    }
  });
  await cdp.send('ServiceWorker.enable');
  const t0 = Date.now();
  try {
    for (;;) {
      const st = await page.evaluate(async () => {
        const r = await navigator.serviceWorker.getRegistration();
        return { pending: !!(r && (r.waiting || r.installing)), active: r?.active?.state };
      });
      if (!st.pending && st.active === 'activated' && (await controllerVersion(page)) === want) return;
      const all = [...versions.values()];
      if (all.some((v) => v.status === 'installed' && Date.now() - waitingSince.get(v.versionId) > 3000)) {
        for (const v of all) {
          if (v.status === 'activated' && v.runningStatus === 'running') await cdp.send('ServiceWorker.stopWorker', { versionId: v.versionId }).catch(() => {});
        }
      }
      if (Date.now() - t0 > ms) throw new Error(`service worker ${want} not in control: ${JSON.stringify(st)}, ${await controllerVersion(page)}`);
      await page.waitForTimeout(300);
    }
  } finally {
    await cdp.detach().catch(() => {});
  }
}

const indexRequests = () => requests.filter((r) => r.url.includes('/index/'));

test('first visit online, then offline: the page reloads and the queries made before work', async () => {
  const b = await fresh();
  const { page } = b;
  try {
    const made = ['香港', '"一国两制"', '经济 -改革', '中国'];
    await visit(page);
    for (const q of made) {
      const got = await search(page, q);
      assert.deepEqual(got.ids, expected(q).hits.map((h) => h.id), `${q} online`);
    }
    // What was fetched before the service worker took over is handed to it.
    await controlled(page);
    const last = await page.evaluate(() => window.__zh.results.at(-1).at);
    await offlineEvent(page, 'saved', last);
    const cached = await cacheState(page);
    const data = cached['zhfind-data'] || [];
    assert.ok(data.includes('/index/manifest.json'), `manifest cached: ${JSON.stringify(Object.keys(cached))}`);
    const build = manifestBuild();
    assert.ok(data.some((u) => u.startsWith(`/index/v/${build}/`)), 'index data cached');

    await b.context.setOffline(true);
    requests = [];
    await page.reload();
    await page.waitForFunction(() => customElements.get('zh-search'));
    for (const q of made) {
      const got = await search(page, q);
      assert.equal(got.alert, '', `${q} offline: no error`);
      assert.equal(got.note, '', `${q} offline: no note`);
      assert.deepEqual(got.ids, expected(q).hits.map((h) => h.id), `${q} offline`);
    }
    // The order of queries does not matter: ranges are pieced together from the cache.
    await page.reload();
    for (const q of [...made].reverse()) {
      assert.deepEqual((await search(page, q)).ids, expected(q).hits.map((h) => h.id), `${q} offline, reversed`);
    }

    // A query whose index data was never fetched: said plainly, no error.
    const never = await search(page, '足球 篮球 排球');
    assert.match(never.note, /^网络不可用：这次搜索需要的索引数据还没有保存到本机/);
    assert.equal(never.alert, '');
    assert.deepEqual(never.ids, []);

    // More results than were fetched: the ones that are here, and a note.
    const want = expected('中国', 20).hits.map((h) => h.id);
    const first = await search(page, '中国');
    assert.equal(first.more, true);
    await page.evaluate(() => { window.__zh.results = []; });
    await page.locator('zh-search .more').click();
    await page.waitForFunction(() => window.__zh.results.length);
    await idle(page);
    const more = await shown(page);
    assert.ok(more.ids.length >= 10 && more.ids.length < 20, `shown ${more.ids.length}`);
    assert.deepEqual(more.ids, want.slice(0, more.ids.length), 'the top hits, in order');
    assert.equal(more.note, `网络不可用：只显示已保存到本机的 ${more.ids.length} 条结果，其余结果联网后即可查看。`);
    assert.match(more.count, /^共 .* 条结果/);
    assert.equal(more.more, false);
    const box = await page.evaluate(() => {
      const root = document.querySelector('zh-search').shadowRoot;
      const panel = root.querySelector('.panel').getBoundingClientRect();
      const note = root.querySelector('.note').getBoundingClientRect();
      return { top: panel.top, bottom: panel.bottom, noteTop: note.top, noteBottom: note.bottom };
    });
    assert.ok(box.noteTop >= box.top && box.noteBottom <= box.bottom + 1, `the note is in view: ${JSON.stringify(box)}`);
    await page.screenshot({ path: path.join(ARTIFACTS, 'offline-partial.png'), clip: { x: 0, y: 0, width: 1280, height: Math.min(900, Math.ceil(box.bottom) + 10) } });

    assert.deepEqual(indexRequests(), [], 'nothing reached the server while offline');
    await b.context.setOffline(false);
    assert.deepEqual(b.problems, []);
  } finally {
    await b.close();
  }
});

test('offline="all": the whole index is downloaded when idle, so a query never made works offline', async () => {
  const b = await fresh();
  const { page } = b;
  try {
    requests = [];
    await visit(page, 'all.html');
    const done = await offlineEvent(page, 'done');
    const files = dataFiles();
    assert.equal(done.files, files.length);
    const progress = await page.evaluate(() => window.__zh.offline.filter((e) => e.state === 'progress'));
    assert.ok(progress.length >= 1, 'progress was shown');
    assert.ok(progress.every((p, i) => i === 0 || p.bytes >= progress[i - 1].bytes), 'progress only grows');
    // Each data file came from the server once, whole.
    const fetched = indexRequests().filter((r) => r.url.includes('/v/') && r.status === 200).map((r) => r.url.replace(/^\/index\//, ''));
    assert.deepEqual([...new Set(fetched)].sort(), [...files].sort());
    const data = (await cacheState(page))['zhfind-data'];
    for (const f of files) assert.ok(data.includes(`/index/${f}`), `${f} cached`);
    // The indicator goes away after a while.
    await page.waitForFunction(() => document.querySelector('zh-search').shadowRoot.querySelector('.bar').hidden, null, { timeout: 10000 });

    await b.context.setOffline(true);
    requests = [];
    await page.reload();
    await page.waitForFunction(() => customElements.get('zh-search'));
    // Everything is cached: the worker takes the joined index into memory, so
    // queries make no requests at all, not even to the service worker.
    await offlineEvent(page, 'done');
    const ranges = [];
    page.on('request', (r) => { if (r.url().includes('/data.bin')) ranges.push(r.url()); });
    for (const q of ['足球 篮球 排球', '台湾 OR 澳门', '"社会主义市场经济"', '北京 冬天', '1998年']) {
      const got = await search(page, q);
      assert.equal(got.alert, '', q);
      assert.equal(got.note, '', q);
      assert.deepEqual(got.ids, expected(q).hits.map((h) => h.id), `${q} offline`);
    }
    const want = expected('中国', 30).hits.map((h) => h.id);
    await search(page, '中国');
    for (let i = 0; i < 2; i++) {
      await page.evaluate(() => { window.__zh.results = []; });
      await page.locator('zh-search .more').click();
      await page.waitForFunction(() => window.__zh.results.length);
      await idle(page);
    }
    assert.deepEqual((await shown(page)).ids, want, '更多结果 offline');
    assert.deepEqual(ranges, [], 'queries read the joined index from memory');
    assert.deepEqual(indexRequests(), [], 'nothing reached the server while offline');
    await b.context.setOffline(false);
    assert.deepEqual(b.problems, []);
  } finally {
    await b.close();
  }
});

test('offline="all" downloads nothing with Save-Data on, or when the index is over offline-limit', async () => {
  const b = await fresh();
  const { page } = b;
  try {
    await page.addInitScript(() => {
      if (location.search.includes('save-data')) Object.defineProperty(Navigator.prototype, 'connection', { get: () => ({ saveData: true }) });
    });
    await visit(page, 'all.html?save-data');
    await controlled(page);
    await page.reload(); // controlled from the start
    await controlled(page);
    requests = [];
    const skipped = await offlineEvent(page, 'skipped');
    assert.equal(skipped.reason, 'save-data');
    await page.waitForTimeout(3000);
    assert.deepEqual(indexRequests().filter((r) => r.url.includes('/v/')), [], 'no index data fetched');
    assert.equal(await page.evaluate(() => document.querySelector('zh-search').shadowRoot.querySelector('.bar').hidden), true);

    requests = [];
    await visit(page, 'limit.html');
    const over = await offlineEvent(page, 'skipped');
    assert.equal(over.reason, 'size');
    assert.equal(over.limit, 200000);
    assert.equal(over.bytes, dataList().reduce((n, f) => n + f.bytes, 0));
    await page.waitForTimeout(1000);
    assert.deepEqual(indexRequests().filter((r) => r.url.includes('/v/')), [], 'no index data fetched');
    // Searching still works, file by file.
    assert.deepEqual((await search(page, '香港')).ids, expected('香港').hits.map((h) => h.id));
    assert.deepEqual(b.problems, []);
  } finally {
    await b.close();
  }
});

test('the download indicator at 375 and 1280 px', async () => {
  const b = await fresh();
  const { page } = b;
  slow = 150;
  rate = 1 << 20; // a joined index is one file: its download takes a few seconds
  try {
    for (const width of [1280, 375]) {
      await page.setViewportSize({ width, height: 600 });
      await page.evaluate(() => caches.keys().then((ks) => Promise.all(ks.filter((k) => k === 'zhfind-data').map((k) => caches.delete(k))))).catch(() => {});
      await visit(page, 'all.html');
      await page.waitForFunction(() => window.__zh.offline.some((e) => e.state === 'progress' && e.bytes > e.totalBytes / 4), null, { timeout: 60000 });
      const ui = await page.evaluate(() => {
        const root = document.querySelector('zh-search').shadowRoot;
        const bar = root.querySelector('.bar');
        const field = root.querySelector('.field').getBoundingClientRect();
        const r = bar.getBoundingClientRect();
        return {
          label: root.querySelector('.dl').textContent,
          role: bar.getAttribute('role'),
          now: Number(bar.getAttribute('aria-valuenow')),
          bar: { left: r.left, right: r.right, bottom: r.bottom, height: r.height },
          field: { left: field.left, right: field.right, bottom: field.bottom },
          scroll: document.documentElement.scrollWidth,
        };
      });
      assert.match(ui.label, /^离线下载 \d+%$/);
      assert.equal(ui.role, 'progressbar');
      assert.ok(ui.now >= 0 && ui.now < 100);
      assert.ok(ui.bar.height <= 3, 'a thin bar');
      assert.ok(ui.bar.left >= ui.field.left - 1 && ui.bar.right <= ui.field.right + 1 && ui.bar.bottom <= ui.field.bottom + 1, 'inside the box');
      assert.ok(ui.scroll <= width, `no sideways scrolling at ${width}`);
      await page.screenshot({ path: path.join(ARTIFACTS, `offline-progress-${width}.png`), clip: { x: 0, y: 0, width, height: 200 } });
    }
  } finally {
    slow = 0;
    rate = 0;
    await b.close();
  }
});

test("a site's own service worker imports zh-search.js (no-sw): the same offline use", async () => {
  const b = await fresh();
  const { page } = b;
  try {
    await visit(page, 'own.html');
    await controlled(page);
    assert.match(await page.evaluate(() => navigator.serviceWorker.controller.scriptURL), /\/own-sw\.js$/);
    await page.reload(); // (this site's worker caches pages as they are visited)
    const done = await offlineEvent(page, 'done');
    assert.equal(done.files, dataFiles().length);
    const cached = await cacheState(page);
    assert.ok(Object.keys(cached).some((n) => n.startsWith('zhfind-core:') && n.endsWith(':one')), Object.keys(cached).join());
    assert.ok(cached['site-pages'].includes('/own.html'), 'the site caches its pages');
    assert.equal(cached['zhfind-pages'], undefined, 'zh-search.js leaves pages to the site');

    await b.context.setOffline(true);
    requests = [];
    await page.reload();
    await page.waitForFunction(() => customElements.get('zh-search'));
    for (const q of ['足球 篮球 排球', '"一国两制"']) {
      const got = await search(page, q);
      assert.equal(got.note, '', q);
      assert.deepEqual(got.ids, expected(q).hits.map((h) => h.id), `${q} offline`);
    }
    assert.deepEqual(indexRequests(), [], 'nothing reached the server while offline');
    await b.context.setOffline(false);
    assert.deepEqual(b.problems, []);
  } finally {
    await b.close();
  }
});

test('update: a new build is picked up on the next online visit; the caches keep only its files', async () => {
  const b = await fresh();
  const { page } = b;
  try {
    await visit(page, 'all.html');
    await offlineEvent(page, 'done');
    const oldBuild = manifestBuild();
    await page.goto(new URL('articles/t-app.html', srv.url).href); // a page to have in the pages cache
    let cached = await cacheState(page);
    assert.ok(cached['zhfind-data'].some((u) => u.includes(`/v/${oldBuild}/`)));
    assert.ok(Object.keys(cached).some((n) => n.startsWith('zhfind-core:') && n.endsWith(':one')), Object.keys(cached).join());

    // The paper publishes: one more article, a new widget version.
    await buildAs(CORPUS_B, 'two');
    const newBuild = manifestBuild();
    assert.notEqual(newBuild, oldBuild);
    assert.equal(expected('珊瑚礁').hits[0]?.id, ADDED.id);

    await visit(page, 'all.html');
    await swVersion(b, page, 'two');
    for (const q of ['珊瑚礁', '鹭湖镇 观测站', '香港']) {
      assert.deepEqual((await search(page, q)).ids, expected(q).hits.map((h) => h.id), `${q} after the update`);
    }
    // This page load's download (it may finish before the queries: the
    // index is a handful of pack files).
    const done = await offlineEvent(page, 'done');
    assert.equal(done.files, dataFiles().length);

    cached = await cacheState(page);
    const names = Object.keys(cached);
    assert.deepEqual(names.filter((n) => n.startsWith('zhfind-core')).map((n) => n.split(':').at(-1)), ['two'], names.join());
    const all = Object.values(cached).flat();
    assert.deepEqual(all.filter((u) => u.includes(`/v/${oldBuild}/`)), [], 'no file of the old build is cached');
    assert.deepEqual(all.filter((u) => /[?&]v=one\b/.test(u)), [], 'no file of the old widget version is cached');
    const data = cached['zhfind-data'].filter((u) => u.includes('/v/'));
    assert.ok(data.every((u) => u.startsWith(`/index/v/${newBuild}/`)), 'only the new build');
    assert.deepEqual(data.filter((u) => !u.includes('zhrange=')).sort(), dataFiles().map((f) => `/index/${f}`).sort(), 'the whole new build');
    const manifest = await page.evaluate(async () => (await (await caches.open('zhfind-data')).match('/index/manifest.json')).json());
    assert.equal(manifest.build, newBuild);

    // And offline, the new build answers.
    await b.context.setOffline(true);
    requests = [];
    await page.reload();
    await page.waitForFunction(() => customElements.get('zh-search'));
    assert.deepEqual((await search(page, '珊瑚礁')).ids, [ADDED.id]);
    assert.deepEqual(indexRequests(), [], 'nothing reached the server while offline');
    await b.context.setOffline(false);
    assert.deepEqual(b.problems, []);
  } finally {
    await b.close();
    await buildAs(CORPUS_A, 'one');
  }
});

test('a page left open across a publish switches to the new build, never mixing the two', async () => {
  const b = await fresh();
  const { page } = b;
  try {
    await visit(page);
    await controlled(page);
    await page.reload();
    assert.deepEqual((await search(page, '香港')).ids, expected('香港').hits.map((h) => h.id));
    const oldBuild = await page.evaluate(() => fetch('index/manifest.json').then((r) => r.json()).then((m) => m.build));

    await buildAs(CORPUS_B, 'two'); // the old build's files are gone from the server
    const newBuild = manifestBuild();
    requests = [];
    const got = await search(page, '珊瑚礁 观测站');
    assert.deepEqual(got.ids, [ADDED.id]);
    assert.equal(got.alert, '');
    const data = indexRequests().filter((r) => r.url.includes('/v/'));
    assert.ok(data.some((r) => r.url.includes(`/v/${oldBuild}/`) && r.status === 404), 'the old build was asked first');
    assert.ok(data.filter((r) => r.status !== 404).every((r) => r.url.includes(`/v/${newBuild}/`)), 'then only the new one');
    const ready = await page.evaluate(() => document.querySelector('zh-search').docs);
    assert.equal(ready, JSON.parse(fs.readFileSync(path.join(SITE, 'index/manifest.json'), 'utf8')).docs);
    assert.deepEqual(b.problems, []);
  } finally {
    await b.close();
    await buildAs(CORPUS_A, 'one');
  }
});
