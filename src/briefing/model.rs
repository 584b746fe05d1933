//! The briefing as the rest of the program sees it: typed, cleaned, with every
//! anchor resolved. Built only by [`super::load`]; the terminal never sees YAML.

use std::path::PathBuf;

use compact_str::CompactString;
use serde::{Deserialize, Serialize};

pub use super::codes::Countries;
pub use super::date::{PartialDate, Precision, When};
pub use super::refs::Refs;
pub use super::stow::Prose;

/// A place in a briefing file: 1-based line and column, in characters.
#[derive(
    Debug, Clone, Copy, Default, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize,
)]
pub struct Pos {
    pub line: u32,
    pub column: u32,
}

/// A value and where it was written, kept for references so a dangling one can
/// be reported at its own line and column.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Located<T> {
    pub value: T,
    pub pos: Pos,
}

/// An id, of a briefing or of an item in one: a short string, and a briefing
/// has hundreds of ids and references to them. Kept in place (up to 24 bytes)
/// rather than in a heap allocation of its own, which would cost more in
/// malloc's bookkeeping than the text itself; a longer one goes to the heap.
pub type Id = CompactString;

/// A country code as the file writes it (ISO 3166-1 alpha-2, upper case, once
/// validated), kept in place like an [`Id`]: a briefing names dozens.
pub type CountryCode = CompactString;

/// An id as written in a list of references (`sources: [s1]`, `by: cz-mfa`).
pub type Ref = Located<Id>;

#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct Briefing {
    /// Where it was loaded from.
    pub path: PathBuf,
    /// Which version of the format the file is written in.
    pub format: FormatVersion,
    /// Unique in a library; the file stem when the file gives none.
    pub id: Id,
    pub title: String,
    pub outlet: Option<String>,
    /// Of any precision; `None` when not given or `undated`.
    pub published: Option<PartialDate>,
    /// `published: undated` (version 2): the article carries no date.
    pub undated: bool,
    /// When the analyst read it (version 2; required when undated).
    pub retrieved: Option<PartialDate>,
    /// TLP 2.0 marking (version 2).
    pub tlp: Option<Tlp>,
    /// The article text is the analyst's retelling, not the original words.
    pub retold: bool,
    pub url: Option<String>,
    pub summary: Option<String>,
    pub tags: Vec<String>,
    pub actors: Vec<Actor>,
    pub article: Vec<Paragraph>,
    pub sources: Vec<Source>,
    pub claims: Vec<Claim>,
    pub experts: Vec<Expert>,
    pub caveats: Vec<Caveat>,
    /// Where the `id` key is, or the top of the file when the id is the stem.
    pub id_pos: Pos,
}

#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct Actor {
    pub id: Id,
    /// Short as a rule, so kept in place up to 24 bytes (no heap block).
    pub name: CompactString,
    pub kind: Option<ActorKind>,
    /// ISO 3166-1 alpha-2, upper case.
    pub country: Option<Located<CountryCode>>,
    pub aliases: Vec<CompactString>,
    pub refs: Vec<String>,
    /// Where it is defined; for an actor taken from an `actors.yaml`
    /// registry, `pos` is in that file, named here.
    pub registry: Option<PathBuf>,
    pub pos: Pos,
}

#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct Paragraph {
    /// `p1`, `p2`, ... by position unless the file names it.
    pub id: Id,
    /// Flowing text: runs of white space read as one space. Once the
    /// briefing is in a library, stowed on disk (see [`super::stow`]).
    pub text: Prose,
    pub pos: Pos,
}

#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct Source {
    pub id: Id,
    pub name: String,
    pub kind: Option<SourceKind>,
    pub reliability: Option<Reliability>,
    pub url: Option<String>,
    pub actor: Option<Ref>,
    /// When the source published (version 2), of any precision.
    pub published: Option<PartialDate>,
    /// Sources of the same briefing this one got its information from
    /// (version 2); followed by [`super::origins`].
    pub derived_from: Refs,
    /// Where `derived_from` names its first source: the library-wide
    /// warnings about where a source comes from point there, since the
    /// references themselves keep no position once resolved.
    pub derived_from_at: Option<Pos>,
    pub pos: Pos,
}

