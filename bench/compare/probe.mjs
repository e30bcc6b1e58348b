// bench/compare/probe.mjs: one zhfind index in headless Chromium, request by
// request: what the first query downloads (gzip bytes per request, as
// compare.mjs counts them), then optionally warm queries with the timeline
// of their requests (ms after the query was sent). For indexes compare.mjs
// does not build (the 1M scale run) and for looking at fetch rounds.
//
//   node bench/compare/probe.mjs INDEX_DIR [--first Q] [--warm FILE] [--verbose]
//   node bench/compare/probe.mjs INDEX_DIR --typed FILE [--net RTT:KBPS]
//     INDEX_DIR   a `zhfind build --out` folder (www/pkg must be built)
//     --first Q   the first query (default 融媒体)
//     --warm FILE queries to run after it, one per line (# comments)
//     --verbose   print every request
//     --typed FILE  the queries of FILE as the widget sends them: ms from
//                 the input to the results, on three fresh pages, rotating
//                 query by query: sent at once (an IME's committed word, a
//                 paste), as a keystroke (the worker told at once, 'prime':
//                 it answers at once when it has all the query needs, else
//                 loads the dictionary entries during the 100 ms debounce),
//                 after the debounce alone (before)
//     --net RTT:KBPS  a phone's link (server.mjs): each response waits RTT ms
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { serve, wireBytes, parseNet } from './server.mjs';
import { ZH_PAGE, firstCut } from './pages.mjs';

const HERE = path.dirname(fileURLToPath(import.meta.url));
const ROOT = path.resolve(HERE, '../..');
const args = process.argv.slice(2);
const opt = (name, dflt) => {
  const i = args.indexOf(name);
  return i >= 0 ? args.splice(i, 2)[1] : dflt;
};
const verbose = args.includes('--verbose') && args.splice(args.indexOf('--verbose'), 1);
const first = opt('--first', '融媒体');
const warm = opt('--warm', null);
const typed = opt('--typed', null);
const netArg = opt('--net', null);
const net = netArg ? parseNet(netArg) : null;
const index = args[0];
if (!index || !fs.existsSync(path.join(index, 'manifest.json'))) {
  console.error('usage: node bench/compare/probe.mjs INDEX_DIR [--first Q] [--warm FILE] [--typed FILE] [--net RTT:KBPS] [--verbose]');
  process.exit(2);
}

