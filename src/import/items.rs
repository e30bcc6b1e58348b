//! Building the output items (articles, captions, unassigned items) from a
//! segmented page: text repair, headline roles, bylines, credits, jump
//! markers and the metadata that points back to the source lines.

use super::attach::{clean_heading, join_heading, roles, Attached, Group};
use super::blocks::{Credit, Jump, Start};
use super::lines::Line;
use super::pieces::{Kind, Piece};
use super::split::Layout;
use crate::normalize::clean;
use crate::Article;

/// An output item before it gets its id.
#[derive(Debug, Clone)]
pub(crate) struct Item {
    /// First source line, for ordering.
    pub first_line: usize,
    /// The item (id, url, date, page left empty).
    pub article: Article,
    /// For a caption: index of its article in the page's article list.
    pub caption_of: Option<usize>,
    /// For an article: its index in the page's article list.
    pub article_index: Option<usize>,
}

/// Collects metadata and sorts it by name at the end.
#[derive(Default)]
struct Meta(Vec<(String, String)>);

impl Meta {
    fn str(&mut self, k: &str, v: &str) {
        if !v.is_empty() {
            self.0.push((
                k.to_string(),
                serde_json::Value::String(v.to_string()).to_string(),
            ));
        }
    }
    fn json(&mut self, k: &str, v: serde_json::Value) {
        self.0.push((k.to_string(), v.to_string()));
    }
    fn span(&mut self, k: &str, lines: impl IntoIterator<Item = usize>) {
        let nos: Vec<usize> = lines.into_iter().collect();
        if let (Some(a), Some(b)) = (nos.iter().min(), nos.iter().max()) {
            self.json(k, serde_json::json!([a, b]));
        }
    }
    fn done(mut self) -> Vec<(String, String)> {
        self.0.sort();
        self.0
    }
}

fn line_nos<'a>(
    ps: impl IntoIterator<Item = &'a usize>,
    pieces: &'a [Piece],
    lines: &'a [Line],
) -> Vec<usize> {
    ps.into_iter()
        .flat_map(|&p| pieces[p].lines.iter().map(|&l| lines[l].no))
        .collect()
}

/// Records jump markers: all of them as printed (`jumps`), and the first
/// target in each direction.
fn jumps(meta: &mut Meta, jumps: &[&Jump]) {
    if jumps.is_empty() {
        return;
    }
    meta.json(
        "jumps",
        serde_json::json!(jumps.iter().map(|j| &j.raw).collect::<Vec<_>>()),
    );
    if let Some(j) = jumps.iter().find(|j| j.outward) {
        meta.str("continues_on", &j.target);
    }
    if let Some(j) = jumps.iter().find(|j| !j.outward) {
        meta.str("continued_from", &j.target);
    }
}

fn join_nonempty(parts: &[&str], sep: &str) -> String {
    parts
        .iter()
        .filter(|p| !p.is_empty())
        .copied()
        .collect::<Vec<_>>()
        .join(sep)
}

/// Builds all items of a page, in no particular order.
pub(crate) fn build(
    layout: &Layout,
    attached: &Attached,
    pieces: &[Piece],
    lines: &[Line],
) -> Vec<Item> {
    let mut items = Vec::new();
    for (k, d) in layout.articles.iter().enumerate() {
        items.push(article(
            k,
            &d.pieces,
            attached.headline[k].as_ref(),
            pieces,
            lines,
        ));
    }
    for (c, cap) in layout.captions.iter().enumerate() {
        let mut meta = Meta::default();
        meta.str("kind", "caption");
        meta.span("raw_lines", line_nos(cap, pieces, lines));
        let js: Vec<&Jump> = cap.iter().flat_map(|&p| &pieces[p].jumps).collect();
        jumps(&mut meta, &js);
        let credits: Vec<&str> = cap
            .iter()
            .filter_map(|&p| pieces[p].credit.as_ref())
            .map(|c| c.raw.as_str())
            .collect();
        meta.str("credit", &credits.join(" "));
        let body: Vec<String> = cap.iter().map(|&p| clean_caption(&pieces[p])).collect();
        let author = cap
            .iter()
            .rev()
            .find_map(|&p| pieces[p].photo.clone())
            .unwrap_or_default();
        items.push(Item {
            first_line: line_nos(cap, pieces, lines)[0],
            article: Article {
                body: join_nonempty(&body.iter().map(String::as_str).collect::<Vec<_>>(), "\n"),
                author,
                meta: meta.0,
                ..Article::default()
            },
            caption_of: attached.caption_of[c],
            article_index: None,
        });
    }
    for &(p, role) in &layout.loose {
        let piece = &pieces[p];
        let text = match piece.kind {
            Kind::Byline => piece
                .start
                .as_ref()
                .map(|s| s.byline.clone())
                .unwrap_or_default(),
            Kind::Credit => piece
                .credit
                .as_ref()
                .map(|c| c.raw.clone())
                .unwrap_or_default(),
            _ => piece
                .lines
                .iter()
                .map(|&l| clean_heading(&lines[l].text))
                .collect::<Vec<_>>()
                .join("\n"),
        };
        items.push(unassigned(text, role, line_nos([&p], pieces, lines)));
    }
    for g in &attached.loose {
        let text: Vec<String> = g
            .lines
            .iter()
            .map(|l| match l.byline {
                Some(b) => pieces[b]
                    .start
                    .as_ref()
                    .map(|s| s.byline.clone())
                    .unwrap_or_default(),
                None => clean_heading(&lines[l.line].text),
            })
            .collect();
        items.push(unassigned(
            text.join("\n"),
            "headline",
            g.lines.iter().map(|l| lines[l.line].no).collect(),
        ));
    }
    items
}

