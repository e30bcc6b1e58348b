//! Importing OCR'd newspaper pages as articles.
//!
//! What a paper has is the OCR'd text of each printed page: hard wraps every
//! 12-30 characters, spaces inside words, several articles per page in
//! layout order, headlines often *after* their article, bylines, credits,
//! photo captions and jump markers. [`import_page`] turns one such page into
//! clean items:
//!
//! 1. **Lines and paragraphs** (`lines.rs`): wraps are joined, paragraph ends
//!    are recovered from sentence ends, short lines and markers.
//! 2. **Pieces** (`pieces.rs`; line tests in `blocks.rs`, `heads.rs`,
//!    `text.rs`): each paragraph is body text
//!    (possibly opened by a dateline or byline, closed by a credit or jump
//!    marker), headline lines, a caption, a lone byline or credit, or a
//!    column head.
//! 3. **Segmentation** (`split.rs`): datelines (`本报讯`, `新华社…电`),
//!    bylines (`□ 吕继峰 张娟娟`) and `（上接1版）` open articles; credits
//!    (`（司瑞芳）`), `(下转2版)` and headline blocks close them; subheads stay
//!    in the body.
//! 4. **Attachment** (`attach.rs`): each headline block is cut into one
//!    group per article and matched to the article whose words it echoes;
//!    captions likewise.
//! 5. **Items** (`items.rs`, `meta.rs`): ids, urls and metadata.
//!
//! # Page metadata, ids and urls
//!
//! A page file named `[PAPER_]YYYY-MM-DD_PAGE.txt` (`2021-01-05_03.txt`,
//! `lvliang_2021-01-05_03.txt`) or `[PAPER_]YYYY-MM-DD.txt` gives its date,
//! page (`03` -> `3`) and paper; [`ImportOptions`] override the file name.
//! Items are numbered in page order; ids are `{paper}-{date}-{page}-{nn}`
//! when date and page are known, else `{paper}-{date}-{stem}-{nn}` with the
//! known parts (`000_87e4b17440bed781-03` for a file with no metadata). Urls
//! come from a pattern ([`DEFAULT_URL_PATTERN`]) with the placeholders
//! `{paper}`, `{date}`, `{yyyy}`, `{mm}`, `{dd}`, `{page}`, `{stem}`, `{id}`
//! and `{num}`; empty values leave no empty path segment.
//!
//! # Output
//!
//! Every item is an [`Article`] whose `meta` (JSON values, sorted by name)
//! holds:
//!
//! | meta key         | items     | value                                          |
//! |------------------|-----------|------------------------------------------------|
//! | `kind`           | all       | `"article"`, `"caption"` or `"unassigned"`     |
//! | `raw_lines`      | all       | `[first, last]` line numbers of the text in the page file |
//! | `source`         | all       | the file name as given                         |
//! | `paper`          | all       | the paper, when known                          |
//! | `headline_lines` | articles  | `[first, last]` line numbers of the headline   |
//! | `kicker`         | articles  | the line above the headline (引题), e.g. `"中共中央政治局召开民主生活会强调"` |
//! | `subtitle`       | articles  | the sub-headline (副题), e.g. `"——记交城县融媒体中心"`, `"李正印主持"` |
//! | `byline`         | articles  | the byline or dateline as printed, e.g. `"本报讯 （记者 李雅萍）"` |
//! | `credit`         | articles  | the closing credit as printed, e.g. `"（司瑞芳）"` |
//! | `jumps`          | all       | jump markers as printed, e.g. `["下转2版"]`     |
//! | `continues_on`   | all       | e.g. `"2版"`                                   |
//! | `continued_from` | all       | e.g. `"1版"`                                   |
//! | `article_id`     | captions  | id of the article the caption belongs to       |
//! | `role`           | unassigned| `"headline"`, `"column"`, `"byline"` or `"credit"` |
//!
//! * `title` is the main headline; the kicker and sub-headline are kept in
//!   meta. Articles whose headline is not on the page have an empty title.
//! * `body` starts with the article's first sentence (the byline is not part
//!   of it); paragraphs are separated by `"\n"`, subheads are their own
//!   paragraphs; OCR spaces next to Chinese are removed with
//!   [`crate::normalize::clean`].
//! * `author` names the people of the byline and closing credit (`"记者
//!   李雅萍"`, `"吕继峰 张娟娟"`), or the agency (`"新华社"`); for captions
//!   the photographer.
//! * Captions are items of their own with the whole caption, photographer
//!   included, as `body`. Unassigned items have their text as `body`.
//!
//! Nothing is lost: every Han character of the page is in exactly one item,
//! in `title`, `body` or the meta text fields `kicker`, `subtitle`,
//! `byline`, `credit` and `jumps` ([`han_chars`] counts them), and
//! [`PageStats`] reports the totals.

