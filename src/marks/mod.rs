//! What the analyst marks and notes, kept per briefing id in the user's
//! state folder as YAML a person can read, and written atomically: a
//! temporary file in the same folder, flushed to disk, then renamed over the
//! old one, so a crash at any moment leaves either the old file or the new.
//!
//! Marks are kept by item id, not position, so they survive edits of the
//! briefing as long as ids stay; a mark whose id is gone is kept and
//! reported, never dropped.
//!
//! Two readers may share one state folder: a save merges this reader's
//! changes into what is on disk under a lock ([`merge`], [`store`]), so
//! neither loses the other's marks or notes.

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};

mod merge;
mod store;

pub use merge::CONFLICT_HEADER;
pub use store::{Saved, Store, file_stem};

use crate::briefing::Briefing;
use crate::text;

/// The kinds of thing that can be marked.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Kind {
    Claim,
    Source,
    Expert,
    Caveat,
    Paragraph,
}

impl Kind {
    pub fn word(self) -> &'static str {
        match self {
            Kind::Claim => "claim",
            Kind::Source => "source",
            Kind::Expert => "expert",
            Kind::Caveat => "caveat",
            Kind::Paragraph => "paragraph",
        }
    }
}

/// A markable thing of a briefing, by kind and id.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
pub struct Target {
    pub kind: Kind,
    pub id: String,
}

impl Target {
    /// Takes the id as any text: a briefing's [`crate::briefing::Id`], a `&str`, a `String`.
    pub fn new(kind: Kind, id: impl AsRef<str>) -> Target {
        Target {
            kind,
            id: id.as_ref().to_owned(),
        }
    }

    /// Whether the briefing still has this item.
    pub fn exists_in(&self, b: &Briefing) -> bool {
        let id = self.id.as_str();
        match self.kind {
            Kind::Claim => b.claims.iter().any(|x| x.id == id),
            Kind::Source => b.sources.iter().any(|x| x.id == id),
            Kind::Expert => b.experts.iter().any(|x| x.id == id),
            Kind::Caveat => b.caveats.iter().any(|x| x.id == id),
            Kind::Paragraph => b.article.iter().any(|x| x.id == id),
        }
    }
}

impl std::fmt::Display for Target {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{} {}", self.kind.word(), self.id)
    }
}

/// One item's mark and note.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Entry {
    #[serde(default)]
    pub marked: bool,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub note: Option<String>,
    /// A note that was being written when the reader was stopped by a
    /// signal: kept apart from the note, offered again when it is edited.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub draft: Option<String>,
    /// A marked claim's place among the key judgements the analyst hands
    /// on (0 first); claims without one follow, in the briefing's order.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub rank: Option<u32>,
}

impl Entry {
    fn is_empty(&self) -> bool {
        !self.marked && self.note.is_none() && self.draft.is_none()
    }
}

/// The marks and notes of one briefing.
#[derive(Debug, Clone, Default)]
pub struct Marks {
    entries: BTreeMap<Target, Entry>,
    /// The entries as the marks file held them when this reader last read
    /// or wrote it: what a save compares against to find its own changes.
    base: BTreeMap<Target, Entry>,
}

/// Two sets of marks are equal when they hold the same marks and notes,
/// wherever each came from.
impl PartialEq for Marks {
    fn eq(&self, other: &Marks) -> bool {
        self.entries == other.entries
    }
}

impl Eq for Marks {}

impl Marks {
    pub fn is_marked(&self, t: &Target) -> bool {
        self.entries.get(t).is_some_and(|e| e.marked)
    }

    pub fn note(&self, t: &Target) -> Option<&str> {
        self.entries.get(t).and_then(|e| e.note.as_deref())
    }

    /// Marks or unmarks; returns whether it is marked now.
    pub fn toggle(&mut self, t: &Target) -> bool {
        let entry = self.entries.entry(t.clone()).or_default();
        entry.marked = !entry.marked;
        let now = entry.marked;
        self.prune(t);
        now
    }

