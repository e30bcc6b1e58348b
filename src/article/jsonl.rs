//! Reading article JSONL with line-precise errors.

use super::{valid_date, Article};
use crate::error::InputError;
use serde_json::Value;
use std::io::BufRead;

/// Parses one JSONL line into an [`Article`].
///
/// `file` and `line` only label errors.
pub fn parse_line(text: &str, file: &str, line: usize) -> Result<Article, InputError> {
    let err = |field: Option<&str>, reason: String| InputError {
        file: file.to_string(),
        line: Some(line),
        field: field.map(str::to_string),
        reason,
    };
    let value: Value =
        serde_json::from_str(text).map_err(|e| err(None, format!("invalid JSON: {e}")))?;
    let Value::Object(map) = value else {
        return Err(err(None, "expected a JSON object".into()));
    };
    let mut a = Article::default();
    let mut have_body = false;
    for (key, v) in map {
        let as_text = |v: &Value| -> Result<String, InputError> {
            match v {
                Value::String(s) => Ok(s.clone()),
                Value::Null => Ok(String::new()),
                _ => Err(err(Some(&key), "must be a string".into())),
            }
        };
        match key.as_str() {
            "id" => {
                a.id = match &v {
                    Value::String(s) => s.trim().to_string(),
                    Value::Number(n) => n.to_string(),
                    _ => return Err(err(Some("id"), "must be a string".into())),
                }
            }
            "body" => {
                if !v.is_string() {
                    return Err(err(Some("body"), "must be a string".into()));
                }
                a.body = as_text(&v)?;
                have_body = true;
            }
            "title" => a.title = as_text(&v)?,
            "url" => a.url = as_text(&v)?,
            "section" => a.section = as_text(&v)?,
            "author" => a.author = as_text(&v)?,
            "date" => {
                let d = as_text(&v)?.trim().to_string();
                if !d.is_empty() && !valid_date(&d) {
                    return Err(err(Some("date"), format!("`{d}` is not a YYYY-MM-DD date")));
                }
                a.date = d;
            }
            "page" => {
                a.page = match &v {
                    Value::String(s) => s.trim().to_string(),
                    Value::Number(n) => n.to_string(),
                    Value::Null => String::new(),
                    _ => return Err(err(Some("page"), "must be a number or a string".into())),
                }
            }
            _ => a.meta.push((key.clone(), v.to_string())),
        }
    }
    if a.id.is_empty() {
        return Err(err(Some("id"), "missing or empty".into()));
    }
    if !have_body {
        return Err(err(Some("body"), "missing".into()));
    }
    Ok(a)
}

/// Iterates over the articles of one JSONL stream, yielding a result per
/// non-blank line so that callers can count and report rejections.
pub struct JsonlReader<R> {
    inner: R,
    file: String,
    line: usize,
    buf: String,
}

impl<R: BufRead> JsonlReader<R> {
    /// Reads from `inner`; `file` labels errors.
    pub fn new(inner: R, file: impl Into<String>) -> Self {
        JsonlReader {
            inner,
            file: file.into(),
            line: 0,
            buf: String::new(),
        }
    }
}

impl<R: BufRead> Iterator for JsonlReader<R> {
    type Item = Result<Article, InputError>;

    fn next(&mut self) -> Option<Self::Item> {
        loop {
            self.buf.clear();
            self.line += 1;
            match self.inner.read_line(&mut self.buf) {
                Ok(0) => return None,
                Ok(_) => {}
                Err(e) => {
                    return Some(Err(InputError {
                        file: self.file.clone(),
                        line: Some(self.line),
                        field: None,
                        reason: format!("read error: {e}"),
                    }))
                }
            }
            let text = self.buf.trim_start_matches('\u{feff}').trim();
            if text.is_empty() {
                continue;
            }
            return Some(parse_line(text, &self.file, self.line));
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    // The same tests run in wasm (cargo test --target wasm32-unknown-unknown).
    #[cfg(target_arch = "wasm32")]
    use wasm_bindgen_test::wasm_bindgen_test as test;

    #[test]
    fn reads_fields_and_keeps_unknown_ones() {
        let a = parse_line(
            r#"{"id":"a1","title":"标题","body":"正文","page":3,"date":"2021-01-05","tags":["x"]}"#,
            "f.jsonl",
            1,
        )
        .unwrap();
        assert_eq!(a.id, "a1");
        assert_eq!(a.page, "3");
        assert_eq!(a.meta, vec![("tags".to_string(), r#"["x"]"#.to_string())]);
    }

    #[test]
    fn errors_name_file_line_and_field() {
        let cases = [
            (r#"{"body":"x"}"#, "f.jsonl:7: field `id`: missing or empty"),
            (r#"{"id":"a"}"#, "f.jsonl:7: field `body`: missing"),
            (
                r#"{"id":"a","body":3}"#,
                "f.jsonl:7: field `body`: must be a string",
            ),
            (
                r#"{"id":"a","body":"x","date":"2021-02-30"}"#,
                "f.jsonl:7: field `date`: `2021-02-30` is not a YYYY-MM-DD date",
            ),
            (r#"[1]"#, "f.jsonl:7: expected a JSON object"),
        ];
        for (line, want) in cases {
            assert_eq!(
                parse_line(line, "f.jsonl", 7).unwrap_err().to_string(),
                want
            );
        }
        let e = parse_line("{", "f.jsonl", 7).unwrap_err().to_string();
        assert!(e.starts_with("f.jsonl:7: invalid JSON"), "{e}");
    }

    #[test]
    fn reader_skips_blank_lines_and_counts_lines() {
        let input = "{\"id\":\"a\",\"body\":\"x\"}\n\n{oops}\n";
        let got: Vec<_> = JsonlReader::new(input.as_bytes(), "in.jsonl").collect();
        assert_eq!(got.len(), 2);
        assert!(got[0].is_ok());
        assert_eq!(got[1].as_ref().unwrap_err().line, Some(3));
    }
}
