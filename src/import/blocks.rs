//! Classifying single lines of a page: article starts (datelines and
//! bylines), closing credits, photo credits, jump markers, headline lines and
//! the roles of headline lines (kicker, subtitle), column heads.
//!
//! Every function here looks at one line (or one joined paragraph) of OCR
//! text and knows nothing about its neighbours; `lines.rs` and `split.rs`
//! combine the answers.

use crate::normalize::is_han;

/// Number of Han characters in `s`.
pub(crate) fn han_count(s: &str) -> usize {
    s.chars().filter(|&c| is_han(c)).count()
}

/// Only the Han characters of `s`.
pub(crate) fn han_only(s: &str) -> String {
    s.chars().filter(|&c| is_han(c)).collect()
}

/// Printed width of a line in ideograph cells: spaces count 0 (OCR adds
/// them), ASCII counts half a cell, everything else one.
pub(crate) fn width(s: &str) -> f32 {
    s.chars()
        .map(|c| {
            if c.is_whitespace() {
                0.0
            } else if c.is_ascii() {
                0.5
            } else {
                1.0
            }
        })
        .sum()
}

/// Undoes OCR letter spacing (`好 我 市 境 内 文 物`): a line made mostly
/// of single characters separated by spaces loses its spaces.
pub(crate) fn despace(t: &str) -> String {
    let tokens: Vec<&str> = t.split_whitespace().collect();
    let single = tokens.iter().filter(|t| t.chars().count() == 1).count();
    if tokens.len() >= 5 && single * 10 >= tokens.len() * 6 {
        tokens.concat()
    } else {
        t.trim().to_string()
    }
}

/// Collapses runs of whitespace into one space and trims.
pub(crate) fn squash(s: &str) -> String {
    s.split_whitespace().collect::<Vec<_>>().join(" ")
}

const CLOSERS: &[char] = &['”', '’', '」', '』', '"', '\''];

/// Does the line end a sentence (`。！？…`, possibly followed by a closing
/// quote)? A bare closing quote does not count.
pub(crate) fn ends_sentence(t: &str) -> bool {
    let mut it = t
        .trim_end()
        .chars()
        .rev()
        .skip_while(|c| CLOSERS.contains(c));
    matches!(it.next(), Some('。' | '！' | '？' | '!' | '?' | '…'))
}

/// Does the line obviously continue on the next line (ends with a comma,
/// colon or opening bracket, or leaves a bracket open)?
pub(crate) fn continues(t: &str) -> bool {
    let t = t.trim_end();
    unclosed(t)
        || matches!(
            t.chars().last(),
            Some(
                '，' | '、'
                    | '：'
                    | '；'
                    | ','
                    | ':'
                    | ';'
                    | '（'
                    | '('
                    | '《'
                    | '“'
                    | '‘'
                    | '—'
                    | '-'
            )
        )
}

/// Does the line leave a bracket open?
pub(crate) fn unclosed(t: &str) -> bool {
    t.matches(['（', '(']).count() > t.matches(['）', ')']).count()
}

/// Is `s` a list of personal names, possibly with roles (`记者 付永文
/// 通讯员 卫海平`)? Tokens are separated by whitespace or `、`, each made of
/// 2-6 Han characters.
pub(crate) fn name_like(s: &str) -> bool {
    let tokens: Vec<&str> = s
        .split(|c: char| c.is_whitespace() || c == '、')
        .filter(|t| !t.is_empty())
        .collect();
    !tokens.is_empty()
        && tokens.len() <= 8
        && tokens.iter().all(|t| {
            let n = t.chars().count();
            (2..=6).contains(&n) && t.chars().all(|c| is_han(c) || c == '·' || c == '•')
        })
}

const ROLES: &[&str] = &[
    "本报记者",
    "本报通讯员",
    "特约记者",
    "见习记者",
    "首席记者",
    "记者",
    "通讯员",
    "实习生",
    "见习生",
];

/// Puts a space after role words glued to a name (`通讯员卫海平` ->
/// `通讯员 卫海平`) and collapses whitespace.
pub(crate) fn tidy_names(s: &str) -> String {
    let mut out = Vec::new();
    for tok in s.split_whitespace() {
        let role = ROLES
            .iter()
            .find(|r| tok.starts_with(**r) && tok.len() > r.len());
        match role {
            Some(r) => {
                out.push(r.to_string());
                out.push(tok[r.len()..].to_string());
            }
            None => out.push(tok.to_string()),
        }
    }
    out.join(" ")
}

