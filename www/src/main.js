// www/src/main.js: the entry of zh-search.js (built by tools/bundle/bundle.mjs).
//
// One script plays three parts, by the global scope it runs in:
//   a page                  the <zh-search> widget (widget.js)
//   a dedicated worker      the search worker the widget starts (worker.js)
//   a service worker        the offline cache of <zh-search offline> (sw.js),
//                           registered by the widget or importScripts()'d
//                           by a site's own service worker
// Each module only defines things when loaded; its main function starts it.
import { widgetMain } from './widget.js';
import { workerMain } from './worker.js';
import { serviceWorkerMain } from './sw.js';

const g = globalThis;
if (typeof g.ServiceWorkerGlobalScope === 'function' && g instanceof g.ServiceWorkerGlobalScope) serviceWorkerMain();
else if (typeof g.WorkerGlobalScope === 'function' && g instanceof g.WorkerGlobalScope) workerMain();
else if (typeof g.document === 'object' && g.document) widgetMain();
