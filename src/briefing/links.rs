//! How the items of a briefing point at each other, in both directions: a
//! claim's sources, caveats and experts; a source's claims; an expert's claims
//! and caveats; a caveat's claims and expert. Built once when a briefing is
//! opened; selection then only looks up.

use std::collections::BTreeSet;

use super::model::Briefing;

/// A list item of a briefing, by kind and index into its list.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Item {
    Claim(usize),
    Source(usize),
    Expert(usize),
    Caveat(usize),
}

/// Sorted, deduplicated indices of linked items, per kind.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Linked {
    pub claims: BTreeSet<usize>,
    pub sources: BTreeSet<usize>,
    pub experts: BTreeSet<usize>,
    pub caveats: BTreeSet<usize>,
}

impl Linked {
    pub fn contains(&self, item: Item) -> bool {
        match item {
            Item::Claim(i) => self.claims.contains(&i),
            Item::Source(i) => self.sources.contains(&i),
            Item::Expert(i) => self.experts.contains(&i),
            Item::Caveat(i) => self.caveats.contains(&i),
        }
    }

    fn insert(&mut self, item: Item) {
        match item {
            Item::Claim(i) => self.claims.insert(i),
            Item::Source(i) => self.sources.insert(i),
            Item::Expert(i) => self.experts.insert(i),
            Item::Caveat(i) => self.caveats.insert(i),
        };
    }

    pub fn len(&self) -> usize {
        self.claims.len() + self.sources.len() + self.experts.len() + self.caveats.len()
    }

    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }
}

/// The link graph of one briefing.
#[derive(Debug, Clone, Default)]
pub struct Links {
    claims: Vec<Linked>,
    sources: Vec<Linked>,
    experts: Vec<Linked>,
    caveats: Vec<Linked>,
}

impl Links {
    /// Builds the graph from the references in the briefing. References that
    /// do not resolve are skipped (a loaded briefing has none).
    pub fn new(b: &Briefing) -> Links {
        let mut links = Links {
            claims: vec![Linked::default(); b.claims.len()],
            sources: vec![Linked::default(); b.sources.len()],
            experts: vec![Linked::default(); b.experts.len()],
            caveats: vec![Linked::default(); b.caveats.len()],
        };
        let find = |list: &[&str], id: &str| list.iter().position(|x| *x == id);
        let expert_ids: Vec<&str> = b.experts.iter().map(|e| e.id.as_str()).collect();
        let (sources, caveats, claims) = (b.sources.len(), b.caveats.len(), b.claims.len());

        for (ci, claim) in b.claims.iter().enumerate() {
            for si in claim.sources.iter().filter(|&i| i < sources) {
                links.join(Item::Claim(ci), Item::Source(si));
            }
            for ki in claim.caveats.iter().filter(|&i| i < caveats) {
                links.join(Item::Claim(ci), Item::Caveat(ki));
            }
        }
        for (ei, expert) in b.experts.iter().enumerate() {
            for ci in expert.on.iter().filter(|&i| i < claims) {
                links.join(Item::Expert(ei), Item::Claim(ci));
            }
        }
        for (ki, caveat) in b.caveats.iter().enumerate() {
            for ci in caveat.applies_to.iter().filter(|&i| i < claims) {
                links.join(Item::Caveat(ki), Item::Claim(ci));
            }
            if let Some(r) = &caveat.raised_by
                && let Some(ei) = find(&expert_ids, &r.value)
            {
                links.join(Item::Caveat(ki), Item::Expert(ei));
            }
        }
        links
    }

    fn slot(&mut self, item: Item) -> Option<&mut Linked> {
        match item {
            Item::Claim(i) => self.claims.get_mut(i),
            Item::Source(i) => self.sources.get_mut(i),
            Item::Expert(i) => self.experts.get_mut(i),
            Item::Caveat(i) => self.caveats.get_mut(i),
        }
    }

    fn join(&mut self, a: Item, b: Item) {
        if let Some(l) = self.slot(a) {
            l.insert(b);
        }
        if let Some(l) = self.slot(b) {
            l.insert(a);
        }
    }

    /// Everything `item` links to directly.
    pub fn of(&self, item: Item) -> Linked {
        let list = match item {
            Item::Claim(i) => self.claims.get(i),
            Item::Source(i) => self.sources.get(i),
            Item::Expert(i) => self.experts.get(i),
            Item::Caveat(i) => self.caveats.get(i),
        };
        list.cloned().unwrap_or_default()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::briefing::load::load_bytes;
    use std::path::Path;

    const YAML: &str = r#"
format: debrief/1
title: t
article:
  - text: one two three
sources:
  - {id: s1, name: S1, reliability: A}
  - {id: s2, name: S2, reliability: B}
claims:
  - {id: c1, text: a, sources: [s1, s2], caveats: [k1]}
  - {id: c2, text: b, sources: [s2]}
experts:
  - {id: e1, name: E, on: [c2]}
caveats:
  - {id: k1, text: k, applies_to: [c2], raised_by: e1}
"#;

    #[test]
    fn links_run_both_ways_through_every_kind_of_reference() {
        let b = load_bytes(Path::new("t.yaml"), YAML.as_bytes())
            .briefing
            .expect("loads");
        let links = Links::new(&b);

        let c1 = links.of(Item::Claim(0));
        assert_eq!(c1.sources, [0, 1].into());
        assert_eq!(c1.caveats, [0].into(), "listed in the claim's caveats");
        assert!(c1.experts.is_empty());

        let c2 = links.of(Item::Claim(1));
        assert_eq!(c2.sources, [1].into());
        assert_eq!(c2.caveats, [0].into(), "the caveat applies to it");
        assert_eq!(c2.experts, [0].into(), "the expert speaks on it");

        assert_eq!(links.of(Item::Source(1)).claims, [0, 1].into());
        let k1 = links.of(Item::Caveat(0));
        assert_eq!(k1.claims, [0, 1].into());
        assert_eq!(k1.experts, [0].into());
        let e1 = links.of(Item::Expert(0));
        assert_eq!(e1.claims, [1].into());
        assert_eq!(e1.caveats, [0].into());
    }
}
