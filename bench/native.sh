#!/usr/bin/env bash
# Native benchmark of the core engine (issue 2): build speed, memory, index
# size and query latency on the ~10k real articles and 100k synthetic ones.
#
#   bench/native.sh            # both corpora
#   bench/native.sh 10k        # only the real corpus
#   bench/native.sh 1m         # the scale run: 1,000,000 synthetic articles
#                              # (2.6 GB of JSONL, ~5 GB of index; slow)
#
# Corpora are fetched with ../shared/tools/corpora/fetch.sh into .cache/corpus
# (git-ignored). Results: a table on stdout and JSON lines in
# bench/results/native.jsonl.
set -euo pipefail
cd "$(dirname "$0")/.."
which=${1:-all}
corpus=.cache/corpus
fetch=../shared/tools/corpora/fetch.sh
if [ "$which" = 1m ] && [ ! -s "$corpus/synth-1000000.jsonl" ]; then
  "$fetch" "$corpus" --synth 1000000
fi
if [ ! -s "$corpus/inews.jsonl" ] || { [ "$which" != 10k ] && [ ! -s "$corpus/synth-100000.jsonl" ]; }; then
  [ -x "$fetch" ] || { echo "bench: $fetch not found; put the corpora in $corpus" >&2; exit 1; }
  if [ "$which" = 10k ]; then "$fetch" "$corpus"; else "$fetch" "$corpus" --synth 100000; fi
fi
command -v /usr/bin/time >/dev/null || { echo "bench: needs /usr/bin/time (apt-get install time)" >&2; exit 1; }
cargo build --release --quiet
cargo bench --no-run --quiet --bench query_latency 2>/dev/null
mkdir -p bench/results
out=bench/results/native.jsonl
: > "$out"

run() { # name inputs...
  local name=$1; shift
  local dir=.cache/bench-$name
  local input_bytes
  input_bytes=$(cat "$@" | wc -c)
  /usr/bin/time -f '%e %M' -o /tmp/zhfind-time ./target/release/zhfind build --json --out "$dir" "$@" > /tmp/zhfind-build.json
  read -r secs rss_kb < /tmp/zhfind-time
  local lat
  lat=$(cargo bench --quiet --bench query_latency -- "$dir" bench/queries.txt 20)
  python3 - "$name" "$input_bytes" "$secs" "$rss_kb" "$lat" /tmp/zhfind-build.json >> "$out" <<'PY'
import json, sys
name, inb, secs, rss, lat, build = sys.argv[1], int(sys.argv[2]), float(sys.argv[3]), int(sys.argv[4]), json.loads(sys.argv[5]), json.load(open(sys.argv[6]))
files = {f["kind"]: f for f in build["files"]}
print(json.dumps({
    "corpus": name, "articles": build["indexed"], "rejected": len(build["rejected"]),
    "input_mb": round(inb / 1e6, 1), "text_mb": round(build["input_bytes"] / 1e6, 1),
    "build_s": secs, "mb_per_s": round(build["input_bytes"] / 1e6 / secs, 2),
    "mb_per_s_per_core": round(build["input_bytes"] / 1e6 / secs / 2, 2),
    "peak_rss_mb": round(rss / 1024), "terms": build["terms"],
    "index_mb": {k: round(v["bytes"] / 1e6, 2) for k, v in files.items()},
    "index_files": sum(v["files"] for v in files.values()),
    "index_to_text": round(sum(v["bytes"] for v in files.values()) / build["input_bytes"], 2),
    "query_p50_ms": lat["p50_ms"], "query_p95_ms": lat["p95_ms"], "query_max_ms": lat["max_ms"],
}))
PY
  tail -n 1 "$out"
}

if [ "$which" = 1m ]; then
  run synth-1m "$corpus/synth-1000000.jsonl"
else
  run real-10k "$corpus/inews.jsonl" "$corpus/pd1998.jsonl"
  [ "$which" = 10k ] || run synth-100k "$corpus/synth-100000.jsonl"
fi
python3 - "$out" <<'PY'
import json, sys
rows = [json.loads(l) for l in open(sys.argv[1])]
print(f"\n{'corpus':<12}{'articles':>9}{'text MB':>9}{'build s':>9}{'MB/s':>7}{'RSS MB':>8}{'index MB':>10}{'files':>7}{'p50 ms':>8}{'p95 ms':>8}")
for r in rows:
    print(f"{r['corpus']:<12}{r['articles']:>9}{r['text_mb']:>9}{r['build_s']:>9}{r['mb_per_s']:>7}{r['peak_rss_mb']:>8}{sum(r['index_mb'].values()):>10.1f}{r['index_files']:>7}{r['query_p50_ms']:>8}{r['query_p95_ms']:>8}")
PY
