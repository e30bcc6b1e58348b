// A small static file server for bench/compare: serves a site folder plus
// mounted folders on 127.0.0.1, answers single HTTP Range requests with 206,
// and logs every request (path, status, bytes actually written, range).
//
//   import { serve } from './server.mjs';
//   const srv = await serve({ root, mounts: { '/zh/index/': dir, '/zh/': www } });
//   srv.url          // http://127.0.0.1:PORT/
//   srv.log          // [{ t, url, path, file, status, range: [a, b] | null, size, sent, done }]
//   srv.log.length = 0 to start a new measurement; await srv.close()
//   serve({ ..., tls: { key, cert } })   HTTP/2 over TLS (HTTP/1.1 still offered);
//                                        selfSignedCert(dir) makes a key + cert
//   serve({ ..., net: { rtt, kbps } })   a phone's link: each response waits one
//                                        round trip (rtt ms), and all responses
//                                        share one link of kbps kbit/s, first
//                                        come first served, at their wire size
//                                        (wireBytes: what a compressing server
//                                        would send)
//
// Rules, chosen so that byte counts are exact and nothing is transformed:
// - MIME types by extension, .wasm is application/wasm;
// - files are sent as stored: `*.gz` as application/gzip WITHOUT
//   Content-Encoding (zhfind's worker gunzips them itself), Pagefind's
//   `*.pf_*` and `wasm.*.pagefind` (already gzip'd) as octet-stream;
// - no on-the-fly compression at all;
// - `Range: bytes=a-b`, `bytes=a-`, `bytes=-n` give 206 + Content-Range;
//   an unsatisfiable range gives 416; several ranges get the whole file (200);
// - Cache-Control: no-cache and no validators: a file a page asks for twice is
//   sent twice (both tools keep what they loaded in memory, so they do not).
import http from 'node:http';
import http2 from 'node:http2';
import fs from 'node:fs';
import path from 'node:path';
import zlib from 'node:zlib';
import { execFileSync } from 'node:child_process';

const TYPES = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json; charset=utf-8',
  '.wasm': 'application/wasm',
  '.gz': 'application/gzip',
  '.bin': 'application/octet-stream',
  '.pagefind': 'application/octet-stream',
  '.txt': 'text/plain; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.ico': 'image/x-icon',
};

export function mimeOf(file) {
  const ext = path.extname(file).toLowerCase();
  if (ext.startsWith('.pf_')) return 'application/octet-stream';
  return TYPES[ext] || 'application/octet-stream';
}

function resolveIn(root, urlPath) {
  const p = path.resolve(root, '.' + path.posix.normalize('/' + urlPath));
  return p === root || p.startsWith(root + path.sep) ? p : null;
}

/** Parses a Range header against a file size: [start, end] inclusive, 'multi', 'bad' or null. */
export function parseRange(header, size) {
  if (!header) return null;
  const m = /^bytes=(.*)$/.exec(header.trim());
  if (!m) return null; // unknown unit: ignore, send the whole file
  const specs = m[1].split(',').map((s) => s.trim()).filter(Boolean);
  if (specs.length !== 1) return specs.length ? 'multi' : 'bad';
  const r = /^(\d*)-(\d*)$/.exec(specs[0]);
  if (!r || (r[1] === '' && r[2] === '')) return 'bad';
  let start;
  let end;
  if (r[1] === '') { // suffix: the last n bytes
    const n = Number(r[2]);
    if (n === 0) return 'bad';
    start = Math.max(0, size - n);
    end = size - 1;
  } else {
    start = Number(r[1]);
    end = r[2] === '' ? size - 1 : Math.min(Number(r[2]), size - 1);
    if (r[2] !== '' && Number(r[2]) < start) return 'bad';
  }
  if (start >= size || size === 0) return 'bad';
  return [start, end];
}

