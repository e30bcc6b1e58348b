// www/src/worker.js: zhfind search off the main thread (zh-search.js run as
// a worker by the widget, see main.js).
//
// Loads the wasm module (pkg/zhfind_bg.wasm next to zh-search.js; its
// wasm-bindgen glue is bundled in), the index manifest and, on demand, the
// index files each query needs; keeps one ZhIndex per build.
//
// Messages in:  {type:'open', indexUrl}            indexUrl: absolute URL of the index folder
//               {type:'search', q, limit, seq}      seq increases with every query sent
//               {type:'prime', q, limit, seq}       the reader is typing q: answer it at once
//                                                   when everything it needs is here, else load
//                                                   its dictionary entries now (see prime)
//               {type:'prefetch', limit}            fetch every index file (offline use), unless
//                                                   the index is larger than `limit` bytes
// Messages out: {type:'ready', docs, build, updated}   updated: a newer build replaced the old one
//               {type:'results', seq, query, total, took_ms, elapsed_ms, wasm_ms, hits, fetched,
//                unavailable, rounds, sent_at}  took_ms: ZhIndex.search alone (the ranking is
//                                  cached by then); wasm_ms: that and every
//                                  ZhIndex.missing call, which evaluates the query;
//                                  rounds: [{kinds, eval, wait}] per fetch round (the
//                                  kind letter of each resource, ms in missing(), ms
//                                  fetching), for bench/compare/probe.mjs; sent_at:
//                                  wall-clock ms when posted (what loads ahead is
//                                  requested after it: the benchmark's cut)
//               {type:'error', seq, message, fatal}  fatal: the index cannot be used at all
//               {type:'progress', done, files, bytes, totalBytes}   prefetch, files still to fetch
//               {type:'prefetched', files, bytes, fetched}          every file is here now
//               {type:'prefetch-skipped', reason, bytes}           reason: "size"
//               {type:'prefetch-failed', message}
//
// After the first answer, the dictionary heads and the record lengths load in
// the background (see loadAhead): later queries save round trips. A small
// index (one joined file of at most WHOLE_AHEAD bytes) loads whole instead:
// later queries make no requests at all.
//
// A query is answered when every file it needs is loaded:
//   while ((need = idx.missing(q, limit)).length) fetch and add_file each;
// then idx.search(q, limit). Queries superseded by a newer seq are dropped
// (as-you-type), but the files they fetched stay loaded for the next one.
// A resource is a path, or "path@START+LENGTH" for a byte range (fetched
// with an HTTP Range header; nearby ranges of one file share a request);
// names ending in .gz are gzip members: small ones are handed over as
// fetched (the wasm module inflates them; a DecompressionStream costs
// milliseconds of task hops per member), long postings lists are gunzipped
// with DecompressionStream first (native speed pays off there).
// `fetched` names the resources loaded since the last answer (the widget
// hands them to the service worker when they came before it took control).
//
// Versions: every data file lives under v/<build>/, and one ZhIndex only
// ever sees the files of its own build. When files of the build go missing
// (HTTP 404, or unreachable), the manifest is fetched again; if a new build
// was published, the index is reopened on it and the query runs again.
//
// Without a network: if some files a query needs cannot be fetched, the
// answer still comes, marked `unavailable`: {ranked:false} when the query
// could not be ranked at all (dictionary or postings missing), else the
// longest run of top hits whose documents are here, {ranked:true, shown};
// `files` names what could not be fetched.

import initWasm, { ZhIndex } from 'zhfind-glue'; // www/pkg/zhfind.js (see tools/bundle)
import { scriptUrl } from './script-url.js';

const BAKED = '__ZH_VERSION__'; // replaced by the build; the wasm always matches this file
const HERE = scriptUrl();
const V = BAKED.startsWith('__') ? new URL(HERE).search : `?v=${BAKED}`;
const PKG_WASM = new URL(`./pkg/zhfind_bg.wasm${V}`, HERE);

const GAP = 4096;        // ranges of one file closer than this are fetched together
const NATIVE_GUNZIP = 32768; // gzip members longer than this go through DecompressionStream
const PREFETCH_JOBS = 3; // parallel downloads of a prefetch (it yields to queries)
const AHEAD = 262144;    // bytes loaded ahead after the first answer (see loadAhead), at most
const WHOLE_AHEAD = 524288; // a joined index up to this size is loaded whole instead

