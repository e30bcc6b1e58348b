// www/src/widget.js: the zhfind search box, <zh-search> (part of
// zh-search.js, see main.js). Embed it with two lines of HTML:
//
//   <script src="/zhfind/zh-search.js" defer></script>
//   <zh-search index="/zhfind/index/"></zh-search>
//
// (type="module" works too.) `index` is the URL of the index folder (the one
// holding manifest.json), relative to the page. The search worker is the
// same file, and the wasm module (pkg/zhfind_bg.wasm) is found next to it,
// so the folder can live anywhere.
//
// Attributes
//   index        URL of the index folder (required)
//   limit        results per page, default 10 ("更多结果" adds another page)
//   placeholder  input placeholder text
//   base         URL that relative result links resolve against
//                (default: the page's own URL)
//   inline       show results in the page flow instead of a drop-down panel
//   lazy         load the index on first use (pointer over the box, focus,
//                "/") rather than right away
//   offline      keep search working without a network: registers
//                zh-search.js as a service worker that caches the widget,
//                the wasm, the manifest and every index file fetched (see
//                docs/offline.md). offline="all" also downloads the whole
//                index in the background once the page is idle (or after the
//                first search), showing a thin progress bar, so that any
//                query works offline; not with Save-Data on, and not when the
//                index is larger than offline-limit
//   offline-limit  size limit of offline="all", in megabytes (default 50;
//                "none": no limit). el.prefetch() downloads regardless
//   sw-scope     scope of the service worker (default: this file's folder;
//                resolved against the page). A scope above the folder needs
//                the header "Service-Worker-Allowed" on zh-search.js
//   no-sw        do not register zh-search.js: the site's own service
//                worker imports it (docs/offline.md)
//   param        name of a URL query parameter (e.g. "q") that holds the
//                query: read on load, kept up to date while searching, so
//                a search can be linked to (page.html?q=香港)
//
// Theming: set CSS custom properties on the element or any ancestor:
//   --zh-search-accent        links, focus ring, active result  (#b3121d)
//   --zh-search-font          UI font stack
//   --zh-search-title-font    result title font (serif by default)
//   --zh-search-fg / --zh-search-muted / --zh-search-bg
//   --zh-search-border        input and panel border colour
//   --zh-search-mark          highlight background (#fff1a8)
//   --zh-search-radius        corner radius (2px)
//   --zh-search-panel-height  max height of the drop-down panel (70vh)
//   ::part(input), ::part(panel), ::part(result) are exposed for finer styling.
//
// Typing: a query typed key by key (Latin letters, pinyin, digits) is sent
// once the keys pause for 100 ms, and meanwhile the worker loads its
// dictionary entries; a word committed by an IME, a paste or a drop is sent
// at once.
//
// Keyboard: "/" or Ctrl-K (⌘K) focuses the box, ↑/↓ choose a result, Enter
// opens it, Esc clears. Properties and methods: value (the query; setting
// it searches), docs (articles in the open index), clear(), focus(),
// prefetch(). Events: `zh-search-results` (detail: the result)
// and `zh-search-error` (detail: {message}) bubble out of the element, and
// with `offline`, `zh-search-offline` (detail.state: "saved" when what was
// fetched before the service worker took over is cached, "progress",
// "done" when the whole index is cached, "skipped" with detail.reason
// "save-data" | "size" | "no-service-worker", or "failed").
//
// All article text is inserted as text nodes; nothing from the index is
// ever parsed as HTML.

import { scriptUrl } from './script-url.js';

const VERSION = '__ZH_VERSION__';
const V = VERSION.startsWith('__') ? '' : `?v=${VERSION}`;
const HERE = new URL(scriptUrl()); // read now: document.currentScript is gone later
const WORKER_URL = new URL(`./zh-search.js${V}`, HERE); // this very file
const SW_URL = new URL('./zh-search.js', HERE); // one URL for all versions
const DEBOUNCE_MS = 100;
const SLOW_MS = 300;
const RETRY_MS = 3000; // after a failed load, the next query tries again after this long
const OFFLINE_LIMIT_MB = 50; // default size limit of offline="all"
const DONE_SHOWN_MS = 4000;  // how long "可离线搜索" stays after a download

const T = {
  label: '搜索文章',
  placeholder: '搜索全部文章',
  placeholderDocs: (n) => `在 ${n.toLocaleString('zh-CN')} 篇文章中搜索`,
  loading: '正在加载搜索索引…',
  searching: '正在搜索…',
  total: (n, ms) => `共 ${n.toLocaleString('zh-CN')} 条结果 · ${ms.toLocaleString('zh-CN')} 毫秒`,
  none: (q) => `未找到与“${q}”相关的文章`,
  loadError: (m) => `搜索暂不可用：无法加载搜索索引（${m}）`,
  queryError: (m) => `搜索出错：${m}`,
  noIndex: '未设置搜索索引（缺少 index 属性）',
  more: '更多结果',
  untitled: '（无标题）',
  page: (p) => `第 ${p} 版`,
  listLabel: '搜索结果',
  clear: '清除',
  offlineIndex: '网络不可用：这次搜索需要的索引数据还没有保存到本机，联网后即可搜索。',
  offlineDocs: '网络不可用：找到了相关文章，但它们的内容还没有保存到本机，联网后即可查看。',
  offlinePartial: (n) => `网络不可用：只显示已保存到本机的 ${n} 条结果，其余结果联网后即可查看。`,
  dlLabel: '下载搜索索引，供离线使用',
  dlShort: (p) => `离线下载 ${p}%`,
  dlTitle: (a, b) => `正在下载搜索索引，供离线使用（${a} / ${b}）`,
  dlDone: '已可离线搜索',
  mb: (n) => `${(n / 1e6).toLocaleString('zh-CN', { maximumFractionDigits: 1 })} MB`,
};

