#!/usr/bin/env bash
# bench/compare/firsts.sh: the first-query payload for several first queries,
# zhfind vs Pagefind, on one corpus (compare.mjs measures one first query,
# 融媒体; a frequent word costs more). Each query: one cold run per tool and
# one warm query, results in bench/results/compare-<corpus>-first<N>.json.
#
#   bench/compare/firsts.sh [CORPUS] [QUERY...]   (default: 10k and seven queries)
#
# Needs what run.sh sets up (npm ci here, the corpus built: run run.sh first).
set -euo pipefail
cd "$(dirname "$0")/../.."
corpus=${1:-10k}
shift || true
queries=("$@")
[ ${#queries[@]} -gt 0 ] || queries=(融媒体 经济发展 中国 改革开放 香港 习近平 记者)
warm=$(mktemp)
trap 'rm -f "$warm"' EXIT
echo 香港 >"$warm"
for i in "${!queries[@]}"; do
  echo "firsts: ${queries[$i]} ..." >&2
  node bench/compare/compare.mjs "$corpus" --first "${queries[$i]}" --cold 1 \
    --queries "$warm" --tag "first$i" >/dev/null
done
node - "$corpus" "${#queries[@]}" <<'EOF'
const [corpus, n] = process.argv.slice(2);
const kib = (p) => p ? (p.total.wire / 1024).toFixed(1) : 'n/a';
const rows = [];
for (let i = 0; i < Number(n); i++) {
  const r = JSON.parse(require('fs').readFileSync(`bench/results/compare-${corpus}-first${i}.json`, 'utf8'));
  const zh = r.zhfind.first_payload, pf = r.pagefind.first_payload;
  const ratio = zh && pf ? zh.total.wire / pf.total.wire : NaN;
  rows.push(ratio);
  console.log(`${r.first_query.padEnd(8, '　')}  zhfind ${kib(zh).padStart(7)} KiB  Pagefind ${kib(pf).padStart(7)} KiB  ratio ${ratio.toFixed(2)}`);
}
const ok = rows.filter((x) => !Number.isNaN(x)).sort((a, b) => a - b);
if (ok.length) console.log(`ratio: min ${ok[0].toFixed(2)}, median ${ok[Math.floor((ok.length - 1) / 2)].toFixed(2)}, max ${ok[ok.length - 1].toFixed(2)}`);
EOF
