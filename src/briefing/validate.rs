//! The rules a decoded briefing must keep (DESIGN.md 1.2): unique ids,
//! references that resolve to the right kind of item, ISO country codes,
//! quotes that name one span of the article; and the warning about actors
//! never referenced. (The warnings about a claim without sources and a source
//! without a grade are given by [`super::decode`], which knows whether the key
//! was written at all.)

use std::collections::{HashMap, HashSet};

use super::anchor::{self, AnchorProblem, Selector};
use super::decode::closest;
use super::diagnostic::{Diagnostics, Fix};
use super::model::*;
use super::origins;
use crate::text;

/// The kinds of item an id can name; ids share one namespace per briefing.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Kind {
    Actor,
    Paragraph,
    Source,
    Claim,
    Expert,
    Caveat,
}

impl Kind {
    fn name(self) -> &'static str {
        match self {
            Kind::Actor => "actor",
            Kind::Paragraph => "paragraph",
            Kind::Source => "source",
            Kind::Claim => "claim",
            Kind::Expert => "expert",
            Kind::Caveat => "caveat",
        }
    }
}

/// Checks everything, resolving anchors into `briefing` as it goes.
pub fn validate(briefing: &mut Briefing, diags: &mut Diagnostics) {
    let ids = index_ids(briefing, diags);
    check_references(briefing, &ids, diags);
    drop(ids);
    let derived_from = resolve_references(briefing);
    check_countries(briefing, diags);
    settle_countries(briefing);
    resolve_anchors(briefing, diags);
    check_provenance(briefing, &derived_from, diags);
    warn(briefing, diags);
}

fn index_ids<'b>(b: &'b Briefing, diags: &mut Diagnostics) -> HashMap<&'b str, (Kind, Pos)> {
    let all = b
        .actors
        .iter()
        .map(|x| (x.id.as_str(), Kind::Actor, x.pos))
        .chain(
            b.article
                .iter()
                .map(|x| (x.id.as_str(), Kind::Paragraph, x.pos)),
        )
        .chain(
            b.sources
                .iter()
                .map(|x| (x.id.as_str(), Kind::Source, x.pos)),
        )
        .chain(b.claims.iter().map(|x| (x.id.as_str(), Kind::Claim, x.pos)))
        .chain(
            b.experts
                .iter()
                .map(|x| (x.id.as_str(), Kind::Expert, x.pos)),
        )
        .chain(
            b.caveats
                .iter()
                .map(|x| (x.id.as_str(), Kind::Caveat, x.pos)),
        );
    let mut ids: HashMap<&str, (Kind, Pos)> = HashMap::new();
    for (id, kind, pos) in all {
        if id.is_empty() {
            continue; // already reported as missing
        }
        if let Some((first_kind, first_pos)) = ids.get(id) {
            diags
                .error(
                    pos,
                    format!(
                        "duplicate id `{id}`: the {} at line {} already uses it",
                        first_kind.name(),
                        first_pos.line
                    ),
                )
                .with_help(
                    "ids are unique across the whole briefing (actors, paragraphs, sources, claims, experts, caveats): rename one",
                );
        } else {
            ids.insert(id, (kind, pos));
        }
    }
    ids
}

/// Dangling references for which the nearest defined id is looked for; past
/// them the help lists ids only. Each look is a pass over the ids, and a
/// hostile file can hold a million references to nothing.
const SUGGESTIONS: usize = 100;

