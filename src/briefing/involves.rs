//! The library's index of what each briefing involves: its actors and
//! countries as small numbers, and which of its claims involve each, for
//! filters, facet counts and dossiers (see [`crate::query::matching`]).
//!
//! A briefing is gathered ([`Gathered::of`]) on the thread that loaded it,
//! in its own numbering, while its memory is still in that core's cache;
//! the library, adding briefings one at a time on one thread, only
//! renumbers what was gathered ([`Involves::push`]).

use super::model::{Briefing, CountryCode, Id};

/// What the index needs of one briefing, in the briefing's own numbering.
/// Read from the briefing by the one thread that adds briefings, each
/// actor and claim was a cache miss: that was most of the serial part of
/// a warm `list` (docs/PERFORMANCE.md).
#[derive(Debug, Clone, Default)]
pub struct Gathered {
    /// Each actor of `actors:`, in order (claims name them by index), with
    /// its country's index in `countries`.
    actors: Vec<(Id, Option<u32>)>,
    /// Every country code the briefing involves, each once, in the order
    /// met: its actors' countries, then its claims' own.
    countries: Vec<CountryCode>,
    /// Which claims involve each actor and country; none past 64 claims.
    masks: Option<Masks>,
}

/// Which claims of a briefing involve each actor (by index in
/// [`Gathered::actors`]) and each country (in [`Gathered::countries`]), as
/// [`crate::query::claim_involves`] decides: who asserts a claim and whom
/// it names; the countries it names and those of those actors.
#[derive(Debug, Clone, Default)]
struct Masks {
    by_actor: Vec<ClaimBits>,
    by_country: Vec<ClaimBits>,
}

impl Gathered {
    pub fn of(b: &Briefing) -> Gathered {
        let mut g = Gathered {
            // Room for the usual, so that pushing seldom moves them.
            countries: Vec::with_capacity(b.actors.len() + 8),
            ..Gathered::default()
        };
        g.actors = b
            .actors
            .iter()
            .map(|a| {
                (
                    a.id.clone(),
                    a.country.as_ref().map(|c| g.country(&c.value)),
                )
            })
            .collect();
        // Claim bits for up to 64 claims; past that, the countries only.
        let mut masks = (b.claims.len() <= 64).then(|| Masks {
            by_actor: Vec::with_capacity(g.actors.len()),
            by_country: Vec::with_capacity(g.countries.capacity()),
        });
        for (c, claim) in b.claims.iter().enumerate() {
            // No bit past 64 claims, where no masks are kept.
            let bit = u32::try_from(c)
                .ok()
                .and_then(|c| 1u64.checked_shl(c))
                .unwrap_or(0);
            for code in claim.countries.iter() {
                let n = g.country(code);
                if let Some(m) = &mut masks {
                    add(&mut m.by_country, n, bit);
                }
            }
            let Some(m) = &mut masks else {
                continue;
            };
            // Who asserts it and whom it names, and their countries.
            for i in claim.by.iter().chain(claim.actors.iter()) {
                if let Some(&(_, country)) = g.actors.get(i) {
                    add(&mut m.by_actor, i as u32, bit);
                    if let Some(n) = country {
                        add(&mut m.by_country, n, bit);
                    }
                }
            }
        }
        g.masks = masks;
        g
    }

    /// The briefing's number of a country code, given it the first time.
    /// A briefing involves a few dozen countries at most (and ISO 3166 has
    /// 249): a look along the list is all it takes, comparing the bytes
    /// here rather than calling `memcmp` for two of them.
    fn country(&mut self, code: &str) -> u32 {
        let same = |c: &CountryCode| {
            c.len() == code.len() && c.bytes().zip(code.bytes()).all(|(a, b)| a == b)
        };
        match self.countries.iter().position(same) {
            Some(i) => i as u32,
            None => {
                self.countries.push(code.into());
                (self.countries.len() - 1) as u32
            }
        }
    }
}

/// Sets `bit` for `n`, met before or not.
fn add(pairs: &mut Vec<ClaimBits>, n: u32, bit: u64) {
    match pairs.iter_mut().find(|(m, _)| *m == n) {
        Some((_, mask)) => *mask |= bit,
        None => pairs.push((n, bit)),
    }
}

