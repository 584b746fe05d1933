//! Filtering by actor, country and text: the one place both the reader and
//! the command line decide what matches.
//!
//! Within actors, and within countries, any one selected value is enough;
//! between actors, countries and text, all must hold. So {APT31, APT40} is
//! "either group", and {APT31} + {CZ} is "APT31 where Czechia is involved".

use std::collections::{BTreeMap, BTreeSet, HashMap};

use crate::briefing::links::Item;
use crate::briefing::{Actor, Briefing, Claim, Library};
use crate::{country, text};

#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Filter {
    /// Actor ids. The same id in two briefings is the same actor.
    pub actors: BTreeSet<String>,
    /// ISO 3166-1 alpha-2 codes.
    pub countries: BTreeSet<String>,
    /// Free text, matched case-insensitively in titles, summaries, the article and claims.
    pub text: String,
}

impl Filter {
    pub fn is_empty(&self) -> bool {
        self.actors.is_empty() && self.countries.is_empty() && self.text.trim().is_empty()
    }

    /// Adds the value if absent, removes it if present.
    pub fn toggle_actor(&mut self, id: &str) {
        if !self.actors.remove(id) {
            self.actors.insert(id.to_owned());
        }
    }

    pub fn toggle_country(&mut self, code: &str) {
        if !self.countries.remove(code) {
            self.countries.insert(code.to_owned());
        }
    }

    /// "APT31 and (Czechia or Finland) and “router”": what the filter holds,
    /// in words that say which values are alternatives and which must all hold.
    pub fn describe(&self, names: &ActorNames) -> String {
        let either = |values: Vec<String>| values.join(" or ");
        let mut parts: Vec<(String, usize)> = Vec::new();
        if !self.actors.is_empty() {
            let names: Vec<String> = self.actors.iter().map(|id| names.name(id)).collect();
            parts.push((either(names), self.actors.len()));
        }
        if !self.countries.is_empty() {
            let names: Vec<String> = self.countries.iter().map(|c| country::name(c)).collect();
            parts.push((either(names), self.countries.len()));
        }
        if !self.text.trim().is_empty() {
            parts.push((format!("“{}”", self.text.trim()), 1));
        }
        let several = parts.len() > 1;
        parts
            .into_iter()
            .map(|(words, n)| {
                if several && n > 1 {
                    format!("({words})")
                } else {
                    words
                }
            })
            .collect::<Vec<_>>()
            .join(" and ")
    }

    fn actor_part(&self, involves: impl Fn(&str) -> bool) -> bool {
        self.actors.is_empty() || self.actors.iter().any(|a| involves(a))
    }

    fn country_part(&self, involves: impl Fn(&str) -> bool) -> bool {
        self.countries.is_empty() || self.countries.iter().any(|c| involves(c))
    }
}

/// Whether `actor` is the one a person means by `query`: its id, name or an
/// alias, ignoring case, punctuation, spacing and diacritics, and forgiving
/// one slip in a long name ("judgement panda" for Judgment Panda).
pub fn actor_matches(actor: &Actor, query: &str) -> bool {
    let query = squeeze(query);
    if query.is_empty() {
        return false;
    }
    std::iter::once(actor.id.as_str())
        .chain(std::iter::once(actor.name.as_str()))
        .chain(actor.aliases.iter().map(|a| a.as_str()))
        .any(|name| near(&squeeze(name), &query))
}

/// Folded and without spaces: "Violet Typhoon" and "violet-typhoon" agree.
fn squeeze(s: &str) -> String {
    text::fold(s).replace(' ', "")
}

/// Equal, or one edit apart when long enough that a slip is not another name
/// (APT30 and APT31 stay apart), two edits apart for long names. A slip is
/// forgiven in letters, never in numbers: Storm-0558 and Storm-0559, or
/// actor-0233 and actor-0234, are other names however long.
fn near(name: &str, query: &str) -> bool {
    if name == query {
        return true;
    }
    let digits = |s: &str| s.chars().filter(char::is_ascii_digit).collect::<Vec<_>>();
    if digits(name) != digits(query) {
        return false;
    }
    let allowed = match query.chars().count() {
        0..8 => 0,
        8..14 => 1,
        _ => 2,
    };
    allowed > 0 && strsim::levenshtein(name, query) <= allowed
}

/// The ids of every actor in `briefings` that `query` names.
pub fn resolve_actors<'a>(
    briefings: impl IntoIterator<Item = &'a Briefing>,
    query: &str,
) -> BTreeSet<String> {
    briefings
        .into_iter()
        .flat_map(|b| &b.actors)
        .filter(|a| actor_matches(a, query))
        .map(|a| a.id.to_string())
        .collect()
}

