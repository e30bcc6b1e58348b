// bench/compare/compare.mjs: zhfind vs Pagefind, side by side, on the same
// pages, in one headless Chromium run.  Usually started by bench/compare/run.sh
// (which installs the npm packages, fetches the corpora and builds zhfind).
//
//   node bench/compare/compare.mjs [options] CORPUS...
//     CORPUS      seed   the five OCR pages ../shared/corpus/pages (zhfind import)
//                 10k    .cache/corpus/inews.jsonl + pd1998.jsonl (~10.3k articles)
//                 100k   .cache/corpus/synth-100000.jsonl
//                 PATH   your own: a .jsonl file, a folder of .jsonl files, or a
//                        folder of OCR page .txt files (zhfind import); named
//                        after it (my-paper.jsonl -> .cache/compare/my-paper/)
//     --cold N        cold first-query runs per tool (fresh browser context each;
//                     default 5; payload is taken from the first)
//     --first Q       the first query (default 融媒体)
//     --queries FILE  the warm queries (default bench/compare/queries.txt, 50)
//     --http2         serve over HTTPS with HTTP/2 (self-signed certificate for
//                     127.0.0.1, made with openssl; results compare-<corpus>-h2.json)
//                     instead of plain HTTP/1.1 (6 connections per origin)
//     --net RTT:KBPS  a phone's link, emulated by both servers: every response
//                     waits RTT ms, and all share one link of KBPS kbit/s at
//                     their wire size (e.g. 150:1600, Lighthouse's slow 4G;
//                     results compare-<corpus>-net150-1600.json)
//     --tag T         write compare-<corpus>-T.json instead (runs with another
//                     first query, see firsts.sh)
//     --rebuild       rebuild the pages and both indexes even when up to date
//     --no-browser    only build (pages, Pagefind, zhfind) and print sizes (no JSON)
//
// Per corpus, under .cache/compare/<corpus>/ (git-ignored):
//   site/a/<id>.html  one page per article (site.mjs): <html lang="zh-CN">,
//                     <article data-pagefind-body>, <h1> title, date/page, <p>s
//   site/pagefind/    `pagefind --site site --output-subdir pagefind` (timed)
//   articles.jsonl    the same articles with url "/a/<id>.html"
//   zhfind/           `target/release/zhfind build --out zhfind articles.jsonl` (timed)
//   builds.json       the build times, reused while the inputs are unchanged
//                     (a build under 10 s runs 3 times, the median counts)
//
// Then one headless Chromium (playwright-core driving /usr/bin/chromium, no
// browser download) opens, for each corpus and tool, a bare page served by
// its own static server (server.mjs: Range/206, exact MIME, .gz as stored,
// per-request log), alternating tools:
//   Pagefind  /bench/pf.html: import('/pagefind/pagefind.js'), init(),
//             search(q), await .data() of the first 10 results (JS API, no UI)
//   zhfind    /bench/zh.html: new Worker('/zh/zh-search.js') from www/
//             (wasm from www/pkg), postMessage open + search(q, limit 10), until
//             the results message (hits with title, url, date, snippet)
// and measures
//   first     navigation start -> first results data, cold cache, median of
//             --cold runs (tools alternate which goes first)
//   payload   every request from navigation to those results, by kind (wasm,
//             js, css, meta, index, fragments): the gzip -9 size of the served
//             bytes, or the bytes as served when they are gzip already (.gz,
//             Pagefind's .pf_* and wasm.*.pagefind) or a 206 range
//   warm      each of the 50 queries issued in turn (a Chinese query arrives as
//             one IME commit, so one "keystroke" = one query) on the warm page,
//             query -> results data (incl. fetching what it needs); p50/p95;
//             queries alternate tools
//   disk      bundle = everything the tool deploys (Pagefind: pagefind/ incl.
//             its UI files; zhfind: index + zh-search.js + pkg/zhfind_bg.wasm), and the
//             index data alone; file counts; build wall/CPU time
// It prints a table per corpus (ratio = zhfind / Pagefind) and writes
// bench/results/compare-<corpus>.json.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import zlib from 'node:zlib';
import { spawn, execFileSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { serve, selfSignedCert, wireBytes, parseNet } from './server.mjs';
import { writeSite } from './site.mjs';
import { PF_PAGE, ZH_PAGE, firstCut } from './pages.mjs';

const HERE = path.dirname(fileURLToPath(import.meta.url));
const ROOT = path.resolve(HERE, '../..');
const WWW = path.join(ROOT, 'www');
const CACHE = path.join(ROOT, '.cache/compare');
const RESULTS = path.join(ROOT, 'bench/results');
const CORPUS = path.join(ROOT, '.cache/corpus');
const OCR_PAGES = path.resolve(ROOT, '../shared/corpus/pages');
const ZHFIND = process.env.ZHFIND || path.join(ROOT, 'target/release/zhfind');
const PAGEFIND = path.join(HERE, 'node_modules/.bin/pagefind');
const CHROMIUM = process.env.CHROMIUM || '/usr/bin/chromium';
const CHROMIUM_ARGS = [
  '--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
  '--disable-background-networking', '--disable-component-update', '--disable-sync',
];
const SITE_VERSION = 1; // bump when site.mjs changes what it writes

const say = (...a) => process.stderr.write(`compare: ${a.join(' ')}\n`);

// ------------------------------------------------------------------ options

function parseArgs(argv) {
  const o = { cold: 5, http2: false, net: null, first: '融媒体', queries: path.join(HERE, 'queries.txt'), rebuild: false, browser: true, corpora: [] };
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    const val = () => { if (i + 1 >= argv.length) throw new Error(`${a} needs a value`); return argv[++i]; };
    if (a === '--cold') o.cold = Math.max(1, Number(val()) | 0);
    else if (a === '--first') o.first = val();
    else if (a === '--queries') o.queries = path.resolve(val());
    else if (a === '--tag') o.tag = val().replace(/[^\w.-]/g, '_'); // ASCII file names
    else if (a === '--rebuild') o.rebuild = true;
    else if (a === '--http2') o.http2 = true;
    else if (a === '--net') o.net = parseNet(val());
    else if (a === '--no-browser') o.browser = false;
    else if (a === '-h' || a === '--help') {
      console.log(fs.readFileSync(fileURLToPath(import.meta.url), 'utf8').split('\n').filter((l) => l.startsWith('//')).map((l) => l.slice(3)).join('\n'));
      process.exit(0);
    } else if (['seed', '10k', '100k'].includes(a)) o.corpora.push(a);
    else if (!a.startsWith('-') && fs.existsSync(a)) o.corpora.push(ownCorpus(a));
    else throw new Error(`unknown argument ${a} (corpora: seed, 10k, 100k, or a .jsonl file or folder)`);
  }
  if (!o.corpora.length) o.corpora = ['seed', '10k'];
  o.queryList = fs.readFileSync(o.queries, 'utf8').split('\n').map((l) => l.trim()).filter((l) => l && !l.startsWith('#'));
  return o;
}

