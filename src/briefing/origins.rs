//! Where a briefing's sources got their information, following
//! `derived_from`: Reuters, AP and AFP relaying one government statement are
//! three sources and one origin. The one place the validator (the
//! single-origin warning), the reader (`via Reuters`, `4 sources · 1 origin`)
//! and later corroboration and STIX read provenance from.
//!
//! An origin is a source that derives from no other. Origins are kept as a
//! bit set per source, so a hostile file of ten thousand sources each
//! deriving from thousands costs megabytes, not gigabytes.

use super::model::{Briefing, Claim};

/// The origins of every source of one briefing.
#[derive(Debug, Clone, Default)]
pub struct Origins {
    /// Per source: the indices of the sources it comes from in the end, as
    /// a bit set over source indices.
    of_source: Vec<Vec<u64>>,
}

impl Origins {
    /// Follows `derived_from` from every source. References that name no
    /// source are skipped, and a source in a cycle (an error the validator
    /// reports) counts as its own origin, so this gives an answer for any
    /// briefing.
    pub fn new(b: &Briefing) -> Origins {
        let words = b.sources.len().div_ceil(64);
        let of_source = walk(&parents(b), |i| {
            let mut set = vec![0u64; words];
            set[i / 64] |= 1 << (i % 64);
            set
        });
        Origins { of_source }
    }

    /// The indices of the sources source `i` comes from in the end; itself when
    /// it derives from none.
    pub fn of_source(&self, i: usize) -> Vec<usize> {
        self.of_source
            .get(i)
            .map_or_else(Vec::new, |set| members(set))
    }

    /// Whether source `i` is an origin: it derives from no other source.
    pub fn is_origin(&self, i: usize) -> bool {
        self.of_source(i) == [i]
    }

    /// The origins of everything a claim rests on, sorted: the union of its
    /// sources' origins.
    pub fn of_claim(&self, b: &Briefing, claim: &Claim) -> Vec<usize> {
        let words = b.sources.len().div_ceil(64);
        let mut set = vec![0u64; words];
        for i in claim.sources.iter() {
            if let Some(from) = self.of_source.get(i) {
                for (w, f) in set.iter_mut().zip(from) {
                    *w |= f;
                }
            }
        }
        members(&set)
    }
}

/// A set of origins that [`walk`] can build: one origin, and the union of two.
pub trait OriginSet: Clone + Default {
    fn add(&mut self, other: &Self);
}

impl OriginSet for Vec<u64> {
    fn add(&mut self, other: &Self) {
        if self.len() < other.len() {
            self.resize(other.len(), 0);
        }
        for (w, f) in self.iter_mut().zip(other) {
            *w |= f;
        }
    }
}

/// Sorted node numbers: the set for a graph too large for one bit per node
/// per node (the sources of a whole library, see `corroboration`).
impl OriginSet for Vec<u32> {
    fn add(&mut self, other: &Self) {
        let mut merged = Vec::with_capacity(self.len() + other.len());
        let (mut a, mut b) = (self.iter().peekable(), other.iter().peekable());
        while let (Some(&&x), Some(&&y)) = (a.peek(), b.peek()) {
            merged.push(x.min(y));
            if x <= y {
                a.next();
            }
            if y <= x {
                b.next();
            }
        }
        merged.extend(a);
        merged.extend(b);
        *self = merged;
    }
}

/// The one walk of provenance: for every node of a graph given as each
/// node's parents, the set of nodes it comes from in the end, the roots it
/// reaches. A node with no parents is its own root (`only(node)`); so is a
/// node whose parents all lie on a cycle through it, so any graph gets an
/// answer. Depth first without recursion: a long chain must not overflow the
/// stack. Briefings walk their sources with it ([`Origins`]), the library its
/// sources as one graph across briefings.
pub fn walk<S: OriginSet>(parents: &[Vec<usize>], only: impl Fn(usize) -> S) -> Vec<S> {
    let n = parents.len();
    let mut of: Vec<Option<S>> = vec![None; n];
    // Cleared again as the walk backs out, so one serves every start.
    let mut on_path = vec![false; n];
    for start in 0..n {
        let mut stack = vec![(start, 0usize)];
        on_path[start] = true;
        while let Some(&mut (i, ref mut next)) = stack.last_mut() {
            if of[i].is_some() {
                on_path[i] = false;
                stack.pop();
                continue;
            }
            if let Some(&p) = parents[i].get(*next) {
                *next += 1;
                if p < n && of[p].is_none() && !on_path[p] {
                    on_path[p] = true;
                    stack.push((p, 0));
                }
                continue;
            }
            let mut set: Option<S> = None;
            for &p in &parents[i] {
                if let Some(Some(from)) = of.get(p) {
                    set.get_or_insert_with(S::default).add(from);
                }
            }
            of[i] = Some(set.unwrap_or_else(|| only(i)));
            on_path[i] = false;
            stack.pop();
        }
    }
    of.into_iter().map(Option::unwrap_or_default).collect()
}

