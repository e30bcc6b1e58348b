//! Page metadata: the file-name convention, item ids and the url pattern.
//!
//! **File names.** A page file named `[PAPER_]YYYY-MM-DD_PAGE.txt` (for
//! example `2021-01-05_03.txt` or `lvliang_2021-01-05_03.txt`) gives the
//! date, the page (leading zeros dropped: `03` -> `3`) and optionally the
//! paper; `[PAPER_]YYYY-MM-DD.txt` gives only the date (and paper). Any other
//! name gives nothing. The `--date`, `--page` and `--paper` options override
//! the file name.
//!
//! **Ids.** Items are numbered in page order (`01`, `02`, ...). With a date
//! and a page the id is `{paper}-{date}-{page}-{nn}` (`lvliang-2021-01-05-3-01`,
//! the paper left out when unknown); otherwise the file stem stands in for
//! the page: `{paper}-{date}-{stem}-{nn}`, e.g. `000_87e4b17440bed781-03`.
//!
//! **Urls.** The url pattern (default [`DEFAULT_URL_PATTERN`]) may use
//! `{paper}`, `{date}`, `{yyyy}`, `{mm}`, `{dd}`, `{page}`, `{stem}` (the
//! file name without folder and extension), `{id}` and `{num}` (the item's
//! number on the page, `01`...). Empty values leave no empty path segment:
//! `/{paper}/{date}/{page}/{id}.html` becomes `/000_87e4b17440bed781-03.html`
//! when only the file stem is known.

use super::ImportOptions;
use crate::article::valid_date;
use crate::InputError;

/// The default url pattern.
pub const DEFAULT_URL_PATTERN: &str = "/{paper}/{date}/{page}/{id}.html";

/// Resolved metadata of one page.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct PageMeta {
    /// Newspaper name, or empty.
    pub paper: String,
    /// `YYYY-MM-DD`, or empty.
    pub date: String,
    /// Page (版次), or empty.
    pub page: String,
    /// The file name without folder and extension.
    pub stem: String,
}

fn looks_like_date(s: &str) -> bool {
    let b = s.as_bytes();
    b.len() == 10
        && b.iter().enumerate().all(|(i, c)| {
            if i == 4 || i == 7 {
                *c == b'-'
            } else {
                c.is_ascii_digit()
            }
        })
}

/// Reads the file-name convention and applies the options.
pub fn resolve(file_name: &str, opts: &ImportOptions) -> Result<PageMeta, InputError> {
    let err = |field: &str, reason: String| InputError {
        file: file_name.to_string(),
        line: None,
        field: Some(field.to_string()),
        reason,
    };
    let base = file_name.rsplit(['/', '\\']).next().unwrap_or(file_name);
    let stem = base.rsplit_once('.').map_or(base, |(s, _)| s).to_string();
    let mut meta = PageMeta {
        stem: stem.clone(),
        ..PageMeta::default()
    };
    let parts: Vec<&str> = stem.split('_').collect();
    if let Some(d) = parts.iter().position(|p| looks_like_date(p)) {
        let rest = &parts[d + 1..];
        if rest.len() <= 1
            && rest
                .iter()
                .all(|p| !p.is_empty() && p.chars().all(char::is_alphanumeric))
        {
            if !valid_date(parts[d]) {
                return Err(err(
                    "date",
                    format!("file name date `{}` is not a valid date", parts[d]),
                ));
            }
            meta.date = parts[d].to_string();
            meta.paper = parts[..d].join("_");
            if let Some(p) = rest.first() {
                let trimmed = p.trim_start_matches('0');
                meta.page = if trimmed.is_empty() { "0" } else { trimmed }.to_string();
            }
        }
    }
    if let Some(d) = &opts.date {
        let d = d.trim();
        if !valid_date(d) {
            return Err(err("date", format!("`{d}` is not a YYYY-MM-DD date")));
        }
        meta.date = d.to_string();
    }
    if let Some(p) = opts
        .page
        .as_deref()
        .map(str::trim)
        .filter(|p| !p.is_empty())
    {
        meta.page = p.to_string();
    }
    if let Some(p) = opts
        .paper
        .as_deref()
        .map(str::trim)
        .filter(|p| !p.is_empty())
    {
        meta.paper = p.to_string();
    }
    Ok(meta)
}

fn id_part(s: &str) -> String {
    s.chars()
        .map(|c| {
            if c.is_whitespace() || c == '/' || c == '\\' {
                '_'
            } else {
                c
            }
        })
        .collect()
}

