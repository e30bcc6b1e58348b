// Shared helpers of the browser tests and the benchmark: find the CLI, build
// a small site (index + article pages + widget), launch Debian's chromium.
import fs from 'node:fs';
import path from 'node:path';
import os from 'node:os';
import { execFileSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';

export const HERE = path.dirname(fileURLToPath(import.meta.url));
export const ROOT = path.resolve(HERE, '../..');
export const WWW = path.join(ROOT, 'www');
/** Where tests build their sites and leave screenshots ($ZH_ARTIFACTS keeps
 * runs that share a checkout apart). */
export const ARTIFACTS = process.env.ZH_ARTIFACTS ? path.resolve(process.env.ZH_ARTIFACTS) : path.join(HERE, 'artifacts');
export const CHROMIUM = process.env.CHROMIUM || '/usr/bin/chromium';
/** The wasm package the sites get: www/pkg, or $ZH_PKG (another build of it). */
export const PKG = process.env.ZH_PKG ? path.resolve(process.env.ZH_PKG) : path.join(WWW, 'pkg');

/** The zhfind binary: $ZHFIND, else target/release, else target/debug. */
export function zhfindBin() {
  const cands = [process.env.ZHFIND, path.join(ROOT, 'target/release/zhfind'), path.join(ROOT, 'target/debug/zhfind')];
  for (const c of cands) if (c && fs.existsSync(c)) return c;
  throw new Error('zhfind binary not found: run ./build.sh first (or set ZHFIND)');
}

export function zhfind(args, opts = {}) {
  return execFileSync(zhfindBin(), args, { encoding: 'utf8', maxBuffer: 64 << 20, stdio: ['ignore', 'pipe', 'pipe'], ...opts });
}

/** Is the real wasm package built (www/pkg or $ZH_PKG)? ZH_FAKE=1 forces the fake one. */
export function useFake() {
  if (process.env.ZH_FAKE === '1') return true;
  return !fs.existsSync(path.join(PKG, 'zhfind.js'));
}

function copy(from, to) {
  fs.mkdirSync(path.dirname(to), { recursive: true });
  fs.cpSync(from, to, { recursive: true });
}

/** Bundles zh-search.js (tools/bundle/bundle.mjs) with the glue of the real
 * wasm package (PKG) or the fake one into `out`. */
function bundle(out, fake) {
  const glue = fake ? path.join(HERE, 'fake/pkg/zhfind.js') : path.join(PKG, 'zhfind.js');
  fs.mkdirSync(path.dirname(out), { recursive: true });
  execFileSync(process.execPath, [path.join(ROOT, 'tools/bundle/bundle.mjs'), '--glue', glue, '--out', out], { stdio: ['ignore', 'ignore', 'inherit'] });
}

/** Copies a text file, replacing the version placeholder. */
function copyVersioned(from, to, version) {
  fs.mkdirSync(path.dirname(to), { recursive: true });
  fs.writeFileSync(to, fs.readFileSync(from, 'utf8').replaceAll('__ZH_VERSION__', version));
}

/** The test corpus: the first `lines` articles of pd1998 plus the crafted fixture. */
export function testCorpus(out, lines = 1500) {
  const pd = process.env.ZH_PD1998 || path.join(ROOT, '.cache/corpus/pd1998.jsonl');
  if (!fs.existsSync(pd)) throw new Error(`${pd} missing: run ./build.sh (it fetches the corpus)`);
  const head = fs.readFileSync(pd, 'utf8').split('\n').slice(0, lines).join('\n') + '\n';
  const crafted = fs.readFileSync(path.join(HERE, 'fixtures/crafted.jsonl'), 'utf8');
  fs.mkdirSync(path.dirname(out), { recursive: true });
  fs.writeFileSync(out, head + crafted);
  return out;
}

/**
 * Builds a site into `dir`: index/ (zhfind build, or the fake index),
 * articles/ and index.html (zhfind pages), zh-search.js and pkg/. With
 * `join: false` the index keeps its packs apart (zhfind build --join-mib 0),
 * as a large archive's are; else a small one is one data file.
 */
export async function buildSite(dir, inputs, { fake = useFake(), home = 'home.html', version = 'test', join = true } = {}) {
  fs.rmSync(dir, { recursive: true, force: true });
  fs.mkdirSync(dir, { recursive: true });
  if (fake) {
    const { makeFakeIndex } = await import('./fake/make-index.mjs');
    makeFakeIndex(path.join(dir, 'index'), inputs);
    // The fake ZhIndex needs no wasm, but the service worker precaches one.
    fs.mkdirSync(path.join(dir, 'pkg'), { recursive: true });
    fs.writeFileSync(path.join(dir, 'pkg', 'zhfind_bg.wasm'), '');
  } else {
    zhfind(['build', '--out', path.join(dir, 'index'), '--url-template', 'articles/{id}.html', ...(join ? [] : ['--join-mib', '0']), ...inputs]);
    copy(path.join(PKG, 'zhfind_bg.wasm'), path.join(dir, 'pkg', 'zhfind_bg.wasm'));
  }
  const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'zh-tpl-'));
  copyVersioned(path.join(WWW, home), path.join(tmp, 'home.html'), version);
  copyVersioned(path.join(WWW, 'article.html'), path.join(tmp, 'article.html'), version);
  zhfind(['pages', '--out', dir, '--url-template', 'articles/{id}.html', '--template', path.join(tmp, 'article.html'), '--home', path.join(tmp, 'home.html'), ...inputs]);
  const script = path.join(tmp, 'zh-search.js');
  bundle(script, fake);
  copyVersioned(script, path.join(dir, 'zh-search.js'), version);
  copyVersioned(path.join(WWW, 'site.css'), path.join(dir, 'site.css'), version);
  fs.rmSync(tmp, { recursive: true, force: true });
  return dir;
}

export const CHROMIUM_ARGS = [
  '--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
  '--disable-background-networking', '--disable-component-update', '--disable-sync',
];

/** Launches Debian's chromium through playwright-core with a fresh profile. */
export async function launch() {
  const { chromium } = await import('playwright-core');
  const userDataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'zh-chromium-'));
  const context = await chromium.launchPersistentContext(userDataDir, {
    executablePath: CHROMIUM,
    headless: true,
    args: CHROMIUM_ARGS,
    viewport: { width: 1280, height: 900 },
    locale: 'zh-CN',
  });
  const close = async () => {
    await context.close().catch(() => {});
    fs.rmSync(userDataDir, { recursive: true, force: true });
  };
  return { context, close };
}

/** Fills `q` into the page's <zh-search> (all at once) and waits until its
 * answer (results or an error, as the page's window.__zh records them) is
 * shown: `idle(page)` resolves when the widget is idle. */
export async function fillQuery(page, q, idle) {
  await idle(page);
  await page.evaluate(() => { window.__zh.results = []; window.__zh.errors = []; });
  await page.locator('zh-search input').fill(q);
  await page.waitForFunction(() => window.__zh.results.length || window.__zh.errors.length);
  await idle(page);
}
