//! Attaching headlines and captions to articles.
//!
//! In OCR'd layout order a headline often follows its article, and several
//! headlines may be dumped together at the end of a page. Headlines echo the
//! words of their article, so each headline is matched to an article by
//! *affinity*: the share of its Han character bigrams that occur in the
//! article's text, each bigram weighted by 1 / (number of articles on the
//! page containing it), plus a small bonus for the article just before
//! (0.2) or just after (0.1) the headline block, or the other way round
//! when the page prints headlines before their articles (decided by the
//! blocks between two articles that clearly echo one of them). Pairs are
//! taken greedily, best first, one headline per article, if their score
//! reaches 0.3; then a headline left over goes to an article left without
//! one if each is the other's best match and the affinity reaches 0.1.
//!
//! A headline block is first cut into groups, one per article:
//! a kicker (`…强调`) opens a group and takes the next line; a dash
//! sub-headline (`——…`), a byline or a `…主持` / `…出席` line joins the
//! group before it; a line after a complete group (one that already has a
//! sub-headline), or printed apart right above a sub-headline, opens a new
//! one; otherwise consecutive lines stay together
//! unless their affinities clearly point at different articles.
//!
//! Inside a group: kicker lines come first, the main headline is the first
//! other line plus lines printed directly under it (no blank line between
//! them in the OCR text, i.e. a wrapped headline), everything after is the
//! sub-headline.

use std::collections::{HashMap, HashSet};

use super::blocks;
use super::lines::Line;
use super::pieces::{Kind, Piece};
use super::split::Layout;

type Bigram = (char, char);

fn bigrams(text: &str) -> HashSet<Bigram> {
    let han: Vec<char> = blocks::han_only(text).chars().collect();
    han.windows(2).map(|w| (w[0], w[1])).collect()
}

/// Bigram sets of the articles of a page, with document frequencies.
pub(crate) struct Affinity {
    arts: Vec<HashSet<Bigram>>,
    df: HashMap<Bigram, usize>,
}

impl Affinity {
    /// Builds the model from each article's text.
    pub(crate) fn new(texts: &[String]) -> Affinity {
        let arts: Vec<HashSet<Bigram>> = texts.iter().map(|t| bigrams(t)).collect();
        let mut df = HashMap::new();
        for set in &arts {
            for b in set {
                *df.entry(*b).or_insert(0) += 1;
            }
        }
        Affinity { arts, df }
    }

    /// Affinity of `text` with each article, in 0..=1.
    pub(crate) fn scores(&self, text: &str) -> Vec<f32> {
        let grams = bigrams(text);
        let weight = |b: &Bigram| 1.0 / self.df.get(b).copied().unwrap_or(1).max(1) as f32;
        let total: f32 = grams.iter().map(weight).sum();
        self.arts
            .iter()
            .map(|set| {
                if total == 0.0 {
                    return 0.0;
                }
                grams
                    .iter()
                    .filter(|b| set.contains(b))
                    .map(weight)
                    .sum::<f32>()
                    / total
            })
            .collect()
    }
}

fn best(scores: &[f32]) -> Option<(usize, f32)> {
    scores
        .iter()
        .copied()
        .enumerate()
        .max_by(|a, b| a.1.total_cmp(&b.1))
}

/// One line of a headline group: a line of a heading piece, or a byline
/// piece.
#[derive(Debug, Clone, Copy)]
pub(crate) struct GroupLine {
    /// Index in the page's lines.
    pub line: usize,
    /// The byline piece, when the line is a byline.
    pub byline: Option<usize>,
}

/// A headline group: the lines that head one article.
#[derive(Debug, Clone, Default)]
pub(crate) struct Group {
    pub lines: Vec<GroupLine>,
}

/// Where headlines and captions went.
#[derive(Debug, Default)]
pub(crate) struct Attached {
    /// For each article, its headline group.
    pub headline: Vec<Option<Group>>,
    /// For each caption, its article.
    pub caption_of: Vec<Option<usize>>,
    /// Headline groups that fit no article.
    pub loose: Vec<Group>,
}

const MIN_SCORE: f32 = 0.3;
const WEAK_SCORE: f32 = 0.1;