const { chromium } = await import(path.join(HERE, 'node_modules/playwright-core/index.mjs'));
const harness = fs.mkdtempSync(path.join(os.tmpdir(), 'zh-probe-'));
fs.writeFileSync(path.join(harness, 'zh.html'), ZH_PAGE);
const srv = await serve({ root: harness, net, mounts: { '/bench/': harness, '/zh/index/': path.resolve(index), '/zh/': path.join(ROOT, 'www') } });
const browser = await chromium.launch({ executablePath: process.env.CHROMIUM || '/usr/bin/chromium', headless: true, args: ['--no-sandbox', '--disable-quic'] });
try {
  const page = await (await browser.newContext()).newPage();
  const short = (p) => p.replace(/.*\/v\/[^/]+\//, '');
  await page.goto(`${srv.url}bench/zh.html?q=${encodeURIComponent(first)}`);
  const r = await page.evaluate(() => window.__first);
  // Up to the results, as compare.mjs counts (not what is loaded ahead after).
  const reqs = srv.log.filter((e) => e.path !== '/bench/zh.html' && e.t <= firstCut(r));
  let total = 0;
  for (const e of reqs) {
    const w = wireBytes(e);
    total += w;
    if (verbose) console.log(`  ${short(e.path)}${e.range ? ` @${e.range.join('-')}` : ''}  ${w} B`);
  }
  console.log(`first query ${first}: ${r.total} results, ${(total / 1024).toFixed(1)} KiB gzip in ${reqs.length} requests`);
  if (warm) {
    const qs = queries(warm);
    const ms = [];
    for (const q of qs) {
      srv.log.length = 0;
      const t0 = Date.now();
      const w = await page.evaluate((x) => window.__search(x), q);
      ms.push(w.ms);
      console.log(`${q}\t${w.ms.toFixed(1)} ms\t${w.total} results\t${srv.log.length} requests`);
      if (w.rounds) console.log(`    rounds: ${w.rounds.map((r) => `[${r.kinds || '-'} eval ${r.eval.toFixed(1)}${r.wait != null ? ` wait ${r.wait.toFixed(1)}` : ''}]`).join(' ')}`);
      if (verbose) for (const e of srv.log) console.log(`    +${e.t - t0}..${(e.t_end ?? e.t) - t0} ms  ${short(e.path)}${e.range ? ` @${e.range.join('-')}` : ''}  ${e.sent} B`);
    }
    console.log(`warm: p50 ${pct(ms, 50).toFixed(1)} ms, p95 ${pct(ms, 95).toFixed(1)} ms over ${ms.length} queries`);
  }
  if (typed) await typedRun(typed);
} finally {
  await browser.close();
  await srv.close();
  fs.rmSync(harness, { recursive: true, force: true });
}

/** --typed: the same queries on three fresh pages, rotating which goes
 * first: sent at once (an IME's commit or a paste, as the widget now sends
 * them), as keys (the worker primed: answered at once when all is loaded,
 * else after the 100 ms debounce), and after the debounce without priming
 * (how the widget sent everything before). */
async function typedRun(file) {
  const qs = queries(file);
  const VARIANTS = { commit: [false, 0], prime: [true, 100], plain: [false, 100] };
  const names = Object.keys(VARIANTS);
  const pages = {};
  for (const v of names) {
    pages[v] = await (await browser.newContext()).newPage();
    await pages[v].goto(`${srv.url}bench/zh.html?q=${encodeURIComponent(first)}`);
    await pages[v].evaluate(() => window.__first);
  }
  await new Promise((r) => setTimeout(r, 3000)); // what loads ahead after the first answer
  const ms = Object.fromEntries(names.map((v) => [v, []]));
  let atOnce = 0;
  console.log(`typed: ms from the input to the results${net ? `, link ${net.rtt} ms RTT ${net.kbps} kbit/s` : ''}`);
  console.log('query\tat once (commit)\tkey: prime, debounce unless loaded\tdebounce (before)');
  for (const [i, q] of qs.entries()) {
    const order = names.map((_, k) => names[(i + k) % names.length]);
    const got = {};
    for (const v of order) got[v] = await pages[v].evaluate(([x, p, d]) => window.__typed(x, p, d), [q, ...VARIANTS[v]]);
    for (const v of names) {
      if (got[v].total !== got.plain.total) throw new Error(`${q}: ${got[v].total} results (${v}), ${got.plain.total} (plain)`);
      ms[v].push(got[v].ms);
    }
    if (got.prime.primed) atOnce++;
    console.log(`${q}\t${names.map((v) => got[v].ms.toFixed(1)).join('\t')}`);
  }
  for (const v of names) console.log(`${v}: p50 ${pct(ms[v], 50).toFixed(1)} ms, p95 ${pct(ms[v], 95).toFixed(1)} ms over ${qs.length} queries`);
  console.log(`keys answered at once (everything they need was loaded): ${atOnce} of ${qs.length}`);
}

/** The queries of a file, one per line; blank lines and # comments skipped. */
function queries(file) {
  return fs.readFileSync(file, 'utf8').split('\n').map((l) => l.trim()).filter((l) => l && !l.startsWith('#'));
}

/** The p-th percentile (nearest rank) of the numbers in `a`. */
function pct(a, p) {
  const s = [...a].sort((x, y) => x - y);
  return s[Math.min(s.length - 1, Math.ceil((p / 100) * s.length) - 1)];
}
