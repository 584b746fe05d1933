//! `same_as` across a library: claims of different briefings that state the
//! same proposition. A link written in one briefing holds both ways, and
//! links chain into groups (a = b and b = c make one group of three), which
//! the reader, the dossier and corroboration read from here.
//!
//! Checked when the whole library is known: a link into a briefing that is
//! loaded must name one of its claims (an error at the reference); a link
//! into a briefing that is not loaded is only a warning, since a library is
//! often opened in part.

use std::collections::{BTreeSet, HashMap};

use super::diagnostic::{Diagnostic, Diagnostics};
use super::model::{Briefing, ClaimRef};
use crate::text;

/// The `same_as` links of a library, in both directions.
#[derive(Debug, Clone, Default)]
pub struct SameAs {
    links: HashMap<ClaimRef, BTreeSet<ClaimRef>>,
}

impl SameAs {
    /// Reads every link of `briefings`, reporting those that name a claim
    /// the library lacks. Links to briefings not loaded are kept one way
    /// only, as written.
    pub fn new(briefings: &[Briefing]) -> (SameAs, Vec<Diagnostic>) {
        let by_id: HashMap<&str, &Briefing> =
            briefings.iter().map(|b| (b.id.as_str(), b)).collect();
        let mut same = SameAs::default();
        let mut problems = Vec::new();
        for b in briefings {
            let mut diags = Diagnostics::new(&b.path);
            for c in &b.claims {
                let here = ClaimRef {
                    briefing: b.id.clone(),
                    claim: c.id.clone(),
                };
                for link in c.same_as() {
                    let there = &link.value;
                    match by_id.get(there.briefing.as_str()) {
                        Some(other) if other.claims.iter().any(|x| x.id == there.claim) => {
                            same.join(&here, there);
                        }
                        Some(other) => {
                            let ids: Vec<&str> =
                                other.claims.iter().map(|x| x.id.as_str()).collect();
                            let near = super::decode::closest(&there.claim, &ids);
                            let help = match near {
                                Some(near) => format!("did you mean `{}#{near}`?", there.briefing),
                                None if ids.is_empty() => {
                                    format!("briefing `{}` has no claims", there.briefing)
                                }
                                None => format!(
                                    "the claims of `{}` are: {}",
                                    there.briefing,
                                    ids.join(", ")
                                ),
                            };
                            diags
                                .error(
                                    link.pos,
                                    format!(
                                        "claim `{}`: `same_as` names `{there}`, but briefing `{}` ({}) has no claim `{}`",
                                        c.id,
                                        there.briefing,
                                        other.path.display(),
                                        there.claim
                                    ),
                                )
                                .with_help(help)
                                .underline(text::width(&there.to_string()));
                        }
                        None => {
                            same.links
                                .entry(here.clone())
                                .or_default()
                                .insert(there.clone());
                            diags
                                .warning(
                                    link.pos,
                                    format!(
                                        "claim `{}`: `same_as` names `{there}`, and no briefing `{}` is loaded",
                                        c.id, there.briefing
                                    ),
                                )
                                .with_help("open the library that holds it too, or check the briefing id")
                                .underline(text::width(&there.to_string()));
                        }
                    }
                }
            }
            problems.extend(diags.into_sorted());
        }
        (same, problems)
    }

    fn join(&mut self, a: &ClaimRef, b: &ClaimRef) {
        if a == b {
            return;
        }
        self.links.entry(a.clone()).or_default().insert(b.clone());
        self.links.entry(b.clone()).or_default().insert(a.clone());
    }

    /// The claims linked directly to this one, whichever side wrote the link.
    pub fn of(&self, briefing: &str, claim: &str) -> Vec<&ClaimRef> {
        let key = ClaimRef {
            briefing: briefing.into(),
            claim: claim.into(),
        };
        self.links
            .get(&key)
            .map(|s| s.iter().collect())
            .unwrap_or_default()
    }

    /// Every claim this one states the same as, through any chain of links,
    /// itself excluded, sorted.
    pub fn group(&self, briefing: &str, claim: &str) -> Vec<ClaimRef> {
        let start = ClaimRef {
            briefing: briefing.into(),
            claim: claim.into(),
        };
        let mut seen: BTreeSet<ClaimRef> = BTreeSet::new();
        let mut todo = vec![start.clone()];
        while let Some(next) = todo.pop() {
            if let Some(linked) = self.links.get(&next) {
                for l in linked {
                    if seen.insert(l.clone()) {
                        todo.push(l.clone());
                    }
                }
            }
        }
        seen.remove(&start);
        seen.into_iter().collect()
    }

    pub fn is_empty(&self) -> bool {
        self.links.is_empty()
    }
}
