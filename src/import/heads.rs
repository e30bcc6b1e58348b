//! Headline lines: what a headline, kicker (引题), sub-headline (副题),
//! numbered subhead or column head looks like.

use super::blocks::{byline_line, dateline_line, split_credit};
use super::text::{continues, ends_sentence, han_count, width};
use crate::normalize::is_han;

/// A headline-like line with no punctuation but quotes, colons and dashes:
/// `交城县召开新冠肺炎疫情防控工作会议`.
pub(crate) fn bare_heading(t: &str) -> bool {
    heading_like(t)
        && !dateline_line(t)
        && byline_line(t).is_none()
        && !t.contains(['，', '、', ',', '（', '(', '？', '！'])
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

#[cfg(test)]
mod tests {
    use super::*;

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
}