const CSS = `
:host {
  --_accent: var(--zh-search-accent, #b3121d);
  --_fg: var(--zh-search-fg, #1a1a1a);
  --_muted: var(--zh-search-muted, #666);
  --_bg: var(--zh-search-bg, #fff);
  --_border: var(--zh-search-border, #c9c5bc);
  --_mark: var(--zh-search-mark, #fff1a8);
  --_radius: var(--zh-search-radius, 2px);
  display: block;
  position: relative;
  font-family: var(--zh-search-font, system-ui, -apple-system, "PingFang SC", "Hiragino Sans GB", "Microsoft YaHei", "Noto Sans CJK SC", "WenQuanYi Micro Hei", sans-serif);
  font-size: 16px;
  line-height: 1.5;
  color: var(--_fg);
  text-align: left;
}
[hidden] { display: none !important; }
.field {
  display: flex; align-items: center; gap: .5rem;
  background: var(--_bg);
  border: 1px solid var(--_border);
  border-radius: var(--_radius);
  padding: 0 .5rem 0 .7rem;
  min-height: 2.6rem;
  position: relative;
}
.field:focus-within { border-color: var(--_accent); box-shadow: 0 0 0 2px color-mix(in srgb, var(--_accent) 25%, transparent); }
.icon { flex: none; width: 1.1rem; height: 1.1rem; color: var(--_muted); }
input {
  flex: 1; min-width: 0; border: 0; outline: 0; background: transparent;
  font: inherit; color: inherit; padding: .45rem 0;
}
input::-webkit-search-cancel-button { display: none; }
input::placeholder { color: var(--_muted); opacity: .85; }
.clear {
  flex: none; border: 0; background: transparent; color: var(--_muted);
  font: inherit; font-size: .85rem; cursor: pointer; padding: .2rem .3rem; border-radius: var(--_radius);
}
.clear:hover { color: var(--_accent); }
kbd {
  flex: none; font: inherit; font-size: .75rem; color: var(--_muted);
  border: 1px solid var(--_border); border-radius: 3px; padding: 0 .35rem; line-height: 1.3rem;
}
.field:focus-within kbd { display: none; }
.dl {
  flex: none; font-size: .72rem; color: var(--_muted); white-space: nowrap;
  font-variant-numeric: tabular-nums; transition: opacity .8s;
}
.bar {
  position: absolute; left: 0; right: 0; bottom: 0; height: 2px; overflow: hidden;
  pointer-events: none; transition: opacity .8s;
}
.bar > i { display: block; height: 100%; width: 0; background: var(--_accent); opacity: .6; transition: width .3s ease-out; }
.dl.fade, .bar.fade { opacity: 0; }
.panel {
  position: absolute; z-index: 1000; top: calc(100% + 4px); left: 0; right: 0;
  background: var(--_bg);
  border: 1px solid var(--_border);
  border-top: 3px solid var(--_accent);
  border-radius: var(--_radius);
  box-shadow: 0 12px 32px rgba(0,0,0,.14);
  max-height: var(--zh-search-panel-height, 70vh);
  overflow: auto;
  overscroll-behavior: contain;
}
:host([inline]) .panel { position: static; box-shadow: none; margin-top: .75rem; max-height: none; border: 0; border-top: 3px solid var(--_accent); }
.status { margin: 0; padding: .55rem .9rem; font-size: .8rem; color: var(--_muted); border-bottom: 1px solid color-mix(in srgb, var(--_border) 55%, transparent); }
.status:empty, .alert:empty, .note:empty { display: none; }
.note {
  margin: 0; padding: .5rem .9rem; font-size: .8rem; overflow-wrap: anywhere;
  color: var(--_fg); background: color-mix(in srgb, #d49a00 9%, var(--_bg));
  border-left: 3px solid #d49a00; border-top: 1px solid color-mix(in srgb, var(--_border) 55%, transparent);
}
.alert { margin: 6px 0 0; padding: .55rem .8rem; font-size: .85rem; overflow-wrap: anywhere; color: #8a1010; background: #fdf0ef; border-left: 3px solid #b3121d; border-radius: var(--_radius); }
ul { list-style: none; margin: 0; padding: 0; }
li {
  padding: .7rem .9rem .75rem; border-top: 1px solid color-mix(in srgb, var(--_border) 55%, transparent);
  cursor: pointer; scroll-margin: .5rem;
}
li:first-child { border-top: 0; }
li:hover { background: color-mix(in srgb, var(--_accent) 4%, var(--_bg)); }
li[aria-selected="true"] { background: color-mix(in srgb, var(--_accent) 8%, var(--_bg)); box-shadow: inset 3px 0 0 var(--_accent); }
.title {
  display: block;
  font-family: var(--zh-search-title-font, "Songti SC", "Noto Serif CJK SC", "Source Han Serif SC", "SimSun", serif);
  font-size: 1.05rem; font-weight: 700; line-height: 1.4;
  color: var(--_fg); text-decoration: none;
}
a.title:hover, li[aria-selected="true"] a.title { color: var(--_accent); }
.meta { font-size: .78rem; color: var(--_muted); margin-top: .15rem; }
.meta span + span::before { content: "·"; margin: 0 .4em; }
.snippet { margin: .3rem 0 0; font-size: .88rem; color: color-mix(in srgb, var(--_fg) 82%, var(--_bg)); overflow-wrap: anywhere; }
mark { background: var(--_mark); color: inherit; padding: 0 1px; border-radius: 2px; }
.title mark { background: transparent; color: var(--_accent); }
.title.untitled { font-weight: 400; color: var(--_muted); }
.more {
  display: block; width: calc(100% - 1.8rem); margin: .3rem .9rem .8rem; padding: .5rem;
  border: 1px solid var(--_border); border-radius: var(--_radius); background: var(--_bg);
  color: var(--_accent); font: inherit; font-size: .88rem; cursor: pointer;
}
.more:hover { border-color: var(--_accent); }
.sr { position: absolute; width: 1px; height: 1px; overflow: hidden; clip: rect(0 0 0 0); white-space: nowrap; }
@media (max-width: 480px) {
  li { padding: .65rem .7rem; }
  .title { font-size: 1rem; }
  kbd { display: none; }
}
`;

