// Browser benchmark of zhfind: what a reader downloads and waits for.
//
//   node bench/browser/bench.mjs --index DIR [--name NAME] [--index DIR2 --name NAME2 ...]
//                                [--site DIR] [--first QUERY] [--cold N] [--queries N]
//   ./build.sh bench            (the demo corpus and inews + pd1998, ~10k articles)
//
// For each index (a `zhfind build` folder; --site takes a whole site folder
// with index/ in it) it serves a page holding <zh-search> (the widget and
// www/pkg from this checkout), on 127.0.0.1, to headless Debian chromium
// (playwright-core; needs `npm ci` in tests/browser) and measures:
//
//   payload   bytes fetched from navigation to the first results of --first
//             (default 香港), by kind: wasm, js (widget + worker + glue),
//             manifest (+ files.json), dictionary shards (d/ or s/), postings
//             (p/, byte ranges), fragments (f/, byte ranges); requests and
//             bytes raw, gzip -6, brotli -11 (what a server compressing on
//             the fly would send; already-gzipped data barely changes)
//   first     time from navigation start to the first results event, cold
//             cache, median of --cold runs (default 5), the query set as soon
//             as the element is defined (no typing delay, no debounce)
//   keystroke warm latency per keystroke: 50 queries typed one character at a
//             time, each prefix searched (value set, debounce bypassed) and
//             timed until its results are rendered; p50/p95/max over all
//             keystrokes, and the files fetched meanwhile
//
// It prints a table and writes bench/results/browser-<date>.json.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import zlib from 'node:zlib';
import { fileURLToPath } from 'node:url';

const HERE = path.dirname(fileURLToPath(import.meta.url));
const ROOT = path.resolve(HERE, '../..');
const TESTS = path.join(ROOT, 'tests/browser');
const { serve } = await import(path.join(TESTS, 'server.mjs'));
const { CHROMIUM, CHROMIUM_ARGS } = await import(path.join(TESTS, 'harness.mjs'));
let chromium;
try {
  ({ chromium } = await import(path.join(TESTS, 'node_modules/playwright-core/index.mjs')));
} catch {
  console.error('bench.mjs: playwright-core is missing: run `npm ci` in tests/browser (or ./build.sh bench)');
  process.exit(1);
}

const QUERIES = [
  '经济', '香港', '改革开放', '农民', '教育', '科技创新', '环境保护', '足球比赛', '股市', '房价',
  '医院', '交通事故', '旅游', '互联网', '手机', '学生', '北京', '上海', '南京', '广东',
  '美国', '日本', '企业', '银行', '贷款', '法院', '警察', '天气', '春节', '文化',
  '电影', '音乐', '体育', '冠军', '新闻', '政府', '干部', '党员', '扶贫', '农村',
  '城市', '工人', '工资', '价格', '市场', '投资', '出口', '汽车', '电视', '历史',
];

function parseArgs(argv) {
  const runs = [];
  const o = { first: '香港', cold: 5, queries: 50, out: path.join(ROOT, 'bench/results') };
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    const val = () => { if (i + 1 >= argv.length) throw new Error(`${a} needs a value`); return argv[++i]; };
    if (a === '--index') runs.push({ index: path.resolve(val()) });
    else if (a === '--site') { const s = path.resolve(val()); runs.push({ index: path.join(s, 'index'), site: s }); }
    else if (a === '--name') { if (!runs.length) throw new Error('--name follows --index'); runs.at(-1).name = val(); }
    else if (a === '--first') o.first = val();
    else if (a === '--cold') o.cold = Math.max(1, Number(val()));
    else if (a === '--queries') o.queries = Math.max(1, Math.min(QUERIES.length, Number(val())));
    else if (a === '--out') o.out = path.resolve(val());
    else if (a === '-h' || a === '--help') { console.log(fs.readFileSync(fileURLToPath(import.meta.url), 'utf8').split('\n').filter((l) => l.startsWith('//')).map((l) => l.slice(3)).join('\n')); process.exit(0); }
    else throw new Error(`unknown argument ${a}`);
  }
  if (!runs.length) throw new Error('give at least one --index DIR (or --site DIR)');
  for (const r of runs) {
    if (!fs.existsSync(path.join(r.index, 'manifest.json'))) throw new Error(`${r.index}/manifest.json does not exist`);
    r.name ??= path.basename(r.site ?? path.dirname(r.index)) + (r.site ? '' : `/${path.basename(r.index)}`);
  }
  return { runs, o };
}

