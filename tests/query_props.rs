//! Properties of filtering over generated briefings: an empty filter hides
//! nothing, and a filter never hides an item that involves what it names.

use std::collections::BTreeSet;
use std::path::PathBuf;

use debrief::briefing::*;
use debrief::query::{self, Filter};
use proptest::prelude::*;

const COUNTRIES: [&str; 4] = ["CZ", "CN", "GB", "US"];
const ACTORS: usize = 5;

fn at<T>(value: T) -> Located<T> {
    Located {
        value,
        pos: Pos::default(),
    }
}

/// References as validation leaves them: indices of items that exist.
fn ids(picks: &[usize], n: usize) -> Refs {
    if n == 0 {
        return Refs::default();
    }
    let set: BTreeSet<usize> = picks.iter().map(|p| p % n).collect();
    set.into_iter().collect()
}

/// A briefing from numbers: every reference points at an item that exists.
#[allow(clippy::type_complexity)]
fn briefing(
    actor_countries: Vec<Option<usize>>,
    sources: Vec<Option<usize>>,
    claims: Vec<(
        Option<usize>,
        Vec<usize>,
        Vec<usize>,
        Vec<usize>,
        Vec<usize>,
    )>,
    experts: Vec<Vec<usize>>,
    caveats: Vec<Vec<usize>>,
) -> Briefing {
    let n_claims = claims.len();
    Briefing {
        path: PathBuf::from("gen.yaml"),
        format: Default::default(),
        id: "gen".into(),
        title: "generated".into(),
        outlet: None,
        published: None,
        undated: false,
        retrieved: None,
        tlp: None,
        retold: false,
        url: None,
        summary: None,
        tags: Vec::new(),
        actors: actor_countries
            .iter()
            .enumerate()
            .map(|(i, c)| Actor {
                id: format!("a{i}").into(),
                name: format!("Actor {i}").into(),
                kind: None,
                country: c.map(|c| at(COUNTRIES[c % COUNTRIES.len()].into())),
                aliases: Vec::new(),
                refs: Vec::new(),
                registry: None,
                pos: Pos::default(),
            })
            .collect(),
        article: vec![Paragraph {
            id: "p1".into(),
            text: "text".into(),
            pos: Pos::default(),
        }],
        sources: sources
            .iter()
            .enumerate()
            .map(|(i, actor)| Source {
                id: format!("s{i}").into(),
                name: format!("Source {i}"),
                kind: None,
                reliability: None,
                url: None,
                actor: actor.map(|a| at(format!("a{}", a % ACTORS).into())),
                published: None,
                derived_from: Refs::default(),
                derived_from_at: None,
                pos: Pos::default(),
            })
            .collect(),
        claims: claims
            .iter()
            .enumerate()
            .map(|(i, (by, actors, countries, srcs, cavs))| Claim {
                id: format!("c{i}").into(),
                text: "claim".into(),
                anchor: None,
                by: by.map(|a| a % ACTORS).into_iter().collect(),
                actors: ids(actors, ACTORS),
                countries: countries
                    .iter()
                    .map(|c| COUNTRIES[c % COUNTRIES.len()])
                    .collect(),
                kind: Default::default(),
                likelihood: None,
                confidence: None,
                more: None,
                sources: ids(srcs, sources.len()),
                caveats: ids(cavs, caveats.len()),
                pos: Pos::default(),
            })
            .collect(),
        experts: experts
            .iter()
            .enumerate()
            .map(|(i, on)| Expert {
                id: format!("e{i}").into(),
                name: format!("Expert {i}").into(),
                affiliation: None,
                says: None,
                anchor: None,
                stance: None,
                on: ids(on, n_claims),
                pos: Pos::default(),
            })
            .collect(),
        caveats: caveats
            .iter()
            .enumerate()
            .map(|(i, applies)| Caveat {
                id: format!("k{i}").into(),
                text: "caveat".into(),
                anchor: None,
                applies_to: ids(applies, n_claims),
                raised_by: None,
                pos: Pos::default(),
            })
            .collect(),
        id_pos: Pos::default(),
    }
}