/// The ids of every actor of the library that `query` names: those of its
/// briefings and of its actor registry, whose aliases name an actor in
/// every briefing that uses its id, whatever that briefing's own definition says.
pub fn resolve_library_actors(library: &Library, query: &str) -> BTreeSet<String> {
    let mut ids = resolve_actors(&library.briefings, query);
    ids.extend(
        library
            .registry
            .actors()
            .filter(|a| actor_matches(a, query))
            .map(|a| a.id.to_string()),
    );
    ids
}

/// Up to `n` known actor names nearest to `query`, for "did you mean".
pub fn suggest_actors<'a>(
    briefings: impl IntoIterator<Item = &'a Briefing>,
    query: &str,
    n: usize,
) -> Vec<String> {
    let query = squeeze(query);
    let mut scored: BTreeMap<String, f64> = BTreeMap::new();
    for actor in briefings.into_iter().flat_map(|b| &b.actors) {
        let best = std::iter::once(actor.name.as_str())
            .chain(actor.aliases.iter().map(|a| a.as_str()))
            .chain(std::iter::once(actor.id.as_str()))
            .map(|name| strsim::jaro_winkler(&squeeze(name), &query))
            .fold(0.0, f64::max);
        let entry = scored.entry(actor.name.to_string()).or_insert(0.0);
        *entry = entry.max(best);
    }
    nearest(scored, n)
}

/// Up to `n` country names nearest to `query`.
pub fn suggest_countries(query: &str, n: usize) -> Vec<String> {
    let query = squeeze(query);
    let scored: BTreeMap<String, f64> = country::all()
        .map(|(code, name)| {
            let by_name = strsim::jaro_winkler(&squeeze(&name), &query);
            // Codes are two letters: compare them only with a query as short.
            let score = if query.len() <= 3 {
                by_name.max(strsim::jaro_winkler(&code.to_lowercase(), &query))
            } else {
                by_name
            };
            (format!("{name} ({code})"), score)
        })
        .collect();
    nearest(scored, n)
}

fn nearest(scored: BTreeMap<String, f64>, n: usize) -> Vec<String> {
    let mut scored: Vec<(String, f64)> = scored.into_iter().filter(|(_, s)| *s >= 0.7).collect();
    scored.sort_by(|a, b| b.1.total_cmp(&a.1));
    scored.into_iter().take(n).map(|(name, _)| name).collect()
}

/// Display names of actors by id, gathered across a library.
#[derive(Debug, Clone, Default)]
pub struct ActorNames(BTreeMap<String, String>);

impl ActorNames {
    pub fn new<'a>(briefings: impl IntoIterator<Item = &'a Briefing>) -> Self {
        let mut names = ActorNames::default();
        names.add(briefings);
        names
    }

    /// Adds the names of actors not met before: after `new(a)`, `add(b)`
    /// gives what `new` of a followed by b gives, without going over a again.
    /// For a library that grows batch by batch while it loads.
    pub fn add<'a>(&mut self, briefings: impl IntoIterator<Item = &'a Briefing>) {
        for a in briefings.into_iter().flat_map(|b| &b.actors) {
            // Most actors recur across a library: copy an id only the first
            // time, or when the registry's name comes after a briefing's own.
            if a.registry.is_some() || !self.0.contains_key(a.id.as_str()) {
                self.0.insert(a.id.to_string(), a.name.to_string());
            }
        }
    }

    pub fn name(&self, id: &str) -> String {
        self.0.get(id).cloned().unwrap_or_else(|| id.to_owned())
    }
}

/// The actors a claim involves: who asserts it and whom it names. With
/// [`claim_countries`], the one definition of "involves" that the panes,
/// the facets, the lists and the overview all count by.
pub fn claim_actors<'a>(b: &'a Briefing, claim: &'a Claim) -> impl Iterator<Item = &'a str> {
    claim
        .by
        .of(&b.actors)
        .chain(claim.actors.of(&b.actors))
        .map(|a| a.id.as_str())
}

/// The countries a claim involves: its own and those of its actors.
pub fn claim_countries<'a>(b: &'a Briefing, claim: &'a Claim) -> impl Iterator<Item = &'a str> {
    claim.countries.iter().chain(
        claim
            .by
            .of(&b.actors)
            .chain(claim.actors.of(&b.actors))
            .filter_map(|a| a.country.as_ref().map(|c| c.value.as_str())),
    )
}