/// Spaces a list of names for [`name_like`]: OCR letter spacing is undone
/// and role words get spaces around them (`记 者   付 永 文` -> `记者 付永文`,
/// `记者付永文通讯员卫海平` -> `记者 付永文 通讯员 卫海平`).
pub(crate) fn respace_names(s: &str) -> String {
    let s = despace(s);
    let mut out = String::new();
    let mut rest = s.as_str();
    while let Some(c) = rest.chars().next() {
        match ROLES.iter().find(|r| rest.starts_with(**r)) {
            Some(r) => {
                out.push(' ');
                out.push_str(r);
                out.push(' ');
                rest = &rest[r.len()..];
            }
            None => {
                out.push(c);
                rest = &rest[c.len_utf8()..];
            }
        }
    }
    squash(&out)
}

/// A jump marker such as `(下转2版)` or `（上接1版）`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Jump {
    /// The marker as printed, without brackets and spaces (`下转2版`).
    pub raw: String,
    /// The page referred to (`2版`).
    pub target: String,
    /// True for "continued on" (下转), false for "continued from" (上接).
    pub outward: bool,
}

/// Removes jump markers from a line; returns the remaining text and the
/// markers found.
pub(crate) fn strip_jumps(t: &str) -> (String, Vec<Jump>) {
    let mut rest = String::new();
    let mut jumps = Vec::new();
    let mut s = t;
    while let Some(open) = s.find(['（', '(']) {
        let after = &s[open + s[open..].chars().next().map_or(1, char::len_utf8)..];
        let close = after.find(['）', ')']);
        let jump = close.and_then(|c| parse_jump(&after[..c], open > 0 || !rest.is_empty()));
        match (close, jump) {
            (Some(c), Some(j)) => {
                rest.push_str(&s[..open]);
                jumps.push(j);
                let close_len = after[c..].chars().next().map_or(1, char::len_utf8);
                s = &after[c + close_len..];
            }
            _ => {
                let end = open + s[open..].chars().next().map_or(1, char::len_utf8);
                rest.push_str(&s[..end]);
                s = &s[end..];
            }
        }
    }
    rest.push_str(s);
    (rest, jumps)
}

fn parse_jump(inner: &str, mid_line: bool) -> Option<Jump> {
    let raw: String = inner.chars().filter(|c| !c.is_whitespace()).collect();
    if raw.chars().count() > 10 {
        return None;
    }
    const OUT: &[&str] = &["下转", "转至", "转"];
    const IN: &[&str] = &["上接", "接上", "紧接", "接", "续"];
    let (verb_out, rest) = if let Some(v) = OUT.iter().find(|v| raw.starts_with(**v)) {
        (Some(true), &raw[v.len()..])
    } else if let Some(v) = IN.iter().find(|v| raw.starts_with(**v)) {
        (Some(false), &raw[v.len()..])
    } else {
        (None, raw.as_str())
    };
    let rest = rest.strip_prefix('第').unwrap_or(rest);
    let num = rest.strip_suffix('版')?;
    let numeric = !num.is_empty()
        && num.chars().all(|c| {
            c.is_ascii_digit() || ('０'..='９').contains(&c) || "一二三四五六七八九十".contains(c)
        });
    if !numeric {
        return None;
    }
    Some(Jump {
        target: format!("{num}版"),
        outward: verb_out.unwrap_or(mid_line),
        raw,
    })
}

/// A closing credit such as `（司瑞芳）` at the end of an article.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Credit {
    /// As printed (`（司瑞芳）`), whitespace collapsed.
    pub raw: String,
    /// The name(s) (`司瑞芳`).
    pub names: String,
}

const NOT_NAMES: &[&str] = &[
    "草案",
    "试行",
    "暂行",
    "待续",
    "未完",
    "节选",
    "摘要",
    "摘编",
    "有删节",
    "全文",
    "之一",
    "之二",
    "之三",
    "附图",
    "资料图",
    "图片",
    "完",
];