let wasm = null;      // the wasm module
let base = null;      // URL of the index folder, ending in "/"
let opening = null;   // Promise<void> of the open
let state = null;     // the open build: {index, build, docs, loaded, inflight, whole, fresh}
let latest = 0;       // newest seq received
let searching = 0;    // queries in flight (a prefetch waits for them)
let refreshing = null;
let prefetching = null;

const post = (m) => self.postMessage(m);
const messageOf = (err) => (err && err.message) || String(err);
const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

/** An index file that could not be had: kind "network" (no answer at all),
 * "http" (status), or "corrupt". */
class LoadError extends Error {
  constructor(kind, message, status = 0) {
    super(message);
    this.kind = kind;
    this.status = status;
  }
}

/** Starts answering the widget's messages. */
export function workerMain() {
  self.onmessage = onMessage;
}

function onMessage(e) {
  const m = e.data || {};
  switch (m.type) {
    case 'open':
      opening = open(m.indexUrl);
      opening.catch((err) => post({ type: 'error', seq: 0, fatal: true, message: messageOf(err) }));
      break;
    case 'search':
      if (typeof m.seq === 'number' && m.seq > latest) latest = m.seq;
      search(String(m.q ?? ''), Math.max(1, m.limit | 0 || 10), m.seq);
      break;
    case 'prime':
      prime(String(m.q ?? '').trim(), Math.max(1, m.limit | 0 || 10), m.seq);
      break;
    case 'prefetch': {
      const limit = typeof m.limit === 'number' && m.limit > 0 ? m.limit : Infinity;
      if (!prefetching) prefetching = prefetch(limit).finally(() => { prefetching = null; });
      prefetching.catch((err) => post({ type: 'prefetch-failed', message: messageOf(err) }));
      break;
    }
    default:
  }
}

async function open(indexUrl) {
  base = new URL(indexUrl);
  if (!base.pathname.endsWith('/')) base.pathname += '/';
  const [mod, manifest] = await Promise.all([loadWasm(), loadManifest()]);
  wasm = mod;
  state = build(manifest);
  post({ type: 'ready', docs: state.docs, build: state.build });
}

/** A fresh ZhIndex on `manifest`, with nothing loaded. */
function build(manifest) {
  let index;
  try {
    index = new wasm.ZhIndex(manifest);
  } catch (err) {
    throw new Error(`索引无法使用：${messageOf(err)}`);
  }
  return {
    index,
    build: manifest.build ?? null,
    docs: manifest.docs ?? null,
    // a joined index (one data file): its size
    joinedBytes: manifest.joined ? String(manifest.joined).split(' ').reduce((n, b) => n + Number(b), 0) : null,
    loaded: new Set(),
    inflight: new Map(), // resource name -> Promise<void>
    whole: new Map(),    // path -> Uint8Array: a server ignored a Range header, or a joined index loaded whole
    fresh: [],           // loaded since the last answer
    warmed: false,       // what later queries need was sent for (loadAhead)
  };
}

async function loadWasm() {
  try {
    await initWasm({ module_or_path: fetch(PKG_WASM) });
  } catch (err) {
    throw new Error(`搜索模块加载失败（${messageOf(err)}）`);
  }
  return { ZhIndex };
}

async function loadManifest() {
  const url = new URL('manifest.json', base);
  let res;
  try {
    res = await fetch(url, { cache: 'no-cache' });
  } catch (err) {
    throw new Error(`网络不可用，无法获取 ${url.pathname}`);
  }
  if (!res.ok) {
    res.body?.cancel();
    throw new Error(`HTTP ${res.status}：${url.pathname}`);
  }
  let manifest;
  try {
    manifest = await res.json();
  } catch {
    throw new Error(`manifest.json 不是有效的 JSON`);
  }
  if (!manifest || manifest.format !== 'zhfind') throw new Error('manifest.json 不是 zhfind 索引');
  return manifest;
}

/** Fetches the manifest again; when it names another build, switches to it
 * (dropping everything of the old one). Resolves to whether it switched. */
function refresh() {
  if (!refreshing) {
    refreshing = (async () => {
      try {
        const manifest = await loadManifest();
        if (!state || (manifest.build ?? null) === state.build) return false;
        state = build(manifest);
        post({ type: 'ready', docs: state.docs, build: state.build, updated: true });
        return true;
      } catch {
        return false;
      } finally {
        refreshing = null;
      }
    })();
  }
  return refreshing;
}

