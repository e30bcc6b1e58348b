// tools/bundle/bundle.mjs: builds www/zh-search.js, the one script a site
// deploys beside the wasm module (pkg/zhfind_bg.wasm).
//
// www/src/main.js imports the widget, the search worker, the service
// worker and the wasm-bindgen glue (www/pkg/zhfind.js); esbuild bundles
// them into one minified classic script (an IIFE: no import/export, so
// that it can be a page's <script>, a classic Worker, a registered
// service worker and importScripts()'d by a site's own service worker).
// Which of these it is running as, main.js finds out from the global
// scope. One file instead of four: static hosts and CDNs count files, and
// the worker and the service worker load what the page has cached already.
//
//   node tools/bundle/bundle.mjs [--glue PATH] [--out PATH] [--no-minify]
//     --glue PATH   the wasm-bindgen glue to bundle (default www/pkg/zhfind.js;
//                   the browser tests pass their fake one)
//     --out PATH    default www/zh-search.js
//     --no-minify   readable output, for debugging
//
// The build (./build.sh) runs `npm ci` here first; esbuild runs at build
// time only.
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';

const HERE = path.dirname(fileURLToPath(import.meta.url));
const WWW = path.resolve(HERE, '../../www');
const args = process.argv.slice(2);
const opt = (name, dflt) => {
  const i = args.indexOf(name);
  return i >= 0 ? args.splice(i, 2)[1] : dflt;
};
const minify = !(args.includes('--no-minify') && args.splice(args.indexOf('--no-minify'), 1));
const glue = path.resolve(opt('--glue', path.join(WWW, 'pkg/zhfind.js')));
const out = path.resolve(opt('--out', path.join(WWW, 'zh-search.js')));
if (args.length) {
  console.error(`bundle.mjs: unexpected arguments: ${args.join(' ')}`);
  process.exit(2);
}

// main.js imports the glue as "zhfind-glue"; point that at --glue.
const gluePlugin = {
  name: 'zhfind-glue',
  setup(b) {
    b.onResolve({ filter: /^zhfind-glue$/ }, () => ({ path: glue }));
  },
};

const result = await build({
  entryPoints: [path.join(WWW, 'src/main.js')],
  bundle: true,
  format: 'iife',
  target: ['es2020'],
  minify,
  // The widget's own members are named `_x` (widget.js): nothing outside
  // the bundle reads them, so they are renamed too (357 B less gzip).
  mangleProps: minify ? /^_[a-z]/ : undefined,
  legalComments: 'none',
  // ASCII only (non-ASCII as \u escapes): a classic script is decoded in the
  // page's encoding, and a paper's pages may well be GBK.
  outfile: out,
  plugins: [gluePlugin],
  // The glue's default wasm URL uses import.meta.url; the worker always
  // passes the wasm's URL, so that branch never runs in the bundle.
  logOverride: { 'empty-import-meta': 'silent' },
  banner: { js: '// zh-search.js: zhfind search (widget, search worker, service worker), built from www/src by tools/bundle/bundle.mjs' },
  metafile: true,
});
const bytes = Object.values(result.metafile.outputs)[0].bytes;
console.log(`${path.relative(process.cwd(), out)}: ${bytes} bytes${minify ? ' (minified)' : ''}`);
