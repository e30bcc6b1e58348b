// Browser tests of <zh-search>: parity with `zhfind query --json`, keyboard,
// IME, XSS, error states, main-thread responsiveness.
//
//   cd tests/browser && node --test widget.test.mjs
//
// Builds a site from the first 1500 articles of pd1998 plus
// fixtures/crafted.jsonl into artifacts/site, serves it on a random port and
// drives Debian's chromium through playwright-core. Without www/pkg (or with
// ZH_FAKE=1) it runs against fake/pkg, a substring-search stand-in.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { serve } from './server.mjs';
import { ARTIFACTS, buildSite, launch, testCorpus, useFake, zhfind, HERE, fillQuery } from './harness.mjs';

const FAKE = useFake();
const SITE = path.join(ARTIFACTS, 'site');
let srv;
let browser;
let expected; // (q, limit) -> {total, hits}

// At least 20 queries of every kind the query language has.
const QUERIES = [
  '中国', '经济', '香港', '改革开放', '邓小平理论', '江泽民', '新年', '人民',
  '国家主', '济发展', '民生活', '媒体中', // substrings across word boundaries
  '"社会主义市场经济"', '"一国两制"', // phrases
  '中国 -香港', '经济 -改革', // exclusion
  '台湾 OR 澳门', '足球 | 篮球', // unions
  '北京 冬天', '江泽民 讲话', // AND
  'APP', '5G', 'qq', 'QQ群', // Latin
  '1998年', '經濟', // full-width digits in the text, traditional characters
  '融媒体', '𠮷野家', '虎', '量子计算机', // 1 char, astral plane, nothing
];

function cliExpected(index) {
  if (FAKE) {
    return import('./fake/pkg/zhfind.js').then(({ ZhIndex }) => {
      const idx = new ZhIndex(JSON.parse(fs.readFileSync(path.join(index, 'manifest.json'), 'utf8')));
      const zlib = import('node:zlib');
      return zlib.then((z) => {
        idx.add_file('d/docs.json.gz', z.gunzipSync(fs.readFileSync(path.join(index, 'd/docs.json.gz'))));
        return (q, limit) => idx.search(q, limit);
      });
    });
  }
  return (q, limit) => JSON.parse(zhfind(['query', '--index', index, '--limit', String(limit), '--json', q]));
}

before(async () => {
  const corpus = testCorpus(path.join(ARTIFACTS, 'corpus.jsonl'));
  await buildSite(SITE, [corpus], { fake: FAKE, join: false }); // the packs of a large archive; offline.test.mjs has a joined index
  // Pages for the error-state tests.
  const errPage = (name, index) => fs.writeFileSync(path.join(SITE, name), `<!doctype html><meta charset="utf-8"><title>${name}</title>
<script type="module" src="zh-search.js"></script><zh-search index="${index}"></zh-search>`);
  errPage('missing.html', 'no-such-index/');
  errPage('damaged.html', 'damaged/');
  errPage('foreign.html', 'foreign/');
  errPage('flaky.html', 'flaky/');
  fs.rmSync(path.join(SITE, 'flaky'), { recursive: true, force: true });
  fs.cpSync(path.join(SITE, 'index'), path.join(SITE, 'damaged'), { recursive: true });
  const walk = (dir) => fs.readdirSync(dir, { withFileTypes: true })
    .flatMap((e) => (e.isDirectory() ? walk(path.join(dir, e.name)) : [path.join(dir, e.name)]));
  for (const p of walk(path.join(SITE, 'damaged'))) { // flip a byte every 200 in every data file (every pack member)
    if (p.endsWith('manifest.json')) continue;
    const b = fs.readFileSync(p);
    for (let i = 100; i < b.length; i += 200) b[i] ^= 0xa5;
    fs.writeFileSync(p, b);
  }
  fs.mkdirSync(path.join(SITE, 'foreign'), { recursive: true });
  fs.writeFileSync(path.join(SITE, 'foreign/manifest.json'), JSON.stringify({ format: 'zhfind', version: 9999, files: [] }));
  expected = await cliExpected(path.join(SITE, 'index'));
  srv = await serve({ root: SITE });
  browser = await launch();
});

after(async () => {
  await browser?.close();
  await srv?.close();
});

