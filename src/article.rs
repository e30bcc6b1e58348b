//! The unit of indexing: one article, and its JSONL reader.
//!
//! Input is article JSONL, one JSON object per line:
//!
//! | field     | type             | notes                                  |
//! |-----------|------------------|----------------------------------------|
//! | `id`      | string, required | unique across the whole input          |
//! | `body`    | string, required | may contain OCR wraps and spaces       |
//! | `title`   | string           | headline; boosted in ranking           |
//! | `url`     | string           | link target shown in results           |
//! | `date`    | string           | `YYYY-MM-DD`                           |
//! | `page`    | number or string | 版次                                   |
//! | `section` | string           |                                        |
//! | `author`  | string           |                                        |
//!
//! Any other field is kept as metadata (its JSON text) and not indexed.

/// One article as given to the index builder.
#[derive(Debug, Clone, Default, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct Article {
    /// Unique id, chosen by the publisher.
    pub id: String,
    /// Headline (may be empty).
    #[serde(default)]
    pub title: String,
    /// Article text as given (may contain OCR line wraps).
    pub body: String,
    /// Link to the article.
    #[serde(default)]
    pub url: String,
    /// Publication date, `YYYY-MM-DD`, or empty.
    #[serde(default)]
    pub date: String,
    /// Page (版次), as text, or empty.
    #[serde(default)]
    pub page: String,
    /// Section or column, or empty.
    #[serde(default)]
    pub section: String,
    /// Author or byline, or empty.
    #[serde(default)]
    pub author: String,
    /// Other fields: (name, JSON text of the value), in input order.
    #[serde(default)]
    pub meta: Vec<(String, String)>,
}

/// Checks a `YYYY-MM-DD` date (month 01-12, day valid for the month).
pub fn valid_date(s: &str) -> bool {
    let b = s.as_bytes();
    if b.len() != 10 || b[4] != b'-' || b[7] != b'-' {
        return false;
    }
    let num = |r: std::ops::Range<usize>| -> Option<u32> {
        s.get(r)?.bytes().try_fold(0u32, |acc, c| {
            c.is_ascii_digit().then(|| acc * 10 + u32::from(c - b'0'))
        })
    };
    let (Some(y), Some(m), Some(d)) = (num(0..4), num(5..7), num(8..10)) else {
        return false;
    };
    let leap = (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
    let days = match m {
        1 | 3 | 5 | 7 | 8 | 10 | 12 => 31,
        4 | 6 | 9 | 11 => 30,
        2 if leap => 29,
        2 => 28,
        _ => return false,
    };
    (1..=days).contains(&d)
}

/// Fills a URL template for an article that has no `url` of its own.
///
/// Placeholders: `{id}` (with every character outside `A-Za-z0-9._-`
/// replaced by `_`, so it is safe as a file name), `{date}`, `{page}`.
///
/// ```
/// let a = zhfind::Article { id: "pd/1998 01".into(), date: "1998-01-01".into(), ..Default::default() };
/// assert_eq!(zhfind::article::fill_url("articles/{date}/{id}.html", &a), "articles/1998-01-01/pd_1998_01.html");
/// ```
pub fn fill_url(template: &str, a: &Article) -> String {
    let safe_id: String =
        a.id.chars()
            .map(|c| {
                if c.is_ascii_alphanumeric() || "._-".contains(c) {
                    c
                } else {
                    '_'
                }
            })
            .collect();
    template
        .replace("{id}", &safe_id)
        .replace("{date}", &a.date)
        .replace("{page}", &a.page)
}

#[cfg(not(target_arch = "wasm32"))]
mod jsonl;
#[cfg(not(target_arch = "wasm32"))]
pub use jsonl::{parse_line, JsonlReader};

#[cfg(test)]
mod tests {
    use super::valid_date;

    #[test]
    fn dates() {
        for (s, ok) in [
            ("2021-01-05", true),
            ("2020-02-29", true),
            ("2021-02-29", false),
            ("2021-13-01", false),
            ("2021-1-5", false),
            ("20210105", false),
            ("2021-04-31", false),
            ("abcd-01-01", false),
        ] {
            assert_eq!(valid_date(s), ok, "{s}");
        }
    }
}