/// Splits a trailing closing credit off `t` (`…意义。 （司瑞芳）`). The
/// credit must follow the end of a sentence or stand alone.
pub(crate) fn split_credit(t: &str) -> Option<(String, Credit)> {
    let t = t.trim_end();
    let body = t.strip_suffix('）').or_else(|| t.strip_suffix(')'))?;
    let open = body.rfind(['（', '('])?;
    let inner = respace_names(&body[open + body[open..].chars().next()?.len_utf8()..]);
    if !name_like(&inner) || han_count(&inner) > 20 || NOT_NAMES.contains(&inner.as_str()) {
        return None;
    }
    let before = t[..open].trim_end();
    if !before.is_empty() && !ends_sentence(before) {
        return None;
    }
    Some((
        before.to_string(),
        Credit {
            raw: squash(&t[open..]),
            names: inner,
        },
    ))
}

/// Finds a photo credit at the end of a caption line (`…壮观。张英杰 摄`,
/// `记者 王益炜 摄`); returns the photographer.
pub(crate) fn photo_credit(t: &str) -> Option<String> {
    let mut t = t.trim_end();
    if let Some(s) = t.strip_suffix('）').or_else(|| t.strip_suffix(')')) {
        t = s.trim_end();
    }
    let before = t.strip_suffix('摄')?;
    let spaced = before.ends_with(char::is_whitespace) || before.ends_with(['/', '／']);
    let before = before.trim_end_matches(|c: char| c.is_whitespace() || c == '/' || c == '／');
    // The trailing run of names (Han characters and spaces).
    let start = before
        .char_indices()
        .rev()
        .take_while(|(_, c)| is_han(*c) || c.is_whitespace() || *c == '、')
        .last()
        .map_or(before.len(), |(i, _)| i);
    let names = before[start..].trim();
    let lead = before[..start].trim_end();
    let lead_ok = lead.is_empty()
        || ends_sentence(lead)
        || lead.ends_with(['（', '(', '，', ','])
        || before[..start].ends_with(char::is_whitespace);
    let role = ROLES.iter().any(|r| names.starts_with(r));
    if names.is_empty() || !name_like(names) || han_count(names) > 16 {
        return None;
    }
    (spaced || role || lead_ok).then(|| tidy_names(names))
}

/// Does a caption start here (`图为…`, `上图：…`)?
pub(crate) fn caption_start(t: &str) -> bool {
    let t = t.trim_start();
    [
        "图为", "上图", "下图", "左图", "右图", "图：", "图:", "▲", "△",
    ]
    .iter()
    .any(|p| t.starts_with(p))
        || t.starts_with(|c: char| ('①'..='⑩').contains(&c)) && t.contains("图")
}

/// How an article start was marked.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Start {
    /// The byline or dateline as printed, whitespace collapsed
    /// (`本报讯 （记者 李雅萍）`, `□ 吕继峰 张娟娟`, `新华社北京12月25日电`).
    pub byline: String,
    /// The people (or agency) it names (`记者 李雅萍`).
    pub author: String,
    /// Set when the article starts with a `（上接1版）` marker.
    pub continued_from: Option<Jump>,
    /// Byte length of the text consumed from the paragraph.
    pub consumed: usize,
}

const MARKS: &[char] = &['□', '■', '◆', '◇', '●', '○', '◎', '☆', '★'];
/// A byline that fills its whole line: `□ 本报记者 刘少伟`, `本报记者 王涛`.
pub(crate) fn byline_line(t: &str) -> Option<Start> {
    let s = t.trim();
    let rest = if let Some(r) = s.strip_prefix(MARKS) {
        r.trim_start()
    } else if ROLES.iter().any(|r| s.starts_with(r)) && !s.ends_with('摄') {
        s
    } else {
        return None;
    };
    let rest = rest
        .strip_prefix("文/")
        .or_else(|| rest.strip_prefix("文／"))
        .unwrap_or(rest);
    let rest = respace_names(rest);
    // Without a mark, only roles and short names: `本报记者 王涛`.
    let names_only = s.starts_with(MARKS)
        || rest
            .split_whitespace()
            .all(|t| ROLES.contains(&t) || t.chars().count() <= 4);
    (names_only && name_like(&rest) && han_count(&rest) <= 24).then(|| Start {
        byline: squash(s),
        author: rest,
        continued_from: None,
        consumed: t.len(),
    })
}

