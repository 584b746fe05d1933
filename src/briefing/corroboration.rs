//! The library as one body of evidence: which claims state the same
//! proposition (`same_as` groups, from [`super::same_as`]), and on how many
//! independent origins each group rests, following `derived_from` across
//! briefings.
//!
//! A source of one briefing and a source of another are the same source when
//! they have the same name (folded: case, accents and punctuation aside) or
//! the same URL with the same actor behind it (one page may quote a
//! government and the embassy answering it: two sources); such sources are
//! one *library source*. A library source
//! derives from what any of its appearances derives from, so a chain can run
//! through several briefings: the government's statement in one, Reuters
//! relaying it in a second, AP relaying Reuters in a third all come to one
//! origin. Within a briefing, provenance is [`super::origins`]'s; across
//! briefings it is the same walk ([`super::origins::walk`]) over library
//! sources. Computed once when the library is linked ([`super::Library::link`]).

use std::collections::{BTreeSet, HashMap};
use std::path::Path;

use super::diagnostic::{Diagnostic, Diagnostics};
use super::model::{Briefing, ClaimRef, Likelihood, Pos, Reliability};
use super::origins::{self, Origins};
use super::same_as::SameAs;
use crate::text;

/// A claim of the library, by index: `(briefing, claim)`.
pub type ClaimAt = (usize, usize);

/// A source of the library, by index: `(briefing, source)`.
pub type SourceAt = (usize, usize);

/// How many places a warning lists before it only counts the rest.
const MAX_PLACES: usize = 12;

#[derive(Debug, Clone, Default)]
pub struct Corroboration {
    /// Per briefing, per source: the library source it is.
    identity: Vec<Vec<u32>>,
    /// Per library source: where it appears, in library order.
    appears: Vec<Vec<SourceAt>>,
    /// Per library source: the library sources it comes from in the end.
    origins: Vec<Vec<u32>>,
    /// Per briefing, per source: whether it derives from nothing in its own briefing.
    origin_here: Vec<Vec<bool>>,
    /// Per briefing, per claim: its `same_as` group, when it has one.
    group_of: Vec<Vec<Option<u32>>>,
    /// Per group: its claims, in library order.
    groups: Vec<Vec<ClaimAt>>,
    /// Cycles of library sources deriving from one another, in order.
    cycles: Vec<Vec<u32>>,
}

/// What a claim rests on across the library: its group (itself alone when it
/// has none), the library sources the group cites, and their origins.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Corroborated {
    /// The claims of the group, the claim itself among them, in library order.
    pub claims: Vec<ClaimAt>,
    /// Distinct library sources cited by any claim of the group.
    pub sources: Vec<u32>,
    /// Distinct origins of those sources.
    pub origins: Vec<u32>,
}

/// Buffers for [`Corroboration::count`], kept from one claim to the next.
#[derive(Debug, Default)]
pub struct Tally {
    sources: Vec<u32>,
    origins: Vec<u32>,
}

