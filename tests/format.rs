//! Index files round-trip, and a wrong version or any damage is an error,
//! never a panic or a silently wrong answer.

mod common;
use common::{art, build, files_of, head, shard_count, shard_name};
use zhfind::build::BuildOptions;
use zhfind::index::manifest::MANIFEST_VERSION;
use zhfind::{Error, FormatError, Index, SearchOptions};

fn sample() -> (tempfile::TempDir, std::path::PathBuf) {
    sample_split(zhfind::index::pack::SPLIT_BYTES)
}

/// [`sample`], positional lists over `split_bytes` in two members.
fn sample_split(split_bytes: usize) -> (tempfile::TempDir, std::path::PathBuf) {
    sample_layout(split_bytes, zhfind::index::pack::NORMS_APART_DF)
}

/// [`sample_split`], and lists of `norms_apart_df` documents or more with
/// their norms in a member of their own.
fn sample_layout(
    split_bytes: usize,
    norms_apart_df: u32,
) -> (tempfile::TempDir, std::path::PathBuf) {
    let docs = (0..40)
        .map(|i| {
            let long = "交城县融媒体中心报道".repeat(i % 7 + 1);
            art(
                &format!("d{i}"),
                &format!("标题{i}"),
                &format!("第{i}篇：{long}，APP下载{i}次。"),
            )
        })
        .collect();
    build(
        docs,
        BuildOptions {
            shard_bytes: 512,
            small_dict_shards: 0,
            fragment_docs: 8,
            shards_per_pack: 4,
            split_bytes,
            norms_apart_df,
            join_bytes: 0, // these tests look at the packs
            ..Default::default()
        },
    )
}

/// `got` has `want`'s hits (some), scores bit for bit, and total.
fn same_answer(got: &zhfind::SearchResults, want: &zhfind::SearchResults, q: &str) {
    let hits = |r: &zhfind::SearchResults| {
        r.hits
            .iter()
            .map(|h| (h.id.clone(), h.score.to_bits()))
            .collect::<Vec<_>>()
    };
    assert!(want.total > 0, "{q}");
    assert_eq!(hits(got), hits(want), "{q}");
    assert_eq!(got.total, want.total, "{q}");
}

fn all(idx: &mut Index, q: &str) -> zhfind::Result<zhfind::SearchResults> {
    idx.query(
        q,
        &SearchOptions {
            limit: 0,
            ..Default::default()
        },
    )
}

#[test]
fn round_trip_every_file() {
    let (_d, dir) = sample();
    let mut idx = Index::open_dir(&dir).unwrap();
    let files: Vec<zhfind::index::manifest::FileEntry> =
        serde_json::from_slice(&std::fs::read(dir.join("files.json")).unwrap()).unwrap();
    assert_eq!(
        files.iter().map(|f| f.path.clone()).collect::<Vec<_>>(),
        idx.all_files()
    );
    for f in &files {
        assert_eq!(
            std::fs::metadata(dir.join(&f.path)).unwrap().len(),
            f.bytes,
            "{}",
            f.path
        );
    }
    assert!(shard_count(&idx) > 4, "small shards give several shards");
    assert!(idx.manifest().dict_packs() > 1, "4 shards a pack");
    assert!(idx.manifest().packs >= 1, "long lists go to a pack");
    idx.load_all().unwrap();
    let r = all(&mut idx, "融媒体").unwrap();
    assert_eq!(r.total, 40);
    assert_eq!(r.hits.len(), 40);
    let r = idx.query("\"第7篇\"", &Default::default()).unwrap();
    assert_eq!(r.hits[0].id, "d7");
}

#[test]
fn a_rebuild_replaces_the_old_version() {
    let (_d, dir) = sample();
    let old = Index::open_dir(&dir).unwrap().manifest().build.clone();
    let mut b = zhfind::build::Builder::new(&dir, BuildOptions::default()).unwrap();
    b.add_batch(vec![art("new", "新", "全新的文章")], "t");
    b.finish().unwrap();
    let new = Index::open_dir(&dir).unwrap().manifest().build.clone();
    assert_ne!(old, new);
    let versions: Vec<_> = std::fs::read_dir(dir.join("v"))
        .unwrap()
        .map(|e| e.unwrap().file_name())
        .collect();
    assert_eq!(versions, vec![std::ffi::OsString::from(&new)]);
}