/** A page with just the widget, the checkout's widget files and pkg. */
function makeRoot() {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'zh-bench-'));
  fs.mkdirSync(path.join(dir, 'pkg'));
  for (const f of ['zh-search.js', 'pkg/zhfind_bg.wasm']) {
    const p = path.join(ROOT, 'www', f);
    if (!fs.existsSync(p)) throw new Error(`${p} missing: run ./build.sh first`);
    fs.copyFileSync(p, path.join(dir, f));
  }
  fs.writeFileSync(path.join(dir, 'index.html'), `<!doctype html><html lang="zh-CN"><meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1"><link rel="icon" href="data:,">
<title>zhfind bench</title><script src="zh-search.js" defer></script>
<zh-search index="index/" inline></zh-search>`);
  return dir;
}

function kindOf(url) {
  const p = new URL(url).pathname;
  if (p.endsWith('.wasm')) return 'wasm';
  if (p.endsWith('.js')) return 'js';
  if (p.endsWith('/manifest.json') || p.endsWith('/files.json')) return 'manifest';
  const dir = /\/index\/(?:v\/[^/]+\/)?([a-z])\/[^/]+$/.exec(p)?.[1];
  if (dir === 'd' || dir === 's') return 'shards';
  if (dir === 'p') return 'postings';
  if (dir === 'f') return 'fragments';
  if (p.endsWith('.html') || p.endsWith('/') || p.endsWith('.css')) return 'page';
  return 'other';
}

const sizeCache = new Map();
/** Bytes sent for a file (or the byte range [start, end) of it), raw and compressed. */
function sizes(file, start = 0, end = Infinity) {
  const key = `${file}@${start}-${end}`;
  if (!sizeCache.has(key)) {
    const b = fs.readFileSync(file).subarray(start, end);
    sizeCache.set(key, {
      raw: b.length,
      gzip: zlib.gzipSync(b, { level: 6 }).length,
      br: zlib.brotliCompressSync(b, { params: { [zlib.constants.BROTLI_PARAM_QUALITY]: 11 } }).length,
    });
  }
  return sizeCache.get(key);
}

function payload(log) {
  const by = {};
  for (const r of log) {
    if (r.status !== 200 && r.status !== 206) continue;
    const k = kindOf(`http://x${r.url}`);
    const s = r.status === 206 ? sizes(r.file, r.start, r.end) : sizes(r.file);
    by[k] ??= { files: 0, raw: 0, gzip: 0, br: 0 };
    by[k].files += 1;
    by[k].raw += s.raw;
    by[k].gzip += s.gzip;
    by[k].br += s.br;
  }
  const total = { files: 0, raw: 0, gzip: 0, br: 0 };
  for (const [k, v] of Object.entries(by)) if (k !== 'page') for (const f of Object.keys(total)) total[f] += v[f];
  total.requests = total.files;
  return { by, total };
}

const pct = (xs, p) => {
  if (!xs.length) return NaN;
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.max(0, Math.ceil((p / 100) * s.length) - 1))];
};
const median = (xs) => pct(xs, 50);

async function benchOne(browser, run, o) {
  const root = makeRoot();
  const log = [];
  const srv = await serve({ root, mounts: { '/index/': run.index }, log: (r) => log.push(r) });
  const manifest = JSON.parse(fs.readFileSync(path.join(run.index, 'manifest.json'), 'utf8'));
  const onDisk = (dir) => fs.readdirSync(dir, { withFileTypes: true }).reduce((acc, e) => {
    const p = path.join(dir, e.name);
    if (e.isDirectory()) { const sub = onDisk(p); return { files: acc.files + sub.files, bytes: acc.bytes + sub.bytes }; }
    return { files: acc.files + 1, bytes: acc.bytes + fs.statSync(p).size };
  }, { files: 0, bytes: 0 });
  const disk = onDisk(run.index);
  const result = { name: run.name, index: run.index, docs: manifest.docs, index_files: disk.files, index_bytes: disk.bytes, first_query: o.first };

  // Cold: a fresh context (empty cache) per run.
  const firsts = [];
  let firstPayload = null;
  for (let i = 0; i < o.cold; i++) {
    const context = await browser.newContext({ viewport: { width: 1280, height: 900 } });
    const page = await context.newPage();
    await page.addInitScript((q) => {
      window.__first = new Promise((resolve, reject) => {
        document.addEventListener('zh-search-results', (e) => resolve({ t: performance.now(), total: e.detail.total, hits: e.detail.hits.length }), { once: true });
        document.addEventListener('zh-search-error', (e) => reject(new Error(e.detail.message)), { once: true });
      });
      customElements.whenDefined('zh-search').then(() => {
        const set = () => { document.querySelector('zh-search').value = q; };
        if (document.querySelector('zh-search')) set(); else document.addEventListener('DOMContentLoaded', set);
      });
    }, o.first);
    log.length = 0;
    await page.goto(srv.url);
    const first = await page.evaluate(() => window.__first);
    firsts.push(first.t);
    if (i === 0) {
      await page.waitForTimeout(50);
      firstPayload = payload(log);
      result.first_total = first.total;
    }
    if (i < o.cold - 1) await context.close();
    else {
      // Warm: keep this page; type 50 queries a character at a time.
      log.length = 0;
      const keys = [];
      const perQuery = [];
      for (const q of QUERIES.slice(0, o.queries)) {
        const chars = Array.from(q);
        let qt = 0;
        for (let n = 1; n <= chars.length; n++) {
          const t = await page.evaluate((text) => new Promise((resolve, reject) => {
            const el = document.querySelector('zh-search');
            const t0 = performance.now();
            const done = (e) => {
              cleanup();
              if (e.type === 'zh-search-error') { reject(new Error(e.detail.message)); return; }
              requestAnimationFrame(() => resolve(performance.now() - t0));
            };
            const cleanup = () => { document.removeEventListener('zh-search-results', done); document.removeEventListener('zh-search-error', done); };
            document.addEventListener('zh-search-results', done);
            document.addEventListener('zh-search-error', done);
            el.value = text;
          }), chars.slice(0, n).join(''));
          keys.push(t);
          qt += t;
        }
        perQuery.push(qt);
      }
      const warmPayload = payload(log);
      result.keystroke_ms = { n: keys.length, p50: median(keys), p95: pct(keys, 95), max: Math.max(...keys) };
      result.warm_fetched = warmPayload.total;
      await context.close();
    }
  }
  result.first_results_ms = { median: median(firsts), min: Math.min(...firsts), max: Math.max(...firsts), runs: firsts };
  result.first_payload = firstPayload;
  await srv.close();
  fs.rmSync(root, { recursive: true, force: true });
  return result;
}

