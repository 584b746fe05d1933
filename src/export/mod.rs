//! The summary an analyst hands on: the marked items of a briefing (or all
//! items under the filter), with what makes each one weigh what it weighs:
//! who asserts a claim, how likely, on which sources of which reliability,
//! with which caveats; expert views; the analyst's notes.
//!
//! [`Summary`] is built once and rendered as Markdown ([`markdown`]) or as
//! JSON ([`json`], shape documented in docs/EXPORT.md).

mod markdown;

pub use markdown::markdown;

use serde::Serialize;
use time::Date;

use crate::briefing::Briefing;
use crate::briefing::origins::Origins;
use crate::marks::{Kind, Marks, Target};
use crate::query::{self, ActorNames, Filter};

/// The JSON shape's name and version (docs/EXPORT.md). Version 2: claims
/// carry `likelihood` and a `confidence` that now means analytic
/// confidence, and `by` is a list.
pub const FORMAT: &str = "debrief-summary/2";

/// What goes in: the marked items, or every item the filter leaves.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Scope {
    Marked,
    All,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Summary {
    /// The shape's name and version, for tools that read it.
    pub format: &'static str,
    pub briefing: BriefingInfo,
    /// The filter in words, when there is one.
    pub filter: Option<String>,
    /// YYYY-MM-DD.
    pub exported: String,
    pub scope: Scope,
    pub claims: Vec<ClaimOut>,
    pub experts: Vec<ExpertOut>,
    /// Caveats not already given under one of the claims above.
    pub caveats: Vec<CaveatOut>,
    /// Sources not already given under one of the claims above.
    pub sources: Vec<SourceOut>,
    /// Marked paragraphs of the article.
    pub passages: Vec<PassageOut>,
    pub notes: Vec<NoteOut>,
    /// Marks and notes whose item the briefing no longer has ("claim c9").
    pub missing: Vec<String>,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct BriefingInfo {
    pub id: String,
    pub title: String,
    pub outlet: Option<String>,
    /// At its own precision: `2021`, `2021-06` or `2021-06-17`.
    pub published: Option<String>,
    /// The article carries no date; `retrieved` says when it was read.
    pub undated: bool,
    pub retrieved: Option<String>,
    /// TLP 2.0 word: `clear`, `green`, `amber`, `amber+strict`, `red`.
    pub tlp: Option<String>,
    /// The article text is the analyst's retelling.
    pub retold: bool,
    pub url: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct ClaimOut {
    pub id: String,
    pub text: String,
    /// The names of the actors who assert it.
    pub by: Vec<String>,
    /// `reported` or `assessment` (the analyst's own judgement).
    pub kind: String,
    /// The ICD 203 word of likelihood.
    pub likelihood: Option<String>,
    /// Analytic confidence: `low`, `moderate` or `high`.
    pub confidence: Option<String>,
    /// The words the source itself used.
    pub stated: Option<String>,
    /// When it happened: a date or an interval `START/END` (`..` open).
    pub when: Option<String>,
    /// MITRE ATT&CK technique ids.
    pub techniques: Vec<String>,
    /// The same claim in other briefings, `BRIEFING-ID#CLAIM-ID`, as written.
    pub same_as: Vec<String>,
    /// Ids of the sources its sources come from in the end (`derived_from` followed).
    pub origins: Vec<String>,
    pub quote: Option<String>,
    pub actors: Vec<String>,
    pub countries: Vec<String>,
    pub sources: Vec<SourceOut>,
    pub caveats: Vec<CaveatOut>,
    pub marked: bool,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct SourceOut {
    pub id: String,
    /// Marked by the analyst.
    pub marked: bool,
    pub name: String,
    pub kind: Option<String>,
    /// Admiralty grade A-F.
    pub reliability: Option<String>,
    /// What the grade means ("usually reliable").
    pub reliability_meaning: Option<String>,
    pub published: Option<String>,
    /// Names of the sources it got its information from.
    pub derived_from: Vec<String>,
    pub url: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct ExpertOut {
    pub id: String,
    /// Marked by the analyst.
    pub marked: bool,
    pub name: String,
    pub affiliation: Option<String>,
    pub stance: Option<String>,
    pub says: Option<String>,
    pub quote: Option<String>,
    /// Ids of the claims the expert speaks to.
    pub on: Vec<String>,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct CaveatOut {
    pub id: String,
    /// Marked by the analyst.
    pub marked: bool,
    pub text: String,
    pub quote: Option<String>,
    /// Ids of the claims it limits.
    pub applies_to: Vec<String>,
    pub raised_by: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct PassageOut {
    pub paragraph: String,
    pub text: String,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct NoteOut {
    /// "claim", "source", "expert", "caveat" or "paragraph".
    pub kind: Kind,
    pub id: String,
    /// The start of the item's text, so the note reads in context.
    pub about: String,
    pub note: String,
}

/// Builds the summary. `today` is passed in so exports are reproducible.
pub fn summary(
    b: &Briefing,
    marks: &Marks,
    filter: &Filter,
    names: &ActorNames,
    scope: Scope,
    today: Date,
) -> Summary {
    let visible = query::visible(b, filter);
    let actor = |id: &str| b.actor(id).map_or(id.to_owned(), |a| a.name.clone());
    let wanted = |kind: Kind, id: &str, shown: bool| {
        shown && (scope == Scope::All || marks.is_marked(&Target::new(kind, id)))
    };
    let source_out = |i: usize| {
        let s = &b.sources[i];
        SourceOut {
            id: s.id.to_string(),
            marked: marks.is_marked(&Target::new(Kind::Source, &s.id)),
            name: s.name.clone(),
            kind: s.kind.map(|k| k.word().to_owned()),
            reliability: s.reliability.map(|r| r.word().to_owned()),
            reliability_meaning: s.reliability.map(|r| r.meaning().to_owned()),
            published: s.published.map(|d| d.to_string()),
            derived_from: s
                .derived_from
                .iter()
                .map(|r| {
                    b.sources
                        .iter()
                        .find(|x| x.id == r.value)
                        .map_or(r.value.to_string(), |x| x.name.clone())
                })
                .collect(),
            url: s.url.clone(),
        }
    };
    let origins = Origins::new(b);
    let caveat_out = |i: usize| {
        let k = &b.caveats[i];
        CaveatOut {
            id: k.id.to_string(),
            marked: marks.is_marked(&Target::new(Kind::Caveat, &k.id)),
            text: k.text.clone(),
            quote: k.anchor.as_ref().map(|a| a.quote.value.clone()),
            applies_to: k.applies_to.iter().map(|r| r.value.to_string()).collect(),
            raised_by: k.raised_by.as_ref().map(|r| {
                b.experts
                    .iter()
                    .find(|e| e.id == r.value)
                    .map_or(r.value.to_string(), |e| e.name.clone())
            }),
        }
    };
    let index_of = |list: &[&str], id: &str| list.iter().position(|x| *x == id);
    let source_ids: Vec<&str> = b.sources.iter().map(|s| s.id.as_str()).collect();
    let caveat_ids: Vec<&str> = b.caveats.iter().map(|k| k.id.as_str()).collect();

    let mut given_sources = Vec::new();
    let mut given_caveats = Vec::new();
    let mut claims = Vec::new();
    for (i, c) in b.claims.iter().enumerate() {
        if !wanted(Kind::Claim, &c.id, visible.claims[i]) {
            continue;
        }
        let sources: Vec<usize> = c
            .sources
            .iter()
            .filter_map(|r| index_of(&source_ids, &r.value))
            .collect();
        // A claim's caveats: those it lists and those that say they apply to it.
        let mut caveats: Vec<usize> = c
            .caveats
            .iter()
            .filter_map(|r| index_of(&caveat_ids, &r.value))
            .collect();
        for (k, caveat) in b.caveats.iter().enumerate() {
            if caveat.applies_to.iter().any(|r| r.value == c.id) && !caveats.contains(&k) {
                caveats.push(k);
            }
        }
        given_sources.extend(&sources);
        given_caveats.extend(&caveats);
        claims.push(ClaimOut {
            id: c.id.to_string(),
            text: c.text.clone(),
            by: c.by.iter().map(|r| actor(&r.value)).collect(),
            kind: c.kind.word().to_owned(),
            likelihood: c.likelihood.map(|x| x.word().to_owned()),
            confidence: c.confidence.map(|x| x.word().to_owned()),
            stated: c.stated.clone(),
            when: c.when.as_ref().map(|w| w.value.to_string()),
            techniques: c.techniques.iter().map(|t| t.value.to_string()).collect(),
            same_as: c.same_as.iter().map(|r| r.value.to_string()).collect(),
            origins: origins
                .of_claim(b, c)
                .into_iter()
                .map(|i| b.sources[i].id.to_string())
                .collect(),
            quote: c.anchor.as_ref().map(|a| a.quote.value.clone()),
            actors: c.actors.iter().map(|r| actor(&r.value)).collect(),
            countries: c.countries.iter().map(|x| x.value.to_string()).collect(),
            sources: sources.into_iter().map(source_out).collect(),
            caveats: caveats.into_iter().map(caveat_out).collect(),
            marked: marks.is_marked(&Target::new(Kind::Claim, &c.id)),
        });
    }
    let experts = b
        .experts
        .iter()
        .enumerate()
        .filter(|(i, e)| wanted(Kind::Expert, &e.id, visible.experts[*i]))
        .map(|(_, e)| ExpertOut {
            id: e.id.to_string(),
            marked: marks.is_marked(&Target::new(Kind::Expert, &e.id)),
            name: e.name.clone(),
            affiliation: e.affiliation.clone(),
            stance: e.stance.map(|s| s.word().to_owned()),
            says: e.says.clone(),
            quote: e.anchor.as_ref().map(|a| a.quote.value.clone()),
            on: e.on.iter().map(|r| r.value.to_string()).collect(),
        })
        .collect();
    let caveats = (0..b.caveats.len())
        .filter(|&k| {
            wanted(Kind::Caveat, &b.caveats[k].id, visible.caveats[k])
                && !given_caveats.contains(&k)
        })
        .map(caveat_out)
        .collect();
    let sources = (0..b.sources.len())
        .filter(|&s| {
            wanted(Kind::Source, &b.sources[s].id, visible.sources[s])
                && !given_sources.contains(&s)
        })
        .map(source_out)
        .collect();
    let passages = b
        .article
        .iter()
        .filter(|p| marks.is_marked(&Target::new(Kind::Paragraph, &p.id)))
        .map(|p| PassageOut {
            paragraph: p.id.to_string(),
            text: p.text.clone(),
        })
        .collect();
    let notes = marks
        .notes()
        .filter(|(t, _)| t.exists_in(b))
        .map(|(t, note)| NoteOut {
            kind: t.kind,
            id: t.id.clone(),
            about: about(b, t),
            note: note.to_owned(),
        })
        .collect();
    let mut summary = Summary {
        format: FORMAT,
        briefing: BriefingInfo {
            id: b.id.to_string(),
            title: b.title.clone(),
            outlet: b.outlet.clone(),
            published: b.published.map(|d| d.to_string()),
            undated: b.undated,
            retrieved: b.retrieved.map(|d| d.to_string()),
            tlp: b.tlp.map(|t| t.word().to_owned()),
            retold: b.retold,
            url: b.url.clone(),
        },
        filter: (!filter.is_empty()).then(|| filter.describe(names)),
        exported: today.to_string(),
        scope,
        claims,
        experts,
        caveats,
        sources,
        passages,
        notes,
        missing: marks.orphans(b).iter().map(|t| t.to_string()).collect(),
    };
    clean_all(&mut summary);
    summary
}

/// The first words of the item a note belongs to.
fn about(b: &Briefing, t: &Target) -> String {
    let id = t.id.as_str();
    let text = match t.kind {
        Kind::Claim => b
            .claims
            .iter()
            .find(|x| x.id == id)
            .map(|x| x.text.as_str()),
        Kind::Source => b
            .sources
            .iter()
            .find(|x| x.id == id)
            .map(|x| x.name.as_str()),
        Kind::Expert => b
            .experts
            .iter()
            .find(|x| x.id == id)
            .map(|x| x.name.as_str()),
        Kind::Caveat => b
            .caveats
            .iter()
            .find(|x| x.id == id)
            .map(|x| x.text.as_str()),
        Kind::Paragraph => b
            .article
            .iter()
            .find(|x| x.id == id)
            .map(|x| x.text.as_str()),
    };
    crate::text::truncate(text.unwrap_or(""), 80)
}

impl Summary {
    /// How many marked items it carries, wherever they appear in it.
    pub fn marked_count(&self) -> usize {
        let mut ids: Vec<(&str, &str)> = Vec::new();
        for c in &self.claims {
            if c.marked {
                ids.push(("claim", &c.id));
            }
            ids.extend(
                c.sources
                    .iter()
                    .filter(|x| x.marked)
                    .map(|x| ("source", x.id.as_str())),
            );
            ids.extend(
                c.caveats
                    .iter()
                    .filter(|x| x.marked)
                    .map(|x| ("caveat", x.id.as_str())),
            );
        }
        ids.extend(
            self.experts
                .iter()
                .filter(|x| x.marked)
                .map(|x| ("expert", x.id.as_str())),
        );
        ids.extend(
            self.caveats
                .iter()
                .filter(|x| x.marked)
                .map(|x| ("caveat", x.id.as_str())),
        );
        ids.extend(
            self.sources
                .iter()
                .filter(|x| x.marked)
                .map(|x| ("source", x.id.as_str())),
        );
        ids.sort_unstable();
        ids.dedup();
        ids.len() + self.passages.len()
    }

    /// How many items it carries at the top level, for messages.
    pub fn len(&self) -> usize {
        self.claims.len()
            + self.experts.len()
            + self.caveats.len()
            + self.sources.len()
            + self.passages.len()
    }

    pub fn is_empty(&self) -> bool {
        self.len() == 0 && self.notes.is_empty()
    }
}

/// The summary as JSON: the shape of [`Summary`], documented in docs/EXPORT.md.
pub fn json(s: &Summary) -> String {
    // Strings, numbers and lists only: serialising cannot fail.
    let mut out = serde_json::to_string_pretty(s).unwrap_or_default();
    out.push('\n');
    out
}

/// Cleans every string of the summary ([`crate::text::clean`]). A loaded
/// briefing is clean already, but a briefing can be built from anything, and
/// JSON would carry C1 and bidi characters as they are (and other controls
/// as `\u001b`, which whoever reads the JSON turns back into the escape).
fn clean_all(s: &mut Summary) {
    fn c(x: &mut String) {
        *x = crate::text::clean(x);
    }
    fn o(x: &mut Option<String>) {
        x.iter_mut().for_each(c);
    }
    fn v(x: &mut [String]) {
        x.iter_mut().for_each(c);
    }
    fn source(x: &mut SourceOut) {
        c(&mut x.id);
        c(&mut x.name);
        o(&mut x.kind);
        o(&mut x.reliability);
        o(&mut x.reliability_meaning);
        o(&mut x.published);
        v(&mut x.derived_from);
        o(&mut x.url);
    }
    fn caveat(x: &mut CaveatOut) {
        c(&mut x.id);
        c(&mut x.text);
        o(&mut x.quote);
        v(&mut x.applies_to);
        o(&mut x.raised_by);
    }
    let b = &mut s.briefing;
    c(&mut b.id);
    c(&mut b.title);
    o(&mut b.outlet);
    o(&mut b.published);
    o(&mut b.retrieved);
    o(&mut b.tlp);
    o(&mut b.url);
    o(&mut s.filter);
    c(&mut s.exported);
    for x in &mut s.claims {
        c(&mut x.id);
        c(&mut x.text);
        v(&mut x.by);
        c(&mut x.kind);
        o(&mut x.likelihood);
        o(&mut x.confidence);
        o(&mut x.stated);
        o(&mut x.when);
        v(&mut x.techniques);
        v(&mut x.same_as);
        v(&mut x.origins);
        o(&mut x.quote);
        v(&mut x.actors);
        v(&mut x.countries);
        x.sources.iter_mut().for_each(source);
        x.caveats.iter_mut().for_each(caveat);
    }
    for x in &mut s.experts {
        c(&mut x.id);
        c(&mut x.name);
        o(&mut x.affiliation);
        o(&mut x.stance);
        o(&mut x.says);
        o(&mut x.quote);
        v(&mut x.on);
    }
    s.caveats.iter_mut().for_each(caveat);
    s.sources.iter_mut().for_each(source);
    for x in &mut s.passages {
        c(&mut x.paragraph);
        c(&mut x.text);
    }
    for x in &mut s.notes {
        c(&mut x.id);
        c(&mut x.about);
        c(&mut x.note);
    }
    v(&mut s.missing);
}