/// Masks in a briefing's own numbering, in the library's. Two actors of
/// one briefing may share an id (validation says so, but the index does
/// not count on it): their bits join.
fn renumber(pairs: &[ClaimBits], numbers: &[u32]) -> Vec<ClaimBits> {
    let mut out = Vec::with_capacity(pairs.len());
    for &(local, bits) in pairs {
        if let Some(&n) = numbers.get(local as usize) {
            add(&mut out, n, bits);
        }
    }
    out
}

/// The actors and countries of each briefing of a library, as small numbers,
/// kept up to date by [`Library::add`]. A filter change on a large library
/// tests every briefing and counts its actors and countries for the facets;
/// walking each briefing's actors and every claim's countries for that
/// touches scattered memory and hashes strings, while these are a few short
/// sorted arrays per briefing (see [`crate::query::matching`]).
///
/// Entry `i` describes `briefings[i]` of the library, for the briefings added
/// through [`Library::add`]; code that pushes onto `briefings` directly
/// leaves the tail unindexed, and [`Involves::len`] says how far it goes.
#[derive(Debug, Default, Clone)]
pub struct Involves {
    /// Every actor id in the library, each once, numbered in the order met.
    actor_ids: Vec<String>,
    actor_numbers: foldhash::HashMap<String, u32>,
    /// Every country code in the library, each once, numbered in the order met.
    country_codes: Vec<String>,
    country_numbers: foldhash::HashMap<String, u32>,
    /// Per briefing: its actors' numbers (the `actors:` section), sorted,
    /// each once; all briefings' one after another, in one array rather
    /// than one allocation a briefing, so a pass over the library reads
    /// memory in order.
    actors: Runs<u32>,
    /// Per briefing: the numbers of the countries it involves, those of its
    /// actors and of its claims ([`Briefing::countries`]), sorted, each once.
    countries: Runs<u32>,
    /// Per actor number: how many briefings have it, and the first of them.
    /// With no filter, the sidebar counts the whole library: these answer
    /// that without a pass over 100,000 briefings.
    actor_totals: Vec<(u32, u32)>,
    /// Per country number: how many briefings involve it.
    country_totals: Vec<u32>,
    /// Per briefing: for each actor number its claims involve (who asserts
    /// them, whom they name), which claims, as bits. A dossier then reads a
    /// few numbers a briefing instead of every claim's references, which
    /// were most of its time at 100,000 briefings (a cache miss a claim).
    claim_actors: Runs<ClaimBits>,
    /// The same for the countries its claims involve: their own and their
    /// actors' ([`crate::query::claim_countries`]).
    claim_countries: Runs<ClaimBits>,
    /// Per briefing: it has more claims than bits, so no claim bits.
    unmasked: Vec<bool>,
}

/// An actor or country number and which claims of a briefing involve it.
type ClaimBits = (u32, u64);

/// Short runs, one a briefing, stored end to end.
#[derive(Debug, Clone)]
struct Runs<T> {
    items: Vec<T>,
    /// Where each run ends in `items`.
    ends: Vec<u32>,
}

impl<T> Default for Runs<T> {
    fn default() -> Self {
        Runs {
            items: Vec::new(),
            ends: Vec::new(),
        }
    }
}

impl<T: Copy> Runs<T> {
    fn push(&mut self, run: &[T]) {
        self.items.extend_from_slice(run);
        self.ends.push(self.items.len() as u32);
    }

    fn get(&self, i: usize) -> &[T] {
        let end = self.ends.get(i).map_or(0, |&e| e as usize);
        let start = i
            .checked_sub(1)
            .and_then(|p| self.ends.get(p))
            .map_or(0, |&s| s as usize);
        self.items.get(start..end).unwrap_or(&[])
    }
}