#[test]
fn wrong_manifest_version_is_a_clear_error() {
    let (_d, dir) = sample();
    let path = dir.join("manifest.json");
    let text = std::fs::read_to_string(&path).unwrap();
    let current = format!("\"version\":{MANIFEST_VERSION}");
    assert!(text.contains(&current));
    // Opening fails with a version error naming `found` and ours.
    let version_error = |found: u32| {
        let err = Index::open_dir(&dir).err().expect("must fail");
        assert!(
            matches!(
                err,
                Error::Format(FormatError::Version { found: f, expected, .. })
                    if f == found && expected == MANIFEST_VERSION
            ),
            "{err}"
        );
        assert!(err.to_string().contains("rebuild the index"));
    };
    std::fs::write(&path, text.replace(&current, "\"version\":99")).unwrap();
    version_error(99);
    // A version 5 manifest (every shard's key and size, no heads) names
    // its version too.
    let mut old: serde_json::Value = serde_json::from_str(&text).unwrap();
    let o = old.as_object_mut().unwrap();
    o.remove("dict_heads");
    o.insert("dict_sizes".into(), "0a0b".into());
    o.insert("version".into(), 5.into());
    std::fs::write(&path, old.to_string()).unwrap();
    version_error(5);
    std::fs::write(&path, "{not json").unwrap();
    assert!(Index::open_dir(&dir).is_err());
}

#[test]
fn records_are_in_the_text_code_of_the_manifest() {
    let (_d, dir) = sample();
    let path = dir.join("manifest.json");
    let text = std::fs::read_to_string(&path).unwrap();
    let mut m: serde_json::Value = serde_json::from_str(&text).unwrap();
    // Learned from the first fragment pack (d0-d7): the most frequent
    // characters first (those of the repeated phrase, ties in character
    // order); no 8 or 9, which only later articles hold.
    let table = m["text_chars"].as_str().unwrap().to_string();
    assert!(table.chars().count() <= zhfind::index::textcode::TABLE_MAX);
    let mut top: Vec<char> = table.chars().take(10).collect();
    let mut phrase: Vec<char> = "交城县融媒体中心报道".chars().collect();
    top.sort_unstable();
    phrase.sort_unstable();
    assert_eq!(top, phrase, "{table}");
    assert!(!table.contains('8') && !table.contains('9'), "{table}");
    // Texts in and out of the table come back as written.
    let mut idx = Index::open_dir(&dir).unwrap();
    idx.load_all().unwrap();
    let r = idx.query("\"第39篇\"", &Default::default()).unwrap();
    assert_eq!(r.hits[0].title, "标题39");
    assert!(
        r.hits[0]
            .snippet
            .starts_with("第39篇：交城县融媒体中心报道"),
        "{}",
        r.hits[0].snippet
    );
    // A table too long is refused, naming the field.
    m["text_chars"] = "的".repeat(zhfind::index::textcode::TABLE_MAX + 1).into();
    std::fs::write(&path, m.to_string()).unwrap();
    let err = Index::open_dir(&dir).err().expect("must fail");
    assert!(err.to_string().contains("text_chars"), "{err}");
}

#[test]
fn any_damaged_byte_is_an_error() {
    let (_d, dir) = sample();
    let files = Index::open_dir(&dir).unwrap().all_files();
    for f in &files {
        let path = dir.join(f);
        let good = std::fs::read(&path).unwrap();
        for at in [good.len() / 3, good.len() / 2, good.len() - 5] {
            let mut bad = good.clone();
            bad[at] ^= 0x41;
            std::fs::write(&path, &bad).unwrap();
            let mut idx = Index::open_dir(&dir).unwrap();
            // Loading everything and showing every document touches every byte.
            let outcome = idx.load_all().and_then(|_| all(&mut idx, "融媒体"));
            assert!(outcome.is_err(), "damage at {f}:{at} went unnoticed");
        }
        std::fs::write(&path, &good).unwrap();
    }
    let mut idx = Index::open_dir(&dir).unwrap();
    assert!(all(&mut idx, "融媒体").is_ok());
}

