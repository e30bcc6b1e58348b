//! The five real OCR'd seed pages, each indexed as one plain article,
//! searched for words seen in them (many broken by OCR spaces and wraps).

mod common;
use common::{art, build, ids, seed_pages};
use zhfind::build::BuildOptions;

#[test]
fn words_seen_on_the_pages_find_their_page() {
    let pages = seed_pages();
    if pages.is_empty() {
        return;
    }
    let docs = pages
        .iter()
        .map(|(name, text)| art(name, "", text))
        .collect();
    let (_d, idx) = build(docs, BuildOptions::default());
    let p = |i: usize| pages[i].0.clone();
    // (query, pages that must be among the hits)
    let cases: &[(&str, &[usize])] = &[
        ("交城县", &[0]),
        ("融媒体", &[0]),
        ("融媒体中心", &[0]),
        ("交城县融媒体中心", &[0]),
        ("专业化", &[0]),
        ("冰瀑峡谷", &[1]),
        ("如金温泉", &[1]),
        ("中阳县", &[2]),
        ("刘少伟", &[2, 4]),
        ("一心五区", &[2]),
        ("绛县", &[3]),
        ("网络安全", &[3]),
        ("乡村振兴", &[2, 4]),
        ("乡村振兴局", &[4]),
        ("\"两会\"", &[2, 4]),
        ("习近平", &[0, 3]),
        ("APP", &[0]),
    ];
    for (q, want) in cases {
        let got = ids(&idx, q);
        for &i in *want {
            assert!(got.contains(&p(i)), "{q}: page {i} missing from {got:?}");
        }
    }
    // Text that OCR split with spaces and wraps is found whole...
    assert!(
        pages[0].1.contains("融\n\n媒体")
            || pages[0].1.contains("融 媒")
            || pages[0].1.contains("融\n")
    );
    // ...and a string on no page finds nothing.
    assert!(ids(&idx, "量子计算机").is_empty());
}