// ------------------------------------------------------------------ builds

/**
 * Runs a command under a virtual-memory cap (ulimit -v, MEM_CAP_KB) and
 * returns wall/user/sys seconds and peak RSS (GNU time, else bash `time`) and
 * its output; says "still running" every 30 s so that long builds show progress.
 * The cap keeps a runaway build from waking the OOM killer on a shared machine
 * (Pagefind 1.6 on the 100k corpus grew past 24 GB); a build over the cap fails.
 */
const TOTAL_MEM_KB = os.totalmem() / 1024;
const MEM_CAP_KB = Math.floor(Number(process.env.MEM_CAP_GB || Math.min(16, (0.6 * TOTAL_MEM_KB) / 1048576)) * 1048576);
const GNU_TIME = fs.existsSync('/usr/bin/time') ? '/usr/bin/time' : null;

function timed(cmd, args, opts = {}) {
  // GNU time gives CPU and peak RSS, but wall time only to 10 ms (a small
  // build takes 50-200 ms): bash's `time` around it gives wall to 1 ms.
  const script = GNU_TIME
    ? `ulimit -v ${MEM_CAP_KB}; TIMEFORMAT="@@wall %3R"; time ${GNU_TIME} -f "@@time %e %U %S %M" "$@"`
    : `ulimit -v ${MEM_CAP_KB}; TIMEFORMAT="@@time %3R %3U %3S 0"; time "$@"`;
  return new Promise((resolve, reject) => {
    const child = spawn('bash', ['-c', script, 'bash', cmd, ...args], { stdio: ['ignore', 'pipe', 'pipe'], ...opts });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d) => { stdout += d; });
    child.stderr.on('data', (d) => { stderr += d; });
    const t0 = Date.now();
    const beat = setInterval(() => say(`  ${path.basename(cmd)} still running (${Math.round((Date.now() - t0) / 1000)} s, load ${os.loadavg()[0].toFixed(2)}, free ${(os.freemem() / 2 ** 30).toFixed(1)} GiB)`), 30000);
    child.on('error', (err) => { clearInterval(beat); reject(err); });
    child.on('close', (code, signal) => {
      clearInterval(beat);
      const m = /@@time ([\d.]+) ([\d.]+) ([\d.]+) (\d+)\s*(?:@@wall ([\d.]+)\s*)?$/.exec(stderr);
      const err = stderr.replace(/(Command (exited|terminated)[^\n]*\n)?@@time.*$/s, '');
      const t = { wall_s: m ? Number(m[5] ?? m[1]) : (Date.now() - t0) / 1000, user_s: m ? Number(m[2]) : NaN, sys_s: m ? Number(m[3]) : NaN, max_rss_mb: m && Number(m[4]) ? Number(m[4]) / 1024 : null, mem_cap_gb: MEM_CAP_KB / 1048576 };
      if (code !== 0) {
        const e = new Error(`${path.basename(cmd)} failed (exit ${code ?? signal}, after ${t.wall_s.toFixed(0)} s, peak RSS ${t.max_rss_mb ? `${(t.max_rss_mb / 1024).toFixed(1)} GiB` : '?'}, memory cap ${t.mem_cap_gb.toFixed(1)} GiB)\n${err.slice(-1500)}${stdout.slice(-1500)}`);
        e.timing = t;
        reject(e);
        return;
      }
      resolve({ ...t, stdout, stderr: err });
    });
  });
}

/** A build under REPEAT_UNDER_S seconds varies by tens of percent between
 * runs on a busy 2-core machine (0.1-0.3 s for the seed pages), so it runs
 * REPEATS times, `clean` before each, and the run with the median wall
 * time counts; every run's wall time is kept as samples_s. Both tools are
 * timed alike. */
const REPEATS = 3;
const REPEAT_UNDER_S = 10;
async function timedMedian(cmd, args, opts, clean) {
  const runs = [];
  for (let i = 0; i < REPEATS; i++) {
    clean();
    runs.push(await timed(cmd, args, opts));
    if (runs[0].wall_s >= REPEAT_UNDER_S) break;
  }
  return medianRun(runs);
}

/** The run with the median wall time, with every run's wall time as samples_s. */
function medianRun(runs) {
  const median = [...runs].sort((a, b) => a.wall_s - b.wall_s)[(runs.length - 1) >> 1];
  return { ...median, samples_s: runs.map((r) => r.wall_s) };
}

