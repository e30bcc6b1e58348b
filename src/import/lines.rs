//! The lines of a page and paragraph reconstruction (joining hard wraps).
//!
//! OCR'd newspaper columns are hard-wrapped every 12-30 characters, usually
//! with a blank line between wrapped lines. A line ends its paragraph when
//!
//! * it ends a sentence (`。！？`, possibly before a closing quote),
//! * it is clearly shorter than the column (under 80% of the wider of the
//!   two lines before it in the paragraph, or for a paragraph's first line,
//!   after it; a line opening with a dateline is never short, as datelines
//!   are set in a different type; a first line may be one cell narrower for
//!   the indent; a first line made of two phrases separated by a space,
//!   `移动优先 打造立体传播矩阵`, is a subhead and always short),
//! * it carries an end marker (`(下转2版)`, a closing credit `（司瑞芳）`, a
//!   photo credit `… 摄`) or is a byline line, or
//! * the next line has to start a paragraph (a dateline such as `本报讯`, a
//!   byline, a caption `图为…`, a dash sub-headline, a line indented with a
//!   space, which the OCR writes for a new text box),
//!
//! * it is a paragraph's first line right after the end of an article (a
//!   credit or `(下转2版)`), with no punctuation but quotes, and the next
//!   line does not start with the tail of a sentence (`作，是…`): a headline,
//! * it is a headline-like first line much wider than the lines after it (a
//!   headline across several columns),
//!
//! unless it ends with a comma, colon or an unclosed bracket, which always
//! continue on the next line.

use super::blocks::{self, width};

/// One non-blank line of the page.
#[derive(Debug, Clone)]
pub(crate) struct Line {
    /// 1-based line number in the page file.
    pub no: usize,
    /// The text, trimmed, OCR letter spacing undone ([`blocks::despace`]).
    pub text: String,
    /// The raw line started with whitespace (the OCR's mark of a new box).
    pub lead_space: bool,
    /// At least one blank line separates it from the previous line.
    pub gap_before: bool,
    /// Printed width, see [`blocks::width`].
    pub width: f32,
}

/// Splits a page into its non-blank lines.
pub(crate) fn page_lines(text: &str) -> Vec<Line> {
    let mut out = Vec::new();
    let mut gap = false;
    for (i, raw) in text.trim_start_matches('\u{feff}').lines().enumerate() {
        let text = raw.trim();
        if text.is_empty() {
            gap = true;
            continue;
        }
        out.push(Line {
            no: i + 1,
            text: blocks::despace(text),
            lead_space: raw.starts_with(char::is_whitespace),
            gap_before: gap,
            width: width(text),
        });
        gap = false;
    }
    out
}

/// Must a paragraph start at this line whatever came before?
fn breaks_before(line: &Line) -> bool {
    line.lead_space || blocks::breaks_before(&line.text)
}

/// Does this line end its paragraph whatever comes after?
fn ends_paragraph(line: &Line) -> Option<bool> {
    let (text, jumps) = blocks::strip_jumps(&line.text);
    if jumps.iter().any(|j| j.outward)
        || blocks::photo_credit(&text).is_some()
        || blocks::split_credit(&text).is_some()
        || blocks::byline_line(&text).is_some()
    {
        return Some(true);
    }
    if blocks::continues(&text) {
        return Some(false);
    }
    blocks::ends_sentence(&text).then_some(true)
}

/// Groups lines into paragraphs; returns, for each paragraph, the indices of
/// its lines in `lines`.
pub(crate) fn paragraphs(lines: &[Line]) -> Vec<Vec<usize>> {
    let mut paras: Vec<Vec<usize>> = Vec::new();
    let mut cur: Vec<usize> = Vec::new();
    let mut after_end = true;
    for i in 0..lines.len() {
        cur.push(i);
        let next = lines.get(i + 1);
        let first = &lines[cur[0]].text;
        let end = match ends_paragraph(&lines[i]) {
            Some(e) => e,
            None => {
                next.is_none()
                    || !blocks::dateline_line(first) && is_short(lines, &cur)
                    || cur.len() == 1
                        && after_end
                        && blocks::bare_heading(first)
                        && !next.is_some_and(|n| starts_mid_sentence(&n.text))
                    || cur.len() == 1 && spans_columns(lines, i)
            }
        };
        let end = end || next.is_some_and(breaks_before) && !blocks::unclosed(&lines[i].text);
        if end {
            after_end = ends_article(&join_wrapped(cur.iter().map(|&j| lines[j].text.as_str())));
            paras.push(std::mem::take(&mut cur));
        }
    }
    if !cur.is_empty() {
        paras.push(cur);
    }
    paras
}

