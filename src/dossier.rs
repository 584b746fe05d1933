//! A dossier: every claim of the library that involves an actor or a
//! country, as a timeline. "Involves" is the query module's one definition
//! ([`query::claim_involves`]); what each claim rests on across the library
//! is [`crate::briefing::corroboration`]'s. Shared by `debrief dossier` and
//! the reader's dossier screen.
//!
//! Order: by the claim's `when`, else the briefing's `published`, each at its
//! earliest possible day (`2021` sorts as 2021-01-01, before `2021-01-01`
//! itself, as [`PartialDate`] orders them); an interval by its start, or by
//! its end when the start is open (`../2024-03`: by March 2024). Claims with
//! neither, those of undated briefings, come last: when the analyst read a
//! briefing (`retrieved`) says nothing of when its events happened, so it only
//! orders them among themselves. Claims of one `same_as` group stand
//! together, where the earliest of them falls. Ties go in library order
//! (briefings by path).

use std::collections::BTreeMap;

use rayon::prelude::*;
use serde::Serialize;

use crate::briefing::corroboration::{ClaimAt, Tally};
use crate::briefing::{Briefing, Claim, Library, Likelihood, PartialDate};
use crate::query::{self, Filter};

/// One row of the timeline.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Entry {
    pub claim: ClaimAt,
    /// What the row is dated by.
    pub dated: Dated,
    /// The claims of its `same_as` group across the library, itself among
    /// them, in library order; empty when it has no group (see [`Entry::members`]).
    pub group: Vec<ClaimAt>,
    /// Distinct sources the group cites, and their distinct origins.
    pub sources: usize,
    pub origins: usize,
}

/// What a row's place in the timeline comes from.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Dated {
    /// The claim's own `when`.
    When(crate::briefing::When),
    /// The briefing's `published`.
    Published(PartialDate),
    /// Neither: an undated briefing, perhaps with the day it was read.
    Undated(Option<PartialDate>),
}

impl Entry {
    /// Its group's claims, itself alone when it has no group.
    pub fn members(&self) -> &[ClaimAt] {
        if self.group.is_empty() {
            std::slice::from_ref(&self.claim)
        } else {
            &self.group
        }
    }
}

impl Dated {
    fn of(b: &Briefing, c: &Claim) -> Dated {
        match (c.when(), b.published) {
            (Some(w), _) => Dated::When(w.value),
            (None, Some(p)) => Dated::Published(p),
            (None, None) => Dated::Undated(b.retrieved),
        }
    }

    /// The date that places it: the earliest day it may be, at its precision.
    pub fn date(&self) -> Option<PartialDate> {
        match self {
            Dated::When(w) => w.start.or(w.end),
            Dated::Published(p) => Some(*p),
            Dated::Undated(_) => None,
        }
    }

    /// The year of the chart it counts in.
    pub fn year(&self) -> Option<i32> {
        self.date().map(|d| d.earliest().year())
    }

    /// For people, at its own precision: `2022/2025-05`, `2024-03-25`,
    /// `undated (read 2025-06-02)`.
    pub fn words(&self) -> String {
        match self {
            Dated::When(w) => w.to_string(),
            Dated::Published(p) => p.to_string(),
            Dated::Undated(Some(r)) => format!("undated (read {r})"),
            Dated::Undated(None) => "undated".into(),
        }
    }

    /// Dated first, by day then precision; undated last, by the day read.
    fn key(&self) -> (bool, Option<PartialDate>) {
        match self {
            Dated::Undated(read) => (true, *read),
            dated => (false, dated.date()),
        }
    }
}