#[test]
fn resources_of_another_version_are_refused() {
    let (_d, dir) = sample();
    let mut idx = Index::open_dir(&dir).unwrap();
    let b = idx.manifest().build.clone();
    let shard = shard_name(&idx, 0, 1);
    // A shard before its pack's head is not known to be one.
    let bytes = idx.read_resource(&shard).unwrap();
    assert!(idx.add_file(&shard, &bytes).is_err());
    let (head_name, h) = head(&idx, 0);
    let head_bytes = idx.read_resource(&head_name).unwrap();
    assert!(
        idx.add_file(&head_name, &bytes).is_err(),
        "a shard is no head"
    );
    idx.add_file(&head_name, &head_bytes).unwrap();
    assert!(idx.is_loaded(&head_name));
    let (start, len) = h.location(1);
    assert!(idx.add_file(&shard, &bytes).is_ok());
    assert!(idx.is_loaded(&shard));
    for name in [
        shard.replace(&b, "00000000"),
        shard.replace("/d/0000.bin", "/d/0001.bin"),
        format!("v/x/d/0000.bin@{start}+{len}.gz"),
        format!("v/{b}/d/9999.bin@{start}+{len}.gz"),
        format!("v/{b}/d/0000.bin"),
        format!("v/{b}/d/0000.bin.gz"),
        format!("v/{b}/d/0000.bin@{start}+{len}"),
        format!("v/{b}/d/0000.bin@{start}+{}.gz", len - 1),
        format!("v/{b}/d/0000.bin@{}+{len}.gz", start + 1),
        format!("v/{b}/p/0000.bin"),
        "manifest.json".to_string(),
    ] {
        assert!(idx.add_file(&name, &bytes).is_err(), "{name} accepted");
    }
    // A shard's bytes under another shard's name fail its own checks or are
    // at least never mistaken for a fragment or a pack member.
    assert!(idx
        .add_file(&format!("v/{b}/f/0000.bin@0+8"), &bytes)
        .is_err());
}

/// An index opened from the manifest of `dir` alone.
fn fresh(dir: &std::path::Path) -> Index {
    let m: zhfind::Manifest =
        serde_json::from_slice(&std::fs::read(dir.join("manifest.json")).unwrap()).unwrap();
    Index::new(m).unwrap()
}

/// Answers `q` round by round, loading from `dir` what [`Index::missing`]
/// names (the search fails until the last round); returns each round's
/// names.
fn rounds(idx: &mut Index, dir: &std::path::Path, q: &str) -> Vec<Vec<String>> {
    let opts = SearchOptions::default();
    let mut out = Vec::new();
    loop {
        let need = idx.missing(q, &opts).unwrap();
        if need.is_empty() {
            return out;
        }
        assert!(matches!(idx.search(q, &opts), Err(Error::Missing { .. })));
        for n in &need {
            let bytes = Index::open_dir(dir).unwrap().read_resource(n).unwrap();
            idx.add_file(n, &bytes).unwrap();
            assert!(idx.is_loaded(n), "{n}");
        }
        out.push(need);
    }
}

#[test]
fn missing_names_what_to_fetch_stage_by_stage() {
    let (_d, dir) = sample();
    let mut idx = fresh(&dir);
    let kind = |n: &String| {
        if n.contains("/h/") {
            'h'
        } else if n.contains("/d/") {
            'd'
        } else if n.contains("/p/") {
            'p'
        } else if n.ends_with("+8") {
            't'
        } else {
            'f'
        }
    };
    let stages: Vec<String> = rounds(&mut idx, &dir, "融媒体")
        .iter()
        .map(|need| need.iter().map(kind).collect())
        .collect();
    let order: Vec<char> = stages.iter().map(|s| s.chars().next().unwrap()).collect();
    assert_eq!(&order[..2], &['h', 'd'], "{stages:?}");
    // A query that folds to itself gets all its heads at once, then all
    // its dictionary shards.
    assert_eq!(order.iter().filter(|&&c| c == 'h').count(), 1, "{stages:?}");
    assert_eq!(order.iter().filter(|&&c| c == 'd').count(), 1, "{stages:?}");
    assert_eq!(&order[order.len() - 2..], &['t', 'f'], "{stages:?}");
    assert!(
        stages
            .iter()
            .all(|s| s.chars().all(|c| c == s.chars().next().unwrap())),
        "{stages:?}"
    );
    let opts = SearchOptions::default();
    assert_eq!(idx.search("融媒体", &opts).unwrap().hits.len(), 10);
}