fn check_references(b: &Briefing, ids: &HashMap<&str, (Kind, Pos)>, diags: &mut Diagnostics) {
    // The ids of each kind, sorted, for the help of a wrong reference.
    let mut by_kind: [Vec<&str>; 6] = Default::default();
    for (id, (kind, _)) in ids {
        by_kind[*kind as usize].push(id);
    }
    for known in &mut by_kind {
        known.sort_unstable();
    }
    let defined = |want: Kind| &by_kind[want as usize];
    let mut suggestions = 0usize;
    let mut check = |owner: String, key: &str, r: &Ref, want: Kind| match ids.get(r.value.as_str())
    {
        Some((kind, _)) if *kind == want => {}
        Some((kind, _)) => {
            let known = defined(want);
            let help = if known.is_empty() {
                format!(
                    "`{key}` takes {} ids, and the briefing defines no {}",
                    want.name(),
                    want.name()
                )
            } else {
                format!(
                    "`{key}` takes {} ids; the {}s defined here are: {}",
                    want.name(),
                    want.name(),
                    list_some(known)
                )
            };
            diags
                .error(
                    r.pos,
                    format!(
                        "{owner}: `{key}` names `{}`, which is {} {}, not {} {}",
                        r.value,
                        article(kind.name()),
                        kind.name(),
                        article(want.name()),
                        want.name()
                    ),
                )
                .with_help(help)
                .underline(text::width(&r.value));
        }
        None => {
            let known = defined(want);
            suggestions += 1;
            let near = (suggestions <= SUGGESTIONS)
                .then(|| closest(&r.value, known))
                .flatten();
            let mut help = match (near, known.is_empty()) {
                (Some(near), _) => format!("did you mean `{near}`?"),
                (None, true) => format!("the briefing defines no {}", want.name()),
                (None, false) => format!(
                    "the {}s defined here are: {}",
                    want.name(),
                    list_some(known)
                ),
            };
            // An actor may be defined once for the whole folder instead.
            if want == Kind::Actor {
                help.push_str(
                    "; or define it under `actors:` here, or in the folder's `actors.yaml`",
                );
            }
            diags
                .error(
                    r.pos,
                    format!(
                        "{owner}: `{key}` names {} `{}` that is not defined",
                        want.name(),
                        r.value
                    ),
                )
                .with_help(help)
                .underline(text::width(&r.value));
        }
    };
    let para_of = |a: &Option<Anchor>| a.as_ref().and_then(|a| a.para().cloned());

    for s in &b.sources {
        if let Some(r) = &s.actor {
            check(format!("source `{}`", s.id), "actor", r, Kind::Actor);
        }
        for r in s.derived_from.as_written() {
            check(
                format!("source `{}`", s.id),
                "derived_from",
                r,
                Kind::Source,
            );
        }
    }
    for c in &b.claims {
        let owner = || format!("claim `{}`", c.id);
        for r in c.by.as_written() {
            check(owner(), "by", r, Kind::Actor);
        }
        for r in c.actors.as_written() {
            check(owner(), "actors", r, Kind::Actor);
        }
        for r in c.sources.as_written() {
            check(owner(), "sources", r, Kind::Source);
        }
        for r in c.caveats.as_written() {
            check(owner(), "caveats", r, Kind::Caveat);
        }
        if let Some(r) = para_of(&c.anchor) {
            check(owner(), "para", &r, Kind::Paragraph);
        }
    }
    for e in &b.experts {
        for r in e.on.as_written() {
            check(format!("expert `{}`", e.id), "on", r, Kind::Claim);
        }
        if let Some(r) = para_of(&e.anchor) {
            check(format!("expert `{}`", e.id), "para", &r, Kind::Paragraph);
        }
    }
    for k in &b.caveats {
        for r in k.applies_to.as_written() {
            check(format!("caveat `{}`", k.id), "applies_to", r, Kind::Claim);
        }
        if let Some(r) = &k.raised_by {
            check(format!("caveat `{}`", k.id), "raised_by", r, Kind::Expert);
        }
        if let Some(r) = para_of(&k.anchor) {
            check(format!("caveat `{}`", k.id), "para", &r, Kind::Paragraph);
        }
    }
}