/** Short builds (both tools under REPEAT_UNDER_S) are timed again side by
 * side, so that the ratio compares tools, not machine states (a Pagefind
 * build cached from another hour, or a build right after a compile): once
 * the machine is quiet (load average under QUIET_LOAD, waiting at most
 * QUIET_WAIT_S), PAIRED runs of each, alternating which goes first, into
 * scratch folders; each tool's median run counts. */
const PAIRED = 7;
const QUIET_LOAD = 0.8;
const QUIET_WAIT_S = 60;
async function pairedTimes(name, tools) {
  const t0 = Date.now();
  while (os.loadavg()[0] >= QUIET_LOAD && Date.now() - t0 < QUIET_WAIT_S * 1000) await new Promise((r) => setTimeout(r, 1000));
  const load = os.loadavg()[0];
  say(`${name}: timing both builds side by side, ${PAIRED} runs each (load ${load.toFixed(2)}${Date.now() - t0 > 1500 ? ` after ${Math.round((Date.now() - t0) / 1000)} s waiting` : ''}) ...`);
  const runs = tools.map(() => []);
  for (let i = 0; i < PAIRED; i++) {
    const order = i % 2 ? [1, 0] : [0, 1];
    for (const k of order) {
      tools[k].clean();
      runs[k].push(await timed(tools[k].cmd, tools[k].args, tools[k].opts));
    }
  }
  tools.forEach((t) => t.clean());
  return runs.map((r) => ({ ...medianRun(r), paired: { runs: PAIRED, load_before: load } }));
}

const runsOf = (t) => `${t.wall_s.toFixed(2)} s${t.samples_s?.length > 1 ? ` (median of ${t.samples_s.map((x) => x.toFixed(2)).join(', ')} s)` : ''}`;

function walk(dir, filter = () => true) {
  let files = 0;
  let bytes = 0;
  if (!fs.existsSync(dir)) return { files, bytes };
  for (const e of fs.readdirSync(dir, { withFileTypes: true })) {
    const p = path.join(dir, e.name);
    if (e.isDirectory()) { const s = walk(p, filter); files += s.files; bytes += s.bytes; } else if (filter(p)) { files += 1; bytes += fs.statSync(p).size; }
  }
  return { files, bytes };
}
const addUp = (...xs) => xs.reduce((a, x) => ({ files: a.files + x.files, bytes: a.bytes + x.bytes }), { files: 0, bytes: 0 });

function fileSig(files) {
  return files.map((f) => { const s = fs.statSync(f); return `${path.resolve(f)}:${s.size}:${Math.floor(s.mtimeMs)}`; }).join('|');
}

/** Corpora given as paths (`own` below), by name. */
const OWN = new Map();

/**
 * A corpus of your own: a .jsonl file, or a folder of .jsonl files (article
 * JSONL, as `zhfind build` reads), or a folder of OCR page .txt files (put
 * through `zhfind import`, as the seed pages are). Named after the file or
 * folder (`my-paper.jsonl` -> `my-paper`: .cache/compare/my-paper/,
 * bench/results/compare-my-paper.json).
 */
function ownCorpus(arg) {
  const p = path.resolve(arg);
  const name = path.basename(p).replace(/\.jsonl$/, '').replace(/[^\w.-]/g, '_');
  if (['seed', '10k', '100k', ''].includes(name)) throw new Error(`${arg}: rename it (its name ${name || '(none)'} would clash)`);
  const list = (ext) => fs.readdirSync(p).filter((f) => f.endsWith(ext)).sort().map((f) => path.join(p, f));
  let src;
  if (fs.statSync(p).isFile()) src = { jsonl: [p] };
  else if (list('.jsonl').length) src = { jsonl: list('.jsonl') };
  else if (list('.txt').length) src = { pages: p };
  else throw new Error(`${arg}: no .jsonl or .txt files in this folder`);
  OWN.set(name, src);
  return name;
}

/** OCR page text of folder `pages` as article JSONL, through `zhfind import`
 * (articles and captions, as the demo does); redone when a page changes. */
function imported(pages, dir) {
  const out = path.join(dir, 'import.jsonl');
  const txt = fs.readdirSync(pages).filter((f) => f.endsWith('.txt')).map((f) => path.join(pages, f));
  const sig = fileSig([...txt, ZHFIND]);
  const sigFile = path.join(dir, 'import.sig');
  if (!fs.existsSync(out) || !fs.existsSync(sigFile) || fs.readFileSync(sigFile, 'utf8') !== sig) {
    execFileSync(ZHFIND, ['import', '--out', out, pages], { stdio: ['ignore', 'ignore', 'pipe'] });
    fs.writeFileSync(sigFile, sig);
  }
  return [out];
}

function corpusInputs(name, dir) {
  if (name === 'seed') return imported(OCR_PAGES, dir);
  const own = OWN.get(name);
  if (own) return own.pages ? imported(own.pages, dir) : own.jsonl;
  const files = name === '10k' ? ['inews.jsonl', 'pd1998.jsonl'] : ['synth-100000.jsonl'];
  const paths = files.map((f) => path.join(CORPUS, f));
  for (const p of paths) if (!fs.existsSync(p)) throw new Error(`${p} is missing: run bench/compare/run.sh (it fetches corpora with ../shared/tools/corpora/fetch.sh)`);
  return paths;
}

function pagefindVersion() {
  try { return JSON.parse(fs.readFileSync(path.join(HERE, 'node_modules/pagefind/package.json'), 'utf8')).version; } catch { return null; }
}

