//! `#[wasm_bindgen_test]` tests of the exported API, [`crate::wasm::ZhIndex`],
//! run in Node by `cargo test --target wasm32-unknown-unknown --lib`.
//!
//! They read a real index from disk: `./build.sh test` first builds
//! `tests/browser/fixtures/crafted.jsonl` into `target/wasm-fixture/index`
//! with the native CLI and writes the CLI's `zhfind query --json` answer to
//! every query of `tests/wasm-queries.txt` into `target/wasm-fixture/expected.jsonl`.
//! The wasm module must give exactly those answers.

use crate::search::resource::Resource;
use crate::wasm::ZhIndex;
use serde::Deserialize;
use wasm_bindgen::prelude::*;
use wasm_bindgen_test::wasm_bindgen_test;

const FIXTURE: &str = "target/wasm-fixture";

#[wasm_bindgen(module = "fs")]
extern "C" {
    #[wasm_bindgen(js_name = readFileSync, catch)]
    fn read_file_sync(path: &str) -> Result<Vec<u8>, JsValue>;
}

#[wasm_bindgen(module = "zlib")]
extern "C" {
    #[wasm_bindgen(js_name = gunzipSync)]
    fn gunzip_sync(bytes: &[u8]) -> Vec<u8>;
}

#[derive(Debug, PartialEq, Deserialize)]
struct Hit {
    id: String,
    title: String,
    url: String,
    date: String,
    page: String,
    score: f64,
    snippet: String,
    marks: Vec<(u32, u32)>,
}

#[derive(Debug, PartialEq, Deserialize)]
struct Answer {
    query: String,
    total: usize,
    hits: Vec<Hit>,
}

fn read(path: &str) -> Vec<u8> {
    read_file_sync(&format!("{FIXTURE}/{path}")).unwrap_or_else(|e| {
        panic!("{FIXTURE}/{path}: {e:?} (run ./build.sh test, which writes the fixture)")
    })
}

fn json(bytes: &[u8]) -> JsValue {
    js_sys::JSON::parse(std::str::from_utf8(bytes).unwrap()).unwrap()
}

fn message(e: JsError) -> String {
    let v = JsValue::from(e);
    js_sys::Reflect::get(&v, &"message".into())
        .ok()
        .and_then(|m| m.as_string())
        .unwrap_or_default()
}

/// The bytes of a resource name as `ZhIndex::missing` gives it, as a
/// server sends them (gzip members stay gzip: the module inflates them).
fn resource(name: &str) -> Vec<u8> {
    let r = Resource::parse(name).expect("a resource name");
    let whole = read(&format!("index/{}", r.path));
    match r.range {
        Some((start, len)) => whole[start as usize..(start + len as u64) as usize].to_vec(),
        None => whole,
    }
}

fn open() -> ZhIndex {
    ZhIndex::new(json(&read("index/manifest.json"))).unwrap_or_else(|e| panic!("{}", message(e)))
}

fn answer(idx: &mut ZhIndex, q: &str, limit: u32) -> Answer {
    for _ in 0..16 {
        let need = idx
            .missing(q, limit)
            .unwrap_or_else(|e| panic!("{}", message(e)));
        if need.is_empty() {
            let r = idx
                .search(q, limit)
                .unwrap_or_else(|e| panic!("{}", message(e)));
            return serde_wasm_bindgen::from_value(r).unwrap();
        }
        for n in need {
            assert!(!idx.is_loaded(&n), "{n} asked for twice");
            idx.add_file(&n, &resource(&n))
                .unwrap_or_else(|e| panic!("{}", message(e)));
            assert!(idx.is_loaded(&n), "{n}");
        }
    }
    panic!("{q}: missing() never settled");
}

#[wasm_bindgen_test]
fn same_answers_as_the_native_cli() {
    let expected = read("expected.jsonl");
    let mut idx = open();
    let mut n = 0;
    for line in std::str::from_utf8(&expected).unwrap().lines() {
        let want: Answer = serde_wasm_bindgen::from_value(json(line.as_bytes())).unwrap();
        let got = answer(&mut idx, &want.query, 0);
        assert_eq!(got, want, "query {:?}", want.query);
        n += 1;
    }
    assert!(n >= 10, "only {n} expected answers");
    assert!(idx.docs() > 0);
}