/// Once checked, every list of references becomes the indices of the items
/// it names (see [`super::refs`]); a reference that names nothing of its
/// kind is an error already, and is left out. Returns each source's
/// `derived_from` as written, in the order of its indices, for the error at
/// a reference that closes a cycle.
fn resolve_references(b: &mut Briefing) -> Vec<Vec<Ref>> {
    fn index<'a>(ids: impl Iterator<Item = &'a Id>) -> HashMap<Id, usize> {
        let mut index = HashMap::new();
        for (i, id) in ids.enumerate() {
            index.entry(id.clone()).or_insert(i);
        }
        index
    }
    let actors = index(b.actors.iter().map(|a| &a.id));
    let sources = index(b.sources.iter().map(|s| &s.id));
    let claims = index(b.claims.iter().map(|c| &c.id));
    let caveats = index(b.caveats.iter().map(|k| &k.id));
    fn find(index: &HashMap<Id, usize>) -> impl Fn(&Ref) -> Option<usize> + '_ {
        |r| index.get(r.value.as_str()).copied()
    }
    let derived_from = b
        .sources
        .iter()
        .map(|s| {
            let written = s.derived_from.as_written().iter();
            written
                .filter(|r| find(&sources)(r).is_some())
                .cloned()
                .collect()
        })
        .collect();
    for s in &mut b.sources {
        s.derived_from.resolve(find(&sources));
    }
    for c in &mut b.claims {
        c.by.resolve(find(&actors));
        c.actors.resolve(find(&actors));
        c.sources.resolve(find(&sources));
        c.caveats.resolve(find(&caveats));
    }
    for e in &mut b.experts {
        e.on.resolve(find(&claims));
    }
    for k in &mut b.caveats {
        k.applies_to.resolve(find(&claims));
    }
    derived_from
}

fn article(word: &str) -> &'static str {
    if word.starts_with(['a', 'e', 'i', 'o', 'u']) {
        "an"
    } else {
        "a"
    }
}

/// The first few of a list, so a help line stays one line.
fn list_some(items: &[&str]) -> String {
    const SHOWN: usize = 12;
    let mut out = items
        .iter()
        .take(SHOWN)
        .copied()
        .collect::<Vec<_>>()
        .join(", ");
    if items.len() > SHOWN {
        out.push_str(&format!(", and {} more", items.len() - SHOWN));
    }
    out
}

fn check_countries(b: &Briefing, diags: &mut Diagnostics) {
    // A registry's actors were checked with the registry, in its own file.
    let codes = b
        .actors
        .iter()
        .filter(|a| a.registry.is_none())
        .filter_map(|a| a.country.as_ref())
        .chain(b.claims.iter().flat_map(|c| c.countries.as_written()));
    for code in codes {
        check_country(code, diags);
    }
}

/// Once checked, a claim keeps its codes alone (see [`super::codes`]).
fn settle_countries(b: &mut Briefing) {
    for c in &mut b.claims {
        c.countries.settle();
    }
}

/// An error at a country code that is not ISO 3166-1 alpha-2, with how to
/// write it: for briefings and the actor registry alike.
pub fn check_country(code: &Located<CountryCode>, diags: &mut Diagnostics) {
    if let Some(help) = country_problem(&code.value) {
        let d = diags
            .error(
                code.pos,
                format!("`{}` is not an ISO 3166-1 alpha-2 country code", code.value),
            )
            .with_help(help)
            .underline(text::width(&code.value));
        if let Some(right) = country_fix(&code.value) {
            d.with_fix(Fix::sure(code.pos, right));
        }
    }
}

/// The ISO 3166-1 alpha-2 code a wrong country code or a country's name
/// stands for, when it names one country: `Czechia`, `cz` and `CZE` are `CZ`.
pub fn country_fix(code: &str) -> Option<String> {
    if code.eq_ignore_ascii_case("uk") {
        return Some("GB".into());
    }
    if code.eq_ignore_ascii_case("eu") {
        return None;
    }
    let folded: String = text::fold(code).replace(' ', "");
    let found = celes::Country::from_alpha2(code)
        .or_else(|_| celes::Country::from_alpha3(code))
        .or_else(|_| folded.parse::<celes::Country>())
        .ok()?;
    Some(found.alpha2.to_string()).filter(|right| right != code)
}

/// What is wrong with a country code and how to write it, or `None` if it is right.
pub fn country_problem(code: &str) -> Option<String> {
    if code.len() == 2
        && code.bytes().all(|b| b.is_ascii_uppercase())
        && celes::Country::from_alpha2(code).is_ok()
    {
        return None;
    }
    if code.eq_ignore_ascii_case("uk") {
        return Some("the United Kingdom's code is `GB`".into());
    }
    if code.eq_ignore_ascii_case("eu") {
        return Some(
            "the European Union is not a country; make it an actor of kind `alliance`".into(),
        );
    }
    let folded: String = text::fold(code).replace(' ', "");
    let found = celes::Country::from_alpha2(code)
        .or_else(|_| celes::Country::from_alpha3(code))
        .or_else(|_| folded.parse::<celes::Country>());
    Some(match found {
        Ok(country) => format!("write `{}` ({})", country.alpha2, country.long_name),
        Err(_) => "use the two-letter code in capitals, such as `CZ`, `CN`, `GB`, `US`".into(),
    })
}