/// Decides which headline group and caption belongs to which article.
pub(crate) fn attach(
    layout: &Layout,
    pieces: &[Piece],
    lines: &[Line],
    texts: &[String],
) -> Attached {
    let model = Affinity::new(texts);
    let n = layout.articles.len();
    let mut groups = Vec::new();
    let mut around = Vec::new();
    for b in &layout.blocks {
        for g in split_block(&b.pieces, pieces, lines, &model) {
            groups.push(g);
            around.push((b.prev, b.next));
        }
    }
    let scores: Vec<Vec<f32>> = groups
        .iter()
        .map(|g| model.scores(&group_text(g, lines)))
        .collect();
    let (before, after) = if headlines_first(&scores, &around) {
        (0.1, 0.2)
    } else {
        (0.2, 0.1)
    };
    let mut cands = Vec::new();
    for (gi, &(prev, next)) in around.iter().enumerate() {
        for (a, &score) in scores[gi].iter().enumerate() {
            let mut s = score;
            if prev == Some(a) {
                s += before;
            }
            if next == Some(a) {
                s += after;
            }
            if s >= MIN_SCORE {
                cands.push((s, gi, a));
            }
        }
    }
    cands.sort_by(|x, y| y.0.total_cmp(&x.0).then(x.1.cmp(&y.1)).then(x.2.cmp(&y.2)));
    let mut headline: Vec<Option<usize>> = vec![None; n];
    let mut used = vec![false; groups.len()];
    for (_, gi, a) in cands {
        if !used[gi] && headline[a].is_none() {
            used[gi] = true;
            headline[a] = Some(gi);
        }
    }
    // Weak evidence suffices between a headline and an article left without
    // one when each is the other's best match.
    let mut rest: Vec<(f32, usize, usize)> = (0..groups.len())
        .filter(|&gi| !used[gi])
        .filter_map(|gi| best(&scores[gi]).map(|(a, s)| (s, gi, a)))
        .filter(|&(s, _, a)| s >= WEAK_SCORE && headline[a].is_none())
        .collect();
    rest.sort_by(|x, y| y.0.total_cmp(&x.0).then(x.1.cmp(&y.1)));
    for (_, gi, a) in rest {
        let best_for_article = (0..groups.len())
            .filter(|&g| !used[g])
            .max_by(|&x, &y| scores[x][a].total_cmp(&scores[y][a]).then(y.cmp(&x)));
        if headline[a].is_none() && best_for_article == Some(gi) {
            used[gi] = true;
            headline[a] = Some(gi);
        }
    }
    let caption_of = layout
        .captions
        .iter()
        .map(|c| {
            let text: String = c.iter().map(|&p| pieces[p].text.as_str()).collect();
            best(&model.scores(&text))
                .filter(|b| b.1 >= MIN_SCORE)
                .map(|b| b.0)
        })
        .collect();
    let mut slots: Vec<Option<Group>> = groups.into_iter().map(Some).collect();
    Attached {
        headline: headline
            .iter()
            .map(|g| g.and_then(|gi| slots[gi].take()))
            .collect(),
        caption_of,
        loose: slots.into_iter().flatten().collect(),
    }
}

/// Does this page print headlines before their articles? Votes of the
/// groups that sit between two articles and clearly echo one of them.
fn headlines_first(scores: &[Vec<f32>], around: &[(Option<usize>, Option<usize>)]) -> bool {
    let (mut first, mut last) = (0, 0);
    for (s, &(prev, next)) in scores.iter().zip(around) {
        if let (Some(p), Some(x)) = (prev, next) {
            if s[x] - s[p] >= 0.3 {
                first += 1;
            } else if s[p] - s[x] >= 0.3 {
                last += 1;
            }
        }
    }
    first > last
}

/// The headline text of a group (bylines left out), for matching.
fn group_text(g: &Group, lines: &[Line]) -> String {
    g.lines
        .iter()
        .filter(|l| l.byline.is_none())
        .map(|l| lines[l.line].text.as_str())
        .collect::<Vec<_>>()
        .join(" ")
}

/// Cuts a headline block into groups (see the module docs).
fn split_block(block: &[usize], pieces: &[Piece], lines: &[Line], model: &Affinity) -> Vec<Group> {
    let mut groups: Vec<Group> = Vec::new();
    let flat = block.iter().flat_map(|&p| {
        let piece = &pieces[p];
        let byline = (piece.kind == Kind::Byline).then_some(p);
        piece
            .lines
            .iter()
            .map(move |&line| GroupLine { line, byline })
    });
    let flat: Vec<GroupLine> = flat.collect();
    for (k, &gl) in flat.iter().enumerate() {
        let text = lines[gl.line].text.as_str();
        // A line printed apart, right above a sub-headline, is a main headline.
        let above_sub = lines[gl.line].gap_before
            && flat.get(k + 1).is_some_and(|n| {
                let t = lines[n.line].text.as_str();
                n.byline.is_none() && (blocks::dash_subtitle(t) || blocks::person_subtitle(t))
            });
        let Some(last) = groups.last_mut() else {
            groups.push(Group { lines: vec![gl] });
            continue;
        };
        let texts: Vec<&str> = last
            .lines
            .iter()
            .map(|l| lines[l.line].text.as_str())
            .collect();
        let has_main = texts.iter().any(|t| !blocks::kicker(t));
        let has_sub = texts.iter().skip(1).any(|t| {
            blocks::dash_subtitle(t)
                || blocks::person_subtitle(t)
                || blocks::byline_line(t).is_some()
        });
        let joins = if gl.byline.is_some() || blocks::dash_subtitle(text) || !has_main {
            true
        } else if blocks::kicker(text) {
            false
        } else if blocks::person_subtitle(text) {
            true
        } else if has_sub || above_sub {
            false
        } else {
            !different_articles(&model.scores(&group_text(last, lines)), &model.scores(text))
        };
        if joins {
            last.lines.push(gl);
        } else {
            groups.push(Group { lines: vec![gl] });
        }
    }
    groups
}