// Files are kept in memory after their first request (up to CACHE_LIMIT in
// all), so that what the browser waits for is the tools, not this server's disk
// reads: with both tools on 2 shared cores, a read stream per small range
// request cost up to tens of ms.
const CACHE_LIMIT = 2 << 30;
const memory = new Map(); // file -> { mtimeMs, size, bytes }
let memoryBytes = 0;
/** Whether `kept` (a copy or descriptor taken earlier) is of the file as `stat` sees it now. */
const current = (kept, stat) => !!kept && kept.mtimeMs === stat.mtimeMs && kept.size === stat.size;
function cached(file, stat) {
  const m = memory.get(file);
  if (current(m, stat)) return m.bytes;
  if (memoryBytes + stat.size > CACHE_LIMIT) return null;
  const bytes = fs.readFileSync(file);
  if (m) memoryBytes -= m.bytes.length;
  memory.set(file, { mtimeMs: stat.mtimeMs, size: stat.size, bytes });
  memoryBytes += bytes.length;
  return bytes;
}

// Range requests read just their bytes (pread on a descriptor kept open),
// not the whole file: zhfind's packs are megabytes, and reading one whole on
// its first range cost ms per request that no real server spends.
const fds = new Map(); // file -> { fd, mtimeMs, size }
function readRange(file, stat, start, end) {
  const m = memory.get(file);
  if (current(m, stat)) return m.bytes.subarray(start, end);
  let f = fds.get(file);
  if (f && !current(f, stat)) {
    fs.closeSync(f.fd);
    f = null;
  }
  if (!f) {
    f = { fd: fs.openSync(file, 'r'), mtimeMs: stat.mtimeMs, size: stat.size };
    fds.set(file, f);
  }
  const buf = Buffer.allocUnsafe(end - start);
  let off = 0;
  while (off < buf.length) {
    const n = fs.readSync(f.fd, buf, off, buf.length - off, start + off);
    if (n === 0) throw new Error(`${file}: short read`);
    off += n;
  }
  return buf;
}

/** A self-signed certificate for 127.0.0.1 (openssl), cached in `dir`. */
export function selfSignedCert(dir) {
  const key = path.join(dir, 'key.pem');
  const cert = path.join(dir, 'cert.pem');
  if (!fs.existsSync(key) || !fs.existsSync(cert)) {
    fs.mkdirSync(dir, { recursive: true });
    execFileSync('openssl', ['req', '-x509', '-newkey', 'rsa:2048', '-nodes', '-keyout', key, '-out', cert, '-days', '3650',
      '-subj', '/CN=127.0.0.1', '-addext', 'subjectAltName=IP:127.0.0.1'], { stdio: 'ignore' });
  }
  return { key: fs.readFileSync(key), cert: fs.readFileSync(cert) };
}

/** `RTT:KBPS` (e.g. `150:1600`) as the `net` option of `serve`. */
export function parseNet(arg) {
  const m = /^(\d+):(\d+)$/.exec(arg);
  if (!m) throw new Error(`a link is RTT_MS:KBIT_S, e.g. 150:1600 (not ${arg})`);
  return { rtt: Number(m[1]), kbps: Number(m[2]) };
}

const gzCache = new Map();

/** The bytes a real server would send for a logged response: a range as it
 * is (servers do not compress 206 responses), a whole file at its gzip -9
 * size unless it is gzip already. */
export function wireBytes(entry) {
  if (entry.status === 206) return entry.done ? entry.sent : entry.range[1] - entry.range[0] + 1;
  if (entry.status !== 200) return 0;
  if (!gzCache.has(entry.file)) {
    const b = fs.readFileSync(entry.file);
    gzCache.set(entry.file, b.length >= 2 && b[0] === 0x1f && b[1] === 0x8b ? b.length : zlib.gzipSync(b, { level: 9 }).length);
  }
  return gzCache.get(entry.file);
}

