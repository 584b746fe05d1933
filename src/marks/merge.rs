//! Two readers on one state folder: what each changed since it last read the
//! file is applied to what is on disk now, so neither loses the other's work.
//!
//! A three-way merge per item: `base` is the file as this reader last saw it,
//! `ours` is this reader's state, `theirs` the file as it is now. A mark or a
//! note this reader did not change since `base` takes the disk's value; one it
//! changed takes ours. When both changed the same note differently, both texts
//! are kept in it, the other reader's under [`CONFLICT_HEADER`], and the item
//! is reported, so the analyst sees the clash and settles it by editing.

use std::collections::BTreeMap;

use super::{Entry, Target};

/// The line that sets another reader's text apart inside a note both changed.
pub const CONFLICT_HEADER: &str = "--- conflict: another debrief wrote this at the same time ---";

/// What a merge made, and the items whose notes clashed.
#[derive(Debug, Default)]
pub struct Merged {
    pub entries: BTreeMap<Target, Entry>,
    pub conflicts: Vec<Target>,
}

pub fn merge(
    base: &BTreeMap<Target, Entry>,
    ours: &BTreeMap<Target, Entry>,
    theirs: &BTreeMap<Target, Entry>,
) -> Merged {
    let none = Entry::default();
    let mut merged = Merged::default();
    let targets: std::collections::BTreeSet<&Target> = base
        .keys()
        .chain(ours.keys())
        .chain(theirs.keys())
        .collect();
    for t in targets {
        let b = base.get(t).unwrap_or(&none);
        let o = ours.get(t).unwrap_or(&none);
        let th = theirs.get(t).unwrap_or(&none);
        let marked = if o.marked != b.marked {
            o.marked
        } else {
            th.marked
        };
        let rank = if o.rank != b.rank { o.rank } else { th.rank };
        let (note, clash) = text3(&b.note, &o.note, &th.note);
        let (draft, draft_clash) = text3(&b.draft, &o.draft, &th.draft);
        if clash || draft_clash {
            merged.conflicts.push(t.clone());
        }
        let entry = Entry {
            marked,
            note,
            draft,
            rank,
        };
        if !entry.is_empty() {
            merged.entries.insert(t.clone(), entry);
        }
    }
    merged
}

/// One text field, three ways. Returns the text and whether it clashed.
fn text3(
    base: &Option<String>,
    ours: &Option<String>,
    theirs: &Option<String>,
) -> (Option<String>, bool) {
    if ours == base || ours == theirs {
        return (theirs.clone(), false);
    }
    if theirs == base {
        return (ours.clone(), false);
    }
    // Both changed it, differently. A removal never wins over an edit: the
    // text someone wrote is kept.
    match (ours, theirs) {
        (Some(o), Some(t)) => (Some(format!("{o}\n{CONFLICT_HEADER}\n{t}")), true),
        (Some(kept), None) | (None, Some(kept)) => (Some(kept.clone()), true),
        (None, None) => (None, false),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::marks::Kind;

    fn t(id: &str) -> Target {
        Target::new(Kind::Claim, id)
    }

    fn set(items: &[(&str, bool, Option<&str>)]) -> BTreeMap<Target, Entry> {
        items
            .iter()
            .map(|(id, marked, note)| {
                (
                    t(id),
                    Entry {
                        marked: *marked,
                        note: note.map(String::from),
                        draft: None,
                        rank: None,
                    },
                )
            })
            .collect()
    }

    #[test]
    fn each_side_keeps_what_it_added() {
        let base = set(&[("c0", true, None)]);
        let ours = set(&[("c0", true, None), ("c1", true, None)]);
        let theirs = set(&[("c0", true, None), ("c5", true, Some("theirs"))]);
        let m = merge(&base, &ours, &theirs);
        assert_eq!(
            m.entries,
            set(&[
                ("c0", true, None),
                ("c1", true, None),
                ("c5", true, Some("theirs"))
            ])
        );
        assert!(m.conflicts.is_empty());
    }

    #[test]
    fn a_removal_made_here_is_applied_and_one_made_there_is_kept() {
        let base = set(&[("c0", true, None), ("c1", true, None)]);
        let ours = set(&[("c1", true, None)]);
        let theirs = set(&[("c0", true, None)]);
        assert!(merge(&base, &ours, &theirs).entries.is_empty());
    }

    #[test]
    fn one_note_changed_on_both_sides_keeps_both_texts_and_says_so() {
        let base = set(&[("c1", true, Some("old"))]);
        let ours = set(&[("c1", true, Some("mine"))]);
        let theirs = set(&[("c1", true, Some("yours"))]);
        let m = merge(&base, &ours, &theirs);
        let note = m.entries[&t("c1")].note.clone().expect("a note");
        assert_eq!(note, format!("mine\n{CONFLICT_HEADER}\nyours"));
        assert_eq!(m.conflicts, vec![t("c1")]);
    }

    #[test]
    fn an_edit_wins_over_a_removal_made_at_the_same_time() {
        let base = set(&[("c1", false, Some("old"))]);
        let ours: BTreeMap<Target, Entry> = BTreeMap::new();
        let theirs = set(&[("c1", false, Some("edited"))]);
        let m = merge(&base, &ours, &theirs);
        assert_eq!(m.entries[&t("c1")].note.as_deref(), Some("edited"));
        assert_eq!(m.conflicts, vec![t("c1")]);
    }

    #[test]
    fn the_same_change_on_both_sides_is_no_conflict() {
        let base = set(&[]);
        let ours = set(&[("c1", true, Some("same"))]);
        let m = merge(&base, &ours, &ours.clone());
        assert_eq!(m.entries, ours);
        assert!(m.conflicts.is_empty());
    }
}