/** The binary `npx pagefind` would run (its npm wrapper's resolveBinary), else the wrapper. */
function pagefindBinary() {
  const arch = { x64: 'x64', arm64: 'arm64' }[os.arch()];
  for (const exe of ['pagefind_extended', 'pagefind']) {
    const p = path.join(HERE, `node_modules/@pagefind/${process.platform}-${arch}/bin/${exe}`);
    if (fs.existsSync(p)) return p;
  }
  return PAGEFIND;
}

function readJson(p, dflt) { try { return JSON.parse(fs.readFileSync(p, 'utf8')); } catch { return dflt; } }

async function prepare(name, o) {
  const dir = path.join(CACHE, name);
  fs.mkdirSync(dir, { recursive: true });
  const inputs = corpusInputs(name, dir);
  const buildsFile = path.join(dir, 'builds.json');
  const builds = o.rebuild ? {} : readJson(buildsFile, {});
  const save = () => fs.writeFileSync(buildsFile, JSON.stringify(builds, null, 2));

  // Pages
  const siteSig = `v${SITE_VERSION}|${fileSig(inputs)}`;
  if (builds.site?.sig !== siteSig || !fs.existsSync(path.join(dir, 'articles.jsonl'))) {
    say(`${name}: writing the HTML pages into ${path.relative(ROOT, dir)}/site/a ...`);
    const t0 = Date.now();
    const r = await writeSite({ inputs, out: dir, progress: (m) => say(`${name}: ${m}`) });
    builds.site = { sig: siteSig, docs: r.docs, chars: r.chars, seconds: (Date.now() - t0) / 1000 };
    delete builds.pagefind;
    delete builds.zhfind;
    save();
    say(`${name}: ${r.docs} pages in ${builds.site.seconds.toFixed(1)} s`);
  }

  // Pagefind (the platform binary that `npx pagefind` runs, called directly)
  const pfVer = pagefindVersion();
  if (!pfVer) throw new Error('pagefind is not installed: run `npm ci` in bench/compare (run.sh does)');
  const pfOut = path.join(dir, 'site/pagefind');
  let rebuilt = false;
  if (builds.pagefind?.version !== pfVer || (!builds.pagefind.failed && !fs.existsSync(path.join(pfOut, 'pagefind.js')))) {
    rebuilt = true;
    fs.rmSync(pfOut, { recursive: true, force: true });
    say(`${name}: building Pagefind ${pfVer} over ${builds.site.docs} pages (load ${os.loadavg()[0].toFixed(2)}) ...`);
    try {
      const t = await timedMedian(pagefindBinary(), ['--site', path.join(dir, 'site'), '--output-subdir', 'pagefind'], { cwd: HERE }, () => fs.rmSync(pfOut, { recursive: true, force: true }));
      builds.pagefind = { version: pfVer, ...pick(t), load_before: os.loadavg()[0], date: new Date().toISOString(), log: t.stdout.split('\n').filter((l) => /Indexed|Found|Total|Finished|language/i.test(l)).slice(0, 20) };
      say(`${name}: Pagefind built in ${runsOf(t)} (cpu ${(t.user_s + t.sys_s).toFixed(1)} s, peak RSS ${(t.max_rss_mb / 1024).toFixed(2)} GiB)`);
    } catch (err) {
      if (!err.timing) throw err;
      builds.pagefind = { version: pfVer, failed: err.message.split('\n')[0], ...pick(err.timing), date: new Date().toISOString() };
      fs.rmSync(pfOut, { recursive: true, force: true });
      say(`${name}: ${err.message.split('\n')[0]}; Pagefind is left out of this corpus (--rebuild retries)`);
    }
    save();
  } else if (builds.pagefind.failed) {
    say(`${name}: Pagefind failed earlier (${builds.pagefind.failed}); left out (--rebuild retries)`);
  }

  // zhfind
  const zhOut = path.join(dir, 'zhfind');
  const zhSig = fileSig([ZHFIND, path.join(dir, 'articles.jsonl')]);
  if (builds.zhfind?.sig !== zhSig || !fs.existsSync(path.join(zhOut, 'manifest.json'))) {
    rebuilt = true;
    say(`${name}: building zhfind (load ${os.loadavg()[0].toFixed(2)}) ...`);
    const t = await timedMedian(ZHFIND, ['build', '--out', `${zhOut}.tmp`, '--url-template', '/a/{id}.html', path.join(dir, 'articles.jsonl')], {}, () => fs.rmSync(`${zhOut}.tmp`, { recursive: true, force: true }));
    fs.rmSync(zhOut, { recursive: true, force: true });
    fs.renameSync(`${zhOut}.tmp`, zhOut);
    builds.zhfind = { sig: zhSig, ...pick(t), load_before: os.loadavg()[0], date: new Date().toISOString(), log: t.stderr.trim().split('\n').slice(-12) };
    save();
    say(`${name}: zhfind built in ${runsOf(t)} (cpu ${(t.user_s + t.sys_s).toFixed(1)} s, peak RSS ${(t.max_rss_mb / 1024).toFixed(2)} GiB)`);
  }

  // Both short: timed again side by side (see pairedTimes).
  const short = (b) => b && !b.failed && b.wall_s < REPEAT_UNDER_S;
  if (rebuilt && short(builds.pagefind) && short(builds.zhfind)) {
    const scratch = path.join(dir, 'timing');
    const pfScratch = 'pagefind-timing';
    const [pf, zh] = await pairedTimes(name, [
      { cmd: pagefindBinary(), args: ['--site', path.join(dir, 'site'), '--output-subdir', pfScratch], opts: { cwd: HERE }, clean: () => fs.rmSync(path.join(dir, 'site', pfScratch), { recursive: true, force: true }) },
      { cmd: ZHFIND, args: ['build', '--out', scratch, '--url-template', '/a/{id}.html', path.join(dir, 'articles.jsonl')], opts: {}, clean: () => fs.rmSync(scratch, { recursive: true, force: true }) },
    ]);
    Object.assign(builds.pagefind, pick(pf), { paired: pf.paired });
    Object.assign(builds.zhfind, pick(zh), { paired: zh.paired });
    save();
    say(`${name}: side by side: Pagefind ${runsOf(pf)}, zhfind ${runsOf(zh)} (ratio ${(zh.wall_s / pf.wall_s).toFixed(2)})`);
  }

  // Disk
  const pfCode = (p) => /\.(js|css)$/.test(p) || /\/wasm\.[^/]*\.pagefind$/.test(p);
  // What a site deploys beside the index: zh-search.js (widget, search worker
  // and service worker in one) and the wasm module.
  const zhCode = ['zh-search.js', 'pkg/zhfind_bg.wasm'].map((f) => path.join(WWW, f));
  const zhCodeSize = addUp(...zhCode.map((f) => ({ files: 1, bytes: fs.statSync(f).size })));
  const disk = {
    pagefind: builds.pagefind.failed ? {} : { bundle: walk(pfOut), index: walk(pfOut, (p) => !pfCode(p)) },
    zhfind: { bundle: addUp(walk(zhOut), zhCodeSize), index: walk(zhOut) },
  };
  const tools = builds.pagefind.failed ? ['zhfind'] : ['pagefind', 'zhfind'];
  return { name, dir, tools, docs: builds.site.docs, chars: builds.site.chars, builds, disk, siteDir: path.join(dir, 'site'), zhIndex: zhOut };
}

