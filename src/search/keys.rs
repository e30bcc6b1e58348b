//! Which terms a query touches (so the shards holding them can be fetched
//! before evaluation).

use super::query::{Atom, Query};
use crate::segment::{pieces, runs};

/// Inserts `x` into the sorted `v` unless it is there already.
///
/// For the short lists of a query (its keys, its missing files), this keeps
/// a set without a `BTreeSet` or another sort instance in the wasm module.
pub(super) fn insert_sorted<T: Ord>(v: &mut Vec<T>, x: T) {
    if let Err(i) = v.binary_search(&x) {
        v.insert(i, x);
    }
}

/// All dictionary keys evaluation of `q` may look up, sorted, without
/// duplicates.
pub fn needed(q: &Query, max_word_len: usize) -> Vec<String> {
    let mut keys = Vec::new();
    for clause in &q.clauses {
        for atom in &clause.atoms {
            let chars: Vec<char> = atom.text().chars().collect();
            for p in pieces(&chars) {
                for i in p.start..p.end {
                    insert_sorted(&mut keys, chars[i].to_string());
                    if i + 1 < p.end {
                        insert_sorted(&mut keys, chars[i..i + 2].iter().collect());
                    }
                }
            }
            if matches!(atom, Atom::Terms(_)) && !clause.negated {
                for r in runs(&chars) {
                    if !r.han {
                        insert_sorted(&mut keys, chars[r.span.start..r.span.end].iter().collect());
                        continue;
                    }
                    for i in r.span.start..r.span.end {
                        for j in i + 2..=r.span.end.min(i + max_word_len) {
                            insert_sorted(&mut keys, chars[i..j].iter().collect());
                        }
                    }
                }
            }
        }
    }
    keys
}

// Native only: these use the full fold (NFKC, t2s) or serde_json.
#[cfg(all(test, not(target_arch = "wasm32")))]
mod tests {
    use super::*;
    use crate::search::query::parse;

    #[test]
    fn keys_of_a_clause() {
        let k = needed(&parse("融媒体 5G"), 3);
        let want = ["5", "5g", "g", "体", "媒", "媒体", "融", "融媒", "融媒体"];
        assert_eq!(k.into_iter().collect::<Vec<_>>(), want);
        let k = needed(&parse("-\"融媒体\""), 3);
        assert!(!k.iter().any(|x| x == "融媒体"));
    }
}