use crate::normalize::is_han;
use crate::{Article, InputError};

mod attach;
mod blocks;
mod heads;
mod items;
mod lines;
mod meta;
mod output;
mod pieces;
mod split;
mod text;

pub use meta::DEFAULT_URL_PATTERN;
pub use output::to_json_line;

/// Page metadata given by the caller; each overrides what the file name
/// says (see the file-name convention in [`import_page`]).
#[derive(Debug, Clone, Default)]
pub struct ImportOptions {
    /// Publication date, `YYYY-MM-DD`.
    pub date: Option<String>,
    /// Page (版次).
    pub page: Option<String>,
    /// Newspaper name; goes into ids, urls and meta `paper`.
    pub paper: Option<String>,
    /// Url pattern, default [`DEFAULT_URL_PATTERN`]; placeholders `{paper}`,
    /// `{date}`, `{yyyy}`, `{mm}`, `{dd}`, `{page}`, `{stem}`, `{id}`, `{num}`.
    pub url_pattern: Option<String>,
}

/// The items of one page.
#[derive(Debug, Clone)]
pub struct PageImport {
    /// Articles, captions and unassigned items, in page order.
    pub articles: Vec<Article>,
    /// What was found.
    pub stats: PageStats,
}

/// Counts for the import summary.
#[derive(Debug, Clone, Default)]
pub struct PageStats {
    /// Items of kind `article`.
    pub articles: usize,
    /// Items of kind `caption`.
    pub captions: usize,
    /// Items of kind `unassigned`.
    pub unassigned: usize,
    /// Han characters in the page text.
    pub han_chars_in: usize,
    /// Han characters in the items ([`han_chars`]); equal to `han_chars_in`.
    pub han_chars_out: usize,
}

/// Meta fields that hold page text (counted by [`han_chars`]).
pub const TEXT_META: &[&str] = &["kicker", "subtitle", "byline", "credit", "jumps"];

fn count_han(s: &str) -> usize {
    s.chars().filter(|&c| is_han(c)).count()
}

/// Han characters of the page text an item carries: in `title`, `body` and
/// the meta fields of [`TEXT_META`].
pub fn han_chars(a: &Article) -> usize {
    count_han(&a.title)
        + count_han(&a.body)
        + a.meta
            .iter()
            .filter(|(k, _)| TEXT_META.contains(&k.as_str()))
            .map(|(_, v)| count_han(v))
            .sum::<usize>()
}

/// The kind of an item (`"article"`, `"caption"`, `"unassigned"`), from its
/// meta.
pub fn kind(a: &Article) -> &str {
    a.meta
        .iter()
        .find(|(k, _)| k == "kind")
        .map_or("", |(_, v)| v.trim_matches('"'))
}

/// Checks that a page file is UTF-8 text; the error names the file and the
/// line of the first bad byte. A byte order mark is dropped.
pub fn page_text<'a>(bytes: &'a [u8], file_name: &str) -> Result<&'a str, InputError> {
    match std::str::from_utf8(bytes) {
        Ok(s) => Ok(s.trim_start_matches('\u{feff}')),
        Err(e) => {
            let at = e.valid_up_to();
            Err(InputError {
                file: file_name.to_string(),
                line: Some(bytes[..at].iter().filter(|&&b| b == b'\n').count() + 1),
                field: None,
                reason: format!("not UTF-8 text (bad byte at offset {at})"),
            })
        }
    }
}