const pick = (t) => ({ wall_s: t.wall_s, samples_s: t.samples_s, user_s: t.user_s, sys_s: t.sys_s, max_rss_mb: t.max_rss_mb, mem_cap_gb: t.mem_cap_gb });

// ------------------------------------------------------------------ payload

function kindOf(tool, p) {
  if (tool === 'pagefind') {
    if (!p.startsWith('/pagefind/')) return 'page';
    const base = p.slice('/pagefind/'.length);
    if (/^wasm\..*\.pagefind$/.test(base) || base.endsWith('.wasm')) return 'wasm';
    if (base.endsWith('.js')) return 'js';
    if (base.endsWith('.css')) return 'css';
    if (base.startsWith('fragment/')) return 'fragments';
    if (base.startsWith('index/')) return 'index';
    if (base.endsWith('.json') || base.endsWith('.pf_meta') || base.startsWith('filter/')) return 'meta';
    return 'other';
  }
  if (!p.startsWith('/zh/')) return 'page';
  if (p.endsWith('.wasm')) return 'wasm';
  if (p.startsWith('/zh/index/')) {
    const rest = p.slice('/zh/index/'.length);
    if (!rest.includes('/') && /\.json(\.gz)?$/.test(rest)) return 'meta';
    const segs = rest.split('/');
    if (segs.slice(0, -1).some((s) => s === 'f' || s === 'fragments')) return 'fragments';
    return 'index';
  }
  if (p.endsWith('.js')) return 'js';
  if (p.endsWith('.css')) return 'css';
  return 'other';
}

export const KINDS = ['wasm', 'js', 'css', 'meta', 'index', 'fragments', 'other'];

function payload(tool, entries) {
  const by = {};
  const total = { requests: 0, files: 0, raw: 0, wire: 0 };
  const files = new Set();
  const list = [];
  for (const e of entries) {
    const kind = kindOf(tool, e.path);
    if (kind === 'page') continue;
    if (e.status !== 200 && e.status !== 206) {
      list.push({ path: e.path, status: e.status, kind });
      continue;
    }
    const wire = wireBytes(e);
    const k = (by[kind] ??= { requests: 0, raw: 0, wire: 0 });
    k.requests += 1;
    k.raw += e.sent;
    k.wire += wire;
    total.requests += 1;
    total.raw += e.sent;
    total.wire += wire;
    files.add(e.path);
    list.push({ path: e.path, status: e.status, range: e.range, sent: e.sent, wire, kind, http: e.http, aborted: e.aborted || undefined });
  }
  total.files = files.size;
  return { by, total, requests: list };
}

// ------------------------------------------------------------------ browser

const pct = (xs, p) => {
  if (!xs.length) return NaN;
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.max(0, Math.ceil((p / 100) * s.length) - 1))];
};
const stats = (xs) => ({ n: xs.length, p50: pct(xs, 50), p95: pct(xs, 95), max: Math.max(...xs), min: Math.min(...xs), mean: xs.reduce((a, b) => a + b, 0) / xs.length });

