// www/src/script-url.js: the URL zh-search.js was loaded from (with its
// "?v="), in whichever scope it runs: the wasm module, the worker and the
// service worker are found next to it.

/** In a page: the <script> running now (document.currentScript), else
 * (loaded as <script type="module">, which has none) the first script tag
 * naming zh-search.js. In a worker: its own URL, or the one a cross-origin
 * widget's blob loader set in self.zhfindScript before importScripts(). */
export function scriptUrl() {
  const g = globalThis;
  if (typeof g.document === 'object' && g.document) {
    const s = g.document.currentScript;
    if (s && s.src) return s.src;
    for (const el of g.document.querySelectorAll('script[src]')) {
      if (/\/zh-search\.js(\?|#|$)/.test(el.src)) return el.src;
    }
    return new URL('zh-search.js', g.document.baseURI).href;
  }
  return typeof g.zhfindScript === 'string' ? g.zhfindScript : g.location.href;
}