/// Whether a claim involves the filter's actors and countries (text is a
/// library-level filter and does not narrow items).
pub fn claim_involves(b: &Briefing, claim: &Claim, filter: &Filter) -> bool {
    filter.actor_part(|a| claim_actors(b, claim).any(|x| x == a))
        && filter.country_part(|c| claim_countries(b, claim).any(|x| x == c))
}

/// Whether a briefing belongs in the library under the filter: any of its
/// actors, claims or sources involve each part of it.
pub fn briefing_matches(b: &Briefing, filter: &Filter) -> bool {
    let actor_ok = filter.actor_part(|a| b.actors.iter().any(|x| x.id == a));
    let country_ok = filter.country_part(|c| {
        b.actors
            .iter()
            .any(|a| a.country.as_ref().is_some_and(|x| x.value == c))
            || b.claims.iter().any(|claim| claim.countries.contains(c))
    });
    actor_ok && country_ok && text_matches(b, &filter.text)
}

/// Whether a briefing's text holds `query`: title, summary, outlet, tags,
/// article and claims, case-insensitively. `list --text` and the library's
/// `/` both ask this.
pub fn text_matches(b: &Briefing, query: &str) -> bool {
    let query = query.trim();
    if query.is_empty() {
        return true;
    }
    let found = |s: &str| !text::find_ignore_case(s, query).is_empty();
    found(&b.title)
        || b.summary.as_deref().is_some_and(found)
        || b.outlet.as_deref().is_some_and(found)
        || b.tags.iter().any(|t| found(t))
        || b.article.iter().any(|p| found(&p.text))
        || b.claims.iter().any(|c| found(&c.text))
}

/// Which items of a briefing show under a filter, per list.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Visible {
    pub claims: Vec<bool>,
    pub sources: Vec<bool>,
    pub experts: Vec<bool>,
    pub caveats: Vec<bool>,
}

impl Visible {
    pub fn all(b: &Briefing) -> Visible {
        Visible {
            claims: vec![true; b.claims.len()],
            sources: vec![true; b.sources.len()],
            experts: vec![true; b.experts.len()],
            caveats: vec![true; b.caveats.len()],
        }
    }

    pub fn contains(&self, item: Item) -> bool {
        let (list, i) = match item {
            Item::Claim(i) => (&self.claims, i),
            Item::Source(i) => (&self.sources, i),
            Item::Expert(i) => (&self.experts, i),
            Item::Caveat(i) => (&self.caveats, i),
        };
        list.get(i).copied().unwrap_or(false)
    }

    /// How many items the filter hides.
    pub fn hidden(&self) -> usize {
        [&self.claims, &self.sources, &self.experts, &self.caveats]
            .iter()
            .map(|l| l.iter().filter(|v| !**v).count())
            .sum()
    }
}

/// The items related to the filter: the claims that involve it; their
/// sources, experts and caveats; and sources whose own actor is involved.
pub fn visible(b: &Briefing, filter: &Filter) -> Visible {
    if filter.actors.is_empty() && filter.countries.is_empty() {
        return Visible::all(b);
    }
    let claims: Vec<bool> = b
        .claims
        .iter()
        .map(|c| claim_involves(b, c, filter))
        .collect();
    let shown_claim = |c: usize| claims.get(c).copied().unwrap_or(false);
    let sources = b
        .sources
        .iter()
        .enumerate()
        .map(|(si, s)| {
            let own = s
                .actor
                .as_ref()
                .and_then(|r| b.actor(&r.value))
                .is_some_and(|a| {
                    filter.actor_part(|x| x == a.id)
                        && filter.country_part(|c| a.country.as_ref().is_some_and(|x| x.value == c))
                });
            own || b
                .claims
                .iter()
                .zip(&claims)
                .any(|(c, shown)| *shown && c.sources.contains(si))
        })
        .collect();
    let experts = b
        .experts
        .iter()
        .map(|e| e.on.iter().any(shown_claim))
        .collect();
    let caveats = b
        .caveats
        .iter()
        .enumerate()
        .map(|(ki, k)| {
            k.applies_to.iter().any(shown_claim)
                || b.claims
                    .iter()
                    .zip(&claims)
                    .any(|(c, shown)| *shown && c.caveats.contains(ki))
        })
        .collect();
    Visible {
        claims,
        sources,
        experts,
        caveats,
    }
}

/// One facet value and how many briefings under the current filter have it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Facet {
    /// Actor id or country code.
    pub key: String,
    pub label: String,
    pub count: usize,
    pub selected: bool,
}

#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Facets {
    pub actors: Vec<Facet>,
    pub countries: Vec<Facet>,
}

