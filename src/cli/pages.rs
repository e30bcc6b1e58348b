//! `zhfind pages`: one simple, static HTML page per article.
//!
//! The demo site and `build.sh site` need a real page behind every search
//! result link. This command reads the same inputs as `zhfind build` and
//! writes each article at the path of its `url` (relative URLs only), or at
//! the `--url-template` path (default `articles/{id}.html`) when the article
//! has no URL, so that result links and pages agree when both commands are
//! given the same `--url-template`.
//!
//! Pages are filled from an HTML template (`--template FILE`, or a built-in
//! one) by replacing placeholders; every article field is HTML-escaped:
//!
//! | placeholder      | value                                                  |
//! |------------------|--------------------------------------------------------|
//! | `{{title}}`      | headline (or the id when there is none)                |
//! | `{{date}}`       | `YYYY-MM-DD` or empty                                  |
//! | `{{page}}`       | 版次 or empty                                           |
//! | `{{meta}}`       | date · 第 N 版 · section · author, ready to show        |
//! | `{{body}}`       | the text as `<p>` paragraphs (one per input line)      |
//! | `{{id}}` `{{section}}` `{{author}}` | as given                            |
//! | `{{root}}`       | relative path from the page to the output folder (`../`) |
//! | `{{home}}`       | relative link to the search page (`../index.html`)     |
//! | `{{paper}}`      | `--paper` (the site's name)                            |
//!
//! With `--home FILE` it also writes `OUT/index.html` from that template, with
//! `{{headlines}}` (the `--recent` newest articles as `<article>` blocks),
//! `{{count}}` (number of articles), `{{today}}` (newest article date, or
//! today) plus `{{paper}}` and `{{root}}` (`./`).

use std::collections::HashSet;
use std::fmt::Write as _;
use std::fs;
use std::path::{Component, Path, PathBuf};

use zhfind::article::fill_url;
use zhfind::build::input::{expand, read_jsonl, InputKind};
use zhfind::{Article, Error};

/// Arguments of `zhfind pages`.
#[derive(clap::Args)]
pub struct PagesArgs {
    /// Output folder (created if missing).
    #[arg(long)]
    pub out: PathBuf,
    /// HTML template of an article page (placeholders: {{title}}, {{body}}, ...).
    #[arg(long)]
    pub template: Option<PathBuf>,
    /// Where pages of articles without a URL go ({id}, {date}, {page}); give
    /// `zhfind build` the same template so that result links match.
    #[arg(long, default_value = "articles/{id}.html")]
    pub url_template: String,
    /// Also write OUT/index.html from this template ({{headlines}}, {{count}}, ...).
    #[arg(long)]
    pub home: Option<PathBuf>,
    /// Number of newest articles listed on the home page.
    #[arg(long, default_value_t = 12)]
    pub recent: usize,
    /// The site's name, shown in page headers.
    #[arg(long, default_value = "示例日报")]
    pub paper: String,
    /// Path of the search page, relative to OUT.
    #[arg(long, default_value = "index.html")]
    pub search_page: String,
    /// Article JSONL files (.jsonl), OCR page text (.txt), or folders of them.
    #[arg(required = true)]
    pub inputs: Vec<PathBuf>,
}

