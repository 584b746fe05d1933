//! Counts behind the overview charts, for one briefing or a whole library.

use std::collections::HashMap;

use crate::briefing::{Briefing, Likelihood, Reliability};
use crate::query::{self, Filter};

/// Bars of one chart: a label and a count, in the order they are drawn.
pub type Bars = Vec<(String, u64)>;

#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Overview {
    /// Claims asserted by or involving each actor, most first.
    pub claims_by_actor: Bars,
    /// Claims involving each country (ISO code), most first.
    pub claims_by_country: Bars,
    /// Claims per ICD 203 word, least to most likely, then those without one.
    pub claims_by_confidence: Bars,
    /// Sources per Admiralty grade, A to F, then those without one.
    pub sources_by_reliability: Bars,
}

/// Every claim and source of `briefings`.
pub fn overview<'a>(briefings: impl IntoIterator<Item = &'a Briefing>) -> Overview {
    overview_under(briefings, &Filter::default())
}

/// What the filter leaves of `briefings`: the claims and sources the
/// briefing screen lists under it ([`query::visible`]), counted by the
/// actors and countries each claim involves ([`query::claim_actors`],
/// [`query::claim_countries`]), so a bar equals what a pane shows.
pub fn overview_under<'a>(
    briefings: impl IntoIterator<Item = &'a Briefing>,
    filter: &Filter,
) -> Overview {
    let narrowed = !(filter.actors.is_empty() && filter.countries.is_empty());
    // Actors are counted by id, so one actor across many briefings is one bar.
    let mut by_actor: HashMap<&str, (&str, u64)> = HashMap::new();
    let mut by_country: HashMap<&str, u64> = HashMap::new();
    let mut by_confidence: HashMap<Option<Likelihood>, u64> = HashMap::new();
    let mut by_reliability: HashMap<Option<Reliability>, u64> = HashMap::new();

    // One buffer each for all claims: a claim counts once per actor and
    // country however often it names one, and most name two or three.
    let mut actors: Vec<&str> = Vec::new();
    let mut countries: Vec<&str> = Vec::new();
    for b in briefings {
        let visible = narrowed.then(|| query::visible(b, filter));
        let shown = |list: fn(&query::Visible) -> &Vec<bool>, i: usize| {
            visible
                .as_ref()
                .is_none_or(|v| list(v).get(i).copied().unwrap_or(false))
        };
        for (i, claim) in b.claims.iter().enumerate() {
            if !shown(|v| &v.claims, i) {
                continue;
            }
            actors.clear();
            actors.extend(query::claim_actors(b, claim));
            actors.sort_unstable();
            actors.dedup();
            for &id in &actors {
                // The name is looked up only for an actor not counted before.
                by_actor
                    .entry(id)
                    .or_insert_with(|| (b.actor(id).map_or(id, |a| a.name.as_str()), 0))
                    .1 += 1;
            }
            countries.clear();
            countries.extend(query::claim_countries(b, claim));
            countries.sort_unstable();
            countries.dedup();
            for &c in &countries {
                *by_country.entry(c).or_default() += 1;
            }
            *by_confidence.entry(claim.likelihood).or_default() += 1;
        }
        for (i, source) in b.sources.iter().enumerate() {
            if !shown(|v| &v.sources, i) {
                continue;
            }
            *by_reliability.entry(source.reliability).or_default() += 1;
        }
    }

    let most_first = |mut bars: Bars| {
        bars.sort_by(|a, b| b.1.cmp(&a.1).then_with(|| a.0.cmp(&b.0)));
        bars
    };
    let in_order = |words: Vec<(String, u64)>, unstated: u64, label: &str| {
        let mut bars = words;
        if unstated > 0 {
            bars.push((label.to_owned(), unstated));
        }
        bars
    };
    Overview {
        claims_by_actor: most_first(
            by_actor
                .into_values()
                .map(|(name, n)| (name.to_owned(), n))
                .collect(),
        ),
        claims_by_country: most_first(
            by_country
                .into_iter()
                .map(|(c, n)| (c.to_owned(), n))
                .collect(),
        ),
        claims_by_confidence: in_order(
            Likelihood::ALL
                .iter()
                .map(|c| {
                    (
                        c.word().to_owned(),
                        by_confidence.get(&Some(*c)).copied().unwrap_or(0),
                    )
                })
                .collect(),
            by_confidence.get(&None).copied().unwrap_or(0),
            "not stated",
        ),
        sources_by_reliability: in_order(
            Reliability::ALL
                .iter()
                .map(|r| {
                    (
                        format!("{r} {}", r.meaning()),
                        by_reliability.get(&Some(*r)).copied().unwrap_or(0),
                    )
                })
                .collect(),
            by_reliability.get(&None).copied().unwrap_or(0),
            "not graded",
        ),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::briefing::load::load_bytes;
    use std::path::Path;

    #[test]
    fn counts_each_claim_once_per_actor_and_country() {
        let yaml = r#"
format: debrief/1
title: t
actors:
  - {id: a, name: Alpha}
  - {id: b, name: Beta}
article:
  - text: x
sources:
  - {id: s1, name: S, reliability: B, actor: a}
  - {id: s2, name: S, actor: b}
claims:
  - {id: c1, text: x, by: a, actors: [a, b], countries: [CZ, CN], confidence: likely, sources: [s1]}
  - {id: c2, text: y, actors: [a], countries: [CZ], sources: [s1]}
"#;
        let b = load_bytes(Path::new("t.yaml"), yaml.as_bytes())
            .briefing
            .expect("loads");
        let o = overview([&b]);
        assert_eq!(o.claims_by_actor, [("Alpha".into(), 2), ("Beta".into(), 1)]);
        assert_eq!(o.claims_by_country, [("CZ".into(), 2), ("CN".into(), 1)]);
        let likely = o
            .claims_by_confidence
            .iter()
            .find(|(w, _)| w == "likely")
            .expect("every word has a bar");
        assert_eq!(likely.1, 1);
        assert_eq!(
            o.claims_by_confidence.last(),
            Some(&("not stated".into(), 1))
        );
        assert_eq!(
            o.sources_by_reliability[1],
            ("B usually reliable".into(), 1)
        );
        assert_eq!(
            o.sources_by_reliability.last(),
            Some(&("not graded".into(), 1))
        );
    }
}