/** A page with `watch` hooks: dialogs, page errors, result events. */
async function open(url = srv.url, { clock = false } = {}) {
  const page = await browser.context.newPage();
  if (clock) await page.clock.install(); // the page's timers, to stop the debounce
  const problems = [];
  page.on('dialog', (d) => { problems.push(`dialog: ${d.message()}`); d.dismiss().catch(() => {}); });
  page.on('pageerror', (e) => problems.push(`pageerror: ${e.message}`));
  await page.addInitScript(() => {
    window.__zh = { results: [], errors: [] };
    document.addEventListener('zh-search-results', (e) => window.__zh.results.push(e.detail));
    document.addEventListener('zh-search-error', (e) => window.__zh.errors.push(e.detail));
  });
  await page.goto(url);
  await page.waitForFunction(() => customElements.get('zh-search'));
  return { page, problems };
}

const idle = (page) => page.waitForFunction(() => document.querySelector('zh-search').getAttribute('aria-busy') === 'false');

/** Types `q` (all at once) and waits for its results. */
async function search(page, q) {
  await fillQuery(page, q, idle);
  return shown(page);
}

/** What the widget shows. */
function shown(page) {
  return page.evaluate(() => {
    const root = document.querySelector('zh-search').shadowRoot;
    return {
      status: root.querySelector('[role=status]').textContent,
      alert: root.querySelector('[role=alert]').textContent,
      hits: [...root.querySelectorAll('[role=option]')].map((li) => ({
        id: li.dataset.id,
        domId: li.id,
        title: li.querySelector('.title').textContent,
        href: li.querySelector('a.title')?.getAttribute('href') ?? null,
        snippet: li.querySelector('.snippet')?.textContent ?? '',
        marks: [...li.querySelectorAll('.snippet mark')].map((m) => m.textContent),
        meta: li.querySelector('.meta')?.textContent ?? '',
      })),
    };
  });
}

/** Code-point positions a list of [start, end) marks covers. */
function covered(marks) {
  const set = new Set();
  for (const [s, e] of marks || []) for (let i = s; i < e; i++) set.add(i);
  return [...set].sort((a, b) => a - b);
}

/** Code-point positions of the <mark>s shown in a snippet. */
function shownMarks(page) {
  return page.evaluate(() => [...document.querySelector('zh-search').shadowRoot.querySelectorAll('[role=option]')].map((li) => {
    const out = [];
    let at = 0;
    for (const node of li.querySelector('.snippet')?.childNodes ?? []) {
      const n = Array.from(node.textContent).length;
      if (node.nodeName === 'MARK') for (let i = at; i < at + n; i++) out.push(i);
      at += n;
    }
    return out;
  }));
}

test('results match `zhfind query --json --limit 10` for every query', async () => {
  const { page, problems } = await open();
  const mismatches = [];
  for (const q of QUERIES) {
    const want = await expected(q, 10);
    const got = await search(page, q);
    const raw = await page.evaluate(() => window.__zh.results.at(-1));
    const wantIds = want.hits.map((h) => h.id);
    const gotIds = got.hits.map((h) => h.id);
    if (JSON.stringify(wantIds) !== JSON.stringify(gotIds)) {
      mismatches.push(`${q}: ids: browser ${JSON.stringify(gotIds)} != cli ${JSON.stringify(wantIds)}`);
      continue;
    }
    if (want.hits.length) {
      if (raw.total !== want.total) mismatches.push(`${q}: total: browser ${raw.total} != cli ${want.total}`);
      assert.match(got.status, new RegExp(`^共 ${raw.total.toLocaleString('zh-CN')} 条结果 · [\\d,]+ 毫秒$`), `${q}: ${JSON.stringify(got.status)} ${JSON.stringify(got.alert)} ${JSON.stringify(raw.unavailable)}`);
    } else {
      assert.match(got.status, /^未找到/, q);
    }
    const marksShown = await shownMarks(page);
    for (const [i, h] of want.hits.entries()) {
      const g = got.hits[i];
      const r = raw.hits[i];
      assert.equal(g.title, h.title || '（无标题）', `${q}: title of ${h.id}`);
      if (g.snippet !== h.snippet) mismatches.push(`${q}: snippet of ${h.id}: browser ${JSON.stringify(g.snippet)} != cli ${JSON.stringify(h.snippet)}`);
      // What the reader sees: the highlighted characters of the snippet.
      assert.deepEqual(marksShown[i], covered(r.marks), `${q}: widget draws the marks wasm gave for ${h.id}`);
      if (JSON.stringify(r.marks) !== JSON.stringify(h.marks)) {
        const same = JSON.stringify(covered(r.marks)) === JSON.stringify(covered(h.marks));
        mismatches.push(`${q}: marks of ${h.id}: wasm ${JSON.stringify(r.marks)} != cli ${JSON.stringify(h.marks)}${same ? ' (same characters highlighted)' : ''}`);
      }
      if (h.date) assert.ok(g.meta.includes(h.date), `${q}: date of ${h.id}`);
      if (h.page !== '' && h.page != null) assert.ok(g.meta.includes(`第 ${h.page} 版`), `${q}: page of ${h.id}`);
    }
  }
  assert.deepEqual(mismatches, [], 'browser and CLI disagree');
  assert.deepEqual(problems, []);
  await page.close();
});

