#!/usr/bin/env bash
# bench/compare/run.sh: zhfind vs Pagefind side by side (issue 5), on the same
# HTML pages, in one headless Chromium run.  See bench/compare/README.md.
#
#   bench/compare/run.sh [CORPUS...] [-- compare.mjs options]
#     CORPUS  seed  the five OCR pages in ../shared/corpus/pages (zhfind import)
#             10k   .cache/corpus/inews.jsonl + pd1998.jsonl (~10.3k articles)
#             100k  .cache/corpus/synth-100000.jsonl
#             PATH  your own articles: a .jsonl file or a folder of them, or a
#                   folder of OCR page .txt files (through zhfind import)
#             (default: seed 10k)
#   options after CORPUS: --cold N, --first Q, --queries FILE, --rebuild,
#             --http2, --net RTT:KBPS (a phone link, e.g. 150:1600),
#             --no-browser (see `node bench/compare/compare.mjs --help`)
#   BUILD=1 bench/compare/run.sh ...   run ./build.sh first (CLI + www/pkg)
#
# What it does:
#   1. npm ci in bench/compare (pagefind 1.6.0 with its extended binary from
#      @pagefind/linux-x64, playwright-core; no browser download)
#   2. fetches the corpora when missing (../shared/tools/corpora/fetch.sh)
#   3. checks that target/release/zhfind and www/pkg exist (else ./build.sh)
#   4. node bench/compare/compare.mjs CORPUS...: writes one page per article
#      under .cache/compare/<corpus>/site/a/, builds Pagefind and zhfind over
#      them (timed), serves both from 127.0.0.1 and measures, in one browser:
#      first-query payload and time, warm query latency p50/p95 (50 queries,
#      bench/compare/queries.txt), bundle size and files, build time.
#      Prints a table per corpus; writes bench/results/compare-<corpus>.json.
set -euo pipefail
HERE=$(cd "$(dirname "$0")" && pwd)
ROOT=$(cd "$HERE/../.." && pwd)
cd "$ROOT"
export PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD=1

corpora=()
opts=()
while [ $# -gt 0 ]; do
  case "$1" in
    seed | 10k | 100k) corpora+=("$1") ;;
    -h | --help) sed -n '2,28p' "$0" | sed 's/^# \{0,1\}//'; exit 0 ;;
    --) shift; opts+=("$@"); break ;;
    --cold | --first | --queries | --tag | --net) opts+=("$1" "${2:?$1 needs a value}"); shift ;;
    -*) opts+=("$1") ;;
    *) [ -e "$1" ] || { echo "run.sh: $1: no such corpus, file or folder" >&2; exit 2; }
       corpora+=("$1") ;;
  esac
  shift
done
[ ${#corpora[@]} -gt 0 ] || corpora=(seed 10k)

say() { printf '==> %s\n' "$*" >&2; }

# 1. npm packages
command -v node >/dev/null || { echo "run.sh: node is required" >&2; exit 1; }
[ -x /usr/bin/chromium ] || [ -n "${CHROMIUM:-}" ] || { echo "run.sh: /usr/bin/chromium missing (apt-get install chromium; ./build.sh test installs it)" >&2; exit 1; }
if [ ! -x "$HERE/node_modules/.bin/pagefind" ] || [ ! -d "$HERE/node_modules/playwright-core" ] \
  || [ "$HERE/package-lock.json" -nt "$HERE/node_modules/.package-lock.json" ]; then
  say "npm ci in bench/compare (pagefind, playwright-core)"
  (cd "$HERE" && npm ci --no-audit --no-fund --loglevel=error)
fi

# 2. corpora
for c in "${corpora[@]}"; do
  case "$c" in
    10k)
      if [ ! -s .cache/corpus/inews.jsonl ] || [ ! -s .cache/corpus/pd1998.jsonl ]; then
        say "fetching the 10k corpus into .cache/corpus"
        bash ../shared/tools/corpora/fetch.sh .cache/corpus
      fi ;;
    100k)
      if [ ! -s .cache/corpus/synth-100000.jsonl ]; then
        say "generating the 100k corpus into .cache/corpus (synth)"
        bash ../shared/tools/corpora/fetch.sh .cache/corpus --synth 100000
      fi ;;
  esac
done

# 3. zhfind CLI and wasm package
if [ "${BUILD:-0}" = 1 ] || [ ! -x target/release/zhfind ] || [ ! -f www/pkg/zhfind_bg.wasm ] || [ ! -f www/zh-search.js ]; then
  say "./build.sh (zhfind CLI, www/pkg)"
  ./build.sh
fi

# 4. build, serve, measure
exec node "$HERE/compare.mjs" "${opts[@]}" "${corpora[@]}"
