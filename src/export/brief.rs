//! The brief: what an analyst hands on, built once and rendered in every
//! format from the same content (the templates read it; the JSON export is
//! it). Bottom line first, then the key judgements in the analyst's order,
//! each caveat, expert and source once, notes under the item they are on.
//!
//! What goes in: the marked items (or, with [`Scope::All`], everything the
//! filter leaves), and every item that carries a note, since a note says the
//! item matters. A judgement brings its caveats, the experts who speak to it
//! and its sources; sources are numbered once across the whole brief (`S1`),
//! caveats too (`K1`), so a library brief cites one source one way.

use std::collections::HashMap;

use serde::Serialize;
use time::Date;

use super::Scope;
use crate::briefing::origins::Origins;
use crate::briefing::{Briefing, Claim};
use crate::marks::{Kind, Marks, Target};
use crate::query::{self, ActorNames, Filter};
use crate::text;

/// The shape's name and version; docs/EXPORT.md describes it.
pub const FORMAT: &str = "debrief-summary/3";

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Brief {
    pub format: &'static str,
    /// The brief's heading: the briefing's title, or the library brief's.
    pub title: String,
    /// `briefing` (one file) or `library` (many).
    pub kind: &'static str,
    /// YYYY-MM-DD.
    pub exported: String,
    pub scope: Scope,
    /// The filter in words, when there is one.
    pub filter: Option<String>,
    /// The most restrictive TLP of the briefings in it.
    pub tlp: Option<TlpOut>,
    pub briefings: Vec<BriefingOut>,
    /// Every source the brief cites, numbered once.
    pub sources: Vec<SourceOut>,
    /// Marks and notes whose item a briefing no longer has ("claim c9").
    pub missing: Vec<String>,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct TlpOut {
    /// `amber+strict`.
    pub word: String,
    /// `TLP:AMBER+STRICT`.
    pub label: String,
    /// Who may see it, in TLP 2.0's words.
    pub meaning: &'static str,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct BriefingOut {
    pub id: String,
    pub title: String,
    pub outlet: Option<String>,
    /// The date for people: `2021-06-17`, `2021-06`, `undated, read 2025-06-02`.
    pub date: Option<String>,
    pub published: Option<String>,
    pub undated: bool,
    pub retrieved: Option<String>,
    pub tlp: Option<TlpOut>,
    /// The article text is a retelling, not the original words.
    pub retold: bool,
    pub url: Option<String>,
    /// The same address when it is one a link can safely be made of (http or https).
    pub link: Option<String>,
    /// The briefing's file, as it was given.
    pub file: String,
    /// The analyst's summary.
    pub bottom_line: Option<String>,
    pub judgements: Vec<JudgementOut>,
    pub caveats: Vec<CaveatOut>,
    pub experts: Vec<ExpertOut>,
    pub passages: Vec<PassageOut>,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct JudgementOut {
    pub id: String,
    /// `BRIEFING-ID#CLAIM-ID`, what `same_as` takes.
    pub reference: String,
    pub text: String,
    pub marked: bool,
    /// `reported` (the text or its sources assert it) or `assessment` (the analyst's own).
    pub kind: String,
    pub likelihood: Option<String>,
    /// The likelihood in words: `very likely`.
    pub likelihood_words: Option<String>,
    pub confidence: Option<String>,
    /// Both in words: `very likely (moderate confidence)`.
    pub estimate: Option<String>,
    /// The source's own estimative words.
    pub stated: Option<String>,
    pub when: Option<String>,
    /// Names of who asserts it.
    pub by: Vec<String>,
    pub quote: Option<String>,
    pub techniques: Vec<String>,
    pub same_as: Vec<String>,
    /// The brief's source references, `S1`, with each one's grade.
    pub sources: Vec<Cite>,
    pub source_count: usize,
    /// Independent origins of those sources (`derived_from` followed).
    pub origin_count: usize,
    /// `3 sources, 1 origin`.
    pub basis: String,
    /// The brief's caveat references, `K2`.
    pub caveats: Vec<String>,
    pub note: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Cite {
    pub reference: String,
    pub reliability: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct CaveatOut {
    pub reference: String,
    pub id: String,
    pub text: String,
    pub quote: Option<String>,
    /// Ids of the claims it limits.
    pub limits: Vec<String>,
    pub raised_by: Option<String>,
    pub marked: bool,
    pub note: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct ExpertOut {
    pub id: String,
    pub name: String,
    pub affiliation: Option<String>,
    pub stance: Option<String>,
    pub says: Option<String>,
    pub quote: Option<String>,
    /// Ids of the claims the expert speaks to.
    pub on: Vec<String>,
    pub marked: bool,
    pub note: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct PassageOut {
    pub paragraph: String,
    pub text: String,
    pub note: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct SourceOut {
    pub reference: String,
    /// The briefing and id it has there (the first, where several cite it).
    pub briefing: String,
    pub id: String,
    pub name: String,
    pub kind: Option<String>,
    pub reliability: Option<String>,
    /// What the grade means: `usually reliable`.
    pub reliability_words: Option<String>,
    pub date: Option<String>,
    /// Names of the sources it relays.
    pub via: Vec<String>,
    pub url: Option<String>,
    pub link: Option<String>,
    pub marked: bool,
    pub note: Option<String>,
}

/// One briefing with the analyst's marks on it.
pub type Part<'a> = (&'a Briefing, &'a Marks);

/// Builds the brief of one or more briefings. `today` is passed in so
/// exports are reproducible.
pub fn brief(
    parts: &[Part],
    filter: &Filter,
    names: &ActorNames,
    scope: Scope,
    today: Date,
) -> Brief {
    let mut sources = Sources::default();
    let mut next_caveat = 1;
    let mut briefings = Vec::new();
    let mut missing = Vec::new();
    for &(b, marks) in parts {
        let out = one(b, marks, filter, scope, &mut sources, &mut next_caveat);
        missing.extend(
            marks
                .orphans(b)
                .iter()
                .map(|t| text::clean(&format!("{t} in {}", b.id))),
        );
        briefings.push(out);
    }
    let tlp = parts.iter().filter_map(|(b, _)| b.tlp).max().map(tlp_out);
    let title = match parts {
        [(b, _)] => text::clean(&b.title),
        _ => format!(
            "Brief of {} briefings",
            briefings.iter().filter(|b| has_content(b)).count()
        ),
    };
    Brief {
        format: FORMAT,
        title,
        kind: if parts.len() == 1 {
            "briefing"
        } else {
            "library"
        },
        exported: today.to_string(),
        scope,
        filter: (!filter.is_empty()).then(|| text::clean(&filter.describe(names))),
        tlp,
        // A library brief leaves out briefings with nothing in it.
        briefings: if parts.len() == 1 {
            briefings
        } else {
            briefings.into_iter().filter(has_content).collect()
        },
        sources: sources.list,
        missing,
    }
}

fn has_content(b: &BriefingOut) -> bool {
    !(b.judgements.is_empty()
        && b.caveats.is_empty()
        && b.experts.is_empty()
        && b.passages.is_empty())
}

impl Brief {
    /// Items the analyst marked that it carries.
    pub fn marked_count(&self) -> usize {
        self.briefings
            .iter()
            .map(|b| {
                b.judgements.iter().filter(|x| x.marked).count()
                    + b.caveats.iter().filter(|x| x.marked).count()
                    + b.experts.iter().filter(|x| x.marked).count()
                    + b.passages.len()
            })
            .sum::<usize>()
            + self.sources.iter().filter(|s| s.marked).count()
    }

    /// Every item it carries.
    pub fn len(&self) -> usize {
        self.briefings
            .iter()
            .map(|b| b.judgements.len() + b.caveats.len() + b.experts.len() + b.passages.len())
            .sum::<usize>()
            + self.sources.len()
    }

    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }
}

/// The sources cited so far, numbered in order of first citation; one
/// source named alike (name and address) in several briefings is one entry.
#[derive(Default)]
struct Sources {
    list: Vec<SourceOut>,
    by_key: HashMap<(String, Option<String>), usize>,
}

impl Sources {
    fn cite(&mut self, b: &Briefing, i: usize, marks: &Marks) -> Cite {
        let s = &b.sources[i];
        let key = (text::fold(&s.name), s.url.clone());
        let target = Target::new(Kind::Source, &s.id);
        let at = match self.by_key.get(&key) {
            Some(&at) => at,
            None => {
                let at = self.list.len();
                let via = s
                    .derived_from
                    .of(&b.sources)
                    .map(|x| text::clean(&x.name))
                    .collect();
                self.list.push(SourceOut {
                    reference: format!("S{}", at + 1),
                    briefing: text::clean(&b.id),
                    id: text::clean(&s.id),
                    name: text::clean(&s.name),
                    kind: s.kind.map(|k| k.word().to_owned()),
                    reliability: s.reliability.map(|r| r.word().to_owned()),
                    reliability_words: s.reliability.map(|r| r.meaning().to_owned()),
                    date: s.published.map(|d| d.to_string()),
                    via,
                    url: s.url.as_deref().map(text::clean),
                    link: s.url.as_deref().and_then(safe_link),
                    marked: false,
                    note: None,
                });
                self.by_key.insert(key, at);
                at
            }
        };
        let out = &mut self.list[at];
        out.marked |= marks.is_marked(&target);
        if out.note.is_none() {
            out.note = marks.note(&target).map(text::clean);
        }
        Cite {
            reference: out.reference.clone(),
            reliability: out.reliability.clone(),
        }
    }
}

fn one(
    b: &Briefing,
    marks: &Marks,
    filter: &Filter,
    scope: Scope,
    sources: &mut Sources,
    next_caveat: &mut usize,
) -> BriefingOut {
    let visible = query::visible(b, filter);
    let wanted = |kind: Kind, id: &str| {
        let t = Target::new(kind, id);
        scope == Scope::All || marks.is_marked(&t) || marks.note(&t).is_some()
    };
    let note = |kind: Kind, id: &str| marks.note(&Target::new(kind, id)).map(text::clean);

    // The judgements: the analyst's order first, then the briefing's.
    let mut claims: Vec<&Claim> = marks
        .judgements(b)
        .into_iter()
        .filter(|c| claim_visible(b, &visible, c))
        .collect();
    for (i, c) in b.claims.iter().enumerate() {
        if visible.claims[i] && !claims.iter().any(|x| x.id == c.id) && wanted(Kind::Claim, &c.id) {
            claims.push(c);
        }
    }
    let shown: Vec<&str> = claims.iter().map(|c| c.id.as_str()).collect();

    // Caveats: those that limit a judgement, and those wanted for themselves.
    let limits = |ki: usize, k: &crate::briefing::Caveat| -> Vec<String> {
        let mut ids: Vec<String> = k
            .applies_to
            .of(&b.claims)
            .map(|c| c.id.to_string())
            .collect();
        for c in &b.claims {
            if c.caveats.contains(ki) && !ids.iter().any(|x| *x == c.id) {
                ids.push(c.id.to_string());
            }
        }
        ids.iter().map(|x| text::clean(x)).collect()
    };
    let mut caveats = Vec::new();
    for (i, k) in b.caveats.iter().enumerate() {
        let on = limits(i, k);
        let limits_shown = on.iter().any(|id| shown.contains(&id.as_str()));
        if !(limits_shown || (visible.caveats[i] && wanted(Kind::Caveat, &k.id))) {
            continue;
        }
        let reference = format!("K{next_caveat}");
        *next_caveat += 1;
        caveats.push(CaveatOut {
            reference,
            id: text::clean(&k.id),
            text: text::clean(&k.text),
            quote: k.anchor.as_ref().map(|a| text::clean(&a.quote.value)),
            limits: on,
            raised_by: k.raised_by.as_ref().map(|r| {
                text::clean(
                    b.experts
                        .iter()
                        .find(|e| e.id == r.value)
                        .map_or(r.value.as_str(), |e| e.name.as_str()),
                )
            }),
            marked: marks.is_marked(&Target::new(Kind::Caveat, &k.id)),
            note: note(Kind::Caveat, &k.id),
        });
    }

    let origins = Origins::new(b);
    let judgements = claims
        .iter()
        .map(|c| {
            let cited: Vec<usize> = c.sources.iter().filter(|&i| i < b.sources.len()).collect();
            let origin_count = origins.of_claim(b, c).len();
            let source_count = cited.len();
            let likelihood_words = c.likelihood.map(|l| l.word().replace('-', " "));
            let confidence = c.confidence.map(|x| x.word().to_owned());
            let estimate = match (&likelihood_words, &confidence) {
                (Some(l), Some(k)) => Some(format!("{l} ({k} confidence)")),
                (Some(l), None) => Some(l.clone()),
                (None, Some(k)) => Some(format!("{k} confidence")),
                (None, None) => None,
            };
            let mut claim_caveats: Vec<String> = Vec::new();
            for k in &caveats {
                if k.limits.iter().any(|id| *id == c.id) {
                    claim_caveats.push(k.reference.clone());
                }
            }
            JudgementOut {
                id: text::clean(&c.id),
                reference: text::clean(&format!("{}#{}", b.id, c.id)),
                text: text::clean(&c.text),
                marked: marks.is_marked(&Target::new(Kind::Claim, &c.id)),
                kind: c.kind.word().to_owned(),
                likelihood: c.likelihood.map(|l| l.word().to_owned()),
                likelihood_words,
                confidence,
                estimate,
                stated: c.stated().map(text::clean),
                when: c.when().map(|w| w.value.to_string()),
                by: c.by.of(&b.actors).map(|a| text::clean(&a.name)).collect(),
                quote: c.anchor.as_ref().map(|a| text::clean(&a.quote.value)),
                techniques: c
                    .techniques()
                    .iter()
                    .map(|t| text::clean(&t.value))
                    .collect(),
                same_as: c
                    .same_as()
                    .iter()
                    .map(|r| text::clean(&format!("{}#{}", r.value.briefing, r.value.claim)))
                    .collect(),
                sources: cited.iter().map(|&i| sources.cite(b, i, marks)).collect(),
                source_count,
                origin_count,
                basis: basis(source_count, origin_count),
                caveats: claim_caveats,
                note: note(Kind::Claim, &c.id),
            }
        })
        .collect();

    // Sources wanted for themselves, after those the judgements cite.
    for (i, s) in b.sources.iter().enumerate() {
        if visible.sources[i] && wanted(Kind::Source, &s.id) {
            sources.cite(b, i, marks);
        }
    }

    let experts = b
        .experts
        .iter()
        .enumerate()
        .filter(|(i, e)| {
            e.on.of(&b.claims).any(|c| shown.contains(&c.id.as_str()))
                || (visible.experts[*i] && wanted(Kind::Expert, &e.id))
        })
        .map(|(_, e)| ExpertOut {
            id: text::clean(&e.id),
            name: text::clean(&e.name),
            affiliation: e.affiliation.as_deref().map(text::clean),
            stance: e.stance.map(|s| s.word().to_owned()),
            says: e.says.as_deref().map(text::clean),
            quote: e.anchor.as_ref().map(|a| text::clean(&a.quote.value)),
            on: e.on.of(&b.claims).map(|c| text::clean(&c.id)).collect(),
            marked: marks.is_marked(&Target::new(Kind::Expert, &e.id)),
            note: note(Kind::Expert, &e.id),
        })
        .collect();
    let passages = b
        .article
        .iter()
        .filter(|p| {
            let t = Target::new(Kind::Paragraph, &p.id);
            marks.is_marked(&t) || marks.note(&t).is_some()
        })
        .map(|p| PassageOut {
            paragraph: text::clean(&p.id),
            text: text::clean(&p.text),
            note: note(Kind::Paragraph, &p.id),
        })
        .collect();
    BriefingOut {
        id: text::clean(&b.id),
        title: text::clean(&b.title),
        outlet: b.outlet.as_deref().map(text::clean),
        // The brief's own wording of an undated briefing, as a sentence would put it.
        date: match (b.published, b.undated, b.retrieved) {
            (None, true, Some(r)) => Some(format!("undated, read {r}")),
            _ => b.date_words(),
        },
        published: b.published.map(|d| d.to_string()),
        undated: b.undated,
        retrieved: b.retrieved.map(|d| d.to_string()),
        tlp: b.tlp.map(tlp_out),
        retold: b.retold,
        url: b.url.as_deref().map(text::clean),
        link: b.url.as_deref().and_then(safe_link),
        file: text::clean(&b.path.display().to_string()),
        bottom_line: b.summary.as_deref().map(|s| text::clean(s.trim())),
        judgements,
        caveats,
        experts,
        passages,
    }
}

/// Whether a claim is under the filter.
fn claim_visible(b: &Briefing, visible: &query::Visible, c: &Claim) -> bool {
    b.claims
        .iter()
        .position(|x| x.id == c.id)
        .is_some_and(|i| visible.claims[i])
}

/// `3 sources, 1 origin`; `no source`.
fn basis(sources: usize, origins: usize) -> String {
    match sources {
        0 => "no source".into(),
        _ => format!(
            "{}, {}",
            text::count(sources, "source", "sources"),
            text::count(origins, "origin", "origins")
        ),
    }
}

fn tlp_out(t: crate::briefing::model::Tlp) -> TlpOut {
    use crate::briefing::model::Tlp;
    TlpOut {
        word: t.word().to_owned(),
        label: format!("TLP:{}", t.word().to_uppercase()),
        meaning: match t {
            Tlp::Clear => "Recipients may share this with the world.",
            Tlp::Green => "Recipients may share this within their community, not publicly.",
            Tlp::Amber => {
                "Recipients may share this only within their organisation and its clients, on a need-to-know basis."
            }
            Tlp::AmberStrict => {
                "Recipients may share this only within their own organisation, on a need-to-know basis."
            }
            Tlp::Red => "For the named recipients only; not to be shared further.",
        },
    }
}

/// An address a link may be made of in any format: http or https, with
/// nothing in it that could end the link or the attribute it sits in, or
/// make it read other than it is.
pub fn safe_link(url: &str) -> Option<String> {
    // Anything cleaning would take out (controls, bidi) makes it no link.
    let ok = text::clean(url) == url
        && (url.starts_with("https://") || url.starts_with("http://"))
        && !url.chars().any(|c| {
            c.is_whitespace() || c.is_control() || matches!(c, '<' | '>' | '\\' | '"' | '\'' | '`')
        });
    ok.then(|| url.to_owned())
}
