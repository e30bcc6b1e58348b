//! Finding and reading build inputs: JSONL files and OCR page text.

use crate::article::{Article, JsonlReader};
use crate::error::{Error, InputError, Result};
use std::io::BufReader;
use std::path::{Path, PathBuf};

/// The kind of an input file, by extension.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum InputKind {
    /// Article JSONL (`.jsonl`, `.ndjson`).
    Jsonl,
    /// OCR'd page text (`.txt`).
    Page,
}

/// Expands inputs: files as given, directories walked (sorted) for
/// `.jsonl`/`.ndjson`/`.txt` files. Unknown extensions are an error.
pub fn expand(inputs: &[PathBuf]) -> Result<Vec<(PathBuf, InputKind)>> {
    let mut out = Vec::new();
    for p in inputs {
        let meta = std::fs::metadata(p).map_err(|e| Error::io(p.display().to_string(), e))?;
        if meta.is_dir() {
            let mut found = Vec::new();
            walk(p, &mut found)?;
            found.sort();
            out.extend(
                found
                    .into_iter()
                    .filter_map(|f| kind_of(&f).map(|k| (f, k))),
            );
        } else {
            let kind = kind_of(p).ok_or_else(|| {
                Error::Other(format!(
                    "{}: unknown input type (expected .jsonl article lines or .txt page text)",
                    p.display()
                ))
            })?;
            out.push((p.clone(), kind));
        }
    }
    Ok(out)
}

fn walk(dir: &Path, out: &mut Vec<PathBuf>) -> Result<()> {
    let rd = std::fs::read_dir(dir).map_err(|e| Error::io(dir.display().to_string(), e))?;
    for entry in rd {
        let entry = entry.map_err(|e| Error::io(dir.display().to_string(), e))?;
        let path = entry.path();
        if path.is_dir() {
            walk(&path, out)?;
        } else {
            out.push(path);
        }
    }
    Ok(())
}

fn kind_of(p: &Path) -> Option<InputKind> {
    match p.extension()?.to_str()? {
        "jsonl" | "ndjson" => Some(InputKind::Jsonl),
        "txt" => Some(InputKind::Page),
        _ => None,
    }
}

/// Reads one JSONL file, calling `batch` with up to `size` articles at a
/// time and `reject` for each bad line.
pub fn read_jsonl(
    path: &Path,
    size: usize,
    mut batch: impl FnMut(Vec<Article>),
    mut reject: impl FnMut(InputError),
) -> Result<()> {
    let name = path.display().to_string();
    let f = std::fs::File::open(path).map_err(|e| Error::io(name.clone(), e))?;
    let mut buf = Vec::with_capacity(size);
    for item in JsonlReader::new(BufReader::with_capacity(1 << 20, f), name) {
        match item {
            Ok(a) => {
                buf.push(a);
                if buf.len() == size {
                    batch(std::mem::replace(&mut buf, Vec::with_capacity(size)));
                }
            }
            Err(e) => reject(e),
        }
    }
    if !buf.is_empty() {
        batch(buf);
    }
    Ok(())
}