// What ZhIndex.missing() names: a path relative to the index folder,
// optionally with a byte range, and ".gz" when the bytes are gzip:
//   v/1a2b3c4d/h/0000.bin@812+760.gz     bytes 812..1572, a gzip member (a dictionary pack's head)
//   v/1a2b3c4d/d/0001.bin@7312+1190.gz   bytes 7312..8502, a gzip member (a dictionary shard)
//   v/1a2b3c4d/p/0003.bin@81920+4410.gz  bytes 81920..86330, a gzip member
//   v/1a2b3c4d/f/0002.bin@40+8           bytes 40..48, as they are
//   v/1a2b3c4d/x/0000.bin.gz             a whole file, gzip (not used by format 6)
function parseResource(name) {
  const gzip = name.endsWith('.gz');
  const at = name.indexOf('@');
  if (at < 0) return { name, path: name, start: -1, len: 0, gzip };
  const m = /^(\d+)\+(\d+)(\.gz)?$/.exec(name.slice(at + 1));
  if (!m) throw new LoadError('corrupt', `无法识别的索引资源：${name}`);
  return { name, path: name.slice(0, at), start: Number(m[1]), len: Number(m[2]), gzip };
}

/** The kind letter of a resource of build `s`: h (dictionary heads), d
 * (dictionary), p (postings), f (fragments), l (record lengths); the index
 * knows (in a joined index every name is a range of v/<build>/data.bin). */
const kindOf = (s, name) => s.index.kind(name);

/** After the first answer, loads in the background what later queries need
 * (ZhIndex.ahead: the dictionary heads, then the record lengths; each saves
 * them a round trip), at most AHEAD bytes, or a small joined index whole
 * (loadWhole); not with Save-Data. A failure costs nothing: a query fetches
 * what it needs itself. */
function loadAhead(s) {
  if (s.warmed) return;
  s.warmed = true;
  if (self.navigator?.connection?.saveData) return;
  if (s.joinedBytes !== null && s.joinedBytes <= WHOLE_AHEAD) {
    loadWhole(s);
    return;
  }
  const heads = [];
  const rest = [];
  for (const n of s.index.ahead()) (kindOf(s, n) === 'h' ? heads : rest).push(n);
  const size = (names) => names.reduce((n, x) => n + parseResource(x).len, 0);
  let budget = AHEAD;
  for (const names of [heads, ...rest.map((n) => [n])]) {
    budget -= size(names);
    if (budget < 0) return;
    loadAll(s, names, 'low');
  }
}

/** Loads a small joined index whole, in the background: every later query
 * is answered from memory (fetchRange slices `s.whole`), with no round
 * trips. A failure costs nothing: queries fetch their ranges as before. */
function loadWhole(s) {
  const [path] = Array.from(s.index.all_files());
  if (s.whole.has(path)) return; // the server ignored a Range header: here already
  fetchWhole(path, 'low')
    .then((bytes) => keepWhole(s, path, [bytes]))
    .catch(() => {});
}

/** Keeps the joined file of build `s` (its `chunks`) if it is whole. */
function keepWhole(s, path, chunks) {
  const n = chunks.reduce((sum, c) => sum + c.byteLength, 0);
  if (n !== s.joinedBytes || s.whole.has(path)) return;
  const bytes = chunks.length === 1 ? chunks[0] : new Uint8Array(n);
  if (chunks.length > 1) {
    let at = 0;
    for (const c of chunks) {
      bytes.set(c, at);
      at += c.byteLength;
    }
  }
  s.whole.set(path, bytes);
}

/** Loads resources of build `s` (each once, even when several queries want
 * it), their requests with fetch `priority` ('low' for loading ahead: a
 * query's own requests go first). Resolves to a Map of the ones that
 * failed: name -> LoadError. */