#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct Claim {
    pub id: Id,
    /// Stowed on disk once in a library, as the article is.
    pub text: Prose,
    pub anchor: Option<Anchor>,
    /// Who asserts it: one actor or several (version 2 allows a list).
    pub by: Refs,
    pub actors: Refs,
    pub countries: Countries,
    /// Reported by the text or its sources, or the analyst's own assessment.
    pub kind: ClaimKind,
    /// The ICD 203 word of likelihood (version 1 wrote it `confidence:`).
    pub likelihood: Option<Likelihood>,
    /// Analytic confidence in the judgement (version 2).
    pub confidence: Option<AnalyticConfidence>,
    /// Version 2's rarer parts, in a box only a claim that has one of them
    /// allocates: claims are the items a library holds most of, and these
    /// four took 100 of a claim's 424 bytes. Read through the methods.
    pub more: Option<Box<ClaimMore>>,
    pub sources: Refs,
    pub caveats: Refs,
    pub pos: Pos,
}

/// An item a reference can name, by its id: what [`Refs::ids`] reads.
pub trait Identified {
    fn id(&self) -> &str;
}

macro_rules! identified {
    ($($item:ty),+) => {
        $(impl Identified for $item {
            fn id(&self) -> &str {
                &self.id
            }
        })+
    };
}

identified!(Actor, Paragraph, Source, Claim, Expert, Caveat);

/// What few claims say: see [`Claim::more`].
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct ClaimMore {
    /// The words the source itself used for how likely it is.
    pub stated: Option<String>,
    /// When it happened.
    pub when: Option<Located<When>>,
    /// MITRE ATT&CK technique ids, `Tnnnn` or `Tnnnn.nnn`.
    pub techniques: Vec<Located<Id>>,
    /// The same proposition in other briefings; checked library-wide by
    /// [`super::same_as`].
    pub same_as: Vec<Located<ClaimRef>>,
}

impl ClaimMore {
    /// In a box, or none when there is nothing in it.
    pub fn boxed(self) -> Option<Box<ClaimMore>> {
        (self != ClaimMore::default()).then(|| Box::new(self))
    }
}

impl Claim {
    /// The words the source itself used for how likely it is.
    pub fn stated(&self) -> Option<&str> {
        self.more.as_ref()?.stated.as_deref()
    }

    /// When it happened.
    pub fn when(&self) -> Option<&Located<When>> {
        self.more.as_ref()?.when.as_ref()
    }

    /// MITRE ATT&CK technique ids, `Tnnnn` or `Tnnnn.nnn`.
    pub fn techniques(&self) -> &[Located<Id>] {
        self.more.as_ref().map_or(&[], |m| &m.techniques)
    }

    /// The same proposition in other briefings.
    pub fn same_as(&self) -> &[Located<ClaimRef>] {
        self.more.as_ref().map_or(&[], |m| &m.same_as)
    }
}

/// A claim of some briefing of the library: `BRIEFING-ID#CLAIM-ID`.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
pub struct ClaimRef {
    pub briefing: Id,
    pub claim: Id,
}

impl std::fmt::Display for ClaimRef {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{}#{}", self.briefing, self.claim)
    }
}

/// The version of the briefing format a file is written in.
#[derive(
    Debug, Clone, Copy, Default, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize,
)]
pub enum FormatVersion {
    #[default]
    V1,
    V2,
}

impl FormatVersion {
    pub fn word(self) -> &'static str {
        match self {
            FormatVersion::V1 => "debrief/1",
            FormatVersion::V2 => "debrief/2",
        }
    }
}

#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct Expert {
    pub id: Id,
    /// A person's name: in place up to 24 bytes, as an actor's.
    pub name: CompactString,
    pub affiliation: Option<String>,
    /// The expert's view, paraphrased by the analyst; stowed as a claim's text.
    pub says: Option<Prose>,
    pub anchor: Option<Anchor>,
    pub stance: Option<Stance>,
    /// Claims the expert speaks to.
    pub on: Refs,
    pub pos: Pos,
}

#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct Caveat {
    pub id: Id,
    /// Stowed as a claim's text.
    pub text: Prose,
    pub anchor: Option<Anchor>,
    pub applies_to: Refs,
    pub raised_by: Option<Ref>,
    pub pos: Pos,
}

/// A text-quote selector and, once validated, the span of text it selects.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct Anchor {
    /// Stowed once in a library, as the article is: a briefing quotes some
    /// thirty spans, each its own allocation when held.
    pub quote: Located<Prose>,
    /// Set by validation when the quote occurs exactly once.
    pub span: Option<Span>,
    /// `prefix`, `suffix` and `para`, which most quotes do without, in a
    /// box only an anchor with one of them allocates (they were 80 of an
    /// anchor's 144 bytes). Read through the methods.
    context: Option<Box<Context>>,
}

#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
struct Context {
    prefix: Option<String>,
    suffix: Option<String>,
    para: Option<Ref>,
}

