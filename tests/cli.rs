//! The `zhfind` binary: build summary, query output, errors.

use std::process::Command;

fn zhfind(args: &[&str]) -> std::process::Output {
    Command::new(env!("CARGO_BIN_EXE_zhfind"))
        .args(args)
        .output()
        .unwrap()
}

fn write(dir: &std::path::Path, name: &str, text: &str) -> String {
    let p = dir.join(name);
    std::fs::write(&p, text).unwrap();
    p.display().to_string()
}

#[test]
fn build_then_query_json() {
    let d = tempfile::tempdir().unwrap();
    let input = write(
        d.path(),
        "a.jsonl",
        concat!(
            r#"{"id":"1","title":"交城县融媒体中心揭牌","body":"交城县融媒体中心正式揭牌。","url":"/a/1.html","date":"2021-01-05","page":3,"extra":{"k":1}}"#,
            "\n",
            r#"{"id":"2","title":"新闻","body":"融资和媒体。","page":"A2"}"#,
            "\n\n",
            r#"{"id":"1","body":"重复的编号"}"#,
            "\n",
            r#"{"id":"3"}"#,
            "\n",
            "not json\n",
            r#"{"id":"4","body":"日期错误","date":"2021-02-30"}"#,
            "\n",
        ),
    );
    let out = d.path().join("idx").display().to_string();
    let b = zhfind(&["build", "--out", &out, &input]);
    assert!(b.status.success(), "{}", String::from_utf8_lossy(&b.stderr));
    let err = String::from_utf8_lossy(&b.stderr);
    assert!(err.contains("6 read, 2 indexed, 4 rejected"), "{err}");
    assert!(err.contains("a.jsonl:5: field `body`: missing"), "{err}");
    assert!(err.contains("a.jsonl:6: invalid JSON"), "{err}");
    assert!(err.contains("duplicate id `1`"), "{err}");
    assert!(err.contains("a.jsonl:7: field `date`"), "{err}");

    let q = zhfind(&["query", "--index", &out, "--json", "融媒体"]);
    assert!(q.status.success());
    let v: serde_json::Value = serde_json::from_slice(&q.stdout).unwrap();
    assert_eq!(v["query"], "融媒体");
    assert_eq!(v["total"], 2);
    assert!(v["took_ms"].is_number());
    let h = &v["hits"][0];
    let keys: Vec<&str> = h.as_object().unwrap().keys().map(|k| k.as_str()).collect();
    assert_eq!(keys.len(), 8, "{keys:?}");
    for k in [
        "id", "title", "url", "date", "page", "score", "snippet", "marks",
    ] {
        assert!(h.get(k).is_some(), "missing {k}");
    }
    assert_eq!(h["id"], "1");
    assert_eq!(h["page"], "3");
    assert_eq!(h["url"], "/a/1.html");
    assert_eq!(h["marks"][0], serde_json::json!([3, 6]));
    assert_eq!(v["hits"][1]["page"], "A2");

    let q = zhfind(&["query", "--index", &out, "--json", "--limit", "1", "融媒体"]);
    let v: serde_json::Value = serde_json::from_slice(&q.stdout).unwrap();
    assert_eq!(
        (v["total"].as_u64(), v["hits"].as_array().unwrap().len()),
        (Some(2), 1)
    );

    let q = zhfind(&["query", "--index", &out, "交城", "揭牌"]);
    let text = String::from_utf8_lossy(&q.stdout);
    assert!(text.starts_with("1 results for 交城 揭牌"), "{text}");
}

#[test]
fn errors_are_one_line_and_non_zero() {
    let d = tempfile::tempdir().unwrap();
    let q = zhfind(&[
        "query",
        "--index",
        &d.path().join("none").display().to_string(),
        "x",
    ]);
    assert!(!q.status.success());
    let err = String::from_utf8_lossy(&q.stderr);
    assert!(
        err.starts_with("zhfind: ")
            && err.contains("manifest.json")
            && err.trim().lines().count() == 1,
        "{err}"
    );

    let bad = write(d.path(), "a.csv", "x");
    let b = zhfind(&[
        "build",
        "--out",
        &d.path().join("o").display().to_string(),
        &bad,
    ]);
    assert!(!b.status.success());
    assert!(String::from_utf8_lossy(&b.stderr).contains("unknown input type"));

    let empty = write(d.path(), "e.jsonl", "\n");
    let b = zhfind(&[
        "build",
        "--out",
        &d.path().join("o").display().to_string(),
        &empty,
    ]);
    assert!(!b.status.success());
    assert!(String::from_utf8_lossy(&b.stderr).contains("no articles were indexed"));

    for cmd in [
        &["--help"][..],
        &["build", "--help"],
        &["query", "--help"],
        &["import", "--help"],
    ] {
        assert!(zhfind(cmd).status.success(), "{cmd:?}");
    }
}
