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
// A resource is a path, or "path@START+LENGTH" for a byte range (fetched
// with an HTTP Range header; nearby ranges of one file share a request);
// names ending in .gz are gunzipped with DecompressionStream before add_file.

const V = new URL(import.meta.url).search; // "?v=..." when the site is versioned
const PKG_JS = new URL(`./pkg/zhfind.js${V}`, import.meta.url);
const PKG_WASM = new URL(`./pkg/zhfind_bg.wasm${V}`, import.meta.url);

let index = null;     // ZhIndex
let base = null;      // URL of the index folder, ending in "/"
let opening = null;   // Promise<void> of the open
let latest = 0;       // newest seq received
const loaded = new Set();
const inflight = new Map(); // resource name -> Promise<void>

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

// What ZhIndex.missing() names: a path relative to the index folder,
// optionally with a byte range, and ".gz" when the bytes are gzip:
//   v/1a2b3c4d/d/0012.bin.gz             whole file, gunzip
//   v/1a2b3c4d/p/0003.bin@81920+4410.gz  bytes 81920..86330, a gzip member
//   v/1a2b3c4d/f/0002.bin@40+8           bytes 40..48, as they are
function parseResource(name) {
  const gzip = name.endsWith('.gz');
  const at = name.indexOf('@');
  if (at < 0) return { name, path: name, start: -1, len: 0, gzip };
  const m = /^(\d+)\+(\d+)(\.gz)?$/.exec(name.slice(at + 1));
  if (!m) throw new Error(`无法识别的索引资源：${name}`);
  return { name, path: name.slice(0, at), start: Number(m[1]), len: Number(m[2]), gzip };
}

const GAP = 4096;          // ranges of one file closer than this are fetched together
const whole = new Map();   // path -> Uint8Array, when a server ignored a Range header

/** Loads resources (each once, even when several queries want it). */
async function loadAll(names) {
  const fresh = [];
  for (const n of names) if (!loaded.has(n) && !inflight.has(n)) fresh.push(parseResource(n));
  const byPath = new Map();
  for (const r of fresh) {
    if (r.start < 0) inflight.set(r.name, track(r, fetchWhole(r.path)));
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
      const bytes = fetchRange(path, sp.start, sp.end);
      bytes.catch(() => {}); // reported through each item
      for (const r of sp.items) {
        inflight.set(r.name, track(r, bytes.then((b) => b.subarray(r.start - sp.start, r.start - sp.start + r.len))));
      }
    }
  }
  await Promise.all(names.map((n) => inflight.get(n)));
}

/** Hands a fetched resource to the index once its bytes arrive. */
function track(r, bytesPromise) {
  return bytesPromise
    .then(async (bytes) => {
      if (r.gzip) bytes = await gunzip(bytes, r.name);
      try {
        index.add_file(r.name, bytes);
      } catch (err) {
        throw new Error(`索引文件已损坏：${messageOf(err)}`);
      }
      loaded.add(r.name);
    })
    .finally(() => inflight.delete(r.name));
}

async function get(path, init) {
  const url = new URL(path, base);
  try {
    return await fetch(url, init);
  } catch {
    throw new Error(`网络错误：${path}`);
  }
}

async function fetchWhole(path) {
  const res = await get(path);
  if (!res.ok) throw new Error(`HTTP ${res.status}：${path}`);
  return new Uint8Array(await res.arrayBuffer());
}

/** Bytes [start, end) of a file, by an HTTP Range request. */
async function fetchRange(path, start, end) {
  if (whole.has(path)) return whole.get(path).subarray(start, end);
  const res = await get(path, { headers: { Range: `bytes=${start}-${end - 1}` } });
  if (res.status === 206) {
    const m = /^bytes (\d+)-/.exec(res.headers.get('Content-Range') || '');
    if (m && Number(m[1]) !== start) throw new Error(`服务器返回了错误的字节范围：${path}`);
    const b = new Uint8Array(await res.arrayBuffer());
    if (b.length < end - start) throw new Error(`索引文件不完整：${path}`);
    return b.subarray(0, end - start);
  }
  if (res.ok) { // the server does not do ranges: keep the whole file for the next ones
    const all = new Uint8Array(await res.arrayBuffer());
    whole.set(path, all);
    if (all.length < end) throw new Error(`索引文件不完整：${path}`);
    return all.subarray(start, end);
  }
  throw new Error(`HTTP ${res.status}：${path}`);
}

/** Gunzips, unless a server already undid the gzip (Content-Encoding). */
async function gunzip(bytes, name) {
  if (bytes.length < 2 || bytes[0] !== 0x1f || bytes[1] !== 0x8b) return bytes;
  try {
    const stream = new Blob([bytes]).stream().pipeThrough(new DecompressionStream('gzip'));
    return new Uint8Array(await new Response(stream).arrayBuffer());
  } catch {
    throw new Error(`索引文件已损坏：${name}（gzip 数据无法解压）`);
  }
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
      await loadAll(need);
    }
    if (seq !== latest) return;
    const r = plain(index.search(q, limit));
    post({ ...r, type: 'results', seq, elapsed_ms: performance.now() - t0 });
  } catch (err) {
    if (seq === latest) post({ type: 'error', seq, fatal: false, message: messageOf(err) });
  }
}

/** Downloads every file of the index once (a service worker or the HTTP
 * cache keeps them), for offline use. */
async function prefetch() {
  await opening;
  const files = Array.from(index.all_files() || []);
  let next = 0;
  const one = async () => {
    while (next < files.length) {
      const path = files[next++];
      const res = await get(path);
      if (!res.ok) throw new Error(`HTTP ${res.status}：${path}`);
      await res.arrayBuffer();
    }
  };
  await Promise.all(Array.from({ length: 6 }, one));
  post({ type: 'prefetched', files: files.length });
}
