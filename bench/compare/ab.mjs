// bench/compare/ab.mjs: A/B of two versions of the browser side on one
// index, in one headless Chromium. WWW_A and WWW_B are copies of www/ with
// their pkg/ and zh-search.js built (before and after a worker or wasm
// change). Each round
// opens both pages in fresh contexts (cold: first query 融媒体, navigation
// -> results timed), then runs every query of QUERIES on both, alternating
// who goes first; prints per side the first query's median and warm
// p50/p95.
//
//   node bench/compare/ab.mjs INDEX_DIR WWW_A WWW_B QUERIES [ROUNDS=3] [RTT_MS:KBIT_S]
//   (the last: an emulated phone link, as compare.mjs --net)
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { serve, parseNet } from './server.mjs';
import { ZH_PAGE } from './pages.mjs';

const HERE = path.dirname(fileURLToPath(import.meta.url));
const [index, wwwA, wwwB, qfile, rounds = '3', link] = process.argv.slice(2);
const net = link ? parseNet(link) : null;
if (!qfile || !fs.existsSync(path.join(index, 'manifest.json'))) {
  console.error('usage: node bench/compare/ab.mjs INDEX_DIR WWW_A WWW_B QUERIES [ROUNDS]');
  process.exit(2);
}
const { chromium } = await import(path.join(HERE, 'node_modules/playwright-core/index.mjs'));
const harness = fs.mkdtempSync(path.join(os.tmpdir(), 'zh-ab-'));
for (const t of ['A', 'B']) fs.writeFileSync(path.join(harness, `${t}.html`), ZH_PAGE.replaceAll("'/zh/", `'/${t}/`));
const srv = await serve({
  root: harness,
  net,
  mounts: { '/bench/': harness, '/A/index/': path.resolve(index), '/B/index/': path.resolve(index), '/A/': wwwA, '/B/': wwwB },
});
const browser = await chromium.launch({ executablePath: process.env.CHROMIUM || '/usr/bin/chromium', headless: true, args: ['--no-sandbox', '--disable-quic'] });
const qs = fs.readFileSync(qfile, 'utf8').split('\n').map((l) => l.trim()).filter((l) => l && !l.startsWith('#'));
const ms = { A: [], B: [] };
const first = { A: [], B: [] };
try {
  for (let r = 0; r < Number(rounds); r++) {
    const pages = {};
    for (const t of r % 2 ? ['A', 'B'] : ['B', 'A']) {
      pages[t] = await (await browser.newContext()).newPage();
      await pages[t].goto(`${srv.url}bench/${t}.html?q=${encodeURIComponent('融媒体')}`);
      first[t].push((await pages[t].evaluate(() => window.__first)).t);
    }
    for (const [i, q] of qs.entries()) {
      for (const t of (i + r) % 2 ? ['A', 'B'] : ['B', 'A']) ms[t].push((await pages[t].evaluate((x) => window.__search(x), q)).ms);
    }
    for (const t of ['A', 'B']) await pages[t].context().close();
  }
} finally {
  await browser.close();
  await srv.close();
  fs.rmSync(harness, { recursive: true, force: true });
}
const pct = (a, p) => [...a].sort((x, y) => x - y)[Math.min(a.length - 1, Math.ceil((p / 100) * a.length) - 1)].toFixed(1);
for (const t of ['A', 'B']) {
  const warm = ms[t].length ? `warm p50 ${pct(ms[t], 50)} ms, p95 ${pct(ms[t], 95)} ms over ${ms[t].length} queries` : 'no warm queries';
  console.log(`${t} (${t === 'A' ? wwwA : wwwB}): first query median ${pct(first[t], 50)} ms over ${first[t].length}; ${warm}`);
}