/// The timeline of everything `subject` involves (its actors and countries;
/// its text is not used).
pub fn dossier(library: &Library, subject: &Filter) -> Vec<Entry> {
    let subject = Filter {
        text: String::new(),
        ..subject.clone()
    };
    if subject.is_empty() {
        return Vec::new();
    }
    let briefings = &library.briefings;
    // A briefing at a time on every core: at 100,000 briefings the most
    // common actor's dossier has tens of thousands of claims, each with
    // what its group rests on across the library.
    let numbered = query::Numbered::new(library, &subject);
    let rows: Vec<(Entry, (bool, Option<PartialDate>))> = query::matching(library, &subject)
        .par_iter()
        .fold(
            || (Vec::new(), Tally::default()),
            |(mut rows, mut tally), &b| {
                let briefing = &briefings[b];
                for c in query::involved_claims(library, b, &subject, &numbered) {
                    let claim = &briefing.claims[c];
                    let dated = Dated::of(briefing, claim);
                    let k = &library.corroboration;
                    let (sources, origins) = k.count(briefings, (b, c), &mut tally);
                    let entry = Entry {
                        claim: (b, c),
                        dated,
                        group: k
                            .group_members((b, c))
                            .map(<[_]>::to_vec)
                            .unwrap_or_default(),
                        sources,
                        origins,
                    };
                    rows.push((entry, dated.key()));
                }
                (rows, tally)
            },
        )
        .map(|(rows, _)| rows)
        .flatten()
        .collect();
    // A group stands where its earliest member in the dossier falls.
    let mut group_key: foldhash::HashMap<ClaimAt, (bool, Option<PartialDate>)> =
        foldhash::HashMap::default();
    for (e, key) in &rows {
        let lead = e.members()[0];
        let k = group_key.entry(lead).or_insert(*key);
        *k = (*k).min(*key);
    }
    // Ties in library order (briefings sorted by path): the same every run.
    let mut keyed: Vec<_> = rows
        .into_iter()
        .map(|(e, key)| {
            let lead = e.members()[0];
            ((group_key[&lead], lead, key, e.claim), e)
        })
        .collect();
    keyed.par_sort_unstable_by_key(|a| a.0);
    keyed.into_iter().map(|(_, e)| e).collect()
}

/// Claims per year, split by likelihood: for each year with a dated claim,
/// a count per [`Likelihood`] (in its order) and last one for claims with no
/// likelihood. Undated claims are not counted.
pub fn per_year(library: &Library, entries: &[Entry]) -> BTreeMap<i32, [usize; 8]> {
    // On every core: each entry reads its claim, scattered in memory.
    entries
        .par_chunks(1024)
        .map(|chunk| {
            let mut years: BTreeMap<i32, [usize; 8]> = BTreeMap::new();
            for e in chunk {
                let Some(year) = e.dated.year() else {
                    continue;
                };
                let claim = &library.briefings[e.claim.0].claims[e.claim.1];
                let slot = claim
                    .likelihood
                    .and_then(|l| Likelihood::ALL.iter().position(|x| *x == l))
                    .unwrap_or(7);
                years.entry(year).or_default()[slot] += 1;
            }
            years
        })
        .reduce(BTreeMap::new, |mut all, some| {
            for (year, counts) in some {
                let slots = all.entry(year).or_default();
                for (a, n) in slots.iter_mut().zip(counts) {
                    *a += n;
                }
            }
            all
        })
}

/// One entry for scripts, as `debrief dossier --format json` writes it.
#[derive(Debug, Serialize)]
pub struct Listed {
    pub briefing: String,
    pub claim: String,
    pub text: String,
    pub date: String,
    pub likelihood: Option<&'static str>,
    pub confidence: Option<&'static str>,
    pub sources: usize,
    pub origins: usize,
    /// `BRIEFING#CLAIM` of every claim of its `same_as` group, itself among them.
    pub group: Vec<String>,
}