/// The id prefix of a page's items (see the module docs).
pub fn id_base(m: &PageMeta) -> String {
    let parts: Vec<&str> = if !m.date.is_empty() && !m.page.is_empty() {
        vec![&m.paper, &m.date, &m.page]
    } else {
        vec![&m.paper, &m.date, &m.stem, &m.page]
    };
    parts
        .into_iter()
        .filter(|p| !p.is_empty())
        .map(id_part)
        .collect::<Vec<_>>()
        .join("-")
}

/// Expands a url pattern for one item (see the module docs).
pub fn expand_url(pattern: &str, m: &PageMeta, id: &str, n: &str) -> String {
    let (yyyy, mm, dd) = if m.date.len() == 10 {
        (&m.date[0..4], &m.date[5..7], &m.date[8..10])
    } else {
        ("", "", "")
    };
    let mut url = pattern.to_string();
    for (k, v) in [
        ("{paper}", m.paper.as_str()),
        ("{date}", m.date.as_str()),
        ("{yyyy}", yyyy),
        ("{mm}", mm),
        ("{dd}", dd),
        ("{page}", m.page.as_str()),
        ("{stem}", m.stem.as_str()),
        ("{id}", id),
        ("{num}", n),
    ] {
        url = url.replace(k, v);
    }
    // Drop the empty path segments left by empty values (not the `//` of
    // `https://`).
    let (scheme, path) = match url.find("://") {
        Some(i) => url.split_at(i + 3),
        None => ("", url.as_str()),
    };
    let mut clean = String::with_capacity(path.len());
    for c in path.chars() {
        if !(c == '/' && clean.ends_with('/')) {
            clean.push(c);
        }
    }
    format!("{scheme}{clean}")
}

#[cfg(test)]
mod tests {
    use super::*;

    fn opts(date: Option<&str>, page: Option<&str>, paper: Option<&str>) -> ImportOptions {
        ImportOptions {
            date: date.map(String::from),
            page: page.map(String::from),
            paper: paper.map(String::from),
            url_pattern: None,
        }
    }

    #[test]
    fn file_names() {
        let none = opts(None, None, None);
        // (file name, paper, date, page)
        let cases = [
            ("pages/2021-01-05_03.txt", "", "2021-01-05", "3"),
            ("lvliang_2021-01-05_03.txt", "lvliang", "2021-01-05", "3"),
            ("lv_liang_2021-01-05_A3.txt", "lv_liang", "2021-01-05", "A3"),
            ("2021-01-05.txt", "", "2021-01-05", ""),
            ("000_87e4b17440bed781.txt", "", "", ""),
            ("notes_2021-01-05_a_b.txt", "", "", ""),
        ];
        for (name, paper, date, page) in cases {
            let m = resolve(name, &none).unwrap();
            assert_eq!(
                (m.paper.as_str(), m.date.as_str(), m.page.as_str()),
                (paper, date, page),
                "{name}"
            );
        }
        let m = resolve(
            "x/2021-01-05_03.txt",
            &opts(Some("2022-02-02"), Some("7"), Some("p")),
        )
        .unwrap();
        assert_eq!(
            (m.paper.as_str(), m.date.as_str(), m.page.as_str()),
            ("p", "2022-02-02", "7")
        );
        assert_eq!(m.stem, "2021-01-05_03");
    }

    #[test]
    fn bad_dates() {
        let e = resolve("a.txt", &opts(Some("2021-02-30"), None, None)).unwrap_err();
        assert_eq!(
            e.to_string(),
            "a.txt: field `date`: `2021-02-30` is not a YYYY-MM-DD date"
        );
        let e = resolve("2021-13-05_03.txt", &opts(None, None, None)).unwrap_err();
        assert!(
            e.to_string().starts_with("2021-13-05_03.txt: field `date`"),
            "{e}"
        );
    }

    #[test]
    fn ids_and_urls() {
        let m = resolve("lv_2021-01-05_03.txt", &ImportOptions::default()).unwrap();
        assert_eq!(id_base(&m), "lv-2021-01-05-3");
        assert_eq!(
            expand_url(DEFAULT_URL_PATTERN, &m, "lv-2021-01-05-3-01", "01"),
            "/lv/2021-01-05/3/lv-2021-01-05-3-01.html"
        );
        let m = resolve("000_87e4b17440bed781.txt", &ImportOptions::default()).unwrap();
        assert_eq!(id_base(&m), "000_87e4b17440bed781");
        assert_eq!(
            expand_url(DEFAULT_URL_PATTERN, &m, "000_87e4b17440bed781-03", "03"),
            "/000_87e4b17440bed781-03.html"
        );
        assert_eq!(
            expand_url("https://x.cn/{yyyy}/{mm}/{dd}/{paper}/{num}", &m, "i", "03"),
            "https://x.cn/03"
        );
    }
}
