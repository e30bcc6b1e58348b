// The demo site (dist/, built by ./build.sh): loads without errors, every
// result link opens a real page, and screenshots at 1280 and 375 px go to
// artifacts/ for a human to look at.
//
//   cd tests/browser && node --test demo.test.mjs
//
// Uses ../../dist when it exists, else a site built from the test corpus.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { serve } from './server.mjs';
import { ARTIFACTS, ROOT, buildSite, launch, testCorpus, useFake } from './harness.mjs';

let srv;
let browser;
let dir = path.join(ROOT, 'dist');

before(async () => {
  if (!fs.existsSync(path.join(dir, 'index/manifest.json')) || process.env.ZH_FAKE === '1') {
    dir = path.join(ARTIFACTS, 'demo-site');
    await buildSite(dir, [testCorpus(path.join(ARTIFACTS, 'corpus.jsonl'))], { fake: useFake() });
  }
  fs.mkdirSync(ARTIFACTS, { recursive: true });
  srv = await serve({ root: dir });
  browser = await launch();
});

after(async () => {
  await browser?.close();
  await srv?.close();
});

async function openPage(url, width) {
  const page = await browser.context.newPage();
  await page.setViewportSize({ width, height: width > 500 ? 900 : 780 });
  const problems = [];
  page.on('pageerror', (e) => problems.push(`pageerror: ${e.message}`));
  page.on('console', (m) => { if (m.type() === 'error' && !/^Failed to load resource/.test(m.text())) problems.push(`console: ${m.text()}`); });
  page.on('requestfailed', (r) => problems.push(`request failed: ${r.url()}`));
  page.on('response', (r) => { if (r.status() >= 400 && !r.url().endsWith('/favicon.ico')) problems.push(`HTTP ${r.status()}: ${r.url()}`); });
  await page.goto(url);
  await page.waitForFunction(() => customElements.get('zh-search'));
  return { page, problems };
}

async function typeQuery(page, q) {
  await page.waitForFunction(() => document.querySelector('zh-search').getAttribute('aria-busy') === 'false');
  await page.keyboard.press('/');
  await page.keyboard.type(q, { delay: 20 });
  await page.waitForFunction(() => {
    const el = document.querySelector('zh-search');
    return el.getAttribute('aria-busy') === 'false' && el.shadowRoot.querySelector('[role=status]').textContent;
  });
  await page.waitForTimeout(150);
}

for (const width of [1280, 375]) {
  test(`demo at ${width} px: front page, results, article page`, async () => {
    const { page, problems } = await openPage(srv.url, width);
    assert.ok((await page.locator('.nameplate h1').textContent()).trim().length > 0, 'masthead');
    assert.ok(await page.locator('.stories .story').count() >= 6, 'headlines');
    await page.screenshot({ path: path.join(ARTIFACTS, `demo-${width}-front.png`) });
    await typeQuery(page, '香港');
    const status = await page.locator('zh-search [role=status]').textContent();
    assert.match(status, /^共 [\d,]+ 条结果 · [\d,]+ 毫秒$/);
    await page.keyboard.press('ArrowDown');
    await page.screenshot({ path: path.join(ARTIFACTS, `demo-${width}-results.png`) });
    const href = await page.locator('zh-search [role=option] a.title').first().getAttribute('href');
    const res = await page.request.get(href);
    assert.equal(res.status(), 200, `result link ${href}`);
    await Promise.all([page.waitForURL(/\/articles\//), page.keyboard.press('Enter')]);
    await page.waitForFunction(() => customElements.get('zh-search'));
    await page.screenshot({ path: path.join(ARTIFACTS, `demo-${width}-article.png`), fullPage: false });
    // The search box on an article page works and links back into articles/.
    await typeQuery(page, '经济');
    const links = await page.locator('zh-search [role=option] a.title').evaluateAll((as) => as.map((a) => a.href));
    assert.ok(links.length > 0);
    for (const l of links.slice(0, 3)) assert.equal((await page.request.get(l)).status(), 200, l);
    await page.screenshot({ path: path.join(ARTIFACTS, `demo-${width}-article-search.png`) });
    assert.deepEqual(problems, []);
    await page.close();
  });
}

test('every result link of a broad query opens a page', async () => {
  const { page, problems } = await openPage(srv.url, 1280);
  for (const q of ['中国', '的', '经济 OR 文化']) {
    await page.locator('zh-search input').fill('');
    await page.locator('zh-search input').blur();
    await typeQuery(page, q);
    const links = await page.locator('zh-search [role=option] a.title').evaluateAll((as) => as.map((a) => a.href));
    assert.ok(links.length > 0, q);
    for (const l of links) assert.equal((await page.request.get(l)).status(), 200, `${q}: ${l}`);
  }
  assert.deepEqual(problems, []);
  await page.close();
});

test('the search page of `./build.sh site` (inline results) at 375 and 1280 px', async () => {
  const dir = path.join(ARTIFACTS, 'site-page');
  await buildSite(dir, [testCorpus(path.join(ARTIFACTS, 'corpus.jsonl'), 300)], { fake: useFake(), home: 'site.html' });
  const own = await serve({ root: dir });
  try {
    for (const width of [375, 1280]) {
      const { page, problems } = await openPage(new URL('?q=测试', own.url).href, width);
      await page.waitForFunction(() => {
        const el = document.querySelector('zh-search');
        return el.getAttribute('aria-busy') === 'false' && el.shadowRoot.querySelectorAll('[role=option]').length;
      });
      assert.equal(await page.locator('zh-search .panel').isVisible(), true);
      await page.screenshot({ path: path.join(ARTIFACTS, `site-${width}.png`), fullPage: true });
      assert.deepEqual(problems, []);
      await page.close();
    }
  } finally {
    await own.close();
  }
});