impl Listed {
    pub fn new(library: &Library, e: &Entry) -> Listed {
        let b = &library.briefings[e.claim.0];
        let c = &b.claims[e.claim.1];
        Listed {
            briefing: b.id.to_string(),
            claim: c.id.to_string(),
            text: c.text.to_string(),
            date: e.dated.words(),
            likelihood: c.likelihood.map(Likelihood::word),
            confidence: c.confidence.map(|x| x.word()),
            sources: e.sources,
            origins: e.origins,
            group: e
                .members()
                .iter()
                .map(|&(gb, gc)| {
                    let g = &library.briefings[gb];
                    format!("{}#{}", g.id, g.claims[gc].id)
                })
                .collect(),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::briefing::load::load_bytes;
    use std::path::PathBuf;

    fn briefing(id: &str, published: &str, claims: &str) -> (PathBuf, crate::briefing::Loaded) {
        let src = format!(
            "format: debrief/2\nid: {id}\ntitle: T\n{published}\nactors:\n  - {{id: apt31, name: APT31, kind: threat-group}}\n  - {{id: other, name: Other}}\narticle:\n  - text: Hi.\nsources:\n  - {{id: s, name: Source {id}, reliability: B}}\nclaims:\n{claims}"
        );
        let path = PathBuf::from(format!("{id}.yaml"));
        let loaded = load_bytes(&path, src.as_bytes());
        assert!(loaded.briefing.is_some(), "{id}: {:?}", loaded.diagnostics);
        (path, loaded)
    }

    fn library(files: Vec<(PathBuf, crate::briefing::Loaded)>) -> Library {
        let mut l = Library::default();
        for (p, loaded) in files {
            l.add(&p, loaded);
        }
        l.link();
        l
    }

    fn apt31() -> Filter {
        Filter {
            actors: ["apt31".to_string()].into(),
            ..Filter::default()
        }
    }

    fn order(l: &Library, entries: &[Entry]) -> Vec<String> {
        entries
            .iter()
            .map(|e| {
                let b = &l.briefings[e.claim.0];
                format!("{}#{} {}", b.id, b.claims[e.claim.1].id, e.dated.words())
            })
            .collect()
    }

    #[test]
    fn the_timeline_orders_by_earliest_day_less_precise_first_undated_last() {
        let l = library(vec![
            briefing(
                "late",
                "published: 2024-05-03",
                "  - {id: c1, text: A, actors: [apt31], sources: [s]}\n  - {id: c2, text: B, actors: [apt31], sources: [s], when: 2021-06}\n  - {id: c3, text: C, actors: [other], sources: [s]}\n",
            ),
            briefing(
                "early",
                "published: 2021",
                "  - {id: c1, text: D, actors: [apt31], sources: [s]}\n  - {id: c2, text: E, actors: [apt31], sources: [s], when: 2021-01-01/2021-03}\n  - {id: c3, text: F, actors: [apt31], sources: [s], when: ../2020-11}\n",
            ),
            briefing(
                "undated-b",
                "published: undated\nretrieved: 2025-06-02",
                "  - {id: c1, text: G, actors: [apt31], sources: [s]}\n",
            ),
            briefing(
                "undated-a",
                "published: undated\nretrieved: 2025-01",
                "  - {id: c1, text: H, actors: [apt31], sources: [s]}\n  - {id: c2, text: I, actors: [apt31], sources: [s], when: 2019}\n",
            ),
        ]);
        let entries = dossier(&l, &apt31());
        assert_eq!(
            order(&l, &entries),
            [
                "undated-a#c2 2019",
                "early#c3 ../2020-11",
                "early#c1 2021",
                "early#c2 2021-01-01/2021-03",
                "late#c2 2021-06",
                "late#c1 2024-05-03",
                "undated-a#c1 undated (read 2025-01)",
                "undated-b#c1 undated (read 2025-06-02)",
            ],
            "late#c3 involves only another actor"
        );
        let years = per_year(&l, &entries);
        assert_eq!(
            years.keys().copied().collect::<Vec<_>>(),
            [2019, 2020, 2021, 2024]
        );
        assert_eq!(years[&2021][7], 3, "three claims of 2021, none graded");
    }

    #[test]
    fn claims_of_one_group_stand_together_where_the_earliest_falls() {
        let l = library(vec![
            briefing(
                "a",
                "published: 2025",
                "  - {id: c1, text: A, actors: [apt31], sources: [s], likelihood: likely, same_as: [b#c1]}\n",
            ),
            briefing(
                "b",
                "published: 2020",
                "  - {id: c1, text: B, actors: [apt31], sources: [s]}\n",
            ),
            briefing(
                "c",
                "published: 2022",
                "  - {id: c1, text: C, actors: [apt31], sources: [s]}\n",
            ),
        ]);
        let entries = dossier(&l, &apt31());
        assert_eq!(order(&l, &entries), ["b#c1 2020", "a#c1 2025", "c#c1 2022"]);
        assert_eq!(entries[0].group, [(0, 0), (1, 0)]);
        assert_eq!((entries[0].sources, entries[0].origins), (2, 2));
        let listed = Listed::new(&l, &entries[1]);
        assert_eq!(listed.group, ["a#c1", "b#c1"]);
        assert_eq!(listed.likelihood, Some("likely"));
    }

    #[test]
    fn an_empty_subject_has_no_dossier() {
        let l = library(vec![briefing(
            "a",
            "published: 2025",
            "  - {id: c1, text: A, actors: [apt31]}\n",
        )]);
        assert!(dossier(&l, &Filter::default()).is_empty());
    }
}
