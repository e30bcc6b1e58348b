// Writes a fake index (manifest.json + d/docs.json.gz) that fake/pkg reads.
//   node fake/make-index.mjs OUT_DIR INPUT.jsonl...
import fs from 'node:fs';
import path from 'node:path';
import zlib from 'node:zlib';

export function makeFakeIndex(out, inputs) {
  const docs = [];
  for (const f of inputs) {
    for (const line of fs.readFileSync(f, 'utf8').split('\n')) {
      if (!line.trim()) continue;
      const a = JSON.parse(line);
      docs.push({ id: String(a.id), title: a.title || '', body: a.body || '', url: a.url || '', date: a.date || '', page: a.page ?? '' });
    }
  }
  fs.mkdirSync(path.join(out, 'd'), { recursive: true });
  const gz = zlib.gzipSync(JSON.stringify(docs));
  fs.writeFileSync(path.join(out, 'd/docs.json.gz'), gz);
  const manifest = { format: 'zhfind', version: 1, build: 'fake', docs: docs.length, files: [{ path: 'd/docs.json.gz', bytes: gz.length }] };
  fs.writeFileSync(path.join(out, 'manifest.json'), JSON.stringify(manifest));
  return manifest;
}

if (process.argv[1] && path.resolve(process.argv[1]) === new URL(import.meta.url).pathname) {
  const [out, ...inputs] = process.argv.slice(2);
  console.log(makeFakeIndex(out, inputs));
}
