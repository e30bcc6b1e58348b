//! Native query latency with the index already open and loaded.
//!
//! ```text
//! cargo bench --bench query_latency -- INDEX_DIR [QUERIES_FILE] [ROUNDS]
//! ```
//!
//! Runs every query of QUERIES_FILE (default bench/queries.txt) ROUNDS
//! times (default 20) after one warm-up round and prints p50/p95/max in
//! milliseconds as one JSON line.

use std::time::Instant;
use zhfind::{Index, SearchOptions};

fn main() {
    let args: Vec<String> = std::env::args()
        .skip(1)
        .filter(|a| a != "--bench")
        .collect();
    let Some(dir) = args.first() else {
        eprintln!("usage: cargo bench --bench query_latency -- INDEX_DIR [QUERIES_FILE] [ROUNDS]");
        std::process::exit(2);
    };
    let qfile = args
        .get(1)
        .cloned()
        .unwrap_or_else(|| "bench/queries.txt".into());
    let rounds: usize = args.get(2).and_then(|r| r.parse().ok()).unwrap_or(20);
    let queries: Vec<String> = std::fs::read_to_string(&qfile)
        .expect("queries file")
        .lines()
        .map(str::trim)
        .filter(|l| !l.is_empty() && !l.starts_with('#'))
        .map(str::to_string)
        .collect();
    let t = Instant::now();
    let mut index = Index::open_dir(dir).expect("open index");
    index.load_all().expect("load index");
    let load_ms = t.elapsed().as_secs_f64() * 1e3;
    let opts = SearchOptions::default();
    let mut times = Vec::new();
    let mut totals = 0usize;
    for round in 0..=rounds {
        for q in &queries {
            // A different query in between defeats the one-query result cache.
            index
                .search(
                    "的",
                    &SearchOptions {
                        limit: 1,
                        ..opts.clone()
                    },
                )
                .ok();
            let t = Instant::now();
            let r = index.query(q, &opts).expect("search");
            let ms = t.elapsed().as_secs_f64() * 1e3;
            if round > 0 {
                times.push(ms);
            } else {
                totals += r.total;
            }
        }
    }
    times.sort_by(f64::total_cmp);
    let pct = |p: f64| times[((times.len() as f64 * p) as usize).min(times.len() - 1)];
    println!(
        "{{\"index\":{dir:?},\"queries\":{},\"rounds\":{rounds},\"load_ms\":{load_ms:.1},\"p50_ms\":{:.3},\"p95_ms\":{:.3},\"max_ms\":{:.3},\"hits_total\":{totals}}}",
        queries.len(),
        pct(0.50),
        pct(0.95),
        times[times.len() - 1]
    );
}