let instances = 0;

function searchIcon() {
  const NS = 'http://www.w3.org/2000/svg';
  const svg = document.createElementNS(NS, 'svg');
  for (const [k, v] of Object.entries({ class: 'icon', viewBox: '0 0 24 24', 'aria-hidden': 'true', fill: 'none', stroke: 'currentColor', 'stroke-width': '2', 'stroke-linecap': 'round' })) svg.setAttribute(k, v);
  const c = document.createElementNS(NS, 'circle');
  c.setAttribute('cx', '10.5'); c.setAttribute('cy', '10.5'); c.setAttribute('r', '6.5');
  const p = document.createElementNS(NS, 'path');
  p.setAttribute('d', 'M15.5 15.5 21 21');
  svg.append(c, p);
  return svg;
}

/** Splits `text` at code-point offsets `marks` into text and <mark> nodes. */
function highlighted(text, marks) {
  const frag = document.createDocumentFragment();
  const cps = Array.from(text ?? '');
  let at = 0;
  const spans = (Array.isArray(marks) ? marks : [])
    .filter((m) => Array.isArray(m) && m.length >= 2)
    .map(([s, e]) => [Math.max(0, Math.min(cps.length, s | 0)), Math.max(0, Math.min(cps.length, e | 0))])
    .filter(([s, e]) => e > s)
    .sort((a, b) => a[0] - b[0]);
  for (const [s0, e] of spans) {
    const s = Math.max(s0, at);
    if (e <= s) continue;
    if (s > at) frag.append(document.createTextNode(cps.slice(at, s).join('')));
    const m = document.createElement('mark');
    m.textContent = cps.slice(s, e).join('');
    frag.append(m);
    at = e;
  }
  if (at < cps.length) frag.append(document.createTextNode(cps.slice(at).join('')));
  return frag;
}

/** The focused element (looking through shadow roots) if it takes typing. */
function typingTarget() {
  let el = document.activeElement;
  while (el && el.shadowRoot && el.shadowRoot.activeElement) el = el.shadowRoot.activeElement;
  if (!el) return null;
  if (el.isContentEditable) return el;
  const tag = el.tagName;
  if (tag === 'TEXTAREA' || tag === 'SELECT') return el;
  if (tag === 'INPUT' && !['button', 'checkbox', 'radio', 'submit', 'reset', 'range', 'color', 'file', 'image'].includes(el.type)) return el;
  return null;
}

/** This file as a worker: from its URL when same-origin, else (a script on a
 * CDN) through a blob that tells it its URL and imports it. */
function startWorker() {
  if (WORKER_URL.origin === location.origin) return new Worker(WORKER_URL);
  const url = JSON.stringify(WORKER_URL.href);
  const blob = URL.createObjectURL(new Blob([`self.zhfindScript=${url};importScripts(${url});`], { type: 'text/javascript' }));
  return new Worker(blob);
}

// (This module is loaded in workers too, where there is no HTMLElement.)
class ZhSearch extends (globalThis.HTMLElement || Object) {
  static get observedAttributes() { return ['index', 'placeholder']; }

