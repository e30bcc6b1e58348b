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

use crate::index::Manifest;
use crate::search::{Index, SearchOptions};
use wasm_bindgen::prelude::*;

/// A zhfind index in the browser.
#[wasm_bindgen]
pub struct ZhIndex {
    inner: Index,
}

fn js_err(e: crate::Error) -> JsError {
    JsError::new(&e.to_string())
}

fn now_ms() -> f64 {
    js_sys::Reflect::get(&js_sys::global(), &JsValue::from_str("performance"))
        .ok()
        .and_then(|p| p.dyn_into::<web_sys::Performance>().ok())
        .map_or(0.0, |p| p.now())
}

fn options(limit: u32) -> SearchOptions {
    SearchOptions {
        limit: limit as usize,
        ..Default::default()
    }
}

#[wasm_bindgen]
impl ZhIndex {
    /// Opens an index from its parsed `manifest.json`.
    #[wasm_bindgen(constructor)]
    pub fn new(manifest: JsValue) -> Result<ZhIndex, JsError> {
        let m: Manifest = serde_wasm_bindgen::from_value(manifest)
            .map_err(|e| JsError::new(&format!("manifest.json: not a zhfind manifest ({e})")))?;
        Ok(ZhIndex {
            inner: Index::new(m).map_err(js_err)?,
        })
    }

    /// Paths (relative to the index folder) of the files `query` still needs.
    pub fn missing(&mut self, query: &str, limit: u32) -> Result<Vec<String>, JsError> {
        self.inner.missing(query, &options(limit)).map_err(js_err)
    }

    /// Loads one data file.
    pub fn add_file(&mut self, path: &str, bytes: &[u8]) -> Result<(), JsError> {
        self.inner.add_file(path, bytes).map_err(js_err)
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
        let ser = serde_wasm_bindgen::Serializer::json_compatible();
        r.serialize(&ser).map_err(|e| JsError::new(&e.to_string()))
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

use serde::Serialize;