async function measureCorpus(browser, c, o) {
  const harness = fs.mkdtempSync(path.join(os.tmpdir(), 'zh-compare-'));
  fs.writeFileSync(path.join(harness, 'pf.html'), PF_PAGE);
  fs.writeFileSync(path.join(harness, 'zh.html'), ZH_PAGE);
  const tls = o.http2 ? selfSignedCert(path.join(CACHE, 'tls')) : null;
  const servers = {
    pagefind: await serve({ root: c.siteDir, tls, net: o.net, mounts: { '/bench/': harness } }),
    zhfind: await serve({ root: c.siteDir, tls, net: o.net, mounts: { '/bench/': harness, '/zh/index/': c.zhIndex, '/zh/': WWW } }),
  };
  const newContext = () => browser.newContext({ viewport: { width: 1280, height: 900 }, locale: 'zh-CN', ignoreHTTPSErrors: true });
  const pageOf = { pagefind: 'pf.html', zhfind: 'zh.html' };
  const tools = c.tools;
  const out = { pagefind: {}, zhfind: {} };
  for (const t of tools) out[t].first_runs = [];
  const warmPages = {};
  try {
    // One discarded run per tool first: the browser's own start-up costs
    // (first context, first worker, first wasm compile) land on neither tool.
    for (const tool of tools) {
      const context = await newContext();
      const page = await context.newPage();
      await page.goto(`${servers[tool].url}bench/${pageOf[tool]}?q=${encodeURIComponent(o.first)}`);
      await page.evaluate(() => window.__first).catch(() => {});
      await context.close();
    }
    for (let i = 0; i < o.cold; i++) {
      const order = i % 2 === 0 ? tools : [...tools].reverse();
      for (const tool of order) {
        const srv = servers[tool];
        const context = await newContext();
        const page = await context.newPage();
        const errors = [];
        page.on('pageerror', (e) => errors.push(String(e)));
        page.on('console', (m) => { if (m.type() === 'error') errors.push(m.text()); });
        srv.log.length = 0;
        await page.goto(`${srv.url}bench/${pageOf[tool]}?q=${encodeURIComponent(o.first)}`);
        let first;
        try {
          first = await page.evaluate(() => window.__first);
        } catch (err) {
          throw new Error(`${tool} on ${c.name}: first query failed: ${err.message.split('\n')[0]}${errors.length ? `\n  page errors: ${errors.join('\n  ')}` : ''}`);
        }
        const cut = firstCut(first);
        const upTo = srv.log.filter((e) => e.t <= cut);
        await page.waitForTimeout(i === 0 ? 500 : 0); // what does each tool fetch after its results?
        const after = srv.log.filter((e) => e.t > cut);
        const run = { ms: first.t, total: first.total, requests: upTo.length };
        if (i === 0) {
          out[tool].first_payload = payload(tool, upTo);
          out[tool].first_after = payload(tool, after);
          out[tool].first_hits = first.hits;
          out[tool].first_total = first.total;
          if (errors.length) out[tool].page_errors = errors;
        }
        out[tool].first_runs.push(run);
        say(`${c.name}: ${tool} cold run ${i + 1}/${o.cold}: ${first.t.toFixed(0)} ms, ${first.total} results, ${upTo.length} requests`);
        if (i === o.cold - 1) warmPages[tool] = { page, context };
        else await context.close();
      }
    }

    // Warm: the same queries in the same order, alternating which tool goes first.
    for (const tool of tools) servers[tool].log.length = 0;
    const perQuery = [];
    for (let qi = 0; qi < o.queryList.length; qi++) {
      const q = o.queryList[qi];
      const row = { query: q };
      const order = qi % 2 === 0 ? tools : [...tools].reverse();
      for (const tool of order) {
        const mark = servers[tool].log.length;
        try {
          const r = await warmPages[tool].page.evaluate((text) => window.__search(text), q);
          const got = payload(tool, servers[tool].log.slice(mark)).total;
          row[tool] = { ms: r.ms, total: r.total, requests: got.requests, wire: got.wire, top: r.hits.slice(0, 3).map((h) => h.title), hits: r.hits.map((h) => h.url) };
          // zhfind's own split: wasm_ms = in the wasm module (evaluating and ranking, in
          // ZhIndex.missing and search), elapsed_ms = in the worker incl. fetching
          if (r.took_ms !== undefined) Object.assign(row[tool], { took_ms: r.took_ms, wasm_ms: r.wasm_ms, worker_ms: r.elapsed_ms });
        } catch (err) {
          row[tool] = { error: err.message.split('\n')[0] };
        }
      }
      perQuery.push(row);
    }
    for (const tool of tools) {
      const ms = perQuery.map((r) => r[tool].ms).filter((x) => typeof x === 'number');
      out[tool].warm = stats(ms);
      out[tool].warm.errors = perQuery.filter((r) => r[tool].error).length;
      out[tool].warm.zero_results = perQuery.filter((r) => r[tool].total === 0).length;
      out[tool].warm_fetched = payload(tool, servers[tool].log).total;
      const took = perQuery.map((r) => r[tool].wasm_ms).filter((x) => typeof x === 'number');
      if (took.length) {
        out[tool].warm_wasm_ms = stats(took);
        out[tool].warm_worker_ms = stats(perQuery.map((r) => r[tool].worker_ms).filter((x) => typeof x === 'number'));
      }
      const firsts = out[tool].first_runs.map((r) => r.ms);
      out[tool].first_ms = stats(firsts);
    }
    out.queries = perQuery;
    checkVerbatim(c, o, out);
  } finally {
    for (const t of Object.values(warmPages)) await t.context.close().catch(() => {});
    for (const s of Object.values(servers)) await s.close();
    fs.rmSync(harness, { recursive: true, force: true });
  }
  return out;
}

// ------------------------------------------------------------------ Ctrl-F check

const norm = (s) => String(s).normalize('NFKC').toLowerCase();

/**
 * What Ctrl-F would find: the articles whose title + body hold every
 * space-separated part of the query verbatim (NFKC, lower case). Adds to each
 * query row `ctrl_f` (how many articles) and per tool `verbatim` (how many of
 * the top hits returned hold it), and per tool the sums.
 */