  constructor() {
    super();
    this._n = ++instances;
    this._seq = 0;          // last query sent
    this._pending = 0;      // seq awaited, 0 when idle
    this._timer = 0;
    this._slowTimer = 0;
    this._composing = false;
    this._committed = null; // the text last sent at once (see _commit)
    this._primed = 0;       // seq of the keystroke the worker may answer at once (see _prime)
    this._primedQ = '';
    this._state = 'idle';   // idle | loading | ready | failed
    this._worker = null;
    this._active = -1;
    this._last = null;      // last rendered result
    this._extra = 0;        // extra pages requested via 更多结果
    this._docs = 0;
    this._indexUrl = '';
    this._swFollow = false; // page began without a service worker: tell it what was fetched
    this._unsent = [];      // resources fetched that the service worker may not have seen
    this._synced = false;   // the service worker has been handed the manifest
    this._auto = '';        // offline="all": '' | 'waiting' | 'started'
    this._dlTimer = 0;

    const root = this.attachShadow({ mode: 'open' });
    const id = (s) => `zh${this._n}-${s}`;
    const style = document.createElement('style');
    style.textContent = CSS;

    const field = document.createElement('div');
    field.className = 'field';
    field.append(searchIcon());
    const input = document.createElement('input');
    Object.assign(input, { type: 'search', autocomplete: 'off', spellcheck: false, enterKeyHint: 'search' });
    input.setAttribute('part', 'input');
    input.setAttribute('role', 'combobox');
    input.setAttribute('aria-autocomplete', 'list');
    input.setAttribute('aria-expanded', 'false');
    input.setAttribute('aria-controls', id('list'));
    input.setAttribute('aria-label', T.label);
    input.setAttribute('autocapitalize', 'off');
    const clear = document.createElement('button');
    clear.type = 'button';
    clear.className = 'clear';
    clear.textContent = T.clear;
    clear.hidden = true;
    clear.tabIndex = -1;
    const kbd = document.createElement('kbd');
    kbd.textContent = '/';
    kbd.setAttribute('aria-hidden', 'true');
    // Offline download: a short label and a thin bar along the bottom edge.
    const dl = document.createElement('span');
    dl.className = 'dl';
    dl.setAttribute('aria-hidden', 'true');
    dl.hidden = true;
    const bar = document.createElement('div');
    bar.className = 'bar';
    bar.setAttribute('role', 'progressbar');
    bar.setAttribute('aria-label', T.dlLabel);
    bar.setAttribute('aria-valuemin', '0');
    bar.setAttribute('aria-valuemax', '100');
    bar.hidden = true;
    bar.append(document.createElement('i'));
    field.append(input, clear, dl, kbd, bar);

    const panel = document.createElement('div');
    panel.className = 'panel';
    panel.setAttribute('part', 'panel');
    panel.hidden = true;
    // Live regions stay rendered (outside the panel, which opens and
    // closes) so that screen readers hear every change; the visible count
    // line inside the panel repeats the status for sighted readers.
    const status = document.createElement('p');
    status.className = 'sr';
    status.setAttribute('role', 'status');
    status.setAttribute('aria-live', 'polite');
    const alert = document.createElement('p');
    alert.className = 'alert';
    alert.setAttribute('role', 'alert');
    const count = document.createElement('p');
    count.className = 'status';
    count.setAttribute('aria-hidden', 'true');
    const note = document.createElement('p');
    note.className = 'note';
    note.setAttribute('aria-hidden', 'true');
    const list = document.createElement('ul');
    list.id = id('list');
    list.setAttribute('role', 'listbox');
    list.setAttribute('aria-label', T.listLabel);
    const more = document.createElement('button');
    more.type = 'button';
    more.className = 'more';
    more.textContent = T.more;
    more.hidden = true;
    panel.append(count, list, note, more); // the note where 更多结果 was: in view after a click on it
    root.append(style, field, alert, status, panel);

    Object.assign(this, { _input: input, _clear: clear, _panel: panel, _status: status, _count: count, _note: note, _alert: alert, _list: list, _more: more, _id: id, _dl: dl, _bar: bar, _field: field });

    input.addEventListener('input', (e) => {
      clear.hidden = !input.value;
      if (e.isComposing || this._composing) return;
      const committed = this._committed;
      this._committed = null;
      // Firefox follows compositionend with an input event of the same text.
      if (committed !== null && input.value.trim() === committed) return;
      if (e.inputType === 'insertFromPaste' || e.inputType === 'insertFromDrop') this._commit();
      else this._schedule();
    });
    input.addEventListener('compositionstart', () => { this._composing = true; clearTimeout(this._timer); });
    input.addEventListener('compositionend', () => { this._composing = false; this._commit(); });
    input.addEventListener('keydown', (e) => this._onKey(e));
    input.addEventListener('focus', () => { this._ensureOpen(); if (this._hasContent()) this._show(true); });
    this.addEventListener('focusout', (e) => {
      if (!this.contains(e.relatedTarget) && !root.contains(e.relatedTarget)) this._show(false);
    });
    clear.addEventListener('click', () => { this.clear(); input.focus(); });
    more.addEventListener('click', () => { this._extra += 1; this._run(); input.focus(); });
    list.addEventListener('click', (e) => {
      const li = e.target.closest('li[role="option"]');
      if (!li || e.target.closest('a')) return; // links navigate by themselves
      const a = li.querySelector('a[href]');
      if (a) location.assign(a.href);
    });
    list.addEventListener('mousedown', (e) => { if (!e.target.closest('a')) e.preventDefault(); });
    this._onGlobalKey = (e) => {
      if (e.defaultPrevented || !this.isConnected) return;
      const slash = e.key === '/' && !e.ctrlKey && !e.metaKey && !e.altKey;
      const ctrlK = (e.key === 'k' || e.key === 'K') && (e.ctrlKey || e.metaKey) && !e.altKey;
      if (!slash && !ctrlK) return;
      const t = typingTarget();
      if (t && (slash || t !== input)) return;
      e.preventDefault();
      input.focus();
      input.select();
    };
  }

  connectedCallback() {
    document.addEventListener('keydown', this._onGlobalKey);
    this._input.placeholder = this.getAttribute('placeholder') || T.placeholder;
    this._setBusy();
    if (!this.hasAttribute('lazy')) this._ensureOpen();
    else this.addEventListener('pointerenter', () => this._ensureOpen(), { once: true });
    if (this.hasAttribute('offline')) this._setupOffline();
    const param = this.getAttribute('param');
    const q = param ? new URL(location.href).searchParams.get(param) : null;
    if (q && !this._input.value) this.value = q;
  }

