//! The query language.
//!
//! | syntax            | meaning                                             |
//! |-------------------|-----------------------------------------------------|
//! | `交城 融媒体`      | clauses separated by spaces must all match (AND)   |
//! | `"融媒体中心"`     | exact phrase (also `“…”`)                          |
//! | `-广告`            | exclude articles containing `广告`                 |
//! | `交城 OR 文水`     | either (also `交城 \| 文水` and `交城\|文水`)        |
//!
//! An unquoted clause is segmented into words that must all occur; articles
//! holding the clause verbatim rank first.
//!
//! ```
//! # #[cfg(not(target_arch = "wasm32"))] {
//! use zhfind::search::query::{parse, Atom};
//! let q = parse(r#"交城 "融媒体中心" -广告 APP OR 5G"#);
//! assert_eq!(q.clauses.len(), 4);
//! assert_eq!(q.clauses[1].atoms, vec![Atom::Phrase("融媒体中心".into())]);
//! assert!(q.clauses[2].negated);
//! assert_eq!(q.clauses[3].atoms.len(), 2);
//! # }
//! ```

use crate::normalize::{is_index_char, normalize_with, Fold};

/// Normalises atom text; `None` when nothing in it can be searched.
fn searchable(text: &str, fold: &dyn Fold) -> Option<String> {
    let norm = normalize_with(text, fold).to_string();
    norm.chars().any(is_index_char).then_some(norm)
}

/// One searchable unit, normalised.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Atom {
    /// Unquoted text: segmented, all words required, verbatim ranks first.
    Terms(String),
    /// Quoted text: must occur exactly.
    Phrase(String),
}

impl Atom {
    /// The normalised text.
    pub fn text(&self) -> &str {
        match self {
            Atom::Terms(t) | Atom::Phrase(t) => t,
        }
    }
}

/// Alternatives joined by OR; a negated clause excludes.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Clause {
    /// Exclude documents matching any atom.
    pub negated: bool,
    /// The alternatives.
    pub atoms: Vec<Atom>,
}

/// A parsed query: all clauses must hold.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Query {
    /// The clauses.
    pub clauses: Vec<Clause>,
}

#[derive(Debug, PartialEq)]
enum Tok {
    Or,
    Atom { negated: bool, atom: Atom },
}

fn is_open_quote(c: char) -> bool {
    matches!(c, '"' | '“' | '”' | '＂' | '「')
}

fn is_close_quote(c: char) -> bool {
    matches!(c, '"' | '“' | '”' | '＂' | '」')
}

fn tokens(q: &str, fold: &dyn Fold) -> Vec<Tok> {
    let chars: Vec<char> = q.chars().collect();
    let mut out = Vec::new();
    let mut i = 0;
    while i < chars.len() {
        let c = chars[i];
        if c.is_whitespace() {
            i += 1;
            continue;
        }
        if c == '|' || c == '｜' {
            out.push(Tok::Or);
            i += 1;
            continue;
        }
        let negated =
            (c == '-' || c == '－') && chars.get(i + 1).is_some_and(|n| !n.is_whitespace());
        if negated {
            i += 1;
        }
        if is_open_quote(chars[i]) {
            let start = i + 1;
            let mut j = start;
            while j < chars.len() && !is_close_quote(chars[j]) {
                j += 1;
            }
            let text: String = chars[start..j].iter().collect();
            i = (j + 1).min(chars.len());
            if let Some(norm) = searchable(&text, fold) {
                out.push(Tok::Atom {
                    negated,
                    atom: Atom::Phrase(norm),
                });
            }
            continue;
        }
        let start = i;
        while i < chars.len()
            && !chars[i].is_whitespace()
            && chars[i] != '|'
            && chars[i] != '｜'
            && !is_open_quote(chars[i])
        {
            i += 1;
        }
        let word: String = chars[start..i].iter().collect();
        if word == "OR" && !negated {
            out.push(Tok::Or);
            continue;
        }
        if let Some(norm) = searchable(&word, fold) {
            out.push(Tok::Atom {
                negated,
                atom: Atom::Terms(norm),
            });
        }
    }
    out
}

/// Parses a query, folding characters with the full tables (native only).
/// Never fails: stray operators are ignored.
#[cfg(not(target_arch = "wasm32"))]
pub fn parse(q: &str) -> Query {
    parse_with(q, &crate::normalize::FullFold)
}

/// Parses a query, folding characters with `fold`.
pub fn parse_with(q: &str, fold: &dyn Fold) -> Query {
    let mut clauses: Vec<Clause> = Vec::new();
    let mut or_pending = false;
    for t in tokens(q, fold) {
        match t {
            Tok::Or => or_pending = true,
            Tok::Atom { negated, atom } => {
                let joinable = or_pending && !negated && clauses.last().is_some_and(|c| !c.negated);
                if joinable {
                    let last = clauses.last_mut().expect("checked above");
                    if !last.atoms.contains(&atom) {
                        last.atoms.push(atom);
                    }
                } else {
                    clauses.push(Clause {
                        negated,
                        atoms: vec![atom],
                    });
                }
                or_pending = false;
            }
        }
    }
    Query { clauses }
}

// Native only: these use the full fold (NFKC, t2s) or serde_json.
#[cfg(all(test, not(target_arch = "wasm32")))]
mod tests {
    use super::*;

    fn show(q: &str) -> String {
        parse(q)
            .clauses
            .iter()
            .map(|c| {
                let alts: Vec<String> = c
                    .atoms
                    .iter()
                    .map(|a| match a {
                        Atom::Terms(t) => t.clone(),
                        Atom::Phrase(t) => format!("\"{t}\""),
                    })
                    .collect();
                format!("{}{}", if c.negated { "-" } else { "" }, alts.join("|"))
            })
            .collect::<Vec<_>>()
            .join(" ")
    }

    #[test]
    fn table() {
        let cases = [
            ("交城县", "交城县"),
            ("交城 融媒体", "交城 融媒体"),
            ("  交城\u{3000}融媒体 ", "交城 融媒体"),
            ("\"融媒体 中心\"", "\"融媒体中心\""),
            ("“融媒体中心”", "\"融媒体中心\""),
            ("-广告 交城", "-广告 交城"),
            ("交城 -\"广告 位\"", "交城 -\"广告位\""),
            ("交城 OR 文水", "交城|文水"),
            ("交城 | 文水 | 汾阳", "交城|文水|汾阳"),
            ("交城|文水", "交城|文水"),
            ("交城 or 文水", "交城 or 文水"),
            ("APP 5G", "app 5g"),
            ("交城縣", "交城县"),
            ("２０２０", "2020"),
            ("- 交城", "交城"),
            ("，。！", ""),
            ("OR 交城", "交城"),
            ("交城 OR", "交城"),
            ("\"未闭合", "\"未闭合\""),
            ("\"\"", ""),
            ("a-b", "a-b"),
            ("", ""),
        ];
        for (q, want) in cases {
            assert_eq!(show(q), want, "{q}");
        }
    }
}