#[wasm_bindgen_test]
fn limit_and_missing_data_are_honoured() {
    let mut idx = open();
    // Nothing is loaded yet: searching must say what is missing, not guess.
    let e = idx.search("融媒体", 1).expect_err("data is missing");
    assert!(message(e).contains("v/"), "names the file");
    let one = answer(&mut idx, "融媒体", 1);
    assert_eq!(one.hits.len(), 1);
    assert!(one.total >= 2);
    assert!(one.hits[0].marks.iter().all(|&(a, b)| {
        let s: String = one.hits[0]
            .snippet
            .chars()
            .skip(a as usize)
            .take((b - a) as usize)
            .collect();
        s == "融媒体"
    }));
}

#[wasm_bindgen_test]
fn the_dictionary_round_alone_is_named_while_typing() {
    let mut idx = open();
    let q = "交城县 融媒体";
    // Round by round: the names of missing's own round, only dictionary
    // data, until the dictionary the query needs is whole.
    let mut rounds = 0;
    loop {
        let need = idx
            .missing_dictionary(q)
            .unwrap_or_else(|e| panic!("{}", message(e)));
        if need.is_empty() {
            break;
        }
        assert_eq!(
            need,
            idx.missing(q, 10)
                .unwrap_or_else(|e| panic!("{}", message(e)))
        );
        for n in &need {
            assert!(matches!(idx.kind(n).as_str(), "h" | "d"), "{n}");
            idx.add_file(n, &resource(n))
                .unwrap_or_else(|e| panic!("{}", message(e)));
        }
        rounds += 1;
        assert!(rounds < 5, "no end of dictionary rounds");
    }
    assert!(rounds >= 1, "a fresh index has no dictionary loaded");
    let rest = idx
        .missing(q, 10)
        .unwrap_or_else(|e| panic!("{}", message(e)));
    assert!(
        !rest.is_empty()
            && rest
                .iter()
                .all(|n| !matches!(idx.kind(n).as_str(), "h" | "d")),
        "{rest:?}"
    );
}

#[wasm_bindgen_test]
fn bad_manifests_and_files_are_errors_not_panics() {
    let mut m = json(&read("index/manifest.json"));
    js_sys::Reflect::set(&m, &"version".into(), &JsValue::from(999)).unwrap();
    let e = ZhIndex::new(m).err().expect("wrong version");
    assert!(message(e).contains("999"), "names the version");
    m = json(b"{\"hello\": 1}");
    assert!(ZhIndex::new(m).is_err());
    // A manifest of version 5 (no dictionary heads) names its version.
    m = json(&read("index/manifest.json"));
    js_sys::Reflect::delete_property(&m.clone().into(), &"dict_heads".into()).unwrap();
    js_sys::Reflect::set(&m, &"version".into(), &JsValue::from(5)).unwrap();
    let e = message(ZhIndex::new(m).err().expect("version 5"));
    assert!(e.contains("version 5") && e.contains("rebuild"), "{e}");

    let mut idx = open();
    let need = idx.missing("融媒体", 10).unwrap();
    let name = &need[0];
    let mut bytes = resource(name);
    let mid = bytes.len() / 2;
    bytes[mid] ^= 0x40;
    let e = idx.add_file(name, &bytes).expect_err("damage is found");
    assert!(message(e).contains(name.split('@').next().unwrap()));
    assert!(!idx.is_loaded(name));
    // A damaged gzip header or trailer is found too.
    for at in [3, resource(name).len() - 2] {
        let mut bytes = resource(name);
        bytes[at] ^= 0x01;
        assert!(idx.add_file(name, &bytes).is_err(), "byte {at}");
    }
    // A member a server already inflated (Content-Encoding) is taken as is.
    idx.add_file(name, &gunzip_sync(&resource(name))).unwrap();
    assert!(idx.is_loaded(name));
    assert!(idx.add_file("v/00000000/d/0000.bin@0+20.gz", &[]).is_err());
    // The fixture is small: its data files are joined into one.
    assert_eq!(idx.kind(name), "h");
    assert_eq!(idx.kind("v/00000000/d/0000.bin@0+20.gz"), "");
    let files = idx.all_files();
    assert!(
        files.len() == 1 && files[0].ends_with("/data.bin"),
        "{files:?}"
    );
}
