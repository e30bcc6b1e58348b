//! Classifying single lines of a page: article starts (datelines and
//! bylines), closing credits, photo credits, captions and jump markers.
//! Headline lines are recognised in `heads.rs`, with text helpers in
//! `text.rs`; both are re-exported here, so that `blocks::` names every line
//! test.
//!
//! Every function here looks at one line (or one joined paragraph) of OCR
//! text and knows nothing about its neighbours; `lines.rs` and `split.rs`
//! combine the answers.

pub(crate) use super::heads::*;
pub(crate) use super::text::*;
use crate::normalize::is_han;

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
    let before = match t.strip_suffix("摄影") {
        Some(b) => b,
        None => t.strip_suffix('摄')?,
    };
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
    // Only roles and names of two or three characters (`本报记者 王涛`,
    // `□ 吕继峰 张娟娟`), not a marked subhead (`■ 聚焦重点`).
    let role =
        |t: &str| ROLES.contains(&t) || ["评论员", "记者", "通讯员"].iter().any(|r| t.ends_with(r));
    let names_only = rest
        .split_whitespace()
        .all(|t| role(t) || (2..=3).contains(&t.chars().count()) || t.contains('·'));
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
            ("■ 聚焦重点 精准发力", None),
            ("□ 本报评论员", Some("本报评论员")),
            ("□ 欧阳明", Some("欧阳明")),
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
            ("图为会场。 张三 摄影", Some("张三")),
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
}