/// A dateline at the start of `s`: `本报讯`, `山西日报讯`, `本报1月4日讯`,
/// `新华社北京12月25日电`, `据新华社电`. Returns its length and the agency it
/// names (`新华社`; empty for the paper itself).
fn dateline(s: &str) -> Option<(usize, String)> {
    let rest = s.strip_prefix('据').unwrap_or(s);
    let skip = s.len() - rest.len();
    let mut head = String::new();
    for (i, c) in rest.char_indices() {
        if c == '讯' || c == '电' {
            let h: String = head.chars().filter(|c| !c.is_whitespace()).collect();
            let h = h.as_str();
            let ours = h.starts_with("本报") || h.contains("日报") || h.contains("晚报");
            let source = ours || ["社", "网", "台"].iter().any(|k| h.contains(k));
            let dated = h.ends_with('日');
            let ok = source
                && match c {
                    '讯' => h.ends_with('报') || dated,
                    _ => dated || ["社", "网", "台"].iter().any(|k| h.ends_with(k)),
                };
            if !ok {
                return None;
            }
            let agency = match h.find(['社', '网']) {
                Some(k) if !ours => h[..k + '社'.len_utf8()].to_string(),
                _ => String::new(),
            };
            return Some((skip + i + c.len_utf8(), agency));
        }
        let starts_han = head.is_empty() && !is_han(c);
        if starts_han
            || head.chars().filter(|c| !c.is_whitespace()).count() >= 20
            || !(is_han(c) || c.is_numeric() || c.is_whitespace())
        {
            return None;
        }
        head.push(c);
    }
    None
}

/// Does this line begin an article with a dateline (`本报讯`, `新华社…电`),
/// or with a news agency's name (a dateline wrapped onto the next line)?
pub(crate) fn dateline_line(t: &str) -> bool {
    let t = t.trim_start();
    dateline(t).is_some()
        || ["新华社", "据新华社", "中新社", "据中新社"]
            .iter()
            .any(|a| {
                t.strip_prefix(a)
                    .is_some_and(|r| !r.starts_with("记者") && !r.contains(['，', '。', '、']))
            })
}

/// A headline-like line with no punctuation but quotes, colons and dashes:
/// `交城县召开新冠肺炎疫情防控工作会议`.
pub(crate) fn bare_heading(t: &str) -> bool {
    heading_like(t)
        && !dateline_line(t)
        && byline_line(t).is_none()
        && !t.contains(['，', '、', ',', '（', '(', '？', '！'])
}

/// Parses an article start at the beginning of a paragraph: a dateline with
/// an optional bracketed byline, or a `（上接1版）` marker.
pub(crate) fn parse_start(text: &str) -> Option<Start> {
    let lead = text.len() - text.trim_start().len();
    let s = &text[lead..];
    if s.starts_with(['（', '(']) {
        let close = s.find(['）', ')'])?;
        let end = close + s[close..].chars().next()?.len_utf8();
        let (left, found) = strip_jumps(&s[..end]);
        let j = found.into_iter().next()?;
        if j.outward || !left.trim().is_empty() {
            return None;
        }
        return Some(Start {
            byline: String::new(),
            author: String::new(),
            continued_from: Some(j),
            consumed: lead + end,
        });
    }
    let (end, mut author) = dateline(s)?;
    let mut consumed = end;
    let after = &s[end..];
    let gap = after.len() - after.trim_start().len();
    let rest = after.trim_start();
    if rest.starts_with(['（', '(']) {
        let open_len = rest.chars().next()?.len_utf8();
        if let Some(close) = rest.find(['）', ')']) {
            let inner = respace_names(&rest[open_len..close]);
            if name_like(&inner) && inner.chars().count() <= 40 {
                author = tidy_names(&inner);
                consumed = end + gap + close + rest[close..].chars().next()?.len_utf8();
            }
        }
    }
    Some(Start {
        byline: squash(&s[..consumed]),
        author,
        continued_from: None,
        consumed: lead + consumed,
    })
}

/// Could this line be (part of) a headline or sub-headline? No sentence
/// punctuation, at most one comma, not too wide, some Han characters.
pub(crate) fn heading_like(t: &str) -> bool {
    let t = t.trim();
    han_count(t) >= 2
        && width(t) <= 40.0
        && !t.contains(['。', '；', ';'])
        && t.matches(['，', ',']).count() <= 1
        && !continues(t)
        && !ends_sentence(t)
        && split_credit(t).is_none()
}