/// Do two affinity vectors clearly prefer different articles?
fn different_articles(a: &[f32], b: &[f32]) -> bool {
    let (Some((ba, sa)), Some((bb, sb))) = (best(a), best(b)) else {
        return false;
    };
    ba != bb && sa >= 0.1 && sb >= 0.1 && sa - a[bb] >= 0.1 && sb - b[ba] >= 0.1
}

/// The parts of a headline group.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub(crate) struct Roles {
    pub kicker: Vec<usize>,
    pub main: Vec<usize>,
    pub subtitle: Vec<usize>,
    /// Byline pieces.
    pub bylines: Vec<usize>,
}

/// Splits a group into kicker, main headline and sub-headline lines
/// (indices into the page's lines).
pub(crate) fn roles(g: &Group, lines: &[Line]) -> Roles {
    let mut r = Roles::default();
    let heads: Vec<usize> = g
        .lines
        .iter()
        .filter(|l| l.byline.is_none())
        .map(|l| l.line)
        .collect();
    r.bylines = g.lines.iter().filter_map(|l| l.byline).collect();
    let mut k = 0;
    while k + 1 < heads.len() && blocks::kicker(&lines[heads[k]].text) {
        r.kicker.push(heads[k]);
        k += 1;
    }
    let Some(&first) = heads.get(k) else {
        return r;
    };
    r.main.push(first);
    let mut in_main = true;
    for &l in &heads[k + 1..] {
        let t = lines[l].text.as_str();
        in_main = in_main
            && !lines[l].gap_before
            && !lines[l].lead_space
            && !blocks::dash_subtitle(t)
            && !blocks::person_subtitle(t);
        if in_main {
            r.main.push(l);
        } else {
            r.subtitle.push(l);
        }
    }
    r
}

/// Cleans a headline line: OCR spaces inside words go, but a single space
/// between two phrases (`夯基蓄势稳中进 步履铿锵勇向前`) stays.
pub(crate) fn clean_heading(text: &str) -> String {
    let tokens: Vec<&str> = text.split_whitespace().collect();
    let short = tokens.iter().filter(|t| t.chars().count() == 1).count();
    if tokens.len() > 2 && short * 2 > tokens.len() {
        return crate::normalize::clean(text);
    }
    let mut out = String::new();
    for (i, t) in tokens.iter().enumerate() {
        if i > 0 {
            let prev = tokens[i - 1];
            let (a, b) = (prev.chars().last().unwrap(), t.chars().next().unwrap());
            let phrases = prev.chars().count() >= 3
                && t.chars().count() >= 3
                && !a.is_ascii()
                && !b.is_ascii();
            if phrases || a.is_ascii_alphanumeric() && b.is_ascii_alphanumeric() {
                out.push(' ');
            }
        }
        out.push_str(t);
    }
    out
}

/// Joins headline lines printed under each other into one string.
pub(crate) fn join_heading(parts: &[String]) -> String {
    super::lines::join_wrapped(parts.iter().map(String::as_str))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn cleaning_headlines() {
        let cases = [
            (
                "交口县：夯基蓄势稳中进 步履铿锵勇向前",
                "交口县：夯基蓄势稳中进 步履铿锵勇向前",
            ),
            ("关 于 老 干 部 工 作", "关于老干部工作"),
            ("吕梁市区公交车4月 1日起免费", "吕梁市区公交车4月1日起免费"),
            ("iPhone 12 发布", "iPhone 12发布"),
        ];
        for (input, want) in cases {
            assert_eq!(clean_heading(input), want, "{input}");
        }
    }

    #[test]
    fn affinity_prefers_the_echoed_article() {
        let m = Affinity::new(&[
            "学习宣讲凝聚力量，宏伟蓝图鼓舞斗志。".to_string(),
            "交城县新冠肺炎疫情防控工作会议召开。".to_string(),
        ]);
        let s = m.scores("宣讲凝聚力量 蓝图鼓舞斗志");
        assert!(s[0] > 0.9 && s[1] < 0.1, "{s:?}");
        let s = m.scores("交城县召开新冠肺炎疫情防控工作会议");
        assert!(s[1] > 0.8 && s[1] > s[0], "{s:?}");
        assert!(different_articles(&[0.9, 0.1], &[0.2, 0.8]));
        assert!(!different_articles(&[0.9, 0.1], &[0.6, 0.5]));
        assert!(different_articles(&[0.9, 0.0], &[0.0, 0.2]));
        assert!(!different_articles(&[0.9, 0.0], &[0.0, 0.05]));
        assert!(!different_articles(&[0.9, 0.0], &[0.3, 0.35]));
    }
}