function checkVerbatim(c, o, out) {
  const texts = new Map();
  for (const line of fs.readFileSync(path.join(c.dir, 'articles.jsonl'), 'utf8').split('\n')) {
    if (!line) continue;
    const a = JSON.parse(line);
    texts.set(a.url, norm(`${a.title}\n${a.body}`));
  }
  const all = [...texts.values()];
  const holds = (text, parts) => text !== undefined && parts.every((p) => text.includes(p));
  const urlOf = (u) => { try { return decodeURIComponent(new URL(u, 'http://x').pathname); } catch { return u; } };
  for (const row of out.queries) {
    const parts = norm(row.query).split(/\s+/).filter(Boolean);
    row.ctrl_f = all.reduce((n, t) => n + (holds(t, parts) ? 1 : 0), 0);
    for (const tool of c.tools) {
      const r = row[tool];
      if (!r || !r.hits) continue;
      r.verbatim = r.hits.filter((u) => holds(texts.get(urlOf(u)), parts)).length;
      r.returned = r.hits.length;
      delete r.hits;
    }
  }
  for (const tool of c.tools) {
    const rows = out.queries.filter((r) => r[tool] && typeof r[tool].total === 'number');
    const returned = rows.reduce((n, r) => n + r[tool].returned, 0);
    const verbatim = rows.reduce((n, r) => n + r[tool].verbatim, 0);
    out[tool].check = {
      hits_returned: returned,
      hits_verbatim: verbatim,
      precision: returned ? verbatim / returned : NaN,
      missed: rows.filter((r) => r.ctrl_f > 0 && r[tool].total === 0).map((r) => r.query),
      spurious: rows.filter((r) => r.ctrl_f === 0 && r[tool].total > 0).map((r) => r.query),
    };
  }
  const firstParts = norm(o.first).split(/\s+/).filter(Boolean);
  out.first_ctrl_f = all.reduce((n, t) => n + (holds(t, firstParts) ? 1 : 0), 0);
  for (const tool of c.tools) {
    const hits = out[tool].first_hits || [];
    out[tool].first_verbatim = hits.filter((h) => holds(texts.get(urlOf(h.url)), firstParts)).length;
  }
}

// ------------------------------------------------------------------ report

const KB = (n) => (n / 1024).toFixed(1);
const MB = (n) => (n / 1048576).toFixed(2);
const ratio = (a, b) => (b > 0 && Number.isFinite(a) && Number.isFinite(b) ? (a / b).toFixed(2) : 'n/a');

/** `get(obj, 'a.b.c')`: NaN when missing, so a tool left out shows n/a. */
const get = (obj, keys) => {
  let v = obj;
  for (const k of keys.split('.')) { if (v == null) return NaN; v = v[k]; }
  return typeof v === 'number' ? v : NaN;
};

function table(doc) {
  const c = doc.corpus;
  const pf = doc.pagefind;
  const zh = doc.zhfind;
  const rows = [];
  const row = (label, key, fmt = (x) => String(x)) => {
    const [z, p] = typeof key === 'function' ? [key(zh), key(pf)] : [get(zh, key), get(pf, key)];
    rows.push([label, Number.isFinite(z) ? fmt(z) : 'n/a', Number.isFinite(p) ? fmt(p) : 'n/a', ratio(z, p)]);
  };
  const f0 = (x) => x.toFixed(0);
  const f1 = (x) => x.toFixed(1);
  const f2 = (x) => x.toFixed(2);
  const built = (t) => (t.build?.failed ? NaN : 1);
  row('build time, wall (s)', (t) => built(t) * get(t, 'build.wall_s'), f2);
  row('build time, cpu (s)', (t) => built(t) * (get(t, 'build.user_s') + get(t, 'build.sys_s')), f2);
  row('build peak memory (MiB)', (t) => built(t) * get(t, 'build.max_rss_mb'), f0);
  row('bundle on disk (MiB)', 'disk.bundle.bytes', MB);
  row('bundle files', 'disk.bundle.files');
  row('  index data (MiB)', 'disk.index.bytes', MB);
  row('  index files', 'disk.index.files');
  row('first query payload (KiB gzip)', 'first_payload.total.wire', KB);
  for (const k of KINDS) {
    const z = zh.first_payload?.by[k];
    const p = pf.first_payload?.by[k];
    if (!z && !p) continue;
    const cell = (x, t) => (x ? `${KB(x.wire)} / ${x.requests}` : t.first_payload ? '0 / 0' : 'n/a');
    rows.push([`  ${k} (KiB / requests)`, cell(z, zh), cell(p, pf), ratio(z?.wire ?? 0, p?.wire ?? (pf.first_payload ? 0 : NaN))]);
  }
  row('first query requests', 'first_payload.total.requests');
  row('first query bytes as served (KiB)', 'first_payload.total.raw', KB);
  row(`navigation -> first results (ms, median of ${zh.first_ms?.n ?? 0})`, 'first_ms.p50', f0);
  row(`warm query p50 (ms, ${zh.warm?.n ?? 0} queries)`, 'warm.p50', f1);
  row('warm query p95 (ms)', 'warm.p95', f1);
  if (zh.warm_wasm_ms) rows.push(['  zhfind: in wasm p50 / p95 (evaluating)', `${zh.warm_wasm_ms.p50.toFixed(1)} / ${zh.warm_wasm_ms.p95.toFixed(1)}`, '', '']);
  if (zh.warm_worker_ms) rows.push(['  zhfind: in worker p50 / p95 (+ fetching)', `${zh.warm_worker_ms.p50.toFixed(1)} / ${zh.warm_worker_ms.p95.toFixed(1)}`, '', '']);
  row('warm queries: KiB fetched (gzip)', 'warm_fetched.wire', KB);
  row('warm queries: requests', 'warm_fetched.requests');
  row('warm queries with 0 results', 'warm.zero_results');
  row(`first query "${doc.first_query}": results (Ctrl-F: ${doc.first_ctrl_f ?? '?'})`, 'first_total');
  row('  of its top 10 holding it verbatim', 'first_verbatim');
  row('warm: top hits holding the query verbatim (%)', (t) => 100 * get(t, 'check.precision'), f0);
  row('warm: 0 results though Ctrl-F finds it', (t) => (t.check ? t.check.missed.length : NaN));
  row('warm: results though Ctrl-F finds none', (t) => (t.check ? t.check.spurious.length : NaN));
  const w = [Math.max(...rows.map((r) => r[0].length)) + 2, 14, 14, 10];
  const fmt = (r) => r[0].padEnd(w[0]) + r.slice(1).map((x, i) => String(x).padStart(w[i + 1])).join('');
  const lines = [`\n${c.name}: ${c.docs.toLocaleString('en')} articles (${(c.chars / 1e6).toFixed(2)} M chars), ${doc.protocol ?? ''}`, fmt(['metric', 'zhfind', 'Pagefind', 'zh/pf']), fmt(['-'.repeat(w[0] - 2), '-'.repeat(10), '-'.repeat(10), '-'.repeat(6)])];
  for (const r of rows) lines.push(fmt(r));
  if (pf.build?.failed) lines.push(`Pagefind build FAILED: ${pf.build.failed.replace(/:$/, '')}`);
  for (const [tool, label] of [['zhfind', 'zhfind'], ['pagefind', 'Pagefind']]) {
    const k = doc[tool].check;
    if (!k) continue;
    if (k.missed.length) lines.push(`${label} finds nothing for (Ctrl-F does): ${k.missed.join(', ')}`);
    if (k.spurious.length) lines.push(`${label} finds something for (Ctrl-F finds nothing): ${k.spurious.join(', ')}`);
  }
  return lines.join('\n');
}

