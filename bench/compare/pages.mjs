// bench/compare/pages.mjs: the two bare benchmark pages served under /bench/
// (compare.mjs, probe.mjs). Each exposes window.__first (the first query,
// taken from ?q=, resolving to {t, wall, total, hits}) and window.__search(q)
// ({ms, total, hits}); the zhfind page also reports took_ms and elapsed_ms,
// and has window.__typed(q, prime, debounce) (see there; probe.mjs --typed).

export const PF_PAGE = `<!doctype html><html lang="zh-CN"><meta charset="utf-8"><link rel="icon" href="data:,"><title>Pagefind</title>
<script type="module">
const q = new URLSearchParams(location.search).get('q');
let pagefind;
async function run(q) {
  const s = await pagefind.search(q);
  const data = await Promise.all(s.results.slice(0, 10).map((r) => r.data()));
  return { total: s.results.length, hits: data.map((d) => ({ url: d.url, title: d.meta && d.meta.title, excerpt: d.excerpt })) };
}
window.__first = (async () => {
  pagefind = await import('/pagefind/pagefind.js');
  await pagefind.init();
  const r = await run(q);
  const t = performance.now();
  return { t, wall: performance.timeOrigin + t, ...r };
})();
window.__search = async (q) => {
  const t0 = performance.now();
  const r = await run(q);
  return { ms: performance.now() - t0, ...r };
};
</script>`;

/** The last server-log time (ms, wall clock) of a first query's requests,
 * from a page's window.__first: when the worker posted its results where
 * it says (what it loads ahead is requested after), else 1 ms after the
 * page had them (the page's time is taken after its last request). */
export const firstCut = (first) => first.wall + (first.exact ? 0 : 1);

export const ZH_PAGE = `<!doctype html><html lang="zh-CN"><meta charset="utf-8"><link rel="icon" href="data:,"><title>zhfind</title>
<script type="module">
const q = new URLSearchParams(location.search).get('q');
const w = new Worker('/zh/zh-search.js'); // the search worker (zh-search.js run as one)
const waiting = new Map();
let seq = 0;
w.onmessage = (e) => {
  const m = e.data || {};
  if (m.type === 'results' || m.type === 'error') {
    const t = performance.now();
    if (m.type === 'error' && m.fatal) { for (const [, p] of waiting) p.reject(new Error(m.message)); waiting.clear(); return; }
    const p = waiting.get(m.seq);
    if (!p) return;
    waiting.delete(m.seq);
    if (m.type === 'error') p.reject(new Error(m.message)); else p.resolve({ t, m });
  }
};
w.onerror = (e) => { for (const [, p] of waiting) p.reject(new Error('worker error: ' + (e.message || e))); waiting.clear(); };
function run(q) {
  const s = ++seq;
  return new Promise((resolve, reject) => {
    waiting.set(s, { resolve, reject });
    w.postMessage({ type: 'search', q, limit: 10, seq: s });
  });
}
const pack = (m) => ({ total: m.total, took_ms: m.took_ms, wasm_ms: m.wasm_ms, elapsed_ms: m.elapsed_ms, rounds: m.rounds, hits: (m.hits || []).map((h) => ({ url: h.url, title: h.title, excerpt: h.snippet })) });
w.postMessage({ type: 'open', indexUrl: new URL('/zh/index/', location.href).href });
// wall: when the worker posted the results (exact: it loads ahead right
// after, and those requests are not the first query's), else when they
// arrived here.
window.__first = run(q).then(({ t, m }) => ({ t, wall: Math.min(m.sent_at ?? Infinity, performance.timeOrigin + t), exact: m.sent_at != null, ...pack(m) }));
window.__search = async (q) => {
  const t0 = performance.now();
  const { t, m } = await run(q);
  return { ms: t - t0, ...pack(m) };
};
// As the widget does with a keystroke: tells the worker at once ('prime', if
// asked), which answers at once when it has all the query needs (primed:
// true), else sends the search after the debounce; ms from the key to the
// results.
window.__typed = async (q, prime, debounce) => {
  const t0 = performance.now();
  let early = null;
  let id = 0;
  if (prime) {
    id = ++seq;
    early = new Promise((resolve, reject) => waiting.set(id, { resolve, reject }));
    w.postMessage({ type: 'prime', q, limit: 10, seq: id });
  }
  const pause = new Promise((r) => setTimeout(() => r(null), debounce));
  const got = await (early ? Promise.race([early, pause]) : pause);
  if (got) return { ms: got.t - t0, primed: true, ...pack(got.m) };
  waiting.delete(id);
  const { t, m } = await run(q);
  return { ms: t - t0, primed: false, ...pack(m) };
};
</script>`;
