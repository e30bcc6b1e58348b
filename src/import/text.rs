//! Small text helpers for OCR lines: Han counts, printed width, letter
//! spacing, sentence ends, lists of names.

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

/// Role words that come before reporters' names.
pub(crate) const ROLES: &[&str] = &[
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

#[cfg(test)]
mod tests {
    use super::*;

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
    fn punctuation() {
        assert!(ends_sentence("步伐。") && ends_sentence("新家园。”") && ends_sentence("锐！"));
        assert!(!ends_sentence("“防控战场党旗红”") && !ends_sentence("交城县高"));
        assert!(continues("目前，") && continues("本报讯 （记者 付永文 通讯员"));
        assert!(!continues("交城县高"));
        assert_eq!(width("于 2019年 3月"), 1.0 + 2.0 + 1.0 + 0.5 + 1.0);
    }
}
