//! The browser API (wasm-bindgen).
//!
//! ```js
//! import init, { ZhIndex } from "./pkg/zhfind.js";
//! await init();
//! const idx = new ZhIndex(await (await fetch("index/manifest.json")).json());
//! for (let need; (need = idx.missing(q, 10)).length; )
//!   for (const p of need) idx.add_file(p, new Uint8Array(await (await fetch("index/" + p)).arrayBuffer()));
//! const { total, hits } = idx.search(q, 10);
//! ```
//!
//! The manifest is read and the results are built field by field with
//! `js_sys` rather than through serde: a generic (de)serializer brings in
//! float formatting and much monomorphized code, about a fifth of the module.

use crate::index::manifest::{DictLayout, Manifest};
use crate::search::{Hit, Index, SearchOptions, SearchResults};
use js_sys::{Array, Object, Reflect};
use wasm_bindgen::prelude::*;

/// The allocator: talc, smaller than Rust's default for wasm (dlmalloc) by
/// some 2 KB of gzip and as fast here; sound on single-threaded wasm.
#[cfg(not(target_feature = "atomics"))]
#[global_allocator]
static ALLOCATOR: talc::wasm::WasmDynamicTalc = talc::wasm::new_wasm_dynamic_allocator();

/// A zhfind index in the browser.
#[wasm_bindgen]
pub struct ZhIndex {
    inner: Index,
}

fn js_err(e: crate::Error) -> JsError {
    JsError::new(&e.to_string())
}

#[wasm_bindgen]
extern "C" {
    /// `performance.now()`, in windows, workers and Node alike.
    #[wasm_bindgen(js_namespace = performance, js_name = now)]
    fn now_ms() -> f64;
}

fn options(limit: u32) -> SearchOptions {
    SearchOptions {
        limit: limit as usize,
        ..Default::default()
    }
}

/// A field of a parsed JSON object.
fn field(v: &JsValue, name: &str) -> Result<JsValue, String> {
    match Reflect::get(v, &JsValue::from_str(name)) {
        Ok(x) if !x.is_undefined() => Ok(x),
        _ => Err(format!("missing field `{name}`")),
    }
}

fn string_field(v: &JsValue, name: &str) -> Result<String, String> {
    field(v, name)?
        .as_string()
        .ok_or_else(|| format!("field `{name}` is not a string"))
}

/// A number field; with `max`, a whole number in `0..=max` (at most 2^53,
/// exact in a JS number).
fn number_field(v: &JsValue, name: &str, max: Option<f64>) -> Result<f64, String> {
    let n = field(v, name)?.as_f64();
    match (n, max) {
        (Some(n), None) => Ok(n),
        (Some(n), Some(max)) if n >= 0.0 && n <= max && n.trunc() == n => Ok(n),
        _ => Err(format!("field `{name}` is not a number in range")),
    }
}

fn u32_field(v: &JsValue, name: &str) -> Result<u32, String> {
    number_field(v, name, Some(f64::from(u32::MAX))).map(|n| n as u32)
}

/// Reads the fields of a parsed `manifest.json` (other fields are ignored).
fn manifest_from_js(v: &JsValue) -> Result<Manifest, String> {
    if !v.is_object() {
        return Err("not an object".into());
    }
    // Manifests of older versions lack the dictionary head sizes and the
    // record lengths: they are left empty, and `Index::new` then reports
    // the version.
    let mut m = Manifest::new(
        string_field(v, "build")?,
        u32_field(v, "docs")?,
        number_field(v, "avg_len", None)?,
        number_field(v, "words_total", Some(9_007_199_254_740_992.0))? as u64,
        u32_field(v, "max_word_len")?,
        DictLayout::default(),
        u32_field(v, "fragment_docs")?,
        u32_field(v, "packs")?,
        match field(v, "lengths") {
            Ok(_) => u32_field(v, "lengths")?,
            Err(_) => 0,
        },
    );
    m.format = string_field(v, "format")?;
    m.version = u32_field(v, "version")?;
    m.dict = string_field(v, "dict")?;
    if field(v, "dict_heads").is_ok() {
        m.dict_heads = string_field(v, "dict_heads")?;
    }
    if field(v, "joined").is_ok() {
        m.joined = string_field(v, "joined")?;
    }
    if field(v, "text_chars").is_ok() {
        m.text_chars = string_field(v, "text_chars")?;
    }
    Ok(m)
}

