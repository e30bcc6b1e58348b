//! Dictionary shards live in pack files, each shard a gzip member read by
//! byte range: the ranges the packs' heads give are the shards, damage
//! names the pack, folds are found in their packs, and an index has few
//! files.

mod common;
use common::{art, head, shard_count, shard_name, shard_of};
use zhfind::build::BuildOptions;
use zhfind::index::pack::gunzip;
use zhfind::search::resource::Resource;
use zhfind::{Index, SearchOptions};

fn corpus() -> Vec<zhfind::Article> {
    let words = [
        "融媒体",
        "交城县",
        "台湾",
        "经济",
        "乡村振兴",
        "5G基站",
        "国务院",
    ];
    (0..60)
        .map(|i| {
            let body: String = (0..(i % 9 + 2))
                .map(|k| words[(i * 5 + k * 3) % words.len()])
                .collect::<Vec<_>>()
                .join("，");
            art(&format!("d{i}"), &format!("第{i}篇"), &format!("{body}。"))
        })
        .collect()
}

fn tiny() -> BuildOptions {
    BuildOptions {
        shard_bytes: 256,
        small_dict_shards: 0,
        fragment_docs: 16,
        shards_per_pack: 4,
        join_bytes: 0,
        ..Default::default()
    }
}

fn all(idx: &mut Index, q: &str) -> zhfind::Result<Vec<String>> {
    let opts = SearchOptions {
        limit: 0,
        ..Default::default()
    };
    Ok(idx
        .query(q, &opts)?
        .hits
        .into_iter()
        .map(|h| h.id)
        .collect())
}

#[test]
fn shards_are_the_members_of_their_packs() {
    let (_d, dir) = common::build(corpus(), tiny());
    let idx = Index::open_dir(&dir).unwrap();
    let m = idx.manifest();
    let packs = m.dict_packs();
    assert!(packs > 2, "{packs} packs");
    assert_eq!(packs as usize, shard_count(&idx).div_ceil(4));
    let mut on_disk: Vec<String> = std::fs::read_dir(dir.join(format!("v/{}/d", m.build)))
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    on_disk.sort();
    let listed: Vec<String> = (0..packs)
        .map(|k| m.dict_pack_path(k).rsplit('/').next().unwrap().to_string())
        .collect();
    assert_eq!(on_disk, listed);
    let heads = std::fs::read(dir.join(m.heads_path())).unwrap();
    let mut head_at = 0;
    for k in 0..packs {
        let (start, len) = m.head_location(k);
        assert_eq!(start, head_at, "heads sit back to back");
        head_at += u64::from(len);
        let (_, h) = head(&idx, k);
        assert_eq!(h.first_key(), m.pack_key(k));
        assert_eq!(h.len(), if k + 1 < packs { 4 } else { h.len() });
        let whole = std::fs::read(dir.join(m.dict_pack_path(k))).unwrap();
        let mut at = 0;
        for n in 0..h.len() {
            let (start, len) = h.location(n);
            assert_eq!(start, at, "shard {n}");
            at += u64::from(len);
            let member = &whole[start as usize..at as usize];
            assert_eq!(
                idx.read_resource(&shard_name(&idx, k, n)).unwrap(),
                gunzip(member, "m").unwrap()
            );
        }
        assert_eq!(
            at,
            whole.len() as u64,
            "pack {k} is its shards, back to back"
        );
    }
    assert_eq!(head_at, heads.len() as u64, "the heads file is its heads");
}

#[test]
fn missing_names_heads_then_shards_and_folds_are_found_in_packs() {
    let (_d, dir) = common::build(corpus(), tiny());
    let mut idx = Index::open_dir(&dir).unwrap();
    // 臺 is not in the corpus: its fold entry (臺 -> 台) sits in the shard
    // whose key range holds it, somewhere inside a pack.
    let (pack, i) = shard_of(&idx, "臺");
    assert!((pack, i) != (0, 0), "not the first shard of the first pack");
    let opts = SearchOptions::default();
    let heads = idx.missing("臺灣", &opts).unwrap();
    assert!(heads.contains(&head(&idx, pack).0), "{heads:?}");
    for n in &heads {
        let r = Resource::parse(n).unwrap();
        assert!(r.path.ends_with("/h/0000.bin"), "{n}");
        assert!(r.range.is_some() && r.gzip, "{n}");
        let bytes = idx.read_resource(n).unwrap();
        idx.add_file(n, &bytes).unwrap();
    }
    let need = idx.missing("臺灣", &opts).unwrap();
    assert!(need.contains(&shard_name(&idx, pack, i)), "{need:?}");
    for n in &need {
        let r = Resource::parse(n).unwrap();
        assert!(r.path.contains("/d/") && r.path.ends_with(".bin"), "{n}");
        assert!(r.range.is_some() && r.gzip, "{n}");
    }
    let trad = all(&mut idx, "臺灣").unwrap();
    assert!(!trad.is_empty());
    assert_eq!(trad, common::ids(&dir, "台湾"));
}