async function loadAll(s, names, priority = 'auto') {
  const fresh = [];
  for (const n of names) if (!s.loaded.has(n) && !s.inflight.has(n)) fresh.push(parseResource(n));
  const byPath = new Map();
  for (const r of fresh) {
    if (r.start < 0) s.inflight.set(r.name, track(s, r, fetchWhole(r.path, priority)));
    else {
      if (!byPath.has(r.path)) byPath.set(r.path, []);
      byPath.get(r.path).push(r);
    }
  }
  // Nearby ranges of one file become one request.
  for (const [path, rs] of byPath) {
    rs.sort((a, b) => a.start - b.start);
    let span = null;
    const spans = [];
    for (const r of rs) {
      if (span && r.start <= span.end + GAP) {
        span.end = Math.max(span.end, r.start + r.len);
        span.items.push(r);
      } else {
        span = { start: r.start, end: r.start + r.len, items: [r] };
        spans.push(span);
      }
    }
    for (const sp of spans) {
      const bytes = fetchRange(s, path, sp.start, sp.end, priority);
      bytes.catch(() => {}); // reported through each item
      for (const r of sp.items) {
        s.inflight.set(r.name, track(s, r, bytes.then((b) => b.subarray(r.start - sp.start, r.start - sp.start + r.len))));
      }
    }
  }
  const failed = new Map();
  const settled = await Promise.allSettled(names.map((n) => s.inflight.get(n)));
  settled.forEach((x, i) => {
    if (x.status === 'rejected') failed.set(names[i], x.reason instanceof LoadError ? x.reason : new LoadError('corrupt', messageOf(x.reason)));
  });
  return failed;
}

/** Hands a fetched resource to its index once its bytes arrive. */
function track(s, r, bytesPromise) {
  return bytesPromise
    .then(async (bytes) => {
      if (r.gzip && bytes.length > NATIVE_GUNZIP) bytes = await gunzip(bytes, r.name);
      if (s !== state) return; // the index moved on to a newer build meanwhile
      try {
        s.index.add_file(r.name, bytes);
      } catch (err) {
        throw new LoadError('corrupt', `索引文件已损坏：${messageOf(err)}`);
      }
      s.loaded.add(r.name);
      s.fresh.push(r.name);
    })
    .finally(() => s.inflight.delete(r.name));
}

async function get(path, init) {
  const url = new URL(path, base);
  try {
    return await fetch(url, init);
  } catch {
    throw new LoadError('network', `网络不可用：${path}`);
  }
}

async function fetchWhole(path, priority = 'auto') {
  const res = await get(path, { priority });
  if (!res.ok) {
    res.body?.cancel();
    throw new LoadError('http', `HTTP ${res.status}：${path}`, res.status);
  }
  return new Uint8Array(await res.arrayBuffer());
}

/** Bytes [start, end) of a file, by an HTTP Range request. */
async function fetchRange(s, path, start, end, priority = 'auto') {
  if (s.whole.has(path)) return s.whole.get(path).subarray(start, end);
  const res = await get(path, { priority, headers: { Range: `bytes=${start}-${end - 1}` } });
  if (res.status === 206) {
    const m = /^bytes (\d+)-/.exec(res.headers.get('Content-Range') || '');
    if (m && Number(m[1]) !== start) throw new LoadError('corrupt', `服务器返回了错误的字节范围：${path}`);
    const b = new Uint8Array(await res.arrayBuffer());
    if (b.length < end - start) throw new LoadError('corrupt', `索引文件不完整：${path}`);
    return b.subarray(0, end - start);
  }
  if (res.ok) { // the server does not do ranges: keep the whole file for the next ones
    const all = new Uint8Array(await res.arrayBuffer());
    s.whole.set(path, all);
    if (all.length < end) throw new LoadError('corrupt', `索引文件不完整：${path}`);
    return all.subarray(start, end);
  }
  res.body?.cancel();
  throw new LoadError('http', `HTTP ${res.status}：${path}`, res.status);
}

/** Gunzips with the browser's DecompressionStream, unless a server already
 * undid the gzip (Content-Encoding). */
async function gunzip(bytes, name) {
  if (bytes.length < 2 || bytes[0] !== 0x1f || bytes[1] !== 0x8b) return bytes;
  try {
    const stream = new Blob([bytes]).stream().pipeThrough(new DecompressionStream('gzip'));
    return new Uint8Array(await new Response(stream).arrayBuffer());
  } catch {
    throw new LoadError('corrupt', `索引文件已损坏：${name}（gzip 数据无法解压）`);
  }
}

/** While the reader types, before the widget's debounce sends the query.
 * When everything `q` needs is here already (a small index loaded whole, a
 * word searched before, a letter deleted), it is answered at once, under
 * `seq`, as a search would be: a keystroke then costs the wasm's few ms,
 * not the debounce. Otherwise this loads the dictionary heads and shards `q`
 * needs (ZhIndex.missing_dictionary, the first of its rounds, evaluating
 * nothing), so that the search that follows starts at the postings: one
 * round trip less between the last keystroke and the results. Only those:
 * they are small, the postings of a half-typed word may not be. The search
 * reuses requests still in flight (loadAll); a failure costs nothing, the
 * search fetches what it needs. */