impl Anchor {
    pub fn new(
        quote: Located<String>,
        prefix: Option<String>,
        suffix: Option<String>,
        para: Option<Ref>,
    ) -> Anchor {
        let context = Context {
            prefix,
            suffix,
            para,
        };
        Anchor {
            quote: Located {
                value: quote.value.into(),
                pos: quote.pos,
            },
            span: None,
            context: (context != Context::default()).then(|| Box::new(context)),
        }
    }

    /// The words just before the quote, as written.
    pub fn prefix(&self) -> Option<&str> {
        self.context.as_ref()?.prefix.as_deref()
    }

    /// The words just after the quote, as written.
    pub fn suffix(&self) -> Option<&str> {
        self.context.as_ref()?.suffix.as_deref()
    }

    /// The paragraph the quote is looked for in, as written (once
    /// resolved, the span names it by index).
    pub fn para(&self) -> Option<&Ref> {
        self.context.as_ref()?.para.as_ref()
    }
}

/// Where an anchor lies: a paragraph (by index into `article`) and a byte
/// range of its flowing text, always on character boundaries.
///
/// Held as `u32`s (12 bytes, 16 with the anchor's `Option`, where three
/// `usize`s took 32): the loader's limits keep a paragraph, and the number
/// of them, far below 4 GiB. Read as `usize`s through the methods.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub struct Span {
    para: u32,
    start: u32,
    end: u32,
}

impl Span {
    /// The span of bytes `start..end` of paragraph `para`; none past `u32`,
    /// which no briefing within the loader's limits reaches.
    pub fn new(para: usize, start: usize, end: usize) -> Option<Span> {
        Some(Span {
            para: u32::try_from(para).ok()?,
            start: u32::try_from(start).ok()?,
            end: u32::try_from(end).ok()?,
        })
    }

    /// The paragraph's index in `article`.
    pub fn para(&self) -> usize {
        self.para as usize
    }

    pub fn start(&self) -> usize {
        self.start as usize
    }

    pub fn end(&self) -> usize {
        self.end as usize
    }

    /// The bytes of the paragraph's flowing text the span covers.
    pub fn range(&self) -> std::ops::Range<usize> {
        self.start()..self.end()
    }
}

/// Declares a closed vocabulary: the words a file may use, in the order a
/// person reads them, with parsing and printing from one list.
macro_rules! vocabulary {
    ($(#[$meta:meta])* $name:ident { $($variant:ident = $word:literal),+ $(,)? }) => {
        $(#[$meta])*
        #[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
        pub enum $name { $($variant),+ }

        impl $name {
            pub const ALL: &'static [$name] = &[$($name::$variant),+];
            pub const WORDS: &'static [&'static str] = &[$($word),+];

            pub fn word(self) -> &'static str {
                match self { $($name::$variant => $word),+ }
            }

            pub fn parse(word: &str) -> Option<Self> {
                match word { $($word => Some($name::$variant),)+ _ => None }
            }
        }

        impl std::fmt::Display for $name {
            fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                f.write_str(self.word())
            }
        }
    };
}

vocabulary!(ActorKind {
    ThreatGroup = "threat-group",
    Government = "government",
    Agency = "agency",
    Organisation = "organisation",
    Company = "company",
    Person = "person",
    Alliance = "alliance",
});

vocabulary!(SourceKind {
    Official = "official",
    Media = "media",
    Vendor = "vendor",
    Research = "research",
    Expert = "expert",
    Anonymous = "anonymous",
    Document = "document",
});

vocabulary!(
    /// The Admiralty (NATO) grade of a source's reliability.
    Reliability {
        A = "A",
        B = "B",
        C = "C",
        D = "D",
        E = "E",
        F = "F",
    }
);

vocabulary!(
    /// ICD 203 words of likelihood, from least to most likely.
    Likelihood {
        AlmostNoChance = "almost-no-chance",
        VeryUnlikely = "very-unlikely",
        Unlikely = "unlikely",
        RoughlyEvenChance = "roughly-even-chance",
        Likely = "likely",
        VeryLikely = "very-likely",
        AlmostCertain = "almost-certain",
    }
);

vocabulary!(
    /// Analytic confidence in a judgement (ICD 203): how well founded it is,
    /// apart from how likely it is.
    AnalyticConfidence {
        Low = "low",
        Moderate = "moderate",
        High = "high",
    }
);

vocabulary!(
    /// What a claim is: what the text or its sources assert, or the analyst's own judgement.
    ClaimKind {
        Reported = "reported",
        Assessment = "assessment",
    }
);

// By hand: the vocabulary macro takes no attributes on variants.
#[allow(clippy::derivable_impls)]
impl Default for ClaimKind {
    fn default() -> Self {
        ClaimKind::Reported
    }
}

