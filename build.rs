//! Build script, for the native build:
//!
//! - compiles jieba-rs's dictionary into an FST, so a small build need not
//!   load all of it (see `src/segment/lexicon.rs`);
//! - tabulates the full fold of every BMP character that the built-in rules
//!   do not give (`FullFold::differences`), with the crate's own fold code,
//!   so a build need not compute it (~10 ms, most of a build of one page).
//!
//! The dictionary is the `src/data/dict.txt` of the jieba-rs package cargo
//! downloaded for this build (the version in Cargo.lock), read from cargo's
//! registry or a `vendor/` folder, or from the file `ZHFIND_JIEBA_DICT`
//! names. It lands in `OUT_DIR` as `jieba-dict.fst` (word -> frequency) and
//! `jieba-dict.rs` (the frequencies' total, as jieba sums them). Nothing is
//! written into the source tree. Without the file the FST is empty and every
//! build loads jieba's whole dictionary, as before (a warning says so).

use std::collections::BTreeMap;
use std::env;
use std::fmt::Write;
use std::fs;
use std::path::{Path, PathBuf};

// The fold, as the crate has it (both files stand alone).
#[path = "src/normalize/fold/builtin.rs"]
mod builtin;
#[path = "src/normalize/fold/full.rs"]
mod full;

fn main() {
    println!("cargo:rerun-if-changed=build.rs");
    println!("cargo:rerun-if-changed=Cargo.lock");
    println!("cargo:rerun-if-env-changed=ZHFIND_JIEBA_DICT");
    let out = PathBuf::from(env::var_os("OUT_DIR").expect("cargo sets OUT_DIR"));
    // The browser module never segments with jieba: nothing to embed.
    let native = env::var("CARGO_CFG_TARGET_ARCH").map_or(true, |a| a != "wasm32");
    let (fst, total, words) = match native.then(find_dict).flatten() {
        Some(path) => {
            println!("cargo:rerun-if-changed={}", path.display());
            compile(&path)
        }
        None => {
            if native {
                println!(
                    "cargo:warning=jieba-rs's dict.txt not found (set ZHFIND_JIEBA_DICT): \
                     every build will load jieba's whole dictionary"
                );
            }
            (Vec::new(), 0, 0)
        }
    };
    fs::write(out.join("jieba-dict.fst"), fst).expect("writing OUT_DIR/jieba-dict.fst");
    let consts = format!(
        "/// Sum of the frequencies of jieba's dictionary.\npub const TOTAL: u64 = {total};\n\
         /// Words in jieba's dictionary.\npub const WORDS: u64 = {words};\n"
    );
    fs::write(out.join("jieba-dict.rs"), consts).expect("writing OUT_DIR/jieba-dict.rs");

    println!("cargo:rerun-if-changed=src/normalize/fold/builtin.rs");
    println!("cargo:rerun-if-changed=src/normalize/fold/full.rs");
    let mut table = String::from("&[\n");
    if native {
        for c in (0x80u32..=0xffff).filter_map(char::from_u32) {
            if let Some(to) = full::difference(c) {
                let _ = writeln!(table, "    ({c:?}, {to:?}),");
            }
        }
    }
    table.push(']');
    fs::write(out.join("fold-differences.rs"), table).expect("writing OUT_DIR/fold-differences.rs");
}

/// Where jieba-rs's dictionary is, if anywhere this machine has it.
fn find_dict() -> Option<PathBuf> {
    if let Some(p) = env::var_os("ZHFIND_JIEBA_DICT") {
        return Some(PathBuf::from(p));
    }
    let manifest = PathBuf::from(env::var_os("CARGO_MANIFEST_DIR")?);
    let version = locked_version(&manifest.join("Cargo.lock"), "jieba-rs")?;
    let package = format!("jieba-rs-{version}");
    let rel = Path::new("src/data/dict.txt");
    let vendored = manifest.join("vendor/jieba-rs").join(rel);
    if vendored.is_file() {
        return Some(vendored);
    }
    let cargo_home = env::var_os("CARGO_HOME")
        .map(PathBuf::from)
        .or_else(|| env::var_os("HOME").map(|h| PathBuf::from(h).join(".cargo")))?;
    // registry/src/<index>/jieba-rs-<version>/
    let mut found: Vec<PathBuf> = fs::read_dir(cargo_home.join("registry/src"))
        .ok()?
        .flatten()
        .map(|index| index.path().join(&package).join(rel))
        .filter(|p| p.is_file())
        .collect();
    found.sort();
    found.pop()
}

/// The version of `name` in a Cargo.lock.
fn locked_version(lock: &Path, name: &str) -> Option<String> {
    let text = fs::read_to_string(lock).ok()?;
    let mut lines = text.lines();
    while let Some(line) = lines.next() {
        if line.trim() == format!("name = \"{name}\"") {
            let v = lines.next()?.trim().strip_prefix("version = \"")?;
            return Some(v.trim_end_matches('"').to_string());
        }
    }
    None
}

/// The FST of `word -> frequency`, the frequencies' total and the number of
/// words, read the way jieba-rs reads its dictionary (`word freq [tag]` per
/// line; a later line for the same word wins, every line counts in the
/// total).
fn compile(path: &Path) -> (Vec<u8>, u64, u64) {
    let text = fs::read_to_string(path).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
    let mut words = BTreeMap::new();
    let mut total = 0u64;
    for (i, line) in text.lines().enumerate() {
        let mut it = line.split_ascii_whitespace();
        let Some(word) = it.next() else { continue };
        let freq: u64 = it.next().map_or(0, |f| {
            f.parse()
                .unwrap_or_else(|e| panic!("{}:{}: frequency {f}: {e}", path.display(), i + 1))
        });
        total += freq;
        words.insert(word, freq);
    }
    let n = words.len() as u64;
    let map = fst::Map::from_iter(words).expect("sorted, distinct words");
    (map.into_fst().into_inner(), total, n)
}
