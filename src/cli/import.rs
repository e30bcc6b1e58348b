//! `zhfind import`: OCR'd page text to article JSONL.
//!
//! Writes one JSON object per item (see [`zhfind::import`]) to stdout or
//! `--out`, and a summary to stderr: per page the articles, captions and
//! unassigned items (with their Han characters), then totals.

use std::io::Write;
use std::path::{Path, PathBuf};

use zhfind::import::{han_chars, import_page, kind, page_text, to_json_line, ImportOptions};
use zhfind::{Error, InputError};

/// Arguments of `zhfind import`.
#[derive(clap::Args)]
pub struct ImportArgs {
    /// Page files (`.txt`) or folders, walked for `*.txt` in sorted order.
    /// A name like `[PAPER_]YYYY-MM-DD_PAGE.txt` gives the page's metadata.
    #[arg(required = true, value_name = "PAGE_OR_DIR")]
    pub inputs: Vec<PathBuf>,
    /// Publication date (YYYY-MM-DD) of every page; overrides file names.
    #[arg(long)]
    pub date: Option<String>,
    /// Page number (版次) of every page; overrides file names.
    #[arg(long)]
    pub page: Option<String>,
    /// Newspaper name; used in ids and urls.
    #[arg(long)]
    pub paper: Option<String>,
    /// Url pattern for each item's `url`, with placeholders {paper}, {date},
    /// {yyyy}, {mm}, {dd}, {page}, {stem} (file name), {id} and {num} (item
    /// number on the page); empty path segments are dropped
    #[arg(long, value_name = "PATTERN", default_value = zhfind::import::DEFAULT_URL_PATTERN)]
    pub url: String,
    /// Write the JSONL here instead of stdout.
    #[arg(long, value_name = "FILE")]
    pub out: Option<PathBuf>,
}

/// Collects `*.txt` files under `path` (or `path` itself), sorted.
fn collect(path: &Path, out: &mut Vec<PathBuf>) -> zhfind::Result<()> {
    let meta = std::fs::metadata(path).map_err(|e| Error::io(path.display().to_string(), e))?;
    if !meta.is_dir() {
        out.push(path.to_path_buf());
        return Ok(());
    }
    let mut entries: Vec<PathBuf> = std::fs::read_dir(path)
        .map_err(|e| Error::io(path.display().to_string(), e))?
        .map(|e| e.map(|e| e.path()))
        .collect::<Result<_, _>>()
        .map_err(|e| Error::io(path.display().to_string(), e))?;
    entries.sort();
    for p in entries {
        if p.is_dir() {
            collect(&p, out)?;
        } else if p.extension().is_some_and(|x| x == "txt") {
            out.push(p);
        }
    }
    Ok(())
}

/// Runs `zhfind import`.
pub fn run(args: ImportArgs) -> zhfind::Result<()> {
    let opts = ImportOptions {
        date: args.date,
        page: args.page,
        paper: args.paper,
        url_pattern: Some(args.url),
    };
    let mut files = Vec::new();
    for p in &args.inputs {
        let before = files.len();
        collect(p, &mut files)?;
        if files.len() == before {
            return Err(Error::Other(format!(
                "{}: no .txt pages found",
                p.display()
            )));
        }
    }
    let (out_name, sink): (String, Box<dyn Write>) = match &args.out {
        Some(p) => {
            let f = std::fs::File::create(p).map_err(|e| Error::io(p.display().to_string(), e))?;
            (p.display().to_string(), Box::new(f))
        }
        None => ("stdout".to_string(), Box::new(std::io::stdout().lock())),
    };
    let mut sink = std::io::BufWriter::new(sink);
    let mut seen = std::collections::HashMap::new();
    let (mut arts, mut caps, mut loose, mut loose_chars, mut han_in, mut han_out) =
        (0, 0, 0, 0, 0, 0);
    for path in &files {
        let name = path.display().to_string();
        let bytes = std::fs::read(path).map_err(|e| Error::io(&name, e))?;
        let text = page_text(&bytes, &name)?;
        let page = import_page(text, &name, &opts)?;
        let mut chars = 0;
        for a in &page.articles {
            if let Some(other) = seen.insert(a.id.clone(), name.clone()) {
                return Err(InputError {
                    file: name,
                    line: None,
                    field: Some("id".into()),
                    reason: format!(
                        "duplicate id `{}` (also made from {other}); give --date and --page",
                        a.id
                    ),
                }
                .into());
            }
            if kind(a) == "unassigned" {
                chars += han_chars(a);
            }
            writeln!(sink, "{}", to_json_line(a)).map_err(|e| Error::io(&out_name, e))?;
        }
        let s = &page.stats;
        eprintln!(
            "{name}: {} articles, {} captions, {} unassigned ({chars} Han chars); Han chars {} in, {} out",
            s.articles, s.captions, s.unassigned, s.han_chars_in, s.han_chars_out
        );
        arts += s.articles;
        caps += s.captions;
        loose += s.unassigned;
        loose_chars += chars;
        han_in += s.han_chars_in;
        han_out += s.han_chars_out;
    }
    sink.flush().map_err(|e| Error::io(&out_name, e))?;
    eprintln!(
        "total: {} pages, {arts} articles, {caps} captions, {loose} unassigned ({loose_chars} Han chars); Han chars {han_in} in, {han_out} out",
        files.len()
    );
    Ok(())
}