vocabulary!(
    /// Traffic Light Protocol 2.0: who may see the briefing.
    Tlp {
        Clear = "clear",
        Green = "green",
        Amber = "amber",
        AmberStrict = "amber+strict",
        Red = "red",
    }
);

vocabulary!(Stance {
    Supports = "supports",
    Cautions = "cautions",
    Disputes = "disputes",
    Neutral = "neutral",
});

impl Likelihood {
    /// The ICD 203 word a common phrase of likelihood means, for "did you
    /// mean": `probable` is `likely`, `highly likely` is `very-likely`. The
    /// table in docs/FORMAT.md lists the same.
    pub fn synonym(phrase: &str) -> Option<Likelihood> {
        let folded = phrase.trim().to_lowercase().replace(['_', ' '], "-");
        if let Some(word) = Likelihood::parse(&folded) {
            return Some(word);
        }
        LIKELIHOOD_SYNONYMS
            .iter()
            .find(|(s, _)| *s == folded.replace('-', " "))
            .map(|(_, w)| *w)
    }
}

/// Phrases analysts and sources use, and the ICD 203 word each means
/// (ICD 203's own pairs, "remote" to "nearly certain", and common variants).
pub const LIKELIHOOD_SYNONYMS: &[(&str, Likelihood)] = &[
    ("remote", Likelihood::AlmostNoChance),
    ("almost no chance", Likelihood::AlmostNoChance),
    ("highly improbable", Likelihood::VeryUnlikely),
    ("highly unlikely", Likelihood::VeryUnlikely),
    ("improbable", Likelihood::Unlikely),
    ("improbably", Likelihood::Unlikely),
    ("roughly even odds", Likelihood::RoughlyEvenChance),
    ("even chance", Likelihood::RoughlyEvenChance),
    ("even odds", Likelihood::RoughlyEvenChance),
    ("probable", Likelihood::Likely),
    ("probably", Likelihood::Likely),
    ("highly probable", Likelihood::VeryLikely),
    ("highly likely", Likelihood::VeryLikely),
    ("nearly certain", Likelihood::AlmostCertain),
    ("almost certainly", Likelihood::AlmostCertain),
    ("near certain", Likelihood::AlmostCertain),
];

impl AnalyticConfidence {
    /// The word a common variant means: `medium` is `moderate`.
    pub fn synonym(word: &str) -> Option<AnalyticConfidence> {
        let word = word.trim().to_lowercase();
        // "moderate confidence", as assessments write it, is `moderate`.
        let word = word
            .strip_suffix("confidence")
            .map_or(word.as_str(), |w| w.trim_end_matches([' ', '-', '_']));
        match word {
            "medium" | "mid" | "moderately" => Some(AnalyticConfidence::Moderate),
            "lo" => Some(AnalyticConfidence::Low),
            "hi" => Some(AnalyticConfidence::High),
            other => AnalyticConfidence::parse(other),
        }
    }
}

impl Reliability {
    /// What the grade means, as the Admiralty scale words it.
    pub fn meaning(self) -> &'static str {
        match self {
            Reliability::A => "completely reliable",
            Reliability::B => "usually reliable",
            Reliability::C => "fairly reliable",
            Reliability::D => "not usually reliable",
            Reliability::E => "unreliable",
            Reliability::F => "reliability cannot be judged",
        }
    }
}

impl Briefing {
    /// The date for people: at its own precision (`2021-06`), or
    /// `undated (read 2025-06-02)`; `None` when it has none.
    pub fn date_words(&self) -> Option<String> {
        match (self.published, self.undated, self.retrieved) {
            (Some(d), _, _) => Some(d.to_string()),
            (None, true, Some(r)) => Some(format!("undated (read {r})")),
            (None, true, None) => Some("undated".into()),
            (None, false, _) => None,
        }
    }

    pub fn actor(&self, id: &str) -> Option<&Actor> {
        self.actors.iter().find(|a| a.id == id)
    }

    pub fn paragraph_index(&self, id: &str) -> Option<usize> {
        self.article.iter().position(|p| p.id == id)
    }

    /// The countries the briefing involves: its actors' and its claims', sorted.
    pub fn countries(&self) -> Vec<&str> {
        let mut all: Vec<&str> = self
            .actors
            .iter()
            .filter_map(|a| a.country.as_ref().map(|c| c.value.as_str()))
            .chain(self.claims.iter().flat_map(|c| c.countries.iter()))
            .collect();
        all.sort_unstable();
        all.dedup();
        all
    }
}