test('an astral-plane character before a match keeps the highlight in place', async () => {
  const { page } = await open();
  const got = await search(page, '融媒体');
  const hit = got.hits.find((h) => h.id === 't-astral');
  assert.ok(hit, 't-astral found');
  assert.ok(hit.marks.length > 0 && hit.marks.every((m) => m === '融媒体'), `marks: ${JSON.stringify(hit.marks)}`);
  await page.close();
});

test('keyboard: / and Ctrl-K focus, arrows move, Enter opens, Esc clears', async () => {
  const { page, problems } = await open();
  const focused = () => page.evaluate(() => document.activeElement?.tagName === 'ZH-SEARCH'
    && document.querySelector('zh-search').shadowRoot.activeElement?.tagName === 'INPUT');
  assert.equal(await focused(), false);
  await page.keyboard.press('/');
  assert.equal(await focused(), true, '/ focuses the input');
  assert.equal(await page.locator('zh-search input').inputValue(), '', '/ is not typed into the box');
  await page.locator('zh-search input').blur();
  await page.keyboard.press('Control+k');
  assert.equal(await focused(), true, 'Ctrl-K focuses the input');

  const got = await search(page, '经济');
  assert.ok(got.hits.length >= 3);
  const input = page.locator('zh-search input');
  assert.equal(await input.getAttribute('aria-expanded'), 'true');
  assert.equal(await input.getAttribute('role'), 'combobox');
  const listId = await input.getAttribute('aria-controls');
  assert.equal(await page.evaluate((id) => document.querySelector('zh-search').shadowRoot.getElementById(id)?.getAttribute('role'), listId), 'listbox');
  assert.equal(await input.getAttribute('aria-activedescendant'), null);
  const active = () => page.evaluate(() => {
    const root = document.querySelector('zh-search').shadowRoot;
    const id = root.querySelector('input').getAttribute('aria-activedescendant');
    const sel = [...root.querySelectorAll('[aria-selected=true]')].map((e) => e.id);
    return { id, sel };
  });
  await page.keyboard.press('ArrowDown');
  assert.deepEqual(await active(), { id: got.hits[0].domId, sel: [got.hits[0].domId] });
  await page.keyboard.press('ArrowDown');
  await page.keyboard.press('ArrowDown');
  assert.deepEqual(await active(), { id: got.hits[2].domId, sel: [got.hits[2].domId] });
  await page.keyboard.press('ArrowUp');
  assert.deepEqual(await active(), { id: got.hits[1].domId, sel: [got.hits[1].domId] });

  await Promise.all([page.waitForURL(/\/articles\//), page.keyboard.press('Enter')]);
  assert.ok(page.url().endsWith(got.hits[1].href.replace(/^.*\/articles\//, 'articles/')), page.url());
  assert.equal((await page.locator('h1').textContent()).trim(), got.hits[1].title);

  await page.goBack();
  await page.waitForFunction(() => customElements.get('zh-search'));
  await page.evaluate(() => { window.__zh = { results: [], errors: [] }; });
  await search(page, '香港');
  await page.locator('zh-search input').focus();
  await page.keyboard.press('Escape');
  const after = await shown(page);
  assert.equal(await input.inputValue(), '');
  assert.equal(after.hits.length, 0);
  assert.equal(after.status, '');
  assert.equal(await input.getAttribute('aria-expanded'), 'false');
  assert.deepEqual(problems, []);
  await page.close();
});

test('clearing the input clears the results; "更多结果" loads the next page', async () => {
  const { page } = await open();
  const first = await search(page, '中国');
  assert.equal(first.hits.length, 10);
  const more = page.locator('zh-search .more');
  assert.equal(await more.isVisible(), true);
  await page.evaluate(() => { window.__zh.results = []; });
  await more.click();
  await page.waitForFunction(() => window.__zh.results.length);
  await idle(page);
  const second = await shown(page);
  const want = await expected('中国', 20);
  assert.deepEqual(second.hits.map((h) => h.id), want.hits.map((h) => h.id));
  await page.locator('zh-search input').fill('');
  await page.waitForTimeout(250);
  const cleared = await shown(page);
  assert.equal(cleared.hits.length, 0);
  assert.equal(cleared.status, '');
  await page.close();
});

test('as-you-type: only the last query is shown, aria-busy while in flight', async () => {
  const { page } = await open();
  await idle(page);
  const input = page.locator('zh-search input');
  await input.focus();
  // Watch aria-busy flips from inside the page.
  await page.evaluate(() => {
    window.__busy = [];
    new MutationObserver(() => window.__busy.push(document.querySelector('zh-search').getAttribute('aria-busy')))
      .observe(document.querySelector('zh-search'), { attributes: true, attributeFilter: ['aria-busy'] });
  });
  await page.keyboard.type('社会主义现代化建设', { delay: 40 });
  await page.waitForTimeout(150);
  await idle(page);
  const got = await shown(page);
  const want = await expected('社会主义现代化建设', 10);
  assert.deepEqual(got.hits.map((h) => h.id), want.hits.map((h) => h.id));
  const busy = await page.evaluate(() => window.__busy);
  assert.ok(busy.includes('true'), `aria-busy went true: ${busy}`);
  assert.equal(busy.at(-1), 'false');
  await page.close();
});

test('param="q": ?q= opens with results, typing keeps the URL in step', async () => {
  const { page } = await open(new URL('?q=香港', srv.url).href);
  await page.waitForFunction(() => window.__zh.results.length);
  await idle(page);
  const got = await shown(page);
  assert.deepEqual(got.hits.map((h) => h.id), (await expected('香港', 10)).hits.map((h) => h.id));
  assert.equal(await page.locator('zh-search input').inputValue(), '香港');
  await search(page, '经济 OR 文化');
  assert.equal(new URL(page.url()).searchParams.get('q'), '经济 OR 文化');
  await page.locator('zh-search input').fill('');
  await page.waitForTimeout(200);
  assert.equal(new URL(page.url()).searchParams.has('q'), false);
  await page.close();
});

test('IME: nothing is searched between compositionstart and compositionend', async () => {
  const { page } = await open();
  await idle(page);
  await page.evaluate(() => { window.__zh.results = []; });
  await page.evaluate(() => {
    const input = document.querySelector('zh-search').shadowRoot.querySelector('input');
    input.focus();
    input.dispatchEvent(new CompositionEvent('compositionstart', { bubbles: true, data: '' }));
    for (const v of ['j', 'ji', 'jin', 'jing', '经']) {
      input.value = v;
      input.dispatchEvent(new InputEvent('input', { bubbles: true, composed: true, isComposing: true, data: v, inputType: 'insertCompositionText' }));
    }
  });
  await page.waitForTimeout(400);
  assert.equal(await page.evaluate(() => window.__zh.results.length), 0, 'no search during composition');
  await page.evaluate(() => {
    const input = document.querySelector('zh-search').shadowRoot.querySelector('input');
    input.value = '经济';
    input.dispatchEvent(new CompositionEvent('compositionend', { bubbles: true, data: '经济' }));
  });
  await page.waitForFunction(() => window.__zh.results.length);
  await idle(page);
  const got = await shown(page);
  assert.deepEqual(got.hits.map((h) => h.id), (await expected('经济', 10)).hits.map((h) => h.id));
  await page.close();
});

test('an IME commit and a paste are searched at once, without the debounce; a trailing input event of the same text sends nothing', async () => {
  const page = await browser.context.newPage();
  await page.clock.install();
  await page.addInitScript(() => {
    window.__zh = { results: [], errors: [] };
    document.addEventListener('zh-search-results', (e) => window.__zh.results.push(e.detail));
  });
  await page.goto(srv.url);
  await page.waitForFunction(() => customElements.get('zh-search'));
  await search(page, '香港'); // the index is open
  await page.clock.pauseAt(await page.evaluate(() => Date.now() + 1000)); // no timer fires from here on
  const send = (steps) => page.evaluate((st) => {
    window.__zh.results = [];
    const input = document.querySelector('zh-search').shadowRoot.querySelector('input');
    input.focus();
    for (const [type, value, inputType] of st) {
      input.value = value;
      if (type === 'input') input.dispatchEvent(new InputEvent('input', { bubbles: true, composed: true, inputType, data: value }));
      else input.dispatchEvent(new CompositionEvent(type, { bubbles: true, data: value }));
    }
  }, steps);
  const results = () => page.evaluate(() => window.__zh.results.map((r) => r.query));
  // An IME: composing, then the committed word (Firefox then sends an input event of it).
  await send([['compositionstart', ''], ['compositionend', '经济'], ['input', '经济', 'insertText']]);
  await page.waitForFunction(() => window.__zh.results.length, null, { timeout: 10000 });
  assert.deepEqual(await results(), ['经济'], 'the committed word is searched with the clock stopped');
  await page.clock.resume();
  await new Promise((r) => setTimeout(r, 400));
  assert.deepEqual(await results(), ['经济'], 'the input event after compositionend sends nothing more');
  await page.clock.pauseAt(await page.evaluate(() => Date.now() + 1000));
  // A paste.
  await send([['input', '邓小平理论', 'insertFromPaste']]);
  await page.waitForFunction(() => window.__zh.results.length, null, { timeout: 10000 });
  assert.deepEqual(await results(), ['邓小平理论']);
  // Keys still wait for the debounce.
  await send([['input', '香', 'insertText']]);
  await new Promise((r) => setTimeout(r, 500));
  assert.deepEqual(await results(), [], 'a keystroke waits for the debounce');
  await page.clock.resume();
  await page.waitForFunction(() => window.__zh.results.length);
  await new Promise((r) => setTimeout(r, 300));
  assert.deepEqual(await results(), ['香'], 'one search, after the debounce');
  const got = await shown(page);
  assert.deepEqual(got.hits.map((h) => h.id), (await expected('香', 10)).hits.map((h) => h.id));
  // A key whose query needs nothing more (searched before) is answered at
  // once, without the debounce: the clock stays stopped.
  await page.clock.pauseAt(await page.evaluate(() => Date.now() + 1000));
  for (const q of ['香港', '香']) {
    await send([['input', q, 'insertText']]);
    await page.waitForFunction(() => window.__zh.results.length, null, { timeout: 10000 });
    assert.deepEqual(await results(), [q], `${q}: a key answered from what is loaded`);
    const now = await shown(page);
    assert.deepEqual(now.hits.map((h) => h.id), (await expected(q, 10)).hits.map((h) => h.id), q);
  }
  await page.clock.resume();
  await new Promise((r) => setTimeout(r, 400));
  assert.deepEqual(await results(), ['香'], 'the debounce sends nothing more');
  await page.close();
});

test('article text is inserted as text: a title of <img onerror> runs nothing', async () => {
  const { page, problems } = await open();
  const got = await search(page, '跨站脚本');
  const hit = got.hits.find((h) => h.id === 't-xss');
  assert.ok(hit, 't-xss is found');
  assert.equal(hit.title, '<img src=x onerror=alert(1)>');
  const counts = await page.evaluate(() => {
    const root = document.querySelector('zh-search').shadowRoot;
    return { img: root.querySelectorAll('img').length, script: root.querySelectorAll('script, b').length };
  });
  assert.deepEqual(counts, { img: 0, script: 0 });
  // A javascript: URL never becomes a link.
  const js = await search(page, '伪协议');
  const jsHit = js.hits.find((h) => h.id === 't-jsurl');
  assert.ok(jsHit, 't-jsurl is found');
  assert.equal(jsHit.href, null);
  // The article page escapes it too.
  await page.goto(new URL('articles/t-xss.html', srv.url).href);
  assert.equal((await page.locator('h1').textContent()).trim(), '<img src=x onerror=alert(1)>');
  assert.equal(await page.locator('article img, article script').count(), 0);
  await page.waitForTimeout(200);
  assert.deepEqual(problems, []);
  await page.close();
});

test('a missing index shows an error, not a dead box', async () => {
  const { page, problems } = await open(new URL('missing.html', srv.url).href);
  const alert = page.locator('zh-search [role=alert]');
  await alert.waitFor({ state: 'visible' });
  assert.match(await alert.textContent(), /无法加载搜索索引.*404/);
  await page.screenshot({ path: path.join(ARTIFACTS, 'error-missing-index.png'), clip: { x: 0, y: 0, width: 800, height: 200 } });
  await idle(page);
  assert.equal(await page.locator('zh-search').getAttribute('aria-busy'), 'false');
  await page.locator('zh-search input').fill('经济');
  await page.waitForTimeout(300);
  assert.equal(await page.locator('zh-search').getAttribute('aria-busy'), 'false');
  assert.equal(await alert.isVisible(), true);
  assert.deepEqual(problems, []);
  await page.close();
});

test('after a failed load, a later query tries again', async () => {
  const { page } = await open(new URL('flaky.html', srv.url).href);
  const alert = page.locator('zh-search [role=alert]');
  await alert.waitFor({ state: 'visible' });
  fs.cpSync(path.join(SITE, 'index'), path.join(SITE, 'flaky'), { recursive: true }); // the server is back
  await page.waitForTimeout(3100);
  const got = await search(page, '香港');
  assert.deepEqual(got.hits.map((h) => h.id), (await expected('香港', 10)).hits.map((h) => h.id));
  assert.equal(got.alert, '');
  assert.equal(await alert.isVisible(), false);
  await page.close();
});

test('an unsupported index version shows an error', async () => {
  const { page } = await open(new URL('foreign.html', srv.url).href);
  const alert = page.locator('zh-search [role=alert]');
  await alert.waitFor({ state: 'visible' });
  assert.match(await alert.textContent(), /无法加载搜索索引/);
  await idle(page);
  await page.close();
});

test('a damaged index file shows an error for the query', async () => {
  const { page } = await open(new URL('damaged.html', srv.url).href);
  await idle(page);
  const got = await search(page, '经济');
  assert.equal(got.hits.length, 0);
  assert.match(got.alert, /搜索出错|无法加载/);
  await page.screenshot({ path: path.join(ARTIFACTS, 'error-damaged-index.png'), clip: { x: 0, y: 0, width: 800, height: 200 } });
  assert.equal(await page.locator('zh-search [role=alert]').isVisible(), true);
  assert.equal(await page.locator('zh-search').getAttribute('aria-busy'), 'false');
  await page.close();
});

test('offline: the service worker answers from its cache; prefetch() loads everything', { skip: FAKE && 'the fake index is not under v/<build>/, which the service worker caches' }, async () => {
  const own = await launch(); // a fresh profile: no service worker yet
  try {
    const page = await own.context.newPage();
    const dialogs = [];
    page.on('dialog', (d) => { dialogs.push(d.message()); d.dismiss().catch(() => {}); });
    await page.addInitScript(() => {
      window.__zh = { results: [], errors: [] };
      document.addEventListener('zh-search-results', (e) => window.__zh.results.push(e.detail));
      document.addEventListener('zh-search-error', (e) => window.__zh.errors.push(e.detail));
    });
    await page.goto(srv.url);
    await page.evaluate(() => navigator.serviceWorker.ready);
    await page.waitForFunction(() => navigator.serviceWorker.controller);
    await page.reload(); // a second visit, now through the service worker
    await page.waitForFunction(() => customElements.get('zh-search'));
    const files = await page.evaluate(() => document.querySelector('zh-search').prefetch());
    const list = path.join(SITE, 'index/files.json');
    const onDisk = (dir) => fs.readdirSync(dir, { withFileTypes: true })
      .reduce((n, e) => n + (e.isDirectory() ? onDisk(path.join(dir, e.name)) : 1), 0);
    const want = fs.existsSync(list) ? JSON.parse(fs.readFileSync(list, 'utf8')).length : onDisk(path.join(SITE, 'index')) - 1;
    assert.equal(files, want, 'every data file');
    await own.context.setOffline(true);
    await page.reload();
    await page.waitForFunction(() => customElements.get('zh-search'));
    for (const q of ['香港', '经济 -改革', '"一国两制"']) {
      const got = await search(page, q);
      assert.equal(got.alert, '', `${q} offline`);
      assert.deepEqual(got.hits.map((h) => h.id), (await expected(q, 10)).hits.map((h) => h.id), `${q} offline`);
    }
    await own.context.setOffline(false);
    assert.deepEqual(dialogs, []);
  } finally {
    await own.close();
  }
});

test('a server that ignores Range headers still works (whole files, sliced)', async () => {
  const plain = await serve({ root: SITE, ranges: false });
  try {
    const { page, problems } = await open(plain.url);
    for (const q of ['香港', '经济 -改革', '"一国两制"']) {
      const got = await search(page, q);
      assert.equal(got.alert, '', q);
      assert.deepEqual(got.hits.map((h) => h.id), (await expected(q, 10)).hits.map((h) => h.id), q);
    }
    assert.deepEqual(problems, []);
    await page.close();
  } finally {
    await plain.close();
  }
});

test('after the first answer the heads and record lengths load ahead: later queries skip those rounds', { skip: FAKE && 'the fake index has no packs' }, async () => {
  const requests = [];
  const logged = await serve({ root: SITE, log: (r) => requests.push(r) });
  try {
    const { page, problems } = await open(logged.url);
    const heads = () => requests.filter((r) => /\/v\/[^/]+\/h\//.test(r.url));
    const tableEntries = () => requests.filter((r) => /\/v\/[^/]+\/f\//.test(r.url) && r.end - r.start === 8);
    const lengths = () => requests.filter((r) => /\/v\/[^/]+\/l\/0000\.bin/.test(r.url));
    await search(page, '香港');
    assert.ok(tableEntries().length > 0, 'the first query reads table entries');
    // Loaded ahead in the background: the heads in one request, then the lengths.
    for (let i = 0; i < 100 && !lengths().length; i++) await page.waitForTimeout(50);
    assert.equal(lengths().length, 1, 'the record lengths are loaded ahead');
    assert.ok(heads().length >= 2, 'the heads are loaded ahead');
    requests.length = 0;
    for (const q of ['江泽民 讲话', '足球 | 篮球', '邓小平理论']) {
      const got = await search(page, q);
      assert.deepEqual(got.hits.map((h) => h.id), (await expected(q, 10)).hits.map((h) => h.id), q);
      assert.ok(got.hits.length > 0, q);
    }
    assert.deepEqual(heads(), [], 'no heads after loading ahead');
    assert.deepEqual(tableEntries(), [], 'no fragment-table entries after loading ahead');
    assert.ok(requests.some((r) => /\/v\/[^/]+\/f\//.test(r.url)), 'articles are still fetched');
    assert.deepEqual(problems, []);
    await page.close();
  } finally {
    await logged.close();
  }
});

test('while the reader types, the dictionary loads before the debounced search; the search then starts at the postings', { skip: FAKE && 'the fake index has no dictionary' }, async () => {
  const requests = [];
  const logged = await serve({ root: SITE, log: (r) => requests.push(r) });
  try {
    const page = await browser.context.newPage();
    const problems = [];
    page.on('pageerror', (e) => problems.push(`pageerror: ${e.message}`));
    await page.clock.install(); // the page's timers (the widget's debounce), not the worker's
    await page.addInitScript(() => {
      window.__zh = { results: [], errors: [] };
      document.addEventListener('zh-search-results', (e) => window.__zh.results.push(e.detail));
      document.addEventListener('zh-search-error', (e) => window.__zh.errors.push(e.detail));
    });
    await page.goto(logged.url);
    await page.waitForFunction(() => customElements.get('zh-search'));
    await search(page, '香港'); // the first answer; the heads then load ahead
    const dict = () => requests.filter((r) => /\/v\/[^/]+\/[dh]\//.test(r.url));
    const settle = async (count) => { // until `count()` stops growing (real time)
      let n = -1;
      for (let i = 0; i < 100 && count() !== n; i++) {
        n = count();
        await new Promise((r) => setTimeout(r, 150));
      }
    };
    await settle(() => requests.length);
    for (const q of ['江泽民 讲话', '邓小平理论', '台湾 OR 澳门']) {
      await page.clock.pauseAt(await page.evaluate(() => Date.now() + 1000)); // the debounce cannot fire
      await page.evaluate(() => { window.__zh.results = []; });
      const before = dict().length;
      await page.locator('zh-search input').fill(q);
      await settle(() => dict().length);
      assert.ok(dict().length > before, `${q}: its dictionary shards are fetched while it is typed`);
      assert.equal(await page.evaluate(() => window.__zh.results.length), 0, `${q}: not searched yet`);
      const primed = dict().length;
      await page.clock.resume(); // the debounce fires: the search
      await page.waitForFunction(() => window.__zh.results.length);
      await idle(page);
      const [r] = await page.evaluate(() => window.__zh.results);
      assert.deepEqual(r.hits.map((h) => h.id), (await expected(q, 10)).hits.map((h) => h.id), q);
      assert.equal(dict().length, primed, `${q}: the search fetched no dictionary shard`);
      assert.ok(!/[dh]/.test(r.rounds[0].kinds), `${q}: its first round is the postings, not ${r.rounds[0].kinds}`);
    }
    assert.deepEqual(problems, []);
    await page.close();
  } finally {
    await logged.close();
  }
});

test('a small index loads whole after the first answer: later queries make no requests', { skip: FAKE && 'the fake index is not joined' }, async () => {
  const dir = path.join(ARTIFACTS, 'small-site');
  await buildSite(dir, [testCorpus(path.join(ARTIFACTS, 'small-corpus.jsonl'), 40)]);
  const index = path.join(dir, 'index');
  const m = JSON.parse(fs.readFileSync(path.join(index, 'manifest.json'), 'utf8'));
  const size = String(m.joined || '').split(' ').reduce((n, b) => n + Number(b), 0);
  assert.ok(m.joined && size <= 524288, `the small site is one joined file of at most 512 KiB (${size} B)`);
  const requests = [];
  const small = await serve({ root: dir, log: (r) => requests.push(r) });
  try {
    const { page, problems } = await open(small.url, { clock: true });
    const data = () => requests.filter((r) => /\/v\/[^/]+\/data\.bin/.test(r.url));
    const whole = () => data().filter((r) => r.status === 200);
    await search(page, '手机');
    assert.ok(data().some((r) => r.status === 206), 'the first query reads ranges');
    for (let i = 0; i < 100 && !whole().length; i++) await page.waitForTimeout(50);
    assert.equal(whole().length, 1, 'then the whole file, once');
    assert.equal(whole()[0].bytes, size);
    await page.waitForTimeout(100);
    requests.length = 0;
    for (const q of ['中国', '改革开放', '"一国两制"', '中国 -香港', '台湾 OR 澳门', 'APP', '經濟', '虎']) {
      const got = await search(page, q);
      const want = JSON.parse(zhfind(['query', '--index', index, '--limit', '10', '--json', q]));
      assert.deepEqual(got.hits.map((h) => h.id), want.hits.map((h) => h.id), q);
    }
    assert.deepEqual(requests.map((r) => r.url), [], 'no requests once the index is here');
    // Keys typed one by one are answered at once, each, with the debounce stopped.
    await page.clock.pauseAt(await page.evaluate(() => Date.now() + 1000));
    for (const q of ['改', '改革', '改革开', '改革开放']) {
      await page.evaluate((text) => {
        window.__zh.results = [];
        const input = document.querySelector('zh-search').shadowRoot.querySelector('input');
        input.value = text;
        input.dispatchEvent(new InputEvent('input', { bubbles: true, composed: true, inputType: 'insertText', data: text.at(-1) }));
      }, q);
      await page.waitForFunction(() => window.__zh.results.length, null, { timeout: 10000 });
      const got = await page.evaluate(() => window.__zh.results.map((r) => r.query));
      assert.deepEqual(got, [q], `${q}: answered at once, from memory`);
      const want = JSON.parse(zhfind(['query', '--index', index, '--limit', '10', '--json', q]));
      assert.deepEqual((await shown(page)).hits.map((h) => h.id), want.hits.map((h) => h.id), q);
    }
    assert.deepEqual(requests.map((r) => r.url), [], 'no requests for the keys either');
    await page.clock.resume();
    assert.deepEqual(problems, []);
    await page.close();
  } finally {
    await small.close();
  }
});

test('the main thread stays free while searching (no long tasks)', async () => {
  const { page } = await open();
  await search(page, '香港');
  await page.evaluate(() => {
    window.__long = [];
    new PerformanceObserver((l) => { for (const e of l.getEntries()) window.__long.push(Math.round(e.duration)); })
      .observe({ type: 'longtask' });
  });
  const input = page.locator('zh-search input');
  await input.fill('');
  await input.focus();
  await page.keyboard.type('全国各族人民 改革', { delay: 30 });
  await page.waitForTimeout(150);
  await idle(page);
  await page.waitForTimeout(100);
  const long = await page.evaluate(() => window.__long);
  assert.ok(long.every((d) => d < 100), `long tasks on the main thread: ${long}`);
  await page.close();
});

test('works at 375 px: no horizontal scrolling, results fit', async () => {
  const { page } = await open();
  await page.setViewportSize({ width: 375, height: 740 });
  await search(page, '香港');
  const m = await page.evaluate(() => {
    const panel = document.querySelector('zh-search').shadowRoot.querySelector('.panel').getBoundingClientRect();
    return { scroll: document.documentElement.scrollWidth, left: panel.left, right: panel.right };
  });
  assert.ok(m.scroll <= 375, `page scrolls sideways: ${m.scroll}`);
  assert.ok(m.left >= 0 && m.right <= 375, `panel outside the viewport: ${m.left}..${m.right}`);
  await page.close();
});

if (FAKE) console.log(`# note: ran against the fake ZhIndex (${path.relative(HERE, path.join(HERE, 'fake/pkg'))}); build www/pkg for the real one`);