/// Actors and countries of the briefings that match `filter`, counted, most
/// first; selected values are always listed, even at zero.
///
/// Runs on every filter change over the whole library, so it counts in one
/// pass without allocating per briefing: each value remembers the last
/// briefing that counted it (its stamp), so a value a briefing names twice
/// counts once.
pub fn facets(briefings: &[Briefing], matching: &[usize], filter: &Filter) -> Facets {
    let mut actors: HashMap<&str, (&str, usize, usize)> = HashMap::new();
    let mut countries = CountryTally::default();
    for (i, b) in matching
        .iter()
        .filter_map(|&i| briefings.get(i))
        .enumerate()
    {
        let stamp = i + 1;
        for a in &b.actors {
            let (_, count, last) = actors.entry(&a.id).or_insert((&a.name, 0, 0));
            if *last != stamp {
                *last = stamp;
                *count += 1;
            }
        }
        let actor_countries = b
            .actors
            .iter()
            .filter_map(|a| a.country.as_ref().map(|c| c.value.as_str()));
        let claim_countries = b.claims.iter().flat_map(|c| c.countries.iter());
        for c in actor_countries.chain(claim_countries) {
            countries.add(c, stamp);
        }
    }
    Facets {
        actors: actor_facets(
            briefings,
            actors
                .into_iter()
                .map(|(id, (name, count, _))| (id, name, count)),
            filter,
        ),
        countries: country_facets(countries.into_counts(), filter),
    }
}

/// The actors' facet list from counts, (actor id, name, count) of the
/// matching briefings, with the selected actors that no matching briefing
/// has added at zero, in the sidebar's order.
fn actor_facets<'a>(
    briefings: &[Briefing],
    actors: impl Iterator<Item = (&'a str, &'a str, usize)>,
    filter: &Filter,
) -> Vec<Facet> {
    let mut actor_facets: Vec<Facet> = actors
        .map(|(id, name, count)| Facet {
            key: id.to_owned(),
            label: name.to_owned(),
            count,
            selected: filter.actors.contains(id),
        })
        .collect();
    for id in &filter.actors {
        if !actor_facets.iter().any(|f| &f.key == id) {
            // The name the library first gives the actor, as [`ActorNames`] has it.
            let name = briefings
                .iter()
                .flat_map(|b| &b.actors)
                .find(|a| a.id == id)
                .map_or_else(|| id.clone(), |a| a.name.to_string());
            actor_facets.push(Facet {
                key: id.clone(),
                label: name,
                count: 0,
                selected: true,
            });
        }
    }
    sort_facets(&mut actor_facets);
    actor_facets
}

/// The countries' facet list from (country code, count) of the matching
/// briefings, as [`actor_facets`] makes the actors'.
fn country_facets(countries: Vec<(&str, usize)>, filter: &Filter) -> Vec<Facet> {
    let mut country_facets: Vec<Facet> = countries
        .into_iter()
        .map(|(code, count)| Facet {
            key: code.to_owned(),
            label: format!("{code} {}", country::name(code)),
            count,
            selected: filter.countries.contains(code),
        })
        .collect();
    for code in &filter.countries {
        if !country_facets.iter().any(|f| &f.key == code) {
            country_facets.push(Facet {
                key: code.clone(),
                label: format!("{code} {}", country::name(code)),
                count: 0,
                selected: true,
            });
        }
    }
    sort_facets(&mut country_facets);
    country_facets
}

/// Selected first, then most common, then by name; the key settles ties,
/// so the order does not depend on how the values were gathered.
fn sort_facets(facets: &mut [Facet]) {
    facets.sort_by_cached_key(|f| {
        (
            std::cmp::Reverse(f.selected),
            std::cmp::Reverse(f.count),
            text::fold(&f.label),
            f.key.clone(),
        )
    });
}

/// The briefings of `library` that match `filter`, in library order: the
/// same as [`briefing_matches`] on each, but from the library's index of
/// what each briefing involves
/// ([`crate::briefing::library::Involves`]), which is a few small sorted
/// arrays per briefing instead of every claim of every briefing.
pub fn matching(library: &Library, filter: &Filter) -> Vec<usize> {
    if filter.is_empty() {
        return (0..library.briefings.len()).collect();
    }
    let index = library.involves();
    let Numbered { actors, countries } = Numbered::new(library, filter);
    let any_of = |wanted: &[u32], has: &[u32]| wanted.iter().any(|n| has.binary_search(n).is_ok());
    library
        .briefings
        .iter()
        .enumerate()
        .filter(|&(i, b)| {
            if i >= index.len() {
                return briefing_matches(b, filter);
            }
            (filter.actors.is_empty() || any_of(&actors, index.actors_of(i)))
                && (filter.countries.is_empty() || any_of(&countries, index.countries_of(i)))
                && text_matches(b, &filter.text)
        })
        .map(|(i, _)| i)
        .collect()
}

