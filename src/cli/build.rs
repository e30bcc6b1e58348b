//! `zhfind build`: articles in, index folder out.

use indicatif::{ProgressBar, ProgressStyle};
use std::collections::BTreeMap;
use std::io::IsTerminal;
use std::path::PathBuf;
use std::sync::mpsc::SyncSender;
use zhfind::build::input::{expand, read_jsonl, InputKind};
use zhfind::build::{BuildOptions, BuildSummary, Builder};
use zhfind::{Article, InputError};

/// Arguments of `zhfind build`.
#[derive(clap::Args)]
pub struct BuildArgs {
    /// Output folder (created; an old index in it is replaced).
    #[arg(long)]
    out: PathBuf,
    /// URL for articles without one; placeholders {id}, {date}, {page}.
    #[arg(long, value_name = "TEMPLATE")]
    url_template: Option<String>,
    /// Target size of a dictionary shard in KiB (before compression). By
    /// default 2, and a tiny index (a dictionary under 512 KiB) is cut
    /// into 64 shards instead, which builds it faster.
    #[arg(long)]
    shard_kib: Option<usize>,
    /// Documents per fragment pack.
    #[arg(long, default_value_t = 256)]
    fragment_docs: u32,
    /// Postings held in memory (MiB) before they go to temporary sorted runs
    /// on disk (in the output folder); bounds memory for any archive size.
    #[arg(long, default_value_t = 1024, value_name = "MIB")]
    memory_mib: usize,
    /// Join the data files into one (v/<build>/data.bin) when they add up
    /// to at most this many MiB: fewer files for static hosts and CDNs; 0
    /// never joins.
    #[arg(long, default_value_t = 16, value_name = "MIB")]
    join_mib: u64,
    /// Print the summary as JSON on stdout.
    #[arg(long)]
    json: bool,
    /// Article JSONL files (.jsonl), OCR page text (.txt), or folders of them.
    #[arg(required = true, value_name = "INPUT")]
    inputs: Vec<PathBuf>,
}

const BATCH: usize = 2048;

/// What the input reader hands to the builder, in input order.
enum Input {
    /// Articles, and the file they came from.
    Batch(Vec<Article>, String),
    /// A record that could not be read.
    Rejected(InputError),
}

/// Reads every input file in order and sends its batches (then its
/// rejected lines) on; stops when the builder is gone.
fn read_inputs(files: &[(PathBuf, InputKind)], tx: SyncSender<Input>) -> zhfind::Result<()> {
    for (path, kind) in files {
        let name = path.display().to_string();
        match kind {
            InputKind::Jsonl => {
                let mut rejects = Vec::new();
                let mut open = true;
                read_jsonl(
                    path,
                    BATCH,
                    |batch| open = open && tx.send(Input::Batch(batch, name.clone())).is_ok(),
                    |e| rejects.push(e),
                )?;
                for e in rejects {
                    open = open && tx.send(Input::Rejected(e)).is_ok();
                }
                if !open {
                    return Ok(());
                }
            }
            InputKind::Page => {
                let articles = super::pages_input::read_page(path)?;
                if tx.send(Input::Batch(articles, name)).is_err() {
                    return Ok(());
                }
            }
        }
    }
    Ok(())
}