export function serve({ root, mounts = {}, host = '127.0.0.1', port = 0, tls = null, net = null }) {
  root = path.resolve(root);
  // Longest prefix first, so '/zh/index/' wins over '/zh/'.
  const mountList = Object.entries(mounts).map(([p, d]) => [p, path.resolve(d)]).sort((a, b) => b[0].length - a[0].length);
  const log = [];
  let linkFree = 0; // when the emulated link (net) has sent what it was given
  const handler = (req, res) => {
    if (!net) return respond(req, res);
    // Answer once the request's round trip is over and the link has carried
    // this response after those before it.
    const t = Date.now();
    const entry = respond(req, res, true);
    const start = Math.max(t + net.rtt, linkFree);
    linkFree = start + (wireBytes(entry) * 8) / net.kbps;
    entry.net_wait = linkFree - t;
    setTimeout(entry.send, linkFree - t);
  };
  /** Handles one request; with `deferred`, returns its log entry with a
   * `send()` that writes the response, instead of writing it now. */
  const respond = (req, res, deferred = false) => {
    const entry = { t: performance.timeOrigin + performance.now(), http: req.httpVersion, url: req.url, path: '', file: null, status: 0, range: null, size: 0, sent: 0, done: false };
    entry.send = plan(req, res, entry);
    if (!deferred) entry.send();
    return entry;
  };
  /** Fills in `entry` for `req` and returns what writes its response. */
  const plan = (req, res, entry) => {
    try {
      entry.path = decodeURIComponent(new URL(req.url, 'http://x').pathname);
    } catch {
      entry.status = 400;
      return () => res.writeHead(400).end();
    }
    const urlPath = entry.path;
    let file = null;
    let mounted = false;
    for (const [prefix, dir] of mountList) {
      if (urlPath.startsWith(prefix)) { file = resolveIn(dir, urlPath.slice(prefix.length)); mounted = true; break; }
    }
    if (!mounted) file = resolveIn(root, urlPath);
    if (file && urlPath.endsWith('/')) file = path.join(file, 'index.html');
    let stat = null;
    try { stat = file && fs.statSync(file); } catch { /* missing */ }
    entry.file = file;
    entry.size = stat?.size ?? 0;
    log.push(entry);
    const finish = () => { entry.done = true; entry.t_end = Date.now(); };
    res.on('finish', finish);
    res.on('close', () => { if (!entry.done) { entry.aborted = true; finish(); } });
    if (!stat || !stat.isFile() || (req.method !== 'GET' && req.method !== 'HEAD')) {
      entry.status = stat ? 405 : 404;
      return () => res.writeHead(entry.status, { 'Content-Type': 'text/plain; charset=utf-8', 'Content-Length': 0 }).end();
    }
    const headers = {
      'Content-Type': mimeOf(file),
      'Cache-Control': 'no-cache',
      'Accept-Ranges': 'bytes',
      'X-Content-Type-Options': 'nosniff',
    };
    const range = parseRange(req.headers.range, stat.size);
    let start = 0;
    let end = stat.size - 1;
    if (range === 'bad') {
      entry.status = 416;
      return () => res.writeHead(416, { ...headers, 'Content-Range': `bytes */${stat.size}`, 'Content-Length': 0 }).end();
    }
    if (Array.isArray(range)) {
      [start, end] = range;
      entry.status = 206;
      entry.range = [start, end];
      headers['Content-Range'] = `bytes ${start}-${end}/${stat.size}`;
    } else {
      entry.status = 200;
    }
    return () => {
      res.writeHead(entry.status, { ...headers, 'Content-Length': end - start + 1 });
      if (req.method === 'HEAD' || stat.size === 0) { res.end(); return; }
      if (entry.status === 206) { // the range alone, as nginx or a CDN reads it
        entry.sent = end - start + 1;
        res.end(readRange(file, stat, start, end + 1));
        return;
      }
      const bytes = cached(file, stat);
      if (bytes) {
        entry.sent = end - start + 1;
        res.end(bytes.subarray(start, end + 1));
        return;
      }
      const stream = fs.createReadStream(file, { start, end });
      stream.on('data', (chunk) => { entry.sent += chunk.length; });
      stream.on('error', () => res.destroy());
      stream.pipe(res);
    };
  };
  const server = tls ? http2.createSecureServer({ ...tls, allowHTTP1: true }, handler) : http.createServer(handler);
  const sessions = new Set();
  server.on('session', (s) => { sessions.add(s); s.on('close', () => sessions.delete(s)); });
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, host, () => {
      const { port: p } = server.address();
      resolve({
        url: `${tls ? 'https' : 'http'}://${host}:${p}/`,
        port: p,
        log,
        close: () => new Promise((r) => {
          for (const f of fds.values()) fs.closeSync(f.fd);
          fds.clear();
          server.closeAllConnections?.();
          for (const s of sessions) s.destroy();
          server.close(() => r());
        }),
      });
    });
  });
}