fn set(o: &Object, key: &str, value: &JsValue) {
    // Setting a property of a plain object cannot fail.
    let _ = Reflect::set(o, &JsValue::from_str(key), value);
}

fn hit_to_js(h: &Hit) -> Object {
    let o = Object::new();
    set(&o, "id", &JsValue::from_str(&h.id));
    set(&o, "title", &JsValue::from_str(&h.title));
    set(&o, "url", &JsValue::from_str(&h.url));
    set(&o, "date", &JsValue::from_str(&h.date));
    set(&o, "page", &JsValue::from_str(&h.page));
    set(&o, "score", &JsValue::from_f64(h.score));
    set(&o, "snippet", &JsValue::from_str(&h.snippet));
    let marks: Array = h
        .marks
        .iter()
        .map(|&[a, b]| Array::of2(&a.into(), &b.into()))
        .collect();
    set(&o, "marks", &marks);
    o
}

/// `{query, total, took_ms, hits}` as plain JS data (the shape `zhfind
/// query --json` prints).
fn results_to_js(r: &SearchResults) -> JsValue {
    let o = Object::new();
    set(&o, "query", &JsValue::from_str(&r.query));
    set(&o, "total", &JsValue::from_f64(r.total as f64));
    set(&o, "took_ms", &JsValue::from_f64(r.took_ms));
    let hits: Array = r.hits.iter().map(hit_to_js).collect();
    set(&o, "hits", &hits);
    o.into()
}

#[wasm_bindgen]
impl ZhIndex {
    /// Opens an index from its parsed `manifest.json`.
    #[wasm_bindgen(constructor)]
    pub fn new(manifest: JsValue) -> Result<ZhIndex, JsError> {
        let m = manifest_from_js(&manifest)
            .map_err(|e| JsError::new(&format!("manifest.json: not a zhfind manifest ({e})")))?;
        Ok(ZhIndex {
            inner: Index::new(m).map_err(js_err)?,
        })
    }

    /// Paths (relative to the index folder) of the files `query` still needs.
    pub fn missing(&mut self, query: &str, limit: u32) -> Result<Vec<String>, JsError> {
        self.inner.missing(query, &options(limit)).map_err(js_err)
    }

    /// The dictionary heads and shards `query` still needs (the first
    /// round of `missing`, evaluating nothing): fetched while the reader
    /// is still typing.
    pub fn missing_dictionary(&self, query: &str) -> Result<Vec<String>, JsError> {
        self.inner.dictionary_missing(query).map_err(js_err)
    }

    /// Loads one resource, its bytes as fetched (a `.gz` resource is
    /// inflated here).
    pub fn add_file(&mut self, path: &str, bytes: &[u8]) -> Result<(), JsError> {
        self.inner.add_fetched(path, bytes).map_err(js_err)
    }

    /// Whether a data file is loaded.
    pub fn is_loaded(&self, path: &str) -> bool {
        self.inner.is_loaded(path)
    }

    /// Answers `query`: `{query, total, took_ms, hits: [{id, title, url,
    /// date, page, score, snippet, marks}]}`.
    pub fn search(&mut self, query: &str, limit: u32) -> Result<JsValue, JsError> {
        let t = now_ms();
        let mut r = self.inner.search(query, &options(limit)).map_err(js_err)?;
        r.took_ms = ((now_ms() - t) * 1e3).round() / 1e3;
        Ok(results_to_js(&r))
    }

    /// What later queries will need, not loaded yet (resource names, as
    /// `missing` gives them): the dictionary heads, then the record lengths.
    pub fn ahead(&self) -> Vec<String> {
        self.inner.ahead()
    }

    /// The kind of data a resource holds: "h" dictionary heads, "d"
    /// dictionary shards, "p" postings, "f" fragments, "l" record lengths,
    /// "" if it is not one of this index's.
    pub fn kind(&self, name: &str) -> String {
        self.inner
            .kind_of(name)
            .map(String::from)
            .unwrap_or_default()
    }

    /// Every data file of the index.
    pub fn all_files(&self) -> Vec<String> {
        self.inner.all_files()
    }

    /// Number of documents.
    pub fn docs(&self) -> u32 {
        self.inner.manifest().docs
    }
}