    /// Sets the note (cleaned; an empty one removes it).
    pub fn set_note(&mut self, t: &Target, note: &str) {
        let note = text::clean(note).trim().to_owned();
        let entry = self.entries.entry(t.clone()).or_default();
        entry.note = (!note.is_empty()).then_some(note);
        self.prune(t);
    }

    /// The draft kept of a note that was being written when a signal came.
    pub fn draft(&self, t: &Target) -> Option<&str> {
        self.entries.get(t).and_then(|e| e.draft.as_deref())
    }

    /// Keeps the text of an unfinished note (cleaned; an empty one removes it).
    pub fn set_draft(&mut self, t: &Target, draft: &str) {
        let draft = text::clean(draft).trim().to_owned();
        let entry = self.entries.entry(t.clone()).or_default();
        entry.draft = (!draft.is_empty()).then_some(draft);
        self.prune(t);
    }

    /// Drops an entry with nothing in it, so files stay small.
    fn prune(&mut self, t: &Target) {
        if self.entries.get(t).is_some_and(Entry::is_empty) {
            self.entries.remove(t);
        }
    }

    /// The marked claims in the order the analyst put them (see
    /// [`Marks::move_judgement`]): ranked ones first, the rest as the briefing
    /// has them.
    pub fn judgements<'b>(&self, b: &'b Briefing) -> Vec<&'b crate::briefing::Claim> {
        let mut ranked: Vec<(u32, usize, &crate::briefing::Claim)> = b
            .claims
            .iter()
            .enumerate()
            .filter_map(|(i, c)| {
                let e = self.entries.get(&Target::new(Kind::Claim, &c.id))?;
                e.marked.then(|| (e.rank.unwrap_or(u32::MAX), i, c))
            })
            .collect();
        ranked.sort_by_key(|&(rank, i, _)| (rank, i));
        ranked.into_iter().map(|(_, _, c)| c).collect()
    }

    /// Moves a marked claim `delta` places among the judgements (negative is
    /// earlier), ranking them all as they then stand; whether it moved.
    pub fn move_judgement(&mut self, b: &Briefing, claim: &str, delta: isize) -> bool {
        let mut order: Vec<String> = self
            .judgements(b)
            .iter()
            .map(|c| c.id.to_string())
            .collect();
        let Some(from) = order.iter().position(|id| id == claim) else {
            return false;
        };
        let to = from
            .saturating_add_signed(delta)
            .min(order.len().saturating_sub(1));
        if to == from {
            return false;
        }
        let id = order.remove(from);
        order.insert(to, id);
        for (rank, id) in order.iter().enumerate() {
            if let Some(e) = self.entries.get_mut(&Target::new(Kind::Claim, id)) {
                e.rank = u32::try_from(rank).ok();
            }
        }
        true
    }

    /// Whether this reader changed anything since it last read or wrote the file.
    pub fn has_changes(&self) -> bool {
        self.entries != self.base
    }

    /// These marks with nothing read from disk: saved to another folder, all
    /// of them are written, not only what changed since the last read.
    pub fn detached(&self) -> Marks {
        Marks {
            entries: self.entries.clone(),
            base: BTreeMap::new(),
        }
    }

    /// Marks as read from a file: what this reader holds and what it last saw
    /// on disk are the same.
    fn from_disk(entries: BTreeMap<Target, Entry>) -> Marks {
        Marks {
            base: entries.clone(),
            entries,
        }
    }

    pub fn marked(&self) -> impl Iterator<Item = &Target> {
        self.entries
            .iter()
            .filter(|(_, e)| e.marked)
            .map(|(t, _)| t)
    }

    pub fn marked_count(&self) -> usize {
        self.marked().count()
    }

    pub fn notes(&self) -> impl Iterator<Item = (&Target, &str)> {
        self.entries
            .iter()
            .filter_map(|(t, e)| e.note.as_deref().map(|n| (t, n)))
    }

    pub fn is_empty(&self) -> bool {
        self.entries.is_empty()
    }

    /// Marks on items the briefing has, and on items it no longer has
    /// (orphans, kept but not counted as marked).
    pub fn tally(&self, b: &Briefing) -> Tally {
        let (mut marked, mut orphaned) = (0, 0);
        for t in self.marked() {
            if t.exists_in(b) {
                marked += 1;
            } else {
                orphaned += 1;
            }
        }
        Tally { marked, orphaned }
    }

    /// Marks and notes whose item the briefing no longer has. They are kept.
    pub fn orphans(&self, b: &Briefing) -> Vec<&Target> {
        self.entries.keys().filter(|t| !t.exists_in(b)).collect()
    }
}

