// bench/compare/fetch-cost.mjs: what one round of fetches costs in headless
// Chromium on this machine, from a dedicated worker (as zhfind's search
// worker fetches), against the benchmark's own server (server.mjs). A warm
// query that needs index data it has not loaded yet is at least its
// rounds of this (dictionary shards -> postings -> the hits' articles), so
// this is the floor under the warm-latency figures of compare.mjs.
//
//   node bench/compare/fetch-cost.mjs [--http2] [--runs N]
//
// For 1, 3 and 10 parallel requests, each of a 600-byte range of a
// different 1 MB file, as many rounds as --runs (default 30): median and
// p95 ms from the first fetch() to the last body read.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import crypto from 'node:crypto';
import { fileURLToPath } from 'node:url';
import { serve, selfSignedCert } from './server.mjs';

const HERE = path.dirname(fileURLToPath(import.meta.url));
const args = process.argv.slice(2);
const http2 = args.includes('--http2');
const runsAt = args.indexOf('--runs');
const runs = runsAt >= 0 ? Number(args[runsAt + 1]) : 30;
if (!(runs > 0)) {
  console.error('usage: node bench/compare/fetch-cost.mjs [--http2] [--runs N]');
  process.exit(2);
}

const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'zh-fetch-cost-'));
const FILES = 40;
for (let i = 0; i < FILES; i++) fs.writeFileSync(path.join(dir, `${i}.bin`), crypto.randomBytes(1 << 20));
fs.writeFileSync(path.join(dir, 'page.html'), `<!doctype html><meta charset="utf-8"><title>fetch cost</title><script>
const worker = new Worker(URL.createObjectURL(new Blob([\`
onmessage = async (e) => {
  const { origin, files, at } = e.data;
  const t0 = performance.now();
  await Promise.all(files.map(async (f) => {
    const res = await fetch(origin + '/' + f + '.bin', { headers: { Range: 'bytes=' + at + '-' + (at + 599) } });
    await res.arrayBuffer();
  }));
  postMessage(performance.now() - t0);
};\`], { type: 'text/javascript' })));
window.round = (files, at) => new Promise((resolve) => {
  worker.onmessage = (e) => resolve(e.data);
  worker.postMessage({ origin: location.origin, files, at });
});
</script>`);

const { chromium } = await import(path.join(HERE, 'node_modules/playwright-core/index.mjs'));
const tls = http2 ? selfSignedCert(path.join(os.tmpdir(), 'zh-bench-cert')) : null;
const srv = await serve({ root: dir, tls });
const browser = await chromium.launch({
  executablePath: process.env.CHROMIUM || '/usr/bin/chromium',
  headless: true,
  args: ['--no-sandbox', '--disable-quic', ...(http2 ? ['--ignore-certificate-errors'] : [])],
});
try {
  const page = await (await browser.newContext({ ignoreHTTPSErrors: true })).newPage();
  await page.goto(`${srv.url}page.html`);
  await page.evaluate(() => window.round([0], 0)); // connection set up
  console.log(`${http2 ? 'HTTP/2' : 'HTTP/1.1'}, 127.0.0.1, ${runs} rounds each`);
  console.log('parallel requests\tmedian ms\tp95 ms');
  for (const n of [1, 3, 10]) {
    const ms = [];
    for (let r = 0; r < runs; r++) {
      // Different files and offsets every round: nothing is reused.
      const files = Array.from({ length: n }, (_, i) => (r * 7 + i * 3) % FILES);
      ms.push(await page.evaluate(([f, at]) => window.round(f, at), [files, (r * 4099) % 1000000]));
    }
    ms.sort((a, b) => a - b);
    const pct = (p) => ms[Math.min(ms.length - 1, Math.ceil((p / 100) * ms.length) - 1)];
    console.log(`${n}\t${pct(50).toFixed(1)}\t${pct(95).toFixed(1)}`);
  }
} finally {
  await browser.close();
  await srv.close();
  fs.rmSync(dir, { recursive: true, force: true });
}