impl Corroboration {
    pub fn new(briefings: &[Briefing], same_as: &SameAs) -> Corroboration {
        let identity = identities(briefings);
        let count = identity
            .iter()
            .flatten()
            .map(|&x| x as usize + 1)
            .max()
            .unwrap_or(0);
        let mut appears = vec![Vec::new(); count];
        for (b, ids) in identity.iter().enumerate() {
            for (s, &x) in ids.iter().enumerate() {
                appears[x as usize].push((b, s));
            }
        }
        // A library source's parents: the origins, in each briefing it
        // appears in, of that appearance, when it is not an origin there.
        let mut parents: Vec<Vec<usize>> = vec![Vec::new(); count];
        let mut origin_here = Vec::with_capacity(briefings.len());
        for (b, briefing) in briefings.iter().enumerate() {
            let o = Origins::new(briefing);
            let mut here = Vec::with_capacity(briefing.sources.len());
            for s in 0..briefing.sources.len() {
                let is = o.is_origin(s);
                here.push(is);
                if !is {
                    let me = identity[b][s] as usize;
                    for r in o.of_source(s) {
                        let p = identity[b][r] as usize;
                        if p != me && !parents[me].contains(&p) {
                            parents[me].push(p);
                        }
                    }
                }
            }
            origin_here.push(here);
        }
        let origins = origins::walk::<Vec<u32>>(&parents, |i| vec![i as u32]);
        let at: Vec<Vec<(usize, usize)>> = parents
            .iter()
            .map(|p| p.iter().enumerate().map(|(k, &x)| (x, k)).collect())
            .collect();
        let cycles = origins::cycles_in(&at)
            .into_iter()
            .map(|c| c.sources.into_iter().map(|s| s as u32).collect())
            .collect();

        let by_id: HashMap<&str, usize> = briefings
            .iter()
            .enumerate()
            .map(|(i, b)| (b.id.as_str(), i))
            .collect();
        let at = |r: &ClaimRef| -> Option<ClaimAt> {
            let &b = by_id.get(r.briefing.as_str())?;
            let c = briefings[b].claims.iter().position(|c| c.id == r.claim)?;
            Some((b, c))
        };
        let mut group_of: Vec<Vec<Option<u32>>> = briefings
            .iter()
            .map(|b| vec![None; b.claims.len()])
            .collect();
        let mut groups: Vec<Vec<ClaimAt>> = Vec::new();
        if !same_as.is_empty() {
            for (b, briefing) in briefings.iter().enumerate() {
                for (c, claim) in briefing.claims.iter().enumerate() {
                    if group_of[b][c].is_some() {
                        continue;
                    }
                    let mut members: Vec<ClaimAt> = same_as
                        .group(&briefing.id, &claim.id)
                        .iter()
                        .filter_map(at)
                        .collect();
                    if members.is_empty() {
                        continue;
                    }
                    members.push((b, c));
                    members.sort_unstable();
                    members.dedup();
                    let g = groups.len() as u32;
                    for &(mb, mc) in &members {
                        group_of[mb][mc] = Some(g);
                    }
                    groups.push(members);
                }
            }
        }
        Corroboration {
            identity,
            appears,
            origins,
            origin_here,
            group_of,
            groups,
            cycles,
        }
    }

    /// The claims of `claim`'s `same_as` group, itself among them; itself
    /// alone when it has none.
    pub fn group(&self, claim: ClaimAt) -> Vec<ClaimAt> {
        match self
            .group_of
            .get(claim.0)
            .and_then(|g| g.get(claim.1))
            .copied()
            .flatten()
        {
            Some(g) => self.groups[g as usize].clone(),
            None => vec![claim],
        }
    }

    /// The library source a source of a briefing is.
    pub fn identity(&self, source: SourceAt) -> Option<u32> {
        self.identity.get(source.0)?.get(source.1).copied()
    }

    /// Where a library source appears, first appearance first.
    pub fn appearances(&self, identity: u32) -> &[SourceAt] {
        self.appears
            .get(identity as usize)
            .map_or(&[], Vec::as_slice)
    }

    /// The origins of a library source across the library.
    pub fn origins_of(&self, identity: u32) -> &[u32] {
        self.origins
            .get(identity as usize)
            .map_or(&[], Vec::as_slice)
    }

    /// What one claim rests on with its whole group.
    pub fn of_claim(&self, briefings: &[Briefing], claim: ClaimAt) -> Corroborated {
        let claims = self.group(claim);
        let mut found = Tally::default();
        self.gather(briefings, &claims, &mut found);
        Corroborated {
            claims,
            sources: found.sources,
            origins: found.origins,
        }
    }

    /// The claims of `claim`'s `same_as` group when it has one.
    pub fn group_members(&self, claim: ClaimAt) -> Option<&[ClaimAt]> {
        let g = self
            .group_of
            .get(claim.0)?
            .get(claim.1)
            .copied()
            .flatten()?;
        self.groups.get(g as usize).map(Vec::as_slice)
    }

    /// How many distinct sources and origins `claim`'s group rests on, as
    /// [`Corroboration::of_claim`] counts them, in `tally`'s buffers: a
    /// dossier asks this of tens of thousands of claims, and allocating
    /// the lists each time was a quarter of its time.
    pub fn count(
        &self,
        briefings: &[Briefing],
        claim: ClaimAt,
        tally: &mut Tally,
    ) -> (usize, usize) {
        let alone = [claim];
        let claims = self.group_members(claim).unwrap_or(&alone);
        self.gather(briefings, claims, tally);
        (tally.sources.len(), tally.origins.len())
    }