#[test]
fn a_damaged_shard_names_its_pack() {
    let (_d, dir) = common::build(corpus(), tiny());
    let idx = Index::open_dir(&dir).unwrap();
    let (pack, s) = shard_of(&idx, "融");
    let (start, len) = head(&idx, pack).1.location(s);
    let file = idx.manifest().dict_pack_path(pack);
    let path = dir.join(&file);
    let good = std::fs::read(&path).unwrap();
    for at in [
        start + 12,
        start + u64::from(len) / 2,
        start + u64::from(len) - 3,
    ] {
        let mut bad = good.clone();
        bad[at as usize] ^= 0x41;
        std::fs::write(&path, &bad).unwrap();
        let err = all(&mut Index::open_dir(&dir).unwrap(), "融媒体")
            .err()
            .unwrap_or_else(|| panic!("damage at {file}:{at} went unnoticed"));
        assert!(err.to_string().contains(&file), "{err}");
        let err = Index::open_dir(&dir).unwrap().load_all().err().unwrap();
        assert!(err.to_string().contains(&file), "{err}");
    }
    // A pack cut short, or longer than its shards, is an error too.
    for bad in [&good[..good.len() - 1], &[good.as_slice(), b"x"].concat()] {
        std::fs::write(&path, bad).unwrap();
        let err = Index::open_dir(&dir).unwrap().load_all().err().unwrap();
        assert!(err.to_string().contains(&file), "{err}");
    }
    std::fs::write(&path, &good).unwrap();
    assert!(all(&mut Index::open_dir(&dir).unwrap(), "融媒体").is_ok());
}

#[test]
fn an_index_has_few_files() {
    let (_d, dir) = common::build(
        corpus(),
        BuildOptions {
            shard_bytes: 256,
            small_dict_shards: 0,
            join_bytes: 0,
            ..Default::default()
        },
    );
    let idx = Index::open_dir(&dir).unwrap();
    let m = idx.manifest();
    let shards = shard_count(&idx);
    assert!(shards > 10, "{shards} shards");
    assert_eq!(m.dict_packs(), shards.div_ceil(128) as u32);
    let files = common::files_of(&dir).len();
    let data = 1 + m.dict_packs() + m.packs + m.fragment_packs() + 1;
    assert_eq!(
        files,
        2 + data as usize,
        "manifest, files.json, the heads, the packs and the record lengths"
    );
    assert_eq!(idx.all_files().len(), data as usize);
}

/// Twenty articles of pseudo-random Han text: a dictionary of some
/// 15,000 terms, a few hundred KiB, as a handful of newspaper pages has.
fn varied() -> Vec<zhfind::Article> {
    let mut x: u32 = 12345;
    (0..20)
        .map(|i| {
            let body: String = (0..600)
                .map(|_| {
                    x = x.wrapping_mul(1_103_515_245).wrapping_add(12345);
                    char::from_u32(0x4e00 + (x >> 16) % 3000).unwrap()
                })
                .collect();
            art(&format!("v{i}"), &format!("第{i}篇"), &body)
        })
        .collect()
}

#[test]
fn a_tiny_index_is_cut_into_about_64_shards_and_answers_alike() {
    let docs = varied();
    let (_a, small) = common::build(docs.clone(), BuildOptions::default());
    let two_kib = BuildOptions {
        small_dict_shards: 0,
        ..Default::default()
    };
    let (_b, fine) = common::build(docs.clone(), two_kib);
    let n = shard_count(&Index::open_dir(&small).unwrap());
    let fine_n = shard_count(&Index::open_dir(&fine).unwrap());
    assert!((56..=72).contains(&n), "{n} shards");
    assert!(fine_n > 2 * n, "2 KiB shards: {fine_n}");
    let body: Vec<char> = docs[7].body.chars().collect();
    for at in [0, 101, 333, 590] {
        for len in [1, 2, 3, 5] {
            let q: String = body[at..at + len].iter().collect();
            let hits = common::ids(&small, &q);
            assert!(hits.contains(&"v7".to_string()), "{q}");
            assert_eq!(hits, common::ids(&fine, &q), "{q}");
        }
    }
}