/// Cleans caption text, keeping the photo credit readable: `图为会议现场。
/// 记者 张三 摄` rather than `…现场。记者张三摄`.
fn clean_caption(piece: &Piece) -> String {
    let text = clean(&piece.text);
    let Some(photo) = &piece.photo else {
        return text;
    };
    let tail: String = photo.split_whitespace().chain(["摄"]).collect();
    match text.strip_suffix(&tail) {
        Some(head) if !head.is_empty() => format!("{} {photo} 摄", head.trim_end()),
        Some(_) => format!("{photo} 摄"),
        None => text,
    }
}

fn unassigned(body: String, role: &str, nos: Vec<usize>) -> Item {
    let mut meta = Meta::default();
    meta.str("kind", "unassigned");
    meta.str("role", role);
    meta.span("raw_lines", nos.iter().copied());
    Item {
        first_line: nos.iter().copied().min().unwrap_or(0),
        article: Article {
            body,
            meta: meta.0,
            ..Article::default()
        },
        caption_of: None,
        article_index: None,
    }
}

fn article(
    k: usize,
    ps: &[usize],
    group: Option<&Group>,
    pieces: &[Piece],
    lines: &[Line],
) -> Item {
    let mut meta = Meta::default();
    meta.str("kind", "article");
    let nos = line_nos(ps, pieces, lines);
    meta.span("raw_lines", nos.iter().copied());
    let start: Option<&Start> = ps.first().and_then(|&p| pieces[p].start.as_ref());
    let mut bylines: Vec<String> = start.map(|s| s.byline.clone()).into_iter().collect();
    let mut authors: Vec<String> = start.map(|s| s.author.clone()).into_iter().collect();
    let mut body = Vec::new();
    for &p in ps {
        let piece = &pieces[p];
        match piece.kind {
            Kind::Heading => {
                body.extend(piece.lines.iter().map(|&l| clean_heading(&lines[l].text)))
            }
            Kind::Body => body.push(clean(&piece.text)),
            _ => {}
        }
    }
    let credits: Vec<&Credit> = ps
        .iter()
        .filter_map(|&p| pieces[p].credit.as_ref())
        .collect();
    meta.str(
        "credit",
        &credits
            .iter()
            .map(|c| c.raw.as_str())
            .collect::<Vec<_>>()
            .join(" "),
    );
    authors.extend(credits.iter().map(|c| c.names.clone()));
    let js: Vec<&Jump> = ps.iter().flat_map(|&p| &pieces[p].jumps).collect();
    jumps(&mut meta, &js);
    let mut title = String::new();
    if let Some(g) = group {
        let r = roles(g, lines);
        let text = |ls: &[usize]| {
            ls.iter()
                .map(|&l| clean_heading(&lines[l].text))
                .collect::<Vec<_>>()
        };
        title = join_heading(&text(&r.main));
        meta.str("kicker", &join_heading(&text(&r.kicker)));
        meta.str("subtitle", &text(&r.subtitle).join(" "));
        for b in &r.bylines {
            if let Some(s) = &pieces[*b].start {
                bylines.push(s.byline.clone());
                authors.push(s.author.clone());
            }
        }
        meta.span("headline_lines", g.lines.iter().map(|l| lines[l.line].no));
    }
    let bylines: Vec<&str> = bylines.iter().map(String::as_str).collect();
    meta.str("byline", &join_nonempty(&bylines, " "));
    let authors: Vec<&str> = authors.iter().map(String::as_str).collect();
    Item {
        first_line: nos.iter().copied().min().unwrap_or(0),
        article: Article {
            title,
            body: join_nonempty(&body.iter().map(String::as_str).collect::<Vec<_>>(), "\n"),
            author: join_nonempty(&authors, "; "),
            meta: meta.0,
            ..Article::default()
        },
        caption_of: None,
        article_index: Some(k),
    }
}

/// Finishes an item's metadata (sorted by name).
pub(crate) fn finish_meta(
    meta: Vec<(String, String)>,
    extra: Vec<(String, String)>,
) -> Vec<(String, String)> {
    let mut m = Meta(meta);
    m.0.extend(extra);
    m.done()
}