    /// The distinct library sources `claims` cite, and their origins, into `found`.
    fn gather(&self, briefings: &[Briefing], claims: &[ClaimAt], found: &mut Tally) {
        let Tally { sources, origins } = found;
        sources.clear();
        origins.clear();
        for &(b, c) in claims {
            let Some(briefing) = briefings.get(b) else {
                continue;
            };
            let Some(cl) = briefing.claims.get(c) else {
                continue;
            };
            for s in cl.sources.iter() {
                if let Some(x) = self.identity((b, s)) {
                    sources.push(x);
                }
            }
        }
        // A few sources a claim: sorting small vectors beats a tree.
        sources.sort_unstable();
        sources.dedup();
        origins.extend(
            sources
                .iter()
                .flat_map(|&x| self.origins_of(x).iter().copied()),
        );
        origins.sort_unstable();
        origins.dedup();
    }

    /// What only the whole library shows, as warnings that name every place
    /// involved: a group that rests on one origin and is graded very likely
    /// or more; a source that is an origin in one briefing while another
    /// briefing says where it got its information; one source graded
    /// differently in two briefings.
    pub fn warnings(&self, briefings: &[Briefing]) -> Vec<Diagnostic> {
        let mut out = Vec::new();
        self.single_origin_groups(briefings, &mut out);
        self.chains_across_briefings(briefings, &mut out);
        self.grades_that_differ(briefings, &mut out);
        self.cycles_across_briefings(briefings, &mut out);
        out
    }

    /// A cycle that closes only across briefings: each briefing is fine
    /// alone (a cycle within one is the validator's error), together they
    /// say the sources got their information from one another.
    fn cycles_across_briefings(&self, briefings: &[Briefing], out: &mut Vec<Diagnostic>) {
        for cycle in &self.cycles {
            let mut files: Vec<usize> = cycle
                .iter()
                .flat_map(|&x| self.appearances(x).iter().map(|a| a.0))
                .collect();
            files.sort_unstable();
            files.dedup();
            let Some(&(b, s)) = cycle.first().and_then(|&x| self.appearances(x).first()) else {
                continue;
            };
            if files.len() < 2 {
                continue;
            }
            let mut path: Vec<String> =
                cycle.iter().map(|&x| self.describe(briefings, x)).collect();
            path.push(self.describe(briefings, cycle[0]));
            let source = &briefings[b].sources[s];
            let mut diags = Diagnostics::new(&briefings[b].path);
            diags
                .warning(
                    source.pos,
                    format!(
                        "source `{}`: across briefings, `derived_from` makes a cycle: {}",
                        source.id,
                        path.join(" → ")
                    ),
                )
                .with_help(
                    "each briefing says one of these sources relays the next: one of them must be the origin; fix `derived_from` where it is wrong (each source on the cycle is counted as its own origin until then)",
                );
            out.extend(diags.into_sorted());
        }
    }

    fn single_origin_groups(&self, briefings: &[Briefing], out: &mut Vec<Diagnostic>) {
        for group in &self.groups {
            let Some(&first) = group.first() else {
                continue;
            };
            let c = self.of_claim(briefings, first);
            let [origin] = c.origins[..] else {
                continue;
            };
            let graded = group.iter().copied().find(|&(b, k)| {
                briefings[b].claims[k]
                    .likelihood
                    .is_some_and(|l| l >= Likelihood::VeryLikely)
            });
            let Some((b, k)) = graded else {
                continue;
            };
            let claim = &briefings[b].claims[k];
            let claims: Vec<String> = group
                .iter()
                .map(|&(gb, gk)| {
                    let x = &briefings[gb].claims[gk];
                    format!(
                        "`{}#{}` ({})",
                        briefings[gb].id,
                        x.id,
                        place(&briefings[gb].path, x.pos)
                    )
                })
                .collect();
            let mut diags = Diagnostics::new(&briefings[b].path);
            diags
                .warning(
                    claim.pos,
                    format!(
                        "claim `{}` is graded {}, but all {} claims of its `same_as` group rest on one origin, {}: {}",
                        claim.id,
                        claim.likelihood.map_or("", Likelihood::word),
                        group.len(),
                        self.describe(briefings, origin),
                        places(&claims)
                    ),
                )
                .with_help(
                    "several briefings relaying one origin are not independent corroboration: grade the claim on that one origin, or cite an independent source",
                );
            out.extend(diags.into_sorted());
        }
    }