/// How many marks a briefing has, for the status line: `2 marked`, or
/// `2 marked, 1 orphaned` when some are on items that are gone.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Tally {
    pub marked: usize,
    pub orphaned: usize,
}

impl std::fmt::Display for Tally {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{} marked", self.marked)?;
        if self.orphaned > 0 {
            write!(f, ", {} orphaned", self.orphaned)?;
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn claim(id: &str) -> Target {
        Target::new(Kind::Claim, id)
    }

    #[test]
    fn toggling_marks_and_unmarks_and_notes_survive_unmarking() {
        let mut m = Marks::default();
        assert!(m.toggle(&claim("c1")));
        m.set_note(&claim("c1"), "  check this \u{1b}[31m ");
        assert_eq!(
            m.note(&claim("c1")),
            Some("check this [31m"),
            "cleaned and trimmed"
        );
        assert!(!m.toggle(&claim("c1")));
        assert_eq!(m.note(&claim("c1")), Some("check this [31m"));
        m.set_note(&claim("c1"), "");
        assert!(m.is_empty(), "nothing left to keep");
    }

    #[test]
    fn the_tally_counts_marks_on_vanished_items_apart() {
        let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("briefings");
        let library = crate::briefing::Library::load(&[root], &crate::briefing::Limits::default());
        let b = library.briefings.first().expect("a bundled briefing");
        let mut m = Marks::default();
        m.toggle(&Target::new(Kind::Claim, &b.claims[0].id));
        m.toggle(&claim("gone-1"));
        assert_eq!(m.tally(b).to_string(), "1 marked, 1 orphaned");
        m.toggle(&claim("gone-1"));
        assert_eq!(m.tally(b).to_string(), "1 marked");
    }

    #[test]
    fn judgements_follow_the_analysts_order_and_keep_it_across_a_save() {
        let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("briefings");
        let library = crate::briefing::Library::load(&[root], &crate::briefing::Limits::default());
        let b = library
            .briefings
            .iter()
            .find(|b| b.claims.len() >= 3)
            .expect("a briefing with three claims");
        let ids: Vec<String> = b.claims.iter().take(3).map(|c| c.id.to_string()).collect();
        let mut m = Marks::default();
        for id in &ids {
            m.toggle(&claim(id));
        }
        let order = |m: &Marks| -> Vec<String> {
            m.judgements(b).iter().map(|c| c.id.to_string()).collect()
        };
        assert_eq!(order(&m), ids, "the briefing's order at first");
        assert!(m.move_judgement(b, &ids[2], -2));
        assert_eq!(order(&m), [ids[2].clone(), ids[0].clone(), ids[1].clone()]);
        assert!(!m.move_judgement(b, &ids[2], -1), "already first");
        m.toggle(&claim(&ids[0]));
        assert_eq!(
            order(&m),
            [ids[2].clone(), ids[1].clone()],
            "unmarked claims drop out"
        );

        let dir = tempfile::tempdir().expect("temp dir");
        let store = Store::at(dir.path());
        store.save(&b.id, &m).expect("saves");
        assert_eq!(
            order(&store.load(&b.id).expect("loads")),
            [ids[2].clone(), ids[1].clone()]
        );
    }
}