#[test]
fn bounded_memory_builds_the_same_index() {
    let docs: Vec<zhfind::Article> = (0..120)
        .map(|i| {
            let words = [
                "融媒体",
                "交城县",
                "APP",
                "乡村振兴",
                "5G基站",
                "老街巷",
                "臺灣",
            ];
            let body: String = (0..(i % 11 + 2))
                .map(|k| words[(i * 7 + k * 3) % words.len()])
                .collect::<Vec<_>>()
                .join("，");
            art(
                &format!("d{i}"),
                &format!("第{i}篇"),
                &format!("{body}。编号{i}"),
            )
        })
        .collect();
    let dirs = tempfile::tempdir().unwrap();
    let mut built = Vec::new();
    for memory_bytes in [usize::MAX, 1] {
        let out = dirs.path().join(format!("m{}", built.len()));
        let opts = BuildOptions {
            shard_bytes: 256,
            small_dict_shards: 0,
            fragment_docs: 16,
            memory_bytes,
            join_bytes: 0,
            ..Default::default()
        };
        let mut b = zhfind::build::Builder::new(&out, opts).unwrap();
        for chunk in docs.chunks(7) {
            b.add_batch(chunk.to_vec(), "test");
        }
        let s = b.finish().unwrap();
        assert_eq!(s.runs > 0, memory_bytes == 1, "runs: {}", s.runs);
        built.push(out);
    }
    let (a, b) = (files_of(&built[0]), files_of(&built[1]));
    assert!(a.keys().any(|k| k.contains("/d/")));
    assert_eq!(a.keys().collect::<Vec<_>>(), b.keys().collect::<Vec<_>>());
    for (k, v) in &a {
        assert!(v == &b[k], "{k} differs");
    }
    assert!(!built[1].join("v/.runs").exists(), "runs are removed");
    let hits = common::ids(&built[1], "交城县 OR 台湾");
    assert!(!hits.is_empty());
    assert_eq!(hits, common::ids(&built[0], "交城县 OR 台湾"));
}

/// The postings ranges `q` reads (see [`rounds`]).
fn postings_read(idx: &mut Index, dir: &std::path::Path, q: &str) -> Vec<(u64, u64)> {
    let names = rounds(idx, dir, q).concat();
    let range = |n: &String| {
        let r = zhfind::search::resource::Resource::parse(n).unwrap();
        let (start, len) = r.range.unwrap();
        (start, start + u64::from(len))
    };
    names
        .iter()
        .filter(|n| n.contains("/p/"))
        .map(range)
        .collect()
}

#[test]
fn a_two_character_word_reads_no_positions() {
    let (_d, dir) = sample_split(0);
    let mut idx = fresh(&dir);
    // 媒体 alone: its documents member only.
    let first = postings_read(&mut idx, &dir, "媒体");
    assert_eq!(first.len(), 1, "{first:?}");
    // A phrase over it then reads its positions, the member right after.
    let then = postings_read(&mut idx, &dir, "\"融媒体中心\"");
    assert!(then.iter().any(|r| r.0 == first[0].1), "{first:?} {then:?}");
    // Answers are those of an index with everything loaded, also when one
    // query reads 媒体 both without and with positions.
    let mut whole = Index::open_dir(&dir).unwrap();
    whole.load_all().unwrap();
    for q in [
        "媒体",
        "\"融媒体中心\"",
        "媒体 \"融媒体中心\"",
        "媒体 -\"体中心报道\"",
    ] {
        let mut fresh = Index::open_dir(&dir).unwrap();
        let opts = SearchOptions {
            limit: 0,
            ..Default::default()
        };
        let got = fresh.query(q, &opts).unwrap();
        let want = whole.query(q, &opts).unwrap();
        let ids =
            |r: &zhfind::SearchResults| r.hits.iter().map(|h| h.id.clone()).collect::<Vec<_>>();
        assert_eq!(ids(&got), ids(&want), "{q}");
        assert_eq!(got.total, want.total, "{q}");
    }
    assert!(idx.search("媒体", &SearchOptions::default()).unwrap().total > 0);
}

#[test]
fn a_clause_checked_verbatim_reads_no_bigram_where_its_words_meet() {
    let (_d, dir) = sample_split(0);
    // 体中, where 媒体 and 中心 meet: its list, read alone.
    let junction = postings_read(&mut fresh(&dir), &dir, "\"体中\"");
    assert_eq!(junction.len(), 1, "{junction:?}");
    let read = postings_read(&mut fresh(&dir), &dir, "媒体中心");
    assert!(read.len() >= 2, "{read:?}");
    assert!(
        read.iter().all(|r| r.0 != junction[0].0),
        "媒体中心 read 体中 {junction:?}: {read:?}"
    );
    // Same answers, scores and order as an index with everything loaded,
    // also with a one-character word inside (交城县 融 媒体).
    let mut whole = Index::open_dir(&dir).unwrap();
    whole.load_all().unwrap();
    let opts = SearchOptions {
        limit: 0,
        ..Default::default()
    };
    for q in [
        "媒体中心",
        "交城县融媒体",
        "中心报道交城",
        "融媒体中心报道 APP",
    ] {
        let got = Index::open_dir(&dir).unwrap().query(q, &opts).unwrap();
        let want = whole.query(q, &opts).unwrap();
        same_answer(&got, &want, q);
    }
}