/// A filter's actors and countries as the numbers of a library's index,
/// found once for many briefings.
pub struct Numbered {
    actors: Vec<u32>,
    countries: Vec<u32>,
}

impl Numbered {
    pub fn new(library: &Library, filter: &Filter) -> Numbered {
        let index = library.involves();
        Numbered {
            actors: filter
                .actors
                .iter()
                .filter_map(|a| index.actor_number(a))
                .collect(),
            countries: filter
                .countries
                .iter()
                .filter_map(|c| index.country_number(c))
                .collect(),
        }
    }
}

/// The claims of briefing `b` that involve the filter, as [`claim_involves`]
/// decides, in order: from the index's claim bits where it has them, else
/// asking each claim.
pub fn involved_claims<'a>(
    library: &'a Library,
    b: usize,
    filter: &'a Filter,
    numbered: &Numbered,
) -> impl Iterator<Item = usize> + 'a {
    let briefing = library.briefings.get(b);
    let claims = briefing.map_or(0, |x| x.claims.len());
    // A value the index has never seen involves no claim: its part is then
    // empty, as asking each claim would find.
    let unknown = numbered.actors.len() < filter.actors.len().min(1)
        || numbered.countries.len() < filter.countries.len().min(1);
    let bits = if b < library.involves().len() && !unknown {
        library
            .involves()
            .claims_involving(b, &numbered.actors, &numbered.countries)
    } else {
        None
    };
    let asked = bits.is_none().then_some(briefing).flatten();
    let mut bits = bits.unwrap_or(0)
        & if claims >= 64 {
            u64::MAX
        } else {
            (1u64 << claims) - 1
        };
    let from_bits = std::iter::from_fn(move || {
        (bits != 0).then(|| {
            let c = bits.trailing_zeros() as usize;
            bits &= bits - 1;
            c
        })
    });
    let each = asked.into_iter().flat_map(move |x| {
        x.claims
            .iter()
            .enumerate()
            .filter(move |(_, claim)| claim_involves(x, claim, filter))
            .map(|(c, _)| c)
    });
    from_bits.chain(each)
}

/// [`facets`] of the `matching` briefings of `library`, from its index.
pub fn library_facets(library: &Library, matching: &[usize], filter: &Filter) -> Facets {
    Facets {
        actors: library_actor_facets(library, matching, filter),
        countries: library_country_facets(library, matching, filter),
    }
}

/// Whether the library's index covers all of `matching`; and whether
/// `matching` is every briefing, whose counts the index keeps as totals.
fn indexed(library: &Library, matching: &[usize]) -> Option<bool> {
    let index = library.involves();
    let covered = matching
        .iter()
        .all(|&i| i < index.len() && i < library.briefings.len());
    // Positions in ascending order, each once: as many as the library's are all of them.
    covered.then_some(matching.len() == library.briefings.len())
}

/// The actors' side of [`library_facets`].
pub fn library_actor_facets(library: &Library, matching: &[usize], filter: &Filter) -> Vec<Facet> {
    let index = library.involves();
    let briefings = &library.briefings;
    let Some(all) = indexed(library, matching) else {
        return facets(briefings, matching, filter).actors;
    };
    // Per actor number: briefings counted, and the first of them.
    let mut actors: Vec<(usize, usize)> = (0..index.actor_count() as u32)
        .map(|n| if all { index.actor_total(n) } else { (0, 0) })
        .collect();
    if !all {
        for &i in matching {
            for &n in index.actors_of(i) {
                let (count, first) = &mut actors[n as usize];
                if *count == 0 {
                    *first = i;
                }
                *count += 1;
            }
        }
    }
    // Each actor is labelled with its name in the first matching briefing
    // that has it, as [`facets`] does.
    let actors = actors
        .iter()
        .enumerate()
        .filter(|(_, (count, _))| *count > 0)
        .map(|(n, &(count, first))| {
            let id = index.actor_id(n as u32);
            let name = briefings
                .get(first)
                .and_then(|b| b.actors.iter().find(|a| a.id == id))
                .map_or(id, |a| a.name.as_str());
            (id, name, count)
        });
    actor_facets(briefings, actors, filter)
}

