//! Writing articles as JSONL that [`crate::article::parse_line`] reads back
//! into the same [`Article`].
//!
//! The object has the fields of the input format (`id`, `title`, `body`,
//! `url`, `date`, `page`, `section` when set, `author`) followed by the
//! `meta` entries as top-level fields, their values written as the JSON they
//! hold. `page` is written as a number when it is a plain number (`3`), else
//! as a string. A meta entry whose name is one of the fields above is
//! written as `meta_{name}`, and one whose value is not valid JSON is
//! written as a JSON string, so nothing overwrites a field.
//!
//! The reader returns unknown fields in key order, so an article round-trips
//! exactly when its `meta` is sorted by name, as the importer's are.

use crate::Article;
use serde_json::Value;

const FIELDS: &[&str] = &[
    "id", "title", "body", "url", "date", "page", "section", "author",
];

fn push_field(out: &mut String, key: &str, value: &str) {
    if out.len() > 1 {
        out.push(',');
    }
    out.push_str(&Value::String(key.to_string()).to_string());
    out.push(':');
    out.push_str(value);
}

fn string(s: &str) -> String {
    Value::String(s.to_string()).to_string()
}

/// One article as a line of JSON (without the newline).
pub fn to_json_line(a: &Article) -> String {
    let mut out = String::from("{");
    push_field(&mut out, "id", &string(&a.id));
    push_field(&mut out, "title", &string(&a.title));
    push_field(&mut out, "body", &string(&a.body));
    push_field(&mut out, "url", &string(&a.url));
    push_field(&mut out, "date", &string(&a.date));
    let numeric = !a.page.is_empty()
        && a.page.len() <= 15
        && a.page.bytes().all(|b| b.is_ascii_digit())
        && (a.page == "0" || !a.page.starts_with('0'));
    let page = if numeric {
        a.page.clone()
    } else {
        string(&a.page)
    };
    push_field(&mut out, "page", &page);
    if !a.section.is_empty() {
        push_field(&mut out, "section", &string(&a.section));
    }
    push_field(&mut out, "author", &string(&a.author));
    for (k, v) in &a.meta {
        let key = if FIELDS.contains(&k.as_str()) {
            format!("meta_{k}")
        } else {
            k.clone()
        };
        let value = match serde_json::from_str::<Value>(v) {
            Ok(v) => v.to_string(),
            Err(_) => string(v),
        };
        push_field(&mut out, &key, &value);
    }
    out.push('}');
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::article::parse_line;

    #[test]
    fn round_trip() {
        let a = Article {
            id: "p-01".into(),
            title: "标题 \"引号\"".into(),
            body: "第一段\n第二段".into(),
            page: "3".into(),
            date: "2021-01-05".into(),
            author: "记者 李雅萍".into(),
            meta: vec![
                ("jumps".into(), r#"["下转2版"]"#.into()),
                ("kind".into(), r#""article""#.into()),
                ("raw_lines".into(), "[1,9]".into()),
            ],
            ..Article::default()
        };
        let line = to_json_line(&a);
        assert!(line.contains(r#""page":3"#), "{line}");
        assert_eq!(parse_line(&line, "x", 1).unwrap(), a);
        let b = Article {
            page: "03".into(),
            ..a.clone()
        };
        assert_eq!(parse_line(&to_json_line(&b), "x", 1).unwrap(), b);
    }
}
