// zh-search-worker.js: zhfind search off the main thread (a module worker).
//
// Loads the wasm module (pkg/ next to this file), the index manifest and, on
// demand, the index files each query needs; keeps one ZhIndex.
//
// Messages in:  {type:'open', indexUrl}            indexUrl: absolute URL of the index folder
//               {type:'search', q, limit, seq}      seq increases with every query sent
//               {type:'prefetch'}                   fetch every index file (offline use)
// Messages out: {type:'ready', docs, build}
//               {type:'results', seq, query, total, took_ms, elapsed_ms, hits}
//               {type:'error', seq, message, fatal}  fatal: the index cannot be used at all
//               {type:'prefetched', files}
//
// A query is answered when every file it needs is loaded:
//   while ((need = idx.missing(q, limit)).length) fetch and add_file each;
// then idx.search(q, limit). Queries superseded by a newer seq are dropped
// (as-you-type), but the files they fetched stay loaded for the next one.
// Paths ending in .gz are gunzipped with DecompressionStream before add_file.

const V = new URL(import.meta.url).search; // "?v=..." when the site is versioned
const PKG_JS = new URL(`./pkg/zhfind.js${V}`, import.meta.url);
const PKG_WASM = new URL(`./pkg/zhfind_bg.wasm${V}`, import.meta.url);

let index = null;     // ZhIndex
let base = null;      // URL of the index folder, ending in "/"
let opening = null;   // Promise<void> of the open
let latest = 0;       // newest seq received
const loaded = new Set();
const inflight = new Map(); // path -> Promise<void>

const post = (m) => self.postMessage(m);
const messageOf = (err) => (err && err.message) || String(err);

self.onmessage = (e) => {
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
    case 'prefetch':
      prefetch().catch((err) => post({ type: 'error', seq: 0, fatal: false, message: messageOf(err) }));
      break;
    default:
  }
};

async function open(indexUrl) {
  base = new URL(indexUrl);
  if (!base.pathname.endsWith('/')) base.pathname += '/';
  const [wasm, manifest] = await Promise.all([loadWasm(), loadManifest()]);
  try {
    index = new wasm.ZhIndex(manifest);
  } catch (err) {
    throw new Error(`索引无法使用：${messageOf(err)}`);
  }
  post({ type: 'ready', docs: manifest.docs ?? null, build: manifest.build ?? null });
}

async function loadWasm() {
  let mod;
  try {
    mod = await import(PKG_JS.href);
    await mod.default({ module_or_path: PKG_WASM });
  } catch (err) {
    throw new Error(`搜索模块加载失败（${messageOf(err)}）`);
  }
  return mod;
}

async function loadManifest() {
  const url = new URL('manifest.json', base);
  let res;
  try {
    res = await fetch(url, { cache: 'no-cache' });
  } catch (err) {
    throw new Error(`网络错误：${url.pathname}`);
  }
  if (!res.ok) throw new Error(`HTTP ${res.status}：${url.pathname}`);
  let manifest;
  try {
    manifest = await res.json();
  } catch {
    throw new Error(`manifest.json 不是有效的 JSON`);
  }
  if (!manifest || manifest.format !== 'zhfind') throw new Error('manifest.json 不是 zhfind 索引');
  return manifest;
}

/** Fetches one index file (once, even when several queries want it). */
function load(path) {
  if (loaded.has(path)) return Promise.resolve();
  let p = inflight.get(path);
  if (!p) {
    p = fetchBytes(path)
      .then((bytes) => {
        try {
          index.add_file(path, bytes);
        } catch (err) {
          throw new Error(`索引文件已损坏：${messageOf(err)}`);
        }
        loaded.add(path);
      })
      .finally(() => inflight.delete(path));
    inflight.set(path, p);
  }
  return p;
}

async function fetchBytes(path) {
  const url = new URL(path, base);
  let res;
  try {
    res = await fetch(url);
  } catch {
    throw new Error(`网络错误：${path}`);
  }
  if (!res.ok) throw new Error(`HTTP ${res.status}：${path}`);
  let bytes = new Uint8Array(await res.arrayBuffer());
  // A server may already have undone the gzip (Content-Encoding: gzip), so
  // only gunzip what still starts with the gzip magic bytes.
  if (path.endsWith('.gz') && bytes.length >= 2 && bytes[0] === 0x1f && bytes[1] === 0x8b) {
    try {
      const stream = new Blob([bytes]).stream().pipeThrough(new DecompressionStream('gzip'));
      bytes = new Uint8Array(await new Response(stream).arrayBuffer());
    } catch {
      throw new Error(`索引文件已损坏：${path}（gzip 数据无法解压）`);
    }
  }
  return bytes;
}

/** serde-wasm-bindgen may hand maps back as Map objects; make plain data. */
function plain(v) {
  if (v instanceof Map) return Object.fromEntries([...v].map(([k, x]) => [k, plain(x)]));
  if (Array.isArray(v)) return v.map(plain);
  return v;
}

async function search(q, limit, seq) {
  const t0 = performance.now();
  try {
    if (!opening) throw new Error('索引尚未打开');
    await opening;
    for (let round = 0; ; round++) {
      if (seq !== latest) return; // superseded
      const need = Array.from(index.missing(q, limit) || []);
      if (!need.length) break;
      const again = need.filter((p) => loaded.has(p));
      if (again.length || round > 64) {
        throw new Error(`索引文件不一致：${(again[0] ?? need[0])} 已加载但仍被要求`);
      }
      await Promise.all(need.map(load));
    }
    if (seq !== latest) return;
    const r = plain(index.search(q, limit));
    post({ ...r, type: 'results', seq, elapsed_ms: performance.now() - t0 });
  } catch (err) {
    if (seq === latest) post({ type: 'error', seq, fatal: false, message: messageOf(err) });
  }
}

async function prefetch() {
  await opening;
  const files = Array.from(index.all_files() || []);
  await Promise.all(files.map(load));
  post({ type: 'prefetched', files: files.length });
}
