//! A small index joins its data files into one, `v/<build>/data.bin`: the
//! same bytes back to back, the same build id, the same answers in the
//! same fetch rounds, two files instead of a dozen.

mod common;
use common::{art, files_of, seed_pages};
use std::path::{Path, PathBuf};
use zhfind::build::{BuildOptions, Builder};
use zhfind::index::manifest::FileEntry;
use zhfind::{Article, Index, SearchOptions};

/// Articles cut from the seed pages (or built-in text without them).
fn corpus() -> Vec<Article> {
    let mut text: String = seed_pages().into_iter().map(|(_, t)| t).collect();
    if text.is_empty() {
        text = "交城县融媒体中心整合交城发布、头条号和交城新闻网。新冠肺炎疫情防控工作会议召开。\
                文水县乡村振兴，5G网络和APP下载。"
            .repeat(30);
    }
    let chars: Vec<char> = text.chars().collect();
    chars
        .chunks(600)
        .enumerate()
        .map(|(i, c)| {
            let body: String = c.iter().collect();
            let title: String = c.iter().take(12).collect();
            art(&format!("a{i}"), &title, &body)
        })
        .collect()
}

fn build_into(out: &Path, docs: Vec<Article>, join_bytes: u64) {
    let opts = BuildOptions {
        shard_bytes: 512,
        small_dict_shards: 0,
        fragment_docs: 8,
        join_bytes,
        ..Default::default()
    };
    let mut b = Builder::new(out, opts).unwrap();
    b.add_batch(docs, "test");
    b.finish().unwrap();
}

/// The corpus built joined (the default) and as separate files.
fn both() -> (tempfile::TempDir, PathBuf, PathBuf) {
    let d = tempfile::tempdir().unwrap();
    let (joined, apart) = (d.path().join("joined"), d.path().join("apart"));
    build_into(&joined, corpus(), BuildOptions::default().join_bytes);
    build_into(&apart, corpus(), 0);
    (d, joined, apart)
}

/// Answers `q` from a fresh index on `dir`, fetching round by round as a
/// browser does; returns the answer and each round's resource names.
fn answer(dir: &Path, q: &str) -> (zhfind::SearchResults, Vec<Vec<String>>) {
    let opts = SearchOptions {
        limit: 5,
        ..Default::default()
    };
    let mut idx = Index::open_dir(dir).unwrap();
    let mut rounds = Vec::new();
    loop {
        let need = idx.missing(q, &opts).unwrap();
        if need.is_empty() {
            break;
        }
        for n in &need {
            let bytes = idx.read_resource(n).unwrap();
            idx.add_file(n, &bytes).unwrap();
            assert!(idx.is_loaded(n), "{n}");
        }
        rounds.push(need);
        assert!(rounds.len() < 20, "{q}: no end of rounds");
    }
    (idx.search(q, &opts).unwrap(), rounds)
}

#[test]
fn a_joined_index_is_the_manifest_and_one_data_file() {
    let (_d, joined, apart) = both();
    let (j, a) = (
        Index::open_dir(&joined).unwrap(),
        Index::open_dir(&apart).unwrap(),
    );
    let (jm, am) = (j.manifest(), a.manifest());
    assert_eq!(
        jm.build, am.build,
        "the build id hashes the data, not its layout"
    );
    let data = format!("v/{}/data.bin", jm.build);
    let files = files_of(&joined);
    assert_eq!(
        files.keys().collect::<Vec<_>>(),
        ["manifest.json", data.as_str()]
    );
    assert_eq!(j.all_files(), vec![data.clone()]);
    // data.bin is the separate files back to back, in the manifest's order.
    let list: Vec<FileEntry> =
        serde_json::from_slice(&std::fs::read(apart.join("files.json")).unwrap()).unwrap();
    assert!(list.len() >= 6, "{list:?}");
    assert_eq!(
        jm.joined_sizes()
            .iter()
            .map(|&n| u64::from(n))
            .collect::<Vec<_>>(),
        list.iter().map(|f| f.bytes).collect::<Vec<_>>()
    );
    let mut back_to_back = Vec::new();
    for f in &list {
        back_to_back.extend(std::fs::read(apart.join(&f.path)).unwrap());
    }
    assert!(
        files[&data] == back_to_back,
        "data.bin is not the files joined"
    );
    assert!(am.joined.is_empty() && am.joined_sizes().is_empty());
}