async function prime(q, limit, seq) {
  if (!q || !opening) return;
  try {
    await opening;
  } catch {
    return; // the widget shows the open's error
  }
  const s = state;
  if (!s || (typeof seq === 'number' && seq < latest)) return;
  let need;
  try {
    // Needed but in memory: a range of a joined index held whole (every
    // round's data is in that one file).
    const inMemory = (n) => s.joinedBytes !== null && s.whole.has(parseResource(n).path);
    if (typeof seq === 'number' && s.index.missing(q, limit).every(inMemory)) {
      latest = seq;
      search(q, limit, seq);
      return;
    }
    if (self.navigator?.connection?.saveData) return;
    need = Array.from(s.index.missing_dictionary(q) || []);
  } catch {
    return; // the search reports it
  }
  if (need.length) loadAll(s, need).catch(() => {});
}

/** serde-wasm-bindgen may hand maps back as Map objects; make plain data. */
function plain(v) {
  if (v instanceof Map) return Object.fromEntries([...v].map(([k, x]) => [k, plain(x)]));
  if (Array.isArray(v)) return v.map(plain);
  return v;
}

/** Loads what `q` needs from build `s`, round by round, as far as it can
 * (a file that could not be fetched is tried once more). Resolves to
 * {failed: Map name -> LoadError} of the files still needed that could not
 * be had (empty when all is here) and evalMs, the time spent in
 * ZhIndex.missing (which evaluates the query), or null when it was superseded
 * or the build changed meanwhile. */
async function gather(s, q, limit, seq) {
  const failed = new Map();
  const tries = new Map();
  let evalMs = 0; // in ZhIndex.missing: evaluating the query (once its lists are here)
  const rounds = [];
  for (let round = 0; ; round++) {
    if (seq !== latest || s !== state) return null;
    const t = performance.now();
    const need = Array.from(s.index.missing(q, limit) || []);
    const t1 = performance.now();
    evalMs += t1 - t;
    const todo = need.filter((n) => !failed.has(n));
    const r = { eval: t1 - t, kinds: todo.map((n) => kindOf(s, n)).join('') };
    rounds.push(r);
    if (!todo.length) return { failed: new Map(need.map((n) => [n, failed.get(n)])), evalMs, rounds };
    const again = todo.filter((p) => s.loaded.has(p));
    if (again.length || round > 64) {
      throw new Error(`索引文件不一致：${(again[0] ?? todo[0])} 已加载但仍被要求`);
    }
    const got = await loadAll(s, todo);
    r.wait = performance.now() - t1;
    for (const [n, err] of got) {
      if (err.kind === 'corrupt') throw err;
      tries.set(n, (tries.get(n) || 0) + 1);
      if (err.kind !== 'network' || tries.get(n) >= 2) failed.set(n, err);
    }
  }
}

async function search(q, limit, seq) {
  const t0 = performance.now();
  searching++;
  try {
    if (!opening) throw new Error('索引尚未打开');
    await opening;
    let retried = false;
    for (;;) {
      const s = state;
      const got = await gather(s, q, limit, seq);
      if (seq !== latest) return;
      if (!got) continue; // a newer build came in meanwhile: start over on it
      if (got.failed.size && !retried) {
        // Files of this build are gone or unreachable: was a new one published?
        retried = true;
        if (await refresh()) continue;
      }
      if (seq !== latest) return;
      if (s !== state) continue;
      const errs = [...got.failed.values()];
      if (errs.length && !errs.some((e) => e.kind === 'network')) throw errs[0];
      const t = performance.now();
      const r = errs.length ? available(s, q, limit, [...got.failed.keys()]) : { ...plain(s.index.search(q, limit)) };
      const wasm_ms = got.evalMs + performance.now() - t;
      const fetched = s.fresh.splice(0);
      post({ ...r, type: 'results', seq, elapsed_ms: performance.now() - t0, wasm_ms, fetched, rounds: got.rounds, sent_at: performance.timeOrigin + performance.now() });
      loadAhead(s);
      return;
    }
  } catch (err) {
    if (seq === latest) post({ type: 'error', seq, fatal: false, message: messageOf(err) });
  } finally {
    searching--;
  }
}

/** The best answer without the files that could not be fetched: the top
 * hits whose documents are here, if the query could be ranked at all. */