  disconnectedCallback() {
    document.removeEventListener('keydown', this._onGlobalKey);
    if (this._onControl) navigator.serviceWorker.removeEventListener('controllerchange', this._onControl);
    this._onControl = null;
    this._auto = '';
    this._afterSearch = null;
    clearTimeout(this._dlTimer);
    clearTimeout(this._timer);
    clearTimeout(this._slowTimer);
    if (this._worker) this._worker.terminate();
    this._worker = null;
    this._state = 'idle';
    this._pending = 0;
  }

  attributeChangedCallback(name, old, value) {
    if (name === 'placeholder') {
      this._input.placeholder = value || (this._docs ? T.placeholderDocs(this._docs) : T.placeholder);
    } else if (name === 'index' && old !== value && (this._worker || this._state === 'failed')) {
      if (this._worker) this._worker.terminate();
      this._worker = null;
      this._setAlert('');
      this._state = 'idle';
      this._pending = 0;
      this._ensureOpen();
      if (this._input.value.trim()) this._run();
    }
  }

  /** Articles in the open index (0 until it is open; after a publish,
   * the new build's). */
  get docs() { return this._docs; }

  /** The current query text. */
  get value() { return this._input.value; }
  set value(q) { this._input.value = q; this._clear.hidden = !q; this._run(); }

  /** Clears the query and the results. */
  clear() {
    this._input.value = '';
    this._clear.hidden = true;
    this._run();
  }

  focus() { this._input.focus(); }

  /** Downloads every index file not cached yet (for offline use, whatever
   * its size); resolves to the number of files of the index. */
  prefetch() {
    return this._prefetch(Infinity);
  }

  _prefetch(limit) {
    this._ensureOpen();
    if (!this._worker) return Promise.reject(new Error(this._alert.textContent || 'index not available'));
    return new Promise((resolve, reject) => {
      const w = this._worker;
      const on = (e) => {
        const m = e.data || {};
        const done = (f) => { w.removeEventListener('message', on); f(); };
        if (m.type === 'prefetched') done(() => resolve(m.files));
        else if (m.type === 'prefetch-skipped') done(() => reject(new Error(`index larger than the limit (${m.bytes} bytes)`)));
        else if (m.type === 'prefetch-failed' || (m.type === 'error' && m.fatal)) done(() => reject(new Error(m.message)));
      };
      w.addEventListener('message', on);
      w.postMessage({ type: 'prefetch', limit });
    });
  }

  /** offline-limit in bytes (Infinity for "none"). */
  get _offlineLimit() {
    const a = (this.getAttribute('offline-limit') ?? '').trim();
    if (a === 'none') return Infinity;
    const n = a === '' ? NaN : Number(a);
    return (Number.isFinite(n) && n >= 0 ? n : OFFLINE_LIMIT_MB) * 1e6;
  }

  _offlineEvent(detail) {
    this.dispatchEvent(new CustomEvent('zh-search-offline', { bubbles: true, composed: true, detail }));
  }

  /** Registers the service worker and, once it controls the page, hands it
   * what was fetched before and (offline="all") starts the download. */
  _setupOffline() {
    if (this._onControl) return;
    if (!('serviceWorker' in navigator)) {
      this._offlineEvent({ state: 'skipped', reason: 'no-service-worker' });
      return;
    }
    const sw = navigator.serviceWorker;
    this._swFollow = !sw.controller;
    if (!this.hasAttribute('no-sw') && SW_URL.origin === location.origin) {
      const wanted = this.getAttribute('sw-scope');
      const scope = wanted ? new URL(wanted, document.baseURI) : new URL('./', HERE);
      this._swSettled = sw.register(SW_URL, { scope: scope.href })
        .then((reg) => this._updateSw(reg))
        .catch((err) => {
          console.warn('zh-search: offline mode unavailable:', err.message);
          if (this.getAttribute('offline') === 'all') this._offlineEvent({ state: 'skipped', reason: 'no-service-worker', message: err.message });
        });
    }
    this._onControl = () => { this._swSync(); this._autoPrefetch(); };
    sw.addEventListener('controllerchange', this._onControl);
    if (sw.controller) sw.ready.then(() => this._onControl && this._onControl());
  }

  /** Asks the browser to update the service worker when it is of another
   * version than this widget (a new version was published). */
  async _updateSw(reg) {
    const active = reg.active;
    if (active && !VERSION.startsWith('__')) {
      const ch = new MessageChannel();
      const version = await new Promise((resolve) => {
        ch.port1.onmessage = (e) => resolve((e.data || {}).version);
        active.postMessage({ type: 'zhfind:version' }, [ch.port2]);
        setTimeout(() => resolve(null), 3000);
      });
      ch.port1.close();
      if (version !== VERSION) await reg.update().catch(() => {});
    }
    // Until a new worker is in charge, stay out of the way (a download
    // through the old one keeps it busy, and the new one waiting).
    const until = Date.now() + 30000;
    while ((reg.installing || reg.waiting) && Date.now() < until) {
      await new Promise((r) => setTimeout(r, 250));
    }
  }

