//! Merging the builder's sorted partitions into one sorted stream.
//!
//! Each partition of the term space comes out of the builder sorted by
//! [`Item::key`]; the dictionary wants all of them in one order. Merging
//! them as they are consumed (a heap of the partitions' heads) costs a few
//! comparisons per item on the writing thread, which runs beside the
//! compressors, instead of copying every item into one vector and sorting
//! it again.

use super::spill::Item;
use std::cmp::Ordering;
use std::collections::binary_heap::PeekMut;
use std::collections::BinaryHeap;

/// The head of one partition: its smallest item not yet yielded.
struct Head {
    item: Item,
    part: usize,
}

impl PartialEq for Head {
    fn eq(&self, other: &Self) -> bool {
        self.cmp(other) == Ordering::Equal
    }
}

impl Eq for Head {}

impl PartialOrd for Head {
    fn partial_cmp(&self, other: &Self) -> Option<Ordering> {
        Some(self.cmp(other))
    }
}

impl Ord for Head {
    /// Reversed, so that the max-heap yields the smallest key first; ties
    /// (which a builder never produces) go to the earlier partition.
    fn cmp(&self, other: &Self) -> Ordering {
        other
            .item
            .key()
            .cmp(&self.item.key())
            .then_with(|| other.part.cmp(&self.part))
    }
}

/// Items of several sorted partitions, in [`Item::key`] order.
pub struct SortedMerge {
    parts: Vec<std::vec::IntoIter<Item>>,
    heap: BinaryHeap<Head>,
}

impl SortedMerge {
    /// Merges `parts`, each sorted by [`Item::key`].
    pub fn new(parts: Vec<Vec<Item>>) -> SortedMerge {
        let mut parts: Vec<_> = parts.into_iter().map(Vec::into_iter).collect();
        let heap = parts
            .iter_mut()
            .enumerate()
            .filter_map(|(part, it)| {
                Some(Head {
                    item: it.next()?,
                    part,
                })
            })
            .collect();
        SortedMerge { parts, heap }
    }
}

impl Iterator for SortedMerge {
    type Item = Item;

    fn next(&mut self) -> Option<Item> {
        let mut top = self.heap.peek_mut()?;
        match self.parts[top.part].next() {
            Some(next) => Some(std::mem::replace(&mut top.item, next)),
            None => Some(PeekMut::pop(top).item),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::build::spill::Layer;
    use crate::index::postings::PostingsBuf;

    fn item(term: &str, layer: Layer) -> Item {
        Item {
            term: term.into(),
            layer,
            list: PostingsBuf::default(),
        }
    }

    #[test]
    fn yields_all_items_in_key_order() {
        let parts = vec![
            vec![item("中", Layer::Gram), item("人", Layer::Word)],
            vec![],
            vec![
                item("中国", Layer::PositionalGram),
                item("人", Layer::Gram),
                item("国", Layer::Gram),
            ],
            vec![item("中国", Layer::Word)],
        ];
        let mut want: Vec<(String, u8)> = parts
            .iter()
            .flatten()
            .map(|i| (i.term.clone(), i.layer.rank()))
            .collect();
        want.sort();
        let got: Vec<(String, u8)> = SortedMerge::new(parts)
            .map(|i| (i.term.clone(), i.layer.rank()))
            .collect();
        assert_eq!(got, want);
    }
}
