// A small static file server for bench/compare: serves a site folder plus
// mounted folders on 127.0.0.1, answers single HTTP Range requests with 206,
// and logs every request (path, status, bytes actually written, range).
//
//   import { serve } from './server.mjs';
//   const srv = await serve({ root, mounts: { '/zh/index/': dir, '/zh/': www } });
//   srv.url          // http://127.0.0.1:PORT/
//   srv.log          // [{ t, url, path, file, status, range: [a, b] | null, size, sent, done }]
//   srv.log.length = 0 to start a new measurement; await srv.close()
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
import fs from 'node:fs';
import path from 'node:path';

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

export function serve({ root, mounts = {}, host = '127.0.0.1', port = 0 }) {
  root = path.resolve(root);
  // Longest prefix first, so '/zh/index/' wins over '/zh/'.
  const mountList = Object.entries(mounts).map(([p, d]) => [p, path.resolve(d)]).sort((a, b) => b[0].length - a[0].length);
  const log = [];
  const server = http.createServer((req, res) => {
    const t = Date.now();
    let urlPath;
    try {
      urlPath = decodeURIComponent(new URL(req.url, 'http://x').pathname);
    } catch {
      res.writeHead(400).end();
      return;
    }
    let file = null;
    let mounted = false;
    for (const [prefix, dir] of mountList) {
      if (urlPath.startsWith(prefix)) { file = resolveIn(dir, urlPath.slice(prefix.length)); mounted = true; break; }
    }
    if (!mounted) file = resolveIn(root, urlPath);
    if (file && urlPath.endsWith('/')) file = path.join(file, 'index.html');
    let stat = null;
    try { stat = file && fs.statSync(file); } catch { /* missing */ }
    const entry = { t, url: req.url, path: urlPath, file, status: 0, range: null, size: stat?.size ?? 0, sent: 0, done: false };
    log.push(entry);
    const finish = () => { entry.done = true; entry.t_end = Date.now(); };
    res.on('finish', finish);
    res.on('close', () => { if (!entry.done) { entry.aborted = true; finish(); } });
    if (!stat || !stat.isFile() || (req.method !== 'GET' && req.method !== 'HEAD')) {
      entry.status = stat ? 405 : 404;
      res.writeHead(entry.status, { 'Content-Type': 'text/plain; charset=utf-8', 'Content-Length': 0 }).end();
      return;
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
      res.writeHead(416, { ...headers, 'Content-Range': `bytes */${stat.size}`, 'Content-Length': 0 }).end();
      return;
    }
    if (Array.isArray(range)) {
      [start, end] = range;
      entry.status = 206;
      entry.range = [start, end];
      res.writeHead(206, { ...headers, 'Content-Range': `bytes ${start}-${end}/${stat.size}`, 'Content-Length': end - start + 1 });
    } else {
      entry.status = 200;
      res.writeHead(200, { ...headers, 'Content-Length': stat.size });
    }
    if (req.method === 'HEAD' || stat.size === 0) { res.end(); return; }
    const stream = fs.createReadStream(file, { start, end });
    stream.on('data', (chunk) => { entry.sent += chunk.length; });
    stream.on('error', () => res.destroy());
    stream.pipe(res);
  });
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, host, () => {
      const { port: p } = server.address();
      resolve({
        url: `http://${host}:${p}/`,
        port: p,
        log,
        close: () => new Promise((r) => { server.closeAllConnections?.(); server.close(() => r()); }),
      });
    });
  });
}