  /** Tells the service worker what this page fetched while it was not in
   * control, so that it is cached too (the manifest, the files of the
   * queries made). */
  _swSync() {
    const c = navigator.serviceWorker && navigator.serviceWorker.controller;
    if (!this._swFollow || !c || !this._indexUrl) return;
    if (this._synced && !this._unsent.length) return;
    const names = this._unsent.splice(0);
    const manifest = !this._synced; // the manifest once; then only what the queries fetched
    this._synced = true;
    const ch = new MessageChannel();
    ch.port1.onmessage = (e) => {
      ch.port1.close();
      const r = e.data || {};
      this._offlineEvent(r.ok ? { state: 'saved', files: r.kept } : { state: 'failed', message: r.error });
    };
    c.postMessage({ type: 'zhfind:keep', index: this._indexUrl, names, manifest }, [ch.port2]);
  }

  /** offline="all": download the whole index once the page is idle (or
   * after the first search), unless Save-Data is on. */
  _autoPrefetch() {
    if (this.getAttribute('offline') !== 'all' || this._auto || !navigator.serviceWorker.controller) return;
    if (navigator.connection && navigator.connection.saveData) {
      this._auto = 'skipped';
      this._offlineEvent({ state: 'skipped', reason: 'save-data' });
      return;
    }
    this._auto = 'waiting';
    const go = async () => {
      if (this._auto !== 'waiting' || !this.isConnected) return;
      this._auto = 'started';
      await this._swSettled;
      if (!this.isConnected) { this._auto = ''; return; }
      this._prefetch(this._offlineLimit).catch(() => {}); // the messages tell the outcome
    };
    this._afterSearch = go;
    const idle = (f) => (window.requestIdleCallback ? requestIdleCallback(f, { timeout: 5000 }) : setTimeout(f, 1000));
    if (document.readyState === 'complete') idle(go);
    else window.addEventListener('load', () => idle(go), { once: true });
  }

  _onProgress(m) {
    clearTimeout(this._dlTimer);
    const part = m.totalBytes ? m.bytes / m.totalBytes : m.files ? m.done / m.files : 1;
    const pct = Math.max(m.bytes > 0 ? 1 : 0, Math.min(99, Math.floor(part * 100)));
    this._dl.hidden = false;
    this._bar.hidden = false;
    this._dl.classList.remove('fade');
    this._bar.classList.remove('fade');
    this._dl.textContent = T.dlShort(pct);
    this._bar.firstChild.style.width = `${Math.max(2, part * 100)}%`;
    this._bar.setAttribute('aria-valuenow', String(pct));
    if (m.totalBytes) this._field.title = T.dlTitle(T.mb(m.bytes), T.mb(m.totalBytes));
    this._offlineEvent({ state: 'progress', done: m.done, files: m.files, bytes: m.bytes, totalBytes: m.totalBytes });
  }

  _onPrefetched(m) {
    if (!this._bar.hidden) {
      this._bar.firstChild.style.width = '100%';
      this._bar.setAttribute('aria-valuenow', '100');
      this._dl.textContent = T.dlDone;
      this._field.removeAttribute('title');
      clearTimeout(this._dlTimer);
      this._dlTimer = setTimeout(() => {
        this._dl.classList.add('fade');
        this._bar.classList.add('fade');
        this._dlTimer = setTimeout(() => { this._dl.hidden = true; this._bar.hidden = true; }, 900);
      }, DONE_SHOWN_MS);
    }
    this._offlineEvent({ state: 'done', files: m.files, bytes: m.bytes, fetched: m.fetched });
  }

  _onPrefetchStopped(m) {
    clearTimeout(this._dlTimer);
    this._dl.hidden = true;
    this._bar.hidden = true;
    this._field.removeAttribute('title');
    if (m.type === 'prefetch-skipped') this._offlineEvent({ state: 'skipped', reason: m.reason, bytes: m.bytes, limit: this._offlineLimit });
    else this._offlineEvent({ state: 'failed', message: m.message });
  }

  get _limit() {
    const n = parseInt(this.getAttribute('limit') ?? '', 10);
    return Number.isFinite(n) && n > 0 ? Math.min(n, 100) : 10;
  }

  _ensureOpen() {
    if (this._worker || this._state === 'failed') return;
    const index = this.getAttribute('index');
    if (!index) { this._fail(T.noIndex); return; }
    this._state = 'loading';
    this._setBusy();
    let w;
    try {
      w = startWorker();
    } catch (err) {
      this._fail(T.loadError(String(err && err.message || err)));
      return;
    }
    this._worker = w;
    w.onmessage = (e) => this._onMessage(e.data);
    w.onerror = (e) => { e.preventDefault?.(); this._fail(T.loadError(e.message || '无法启动搜索线程')); };
    const indexUrl = new URL(index, document.baseURI);
    if (!indexUrl.pathname.endsWith('/')) indexUrl.pathname += '/';
    this._indexUrl = indexUrl.href;
    w.postMessage({ type: 'open', indexUrl: indexUrl.href });
  }