/// Two phrases separated by one space and nothing else, the typical form
/// of a headline or subhead: `移动优先 打造立体传播矩阵`.
pub(crate) fn phrase_pair(t: &str) -> bool {
    let tokens: Vec<&str> = t.split_whitespace().collect();
    tokens.len() == 2
        && tokens.iter().all(|tok| {
            han_count(tok) >= 3 && tok.chars().all(|c| is_han(c) || "“”‘’《》·：".contains(c))
        })
}

/// A kicker (引题) ends with a verb of saying and introduces the main
/// headline: `中共中央政治局召开民主生活会强调`.
pub(crate) fn kicker(t: &str) -> bool {
    const VERBS: &[&str] = &[
        "强调", "指出", "要求", "表示", "提出", "认为", "时说", "寄语", "号召", "倡议", "宣布",
        "透露", "获悉", "发现", "表明", "显示",
    ];
    let t = t.trim().trim_end_matches(['：', ':', '—']);
    han_count(t) >= 9 && !numbered(t) && VERBS.iter().any(|v| t.ends_with(v))
}

/// A numbered subhead: `一、…`, `（一）…`, `1.…`, `第一…`.
pub(crate) fn numbered(t: &str) -> bool {
    let t = t.trim_start().trim_start_matches(['（', '(']);
    let digits = t
        .chars()
        .take_while(|c| c.is_ascii_digit() || "一二三四五六七八九十".contains(*c))
        .count();
    digits > 0
        && digits <= 3
        && t.chars()
            .nth(digits)
            .is_some_and(|c| "、.．)）".contains(c))
}

/// A sub-headline that starts with a dash: `——记交城县融媒体中心`.
pub(crate) fn dash_subtitle(t: &str) -> bool {
    let t = t.trim_start();
    (t.starts_with('—') || t.starts_with('─') || t.starts_with("--")) && heading_like(t)
}

/// A sub-headline naming who attended or spoke: `李正印主持`,
/// `孙大军马慧健讲话 张广勇主持`.
pub(crate) fn person_subtitle(t: &str) -> bool {
    const ACTS: &[&str] = &[
        "主持",
        "出席",
        "讲话",
        "参加",
        "致辞",
        "陪同",
        "会见",
        "发言",
        "作报告",
        "调研",
        "考察",
        "批示",
        "出席会议",
    ];
    let t = t.trim();
    width(t) <= 26.0 && ACTS.iter().any(|a| t.ends_with(a))
}

/// A column head or standing slogan rather than a headline:
/// `深入学习宣传贯彻党的十九届五中全会精神`.
pub(crate) fn column_head(t: &str) -> bool {
    let t = t.trim();
    if t.contains(char::is_whitespace) || width(t) > 30.0 {
        return false;
    }
    let s = ["深入", "认真", "全面", "持续"]
        .iter()
        .find_map(|p| t.strip_prefix(p))
        .unwrap_or(t);
    ["学习", "宣传", "贯彻"].iter().any(|p| s.starts_with(p))
        && ["精神", "思想", "重要讲话"].iter().any(|e| s.ends_with(e))
}