#[test]
fn a_clause_reads_the_norms_of_one_word() {
    // Norms apart in every list of 8 documents or more, and nowhere.
    let (_a, apart) = sample_layout(0, 8);
    let (_b, inside) = sample_layout(0, u32::MAX);
    let opts = SearchOptions {
        limit: 0,
        ..Default::default()
    };
    let bytes = |dir: &std::path::Path, q: &str| -> u64 {
        let read = postings_read(&mut fresh(dir), dir, q);
        read.iter().map(|r| r.1 - r.0).sum()
    };
    for q in [
        "媒体",
        "交城县融媒体",
        "融媒体中心报道 APP",
        "\"融媒体中心\" 交城",
        "报道 OR 中心 -\"第3篇\"",
        "融",
    ] {
        // The same hits, scores bit for bit, read round by round.
        let mut got = fresh(&apart);
        loop {
            let need = got.missing(q, &opts).unwrap();
            if need.is_empty() {
                break;
            }
            for n in &need {
                let bytes = Index::open_dir(&apart).unwrap().read_resource(n).unwrap();
                got.add_file(n, &bytes).unwrap();
            }
        }
        let got = got.search(q, &opts).unwrap();
        let want = Index::open_dir(&inside).unwrap().query(q, &opts).unwrap();
        same_answer(&got, &want, q);
    }
    // Two words in 400 documents of many lengths: the norms of one list
    // (400 bytes of ~7 bits) are not read.
    let docs: Vec<_> = (0..400)
        .map(|i| {
            let filler = "各地干部群众认真学习".repeat(i % 97 + 1);
            art(
                &format!("d{i}"),
                "报道",
                &format!("交城县{filler}新闻中心报道"),
            )
        })
        .collect();
    let opts = |norms_apart_df| BuildOptions {
        norms_apart_df,
        join_bytes: 0,
        ..Default::default()
    };
    let (_c, apart) = build(docs.clone(), opts(8));
    let (_d, inside) = build(docs, opts(u32::MAX));
    let (a, i) = (bytes(&apart, "交城县 报道"), bytes(&inside, "交城县 报道"));
    assert!(a + 100 < i, "apart {a} inside {i}");
}

#[test]
fn what_is_loaded_ahead_saves_later_queries_two_rounds() {
    let (_d, dir) = sample();
    let mut idx = fresh(&dir);
    let ahead = idx.ahead();
    let (heads, rest): (Vec<_>, Vec<_>) = ahead.iter().partition(|n| n.contains("/h/"));
    assert!(heads.len() > 1, "{ahead:?}");
    assert_eq!(rest.len(), 1, "{ahead:?}");
    assert!(rest[0].contains("/l/0000.bin@0+"), "{ahead:?}");
    // Without them: heads first, and an 8-byte table entry before each record.
    let table_entry = |n: &String| n.contains("/f/") && n.ends_with("+8");
    let q = "融媒体中心";
    let cold = rounds(&mut fresh(&dir), &dir, q);
    assert!(cold[0].iter().all(|n| n.contains("/h/")), "{cold:?}");
    assert!(cold.concat().iter().any(table_entry), "{cold:?}");
    for n in &ahead {
        let bytes = Index::open_dir(&dir).unwrap().read_resource(n).unwrap();
        idx.add_fetched(n, &bytes).unwrap();
        assert!(idx.is_loaded(n), "{n}");
    }
    assert!(idx.ahead().is_empty());
    let warm = rounds(&mut idx, &dir, q);
    assert_eq!(warm.len(), cold.len() - 2, "{cold:?} {warm:?}");
    let names = warm.concat();
    assert!(
        !names.iter().any(|n| n.contains("/h/") || table_entry(n)),
        "{warm:?}"
    );
    // The records found through the lengths are the documents themselves.
    let opts = SearchOptions::default();
    let mut whole = Index::open_dir(&dir).unwrap();
    whole.load_all().unwrap();
    for q in ["融媒体中心", "APP", "标题3"] {
        let _ = rounds(&mut idx, &dir, q);
        let got = idx.search(q, &opts).unwrap();
        let want = whole.query(q, &opts).unwrap();
        assert!(want.total > 0, "{q}");
        let show = |r: &zhfind::SearchResults| {
            r.hits
                .iter()
                .map(|h| format!("{} {} {}", h.id, h.title, h.snippet))
                .collect::<Vec<_>>()
        };
        assert_eq!(show(&got), show(&want), "{q}");
    }
}