#[test]
fn joined_and_separate_files_answer_alike_in_the_same_rounds() {
    let (_d, joined, apart) = both();
    let idx = Index::open_dir(&joined).unwrap();
    let data = format!("v/{}/data.bin@", idx.manifest().build);
    let text: Vec<char> = corpus().iter().flat_map(|a| a.body.chars()).collect();
    let mut queries: Vec<String> = [
        "交城县",
        "融媒体 中心",
        "\"新冠肺炎\"",
        "交城 OR 文水",
        "疫情 -防控",
        "APP",
    ]
    .map(String::from)
    .to_vec();
    queries.extend(
        (0..text.len().saturating_sub(4))
            .step_by(211)
            .map(|i| text[i..i + 3].iter().collect()),
    );
    let mut answered = 0;
    for q in &queries {
        let (got, got_rounds) = answer(&joined, q);
        let (want, want_rounds) = answer(&apart, q);
        let hits = |r: &zhfind::SearchResults| {
            r.hits
                .iter()
                .map(|h| (h.id.clone(), h.score.to_bits(), h.snippet.clone()))
                .collect::<Vec<_>>()
        };
        assert_eq!(hits(&got), hits(&want), "{q}");
        assert_eq!(got.total, want.total, "{q}");
        answered += usize::from(want.total > 0);
        // Round for round, the same kinds of data, all from data.bin.
        let kinds = |dir: &Path, rounds: &[Vec<String>]| {
            let idx = Index::open_dir(dir).unwrap();
            rounds
                .iter()
                .map(|r| {
                    r.iter()
                        .map(|n| idx.kind_of(n).unwrap())
                        .collect::<String>()
                })
                .collect::<Vec<_>>()
        };
        assert_eq!(
            kinds(&joined, &got_rounds),
            kinds(&apart, &want_rounds),
            "{q}"
        );
        assert!(
            got_rounds.concat().iter().all(|n| n.starts_with(&data)),
            "{q}: {got_rounds:?}"
        );
    }
    assert!(
        answered * 2 > queries.len(),
        "{answered} of {} queries found anything",
        queries.len()
    );
}

#[test]
fn a_rebuild_switches_layouts_cleanly() {
    let d = tempfile::tempdir().unwrap();
    let out = d.path().join("index");
    build_into(&out, corpus(), 0);
    assert!(out.join("files.json").exists());
    build_into(&out, corpus()[1..].to_vec(), u64::MAX);
    let b = Index::open_dir(&out).unwrap().manifest().build.clone();
    let files = files_of(&out);
    assert_eq!(
        files.keys().collect::<Vec<_>>(),
        ["manifest.json".to_string(), format!("v/{b}/data.bin")]
            .iter()
            .collect::<Vec<_>>(),
        "the old files.json and version are gone"
    );
    build_into(&out, corpus(), 0);
    assert!(out.join("files.json").exists());
    assert!(common::ids(&out, "交城县").len() > 1);
}

#[test]
fn a_range_that_is_no_data_file_is_refused() {
    let (_d, joined, _) = both();
    let mut idx = Index::open_dir(&joined).unwrap();
    let m = idx.manifest().clone();
    let first = u64::from(m.joined_sizes()[0]);
    // Across the end of the heads file into the first dictionary pack.
    let straddling = format!("v/{}/data.bin@{}+8", m.build, first - 4);
    assert_eq!(idx.kind_of(&straddling), None);
    assert!(!idx.is_loaded(&straddling));
    let err = idx.add_file(&straddling, &[0; 8]).unwrap_err().to_string();
    assert!(err.contains("not a file of this index"), "{err}");
    let beyond = format!(
        "v/{}/data.bin@{}+1",
        m.build,
        m.joined_sizes().iter().map(|&n| u64::from(n)).sum::<u64>()
    );
    assert!(idx.add_file(&beyond, &[0]).is_err());
}

/// What a browser does while the reader types (the worker's `prime`): loads
/// `dictionary_missing` until it is empty; then `missing` names no more
/// dictionary data, and the answer is the one fetched round by round.
#[test]
fn the_dictionary_a_query_needs_is_named_before_it_is_evaluated() {
    let (_d, joined, apart) = both();
    let opts = SearchOptions {
        limit: 5,
        ..Default::default()
    };
    for dir in [&joined, &apart] {
        for q in [
            "交城县",
            "融媒体 中心",
            "交城 OR 文水",
            "疫情 -防控",
            "APP",
            "縣",
        ] {
            let mut idx = Index::open_dir(dir).unwrap();
            let mut primed = 0;
            loop {
                let need = idx.dictionary_missing(q).unwrap();
                if need.is_empty() {
                    break;
                }
                // The same names as the query's own round.
                assert_eq!(need, idx.missing(q, &opts).unwrap(), "{q}");
                for n in &need {
                    assert!(matches!(idx.kind_of(n), Some('h' | 'd')), "{q}: {n}");
                    let bytes = idx.read_resource(n).unwrap();
                    idx.add_file(n, &bytes).unwrap();
                }
                primed += 1;
                assert!(primed < 5, "{q}: no end of dictionary rounds");
            }
            assert!(primed >= 1, "{q}: a fresh index has no dictionary loaded");
            let mut fetched = 0;
            loop {
                let need = idx.missing(q, &opts).unwrap();
                if need.is_empty() {
                    break;
                }
                for n in &need {
                    assert!(
                        !matches!(idx.kind_of(n), Some('h' | 'd')),
                        "{q}: {n} after the dictionary was loaded"
                    );
                    let bytes = idx.read_resource(n).unwrap();
                    idx.add_file(n, &bytes).unwrap();
                }
                fetched += 1;
                assert!(fetched < 20, "{q}: no end of rounds");
            }
            let got = idx.search(q, &opts).unwrap();
            let (want, _) = answer(dir, q);
            assert_eq!(got.total, want.total, "{q}");
            assert_eq!(
                got.hits.iter().map(|h| &h.snippet).collect::<Vec<_>>(),
                want.hits.iter().map(|h| &h.snippet).collect::<Vec<_>>(),
                "{q}"
            );
        }
    }
}