function available(s, q, limit, files) {
  const idx = s.index;
  const ranked = !Array.from(idx.missing(q, limit) || []).some((n) => /^[hdp]$/.test(kindOf(s, n)));
  let shown = 0;
  if (ranked) {
    for (let n = limit; n > 0; n--) {
      if (!idx.missing(q, n).length) { shown = n; break; }
    }
  }
  const r = shown ? plain(idx.search(q, shown)) : { query: q, total: null, took_ms: 0, hits: [] };
  return { ...r, unavailable: { reason: 'offline', ranked, shown, files } };
}

/** Every data file of the current build, with sizes when files.json (or,
 * for a joined index, the manifest) has them. */
async function fileList(s) {
  if (s.joinedBytes !== null) return Array.from(s.index.all_files()).map((path) => ({ path, bytes: s.joinedBytes }));
  try {
    const res = await fetch(new URL('files.json', base), { cache: 'no-cache' });
    if (res.ok) {
      const list = await res.json();
      const prefix = s.build ? `v/${s.build}/` : '';
      if (Array.isArray(list) && list.length && list.every((f) => f && typeof f.path === 'string' && f.path.startsWith(prefix))) {
        return list.map((f) => ({ path: f.path, bytes: Number(f.bytes) || 0 }));
      }
    }
  } catch { /* fall back to the manifest's list */ }
  return Array.from(s.index.all_files() || []).map((path) => ({ path, bytes: null }));
}

/** A whole file's response if a cache has it already (a service worker's), else null. */
async function cached(url) {
  try {
    return (self.caches && (await self.caches.match(url))) || null;
  } catch {
    return null;
  }
}

/** Downloads every file of the index that is not cached yet (the service
 * worker keeps them), for offline use; yields to queries. */
async function prefetch(limit) {
  await opening;
  const s = state;
  const files = await fileList(s);
  const sized = files.every((f) => f.bytes !== null);
  const totalBytes = sized ? files.reduce((n, f) => n + f.bytes, 0) : null;
  if (limit !== Infinity && (totalBytes === null || totalBytes > limit)) {
    post({ type: 'prefetch-skipped', reason: 'size', bytes: totalBytes });
    return;
  }
  const todo = [];
  for (const f of files) {
    const hit = await cached(new URL(f.path, base).href);
    if (!hit) todo.push(f);
    else if (s.joinedBytes === null || s.whole.has(f.path)) hit.body?.cancel();
    else { // a joined index saved earlier: keep it in memory too (see keepWhole)
      try {
        keepWhole(s, f.path, [new Uint8Array(await hit.arrayBuffer())]);
      } catch { /* queries fetch their ranges as before */ }
    }
  }
  const todoBytes = sized ? todo.reduce((n, f) => n + f.bytes, 0) : null;
  let done = 0;
  let bytes = 0;
  let told = 0;
  const progress = (force) => {
    const now = performance.now();
    if (!force && now - told < 100) return;
    told = now;
    post({ type: 'progress', done, files: todo.length, bytes, totalBytes: todoBytes });
  };
  if (todo.length) progress(true);
  let next = 0;
  const one = async () => {
    while (next < todo.length && s === state) {
      while (searching > 0) await sleep(100); // queries first
      const f = todo[next++];
      let res;
      for (let attempt = 0; ; attempt++) {
        try {
          res = await get(f.path);
          break;
        } catch (err) {
          if (attempt >= 2) throw err;
          await sleep(1000 * (attempt + 1));
        }
      }
      if (!res.ok) {
        res.body?.cancel();
        throw new LoadError('http', `HTTP ${res.status}：${f.path}`, res.status);
      }
      // Read as it comes, so that one large file (a joined index) shows progress too.
      // A joined index (16 MiB at most) is also kept: later queries need no requests.
      const keep = s.joinedBytes !== null ? [] : null;
      const reader = res.body.getReader();
      for (;;) {
        const { done: end, value } = await reader.read();
        if (end) break;
        bytes += value.byteLength;
        keep?.push(value);
        progress(false);
      }
      if (keep) keepWhole(s, f.path, keep);
      done++;
      progress(done === todo.length);
    }
  };
  try {
    await Promise.all(Array.from({ length: PREFETCH_JOBS }, one));
  } catch (err) {
    if (err instanceof LoadError && err.kind === 'http' && (await refresh())) return prefetch(limit);
    throw err;
  }
  if (s !== state) return prefetch(limit); // a new build came in: fetch that one
  post({ type: 'prefetched', files: files.length, bytes: totalBytes, fetched: todo.length });
}