fn arb_briefing() -> impl Strategy<Value = Briefing> {
    let picks = || prop::collection::vec(0usize..8, 0..3);
    (
        prop::collection::vec(prop::option::of(0usize..4), ACTORS..=ACTORS),
        prop::collection::vec(prop::option::of(0usize..ACTORS), 0..5),
        prop::collection::vec(
            (
                prop::option::of(0usize..ACTORS),
                picks(),
                picks(),
                picks(),
                picks(),
            ),
            0..6,
        ),
        prop::collection::vec(picks(), 0..4),
        prop::collection::vec(picks(), 0..4),
    )
        .prop_map(|(a, s, c, e, k)| briefing(a, s, c, e, k))
}

fn arb_filter() -> impl Strategy<Value = Filter> {
    (
        prop::collection::btree_set(0usize..ACTORS + 1, 0..3),
        prop::collection::btree_set(0usize..COUNTRIES.len(), 0..3),
    )
        .prop_map(|(actors, countries)| Filter {
            // a5 exists in no briefing: a filter may name an absent actor.
            actors: actors.into_iter().map(|i| format!("a{i}")).collect(),
            countries: countries
                .into_iter()
                .map(|i| COUNTRIES[i].to_string())
                .collect(),
            text: String::new(),
        })
}

/// The oracle, written from the words rather than from the code.
fn involves(b: &Briefing, claim: &Claim, f: &Filter) -> bool {
    let names: Vec<&str> = claim
        .by
        .ids(&b.actors)
        .chain(claim.actors.ids(&b.actors))
        .collect();
    let mut countries: Vec<&str> = claim.countries.iter().collect();
    for id in &names {
        if let Some(Some(c)) = b.actor(id).map(|a| a.country.as_ref()) {
            countries.push(&c.value);
        }
    }
    (f.actors.is_empty() || names.iter().any(|n| f.actors.contains(*n)))
        && (f.countries.is_empty() || countries.iter().any(|c| f.countries.contains(*c)))
}

proptest! {
    #[test]
    fn an_empty_filter_hides_nothing(b in arb_briefing()) {
        let v = query::visible(&b, &Filter::default());
        prop_assert_eq!(v.hidden(), 0);
        prop_assert!(query::briefing_matches(&b, &Filter::default()));
    }

    #[test]
    fn a_filter_never_hides_what_involves_it(b in arb_briefing(), f in arb_filter()) {
        let v = query::visible(&b, &f);
        for (i, claim) in b.claims.iter().enumerate() {
            let inv = involves(&b, claim, &f);
            prop_assert_eq!(v.claims[i], inv, "claim {} shown iff it involves the filter", claim.id);
            if !inv {
                continue;
            }
            prop_assert!(query::briefing_matches(&b, &f), "a briefing with a matching claim matches");
            for s in claim.sources.iter() {
                prop_assert!(v.sources[s], "source {} of a shown claim", b.sources[s].id);
            }
            for k in claim.caveats.iter() {
                prop_assert!(v.caveats[k], "caveat {} of a shown claim", b.caveats[k].id);
            }
            for (e, expert) in b.experts.iter().enumerate() {
                if expert.on.contains(i) {
                    prop_assert!(v.experts[e], "expert {} on a shown claim", expert.id);
                }
            }
            for (k, caveat) in b.caveats.iter().enumerate() {
                if caveat.applies_to.contains(i) {
                    prop_assert!(v.caveats[k], "caveat {} applying to a shown claim", caveat.id);
                }
            }
        }
        for (s, source) in b.sources.iter().enumerate() {
            let Some(actor) = source.actor.as_ref().and_then(|r| b.actor(&r.value)) else { continue };
            let country = actor.country.as_ref().map(|c| c.value.as_str());
            let named = (f.actors.is_empty() || f.actors.contains(actor.id.as_str()))
                && (f.countries.is_empty() || country.is_some_and(|c| f.countries.contains(c)));
            if named {
                prop_assert!(v.sources[s], "source {} whose actor the filter names", source.id);
            }
        }
    }
}