/// Bytes of article text that finding the quotes of one briefing may read.
/// Each quote costs a pass over the article, or over its `para` (and two
/// more over the article when it is not found, for the hint), so this is
/// what bounds the time of checking many quotes in a long article: well
/// under a second, even on a busy machine. An honest briefing uses a sliver
/// of it (a hundred quotes in a 100 KB article read 10 MB; a hundred in a
/// 5 MB article, 500 MB).
const MAX_SEARCH_BYTES: u64 = 512 << 20;

fn resolve_anchors(b: &mut Briefing, diags: &mut Diagnostics) {
    let article = &b.article;
    let anchors = b
        .claims
        .iter_mut()
        .map(|c| (format!("claim `{}`", c.id), &mut c.anchor))
        .chain(
            b.experts
                .iter_mut()
                .map(|e| (format!("expert `{}`", e.id), &mut e.anchor)),
        )
        .chain(
            b.caveats
                .iter_mut()
                .map(|k| (format!("caveat `{}`", k.id), &mut k.anchor)),
        );
    let paragraphs: HashMap<&str, usize> = article
        .iter()
        .enumerate()
        .map(|(i, p)| (p.id.as_str(), i))
        .collect();
    let article_bytes: u64 = article.iter().map(|p| p.text.len() as u64).sum();
    let mut searched = 0u64;
    for (owner, anchor) in anchors {
        let Some(anchor) = anchor else { continue };
        let para = match anchor.para() {
            Some(r) => match paragraphs.get(r.value.as_str()) {
                Some(&i) => Some(i),
                None => continue, // a dangling `para`, reported with the references
            },
            None => None,
        };
        // The search reads the paragraph named, or the whole article.
        let scope = para.map_or(article_bytes, |i| article[i].text.len() as u64);
        searched = searched.saturating_add(scope);
        if searched > MAX_SEARCH_BYTES {
            diags
                .error(
                    anchor.quote.pos,
                    format!(
                        "{owner}: debrief stops finding quotes here: the quotes of this briefing, in an article of {} bytes, need more than {} MiB of searching",
                        text::thousands(usize::try_from(article_bytes).unwrap_or(usize::MAX)),
                        MAX_SEARCH_BYTES >> 20
                    ),
                )
                .with_help("split the article into several briefings, or anchor fewer items with `quote`");
            return;
        }
        let selector = Selector {
            quote: &anchor.quote.value,
            prefix: anchor.prefix(),
            suffix: anchor.suffix(),
            para,
        };
        let pos = anchor.quote.pos;
        let width = text::width(&anchor.quote.value);
        match anchor::resolve(article, selector) {
            Ok(span) => anchor.span = Some(span),
            Err(AnchorProblem::NotFound { hint, closest }) => {
                // The hint looked in the other paragraphs, then for the
                // closest span in the paragraph and in the article, and
                // checked that span once more.
                searched = searched.saturating_add(article_bytes.saturating_mul(5));
                let d = diags
                    .error(
                        pos,
                        format!("{owner}: the quote is not found in the article"),
                    )
                    .underline(width);
                d.with_help(hint.unwrap_or_else(|| {
                    "a quote must be the article's exact words; line breaks and runs of spaces count as one space".into()
                }));
                if let Some(c) = closest {
                    d.with_fix(match c.doubt {
                        None => Fix::sure(pos, c.quote),
                        Some(doubt) => Fix::guess(pos, c.quote, doubt),
                    });
                }
            }
            Err(AnchorProblem::TooCommon) => {
                diags
                    .error(
                        pos,
                        format!(
                            "{owner}: the quote occurs more than {} times where it is searched",
                            text::thousands(anchor::MAX_OCCURRENCES)
                        ),
                    )
                    .with_help("quote more of the words, so the quote names one place")
                    .underline(width);
            }
            Err(AnchorProblem::Ambiguous { places }) => {
                diags
                    .error(
                        pos,
                        format!(
                            "{owner}: the quote is ambiguous: it occurs {} times (in {})",
                            places.len(),
                            count_places(&places)
                        ),
                    )
                    .with_help("add `para:`, or `prefix:`/`suffix:` (the words just before or after), to pick one")
                    .underline(width);
            }
        }
    }
}

