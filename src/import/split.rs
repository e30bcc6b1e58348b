//! Article segmentation: one walk over the pieces of a page in layout order.
//!
//! * A dateline (`本报讯`, `新华社…电`), a byline line followed by text, or
//!   a `（上接1版）` marker opens a new article.
//! * A closing credit (`（司瑞芳）`) or a `(下转2版)` marker ends the
//!   current article; text after it opens a new, unmarked article.
//! * A run of headline lines between two paragraphs of the same article is
//!   a subhead and stays in the body (always when it starts with a number:
//!   `一、…`),
//!   unless it looks like a headline: it has a kicker or sub-headline line,
//!   more than two lines, is wider than
//!   the column, is followed by a caption or a dateline, or the column width
//!   changes across it, or its words echo the article's first paragraph much
//!   more than the text after it. Then it is a *headline block*: it ends the current
//!   article, and `attach.rs` decides which article it belongs to.
//! * Text after a sentence end whose column width differs by more than 30%
//!   from the current article's opens a new, unmarked article.
//! * Captions never end an article. A caption whose credit (`… 摄`) closes a
//!   run of unmarked paragraphs set in the same width absorbs them (a photo
//!   story).

use super::attach::Affinity;
use super::blocks;
use super::lines::Line;
use super::pieces::{Kind, Piece};

/// An article in the making: the pieces (body, subheads, byline, credit) that
/// belong to it, in order.
#[derive(Debug, Clone, Default)]
pub(crate) struct Draft {
    pub pieces: Vec<usize>,
    /// Ended by a credit, a jump marker or a headline block.
    pub ended: bool,
    /// Opened by a dateline or byline.
    pub marked: bool,
}

/// A run of headline pieces (and bylines directly after them) that is not a
/// subhead.
#[derive(Debug, Clone, Default)]
pub(crate) struct Block {
    pub pieces: Vec<usize>,
    /// The article just before the block, if it had text.
    pub prev: Option<usize>,
    /// The article opened just after the block.
    pub next: Option<usize>,
}