/// Does the line start with the tail of a sentence (`作，是一场…`): at most
/// two characters before a comma?
fn starts_mid_sentence(t: &str) -> bool {
    t.chars()
        .take(3)
        .any(|c| matches!(c, '，' | '、' | '。' | '；' | '：' | ',' | ';' | ':'))
}

/// Is line `i` a headline-like line much wider than the lines after it (a
/// headline set across several columns)?
fn spans_columns(lines: &[Line], i: usize) -> bool {
    let after = lines[i + 1..]
        .iter()
        .take(2)
        .map(|l| l.width)
        .fold(0.0, f32::max);
    after > 0.0 && lines[i].width > 1.3 * after + 1.0 && blocks::heading_like(&lines[i].text)
}

/// Does the text close an article (credit, `(下转2版)`, photo credit)?
fn ends_article(t: &str) -> bool {
    let (text, jumps) = blocks::strip_jumps(t);
    jumps.iter().any(|j| j.outward)
        || blocks::split_credit(&text).is_some()
        || blocks::photo_credit(&text).is_some()
}

/// Is the last line of the paragraph so far clearly shorter than its
/// column? A paragraph's first line is compared with the two lines after
/// it, any other line with the (up to two) lines before it in the paragraph.
fn is_short(lines: &[Line], cur: &[usize]) -> bool {
    let i = *cur.last().unwrap();
    let near: Vec<f32> = if cur.len() == 1 {
        lines[i + 1..].iter().take(2).map(|l| l.width).collect()
    } else {
        cur[..cur.len() - 1]
            .iter()
            .rev()
            .take(2)
            .map(|&j| lines[j].width)
            .collect()
    };
    let reference = near.into_iter().fold(0.0, f32::max);
    // A paragraph's first line is indented by up to two cells.
    let allowance = if cur.len() == 1 { 1.0 } else { 0.0 };
    reference > 0.0 && lines[i].width < 0.8 * reference - allowance
        || cur.len() == 1 && blocks::phrase_pair(&lines[i].text)
}

/// Joins wrapped lines: no space where a wrap falls between CJK characters,
/// one space otherwise.
pub(crate) fn join_wrapped<'a>(parts: impl IntoIterator<Item = &'a str>) -> String {
    let mut out = String::new();
    for p in parts {
        let p = p.trim();
        if p.is_empty() {
            continue;
        }
        // A space between Latin words, none inside a number.
        let (a, b) = (out.chars().last(), p.chars().next());
        let ascii_edge = a.is_some_and(|c| c.is_ascii_alphanumeric())
            && b.is_some_and(|c| c.is_ascii_alphanumeric())
            && !(a.is_some_and(|c| c.is_ascii_digit()) && b.is_some_and(|c| c.is_ascii_digit()));
        if ascii_edge {
            out.push(' ');
        }
        out.push_str(p);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn paras(text: &str) -> Vec<Vec<usize>> {
        let lines = page_lines(text);
        paragraphs(&lines)
            .into_iter()
            .map(|p| p.into_iter().map(|i| lines[i].no).collect())
            .collect()
    }

    #[test]
    fn wraps_and_paragraph_ends() {
        let page = "\
新时代、新融合、新作为。交城县高

度重视融媒体建设工作，积极贯彻落实

媒体融合发展迈出了坚实的步伐。

移动优先 打造立体传播矩阵

在县委、县政府支持下，交城县融媒

体中心率先整合交城发布、头条号、交城

新闻网。";
        assert_eq!(paras(page), vec![vec![1, 3, 5], vec![7], vec![9, 11, 13]]);
    }

    #[test]
    fn markers_break_paragraphs() {
        let page = "\
系统使用培训， (下转2版)
“交”融发展启新航
——记交城县融媒体中心
 本报讯 （记者 付永文 通讯员
卫海平 解德智） 蓝图远景催奋进，实

干笃行正当时。";
        assert_eq!(paras(page), vec![vec![1], vec![2], vec![3], vec![4, 5, 7]]);
    }

    #[test]
    fn joins() {
        assert_eq!(join_wrapped(["交城县融", "媒体"]), "交城县融媒体");
        assert_eq!(join_wrapped(["iPhone", "12 Pro"]), "iPhone 12 Pro");
        assert_eq!(join_wrapped(["于1", "2月"]), "于12月");
    }
}