    fn chains_across_briefings(&self, briefings: &[Briefing], out: &mut Vec<Diagnostic>) {
        for (x, appears) in self.appears.iter().enumerate() {
            let derived: Vec<SourceAt> = appears
                .iter()
                .copied()
                .filter(|&(b, s)| !self.origin_here[b][s])
                .collect();
            let Some(&(db, ds)) = derived.first() else {
                continue;
            };
            for &(b, s) in appears {
                if !self.origin_here[b][s] || derived.iter().all(|&(o, _)| o == b) {
                    continue;
                }
                let source = &briefings[b].sources[s];
                let from = &briefings[db].sources[ds];
                let at = from.derived_from_at.unwrap_or(from.pos);
                let roots: Vec<String> = self
                    .origins_of(x as u32)
                    .iter()
                    .map(|&o| self.describe(briefings, o))
                    .collect();
                let mut diags = Diagnostics::new(&briefings[b].path);
                diags
                    .warning(
                        source.pos,
                        format!(
                            "source `{}` derives from nothing here, but briefing `{}` says where it got its information ({}); across the library it comes from {}",
                            source.id,
                            briefings[db].id,
                            place(&briefings[db].path, at),
                            places(&roots)
                        ),
                    )
                    .with_help(
                        "the chain is followed across briefings when origins are counted; write `derived_from` here too, or give the sources different names if they are not the same",
                    );
                out.extend(diags.into_sorted());
            }
        }
    }

    fn grades_that_differ(&self, briefings: &[Briefing], out: &mut Vec<Diagnostic>) {
        for appears in &self.appears {
            let graded: Vec<(SourceAt, Reliability)> = appears
                .iter()
                .filter_map(|&(b, s)| briefings[b].sources[s].reliability.map(|r| ((b, s), r)))
                .collect();
            let grades: BTreeSet<Reliability> = graded.iter().map(|(_, r)| *r).collect();
            if grades.len() < 2 {
                continue;
            }
            let Some(&((b, s), grade)) = graded.first() else {
                continue;
            };
            let source = &briefings[b].sources[s];
            let others: Vec<String> = graded
                .iter()
                .filter(|(_, r)| *r != grade)
                .map(|&((ob, os), r)| {
                    format!(
                        "{r} in `{}` ({})",
                        briefings[ob].id,
                        place(&briefings[ob].path, briefings[ob].sources[os].pos)
                    )
                })
                .collect();
            let mut diags = Diagnostics::new(&briefings[b].path);
            diags
                .warning(
                    source.pos,
                    format!(
                        "source `{}` ({}) is graded {grade} here and differently elsewhere: {}",
                        source.id,
                        text::one_line(&source.name),
                        places(&others)
                    ),
                )
                .with_help("one source has one reliability: agree on its grade in every briefing");
            out.extend(diags.into_sorted());
        }
    }

    /// A library source for people: its name and where it first appears.
    fn describe(&self, briefings: &[Briefing], identity: u32) -> String {
        match self.appearances(identity).first() {
            Some(&(b, s)) => {
                let source = &briefings[b].sources[s];
                format!(
                    "`{}` ({})",
                    text::one_line(&source.name),
                    place(&briefings[b].path, source.pos)
                )
            }
            None => "an unknown source".into(),
        }
    }
}

/// `path:line:col`, as the report writes places.
fn place(path: &Path, pos: Pos) -> String {
    format!(
        "{}:{}:{}",
        text::one_line(&path.to_string_lossy()),
        pos.line,
        pos.column
    )
}

fn places(list: &[String]) -> String {
    if list.len() <= MAX_PLACES {
        return list.join(", ");
    }
    format!(
        "{}, and {} more",
        list[..MAX_PLACES].join(", "),
        text::thousands(list.len() - MAX_PLACES)
    )
}

