//! Ctrl-F recall: any substring (2 to 8 characters) cut from any indexed
//! article finds that article, unquoted and as a phrase, and ranks it
//! among the verbatim matches (above any article holding only pieces).
//! And precision: a phrase of index characters finds exactly the articles
//! holding it, though only some of its bigrams are read (`Eval::cover`).

mod common;
use common::{build, seed_pages};
use proptest::prelude::*;
use std::collections::HashMap;
use zhfind::build::BuildOptions;
use zhfind::normalize::{clean, is_index_char, normalize};
use zhfind::{Article, Index, SearchOptions};

/// Articles cut from the seed pages (or a built-in text without them).
fn articles() -> Vec<Article> {
    let mut text: String = seed_pages().into_iter().map(|(_, t)| t).collect();
    if text.is_empty() {
        text = "交城县融媒体中心率先整合交城发布、头条号、交城新闻网及县政府门户网站。APP和5G网络，2035年远景目标。".repeat(20);
    }
    let chars: Vec<char> = text.chars().collect();
    chars
        .chunks(700)
        .enumerate()
        .map(|(i, c)| Article {
            id: format!("a{i}"),
            title: String::new(),
            body: c.iter().collect(),
            ..Default::default()
        })
        .collect()
}

fn syntax_free(s: &str) -> bool {
    !s.contains(|c: char| "\"“”＂「」|｜".contains(c))
        && !s
            .split_whitespace()
            .any(|w| w == "OR" || w.starts_with('-') || w.starts_with('－'))
        && s.chars().any(is_index_char)
}

struct Fixture {
    _dir: tempfile::TempDir,
    index: std::cell::RefCell<Index>,
    cleaned: Vec<Vec<char>>,
    /// As the index holds each body (folded).
    normalized: Vec<Vec<char>>,
}

thread_local! {
    static FIXTURE: Fixture = {
        let docs = articles();
        let cleaned = docs.iter().map(|a| clean(&a.body).chars().collect()).collect();
        let normalized = docs.iter().map(|a| normalize(&clean(&a.body)).chars).collect();
        let (dir, path) = build(docs, BuildOptions { shard_bytes: 4096, small_dict_shards: 0, ..Default::default() });
        let mut index = Index::open_dir(&path).unwrap();
        index.load_all().unwrap();
        Fixture { _dir: dir, index: std::cell::RefCell::new(index), cleaned, normalized }
    };
}

/// The `len` characters of text `doc` (modulo the count) from `start`
/// (modulo what fits), with the document's number; `None` when it is
/// shorter than `len`.
fn cut(texts: &[Vec<char>], doc: usize, start: usize, len: usize) -> Option<(usize, &[char])> {
    let doc = doc % texts.len();
    let text = &texts[doc];
    let start = start % (text.len().checked_sub(len)? + 1);
    Some((doc, &text[start..start + len]))
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 400, ..ProptestConfig::default() })]

    #[test]
    fn any_substring_finds_its_article(doc in 0usize..1000, start in 0usize..10_000, len in 2usize..=8) {
        FIXTURE.with(|f| {
            let cut = cut(&f.cleaned, doc, start, len);
            prop_assume!(cut.is_some());
            let (doc, sub) = cut.unwrap();
            let sub: String = sub.iter().collect();
            prop_assume!(syntax_free(&sub));
            let id = format!("a{doc}");
            let opts = SearchOptions { limit: 0, ..Default::default() };
            let mut index = f.index.borrow_mut();
            for q in [sub.clone(), format!("\"{sub}\"")] {
                let r = index.query(&q, &opts).unwrap();
                let rank: HashMap<&str, usize> = r.hits.iter().enumerate().map(|(i, h)| (h.id.as_str(), i)).collect();
                prop_assert!(rank.contains_key(id.as_str()), "query {q:?} did not find {id}");
            }
            Ok(())
        })?;
    }

    #[test]
    fn a_phrase_finds_exactly_the_articles_holding_it(doc in 0usize..1000, start in 0usize..10_000, len in 3usize..=10) {
        FIXTURE.with(|f| {
            let cut = cut(&f.normalized, doc, start, len);
            prop_assume!(cut.is_some());
            let (_, sub) = cut.unwrap();
            prop_assume!(sub.iter().all(|&c| is_index_char(c)));
            let want: Vec<String> = f
                .normalized
                .iter()
                .enumerate()
                .filter(|(_, t)| t.windows(len).any(|w| w == sub))
                .map(|(i, _)| format!("a{i}"))
                .collect();
            let q = format!("\"{}\"", sub.iter().collect::<String>());
            let opts = SearchOptions { limit: 0, ..Default::default() };
            let r = f.index.borrow_mut().query(&q, &opts).unwrap();
            let mut got: Vec<String> = r.hits.iter().map(|h| h.id.clone()).collect();
            got.sort_by_key(|id| id[1..].parse::<usize>().unwrap());
            prop_assert_eq!(got, want, "query {}", q);
            Ok(())
        })?;
    }
}
