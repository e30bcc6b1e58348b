//! Paragraphs classified into pieces: body text (possibly opening with a
//! dateline or byline, possibly closing with a credit or jump marker),
//! headline lines, captions, lone bylines, lone credits and column heads.

use super::blocks::{self, Credit, Jump, Start};
use super::lines::{join_wrapped, Line};

/// What a paragraph is.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Kind {
    /// Running text.
    Body,
    /// One or more headline-like lines (headline, kicker, sub-headline or a
    /// subhead inside an article).
    Heading,
    /// A photo caption (`图为…`, `… 摄`).
    Caption,
    /// A byline on its own line (`□ 吕继峰 张娟娟`).
    Byline,
    /// A closing credit on its own line (`（张英杰）`).
    Credit,
    /// A column head or slogan (`深入学习宣传贯彻…精神`).
    Column,
}

/// One classified paragraph.
#[derive(Debug, Clone)]
pub(crate) struct Piece {
    pub kind: Kind,
    /// Indices of its lines in the page's line list.
    pub lines: Vec<usize>,
    /// The text with wraps joined and markers (dateline, credit, jump
    /// markers) removed; not yet cleaned.
    pub text: String,
    /// A dateline or byline that opened the paragraph.
    pub start: Option<Start>,
    /// A closing credit that ended it.
    pub credit: Option<Credit>,
    /// Jump markers found in it.
    pub jumps: Vec<Jump>,
    /// For captions: the photographer.
    pub photo: Option<String>,
    /// For captions: it starts with `图为` or similar.
    pub caption_lead: bool,
    /// It ends a sentence.
    pub sentence_end: bool,
    /// Width of its first wrapped lines (None for one-line paragraphs).
    pub width_start: Option<f32>,
    /// Width of its last wrapped lines.
    pub width_end: Option<f32>,
}

impl Piece {
    /// A caption made only of a photo credit (`记者 侯利军 摄`).
    pub(crate) fn credit_only(&self) -> bool {
        self.kind == Kind::Caption
            && self
                .photo
                .as_deref()
                .is_some_and(|p| blocks::han_count(&self.text) <= blocks::han_count(p) + 1)
    }
}

fn max(xs: &[f32]) -> Option<f32> {
    xs.iter().copied().reduce(f32::max)
}

/// Classifies one paragraph (indices into `lines`).
pub(crate) fn classify(lines: &[Line], para: Vec<usize>) -> Piece {
    let mut jumps = Vec::new();
    let texts: Vec<String> = para
        .iter()
        .map(|&i| {
            let (t, j) = blocks::strip_jumps(&lines[i].text);
            jumps.extend(j);
            t.trim().to_string()
        })
        .collect();
    let joined = join_wrapped(texts.iter().map(String::as_str));
    let wraps: Vec<f32> = para[..para.len() - 1]
        .iter()
        .map(|&i| lines[i].width)
        .collect();
    let mut piece = Piece {
        kind: Kind::Body,
        text: String::new(),
        start: None,
        credit: None,
        jumps,
        photo: None,
        caption_lead: false,
        sentence_end: false,
        width_start: max(&wraps[..wraps.len().min(2)]),
        width_end: max(&wraps[wraps.len().saturating_sub(2)..]),
        lines: para,
    };
    if piece.lines.len() == 1 {
        if let Some(s) = blocks::byline_line(&joined) {
            piece.kind = Kind::Byline;
            piece.text = String::new();
            piece.start = Some(s);
            return piece;
        }
    }
    let mut text = joined.clone();
    if let Some(s) = blocks::parse_start(&joined) {
        text = joined[s.consumed..].trim_start().to_string();
        piece.start = Some(s);
    }
    piece.sentence_end = blocks::ends_sentence(&text);
    if piece.start.is_none() {
        if let Some(p) = blocks::photo_credit(&text) {
            piece.kind = Kind::Caption;
            piece.photo = Some(p);
            piece.caption_lead = blocks::caption_start(&text);
            piece.text = text;
            return piece;
        }
        if blocks::caption_start(&text) && blocks::width(&text) <= 200.0 {
            piece.kind = Kind::Caption;
            piece.caption_lead = true;
            piece.text = text;
            return piece;
        }
    }
    if let Some((before, credit)) = blocks::split_credit(&text) {
        piece.credit = Some(credit);
        piece.sentence_end = true;
        if before.is_empty() && piece.start.is_none() {
            piece.kind = Kind::Credit;
            return piece;
        }
        piece.text = before;
        return piece;
    }
    let heading = piece.start.is_none()
        && texts.len() <= 6
        && !piece.jumps.iter().any(|j| j.outward)
        && texts.iter().all(|t| blocks::heading_like(t));
    if heading {
        piece.kind = if texts.len() == 1 && blocks::column_head(&texts[0]) {
            Kind::Column
        } else {
            Kind::Heading
        };
    }
    piece.text = text;
    piece
}