/// Imports one OCR'd page.
///
/// `file_name` is the path as given: it labels errors, goes into meta
/// `source`, and its name may carry the page's metadata: `[PAPER_]YYYY-MM-DD_PAGE.txt`
/// (e.g. `2021-01-05_03.txt`: date 2021-01-05, page 3) or
/// `[PAPER_]YYYY-MM-DD.txt`; `opts` override it. Item ids are
/// `{paper}-{date}-{page}-{nn}` when date and page are known, else
/// `{paper}-{date}-{stem}-{nn}` with the parts that are known (e.g.
/// `000_87e4b17440bed781-03`), `nn` numbering the items in page order. The
/// same page always gives the same ids.
///
/// Fails on an empty page or a bad date (in `opts` or in the file name).
pub fn import_page(
    text: &str,
    file_name: &str,
    opts: &ImportOptions,
) -> Result<PageImport, InputError> {
    let page = meta::resolve(file_name, opts)?;
    let text = text.trim_start_matches('\u{feff}');
    if text.trim().is_empty() {
        return Err(InputError {
            file: file_name.to_string(),
            line: None,
            field: None,
            reason: "empty page (no text)".into(),
        });
    }
    let lines = lines::page_lines(text);
    let pieces: Vec<pieces::Piece> = lines::paragraphs(&lines)
        .into_iter()
        .map(|p| pieces::classify(&lines, p))
        .collect();
    let layout = split::segment(&pieces, &lines);
    let texts: Vec<String> = layout
        .articles
        .iter()
        .map(|d| d.pieces.iter().map(|&p| pieces[p].text.as_str()).collect())
        .collect();
    let attached = attach::attach(&layout, &pieces, &lines, &texts);
    let mut found = items::build(&layout, &attached, &pieces, &lines);
    found.sort_by_key(|it| it.first_line);

    let base = meta::id_base(&page);
    let pattern = opts.url_pattern.as_deref().unwrap_or(DEFAULT_URL_PATTERN);
    let width = if found.len() >= 100 { 3 } else { 2 };
    let ids: Vec<String> = (1..=found.len())
        .map(|n| format!("{base}-{n:0width$}"))
        .collect();
    let id_of_article = |k: usize| {
        found
            .iter()
            .position(|it| it.article_index == Some(k))
            .map(|i| ids[i].clone())
    };
    let caption_ids: Vec<Option<String>> = found
        .iter()
        .map(|it| it.caption_of.and_then(id_of_article))
        .collect();
    let mut stats = PageStats {
        han_chars_in: count_han(text),
        ..PageStats::default()
    };
    let mut articles = Vec::with_capacity(found.len());
    for (i, it) in found.into_iter().enumerate() {
        let n = format!("{:0width$}", i + 1);
        let mut a = it.article;
        a.id = ids[i].clone();
        a.url = meta::expand_url(pattern, &page, &a.id, &n);
        a.date = page.date.clone();
        a.page = page.page.clone();
        let str_value = |s: &str| serde_json::Value::String(s.to_string()).to_string();
        let mut extra = vec![("source".to_string(), str_value(file_name))];
        if !page.paper.is_empty() {
            extra.push(("paper".to_string(), str_value(&page.paper)));
        }
        if let Some(id) = &caption_ids[i] {
            extra.push(("article_id".to_string(), str_value(id)));
        }
        a.meta = items::finish_meta(a.meta, extra);
        match kind(&a) {
            "article" => stats.articles += 1,
            "caption" => stats.captions += 1,
            _ => stats.unassigned += 1,
        }
        stats.han_chars_out += han_chars(&a);
        articles.push(a);
    }
    Ok(PageImport { articles, stats })
}

#[cfg(test)]
mod tests {
    use super::*;

    const PAGE: &str = "\
□ 吕继峰 张娟娟

新时代、新融合、新作为。交城县高

度重视融媒体建设工作，积极贯彻落实

习近平总书记关于“扎实抓好县级融媒

体中心建设”的重要指示。

系统使用培训， (下转2版)

“交”融发展启新航
——记交城县融媒体中心
 本报讯 （记者 李雅萍） 12月 24日，

市委书记李正印主持召开市委常委会会

议。研究“奉献吕梁”服务“六新”优秀人

才选拔活动等事项。

市委常委会召开会议
李正印主持
";

    #[test]
    fn small_page() {
        let got = import_page(PAGE, "2021-01-05_01.txt", &ImportOptions::default()).unwrap();
        let a = &got.articles;
        assert_eq!(a.len(), 2, "{a:#?}");
        assert_eq!(a[0].title, "“交”融发展启新航");
        assert_eq!(a[0].author, "吕继峰 张娟娟");
        assert!(a[0].body.starts_with("新时代"), "{}", a[0].body);
        assert!(a[0]
            .meta
            .contains(&("continues_on".into(), "\"2版\"".into())));
        assert!(a[0]
            .meta
            .contains(&("subtitle".into(), "\"——记交城县融媒体中心\"".into())));
        assert_eq!(a[1].title, "市委常委会召开会议");
        assert_eq!(a[1].author, "记者 李雅萍");
        assert!(a[1].body.starts_with("12月24日，市委书记"), "{}", a[1].body);
        assert_eq!(a[1].id, "2021-01-05-1-02");
        assert_eq!(a[1].url, "/2021-01-05/1/2021-01-05-1-02.html");
        assert_eq!(got.stats.han_chars_in, got.stats.han_chars_out);
    }

    #[test]
    fn errors_name_the_file() {
        let e = import_page(" \n\n", "p.txt", &ImportOptions::default()).unwrap_err();
        assert_eq!(e.to_string(), "p.txt: empty page (no text)");
        let e = page_text(b"ok\n\xff\xfe", "p.txt").unwrap_err();
        assert_eq!(e.line, Some(2));
        assert!(e.to_string().starts_with("p.txt:2: not UTF-8"), "{e}");
    }
}