/// "p1 twice, p3": where an ambiguous quote occurs, each paragraph named once.
fn count_places(places: &[String]) -> String {
    let mut counted: Vec<(&str, usize)> = Vec::new();
    for place in places {
        match counted.iter_mut().find(|(p, _)| p == place) {
            Some((_, n)) => *n += 1,
            None => counted.push((place, 1)),
        }
    }
    counted
        .iter()
        .map(|(p, n)| match n {
            1 => p.to_string(),
            2 => format!("{p} twice"),
            n => format!("{p} {n} times"),
        })
        .collect::<Vec<_>>()
        .join(", ")
}

/// `derived_from` must not go round in a circle; and the two warnings about
/// what a judgement rests on: a high likelihood from what is one origin
/// however many sources relay it, and high confidence in sources graded
/// unreliable or not judged.
fn check_provenance(b: &Briefing, derived_from: &[Vec<Ref>], diags: &mut Diagnostics) {
    for cycle in origins::cycles(b) {
        let Some(&last) = cycle.sources.last() else {
            continue;
        };
        let Some(r) = derived_from
            .get(last)
            .and_then(|d| d.get(cycle.closing_ref))
        else {
            continue;
        };
        let mut names: Vec<&str> = cycle
            .sources
            .iter()
            .map(|&i| b.sources[i].id.as_str())
            .collect();
        names.push(b.sources[cycle.sources[0]].id.as_str());
        diags
            .error(
                r.pos,
                format!(
                    "source `{}`: `derived_from` makes a cycle: {}",
                    b.sources[last].id,
                    names.join(" → ")
                ),
            )
            .with_help("a source cannot get its information from itself, even through others: remove one link of the cycle")
            .underline(text::width(&r.value));
    }
    if b.sources.iter().all(|s| s.derived_from.is_empty())
        && b.claims.iter().all(|c| c.confidence.is_none())
    {
        return;
    }
    let origins = origins::Origins::new(b);
    for c in &b.claims {
        let high = matches!(
            c.likelihood,
            Some(Likelihood::AlmostCertain | Likelihood::VeryLikely)
        );
        if high && c.sources.len() > 1 {
            let from = origins.of_claim(b, c);
            if let [one] = from[..] {
                diags
                    .warning(
                        c.pos,
                        format!(
                            "claim `{}` is `{}`, but its {} sources all come from one origin, `{}`",
                            c.id,
                            c.likelihood.map_or("", Likelihood::word),
                            c.sources.len(),
                            b.sources[one].id
                        ),
                    )
                    .with_help("sources that relay one another are one source: lower the likelihood, or cite an independent source");
            }
        }
        if c.confidence == Some(AnalyticConfidence::High)
            && !c.sources.is_empty()
            && c.sources
                .of(&b.sources)
                .all(|s| matches!(s.reliability, Some(Reliability::E | Reliability::F)))
        {
            diags
                .warning(
                    c.pos,
                    format!(
                        "claim `{}` has high confidence, but rests only on sources graded E or F",
                        c.id
                    ),
                )
                .with_help("high confidence needs reliable sources: lower the confidence to moderate or low, or cite a source graded A to D");
        }
    }
}

fn warn(b: &Briefing, diags: &mut Diagnostics) {
    // Collected once: asking every claim about every actor is quadratic.
    let referenced: HashSet<&str> = b
        .claims
        .iter()
        .flat_map(|c| c.by.of(&b.actors).chain(c.actors.of(&b.actors)))
        .map(|a| a.id.as_str())
        .chain(
            b.sources
                .iter()
                .filter_map(|s| s.actor.as_ref())
                .map(|r| r.value.as_str()),
        )
        .collect();
    for a in &b.actors {
        if !a.id.is_empty() && !referenced.contains(a.id.as_str()) {
            diags
                .warning(a.pos, format!("actor `{}` is never referenced", a.id))
                .with_help(
                    "name it in a claim's `by` or `actors`, or a source's `actor`, or remove it",
                );
        }
    }
}