/// Runs `zhfind build`.
pub fn run(args: BuildArgs) -> zhfind::Result<()> {
    let files = expand(&args.inputs)?;
    if files.is_empty() {
        return Err(zhfind::Error::Other(
            "no .jsonl or .txt input files found".into(),
        ));
    }
    let total_bytes: u64 = files
        .iter()
        .filter_map(|(p, _)| std::fs::metadata(p).ok())
        .map(|m| m.len())
        .sum();
    let mut opts = BuildOptions {
        fragment_docs: args.fragment_docs.max(1),
        url_template: args.url_template.clone(),
        memory_bytes: args.memory_mib.max(16) << 20,
        join_bytes: args.join_mib << 20,
        ..Default::default()
    };
    if let Some(kib) = args.shard_kib {
        opts.shard_bytes = kib.max(1) * 1024;
        opts.small_dict_shards = 0;
    }
    let bar = if std::io::stderr().is_terminal() {
        let bar = ProgressBar::new(total_bytes);
        bar.set_style(
            ProgressStyle::with_template(
                "{spinner} [{elapsed_precise}] {bar:30} {bytes}/{total_bytes} {msg}",
            )
            .expect("valid template"),
        );
        bar
    } else {
        ProgressBar::hidden()
    };
    // A thread reads and parses the inputs (and jieba's dictionary loads
    // meanwhile) while the builder analyses the batch before.
    let (tx, rx) = std::sync::mpsc::sync_channel(1);
    let summary = std::thread::scope(|s| {
        let reader = s.spawn(|| read_inputs(&files, tx));
        let mut b = Builder::new(&args.out, opts)?;
        for input in rx {
            match input {
                Input::Batch(batch, name) => {
                    let bytes: u64 = batch
                        .iter()
                        .map(|a| (a.body.len() + a.title.len()) as u64)
                        .sum();
                    b.add_batch(batch, &name);
                    bar.inc(bytes);
                    bar.set_message(format!("{} articles", b.indexed()));
                }
                Input::Rejected(e) => b.reject(e),
            }
        }
        reader
            .join()
            .map_err(|_| zhfind::Error::Other("the input reader panicked".into()))??;
        bar.finish_and_clear();
        b.finish()
    })?;
    if args.json {
        println!("{}", summary_json(&summary));
    }
    print_summary(&summary, &args.out);
    Ok(())
}

fn print_summary(s: &BuildSummary, out: &std::path::Path) {
    let mut reasons: BTreeMap<String, u64> = BTreeMap::new();
    for r in &s.rejected {
        let key =
            r.0.field
                .as_deref()
                .map_or_else(|| "line".to_string(), |f| format!("field `{f}`"));
        *reasons.entry(key).or_default() += 1;
    }
    eprintln!(
        "zhfind build: {} read, {} indexed, {} rejected -> {}",
        s.read,
        s.indexed,
        s.rejected.len(),
        out.display()
    );
    for (i, r) in s.rejected.iter().enumerate() {
        if i == 20 {
            eprintln!("  ... and {} more rejections", s.rejected.len() - 20);
            break;
        }
        eprintln!("  rejected: {}", r.0);
    }
    for (k, n) in &reasons {
        eprintln!("  rejected for {k}: {n}");
    }
    eprintln!("  distinct terms: {}", s.terms);
    let width = s.files.iter().map(|f| f.0.len()).max().unwrap_or(0);
    for (kind, files, bytes) in &s.files {
        eprintln!("  {kind:<width$} {files:>7} files {:>12} bytes", bytes);
    }
    eprintln!(
        "  time: analyse {:.3} s, merge {:.3} s, write {:.3} s",
        s.phases[0], s.phases[1], s.phases[2]
    );
    if s.runs > 0 {
        eprintln!(
            "  memory: postings went through {} sorted runs on disk",
            s.runs
        );
    }
    let mb = s.input_bytes as f64 / 1e6;
    eprintln!(
        "  input text: {mb:.1} MB in {:.2} s ({:.2} MB/s)",
        s.seconds,
        mb / s.seconds.max(1e-9)
    );
}

fn summary_json(s: &BuildSummary) -> String {
    let files: Vec<serde_json::Value> = s
        .files
        .iter()
        .map(|(k, n, b)| serde_json::json!({"kind": k, "files": n, "bytes": b}))
        .collect();
    serde_json::json!({
        "read": s.read,
        "indexed": s.indexed,
        "rejected": s.rejected.iter().map(|r| r.0.to_string()).collect::<Vec<_>>(),
        "terms": s.terms,
        "input_bytes": s.input_bytes,
        "files": files,
        "seconds": s.seconds,
        "phases": {"analyze": s.phases[0], "merge": s.phases[1], "write": s.phases[2]},
        "runs": s.runs,
    })
    .to_string()
}