  _onMessage(m) {
    if (!m || typeof m !== 'object') return;
    if (Array.isArray(m.fetched) && this._swFollow) {
      this._unsent.push(...m.fetched);
      this._swSync();
    }
    if (m.type === 'progress') this._onProgress(m);
    else if (m.type === 'prefetched') this._onPrefetched(m);
    else if (m.type === 'prefetch-skipped' || m.type === 'prefetch-failed') this._onPrefetchStopped(m);
    else if (m.type === 'ready') {
      this._state = 'ready';
      this._setAlert('');
      this._input.removeAttribute('aria-invalid');
      this._docs = m.docs | 0;
      if (!this.getAttribute('placeholder') && this._docs) this._input.placeholder = T.placeholderDocs(this._docs);
      this._setBusy();
      if (this._pending) this._slowSoon();
    } else if (m.type === 'results') {
      if (m.seq && m.seq === this._primed) this._takePrimed(m.seq);
      if (m.seq !== this._pending) return; // stale: the reader typed on
      this._pending = 0;
      clearTimeout(this._slowTimer);
      this._render(m);
      this._setBusy();
      this.dispatchEvent(new CustomEvent('zh-search-results', { bubbles: true, composed: true, detail: m }));
      if (this._afterSearch) { const go = this._afterSearch; this._afterSearch = null; setTimeout(go, 500); }
    } else if (m.type === 'error') {
      if (m.fatal) {
        this._fail(T.loadError(m.message));
      } else if (m.seq === this._pending) {
        this._pending = 0;
        clearTimeout(this._slowTimer);
        this._renderList([]);
        this._setStatus('');
        this._setAlert(T.queryError(m.message));
        this._setBusy();
      }
      if (!m.fatal) this.dispatchEvent(new CustomEvent('zh-search-error', { bubbles: true, composed: true, detail: { message: m.message } }));
    }
  }

  _fail(message) {
    this._state = 'failed';
    this._failedAt = Date.now();
    if (this._worker) this._worker.terminate();
    this._worker = null;
    this._pending = 0;
    clearTimeout(this._timer);
    clearTimeout(this._slowTimer);
    this._renderList([]);
    this._setStatus('');
    this._setAlert(message);
    this._input.setAttribute('aria-invalid', 'true');
    this._setBusy();
    this._show(true);
    this.dispatchEvent(new CustomEvent('zh-search-error', { bubbles: true, composed: true, detail: { message, fatal: true } }));
  }

  /** A keystroke: the query is sent once typing pauses for DEBOUNCE_MS
   * (Latin letters, pinyin, digits come a key at a time). */
  _schedule() {
    clearTimeout(this._timer);
    this._prime();
    this._timer = setTimeout(() => this._run(true), DEBOUNCE_MS);
  }

  /** Text that arrives whole (an IME's committed word, a paste, a drop):
   * no more keys are coming for it, so it is sent at once. */
  _commit() {
    this._committed = this._input.value.trim();
    this._run(true);
  }

  /** Tells the worker what is being typed, before the debounce sends it:
   * the worker answers at once when it has all the query needs, else loads
   * the query's dictionary entries meanwhile (worker.js, prime). */
  _prime() {
    const q = this._input.value.trim();
    this._primed = 0;
    if (!q || !this._worker || this._state === 'failed') return;
    const seq = ++this._seq;
    this._primed = seq;
    this._primedQ = q;
    this._worker.postMessage({ type: 'prime', q, limit: this._limit, seq });
  }

  /** The worker answered a keystroke at once (see _prime): when the box
   * still holds that text, the answer stands for the debounced search. */
  _takePrimed(seq) {
    this._primed = 0;
    const q = this._input.value.trim();
    if (this._composing || q !== this._primedQ) return;
    clearTimeout(this._timer);
    this._extra = 0;
    this._syncParam(q);
    this._pending = seq;
    this._query = q;
  }

  /** Sends the current query (or clears when it is empty). */
  _run(fromTyping) {
    clearTimeout(this._timer);
    this._primed = 0;
    if (fromTyping) this._extra = 0;
    const q = this._input.value.trim();
    this._syncParam(q);
    if (this._state === 'failed') {
      // A flaky network should not break the box for good: try again.
      if (!q || !this.getAttribute('index') || Date.now() - this._failedAt < RETRY_MS) return;
      this._state = 'idle';
    }
    if (!q) {
      this._seq++;
      this._pending = 0;
      this._extra = 0;
      this._last = null;
      clearTimeout(this._slowTimer);
      this._renderList([]);
      this._setStatus('');
      this._setAlert('');
      this._show(false);
      this._setBusy();
      return;
    }
    this._ensureOpen();
    if (!this._worker) return;
    const seq = ++this._seq;
    this._pending = seq;
    this._query = q;
    this._worker.postMessage({ type: 'search', q, limit: this._limit * (1 + this._extra), seq });
    this._setBusy();
    this._slowSoon();
  }

  _syncParam(q) {
    const param = this.getAttribute('param');
    if (!param) return;
    const url = new URL(location.href);
    if ((url.searchParams.get(param) ?? '') === q) return;
    if (q) url.searchParams.set(param, q);
    else url.searchParams.delete(param);
    try { history.replaceState(history.state, '', url); } catch { /* sandboxed */ }
  }

  _slowSoon() {
    clearTimeout(this._slowTimer);
    const seq = this._pending;
    this._slowTimer = setTimeout(() => {
      if (this._pending !== seq || !seq) return;
      this._setStatus(this._state === 'loading' ? T.loading : T.searching);
      this._show(true);
    }, this._state === 'loading' ? 0 : SLOW_MS);
  }

