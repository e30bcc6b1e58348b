//! Index files round-trip, and a wrong version or any damage is an error,
//! never a panic or a silently wrong answer.

mod common;
use common::{art, build};
use zhfind::build::BuildOptions;
use zhfind::{Error, FormatError, Index};

fn sample() -> (tempfile::TempDir, std::path::PathBuf) {
    let docs = (0..40)
        .map(|i| {
            art(
                &format!("d{i}"),
                &format!("标题{i}"),
                &format!("第{i}篇：交城县融媒体中心报道，APP下载{i}次。"),
            )
        })
        .collect();
    build(
        docs,
        BuildOptions {
            shard_bytes: 512,
            fragment_docs: 8,
            ..Default::default()
        },
    )
}

#[test]
fn round_trip_every_file() {
    let (_d, dir) = sample();
    let mut idx = Index::open_dir(&dir).unwrap();
    assert!(
        idx.manifest().files.len() > 5,
        "small shards give several files"
    );
    idx.load_all().unwrap();
    for f in idx.all_files() {
        assert!(idx.is_loaded(&f));
    }
    let r = idx.search("融媒体", &Default::default()).unwrap();
    assert_eq!(r.total, 40);
    assert_eq!(r.hits.len(), 10);
    assert!(idx.search("\"第7篇\"", &Default::default()).unwrap().hits[0].id == "d7");
}

#[test]
fn wrong_manifest_version_is_a_clear_error() {
    let (_d, dir) = sample();
    let path = dir.join("manifest.json");
    let text = std::fs::read_to_string(&path).unwrap();
    std::fs::write(&path, text.replace("\"version\":1", "\"version\":99")).unwrap();
    let err = Index::open_dir(&dir).err().expect("must fail");
    assert!(
        matches!(
            err,
            Error::Format(FormatError::Version {
                found: 99,
                expected: 1,
                ..
            })
        ),
        "{err}"
    );
    assert!(err.to_string().contains("rebuild the index"));
    std::fs::write(&path, "{not json").unwrap();
    assert!(Index::open_dir(&dir).is_err());
}

#[test]
fn damaged_files_are_errors() {
    let (_d, dir) = sample();
    let mut idx = Index::open_dir(&dir).unwrap();
    let files = idx.all_files();
    for (n, f) in files.iter().enumerate() {
        let good = std::fs::read(dir.join(f)).unwrap();
        // truncated, bit flips at several offsets, empty, an HTML error page
        let mut variants = vec![
            good[..good.len() / 2].to_vec(),
            Vec::new(),
            b"<!doctype html>404".to_vec(),
        ];
        for at in [0, 5, 6, 9, 13, 17, good.len() / 2, good.len() - 1] {
            let mut v = good.clone();
            v[at] ^= 0x10;
            variants.push(v);
        }
        for v in variants {
            assert!(idx.add_file(f, &v).is_err(), "damaged {f} accepted");
        }
        // A file under another file's name is rejected too.
        let other = std::fs::read(dir.join(&files[(n + 1) % files.len()])).unwrap();
        if other != good {
            assert!(
                idx.add_file(f, &other).is_err() || files.len() < 2,
                "{f} accepted foreign content"
            );
        }
    }
    assert!(idx.add_file("s/nope.bin", b"x").is_err());
}

#[test]
fn searching_before_loading_names_the_missing_file() {
    let (_d, dir) = sample();
    let m: zhfind::Manifest =
        serde_json::from_slice(&std::fs::read(dir.join("manifest.json")).unwrap()).unwrap();
    let mut idx = Index::new(m).unwrap();
    let need = idx.missing("融媒体", &Default::default()).unwrap();
    assert!(
        !need.is_empty() && need.iter().all(|p| p.starts_with("s/")),
        "{need:?}"
    );
    assert!(matches!(
        idx.search("融媒体", &Default::default()),
        Err(Error::Missing { .. })
    ));
    for p in &need {
        idx.add_file(p, &std::fs::read(dir.join(p)).unwrap())
            .unwrap();
    }
    let need = idx.missing("融媒体", &Default::default()).unwrap();
    assert!(
        !need.is_empty() && need.iter().all(|p| p.starts_with("f/")),
        "then fragments: {need:?}"
    );
    for p in &need {
        idx.add_file(p, &std::fs::read(dir.join(p)).unwrap())
            .unwrap();
    }
    assert!(idx
        .missing("融媒体", &Default::default())
        .unwrap()
        .is_empty());
    assert_eq!(
        idx.search("融媒体", &Default::default())
            .unwrap()
            .hits
            .len(),
        10
    );
}