/// Numbers every source of the library so that sources of the same name or
/// URL share a number: a union of the sources each key names.
fn identities(briefings: &[Briefing]) -> Vec<Vec<u32>> {
    use rayon::prelude::*;
    // Folding a name is the costly part and needs nothing of the others, so
    // the keys are made on every core; the union that follows is in order.
    let keys: Vec<SourceKeys> = briefings
        .par_iter()
        .map(|b| SourceKeys::of(&b.sources))
        .collect();
    let mut parent: Vec<u32> = Vec::new();
    // Borrowed from `keys`: a map of owned keys cost a free per key when
    // it was dropped, a tenth of linking.
    let mut first_with: foldhash::HashMap<&str, u32> = foldhash::HashMap::default();
    let mut numbered: Vec<Vec<u32>> = Vec::with_capacity(briefings.len());
    for here_keys in &keys {
        let mut here = Vec::with_capacity(here_keys.sources);
        for (source, key) in here_keys.iter() {
            // Numbered in order, those without a key (no name, no URL) too.
            while here.len() <= source {
                let me = parent.len() as u32;
                parent.push(me);
                here.push(me);
            }
            let me = here[source];
            match first_with.get(key) {
                Some(&other) => union(&mut parent, me, other),
                None => {
                    first_with.insert(key, me);
                }
            }
        }
        while here.len() < here_keys.sources {
            let me = parent.len() as u32;
            parent.push(me);
            here.push(me);
        }
        numbered.push(here);
    }
    // Dense numbers, in the order library sources first appear.
    // Roots are themselves source numbers, so a table of them does.
    let mut dense: Vec<Option<u32>> = vec![None; parent.len()];
    let mut next = 0;
    for here in &mut numbered {
        for s in here.iter_mut() {
            let root = find(&mut parent, *s) as usize;
            *s = *dense[root].get_or_insert_with(|| {
                next += 1;
                next - 1
            });
        }
    }
    numbered
}

/// The keys under which a briefing's sources are the same as others, all
/// in one buffer: a source's folded name, and its URL with the actor
/// behind it (a page can quote several speakers).
struct SourceKeys {
    text: String,
    /// Each key: the source it is of, and where it ends in `text`.
    ends: Vec<(usize, usize)>,
    sources: usize,
}

impl SourceKeys {
    fn of(sources: &[super::model::Source]) -> SourceKeys {
        let mut keys = SourceKeys {
            text: String::new(),
            ends: Vec::new(),
            sources: sources.len(),
        };
        for (i, s) in sources.iter().enumerate() {
            keys.key(i, &["n "], |text| text::fold_into(&s.name, text));
            if let Some(url) = &s.url {
                let speaker = s.actor.as_ref().map_or("", |a| a.value.as_str());
                keys.key(i, &["u ", speaker, " "], |text| push_normal_url(url, text));
            }
        }
        keys
    }

    /// A key of source `i`: `head`, then what `write` appends, kept when
    /// `write` appended something.
    fn key(&mut self, i: usize, head: &[&str], write: impl FnOnce(&mut String)) {
        let start = self.text.len();
        for part in head {
            self.text.push_str(part);
        }
        let written = self.text.len();
        write(&mut self.text);
        if self.text.len() > written {
            self.ends.push((i, self.text.len()));
        } else {
            self.text.truncate(start);
        }
    }

    /// Each key with the source it is of, sources in order.
    fn iter(&self) -> impl Iterator<Item = (usize, &str)> {
        let starts = std::iter::once(0).chain(self.ends.iter().map(|&(_, end)| end));
        self.ends
            .iter()
            .zip(starts)
            .map(|(&(source, end), start)| (source, &self.text[start..end]))
    }
}

/// A URL as two briefings may write the same one, appended to `out`: no
/// scheme, no `www.`, no trailing slash, the host in lower case.
fn push_normal_url(url: &str, out: &mut String) {
    let url = url.trim();
    let url = url
        .strip_prefix("https://")
        .or_else(|| url.strip_prefix("http://"))
        .unwrap_or(url);
    let url = url.strip_prefix("www.").unwrap_or(url);
    let (host, rest) = url.split_at(url.find('/').unwrap_or(url.len()));
    if host.is_ascii() {
        out.extend(host.bytes().map(|b| char::from(b.to_ascii_lowercase())));
    } else {
        out.push_str(&host.to_lowercase());
    }
    out.push_str(rest.trim_end_matches('/'));
}

fn find(parent: &mut [u32], mut x: u32) -> u32 {
    while parent[x as usize] != x {
        let up = parent[parent[x as usize] as usize];
        parent[x as usize] = up;
        x = up;
    }
    x
}