/// The result of the walk.
#[derive(Debug, Clone, Default)]
pub(crate) struct Layout {
    pub articles: Vec<Draft>,
    pub blocks: Vec<Block>,
    /// Each caption's pieces.
    pub captions: Vec<Vec<usize>>,
    /// Pieces that belong to nothing, with the reason.
    pub loose: Vec<(usize, &'static str)>,
}

impl Layout {
    fn open(&mut self, piece: usize, marked: bool) -> usize {
        self.articles.push(Draft {
            pieces: vec![piece],
            ended: false,
            marked,
        });
        self.articles.len() - 1
    }
}

fn has_body(d: &Draft, pieces: &[Piece]) -> bool {
    d.pieces.iter().any(|&p| pieces[p].kind == Kind::Body)
}

/// Width of the last wrapped lines of the article's text.
fn end_width(d: &Draft, pieces: &[Piece]) -> Option<f32> {
    d.pieces
        .iter()
        .rev()
        .filter(|&&p| pieces[p].kind == Kind::Body)
        .find_map(|&p| pieces[p].width_end)
}

fn widths_differ(a: Option<f32>, b: Option<f32>) -> bool {
    match (a, b) {
        (Some(a), Some(b)) => (a - b).abs() / a.max(b) > 0.3,
        _ => false,
    }
}

/// Walks the pieces and segments the page.
pub(crate) fn segment(pieces: &[Piece], lines: &[Line]) -> Layout {
    let mut out = Layout::default();
    let mut cur: Option<usize> = None;
    let mut i = 0;
    while i < pieces.len() {
        let p = &pieces[i];
        match p.kind {
            Kind::Byline => {
                let next_is_text = pieces
                    .get(i + 1)
                    .is_some_and(|n| n.kind == Kind::Body && n.start.is_none());
                let after_block = out
                    .blocks
                    .last_mut()
                    .filter(|b| i > 0 && b.pieces.last() == Some(&(i - 1)));
                if next_is_text {
                    cur = Some(out.open(i, true));
                } else if let Some(b) = after_block {
                    b.pieces.push(i);
                } else {
                    out.loose.push((i, "byline"));
                }
            }
            Kind::Body => {
                let c = match cur {
                    _ if p.start.is_some() => out.open(i, true),
                    Some(c)
                        if !out.articles[c].ended && !width_break(&out.articles[c], p, pieces) =>
                    {
                        out.articles[c].pieces.push(i);
                        c
                    }
                    _ => out.open(i, false),
                };
                if p.credit.is_some() || p.jumps.iter().any(|j| j.outward) {
                    out.articles[c].ended = true;
                }
                cur = Some(c);
            }
            Kind::Credit => match cur {
                Some(c) => {
                    out.articles[c].pieces.push(i);
                    out.articles[c].ended = true;
                }
                None => out.loose.push((i, "credit")),
            },
            Kind::Caption => caption(&mut out, &mut cur, pieces, i),
            Kind::Heading | Kind::Column => {
                let mut heads = Vec::new();
                let mut j = i;
                while j < pieces.len() && matches!(pieces[j].kind, Kind::Heading | Kind::Column) {
                    if pieces[j].kind == Kind::Column {
                        out.loose.push((j, "column"));
                    } else {
                        heads.push(j);
                    }
                    j += 1;
                }
                if !heads.is_empty() {
                    if subhead(&out, cur, &heads, j, pieces, lines) {
                        let c = cur.expect("subheads have an article");
                        out.articles[c].pieces.extend(&heads);
                    } else {
                        let prev = cur.filter(|&c| has_body(&out.articles[c], pieces));
                        if let Some(c) = cur {
                            out.articles[c].ended = true;
                        }
                        out.blocks.push(Block {
                            pieces: heads,
                            prev,
                            next: None,
                        });
                    }
                }
                i = j;
                continue;
            }
        }
        i += 1;
    }
    for b in &mut out.blocks {
        let end = *b.pieces.last().unwrap();
        b.next = out.articles.iter().position(|a| a.pieces[0] > end);
    }
    out
}

/// Does body piece `p` start a new, unmarked article because the column
/// width changes after a sentence end?
fn width_break(d: &Draft, p: &Piece, pieces: &[Piece]) -> bool {
    let last = &pieces[*d.pieces.last().unwrap()];
    last.kind == Kind::Body
        && last.sentence_end
        && widths_differ(end_width(d, pieces), p.width_start)
}

fn caption(out: &mut Layout, cur: &mut Option<usize>, pieces: &[Piece], i: usize) {
    let p = &pieces[i];
    if p.credit_only() {
        if let Some(c) = out.captions.last_mut() {
            let last = *c.last().unwrap();
            if last + 1 == i && pieces[c[0]].caption_lead && pieces[last].photo.is_none() {
                c.push(i);
                return;
            }
        }
    }
    if !p.caption_lead && p.photo.is_some() {
        // A photo story: unmarked paragraphs ending in the photo credit.
        if let Some(c) = *cur {
            let d = &out.articles[c];
            let contiguous = d
                .pieces
                .iter()
                .enumerate()
                .all(|(k, &q)| q + d.pieces.len() == i + k);
            let han: usize = d
                .pieces
                .iter()
                .map(|&q| blocks::han_count(&pieces[q].text))
                .sum();
            let plain = d.pieces.iter().all(|&q| pieces[q].kind == Kind::Body);
            // Set in the caption's width, not in a column of text.
            let same_width = p.width_start.is_some_and(|w| {
                d.pieces.iter().all(|&q| match pieces[q].width_start {
                    Some(v) => v <= w * 1.2 && v >= w * 0.8,
                    None => blocks::width(&pieces[q].text) <= w * 1.2,
                })
            });
            if !d.marked
                && plain
                && contiguous
                && same_width
                && han <= 600
                && c + 1 == out.articles.len()
            {
                let mut cap = out.articles.pop().unwrap().pieces;
                cap.push(i);
                out.captions.push(cap);
                *cur = None;
                return;
            }
        }
    }
    out.captions.push(vec![i]);
}

/// Is the headline run `heads` a subhead inside the current article?
fn subhead(
    out: &Layout,
    cur: Option<usize>,
    heads: &[usize],
    j: usize,
    pieces: &[Piece],
    lines: &[Line],
) -> bool {
    let Some(d) = cur.map(|c| &out.articles[c]) else {
        return false;
    };
    let Some(next) = pieces.get(j) else {
        return false;
    };
    if d.ended || !has_body(d, pieces) || next.kind != Kind::Body || next.start.is_some() {
        return false;
    }
    let texts: Vec<&str> = heads
        .iter()
        .flat_map(|&h| pieces[h].lines.iter().map(|&l| lines[l].text.as_str()))
        .collect();
    if blocks::numbered(texts[0]) {
        return true;
    }
    let kicker = texts[..texts.len() - 1].iter().any(|t| blocks::kicker(t));
    if texts.len() > 2
        || kicker
        || texts
            .iter()
            .any(|t| blocks::dash_subtitle(t) || blocks::person_subtitle(t))
    {
        return false;
    }
    let before = end_width(d, pieces);
    if widths_differ(before, next.width_start) {
        return false;
    }
    let fits = match before.or(next.width_start) {
        Some(w) => texts.iter().all(|t| blocks::width(t) <= 1.3 * w + 1.0),
        None => true,
    };
    fits && !echoes_before(d, j, &texts.concat(), pieces)
}

/// Does the headline text echo the article's first paragraph much more than
/// the text after it (a trailing headline, not a subhead)?
fn echoes_before(d: &Draft, j: usize, head: &str, pieces: &[Piece]) -> bool {
    let before = d
        .pieces
        .iter()
        .find(|&&p| pieces[p].kind == Kind::Body)
        .map_or(String::new(), |&p| pieces[p].text.clone());
    let mut after = String::new();
    for p in &pieces[j..] {
        if p.kind != Kind::Body || p.start.is_some() {
            break;
        }
        after.push_str(&p.text);
        if p.credit.is_some() || p.jumps.iter().any(|x| x.outward) {
            break;
        }
    }
    let s = Affinity::new(&[before, after]).scores(head);
    s[0] >= 0.6 && s[0] - s[1] >= 0.35
}
