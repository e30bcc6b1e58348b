//! Query semantics on a small hand-made corpus: AND, phrase, NOT, OR,
//! ranking of verbatim matches, Latin terms, variants.

mod common;
use common::{art, build, ids};
use std::collections::BTreeSet;
use zhfind::build::BuildOptions;

fn corpus() -> Vec<zhfind::Article> {
    vec![
        art("verbatim", "县里新闻", "交城县融媒体中心今天正式揭牌运行。"),
        art(
            "pieces",
            "媒体动态",
            "融资平台与新媒体中心的合作，县城里也有报道。",
        ),
        art("title", "融媒体中心建设", "各地推进改革。"),
        art(
            "latin",
            "手机新闻",
            "掌中交城APP上线，支持5G网络和QQ登录，2035年远景目标。",
        ),
        art(
            "trad",
            "台灣新聞",
            "交城縣的資訊服務，全角ＡＢＣ和２０２０年。",
        ),
        art(
            "ocr",
            "",
            "推进专 业 化 建设，小 区 党 支 部 书记\n\n讲话。",
        ),
        art("ad", "广告", "交城县融媒体中心广告招商。"),
        art("other", "其他", "汾阳市文水县的天气很好。"),
    ]
}

fn set(v: Vec<String>) -> BTreeSet<String> {
    v.into_iter().collect()
}

fn s(items: &[&str]) -> BTreeSet<String> {
    items.iter().map(|x| x.to_string()).collect()
}

#[test]
fn semantics() {
    // Tiny shards so that lookups cross many shard files.
    let (_d, idx) = build(
        corpus(),
        BuildOptions {
            shard_bytes: 256,
            small_dict_shards: 0,
            fragment_docs: 3,
            ..Default::default()
        },
    );
    let cases: &[(&str, &[&str])] = &[
        ("融媒体中心", &["verbatim", "pieces", "title", "ad"]),
        ("\"融媒体中心\"", &["verbatim", "title", "ad"]),
        ("\"融媒体中心\" -广告", &["verbatim", "title"]),
        ("融媒体 -\"广告招商\"", &["verbatim", "pieces", "title"]),
        ("文水 OR 台湾", &["other", "trad"]),
        ("文水 | 专业化", &["other", "ocr"]),
        ("交城 融媒体", &["verbatim", "ad"]),
        ("媒体中", &["verbatim", "pieces", "title", "ad"]),
        ("专业化", &["ocr"]),
        ("小区党支部", &["ocr"]),
        ("app", &["latin"]),
        ("APP", &["latin"]),
        ("qq", &["latin"]),
        ("5g", &["latin"]),
        ("2035", &["latin"]),
        ("035年远", &["latin"]),
        ("abc", &["trad"]),
        ("ＡＢＣ", &["trad"]),
        ("2020", &["trad"]),
        ("交城縣", &["verbatim", "trad", "ad"]),
        ("台湾", &["trad"]),
        ("汾", &["other"]),
        ("-广告", &[]),
        ("不存在的词", &[]),
        ("\"媒体中心，县城\"", &[]),
        ("\"合作，县城\"", &["pieces"]),
        ("\"中心的合作，县城\"", &["pieces"]),
    ];
    for (q, want) in cases {
        assert_eq!(set(ids(&idx, q)), s(want), "query {q}");
    }
}

#[test]
fn verbatim_ranks_above_pieces() {
    let (_d, idx) = build(corpus(), BuildOptions::default());
    let got = ids(&idx, "融媒体中心");
    let last = got.iter().position(|x| x == "pieces").unwrap();
    assert_eq!(last, got.len() - 1, "pieces-only match ranks last: {got:?}");
    // Title matches weigh more than body matches of the same string.
    let got = ids(&idx, "\"融媒体中心\"");
    assert_eq!(got[0], "title", "{got:?}");
}

#[test]
fn proximity_orders_non_verbatim_matches() {
    let docs = vec![
        art("far", "", &format!("交城{}融媒体", "的".repeat(200))),
        art("near", "", "交城的融媒体"),
        art("exact", "", &format!("{}交城融媒体", "的".repeat(200))),
    ];
    let (_d, idx) = build(docs, BuildOptions::default());
    assert_eq!(ids(&idx, "交城融媒体"), vec!["exact", "near", "far"]);
}

#[test]
fn snippets_and_marks() {
    let (_d, idx) = build(corpus(), BuildOptions::default());
    let mut index = zhfind::Index::open_dir(&idx).unwrap();
    let r = index.query("交城 APP", &Default::default()).unwrap();
    assert_eq!(r.total, 1);
    let h = &r.hits[0];
    let chars: Vec<char> = h.snippet.chars().collect();
    let marked: Vec<String> = h
        .marks
        .iter()
        .map(|m| chars[m[0] as usize..m[1] as usize].iter().collect())
        .collect();
    assert_eq!(marked, vec!["交城", "APP"]);
}

#[test]
fn empty_and_one_character_queries() {
    let (_d, idx) = build(corpus(), BuildOptions::default());
    assert!(ids(&idx, "").is_empty());
    assert!(ids(&idx, "，。").is_empty());
    assert_eq!(ids(&idx, "揭").len(), 1);
}
