//! Taking in the library as it is on disk now (after a file changed, an
//! edit, or `R`), without losing the reader's place: a file that loaded
//! before and fails now keeps its last good version, and everything that
//! pointed at a briefing or an item by index follows it by id through a
//! [`Remap`]. Pure and terminal-free: the app calls [`merge`], then remaps
//! its screens and layers.

use std::collections::{BTreeMap, HashMap};
use std::path::PathBuf;

use crate::briefing::Library;
use crate::briefing::links::Item;
use crate::briefing::load::Loaded;
use crate::marks::{Kind, Target};

/// From the old library's numbering to the new one's.
pub struct Remap {
    /// Old index → new index, by id.
    briefings: HashMap<usize, usize>,
    /// Old index → the items of the old briefing by id, for finding them again.
    items: HashMap<usize, Vec<Option<Target>>>,
    new_items: HashMap<usize, HashMap<Target, Item>>,
}

impl Remap {
    pub fn new(old: &Library, new: &Library) -> Remap {
        let new_ids = new.by_id();
        let briefings: HashMap<usize, usize> = old
            .briefings
            .iter()
            .enumerate()
            .filter_map(|(i, b)| Some((i, *new_ids.get(b.id.as_str())?)))
            .collect();
        let mut items = HashMap::new();
        let mut new_items = HashMap::new();
        for (&o, &n) in &briefings {
            let ob = &old.briefings[o];
            let nb = &new.briefings[n];
            items.insert(o, every_item(ob).map(|(_, t)| Some(t)).collect());
            new_items.insert(n, every_item(nb).map(|(i, t)| (t, i)).collect());
        }
        Remap {
            briefings,
            items,
            new_items,
        }
    }

    /// Where the briefing at `old` is now; `None` when it is gone.
    pub fn briefing(&self, old: usize) -> Option<usize> {
        self.briefings.get(&old).copied()
    }

    /// Where an item of the briefing at `old` is now, by its id.
    pub fn item(&self, old: usize, item: Item) -> Option<Item> {
        let target = self.target(old, item)?;
        let new = self.briefing(old)?;
        self.new_items.get(&new)?.get(&target).copied()
    }

    fn target(&self, old: usize, item: Item) -> Option<Target> {
        let list = self.items.get(&old)?;
        let offset = |kind: Kind| {
            list.iter()
                .position(|t| t.as_ref().is_some_and(|t| t.kind == kind))
        };
        let (kind, i) = match item {
            Item::Claim(i) => (Kind::Claim, i),
            Item::Source(i) => (Kind::Source, i),
            Item::Expert(i) => (Kind::Expert, i),
            Item::Caveat(i) => (Kind::Caveat, i),
        };
        let at = offset(kind)? + i;
        list.get(at)?.clone().filter(|t| t.kind == kind)
    }
}

/// Every item of a briefing with its target, claims, sources, experts, caveats in order.
fn every_item(b: &crate::briefing::Briefing) -> impl Iterator<Item = (Item, Target)> + '_ {
    let claims = b
        .claims
        .iter()
        .enumerate()
        .map(|(i, c)| (Item::Claim(i), Target::new(Kind::Claim, &c.id)));
    let sources = b
        .sources
        .iter()
        .enumerate()
        .map(|(i, s)| (Item::Source(i), Target::new(Kind::Source, &s.id)));
    let experts = b
        .experts
        .iter()
        .enumerate()
        .map(|(i, e)| (Item::Expert(i), Target::new(Kind::Expert, &e.id)));
    let caveats = b
        .caveats
        .iter()
        .enumerate()
        .map(|(i, k)| (Item::Caveat(i), Target::new(Kind::Caveat, &k.id)));
    claims.chain(sources).chain(experts).chain(caveats)
}

/// The new library, with the last good version of every briefing whose
/// file loaded before and fails now; and those files with their first error.
pub fn merge(old: &Library, mut new: Library) -> (Library, BTreeMap<PathBuf, String>) {
    let mut stale = BTreeMap::new();
    let failing: Vec<(PathBuf, String)> = new
        .failures
        .iter()
        .map(|f| {
            let first = f
                .first_error()
                .map_or_else(|| "it no longer loads".to_string(), |d| d.headline());
            (f.path.clone(), first)
        })
        .collect();
    for (path, first) in failing {
        let Some(good) = old.briefings.iter().find(|b| b.path == path) else {
            continue;
        };
        // A briefing whose id another file took meanwhile stays out.
        if new.briefings.iter().any(|b| b.id == good.id) {
            continue;
        }
        new.add(
            &path,
            Loaded {
                briefing: Some(good.clone()),
                diagnostics: Vec::new(),
                gathered: None,
            },
        );
        stale.insert(path, crate::text::one_line(&first));
    }
    if !stale.is_empty() {
        new.link();
    }
    (new, stale)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::briefing::load::load_bytes;
    use std::path::Path;

    fn library(files: &[(&str, &str)]) -> Library {
        let mut lib = Library::default();
        for (name, src) in files {
            let path = Path::new(name);
            lib.add(path, load_bytes(path, src.as_bytes()));
        }
        lib.link();
        lib
    }

    const A: &str = "format: debrief/1\nid: a\ntitle: A\npublished: 2025-01-01\narticle:\n  - text: Hi.\nclaims:\n  - id: c1\n    text: one\n  - id: c2\n    text: two\n";
    const B: &str = "format: debrief/1\nid: b\ntitle: B\npublished: 2025-01-02\narticle:\n  - text: Hi.\nclaims:\n  - id: c2\n    text: two\n";

    #[test]
    fn briefings_and_items_are_followed_by_id_across_a_renumbering() {
        let old = library(&[("a.yaml", A), ("b.yaml", B)]);
        // b first now, and a lost its first claim.
        let a2 = A.replace("  - id: c1\n    text: one\n", "");
        let new = library(&[("b.yaml", B), ("a.yaml", &a2)]);
        let remap = Remap::new(&old, &new);
        assert_eq!(remap.briefing(0), Some(1));
        assert_eq!(remap.briefing(1), Some(0));
        assert_eq!(
            remap.item(0, Item::Claim(1)),
            Some(Item::Claim(0)),
            "c2 moved up"
        );
        assert_eq!(remap.item(0, Item::Claim(0)), None, "c1 is gone");
    }

    #[test]
    fn a_file_that_now_fails_keeps_its_last_good_version_and_its_first_error() {
        let old = library(&[("a.yaml", A), ("b.yaml", B)]);
        let new = library(&[("a.yaml", "format: debrief/1\ntitle: [\n"), ("b.yaml", B)]);
        assert_eq!(new.briefings.len(), 1);
        let (merged, stale) = merge(&old, new);
        assert_eq!(merged.briefings.len(), 2);
        assert!(merged.briefings.iter().any(|b| b.id == "a"));
        assert_eq!(merged.failures.len(), 1, "the failure is listed too");
        let first = stale.get(Path::new("a.yaml")).expect("a.yaml is stale");
        assert!(first.contains("a.yaml:"), "{first}");
    }
}