const kb = (n) => (n / 1024).toFixed(1);

function print(results) {
  const kinds = ['wasm', 'js', 'manifest', 'shards', 'postings', 'fragments'];
  for (const r of results) {
    console.log(`\n${r.name}: ${r.docs.toLocaleString('en')} articles, index ${kb(r.index_bytes)} KiB in ${r.index_files} files`);
    console.log(`first query "${r.first_query}" (${r.first_total} results), payload from navigation to first results:`);
    console.log('  kind     requests    raw KiB   gzip KiB  brotli KiB');
    for (const k of [...kinds, 'total']) {
      const v = k === 'total' ? r.first_payload.total : r.first_payload.by[k] ?? { files: 0, raw: 0, gzip: 0, br: 0 };
      console.log(`  ${k.padEnd(10)} ${String(v.files).padStart(6)} ${kb(v.raw).padStart(10)} ${kb(v.gzip).padStart(10)} ${kb(v.br).padStart(11)}`);
    }
    const f = r.first_results_ms;
    console.log(`  navigation -> first results: median ${f.median.toFixed(0)} ms (min ${f.min.toFixed(0)}, max ${f.max.toFixed(0)}, ${f.runs.length} cold runs)`);
    const k = r.keystroke_ms;
    console.log(`  warm keystroke -> results rendered: p50 ${k.p50.toFixed(1)} ms, p95 ${k.p95.toFixed(1)} ms, max ${k.max.toFixed(1)} ms (${k.n} keystrokes; +100 ms debounce when typing)`);
    console.log(`  fetched during those keystrokes: ${r.warm_fetched.files} requests, ${kb(r.warm_fetched.raw)} KiB raw, ${kb(r.warm_fetched.gzip)} KiB gzip`);
  }
}

async function main() {
  const { runs, o } = parseArgs(process.argv.slice(2));
  const browser = await chromium.launch({ executablePath: CHROMIUM, headless: true, args: CHROMIUM_ARGS });
  const results = [];
  const version = browser.version();
  try {
    for (const run of runs) {
      process.stderr.write(`bench: ${run.name} ...\n`);
      results.push(await benchOne(browser, run, o));
    }
  } finally {
    await browser.close();
  }
  print(results);
  const wasm = path.join(ROOT, 'www/pkg/zhfind_bg.wasm');
  const doc = { date: new Date().toISOString(), chromium: version, host: os.cpus()[0]?.model, cpus: os.cpus().length, wasm: sizes(wasm), results };
  fs.mkdirSync(o.out, { recursive: true });
  const file = path.join(o.out, `browser-${doc.date.replace(/[:.]/g, '-')}.json`);
  fs.writeFileSync(file, JSON.stringify(doc, null, 2));
  console.log(`\nwasm module: ${kb(doc.wasm.raw)} KiB raw, ${kb(doc.wasm.gzip)} KiB gzip, ${kb(doc.wasm.br)} KiB brotli`);
  console.log(`wrote ${path.relative(process.cwd(), file)}`);
}

main().catch((err) => { console.error(`bench.mjs: ${err.message}`); process.exit(1); });
