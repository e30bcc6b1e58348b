// One HTML page per article, the same pages for Pagefind and zhfind.
//
//   import { writeSite } from './site.mjs';
//   const { docs } = await writeSite({ inputs: ['a.jsonl'], out: '.cache/compare/10k' });
//
// Reads article JSONL ({id, title, body, date?, page?, ...}) and writes
//   OUT/site/a/<id>.html   <html lang="zh-CN">, <article data-pagefind-body>
//                          with <h1> title, date and page (data-pagefind-meta,
//                          so Pagefind's results carry them like zhfind's hits)
//                          and one <p> per body paragraph
//   OUT/articles.jsonl     the same articles for `zhfind build`: id, title, body,
//                          date, page and url "/a/<id>.html" (the page above)
// Paragraphs are body lines; runs of 2+ spaces also split (inews joins its
// paragraphs with two spaces). Both tools index exactly the same text.
import fs from 'node:fs';
import path from 'node:path';
import readline from 'node:readline';

const esc = (s) => String(s).replace(/[&<>"]/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;' })[c]);
export const safeId = (id) => String(id).replace(/[^A-Za-z0-9_.-]/g, '_');

export function pageHtml(a) {
  const title = String(a.title ?? '').trim();
  const paras = String(a.body ?? '').split(/\n+| {2,}|\u3000{2,}/).map((p) => p.trim()).filter(Boolean);
  const meta = [];
  if (a.date) meta.push(`<time data-pagefind-meta="date">${esc(a.date)}</time>`);
  if (a.page !== undefined && a.page !== null && a.page !== '') meta.push(`<span data-pagefind-meta="page">第${esc(a.page)}版</span>`);
  return `<!doctype html>
<html lang="zh-CN">
<head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1"><title>${esc(title || a.id)}</title></head>
<body>
<article data-pagefind-body>
${title ? `<h1>${esc(title)}</h1>\n` : ''}${meta.length ? `<p class="meta">${meta.join(' ')}</p>\n` : ''}${paras.map((p) => `<p>${esc(p)}</p>`).join('\n')}
</article>
</body>
</html>
`;
}

export async function writeSite({ inputs, out, progress = () => {} }) {
  const site = path.join(out, 'site');
  const pages = path.join(site, 'a');
  fs.rmSync(site, { recursive: true, force: true });
  fs.mkdirSync(pages, { recursive: true });
  const jsonl = fs.createWriteStream(path.join(out, 'articles.jsonl.tmp'));
  const seen = new Set();
  let docs = 0;
  let chars = 0;
  for (const input of inputs) {
    const rl = readline.createInterface({ input: fs.createReadStream(input, 'utf8'), crlfDelay: Infinity });
    for await (const line of rl) {
      if (!line.trim()) continue;
      const a = JSON.parse(line);
      let id = safeId(a.id ?? `doc-${docs}`);
      while (seen.has(id)) id += '_';
      seen.add(id);
      const url = `/a/${id}.html`;
      const art = { id, title: a.title ?? '', body: a.body ?? '', url };
      if (a.date) art.date = a.date;
      if (a.page !== undefined && a.page !== null && a.page !== '') art.page = a.page;
      fs.writeFileSync(path.join(pages, `${id}.html`), pageHtml(art));
      if (!jsonl.write(JSON.stringify(art) + '\n')) await new Promise((r) => jsonl.once('drain', r));
      docs += 1;
      chars += art.body.length + art.title.length;
      if (docs % 10000 === 0) progress(`${docs} pages`);
    }
  }
  await new Promise((r, j) => jsonl.end((err) => (err ? j(err) : r())));
  fs.renameSync(path.join(out, 'articles.jsonl.tmp'), path.join(out, 'articles.jsonl'));
  return { docs, chars };
}
