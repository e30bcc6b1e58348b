//! A clause of frequent words read through its junctions (`济发` of
//! `经济发展`) instead of the words' positions: the bytes it saves, and
//! hits ranked as a full reading ranks them (verbatim first, the text
//! settling every hit shown, decoys holding every junction withdrawn).

mod common;
use common::{art, build, seed_pages};
use std::collections::BTreeSet;
use zhfind::build::BuildOptions;
use zhfind::normalize::{clean, is_han, normalize};
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
    let stray: Vec<&&str> = first.iter().filter(|id| !verbatim.contains(id)).collect();
    assert!(
        stray.is_empty(),
        "not verbatim, yet among the first {}: {stray:?}",
        verbatim.len()
    );

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

/// On real OCR text (the seed pages, cut into 700-character articles),
/// every clause read through its junctions, however small its lists,
/// against the same clause read with positions: the same articles and
/// total, and the articles holding it verbatim (by brute force over the
/// normalised texts) first, in both; a page of ten settled alone is the
/// top of the whole settled list.
#[test]
fn junctions_and_positions_agree_on_real_text() {
    let mut text: String = seed_pages().into_iter().map(|(_, t)| t).collect();
    if text.is_empty() {
        text = "交城县融媒体中心率先整合交城发布、头条号、交城新闻网及县政府门户网站。经济社会发展取得新成效，人民群众生活水平不断提高。".repeat(30);
    }
    let chars: Vec<char> = text.chars().collect();
    let docs: Vec<Article> = chars
        .chunks(700)
        .enumerate()
        .map(|(i, c)| art(&format!("a{i}"), "", &c.iter().collect::<String>()))
        .collect();
    let normalized: Vec<Vec<char>> = docs
        .iter()
        .map(|a| normalize(&clean(&a.body)).chars)
        .collect();
    let (_dir, out) = build(docs, BuildOptions::default());
    let all = SearchOptions {
        limit: 0,
        ..Default::default()
    };
    let page = SearchOptions::default();
    let mut exact = Index::open_dir(&out).unwrap();
    let mut junctions = Index::open_dir(&out).unwrap();
    junctions.always_read_junctions();
    let mut checked = 0;
    for k in 0..400usize {
        // A Han stretch of 3 to 6 characters from somewhere in the texts.
        let t = &normalized[k * 7 % normalized.len()];
        let len = 3 + k % 4;
        if t.len() < len {
            continue;
        }
        let at = k * 131 % (t.len() - len + 1);
        let q = &t[at..at + len];
        if !q.iter().all(|&c| is_han(c)) {
            continue;
        }
        let verbatim: BTreeSet<String> = normalized
            .iter()
            .enumerate()
            .filter(|(_, t)| t.windows(len).any(|w| w == q))
            .map(|(i, _)| format!("a{i}"))
            .collect();
        let q: String = q.iter().collect();
        let a = exact.query(&q, &all).unwrap();
        let b = junctions.query(&q, &all).unwrap();
        assert_eq!(a.total, b.total, "{q}");
        let ids = |r: &SearchResults| r.hits.iter().map(|h| h.id.clone()).collect::<Vec<_>>();
        let (ia, ib) = (ids(&a), ids(&b));
        let set = |v: &[String]| v.iter().cloned().collect::<BTreeSet<_>>();
        assert_eq!(set(&ia), set(&ib), "{q}");
        let n = verbatim.len();
        assert!(n > 0, "{q} is cut from the texts");
        assert_eq!(
            set(&ia[..n]),
            verbatim,
            "{q}: positions rank the verbatim first"
        );
        assert_eq!(
            set(&ib[..n]),
            verbatim,
            "{q}: junctions rank the verbatim first"
        );
        let mut fresh = Index::open_dir(&out).unwrap();
        fresh.always_read_junctions();
        let first = fresh.query(&q, &page).unwrap();
        assert_eq!(ids(&first), ib[..ib.len().min(10)], "{q}: a page of ten");
        checked += 1;
    }
    assert!(checked > 100, "only {checked} clauses checked");
}