/// The countries' side of [`library_facets`].
pub fn library_country_facets(
    library: &Library,
    matching: &[usize],
    filter: &Filter,
) -> Vec<Facet> {
    let index = library.involves();
    let Some(all) = indexed(library, matching) else {
        return facets(&library.briefings, matching, filter).countries;
    };
    let mut countries: Vec<usize> = (0..index.country_count() as u32)
        .map(|n| if all { index.country_total(n) } else { 0 })
        .collect();
    if !all {
        for &i in matching {
            for &n in index.countries_of(i) {
                countries[n as usize] += 1;
            }
        }
    }
    let countries = countries
        .iter()
        .enumerate()
        .filter(|(_, count)| **count > 0)
        .map(|(n, &count)| (index.country_code(n as u32), count))
        .collect();
    country_facets(countries, filter)
}

/// What a filter leaves of a library, for the reader: the briefings that
/// match, and the sidebar's facets. Each side of the sidebar is counted as
/// if its own values were not chosen, so choosing Czechia leaves Finland
/// listed to add (either), while the actors are counted among the Czech
/// briefings (both).
///
/// A side whose filter is the whole filter counts the matching briefings
/// found already, and one with no filter left the whole library's totals:
/// at 100,000 briefings, three passes over the library and two counts of
/// every briefing's values were most of a filter change.
pub fn narrow(library: &Library, filter: &Filter) -> (Vec<usize>, Facets) {
    let matching = matching(library, filter);
    let without = |clear: fn(&mut Filter)| {
        let mut f = filter.clone();
        clear(&mut f);
        f
    };
    let side = |f: Filter| -> std::borrow::Cow<'_, [usize]> {
        if f == *filter {
            std::borrow::Cow::Borrowed(&matching)
        } else {
            std::borrow::Cow::Owned(self::matching(library, &f))
        }
    };
    let by_country = side(without(|f| f.countries.clear()));
    let by_actor = side(without(|f| f.actors.clear()));
    let facets = Facets {
        countries: library_country_facets(library, &by_country, filter),
        actors: library_actor_facets(library, &by_actor, filter),
    };
    drop((by_country, by_actor));
    (matching, facets)
}

/// Per-briefing counts of country codes. A code is two capital letters once
/// validated, so those are counted in a table; anything else in a map.
struct CountryTally<'a> {
    /// (code, briefings counted, stamp of the last briefing counted), by letters.
    table: Vec<(&'a str, usize, usize)>,
    other: HashMap<&'a str, (usize, usize)>,
}

impl Default for CountryTally<'_> {
    fn default() -> Self {
        CountryTally {
            table: vec![("", 0, 0); 26 * 26],
            other: HashMap::new(),
        }
    }
}

impl<'a> CountryTally<'a> {
    fn add(&mut self, code: &'a str, stamp: usize) {
        let (count, last) = match code.as_bytes() {
            &[a @ b'A'..=b'Z', b @ b'A'..=b'Z'] => {
                let slot = &mut self.table[usize::from(a - b'A') * 26 + usize::from(b - b'A')];
                slot.0 = code;
                (&mut slot.1, &mut slot.2)
            }
            _ => {
                let (count, last) = self.other.entry(code).or_insert((0, 0));
                (count, last)
            }
        };
        if *last != stamp {
            *last = stamp;
            *count += 1;
        }
    }