impl Involves {
    /// Indexes the next briefing of the library from what was gathered of it.
    pub(super) fn push(&mut self, g: &Gathered) {
        // Numbered in the order met: the briefing's countries were gathered
        // in the order its actors and then its claims name them.
        let country_numbers: Vec<u32> = g
            .countries
            .iter()
            .map(|c| number(&mut self.country_codes, &mut self.country_numbers, c))
            .collect();
        let actor_numbers: Vec<u32> = g
            .actors
            .iter()
            .map(|(id, _)| number(&mut self.actor_ids, &mut self.actor_numbers, id))
            .collect();
        let mut actors = actor_numbers.clone();
        actors.sort_unstable();
        actors.dedup();
        // Briefing::countries' set, numbered: sorting small numbers instead
        // of strings was a sixth of a warm `list`.
        let mut countries = country_numbers.clone();
        countries.sort_unstable();
        countries.dedup();
        let this = self.len() as u32;
        self.actor_totals.resize(self.actor_ids.len(), (0, 0));
        for &n in &actors {
            let (count, first) = &mut self.actor_totals[n as usize];
            if *count == 0 {
                *first = this;
            }
            *count += 1;
        }
        self.country_totals.resize(self.country_codes.len(), 0);
        for &n in &countries {
            self.country_totals[n as usize] += 1;
        }
        self.actors.push(&actors);
        self.countries.push(&countries);
        let (by_actor, by_country) = g.masks.as_ref().map_or_else(Default::default, |m| {
            (
                renumber(&m.by_actor, &actor_numbers),
                renumber(&m.by_country, &country_numbers),
            )
        });
        self.claim_actors.push(&by_actor);
        self.claim_countries.push(&by_country);
        self.unmasked.push(g.masks.is_none());
    }

    /// Which claims of briefing `i` involve any of `actors` (any claim when
    /// none are asked for) and any of `countries` (likewise), as bits;
    /// `None` when the index has no masks for it (past 64 claims).
    pub fn claims_involving(&self, i: usize, actors: &[u32], countries: &[u32]) -> Option<u64> {
        if *self.unmasked.get(i)? {
            return None;
        }
        let any_of = |pairs: &[ClaimBits], wanted: &[u32]| {
            pairs
                .iter()
                .filter(|(n, _)| wanted.contains(n))
                .fold(0u64, |all, (_, mask)| all | mask)
        };
        let mut mask = u64::MAX;
        if !actors.is_empty() {
            mask &= any_of(self.claim_actors.get(i), actors);
        }
        if !countries.is_empty() {
            mask &= any_of(self.claim_countries.get(i), countries);
        }
        Some(mask)
    }

    /// How many briefings are indexed: the first `len()` of the library.
    pub fn len(&self) -> usize {
        self.actors.ends.len()
    }

    pub fn is_empty(&self) -> bool {
        self.actors.ends.is_empty()
    }

    /// How many of the indexed briefings have actor `number`, and the first
    /// that does.
    pub fn actor_total(&self, number: u32) -> (usize, usize) {
        self.actor_totals
            .get(number as usize)
            .map_or((0, 0), |&(count, first)| (count as usize, first as usize))
    }

    /// How many of the indexed briefings involve country `number`.
    pub fn country_total(&self, number: u32) -> usize {
        self.country_totals
            .get(number as usize)
            .map_or(0, |&count| count as usize)
    }

    /// How many distinct actor ids the library has.
    pub fn actor_count(&self) -> usize {
        self.actor_ids.len()
    }

    /// How many distinct country codes the library has.
    pub fn country_count(&self) -> usize {
        self.country_codes.len()
    }

    pub fn actor_number(&self, id: &str) -> Option<u32> {
        self.actor_numbers.get(id).copied()
    }

    pub fn country_number(&self, code: &str) -> Option<u32> {
        self.country_numbers.get(code).copied()
    }

    pub fn actor_id(&self, number: u32) -> &str {
        &self.actor_ids[number as usize]
    }

    pub fn country_code(&self, number: u32) -> &str {
        &self.country_codes[number as usize]
    }

    /// The numbers of briefing `i`'s actors, sorted.
    pub fn actors_of(&self, i: usize) -> &[u32] {
        self.actors.get(i)
    }

    /// The numbers of the countries briefing `i` involves, sorted.
    pub fn countries_of(&self, i: usize) -> &[u32] {
        self.countries.get(i)
    }
}

/// The number of `name`, given it the first time it is met.
fn number(
    names: &mut Vec<String>,
    numbers: &mut foldhash::HashMap<String, u32>,
    name: &str,
) -> u32 {
    if let Some(&n) = numbers.get(name) {
        return n;
    }
    let n = u32::try_from(names.len()).expect("fewer than 4 billion distinct names");
    names.push(name.to_owned());
    numbers.insert(name.to_owned(), n);
    n
}