/// Lines before which a paragraph always breaks.
pub(crate) fn breaks_before(t: &str) -> bool {
    let s = t.trim();
    dateline_line(s)
        || byline_line(s).is_some()
        || caption_start(s)
        || dash_subtitle(s)
        || s.starts_with(['（', '(']) && parse_start(s).is_some()
        || split_credit(s).is_some_and(|(before, _)| before.is_empty())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn starts() {
        // (line, byline, author, body starts with)
        let cases = [
            (
                "本报讯 （记者 李雅萍） 12月 24日，",
                "本报讯 （记者 李雅萍）",
                "记者 李雅萍",
                "12月",
            ),
            ("本报讯 11月24日,全县", "本报讯", "", "11月"),
            (
                "新华社北京12月25日电 中共",
                "新华社北京12月25日电",
                "新华社",
                "中共",
            ),
            (
                "本报讯 （记者 付永文 通讯员卫海平 解德智） 蓝图",
                "本报讯 （记者 付永文 通讯员卫海平 解德智）",
                "记者 付永文 通讯员 卫海平 解德智",
                "蓝图",
            ),
            (
                "本报北京1月4日电（记者 王涛）会议",
                "本报北京1月4日电（记者 王涛）",
                "记者 王涛",
                "会议",
            ),
            ("（上接1版）要加快", "", "", "要加快"),
            ("山西日报讯 近日，", "山西日报讯", "", "近日"),
            (
                "本报1月4日讯 （通讯员 王涛）会议",
                "本报1月4日讯 （通讯员 王涛）",
                "通讯员 王涛",
                "会议",
            ),
            ("据新华社电 国务院", "据新华社电", "新华社", "国务院"),
            (
                "中新社北京1月4日电 记者",
                "中新社北京1月4日电",
                "中新社",
                "记者",
            ),
            (
                "本 报 讯   （ 记 者   付 永 文   通 讯员卫海平 解德智） 蓝",
                "本 报 讯 （ 记 者 付 永 文 通 讯员卫海平 解德智）",
                "记者 付永文 通讯员 卫海平解德智",
                "蓝",
            ),
        ];
        for (line, byline, author, rest) in cases {
            let s = parse_start(line).unwrap_or_else(|| panic!("{line}"));
            assert_eq!(s.byline, byline, "{line}");
            assert_eq!(s.author, author, "{line}");
            assert!(line[s.consumed..].trim_start().starts_with(rest), "{line}");
        }
        assert_eq!(
            parse_start("（上接1版）x")
                .unwrap()
                .continued_from
                .unwrap()
                .target,
            "1版"
        );
        for line in [
            "本报记者从会上获悉，",
            "新华社记者 王涛",
            "会议指出，本报讯",
            "（下转2版）",
            "本报记者日前从市电力公司获悉",
            "市供电公司电话",
        ] {
            assert!(parse_start(line).is_none(), "{line}");
        }
    }

    #[test]
    fn bylines() {
        let cases = [
            ("□ 吕继峰 张娟娟", Some("吕继峰 张娟娟")),
            (" □ 本报记者 刘少伟", Some("本报记者 刘少伟")),
            ("本报记者 王涛", Some("本报记者 王涛")),
            ("■ 文/李明", Some("李明")),
            ("记者从发布会获悉，4月 1日起，", None),
            ("记者 侯利军 摄", None),
            ("□ 一是结合实际制定出台", None),
            ("记者深入抗疫一线，挖掘", None),
            ("记者深入抗疫一线挖掘", None),
        ];
        for (line, want) in cases {
            assert_eq!(
                byline_line(line).map(|s| s.author),
                want.map(String::from),
                "{line}"
            );
        }
    }

    #[test]
    fn jumps() {
        let (rest, j) = strip_jumps("系统使用培训， (下转2版)");
        assert_eq!(rest.trim_end(), "系统使用培训，");
        assert_eq!(j[0].target, "2版");
        assert!(j[0].outward);
        let (rest, j) = strip_jumps("（上接第1版）会议指出");
        assert_eq!(
            (rest.as_str(), j[0].outward, j[0].raw.as_str()),
            ("会议指出", false, "上接第1版")
        );
        let (rest, j) = strip_jumps("水“零”突破， （下转 4 版）");
        assert_eq!(
            (rest.trim_end(), j[0].target.as_str()),
            ("水“零”突破，", "4版")
        );
        for keep in ["常委（扩大）会议", "村 (社区 )", "（草案）》", "(试行)"] {
            let (rest, j) = strip_jumps(keep);
            assert!(j.is_empty() && rest == keep, "{keep}");
        }
    }

    #[test]
    fn credits() {
        let cases = [
            ("义。 （司瑞芳）", Some(("义。", "司瑞芳"))),
            ("（张英杰）", Some(("", "张英杰"))),
            ("明确使命。 （梁宏蕊）", Some(("明确使命。", "梁宏蕊"))),
            ("（记者 王涛 李明）", Some(("", "记者 王涛 李明"))),
            ("三 次 预 算 调 整 方 案 的 决 议（草", None),
            ("的决议（草案）", None),
            ("工作（试行）", None),
            ("中共吕梁市委（扩大）", None),
        ];
        for (line, want) in cases {
            let got = split_credit(line);
            assert_eq!(
                got.as_ref().map(|(b, c)| (b.as_str(), c.names.as_str())),
                want,
                "{line}"
            );
        }
    }

    #[test]
    fn photo_credits() {
        let cases = [
            ("在几米高的山体上，蔚为壮观。张英杰 摄", Some("张英杰")),
            (
                "图为市委书记与居民代表座谈。 记者 王益炜 摄",
                Some("记者 王益炜"),
            ),
            ("记者 侯利军 摄", Some("记者 侯利军")),
            ("（新华社记者 李明 摄）", Some("新华社记者 李明")),
            ("王刚/摄", Some("王刚")),
            ("他们一起进行拍摄", None),
            ("会议开始前集体合影留念并拍摄", None),
        ];
        for (line, want) in cases {
            assert_eq!(photo_credit(line).as_deref(), want, "{line}");
        }
        assert!(caption_start(" 图为吕梁市政府办学习现场。"));
        assert!(!caption_start("图书馆开放"));
    }

    #[test]
    fn headline_lines() {
        // (line, heading_like, kicker, dash subtitle, person subtitle, column head)
        let cases = [
            ("“交”融发展启新航", true, false, false, false, false),
            ("——记交城县融媒体中心", true, false, true, false, false),
            (
                "中共中央政治局召开民主生活会强调",
                true,
                true,
                false,
                false,
                false,
            ),
            ("立足创建要求", true, false, false, false, false),
            (
                "一、坚持正确方向,把握新时代宣传工作的新要求",
                true,
                false,
                false,
                false,
                false,
            ),
            ("李正印主持", true, false, false, true, false),
            (
                "孙大军马慧健讲话 张广勇主持",
                true,
                false,
                false,
                true,
                false,
            ),
            (
                "建强小区党支部 做好居民自治“大文章”",
                true,
                false,
                false,
                false,
                false,
            ),
            (
                "深入学习宣传贯彻党的十九届五中全会精神",
                true,
                false,
                false,
                false,
                true,
            ),
            (
                "抓党委、强责任，宣传工作不断“强”起来",
                true,
                false,
                false,
                false,
                false,
            ),
            (
                "媒体融合发展迈出了坚实的步伐。",
                false,
                false,
                false,
                false,
                false,
            ),
            (
                "制度，全力做大做强县域主流舆论阵地，",
                false,
                false,
                false,
                false,
                false,
            ),
            (
                "“太空中的网络是从哪里来的？”",
                false,
                false,
                false,
                false,
                false,
            ),
            ("义。 （司瑞芳）", false, false, false, false, false),
        ];
        for (line, h, k, d, p, c) in cases {
            assert_eq!(
                (
                    heading_like(line),
                    kicker(line),
                    dash_subtitle(line),
                    person_subtitle(line),
                    column_head(line)
                ),
                (h, k, d, p, c),
                "{line}"
            );
        }
    }

    #[test]
    fn letter_spacing() {
        assert_eq!(despace("好 我 市 境 内 文 物 古 迹"), "好我市境内文物古迹");
        assert_eq!(
            despace("取 经 ，先 后 赴 福 建 尤 溪 、江"),
            "取经，先后赴福建尤溪、江"
        );
        assert_eq!(
            despace("于 2019年 3月 8日正式揭牌运行。"),
            "于 2019年 3月 8日正式揭牌运行。"
        );
        assert_eq!(
            despace("孙大军马慧健讲话 张广勇主持"),
            "孙大军马慧健讲话 张广勇主持"
        );
    }

    #[test]
    fn phrases() {
        assert!(phrase_pair("移动优先 打造立体传播矩阵"));
        assert!(phrase_pair("建强小区党支部 做好居民自治“大文章”"));
        assert!(!phrase_pair("取 经 ，先 后 赴"));
        assert!(!phrase_pair("于 2019年 3月"));
        assert!(!phrase_pair("账号 31 个"));
        assert!(!phrase_pair("交城县融媒体中心"));
    }

    #[test]
    fn numbering() {
        for t in ["一、坚持", "（一）总体要求", "2.加强", "十二、其他"] {
            assert!(numbered(t), "{t}");
        }
        for t in ["一是结合实际", "2019年", "十九届五中全会"] {
            assert!(!numbered(t), "{t}");
        }
    }

    #[test]
    fn punctuation() {
        assert!(ends_sentence("步伐。") && ends_sentence("新家园。”") && ends_sentence("锐！"));
        assert!(!ends_sentence("“防控战场党旗红”") && !ends_sentence("交城县高"));
        assert!(continues("目前，") && continues("本报讯 （记者 付永文 通讯员"));
        assert!(!continues("交城县高"));
        assert_eq!(width("于 2019年 3月"), 1.0 + 2.0 + 1.0 + 0.5 + 1.0);
    }
}
