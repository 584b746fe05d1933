//! A list of references from one item to others of the same briefing
//! (`sources: [s1, s2]`, `by: cz-mfa`, `applies_to: [c1]`).
//!
//! The file writes ids; [`super::validate`] checks each names an item of the
//! right kind and then keeps only the item's index in its list. A briefing
//! with a reference that does not resolve is refused, so a loaded briefing
//! holds indices only, and every reader follows them without a search by id.
//!
//! Why not `Vec<Ref>`: a library holds about a hundred such lists a
//! briefing, most of one to three entries. As ids with their positions each
//! was a heap block of 32 bytes an entry; as indices up to three are kept in
//! place, in 16 bytes where the `Vec` itself took 24: a longer list, rare,
//! is one more pointer away (docs/PERFORMANCE.md, "Peak memory").

use serde::{Deserialize, Serialize};

use super::model::{Identified, Ref};

/// How many indices are kept in place before the list goes to the heap.
const IN_PLACE: usize = 3;

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Refs(Repr);

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
enum Repr {
    /// As decoded: the ids and where each is written, for validation to
    /// check. Boxed twice, as `Many` is, so that the list is 16 bytes, not 24.
    Written(Box<Box<[Ref]>>),
    /// Resolved, up to [`IN_PLACE`]: how many, and the indices.
    Few(u8, [u32; IN_PLACE]),
    /// Resolved, more than [`IN_PLACE`].
    Many(Box<Box<[u32]>>),
}

impl Default for Refs {
    fn default() -> Self {
        Refs(Repr::Few(0, [0; IN_PLACE]))
    }
}

impl Refs {
    /// The references as the file writes them, before validation.
    pub fn written(refs: Vec<Ref>) -> Refs {
        if refs.is_empty() {
            Refs::default()
        } else {
            Refs(Repr::Written(Box::new(refs.into_boxed_slice())))
        }
    }

    /// The ids as written, while the list is not yet resolved; none after.
    pub fn as_written(&self) -> &[Ref] {
        match &self.0 {
            Repr::Written(refs) => refs,
            Repr::Few(..) | Repr::Many(_) => &[],
        }
    }

    /// Replaces the ids by the indices `index` finds for them, in order;
    /// an id it finds none for (an error, reported by validation) is left out.
    pub fn resolve(&mut self, mut index: impl FnMut(&Ref) -> Option<usize>) {
        if let Repr::Written(refs) = &self.0 {
            let found: Vec<usize> = refs.iter().filter_map(&mut index).collect();
            *self = found.into_iter().collect();
        }
    }

    /// The indices of the items named, in the order written; none before
    /// validation.
    pub fn indices(&self) -> &[u32] {
        match &self.0 {
            Repr::Few(n, ix) => &ix[..usize::from(*n).min(IN_PLACE)],
            Repr::Many(ix) => ix,
            Repr::Written(_) => &[],
        }
    }

    /// The indices as `usize`, to index the list the references name.
    pub fn iter(&self) -> impl ExactSizeIterator<Item = usize> + '_ {
        self.indices().iter().map(|&i| i as usize)
    }

    /// The items named, out of the list of their kind (`&b.sources` for a
    /// claim's `sources`). An index out of range, which validation never
    /// leaves, is skipped rather than trusted.
    pub fn of<'a, T>(&'a self, items: &'a [T]) -> impl Iterator<Item = &'a T> + 'a {
        self.iter().filter_map(|i| items.get(i))
    }

    /// The ids of the items named, as the file wrote them.
    pub fn ids<'a, T: Identified>(&'a self, items: &'a [T]) -> impl Iterator<Item = &'a str> + 'a {
        self.of(items).map(Identified::id)
    }

    pub fn contains(&self, index: usize) -> bool {
        self.iter().any(|i| i == index)
    }

    /// How many references, written or resolved.
    pub fn len(&self) -> usize {
        match &self.0 {
            Repr::Written(refs) => refs.len(),
            Repr::Few(..) | Repr::Many(_) => self.indices().len(),
        }
    }

    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }
}

impl FromIterator<usize> for Refs {
    /// A resolved list; an index past `u32` (no briefing within the loader's
    /// limits has that many items) is left out.
    fn from_iter<I: IntoIterator<Item = usize>>(iter: I) -> Self {
        let all: Vec<u32> = iter
            .into_iter()
            .filter_map(|i| u32::try_from(i).ok())
            .collect();
        if all.len() <= IN_PLACE {
            let mut ix = [0; IN_PLACE];
            ix[..all.len()].copy_from_slice(&all);
            // At most IN_PLACE, which fits a u8.
            Refs(Repr::Few(all.len() as u8, ix))
        } else {
            Refs(Repr::Many(Box::new(all.into_boxed_slice())))
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::briefing::model::{Located, Pos};

    fn written(ids: &[&str]) -> Refs {
        Refs::written(
            ids.iter()
                .map(|id| Located {
                    value: (*id).into(),
                    pos: Pos::default(),
                })
                .collect(),
        )
    }

    #[test]
    fn resolving_keeps_the_order_written_and_drops_what_names_nothing() {
        let names = ["s1", "s2", "s3", "s4", "s5"];
        let index = |r: &Ref| names.iter().position(|n| *n == r.value);
        for ids in [
            &["s2"][..],
            &["s3", "s1"],
            &["s5", "s4", "s3"],
            &["s1", "s2", "s3", "s4", "s5"],
        ] {
            let mut refs = written(ids);
            assert_eq!(refs.len(), ids.len());
            assert!(refs.indices().is_empty(), "no indices before resolving");
            refs.resolve(index);
            let want: Vec<usize> = ids
                .iter()
                .filter_map(|id| names.iter().position(|n| n == id))
                .collect();
            assert_eq!(refs.iter().collect::<Vec<_>>(), want, "{ids:?}");
            assert!(refs.as_written().is_empty());
        }
        let mut refs = written(&["s1", "nothing", "s2"]);
        refs.resolve(index);
        assert_eq!(refs.iter().collect::<Vec<_>>(), [0, 1]);
    }

    #[test]
    fn a_short_list_is_kept_in_place_in_two_thirds_of_a_vec() {
        assert_eq!(std::mem::size_of::<Refs>(), 16);
        assert!(matches!(
            [7usize].into_iter().collect::<Refs>().0,
            Repr::Few(1, _)
        ));
        let many: Refs = (0..5).collect();
        assert!(matches!(many.0, Repr::Many(_)));
        assert_eq!(many.iter().collect::<Vec<_>>(), [0, 1, 2, 3, 4]);
    }

    #[test]
    fn items_are_followed_and_an_index_out_of_range_is_skipped() {
        let items = ["a", "b", "c"];
        let refs: Refs = [2, 9, 0].into_iter().collect();
        assert_eq!(refs.of(&items).collect::<Vec<_>>(), [&"c", &"a"]);
        assert!(refs.contains(9) && !refs.contains(1));
    }
}