    /// Every code counted, with its count.
    fn into_counts(self) -> Vec<(&'a str, usize)> {
        self.table
            .into_iter()
            .filter(|(_, count, _)| *count > 0)
            .map(|(code, count, _)| (code, count))
            .chain(
                self.other
                    .into_iter()
                    .map(|(code, (count, _))| (code, count)),
            )
            .collect()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::briefing::load::load_bytes;
    use std::path::Path;

    const YAML: &str = r#"
format: debrief/1
title: Test briefing about routers
actors:
  - {id: apt31, name: APT31, kind: threat-group, country: CN, aliases: [ZIRCONIUM, Judgment Panda, Violet Typhoon]}
  - {id: cz-mfa, name: Czech Ministry of Foreign Affairs, kind: government, country: CZ}
  - {id: nato, name: NATO, kind: alliance}
article:
  - text: APT31 hit the ministry. NATO spoke.
sources:
  - {id: s1, name: Ministry statement, reliability: B, actor: cz-mfa}
  - {id: s2, name: NATO statement, reliability: B, actor: nato}
claims:
  - {id: c1, text: APT31 did it, by: cz-mfa, actors: [apt31], sources: [s1], caveats: [k1]}
  - {id: c2, text: NATO is concerned, by: nato, sources: [s2]}
experts:
  - {id: e1, name: An Expert, on: [c1]}
caveats:
  - {id: k1, text: Attribution is hard}
  - {id: k2, text: NATO said little, applies_to: [c2]}
"#;

    fn briefing() -> Briefing {
        load_bytes(Path::new("t.yaml"), YAML.as_bytes())
            .briefing
            .expect("loads")
    }

    fn actors(ids: &[&str]) -> Filter {
        Filter {
            actors: ids.iter().map(|s| s.to_string()).collect(),
            ..Filter::default()
        }
    }

    #[test]
    fn actors_match_by_id_name_alias_ignoring_case_punctuation_and_slips() {
        let b = briefing();
        let apt31 = &b.actors[0];
        for q in [
            "apt31",
            "APT-31",
            "apt 31",
            "Zirconium",
            "judgement panda",
            "Judgment-Panda",
            "VIOLET TYPHOON",
        ] {
            assert!(actor_matches(apt31, q), "{q}");
        }
        for q in ["apt30", "APT3", "panda", ""] {
            assert!(!actor_matches(apt31, q), "{q}");
        }
        // Long enough for a slip, but a number is not a slip.
        let mut storm = apt31.clone();
        storm.id = "storm-0558".into();
        storm.name = "Storm-0558".into();
        storm.aliases.clear();
        assert!(actor_matches(&storm, "storn-0558"), "a slip in letters");
        for q in ["storm-0559", "Storm-558", "storm-05588"] {
            assert!(!actor_matches(&storm, q), "{q}");
        }
        assert!(actor_matches(
            &b.actors[1],
            "czech ministry of foreign affairs"
        ));
        assert_eq!(
            resolve_actors([&b], "zirconium"),
            ["apt31".to_string()].into()
        );
    }

    #[test]
    fn a_filter_shows_related_items_only() {
        let b = briefing();
        let v = visible(&b, &actors(&["apt31"]));
        assert_eq!(v.claims, [true, false]);
        assert_eq!(v.sources, [true, false], "the claim's source");
        assert_eq!(v.experts, [true], "the expert on the claim");
        assert_eq!(v.caveats, [true, false], "the claim's caveat");
        assert_eq!(v.hidden(), 3);
    }

    #[test]
    fn countries_come_from_claims_and_their_actors() {
        let b = briefing();
        let cn = Filter {
            countries: ["CN".to_string()].into(),
            ..Filter::default()
        };
        assert_eq!(visible(&b, &cn).claims, [true, false], "APT31 is Chinese");
        assert!(briefing_matches(&b, &cn));
        let fr = Filter {
            countries: ["FR".to_string()].into(),
            ..Filter::default()
        };
        assert!(!briefing_matches(&b, &fr));
        assert_eq!(visible(&b, &fr).hidden(), 7, "everything hidden");
    }

    #[test]
    fn values_of_one_kind_are_alternatives_and_kinds_combine() {
        let b = briefing();
        assert_eq!(
            visible(&b, &actors(&["apt31", "nato"])).claims,
            [true, true]
        );
        let mut both = actors(&["nato"]);
        both.countries.insert("CZ".into());
        assert_eq!(
            visible(&b, &both).claims,
            [false, false],
            "NATO and Czechia"
        );
    }

    #[test]
    fn text_matches_the_title_and_article() {
        let b = briefing();
        let mut f = Filter {
            text: "ROUTERS".into(),
            ..Filter::default()
        };
        assert!(briefing_matches(&b, &f));
        f.text = "spoke".into();
        assert!(briefing_matches(&b, &f));
        f.text = "sabotage".into();
        assert!(!briefing_matches(&b, &f));
    }

    #[test]
    fn facets_count_briefings_and_keep_selected_values() {
        let b = briefing();
        let all = [b];
        let f = actors(&["apt40"]);
        let facets = facets(&all, &[0], &f);
        assert!(
            facets
                .actors
                .iter()
                .any(|x| x.key == "apt31" && x.count == 1)
        );
        let sel = facets.actors.first().expect("selected first");
        assert_eq!(
            (sel.key.as_str(), sel.count, sel.selected),
            ("apt40", 0, true)
        );
        assert!(
            facets
                .countries
                .iter()
                .any(|x| x.key == "CZ" && x.label == "CZ Czechia")
        );
    }

    /// Every actor and country of the bundled library, alone, in pairs and
    /// with text, and ids no briefing has: the index gives what walking
    /// every briefing gives.
    #[test]
    fn the_index_matches_and_counts_as_the_briefings_do() {
        let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("briefings");
        let library = Library::load(&[root], &crate::briefing::Limits::default());
        assert!(library.briefings.len() > 3);
        assert_eq!(library.involves().len(), library.briefings.len());
        let mut filters = vec![Filter::default()];
        let actor_ids: BTreeSet<&str> = library
            .briefings
            .iter()
            .flat_map(|b| &b.actors)
            .map(|a| a.id.as_str())
            .chain(["no-such-actor"])
            .collect();
        let codes: BTreeSet<&str> = library
            .briefings
            .iter()
            .flat_map(|b| b.countries())
            .chain(["ZZ"])
            .collect();
        for id in &actor_ids {
            filters.push(actors(&[id]));
            for code in &codes {
                let mut f = actors(&[id]);
                f.countries.insert(code.to_string());
                filters.push(f);
            }
        }
        for code in &codes {
            filters.push(Filter {
                countries: [code.to_string()].into(),
                ..Filter::default()
            });
        }
        let ids: Vec<&str> = actor_ids.iter().copied().collect();
        for pair in ids.windows(2) {
            filters.push(actors(pair));
        }
        filters.push(Filter {
            text: "apt31".into(),
            ..actors(&[ids[0]])
        });
        let walk = |f: &Filter| -> Vec<usize> {
            (0..library.briefings.len())
                .filter(|&i| briefing_matches(&library.briefings[i], f))
                .collect()
        };
        for f in &filters {
            let walked = walk(f);
            let indexed = matching(&library, f);
            assert_eq!(indexed, walked, "{f:?}");
            assert_eq!(
                library_facets(&library, &indexed, f),
                facets(&library.briefings, &walked, f),
                "{f:?}"
            );
            // The sidebar: each side counted without its own values.
            let no_countries = Filter {
                countries: BTreeSet::new(),
                ..f.clone()
            };
            let no_actors = Filter {
                actors: BTreeSet::new(),
                ..f.clone()
            };
            let sidebar = Facets {
                actors: facets(&library.briefings, &walk(&no_actors), f).actors,
                countries: facets(&library.briefings, &walk(&no_countries), f).countries,
            };
            assert_eq!(narrow(&library, f), (walked, sidebar), "{f:?}");
            let numbered = Numbered::new(&library, f);
            for (i, b) in library.briefings.iter().enumerate() {
                let asked: Vec<usize> = (0..b.claims.len())
                    .filter(|&c| claim_involves(b, &b.claims[c], f))
                    .collect();
                let from_bits: Vec<usize> = involved_claims(&library, i, f, &numbered).collect();
                assert_eq!(from_bits, asked, "{f:?} in {}", b.id);
            }
        }
    }

    /// Past 64 claims the index keeps no bits for a briefing: its claims
    /// are asked one by one, with the same answer.
    #[test]
    fn a_briefing_of_many_claims_is_asked_claim_by_claim() {
        let mut yaml = String::from(
            "format: debrief/1\ntitle: Many\nactors:\n  - {id: x, name: X, kind: government, country: FR}\n  - {id: y, name: Y, kind: government}\narticle:\n  - text: Many claims.\nclaims:\n",
        );
        for c in 0..70 {
            let by = if c % 3 == 0 { "x" } else { "y" };
            yaml += &format!("  - {{id: c{c}, text: Claim {c}, by: {by}}}\n");
        }
        let loaded = load_bytes(Path::new("many.yaml"), yaml.as_bytes());
        let mut library = Library::default();
        library.add(Path::new("many.yaml"), loaded);
        assert_eq!(library.briefings[0].claims.len(), 70, "loads");
        for f in [
            actors(&["x"]),
            Filter {
                countries: ["FR".to_string()].into(),
                ..Filter::default()
            },
        ] {
            let numbered = Numbered::new(&library, &f);
            let found: Vec<usize> = involved_claims(&library, 0, &f, &numbered).collect();
            assert_eq!(found, (0..70).step_by(3).collect::<Vec<_>>(), "{f:?}");
        }
    }

    #[test]
    fn actor_names_added_in_batches_are_those_of_the_whole() {
        let b = briefing();
        let mut other = briefing();
        other.actors[0].name = "Another name for APT31".into();
        other.actors[1].id = "new-actor".into();
        let all = [b.clone(), other.clone()];
        let whole = ActorNames::new(&all);
        let mut batched = ActorNames::new([&b]);
        batched.add([&other]);
        for id in ["apt31", "cz-mfa", "nato", "new-actor", "unknown"] {
            assert_eq!(batched.name(id), whole.name(id), "{id}");
        }
        assert_eq!(batched.name("apt31"), "APT31", "the first name met stays");
    }

    #[test]
    fn suggestions_are_near_names() {
        let b = briefing();
        assert_eq!(suggest_actors([&b], "zirconum", 1), ["APT31"]);
        assert!(
            suggest_countries("Chekia", 3)
                .iter()
                .any(|s| s.contains("(CZ)"))
        );
    }
}