const DEFAULT_TEMPLATE: &str = r#"<!doctype html>
<html lang="zh-CN">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>{{title}} - {{paper}}</title>
<style>
body{margin:0;font-family:"Songti SC","Noto Serif CJK SC","Source Han Serif SC",serif;color:#1a1a1a;background:#fbfaf7;line-height:1.85}
header{border-bottom:3px double #1a1a1a;padding:.6rem 1rem;display:flex;justify-content:space-between;align-items:baseline;gap:1rem}
header a{color:#b3121d;text-decoration:none;font-weight:700}
main{max-width:42rem;margin:0 auto;padding:1.5rem 1rem 4rem}
h1{font-size:1.7rem;line-height:1.35;margin:.2rem 0 .6rem}
.meta{color:#666;font-size:.9rem;border-bottom:1px solid #ddd;padding-bottom:.8rem;margin-bottom:1.2rem}
p{text-indent:2em;margin:.0 0 .9rem}
</style>
</head>
<body>
<header><a href="{{home}}">{{paper}}</a><a href="{{home}}">← 返回搜索</a></header>
<main>
<article>
<h1>{{title}}</h1>
<div class="meta">{{meta}}</div>
{{body}}
</article>
</main>
</body>
</html>
"#;

/// Runs `zhfind pages`.
pub fn run(args: PagesArgs) -> zhfind::Result<()> {
    let template = match &args.template {
        Some(p) => fs::read_to_string(p).map_err(|e| Error::io(p.display().to_string(), e))?,
        None => DEFAULT_TEMPLATE.to_string(),
    };
    let articles = read_inputs(&args.inputs)?;
    fs::create_dir_all(&args.out).map_err(|e| Error::io(args.out.display().to_string(), e))?;

    let mut written = HashSet::new();
    let mut skipped = 0usize;
    let mut listed = Vec::new();
    for (i, a) in articles.iter().enumerate() {
        let url = article_url(a, &args.url_template);
        let Some(rel) = local_path(&url) else {
            skipped += 1;
            continue;
        };
        if !written.insert(rel.clone()) {
            eprintln!(
                "zhfind pages: article `{}`: {} already written by another article; skipped",
                a.id,
                rel.display()
            );
            skipped += 1;
            continue;
        }
        let depth = rel.components().count().saturating_sub(1);
        let root = "../".repeat(depth);
        let html = fill(&template, &page_vars(a, &root, &args));
        let path = args.out.join(&rel);
        if let Some(dir) = path.parent() {
            fs::create_dir_all(dir).map_err(|e| Error::io(dir.display().to_string(), e))?;
        }
        fs::write(&path, html).map_err(|e| Error::io(path.display().to_string(), e))?;
        listed.push((i, url));
    }

    if let Some(home) = &args.home {
        let tpl = fs::read_to_string(home).map_err(|e| Error::io(home.display().to_string(), e))?;
        let html = home_page(&tpl, &articles, &listed, &args);
        let path = args.out.join("index.html");
        fs::write(&path, html).map_err(|e| Error::io(path.display().to_string(), e))?;
    }
    eprintln!(
        "zhfind pages: wrote {} article pages to {}{}",
        written.len(),
        args.out.display(),
        if skipped > 0 {
            format!(" ({skipped} articles with external or unusable URLs skipped)")
        } else {
            String::new()
        }
    );
    Ok(())
}

/// Reads every input the way `zhfind build` does (folders, .jsonl, .txt
/// pages); JSONL lines that cannot be used are reported and skipped.
fn read_inputs(inputs: &[PathBuf]) -> zhfind::Result<Vec<Article>> {
    let mut out = Vec::new();
    let mut rejected = 0usize;
    for (path, kind) in expand(inputs)? {
        match kind {
            InputKind::Jsonl => read_jsonl(
                &path,
                4096,
                |batch| out.extend(batch),
                |e| {
                    rejected += 1;
                    if rejected <= 10 {
                        eprintln!("zhfind pages: skipped {e}");
                    }
                },
            )?,
            InputKind::Page => out.extend(super::pages_input::read_page(&path)?),
        }
    }
    if rejected > 10 {
        eprintln!("zhfind pages: skipped {rejected} unusable input lines in all");
    }
    Ok(out)
}

/// The URL `zhfind build --url-template` gives an article.
fn article_url(a: &Article, url_template: &str) -> String {
    if a.url.is_empty() {
        fill_url(url_template, a)
    } else {
        a.url.clone()
    }
}

/// The file a relative URL points at inside the output folder; `None` for
/// absolute or external URLs and anything that would leave the folder.
fn local_path(url: &str) -> Option<PathBuf> {
    let lower = url.to_ascii_lowercase();
    let has_scheme = lower.split_once(':').is_some_and(|(s, _)| {
        !s.is_empty()
            && s.chars()
                .all(|c| c.is_ascii_alphanumeric() || "+-.".contains(c))
    });
    if url.is_empty() || url.starts_with('/') || url.starts_with('\\') || has_scheme {
        return None;
    }
    let path = url.split(['?', '#']).next().unwrap_or("");
    let decoded = percent_decode(path)?;
    if decoded.is_empty()
        || decoded.ends_with('/')
        || decoded.contains('\\')
        || decoded.contains('\0')
    {
        return None;
    }
    let mut out = PathBuf::new();
    for c in Path::new(&decoded).components() {
        match c {
            Component::Normal(s) => out.push(s),
            Component::CurDir => {}
            _ => return None,
        }
    }
    (out.components().count() > 0).then_some(out)
}

fn percent_decode(s: &str) -> Option<String> {
    let b = s.as_bytes();
    let mut out = Vec::with_capacity(b.len());
    let mut i = 0;
    while i < b.len() {
        if b[i] == b'%'
            && i + 2 < b.len()
            && b[i + 1].is_ascii_hexdigit()
            && b[i + 2].is_ascii_hexdigit()
        {
            let hex = |c: u8| (c as char).to_digit(16).unwrap_or(0) as u8;
            out.push(hex(b[i + 1]) * 16 + hex(b[i + 2]));
            i += 3;
            continue;
        }
        out.push(b[i]);
        i += 1;
    }
    String::from_utf8(out).ok()
}

/// Escapes text for HTML element content and quoted attribute values.
fn escape(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            _ => out.push(c),
        }
    }
    out
}

/// Escapes a relative URL for an `href` attribute (no `javascript:` can get
/// here: [`local_path`] refused every URL with a scheme).
fn escape_href(url: &str) -> String {
    escape(url)
}

fn meta_line(a: &Article) -> String {
    let mut parts = Vec::new();
    if !a.date.is_empty() {
        parts.push(format!(
            "<time datetime=\"{0}\">{0}</time>",
            escape(&a.date)
        ));
    }
    if !a.page.is_empty() {
        parts.push(format!("第 {} 版", escape(&a.page)));
    }
    if !a.section.is_empty() {
        parts.push(escape(&a.section));
    }
    if !a.author.is_empty() {
        parts.push(escape(&a.author));
    }
    parts.join(" · ")
}

fn paragraphs(body: &str) -> String {
    let mut out = String::new();
    for line in body.lines() {
        let line = line.trim_matches(|c: char| c.is_whitespace());
        if !line.is_empty() {
            let _ = writeln!(out, "<p>{}</p>", escape(line));
        }
    }
    out
}

/// The headline, or the start of the text when the article has none.
fn title_of(a: &Article) -> String {
    if a.title.trim().is_empty() {
        let t = lede(&a.body, 20);
        if t.is_empty() {
            a.id.clone()
        } else {
            t
        }
    } else {
        a.title.trim().to_string()
    }
}

fn page_vars(a: &Article, root: &str, args: &PagesArgs) -> Vec<(&'static str, String)> {
    vec![
        ("title", escape(&title_of(a))),
        ("date", escape(&a.date)),
        ("page", escape(&a.page)),
        ("meta", meta_line(a)),
        ("body", paragraphs(&a.body)),
        ("id", escape(&a.id)),
        ("section", escape(&a.section)),
        ("author", escape(&a.author)),
        (
            "root",
            escape_href(if root.is_empty() { "./" } else { root }),
        ),
        ("home", escape_href(&format!("{root}{}", args.search_page))),
        ("paper", escape(&args.paper)),
    ]
}

/// Replaces `{{name}}` placeholders in one pass (values are never rescanned,
/// so article text containing `{{...}}` stays as it is).
fn fill(template: &str, vars: &[(&str, String)]) -> String {
    let mut out = String::with_capacity(template.len() + 4096);
    let mut rest = template;
    while let Some(start) = rest.find("{{") {
        out.push_str(&rest[..start]);
        let after = &rest[start + 2..];
        match after.find("}}") {
            Some(end) => {
                let name = after[..end].trim();
                match vars.iter().find(|(k, _)| *k == name) {
                    Some((_, v)) => out.push_str(v),
                    None => out.push_str(&rest[start..start + 2 + end + 2]),
                }
                rest = &after[end + 2..];
            }
            None => {
                out.push_str(&rest[start..]);
                rest = "";
            }
        }
    }
    out.push_str(rest);
    out
}

/// The first `n` characters of the body, for a headline's lede.
fn lede(body: &str, n: usize) -> String {
    let flat: String = body.split_whitespace().collect::<Vec<_>>().join(" ");
    let mut s: String = flat.chars().take(n).collect();
    if flat.chars().count() > n {
        s.push('…');
    }
    s
}

fn home_page(
    tpl: &str,
    articles: &[Article],
    listed: &[(usize, String)],
    args: &PagesArgs,
) -> String {
    // Newest first (undated last), input order within a date; skip articles
    // whose title is too short to make a headline (verse lines, captions).
    let mut order: Vec<&(usize, String)> = listed
        .iter()
        .filter(|(i, _)| {
            let a = &articles[*i];
            a.title.chars().count() >= 6 && a.body.chars().count() >= 80
        })
        .collect();
    order.sort_by(|x, y| articles[y.0].date.cmp(&articles[x.0].date));
    let mut headlines = String::new();
    for (k, (i, url)) in order.iter().take(args.recent).enumerate() {
        let a = &articles[*i];
        let class = if k == 0 { "story lead" } else { "story" };
        let _ = write!(
            headlines,
            "<article class=\"{class}\"><h2><a href=\"{}\">{}</a></h2>",
            escape_href(url),
            escape(&title_of(a))
        );
        let meta = meta_line(a);
        if !meta.is_empty() {
            let _ = write!(headlines, "<div class=\"meta\">{meta}</div>");
        }
        let n = if k == 0 { 160 } else { 70 };
        let _ = writeln!(headlines, "<p>{}</p></article>", escape(&lede(&a.body, n)));
    }
    let newest = articles
        .iter()
        .map(|a| a.date.as_str())
        .max()
        .filter(|d| !d.is_empty())
        .map(str::to_string)
        .unwrap_or_else(today);
    fill(
        tpl,
        &[
            ("headlines", headlines),
            ("count", articles.len().to_string()),
            ("today", escape(&chinese_date(&newest))),
            ("paper", escape(&args.paper)),
            ("root", "./".to_string()),
            ("home", escape_href(&args.search_page)),
        ],
    )
}

/// Today's date (UTC) as `YYYY-MM-DD`.
fn today() -> String {
    let secs = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map(|d| d.as_secs())
        .unwrap_or(0);
    // Civil-from-days (Howard Hinnant's algorithm).
    let z = (secs / 86_400) as i64 + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z - era * 146_097;
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let d = doy - (153 * mp + 2) / 5 + 1;
    let m = if mp < 10 { mp + 3 } else { mp - 9 };
    let y = yoe + era * 400 + i64::from(m <= 2);
    format!("{y:04}-{m:02}-{d:02}")
}

/// `2021-01-05` -> `2021年1月5日`.
fn chinese_date(d: &str) -> String {
    let mut it = d.split('-').map(|p| p.trim_start_matches('0'));
    match (it.next(), it.next(), it.next()) {
        (Some(y), Some(m), Some(dd)) if d.len() == 10 => format!("{y}年{m}月{dd}日"),
        _ => d.to_string(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn local_paths_stay_inside() {
        assert_eq!(
            local_path("articles/a1.html"),
            Some(PathBuf::from("articles/a1.html"))
        );
        assert_eq!(local_path("./a/b.html#x"), Some(PathBuf::from("a/b.html")));
        assert_eq!(
            local_path("a/%E4%B8%AD.html"),
            Some(PathBuf::from("a/中.html"))
        );
        for bad in [
            "",
            "/abs.html",
            "../up.html",
            "a/../../x",
            "https://x.cn/a",
            "javascript:alert(1)",
            "a/",
        ] {
            assert_eq!(local_path(bad), None, "{bad}");
        }
    }

    #[test]
    fn fill_escapes_once() {
        let vars = vec![
            ("title", escape("<img src=x onerror=alert(1)> {{body}}")),
            ("body", "B".into()),
        ];
        assert_eq!(
            fill("<h1>{{title}}</h1>{{body}}{{nope}}{{", &vars),
            "<h1>&lt;img src=x onerror=alert(1)&gt; {{body}}</h1>B{{nope}}{{"
        );
    }

    #[test]
    fn dates() {
        assert_eq!(chinese_date("2021-01-05"), "2021年1月5日");
        assert_eq!(today().len(), 10);
    }
}