// ------------------------------------------------------------------ main

function gitRev() {
  try {
    const rev = execFileSync('git', ['rev-parse', '--short', 'HEAD'], { cwd: ROOT, encoding: 'utf8' }).trim();
    const dirty = execFileSync('git', ['status', '--porcelain', '--untracked-files=no', '--', 'src', 'www', 'Cargo.toml'], { cwd: ROOT, encoding: 'utf8' }).trim();
    return dirty ? `${rev}+dirty` : rev;
  } catch { return null; }
}

async function main() {
  const o = parseArgs(process.argv.slice(2));
  if (!fs.existsSync(ZHFIND)) throw new Error(`${ZHFIND} missing: run ./build.sh (or bench/compare/run.sh)`);
  if (!fs.existsSync(path.join(WWW, 'pkg/zhfind_bg.wasm')) || !fs.existsSync(path.join(WWW, 'zh-search.js'))) throw new Error('www/pkg or www/zh-search.js is missing: run ./build.sh');
  if (o.queryList.length !== 50) say(`note: ${o.queryList.length} warm queries (not 50) in ${o.queries}`);
  const corpora = [];
  for (const name of o.corpora) corpora.push(await prepare(name, o));

  let browser = null;
  let version = null;
  if (o.browser) {
    let chromium;
    try {
      ({ chromium } = await import(path.join(HERE, 'node_modules/playwright-core/index.mjs')));
    } catch {
      throw new Error('playwright-core is missing: run `npm ci` in bench/compare (run.sh does)');
    }
    browser = await chromium.launch({ executablePath: CHROMIUM, headless: true, args: CHROMIUM_ARGS });
    version = browser.version();
  }
  const wasm = path.join(WWW, 'pkg/zhfind_bg.wasm');
  try {
    for (const c of corpora) {
      let m = { pagefind: {}, zhfind: {} };
      if (browser) {
        say(`${c.name}: browser runs (${o.cold} cold runs per tool, then ${o.queryList.length} warm queries) ...`);
        m = await measureCorpus(browser, c, o);
      }
      const doc = {
        date: new Date().toISOString(),
        corpus: { name: c.name, docs: c.docs, chars: c.chars },
        first_query: o.first,
        protocol: `${o.http2 ? 'HTTP/2 over TLS (127.0.0.1)' : 'HTTP/1.1 (127.0.0.1)'}${o.net ? `, emulated link ${o.net.rtt} ms round trip, ${o.net.kbps} kbit/s` : ''}`,
        chromium: version,
        host: { cpu: os.cpus()[0]?.model, cpus: os.cpus().length, loadavg: os.loadavg() },
        versions: { pagefind: pagefindVersion(), zhfind_git: gitRev(), zhfind_wasm_bytes: fs.statSync(wasm).size },
        zhfind: { build: c.builds.zhfind, disk: c.disk.zhfind, ...m.zhfind },
        pagefind: { build: c.builds.pagefind, disk: c.disk.pagefind, ...m.pagefind },
        first_ctrl_f: m.first_ctrl_f,
        queries: m.queries,
      };
      console.log(table(doc));
      if (!browser) continue; // --no-browser: keep the last full results
      fs.mkdirSync(RESULTS, { recursive: true });
      const file = path.join(RESULTS, `compare-${c.name}${o.http2 ? '-h2' : ''}${o.net ? `-net${o.net.rtt}-${o.net.kbps}` : ''}${o.tag ? `-${o.tag}` : ''}.json`);
      fs.writeFileSync(file, JSON.stringify(doc, null, 2));
      console.log(`wrote ${path.relative(process.cwd(), file)}`);
    }
  } finally {
    if (browser) await browser.close();
  }
}

main().catch((err) => { console.error(`compare.mjs: ${err.stack || err.message}`); process.exit(1); });
