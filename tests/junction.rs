//! A clause of frequent words read through its junctions (`济发` of
//! `经济发展`) instead of the words' positions: the bytes it saves, and
//! hits ranked as a full reading ranks them (verbatim first, the text
//! settling every hit shown, decoys holding every junction withdrawn).

mod common;
use common::{art, build};
use zhfind::build::BuildOptions;
use zhfind::search::resource::Resource;
use zhfind::{Article, Index, SearchOptions, SearchResults};

const FILLER: [&str; 8] = [
    "会议指出",
    "要坚持",
    "全面推进",
    "各项工作",
    "取得成效",
    "群众满意",
    "继续努力",
    "稳步提升",
];

/// 3,000 articles: most hold 经济 and 发展 apart, many several times (long
/// positional lists); every 7th holds 经济发展 a varying number of times;
/// every 50th is a decoy holding 经济, 发展 and 济发 (救济发放) often but
/// never 经济发展.
fn corpus() -> Vec<Article> {
    let mut seed = 7u64;
    let mut next = move |n: u64| {
        seed = seed
            .wrapping_mul(6364136223846793005)
            .wrapping_add(1442695040888963407);
        (seed >> 33) % n
    };
    (0..3000)
        .map(|i| {
            let mut body = String::new();
            for k in 0..40 + next(60) {
                body.push_str(FILLER[((k + i) % 8) as usize]);
                match next(10) {
                    0..=2 => body.push_str("经济"),
                    3..=5 => body.push_str("发展"),
                    _ => {}
                }
                body.push('，');
            }
            if i % 7 == 0 {
                for _ in 0..1 + next(4) {
                    body.push_str("推动经济发展。");
                }
            }
            if i % 50 == 1 {
                body.push_str(&"经济工作和救济发放，发展。".repeat(12));
            }
            art(&format!("a{i}"), "", &body)
        })
        .collect()
}

/// Answers `q` from the folder as the browser does, round by round;
/// returns the results and the postings bytes read.
fn search(dir: &std::path::Path, q: &str, limit: usize) -> (SearchResults, u64) {
    let mut idx = Index::open_dir(dir).unwrap();
    let opts = SearchOptions {
        limit,
        ..Default::default()
    };
    let mut postings = 0;
    loop {
        let need = idx.missing(q, &opts).unwrap();
        if need.is_empty() {
            break;
        }
        for name in need {
            if idx.kind_of(&name) == Some('p') {
                postings += u64::from(Resource::parse(&name).unwrap().range.unwrap().1);
            }
            let bytes = idx.read_resource(&name).unwrap();
            idx.add_file(&name, &bytes).unwrap();
        }
    }
    (idx.search(q, &opts).unwrap(), postings)
}

#[test]
fn frequent_words_are_ranked_verbatim_first_without_their_positions() {
    let docs = corpus();
    let holds = |a: &Article, s: &str| a.body.contains(s);
    let verbatim: Vec<&str> = docs
        .iter()
        .filter(|a| holds(a, "经济发展"))
        .map(|a| a.id.as_str())
        .collect();
    let both = docs
        .iter()
        .filter(|a| holds(a, "经济") && holds(a, "发展"))
        .count();
    let decoys: Vec<&str> = docs
        .iter()
        .filter(|a| holds(a, "救济发放"))
        .map(|a| a.id.as_str())
        .collect();
    assert!(verbatim.len() > 100 && both > 2 * verbatim.len() && decoys.len() == 60);
    let (_dir, out) = build(docs.clone(), BuildOptions::default());

    // Every hit, every one settled by its text: the verbatim ones first.
    let (all, _) = search(&out, "经济发展", 0);
    assert_eq!(all.total, both);
    let first: Vec<&str> = all.hits[..verbatim.len()]
        .iter()
        .map(|h| h.id.as_str())
        .collect();
    let mut sorted = first.clone();
    sorted.sort_unstable();
    let mut want = verbatim.clone();
    want.sort_unstable();
    assert_eq!(sorted, want, "the verbatim hits come first");

    // A page of ten settles only what it shows, and shows the same.
    let (page, read) = search(&out, "经济发展", 10);
    assert_eq!(page.total, both);
    assert_eq!(page.hits, all.hits[..10]);
    assert!(page.hits.iter().all(|h| !decoys.contains(&h.id.as_str())));

    // The phrase reads the bigrams' positions; the clause does not.
    let (phrase, read_phrase) = search(&out, "\"经济发展\"", 10);
    assert_eq!(phrase.total, verbatim.len());
    assert!(
        read * 2 < read_phrase,
        "clause read {read} B of postings, the phrase {read_phrase} B"
    );
}