fn union(parent: &mut [u32], a: u32, b: u32) {
    let (ra, rb) = (find(parent, a), find(parent, b));
    if ra != rb {
        // The earlier one stays the root, so numbering follows first appearance.
        let (lo, hi) = (ra.min(rb), ra.max(rb));
        parent[hi as usize] = lo;
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::briefing::load::load_bytes;
    use std::path::PathBuf;

    /// A briefing `id` with the given sources and claims (YAML list items).
    fn briefing(id: &str, sources: &str, claims: &str) -> Briefing {
        let src = format!(
            "format: debrief/2\nid: {id}\ntitle: T\npublished: 2024\narticle:\n  - text: Hi.\nsources:\n{sources}claims:\n{claims}"
        );
        let path = PathBuf::from(format!("{id}.yaml"));
        let loaded = load_bytes(&path, src.as_bytes());
        loaded
            .briefing
            .unwrap_or_else(|| panic!("{id} loads: {:?}", loaded.diagnostics))
    }

    fn linked(briefings: &[Briefing]) -> Corroboration {
        let (same, problems) = SameAs::new(briefings);
        assert!(problems.is_empty(), "{problems:?}");
        Corroboration::new(briefings, &same)
    }

    /// Sources are the same by folded name or by URL with its speaker; one
    /// with neither key is its own, and numbers follow first appearance.
    #[test]
    fn sources_are_one_by_name_or_url_and_keyless_ones_stand_alone() {
        let a = briefing(
            "a",
            "  - {id: s1, name: Reuters}\n  - {id: s2, name: \"—\"}\n  - {id: s3, name: Lipavsky blog, url: \"https://www.Example.org/post/\"}\n",
            "  - {id: c1, text: X, sources: [s1, s2, s3]}\n",
        );
        let b = briefing(
            "b",
            "  - {id: t1, name: Someone else, url: \"http://example.org/post\"}\n  - {id: t2, name: \"—\"}\n  - {id: t3, name: REUTERS.}\n",
            "  - {id: c1, text: X, sources: [t1, t2, t3]}\n",
        );
        assert_eq!(identities(&[a, b]), vec![vec![0, 1, 2], vec![2, 3, 0]]);
    }

    /// The government's statement in one briefing, Reuters relaying it in
    /// a second, AP relaying Reuters in a third: one origin, everywhere.
    fn three_briefing_chain() -> Vec<Briefing> {
        vec![
            briefing(
                "a",
                "  - {id: gov, name: Czech government statement, reliability: B}\n",
                "  - {id: c1, text: X, sources: [gov], likelihood: very-likely, same_as: [b#c1]}\n",
            ),
            briefing(
                "b",
                "  - {id: gov, name: Czech Government Statement, reliability: B}\n  - {id: r, name: Reuters, reliability: B, derived_from: [gov]}\n",
                "  - {id: c1, text: X, sources: [r], same_as: [c#c1]}\n",
            ),
            briefing(
                "c",
                "  - {id: r, name: Reuters, reliability: B}\n  - {id: ap, name: AP, reliability: B, derived_from: [r]}\n",
                "  - {id: c1, text: X, sources: [ap]}\n  - {id: c2, text: Y, sources: [r]}\n",
            ),
        ]
    }

    #[test]
    fn a_chain_across_three_briefings_has_one_origin() {
        let bs = three_briefing_chain();
        let k = linked(&bs);
        let gov = k.identity((0, 0)).unwrap();
        assert_eq!(k.identity((1, 0)), Some(gov), "same name, folded case");
        assert_eq!(
            k.identity((2, 0)),
            k.identity((1, 1)),
            "Reuters is one source"
        );
        let ap = k.identity((2, 1)).unwrap();
        assert_eq!(
            k.origins_of(ap),
            [gov],
            "AP via Reuters (in c) via the government (in b)"
        );
        // Reuters is an origin in briefing c, but not in the library.
        let alone = k.of_claim(&bs, (2, 1));
        assert_eq!(alone.claims, [(2, 1)], "no group: itself alone");
        assert_eq!(alone.origins, [gov]);

        let group = k.of_claim(&bs, (1, 0));
        assert_eq!(
            group.claims,
            [(0, 0), (1, 0), (2, 0)],
            "links chain into one group"
        );
        assert_eq!(group.sources.len(), 3, "gov, Reuters, AP");
        assert_eq!(group.origins, [gov]);
        assert_eq!(
            k.of_claim(&bs, (0, 0)),
            group,
            "the same answer from every member"
        );
    }

    #[test]
    fn independent_origins_are_counted_apart() {
        let bs = vec![
            briefing(
                "a",
                "  - {id: gov, name: Government, reliability: B}\n",
                "  - {id: c1, text: X, sources: [gov], same_as: [b#c1]}\n",
            ),
            briefing(
                "b",
                "  - {id: v, name: Vendor report, url: 'https://www.example.org/r/', reliability: B}\n",
                "  - {id: c1, text: X, sources: [v]}\n",
            ),
            briefing(
                "c",
                "  - {id: w, name: The vendor's write-up, url: 'http://example.org/r', reliability: B}\n",
                "  - {id: c1, text: Z, sources: [w]}\n",
            ),
        ];
        let k = linked(&bs);
        assert_eq!(k.of_claim(&bs, (0, 0)).origins.len(), 2);
        assert_eq!(
            k.identity((1, 0)),
            k.identity((2, 0)),
            "one URL, written two ways"
        );
        assert!(k.warnings(&bs).is_empty(), "{:?}", k.warnings(&bs));
    }

    #[test]
    fn a_cycle_across_briefings_still_gives_an_answer() {
        let bs = vec![
            briefing(
                "a",
                "  - {id: x, name: X}\n  - {id: y, name: Y, derived_from: [x]}\n",
                "  - {id: c1, text: X, sources: [y]}\n",
            ),
            briefing(
                "b",
                "  - {id: y, name: Y}\n  - {id: x, name: X, derived_from: [y]}\n",
                "  - {id: c1, text: X, sources: [x]}\n",
            ),
        ];
        let k = linked(&bs);
        assert_eq!(k.of_claim(&bs, (0, 0)).origins.len(), 1);
        assert_eq!(k.of_claim(&bs, (1, 0)).origins.len(), 1);
        let warnings = k.warnings(&bs);
        let cycle = warnings
            .iter()
            .find(|d| d.message.contains("makes a cycle"))
            .expect("the cycle is a warning");
        assert!(
            cycle
                .message
                .contains("`X` (a.yaml:8:6) → `Y` (a.yaml:9:6) → `X` (a.yaml:8:6)")
                || cycle
                    .message
                    .contains("`Y` (a.yaml:9:6) → `X` (a.yaml:8:6) → `Y` (a.yaml:9:6)"),
            "{}",
            cycle.message
        );
    }

    #[test]
    fn the_library_warns_of_one_origin_graded_very_likely_naming_every_place() {
        let bs = three_briefing_chain();
        let warnings = linked(&bs).warnings(&bs);
        let one = warnings
            .iter()
            .find(|d| d.message.contains("rest on one origin"))
            .expect("a single-origin warning");
        assert_eq!(one.file, PathBuf::from("a.yaml"));
        for place in [
            "a.yaml:",
            "b.yaml:",
            "c.yaml:",
            "very-likely",
            "Czech government statement",
        ] {
            assert!(one.message.contains(place), "{place} in {}", one.message);
        }
        // Reuters is an origin in c but derives from the government in b.
        let chain = warnings
            .iter()
            .find(|d| d.message.contains("derives from nothing here"))
            .expect("a chain warning");
        assert_eq!(chain.file, PathBuf::from("c.yaml"));
        assert!(chain.message.contains("b.yaml:"), "{}", chain.message);
        assert!(!warnings.iter().any(|d| d.message.contains("graded B here")));
    }

    #[test]
    fn one_source_graded_two_ways_is_a_warning_at_each_place() {
        let bs = vec![
            briefing(
                "a",
                "  - {id: r, name: Reuters, reliability: B}\n",
                "  - {id: c1, text: X, sources: [r]}\n",
            ),
            briefing(
                "b",
                "  - {id: r2, name: REUTERS, reliability: D}\n",
                "  - {id: c1, text: X, sources: [r2]}\n",
            ),
        ];
        let warnings = linked(&bs).warnings(&bs);
        assert_eq!(warnings.len(), 1, "{warnings:?}");
        let w = &warnings[0];
        assert_eq!((w.file.to_str(), w.line), (Some("a.yaml"), 8));
        assert!(
            w.message.contains("graded B here") && w.message.contains("D in `b` (b.yaml:8:6)"),
            "{}",
            w.message
        );
    }
}
