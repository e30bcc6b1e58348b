//! `zhfind query`: search an index folder.

use std::path::PathBuf;
use std::time::Instant;
use zhfind::{Index, SearchOptions};

/// Arguments of `zhfind query`.
#[derive(clap::Args)]
pub struct QueryArgs {
    /// The index folder (holding manifest.json).
    #[arg(long)]
    index: PathBuf,
    /// Hits to show; 0 shows all.
    #[arg(long, default_value_t = 10)]
    limit: usize,
    /// Print one JSON object instead of text.
    #[arg(long)]
    json: bool,
    /// The query: words (AND), "phrase", -exclude, A OR B.
    #[arg(required = true, num_args = 1.., value_name = "QUERY")]
    query: Vec<String>,
}

/// Runs `zhfind query`.
pub fn run(args: QueryArgs) -> zhfind::Result<()> {
    let query = args.query.join(" ");
    let mut index = Index::open_dir(&args.index)?;
    let opts = SearchOptions {
        limit: args.limit,
        ..Default::default()
    };
    let t = Instant::now();
    let mut r = index.query(&query, &opts)?;
    r.took_ms = (t.elapsed().as_secs_f64() * 1e6).round() / 1e3;
    if args.json {
        println!(
            "{}",
            serde_json::to_string(&r).map_err(|e| zhfind::Error::Other(e.to_string()))?
        );
        return Ok(());
    }
    println!("{} results for {} ({} ms)", r.total, r.query, r.took_ms);
    for (i, h) in r.hits.iter().enumerate() {
        let meta: Vec<&str> = [h.date.as_str(), h.page.as_str()]
            .into_iter()
            .filter(|s| !s.is_empty())
            .collect();
        println!(
            "\n{:>3}. {}  [{}]  {}",
            i + 1,
            h.title,
            h.id,
            meta.join(" · ")
        );
        if !h.url.is_empty() {
            println!("     {}", h.url);
        }
        println!("     {}", highlight(&h.snippet, &h.marks));
        println!("     score {}", h.score);
    }
    Ok(())
}

fn highlight(s: &str, marks: &[[u32; 2]]) -> String {
    let chars: Vec<char> = s.chars().collect();
    let mut out = String::new();
    let mut at = 0;
    for m in marks {
        let (a, b) = (m[0] as usize, (m[1] as usize).min(chars.len()));
        out.extend(&chars[at..a]);
        out.push('【');
        out.extend(&chars[a..b]);
        out.push('】');
        at = b;
    }
    out.extend(&chars[at..]);
    out
}