  _render(r) {
    this._last = r;
    this._setAlert('');
    const hits = Array.isArray(r.hits) ? r.hits : [];
    this._renderList(hits);
    const total = Number(r.total) || 0;
    const ms = Math.max(0, Math.round(Number(r.elapsed_ms ?? r.took_ms) || 0));
    const u = r.unavailable;
    if (u) { // some index files could not be fetched: say so, show what is here
      const note = !u.ranked ? T.offlineIndex : hits.length ? T.offlinePartial(hits.length) : T.offlineDocs;
      this._setStatus(hits.length ? T.total(total, ms) : '', note);
      this._more.hidden = true;
    } else {
      this._setStatus(hits.length ? T.total(total, ms) : T.none(this._query ?? r.query ?? ''));
      this._more.hidden = !(hits.length && total > hits.length);
    }
    this._show(true);
  }

  _renderList(hits) {
    const list = this._list;
    const items = hits.map((h, i) => this._option(h, i));
    list.replaceChildren(...items);
    this._active = -1;
    this._input.removeAttribute('aria-activedescendant');
    this._more.hidden = true;
  }

  _option(h, i) {
    const li = document.createElement('li');
    li.id = this._id(`opt-${i}`);
    li.setAttribute('role', 'option');
    li.setAttribute('aria-selected', 'false');
    li.setAttribute('part', 'result');
    li.dataset.id = String(h.id ?? '');
    const href = this._href(h.url);
    const title = document.createElement(href ? 'a' : 'span');
    title.className = 'title';
    if (href) { title.href = href; title.tabIndex = -1; }
    if (h.title) title.append(highlighted(String(h.title), h.title_marks));
    else { title.textContent = T.untitled; title.classList.add('untitled'); }
    li.append(title);
    const meta = document.createElement('div');
    meta.className = 'meta';
    if (h.date) {
      const t = document.createElement('span');
      t.textContent = String(h.date);
      meta.append(t);
    }
    if (h.page !== undefined && h.page !== null && String(h.page) !== '') {
      const p = document.createElement('span');
      p.textContent = T.page(String(h.page));
      meta.append(p);
    }
    if (meta.childNodes.length) li.append(meta);
    if (h.snippet) {
      const s = document.createElement('p');
      s.className = 'snippet';
      s.append(highlighted(String(h.snippet), h.marks));
      li.append(s);
    }
    return li;
  }

  /** Resolves a result URL; only http(s) (or the page's own scheme) links. */
  _href(url) {
    if (!url) return '';
    try {
      const base = new URL(this.getAttribute('base') || '.', document.baseURI);
      const u = new URL(String(url), base);
      if (u.protocol === 'http:' || u.protocol === 'https:' || u.protocol === location.protocol) return u.href;
    } catch { /* not a URL */ }
    return '';
  }

  _options() { return this._list.querySelectorAll('li[role="option"]'); }

  _setActive(i) {
    const opts = this._options();
    if (this._active >= 0 && opts[this._active]) opts[this._active].setAttribute('aria-selected', 'false');
    this._active = i;
    if (i >= 0 && opts[i]) {
      opts[i].setAttribute('aria-selected', 'true');
      this._input.setAttribute('aria-activedescendant', opts[i].id);
      opts[i].scrollIntoView({ block: 'nearest' });
    } else {
      this._active = -1;
      this._input.removeAttribute('aria-activedescendant');
    }
  }

  _onKey(e) {
    if (e.isComposing || e.keyCode === 229) return;
    const n = this._options().length;
    switch (e.key) {
      case 'ArrowDown':
        if (!n) return;
        e.preventDefault();
        this._show(true);
        this._setActive(this._active + 1 >= n ? 0 : this._active + 1);
        break;
      case 'ArrowUp':
        if (!n) return;
        e.preventDefault();
        this._setActive(this._active <= 0 ? n - 1 : this._active - 1);
        break;
      case 'Enter': {
        e.preventDefault();
        const li = this._active >= 0 ? this._options()[this._active] : null;
        const a = li && li.querySelector('a[href]');
        if (a) location.assign(a.href);
        else if (!li) this._run(true);
        break;
      }
      case 'Escape':
        if (this._input.value) {
          e.preventDefault();
          this.clear();
        } else if (!this._panel.hidden && !this.hasAttribute('inline')) {
          e.preventDefault();
          this._show(false);
        }
        break;
      default:
    }
  }

  _hasContent() {
    return this._list.childElementCount > 0 || !!this._count.textContent || !!this._note.textContent;
  }

  _show(open) {
    const visible = open && this._hasContent();
    this._panel.hidden = !visible;
    this._input.setAttribute('aria-expanded', String(visible && this._list.childElementCount > 0));
  }

  /** The count line, and an optional note under it (offline). */
  _setStatus(text, note = '') {
    const spoken = [text, note].filter(Boolean).join('。');
    if (this._status.textContent !== spoken) this._status.textContent = spoken;
    if (this._count.textContent !== text) this._count.textContent = text;
    if (this._note.textContent !== note) this._note.textContent = note;
  }
  _setAlert(text) { if (this._alert.textContent !== text) this._alert.textContent = text; }

  _setBusy() {
    const busy = this._state === 'loading' || !!this._pending;
    this.setAttribute('aria-busy', String(busy));
  }
}

/** Defines <zh-search> (once), and globalThis.ZhSearch for scripts. */
export function widgetMain() {
  if (!customElements.get('zh-search')) customElements.define('zh-search', ZhSearch);
  globalThis.ZhSearch = customElements.get('zh-search');
}