fn members(set: &[u64]) -> Vec<usize> {
    let mut out = Vec::new();
    for (w, bits) in set.iter().enumerate() {
        let mut bits = *bits;
        while bits != 0 {
            let b = bits.trailing_zeros() as usize;
            out.push(w * 64 + b);
            bits &= bits - 1;
        }
    }
    out
}

/// Per source, the indices of the sources it names in `derived_from`.
fn parents(b: &Briefing) -> Vec<Vec<usize>> {
    parents_at(b)
        .into_iter()
        .map(|of| of.into_iter().map(|(p, _)| p).collect())
        .collect()
}

/// Per source, (parent, position in its `derived_from`) for each reference
/// that names a source of the briefing.
fn parents_at(b: &Briefing) -> Vec<Vec<(usize, usize)>> {
    let sources = b.sources.len();
    b.sources
        .iter()
        .map(|s| {
            s.derived_from
                .iter()
                .enumerate()
                .filter(|&(_, p)| p < sources)
                .map(|(k, p)| (p, k))
                .collect()
        })
        .collect()
}

/// A cycle of `derived_from`: the sources in order, each deriving from the
/// next and the last from the first, and the index into the last one's
/// `derived_from` of the reference that closes it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Cycle {
    pub sources: Vec<usize>,
    pub closing_ref: usize,
}

/// Every cycle `derived_from` makes, each found once (at the reference that
/// closes it when the sources are walked in order).
pub fn cycles(b: &Briefing) -> Vec<Cycle> {
    cycles_in(&parents_at(b))
}

/// Every cycle of a graph given as, per node, (parent, position of the
/// reference among the node's), each found once; the library's graph of
/// sources across briefings is searched with it too.
pub fn cycles_in(parents: &[Vec<(usize, usize)>]) -> Vec<Cycle> {
    #[derive(Clone, Copy, PartialEq)]
    enum State {
        New,
        OnPath,
        Done,
    }
    let mut state = vec![State::New; parents.len()];
    let mut found = Vec::new();
    for start in 0..parents.len() {
        if state[start] != State::New {
            continue;
        }
        let mut stack: Vec<(usize, usize)> = vec![(start, 0)];
        state[start] = State::OnPath;
        while let Some(&mut (i, ref mut next)) = stack.last_mut() {
            let Some(&(p, k)) = parents[i].get(*next) else {
                state[i] = State::Done;
                stack.pop();
                continue;
            };
            *next += 1;
            match state[p] {
                State::New => {
                    state[p] = State::OnPath;
                    stack.push((p, 0));
                }
                State::OnPath => {
                    let from = stack.iter().position(|(s, _)| *s == p).unwrap_or(0);
                    found.push(Cycle {
                        sources: stack[from..].iter().map(|(s, _)| *s).collect(),
                        closing_ref: k,
                    });
                }
                State::Done => {}
            }
        }
    }
    found
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::briefing::load::load_bytes;
    use std::path::Path;

    fn briefing(sources: &str) -> Briefing {
        let src = format!(
            "format: debrief/2\ntitle: T\narticle:\n  - text: Hi.\nsources:\n{sources}claims:\n  - {{id: c1, text: C, sources: [reuters, ap, afp]}}\n"
        );
        let loaded = load_bytes(Path::new("t.yaml"), src.as_bytes());
        loaded.briefing.expect("loads")
    }

    #[test]
    fn relays_of_one_statement_have_one_origin() {
        let b = briefing(
            "  - {id: gov, name: G, reliability: B}\n  - {id: reuters, name: R, reliability: B, derived_from: [gov]}\n  - {id: ap, name: AP, reliability: B, derived_from: [reuters]}\n  - {id: afp, name: AFP, reliability: B, derived_from: [gov]}\n",
        );
        let o = Origins::new(&b);
        assert!(o.is_origin(0));
        assert!(!o.is_origin(1));
        assert_eq!(o.of_source(2), [0], "AP via Reuters via the government");
        assert_eq!(o.of_claim(&b, &b.claims[0]), [0]);
    }

    #[test]
    fn a_source_from_two_others_has_both_origins() {
        let b = briefing(
            "  - {id: gov, name: G, reliability: B}\n  - {id: reuters, name: R, reliability: B}\n  - {id: ap, name: AP, reliability: B, derived_from: [gov, reuters]}\n  - {id: afp, name: AFP, reliability: B}\n",
        );
        let o = Origins::new(&b);
        assert_eq!(o.of_source(2), [0, 1]);
        assert_eq!(o.of_claim(&b, &b.claims[0]), [0, 1, 3]);
        assert!(cycles(&b).is_empty());
    }
}
