// A stand-in for the wasm package, for developing the widget before the real
// ZhIndex exists (test-only; never shipped). Same API as pkg/zhfind.js:
// substring AND search over one gzipped JSON file of articles made by
// fake/make-index.mjs. Understands "phrases", -exclusions and A OR B.
export default async function init() {}

const DOCS = 'd/docs.json.gz';

export class ZhIndex {
  constructor(manifest) {
    if (!manifest || manifest.format !== 'zhfind') throw new Error('manifest.json: not a zhfind index');
    if (manifest.version !== 1) throw new Error(`manifest.json: index format version ${manifest.version}, but this reads version 1`);
    this.manifest = manifest;
    this.docs = null;
  }
  missing() { return this.docs ? [] : [DOCS]; }
  missing_dictionary() { return []; } // no dictionary: nothing to load while typing
  add_file(path, bytes) {
    if (path !== DOCS) throw new Error(`${path}: unknown file`);
    try { this.docs = JSON.parse(new TextDecoder().decode(bytes)); } catch { throw new Error(`${path}: corrupt`); }
  }
  all_files() { return this.manifest.files.map((f) => f.path); }
  ahead() { return []; }
  kind() { return ''; }
  search(query, limit) {
    const t0 = performance.now();
    if (!this.docs) throw new Error(`index file ${DOCS} is not loaded`);
    const clauses = [];
    for (const m of query.toLowerCase().matchAll(/(-?)"([^"]*)"|(\S+)/g)) {
      const neg = m[1] === '-' || (m[3] || '').startsWith('-');
      const text = m[2] ?? m[3].replace(/^-/, '');
      if (text) clauses.push({ neg, text });
    }
    const groups = []; // OR groups
    for (let i = 0; i < clauses.length; i++) {
      if ((clauses[i].text === 'or' || clauses[i].text === '|') && groups.length && i + 1 < clauses.length) {
        groups[groups.length - 1].push(clauses[++i]);
      } else groups.push([clauses[i]]);
    }
    const hay = (d) => (d.title + '\n' + d.body).toLowerCase();
    const hits = [];
    for (const d of this.docs) {
      const h = hay(d);
      const ok = groups.every((g) => g.some((c) => h.includes(c.text) !== c.neg));
      if (!ok || !groups.length) continue;
      const pos = groups.flat().filter((c) => !c.neg);
      const score = pos.reduce((s, c) => s + h.split(c.text).length - 1 + (d.title.toLowerCase().includes(c.text) ? 5 : 0), 0);
      hits.push({ d, score, pos });
    }
    hits.sort((a, b) => b.score - a.score);
    return {
      query, total: hits.length, took_ms: performance.now() - t0,
      hits: hits.slice(0, limit).map(({ d, score, pos }) => {
        const body = Array.from(d.body.replace(/\s+/g, ' '));
        const lower = body.map((c) => c.toLowerCase());
        const first = pos.length ? lower.join('').indexOf(pos[0].text) : 0;
        let at = Math.max(0, Array.from(lower.join('').slice(0, Math.max(0, first))).length - 20);
        const snip = body.slice(at, at + 90);
        const text = snip.join('');
        const marks = [];
        for (const c of pos) {
          const cs = Array.from(c.text);
          for (let i = 0; i + cs.length <= snip.length; i++) {
            if (cs.every((ch, k) => snip[i + k].toLowerCase() === ch)) marks.push([i, i + cs.length]);
          }
        }
        return { id: d.id, title: d.title, url: d.url || `articles/${d.id}.html`, date: d.date || '', page: d.page ?? '', score, snippet: (at ? '…' : '') + text, marks: at ? marks.map(([s, e]) => [s + 1, e + 1]) : marks };
      }),
    };
  }
}
