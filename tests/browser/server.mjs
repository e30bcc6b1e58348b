// A tiny static file server for the demo site, the browser tests and the
// benchmark: correct MIME types (.wasm is application/wasm), single byte
// ranges (206), no directory listings, nothing outside the root, optional
// path mounts.
//
//   node tests/browser/server.mjs DIR [PORT] [HOST]      (PORT 0 = any free port)
//
//   import { serve } from './server.mjs';
//   const srv = await serve({ root, port: 0, mounts: { '/pkg/': '/other/dir' } });
//   (ranges: false makes it ignore Range headers, like some static hosts;
//   delay: ms, or (urlPath) => ms, holds answers back like a slow network;
//   rate: bytes/s, or (urlPath) => bytes/s, sends whole files that slowly)
//   srv.url  // http://127.0.0.1:PORT/
//   await srv.close();

import http from 'node:http';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const TYPES = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json; charset=utf-8',
  '.wasm': 'application/wasm',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.ico': 'image/x-icon',
  '.txt': 'text/plain; charset=utf-8',
  '.gz': 'application/gzip',
  '.bin': 'application/octet-stream',
  '.webmanifest': 'application/manifest+json',
};

/** Resolves `urlPath` below `root`; null when it would escape. */
function resolveIn(root, urlPath) {
  const p = path.resolve(root, '.' + path.posix.normalize('/' + urlPath));
  return p === root || p.startsWith(root + path.sep) ? p : null;
}

export function serve({ root, port = 0, host = '127.0.0.1', mounts = {}, log = null, headers = {}, ranges = true, delay = 0, rate = 0 }) {
  root = path.resolve(root);
  const mountList = Object.entries(mounts).map(([prefix, dir]) => [prefix, path.resolve(dir)]);
  const server = http.createServer((req, res) => {
    const ms = typeof delay === 'function' ? delay(req.url) : delay;
    if (ms > 0) setTimeout(() => answer(req, res), ms);
    else answer(req, res);
  });
  function answer(req, res) {
    let urlPath;
    try {
      urlPath = decodeURIComponent(new URL(req.url, 'http://x').pathname);
    } catch {
      res.writeHead(400).end('bad request');
      return;
    }
    let file = null;
    for (const [prefix, dir] of mountList) {
      if (urlPath.startsWith(prefix)) { file = resolveIn(dir, urlPath.slice(prefix.length)); break; }
    }
    if (!file) file = resolveIn(root, urlPath);
    if (file && urlPath.endsWith('/')) file = path.join(file, 'index.html');
    let stat = null;
    try { stat = file && fs.statSync(file); } catch { /* missing */ }
    if (stat && stat.isDirectory()) {
      res.writeHead(301, { Location: req.url.replace(/(\?|$)/, '/$1') }).end();
      return;
    }
    if (!stat || !stat.isFile() || (req.method !== 'GET' && req.method !== 'HEAD')) {
      res.writeHead(stat ? 405 : 404, { 'Content-Type': 'text/plain; charset=utf-8' }).end(stat ? 'method not allowed' : 'not found');
      if (log) log({ url: req.url, status: stat ? 405 : 404, bytes: 0 });
      return;
    }
    const type = TYPES[path.extname(file).toLowerCase()] || 'application/octet-stream';
    const base = {
      'Content-Type': type,
      'Cache-Control': 'no-cache',
      ...(ranges ? { 'Accept-Ranges': 'bytes' } : {}),
      'X-Content-Type-Options': 'nosniff',
      ...headers,
    };
    // One byte range (what the zhfind worker asks for); anything else gets the whole file.
    const m = ranges && /^bytes=(\d*)-(\d*)$/.exec(req.headers.range || '');
    if (m && (m[1] !== '' || m[2] !== '')) {
      let start = m[1] === '' ? Math.max(0, stat.size - Number(m[2])) : Number(m[1]);
      let end = m[1] === '' || m[2] === '' ? stat.size - 1 : Math.min(Number(m[2]), stat.size - 1);
      if (start > end || start >= stat.size) {
        res.writeHead(416, { ...base, 'Content-Range': `bytes */${stat.size}` }).end();
        if (log) log({ url: req.url, status: 416, bytes: 0, file });
        return;
      }
      res.writeHead(206, { ...base, 'Content-Length': end - start + 1, 'Content-Range': `bytes ${start}-${end}/${stat.size}` });
      if (log) log({ url: req.url, status: 206, bytes: end - start + 1, file, start, end: end + 1 });
      if (req.method === 'HEAD') { res.end(); return; }
      fs.createReadStream(file, { start, end }).pipe(res);
      return;
    }
    res.writeHead(200, { ...base, 'Content-Length': stat.size });
    if (log) log({ url: req.url, status: 200, bytes: stat.size, file });
    if (req.method === 'HEAD') { res.end(); return; }
    const bps = typeof rate === 'function' ? rate(req.url) : rate;
    if (!(bps > 0)) { fs.createReadStream(file).pipe(res); return; }
    // Throttled: each 16 KiB chunk, then a pause as long as it takes at `bps`.
    const stream = fs.createReadStream(file, { highWaterMark: 16384 });
    stream.on('data', (chunk) => {
      res.write(chunk);
      stream.pause();
      setTimeout(() => stream.resume(), (chunk.length / bps) * 1000);
    });
    stream.on('end', () => res.end());
    stream.on('error', () => res.destroy());
    res.on('close', () => stream.destroy());
  }
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, host, () => {
      const { port: p } = server.address();
      resolve({
        url: `http://${host}:${p}/`,
        port: p,
        server,
        close: () => new Promise((r) => { server.closeAllConnections?.(); server.close(() => r()); }),
      });
    });
  });
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const [dir = '.', port = '8080', host = '127.0.0.1'] = process.argv.slice(2);
  if (!fs.existsSync(dir)) {
    console.error(`server.mjs: ${dir} does not exist`);
    process.exit(1);
  }
  serve({ root: dir, port: Number(port), host }).then(
    (s) => console.log(`Serving ${path.resolve(dir)} at ${s.url} (Ctrl-C to stop)`),
    (err) => { console.error(`server.mjs: ${err.message}`); process.exit(1); },
  );
}
