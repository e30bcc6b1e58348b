// bench/wasm_compute.mjs: what the wasm module itself costs per query, with
// no network, browser or worker in the way. Loads www/pkg (or WWW_A and
// WWW_B's, to compare two builds) in Node, opens an index folder and
// answers each query the way the worker does: `missing` -> read those
// resources from disk -> `add_file`, round after round, then `search`. A
// member longer than 32 KiB is gunzipped outside the module first, as the
// worker does with DecompressionStream (zlib here, not timed).
//
// Timed per query: every `missing` call (the evaluation), every `add_file`
// (inflating, checking and decoding what arrived) and the final `search`
// (snippets). Each repetition opens the index afresh, answers 融媒体 (the
// first query) and loads what the worker loads ahead after it, then the
// queries in order; a query's figure is its median over the repetitions.
//
//   node bench/wasm_compute.mjs INDEX_DIR [QUERIES_FILE] [--reps N] [--www DIR ...] [--verbose]
//
// QUERIES_FILE defaults to bench/compare/queries.txt; --www may be given
// twice (A and B, interleaved per repetition). Prints p50 / p95 / sum in ms.

import fs from 'node:fs';
import path from 'node:path';
import zlib from 'node:zlib';
import { fileURLToPath, pathToFileURL } from 'node:url';

const HERE = path.dirname(fileURLToPath(import.meta.url));
const NATIVE_GUNZIP = 32768; // as www/src/worker.js

const args = process.argv.slice(2);
const flag = (name, dflt) => {
  const out = [];
  for (let i = args.indexOf(name); i >= 0; i = args.indexOf(name)) {
    out.push(args[i + 1]);
    args.splice(i, 2);
  }
  return out.length ? out : dflt;
};
const wwws = flag('--www', [path.join(HERE, '../www')]);
const reps = Number(flag('--reps', ['5'])[0]);
const verbose = args.includes('--verbose') && args.splice(args.indexOf('--verbose'), 1);
const [dir, qfile = path.join(HERE, 'compare/queries.txt')] = args;
if (!dir || !fs.existsSync(path.join(dir, 'manifest.json')) || !(reps > 0)) {
  console.error('usage: node bench/wasm_compute.mjs INDEX_DIR [QUERIES_FILE] [--reps N] [--www DIR ...] [--verbose]');
  process.exit(2);
}
const queries = fs
  .readFileSync(qfile, 'utf8')
  .split('\n')
  .map((s) => s.trim())
  .filter((s) => s && !s.startsWith('#'));
const manifest = JSON.parse(fs.readFileSync(path.join(dir, 'manifest.json'), 'utf8'));

/** One build of the module, instantiated on its own. */
async function load(www) {
  const wasm = path.join(www, 'pkg/zhfind_bg.wasm');
  if (!fs.existsSync(wasm)) throw new Error(`${wasm} is missing: run ./build.sh first`);
  // A query string keeps two builds' glue modules apart.
  const url = pathToFileURL(path.resolve(www, 'pkg/zhfind.js'));
  url.search = `?${encodeURIComponent(path.resolve(www))}`;
  const mod = await import(url.href);
  mod.initSync({ module: fs.readFileSync(wasm) });
  return mod;
}

const fds = new Map();
/** The bytes of a resource name (`path` or `path@start+len[.gz]`), as fetched. */
function read(name) {
  const at = name.indexOf('@');
  if (at < 0) return fs.readFileSync(path.join(dir, name));
  const m = /^(\d+)\+(\d+)(\.gz)?$/.exec(name.slice(at + 1));
  if (!m) throw new Error(`unknown resource name ${name}`);
  const file = path.join(dir, name.slice(0, at));
  if (!fds.has(file)) fds.set(file, fs.openSync(file, 'r'));
  const bytes = Buffer.alloc(Number(m[2]));
  fs.readSync(fds.get(file), bytes, 0, bytes.length, Number(m[1]));
  return m[3] && bytes.length > NATIVE_GUNZIP ? zlib.gunzipSync(bytes) : bytes;
}

/** Answers `q` as the worker does; returns the ms spent in the module. */
function answer(index, q) {
  let ms = 0;
  for (let round = 0; ; round++) {
    let t = performance.now();
    const need = index.missing(q, 10);
    ms += performance.now() - t;
    if (!need.length) break;
    if (round > 64) throw new Error(`${q}: still missing ${need[0]} after 64 rounds`);
    for (const name of need) {
      const bytes = new Uint8Array(read(name));
      t = performance.now();
      index.add_file(name, bytes);
      ms += performance.now() - t;
    }
  }
  const t = performance.now();
  index.search(q, 10);
  return ms + performance.now() - t;
}

const builds = [];
for (const www of wwws) builds.push({ www, mod: await load(www), times: new Map() });
for (let rep = 0; rep < reps; rep++) {
  for (const b of rep % 2 ? [...builds].reverse() : builds) {
    const index = new b.mod.ZhIndex(manifest);
    answer(index, '融媒体');
    for (const name of index.ahead()) index.add_file(name, new Uint8Array(read(name)));
    for (const q of queries) {
      const ms = answer(index, q);
      if (!b.times.has(q)) b.times.set(q, []);
      b.times.get(q).push(ms);
    }
    index.free();
  }
}
const median = (v) => [...v].sort((a, b) => a - b)[v.length >> 1];
for (const b of builds) {
  const rows = [...b.times].map(([q, v]) => [q, median(v)]);
  if (verbose) for (const [q, ms] of rows) console.log(`  ${q}\t${ms.toFixed(1)} ms`);
  const sorted = rows.map((r) => r[1]).sort((a, b) => a - b);
  const pct = (p) => sorted[Math.min(sorted.length - 1, Math.floor(p * sorted.length))];
  const sum = sorted.reduce((a, b) => a + b, 0);
  console.log(
    `${b.www}: ${rows.length} queries, median of ${reps}: p50 ${pct(0.5).toFixed(1)} ms, ` +
      `p95 ${pct(0.95).toFixed(1)} ms, sum ${sum.toFixed(0)} ms`,
  );
}
