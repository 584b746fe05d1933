//! From the located YAML tree to the typed model, reporting every unknown key,
//! missing key, wrong type and unknown word at its own line and column, and
//! going on after each so one run shows all of them.

use std::collections::HashSet;

use compact_str::{CompactString, format_compact};

use super::diagnostic::{Diagnostics, Fix};
use super::model::*;
use super::yaml::Node;
use crate::text;

const BRIEFING_KEYS: &[&str] = &[
    "format",
    "id",
    "title",
    "outlet",
    "published",
    "url",
    "summary",
    "tags",
    "actors",
    "article",
    "sources",
    "claims",
    "experts",
    "caveats",
];
/// Version 2 adds to the briefing's keys.
pub(crate) const BRIEFING_KEYS_V2: &[&str] = &[
    "format",
    "id",
    "title",
    "outlet",
    "published",
    "retrieved",
    "tlp",
    "retold",
    "url",
    "summary",
    "tags",
    "actors",
    "article",
    "sources",
    "claims",
    "experts",
    "caveats",
];
pub(crate) const ACTOR_KEYS: &[&str] = &["id", "name", "kind", "country", "aliases", "refs"];
pub(crate) const PARAGRAPH_KEYS: &[&str] = &["id", "text"];
const SOURCE_KEYS: &[&str] = &["id", "name", "kind", "reliability", "url", "actor"];
pub(crate) const SOURCE_KEYS_V2: &[&str] = &[
    "id",
    "name",
    "kind",
    "reliability",
    "published",
    "url",
    "actor",
    "derived_from",
];
const CLAIM_KEYS: &[&str] = &[
    "id",
    "text",
    "quote",
    "prefix",
    "suffix",
    "para",
    "by",
    "actors",
    "countries",
    "confidence",
    "sources",
    "caveats",
];
pub(crate) const CLAIM_KEYS_V2: &[&str] = &[
    "id",
    "text",
    "quote",
    "prefix",
    "suffix",
    "para",
    "by",
    "actors",
    "countries",
    "kind",
    "likelihood",
    "confidence",
    "stated",
    "when",
    "techniques",
    "same_as",
    "sources",
    "caveats",
];
pub(crate) const EXPERT_KEYS: &[&str] = &[
    "id",
    "name",
    "affiliation",
    "says",
    "quote",
    "prefix",
    "suffix",
    "para",
    "stance",
    "on",
];
pub(crate) const CAVEAT_KEYS: &[&str] = &[
    "id",
    "text",
    "quote",
    "prefix",
    "suffix",
    "para",
    "applies_to",
    "raised_by",
];

/// The first format, read unchanged forever.
pub const FORMAT: &str = "debrief/1";
/// The current format; docs/FORMAT.md describes it.
pub const FORMAT_V2: &str = "debrief/2";

/// The version a file declares, read before anything else so the keys of the
/// right version are allowed. A format that is missing or unknown is
/// reported below and the file read by version 1's rules, as it always was.
fn version_of(root: &Located<Node>) -> FormatVersion {
    if let Node::Map(entries) = &root.value {
        for (k, v) in entries {
            if matches!(&k.value, Node::Str(s) if s == "format")
                && matches!(&v.value, Node::Str(s) if s == FORMAT_V2)
            {
                return FormatVersion::V2;
            }
        }
    }
    FormatVersion::V1
}

/// Paragraphs an article may have. A long feature runs to a hundred; a book
/// to a few thousand. Past this the file is refused with one error, before
/// anything in it is checked, so a hostile list costs no validation time.
pub const MAX_PARAGRAPHS: usize = 10_000;
/// Items any one list may have: actors, sources, claims, experts, caveats,
/// tags, and each list inside an item (aliases, sources, ...). Far above any
/// honest briefing, and it bounds the work of checking references.
pub const MAX_ITEMS: usize = 10_000;

/// The format of an actor registry, `actors.yaml`.
pub const REGISTRY_FORMAT: &str = "debrief-actors/1";
const REGISTRY_KEYS: &[&str] = &["format", "actors"];

/// Decodes an actor registry: `format: debrief-actors/1` and `actors:`,
/// each actor as a briefing writes one. `None` only when the top level is
/// not a mapping.
pub fn registry(root: &Located<Node>, diags: &mut Diagnostics) -> Option<Vec<Actor>> {
    let top = Fields::open(root, "the actor registry", REGISTRY_KEYS, diags)?;
    if too_long(top.entries, diags) {
        return None;
    }
    let start = Pos { line: 1, column: 1 };
    match top.get("format") {
        None if top.misspelt("format") => {}
        None => {
            diags
                .error(start, "missing required key `format`")
                .with_help(format!(
                    "add `format: {REGISTRY_FORMAT}` as the first line of the file"
                ));
        }
        Some(node) => {
            if let Some(found) = as_text(node, "format", diags)
                && found.value != REGISTRY_FORMAT
            {
                diags
                    .error(found.pos, format!("unknown format `{}` for an actor registry", found.value))
                    .with_help(format!(
                        "a file named actors.yaml is the library's actor registry, `format: {REGISTRY_FORMAT}`; name a briefing otherwise"
                    ))
                    .underline(text::width(&found.value));
            }
        }
    }
    Some(top.items("actors", diags, actor))
}

/// Decodes the whole file. `None` only when the top level is not a mapping;
/// otherwise a briefing with what could be read, the problems in `diags`.
pub fn briefing(root: &Located<Node>, diags: &mut Diagnostics) -> Option<Briefing> {
    let version = version_of(root);
    let keys = match version {
        FormatVersion::V1 => BRIEFING_KEYS,
        FormatVersion::V2 => BRIEFING_KEYS_V2,
    };
    let mut top = Fields::open(root, "the briefing", keys, diags)?;
    top.version = version;
    if too_long(top.entries, diags) {
        return None;
    }
    let start = Pos { line: 1, column: 1 };

    match top.get("format") {
        None if top.is_empty("format") => {
            top.report_empty("format", diags);
        }
        None if top.misspelt("format") => {}
        None => {
            diags
                .error(start, "missing required key `format`")
                .with_help(format!(
                    "add `format: {FORMAT}` as the first line of the file"
                ));
        }
        Some(node) => {
            if let Some(found) = as_text(node, "format", diags)
                && found.value != FORMAT
                && found.value != FORMAT_V2
            {
                diags
                    .error(found.pos, format!("unknown format `{}`", found.value))
                    .with_help(format!(
                        "this version of debrief reads `format: {FORMAT_V2}` and `format: {FORMAT}`; a newer format needs a newer debrief"
                    ))
                    .underline(text::width(&found.value));
            }
        }
    }

    let stem = diags
        .file()
        .file_stem()
        .map(|s| Id::from(text::clean(&s.to_string_lossy())))
        .unwrap_or_default();
    let (id, id_pos) = match top.short_text("id", diags) {
        Some(id) if id.value.is_empty() => {
            diags
                .error(id.pos, "the briefing's id is empty")
                .with_help("write an id, or remove `id:` to use the file name");
            (stem, id.pos)
        }
        Some(id) => (id.value, id.pos),
        None => (stem, start),
    };
    let title = top.required_text("title", start, diags);
    let outlet = top.text("outlet", diags).map(|t| t.value);
    let (published, undated) = match top.text("published", diags) {
        Some(t) if version == FormatVersion::V2 && t.value == "undated" => (None, true),
        Some(t) => (date(&t, version, diags), false),
        None => (None, false),
    };
    let v2 = version == FormatVersion::V2;
    // Version 2's keys are not read from a version 1 file: there they are
    // unknown keys, reported once as such.
    let retrieved = v2
        .then(|| top.text("retrieved", diags))
        .flatten()
        .and_then(|t| date(&t, version, diags));
    if undated && retrieved.is_none() && !top.misspelt("retrieved") {
        let at = top.key_pos("published").unwrap_or(start);
        diags
            .error(
                at,
                "`published: undated` needs `retrieved:`, the day you read the article",
            )
            .with_help(
                "add `retrieved: YYYY-MM-DD`: an undated article is dated by when it was read",
            )
            .underline("published".len());
    }
    let tlp = v2
        .then(|| top.word("tlp", Tlp::parse, Tlp::WORDS, diags))
        .flatten();
    let retold = v2 && top.flag("retold", diags);
    let url = top.text("url", diags).map(|t| t.value);
    let summary = top.text("summary", diags).map(|t| t.value);
    let tags = top
        .text_list("tags", diags)
        .into_iter()
        .map(|t| t.value)
        .collect();

    let actors = top.items("actors", diags, actor);
    let article = match top.get("article") {
        None if top.is_empty("article") => {
            top.report_empty("article", diags);
            Vec::new()
        }
        None if top.misspelt("article") => Vec::new(),
        None => {
            diags
                .error(start, "missing required key `article`")
                .with_help("add `article:` with a list of paragraphs, each `- text: ...`");
            Vec::new()
        }
        Some(_) => {
            let paragraphs = top.items("article", diags, paragraph);
            // Only an empty list: items that are not paragraphs were reported one by one.
            if let Some(node) = top.get("article")
                && matches!(&node.value, Node::Seq(items) if items.is_empty())
            {
                diags
                    .error(node.pos, "the article has no paragraphs")
                    .with_help("add at least one paragraph: `- text: ...`");
            }
            paragraphs
                .into_iter()
                .enumerate()
                .map(|(i, mut p)| {
                    if p.id.is_empty() {
                        p.id = format_compact!("p{}", i + 1);
                    }
                    p
                })
                .collect()
        }
    };
    let sources = top.items("sources", diags, source);
    let claims = top.items("claims", diags, claim);
    let experts = top.items("experts", diags, expert);
    let caveats = top.items("caveats", diags, caveat);

    Some(Briefing {
        path: diags.file().to_owned(),
        format: version,
        id,
        title: title.map(|t| t.value).unwrap_or_default(),
        outlet,
        published,
        undated,
        retrieved,
        tlp,
        retold,
        url,
        summary,
        tags,
        actors,
        article,
        sources,
        claims,
        experts,
        caveats,
        id_pos,
    })
}

fn actor(f: &Fields, diags: &mut Diagnostics) -> Actor {
    Actor {
        id: f.id(diags),
        name: f
            .required_text("name", f.pos, diags)
            .map(|t| t.value.into())
            .unwrap_or_default(),
        kind: f.word("kind", ActorKind::parse, ActorKind::WORDS, diags),
        country: f.short_text("country", diags),
        aliases: f
            .text_list("aliases", diags)
            .into_iter()
            .map(|t| t.value.into())
            .collect(),
        refs: f
            .text_list("refs", diags)
            .into_iter()
            .map(|t| t.value)
            .collect(),
        registry: None,
        pos: f.item_pos(),
    }
}

fn paragraph(f: &Fields, diags: &mut Diagnostics) -> Paragraph {
    let text = f.required_text("text", f.pos, diags);
    if let Some(t) = &text
        && t.value.is_empty()
    {
        diags
            .error(t.pos, "the paragraph's text is empty")
            .with_help("write the paragraph's text, or remove the paragraph");
    }
    let id = f.short_text("id", diags);
    if let Some(id) = &id
        && id.value.is_empty()
    {
        diags
            .error(id.pos, format!("{} has an empty id", f.what))
            .with_help(
                "write an id, or remove `id:` to number the paragraph by position (p1, p2, ...)",
            );
    }
    Paragraph {
        id: id.map(|t| t.value).unwrap_or_default(),
        text: text.map(|t| t.value).unwrap_or_default().into(),
        pos: f.item_pos(),
    }
}

fn source(f: &Fields, diags: &mut Diagnostics) -> Source {
    let v2 = f.version == FormatVersion::V2;
    let id = f.id(diags);
    // Only when the key is absent: a grade that is given but wrong is an error already.
    // Nor when the key is there, misspelt: the typo's error says it all.
    if f.absent("reliability") && !f.misspelt("reliability") && !id.is_empty() {
        diags
            .warning(
                f.item_pos(),
                format!("source `{id}` has no reliability grade"),
            )
            .with_help("add `reliability:` A-F (Admiralty scale; F when it cannot be judged)");
    }
    let derived_from = if v2 {
        f.id_list("derived_from", diags)
    } else {
        Vec::new()
    };
    let derived_from_at = derived_from.first().map(|r| r.pos);
    Source {
        id,
        name: f
            .required_text("name", f.pos, diags)
            .map(|t| t.value)
            .unwrap_or_default(),
        kind: f.word("kind", SourceKind::parse, SourceKind::WORDS, diags),
        reliability: f.word("reliability", Reliability::parse, Reliability::WORDS, diags),
        url: f.text("url", diags).map(|t| t.value),
        actor: f.short_text("actor", diags),
        published: v2
            .then(|| f.text("published", diags))
            .flatten()
            .and_then(|t| date(&t, f.version, diags)),
        derived_from: Refs::written(derived_from),
        derived_from_at,
        pos: f.item_pos(),
    }
}

fn claim(f: &Fields, diags: &mut Diagnostics) -> Claim {
    let v2 = f.version == FormatVersion::V2;
    let id = f.id(diags);
    // Absent or `[]`; a `sources` of the wrong type is an error already.
    let no_sources = f.absent("sources") && !f.misspelt("sources")
        || f.get("sources")
            .is_some_and(|n| matches!(&n.value, Node::Seq(items) if items.is_empty()));
    if no_sources && !id.is_empty() {
        diags
            .warning(f.item_pos(), format!("claim `{id}` has no source"))
            .with_help("add `sources: [...]` naming what the claim rests on");
    }
    Claim {
        id,
        text: f
            .required_text("text", f.pos, diags)
            .map(|t| t.value)
            .unwrap_or_default()
            .into(),
        anchor: f.anchor(diags),
        by: Refs::written(match f.version {
            FormatVersion::V1 => f.short_text("by", diags).into_iter().collect(),
            FormatVersion::V2 => f.one_or_list("by", diags),
        }),
        actors: Refs::written(f.id_list("actors", diags)),
        countries: Countries::written(f.id_list("countries", diags)),
        kind: v2
            .then(|| f.word("kind", ClaimKind::parse, ClaimKind::WORDS, diags))
            .flatten()
            .unwrap_or_default(),
        likelihood: match f.version {
            FormatVersion::V1 => f.word("confidence", Likelihood::parse, Likelihood::WORDS, diags),
            FormatVersion::V2 => f.likelihood(diags),
        },
        confidence: match f.version {
            FormatVersion::V1 => None,
            FormatVersion::V2 => f.analytic_confidence(diags),
        },
        more: if v2 {
            ClaimMore {
                stated: f.text("stated", diags).map(|t| t.value),
                when: f.when(diags),
                techniques: f.techniques(diags),
                same_as: f.same_as(diags),
            }
            .boxed()
        } else {
            None
        },
        sources: Refs::written(f.id_list("sources", diags)),
        caveats: Refs::written(f.id_list("caveats", diags)),
        pos: f.item_pos(),
    }
}

fn expert(f: &Fields, diags: &mut Diagnostics) -> Expert {
    Expert {
        id: f.id(diags),
        name: f
            .required_text("name", f.pos, diags)
            .map(|t| t.value.into())
            .unwrap_or_default(),
        affiliation: f.text("affiliation", diags).map(|t| t.value),
        says: f.text("says", diags).map(|t| t.value.into()),
        anchor: f.anchor(diags),
        stance: f.word("stance", Stance::parse, Stance::WORDS, diags),
        on: Refs::written(f.id_list("on", diags)),
        pos: f.item_pos(),
    }
}

fn caveat(f: &Fields, diags: &mut Diagnostics) -> Caveat {
    Caveat {
        id: f.id(diags),
        text: f
            .required_text("text", f.pos, diags)
            .map(|t| t.value)
            .unwrap_or_default()
            .into(),
        anchor: f.anchor(diags),
        applies_to: Refs::written(f.id_list("applies_to", diags)),
        raised_by: f.short_text("raised_by", diags),
        pos: f.item_pos(),
    }
}

/// A date: version 1 only a full day, as it always was; version 2 any precision.
fn date(
    t: &Located<String>,
    version: FormatVersion,
    diags: &mut Diagnostics,
) -> Option<PartialDate> {
    if version == FormatVersion::V1 {
        use time::macros::format_description;
        return match time::Date::parse(&t.value, format_description!("[year]-[month]-[day]")) {
            Ok(d) => Some(PartialDate::day(d)),
            Err(e) => {
                diags
                    .error(t.pos, format!("`{}` is not a date ({e})", t.value))
                    .with_help("write dates as YYYY-MM-DD, for example 2025-05-28")
                    .underline(text::width(&t.value));
                None
            }
        };
    }
    match PartialDate::parse(&t.value) {
        Ok(d) => Some(d),
        Err(e) => {
            diags
                .error(t.pos, format!("`{}` is not a date: {e}", t.value))
                .with_help("write a date as YYYY-MM-DD, or YYYY-MM or YYYY when the day or month is not known")
                .underline(text::width(&t.value));
            None
        }
    }
}

/// Whether a technique id has the ATT&CK form `Tnnnn` or `Tnnnn.nnn`.
pub fn is_technique_id(id: &str) -> bool {
    let digits = |s: &str, n: usize| s.len() == n && s.bytes().all(|b| b.is_ascii_digit());
    let Some(rest) = id.strip_prefix('T') else {
        return false;
    };
    match rest.split_once('.') {
        None => digits(rest, 4),
        Some((main, sub)) => digits(main, 4) && digits(sub, 3),
    }
}

/// A mapping being read: its entries, what it is called in messages, and
/// where it starts.
struct Fields<'n> {
    what: String,
    pos: Pos,
    entries: &'n [(Located<Node>, Located<Node>)],
    /// Allowed keys that an unknown key here is the nearest misspelling of.
    misspelt: Vec<String>,
    /// The format version of the file, which decides some keys' meaning.
    version: FormatVersion,
}

impl<'n> Fields<'n> {
    /// Opens a mapping, reporting a node of another type and every key not
    /// in `allowed` (with the nearest allowed key and the full list).
    fn open(
        node: &'n Located<Node>,
        what: &str,
        allowed: &[&str],
        diags: &mut Diagnostics,
    ) -> Option<Self> {
        let Node::Map(entries) = &node.value else {
            diags
                .error(
                    node.pos,
                    format!(
                        "{what} should be a mapping of keys, found {}",
                        node.value.describe()
                    ),
                )
                .with_help(format!("the keys allowed here are: {}", allowed.join(", ")));
            return None;
        };
        let mut misspelt = Vec::new();
        // Keys the parser saw as different can read the same once cleaned
        // (`ti<U+202E>tle` and `title`); the second would be silently ignored.
        let mut seen: Vec<&str> = Vec::new();
        // For the fixes of misspelt keys: the keys written, and the ones
        // a typo before has been fixed to.
        let mut present: Option<HashSet<&str>> = None;
        let mut targeted: HashSet<&str> = HashSet::new();
        for (key, _) in entries {
            match &key.value {
                Node::Str(k) if allowed.contains(&k.as_str()) => {
                    if seen.contains(&k.as_str()) {
                        diags
                            .error(
                                key.pos,
                                format!("duplicate key `{k}` in {what}: it appears twice once invisible characters are removed"),
                            )
                            .with_help("the key holds control or bidi characters, which debrief removes: keep one of the two")
                            .underline(text::width(k));
                    }
                    seen.push(k);
                }
                Node::Str(k) => {
                    let ranked = near_ones(k, allowed);
                    let near = ranked.first().copied();
                    misspelt.extend(near.map(str::to_owned));
                    let help = match near {
                        Some(near) => format!(
                            "did you mean `{near}`? The keys allowed here are: {}",
                            allowed.join(", ")
                        ),
                        None => format!("the keys allowed here are: {}", allowed.join(", ")),
                    };
                    let d = diags
                        .error(key.pos, format!("unknown key `{k}` in {what}"))
                        .with_help(help)
                        .underline(text::width(k));
                    if let Some(near) = near {
                        // The keys written, gathered once: a hostile mapping
                        // can hold a million near misses.
                        let written = present.get_or_insert_with(|| {
                            entries
                                .iter()
                                .filter_map(|(k, _)| match &k.value {
                                    Node::Str(k) => Some(k.as_str()),
                                    _ => None,
                                })
                                .collect::<HashSet<&str>>()
                        });
                        let taken = written.contains(near) || !targeted.insert(near);
                        d.with_fix(if taken {
                            Fix::guess(
                                key.pos,
                                near,
                                format!(
                                    "{what} has a `{near}` already, or another key near it: keep one of them by hand"
                                ),
                            )
                        } else {
                            word_fix(key.pos, k, &ranked)
                        });
                    }
                }
                other => {
                    diags
                        .error(
                            key.pos,
                            format!("a key in {what} is {}, not a name", other.describe()),
                        )
                        .with_help(format!("the keys allowed here are: {}", allowed.join(", ")));
                }
            }
        }
        Some(Fields {
            what: what.to_owned(),
            pos: node.pos,
            entries,
            misspelt,
            version: FormatVersion::V1,
        })
    }

    /// Whether an unknown key here looks like a misspelling of `key`: then
    /// `key` is not reported missing as well, the typo says it all.
    fn misspelt(&self, key: &str) -> bool {
        self.get(key).is_none() && self.misspelt.iter().any(|k| k == key)
    }

    /// The value of `key`, treating an empty value (`key:`) as absent.
    fn get(&self, key: &str) -> Option<&'n Located<Node>> {
        self.entries
            .iter()
            .find(|(k, _)| matches!(&k.value, Node::Str(s) if s == key))
            .map(|(_, v)| v)
            .filter(|v| !matches!(v.value, Node::Null))
    }

    /// Whether `key` is written with no value (`key:` or `key: ~`).
    fn is_empty(&self, key: &str) -> bool {
        self.entries.iter().any(|(k, v)| {
            matches!(&k.value, Node::Str(s) if s == key) && matches!(v.value, Node::Null)
        })
    }

    /// Whether `key` is not written at all, or written with no value.
    fn absent(&self, key: &str) -> bool {
        self.get(key).is_none()
    }

    /// A required key written with no value, reported at the key.
    fn report_empty(&self, key: &str, diags: &mut Diagnostics) {
        let Some((k, _)) = self
            .entries
            .iter()
            .find(|(k, _)| matches!(&k.value, Node::Str(s) if s == key))
        else {
            return;
        };
        let help = match key {
            "format" => format!("write `format: {FORMAT}`"),
            "article" => "add at least one paragraph below `article:`, each `- text: ...`".into(),
            _ => format!("write the {key} after `{key}:`, on the same line"),
        };
        diags
            .error(k.pos, format!("`{key}` of {} has no value", self.what))
            .with_help(help)
            .underline(key.chars().count());
    }

    fn text(&self, key: &str, diags: &mut Diagnostics) -> Option<Located<String>> {
        as_text(self.get(key)?, key, diags)
    }

    /// Text that is usually short, an id or a code: see [`as_short_text`].
    fn short_text(&self, key: &str, diags: &mut Diagnostics) -> Option<Located<CompactString>> {
        as_short_text(self.get(key)?, key, diags)
    }

    fn required_text(
        &self,
        key: &str,
        at: Pos,
        diags: &mut Diagnostics,
    ) -> Option<Located<String>> {
        as_text(self.required(key, at, diags)?, key, diags)
    }

    /// The value of a required key; reported at `at` when it is missing.
    fn required(&self, key: &str, at: Pos, diags: &mut Diagnostics) -> Option<&'n Located<Node>> {
        if self.is_empty(key) {
            self.report_empty(key, diags);
            return None;
        }
        let node = self.get(key);
        if node.is_none() {
            if self.misspelt(key) {
                // The unknown-key error already says "did you mean `{key}`?".
                return None;
            }
            diags
                .error(at, format!("{} is missing required key `{key}`", self.what))
                .with_help(format!("add `{key}: ...` to {}", self.what));
        }
        node
    }

    /// Where an item is said to be: at its `id` key, the name it goes by, or
    /// where the mapping starts when it has none.
    fn item_pos(&self) -> Pos {
        self.entries
            .iter()
            .find(|(k, _)| matches!(&k.value, Node::Str(s) if s == "id"))
            .map_or(self.pos, |(k, _)| k.pos)
    }

    /// The item's `id`, required: references need something to point at.
    fn id(&self, diags: &mut Diagnostics) -> Id {
        let id = self
            .required("id", self.pos, diags)
            .and_then(|node| as_short_text(node, "id", diags));
        match id {
            Some(id) if id.value.is_empty() => {
                diags.error(id.pos, format!("{} has an empty id", self.what));
                Id::default()
            }
            Some(id) => id.value,
            None => Id::default(),
        }
    }

    fn text_list(&self, key: &str, diags: &mut Diagnostics) -> Vec<Located<String>> {
        self.list(key, diags, as_text)
    }

    /// A list of ids or codes: see [`as_short_text`].
    fn id_list(&self, key: &str, diags: &mut Diagnostics) -> Vec<Located<CompactString>> {
        self.list(key, diags, as_short_text)
    }

    /// A flat list of scalars under `key`, each read by `read`.
    fn list<T>(&self, key: &str, diags: &mut Diagnostics, read: ReadScalar<T>) -> Vec<Located<T>> {
        let Some(node) = self.get(key) else {
            return Vec::new();
        };
        let Node::Seq(items) = &node.value else {
            diags
                .error(
                    node.pos,
                    format!("`{key}` should be a list, found {}", node.value.describe()),
                )
                .with_help(format!(
                    "write `{key}: [first, second]`, or one `- item` per line below `{key}:`"
                ));
            return Vec::new();
        };
        // Allocated once at its size. Collected from a filter, it would grow
        // by doubling and be shrunk after loading (`library::compact`),
        // leaving the room cut off as small holes among what the library keeps.
        let mut out = Vec::with_capacity(items.len());
        out.extend(
            items
                .iter()
                .filter_map(|item| as_list_item(item, key, diags, read)),
        );
        out
    }

    /// A word from a closed vocabulary, reported with the allowed words when unknown.
    fn word<V>(
        &self,
        key: &str,
        parse: fn(&str) -> Option<V>,
        words: &[&str],
        diags: &mut Diagnostics,
    ) -> Option<V> {
        let t = self.text(key, diags)?;
        if let Some(v) = parse(&t.value) {
            return Some(v);
        }
        let ranked = near_ones(&t.value, words);
        let near = ranked.first().copied();
        let help = match near {
            Some(near) => format!("did you mean `{near}`? Use one of: {}", words.join(", ")),
            None => format!("use one of: {}", words.join(", ")),
        };
        let d = diags
            .error(t.pos, format!("{}: unknown {key} `{}`", self.what, t.value))
            .with_help(help)
            .underline(text::width(&t.value));
        if near.is_some() {
            d.with_fix(word_fix(t.pos, &t.value, &ranked));
        }
        None
    }

    /// Where `key` itself is written, if it is.
    fn key_pos(&self, key: &str) -> Option<Pos> {
        self.entries
            .iter()
            .find(|(k, _)| matches!(&k.value, Node::Str(s) if s == key))
            .map(|(k, _)| k.pos)
    }

    /// A `true`/`false` key; absent is false.
    fn flag(&self, key: &str, diags: &mut Diagnostics) -> bool {
        let Some(node) = self.get(key) else {
            return false;
        };
        match &node.value {
            Node::Bool(b) => *b,
            other => {
                diags
                    .error(
                        node.pos,
                        format!(
                            "`{key}` should be true or false, found {}",
                            other.describe()
                        ),
                    )
                    .with_help(format!("write `{key}: true`, or leave it out for false"));
                false
            }
        }
    }

    /// One id, or a list of them (`by: cz-gov` or `by: [cz-gov, eu-hr]`).
    fn one_or_list(&self, key: &str, diags: &mut Diagnostics) -> Vec<Ref> {
        match self.get(key).map(|n| &n.value) {
            Some(Node::Seq(_)) => self.id_list(key, diags),
            Some(_) => self.short_text(key, diags).into_iter().collect(),
            None => Vec::new(),
        }
    }

    /// Version 2's `likelihood`: an ICD 203 word, with the word a common
    /// phrase means offered when one is written instead.
    fn likelihood(&self, diags: &mut Diagnostics) -> Option<Likelihood> {
        let t = self.text("likelihood", diags)?;
        if let Some(v) = Likelihood::parse(&t.value) {
            return Some(v);
        }
        let synonym = Likelihood::synonym(&t.value).map(Likelihood::word);
        self.unknown_word(
            &t,
            "likelihood",
            Likelihood::WORDS,
            " the ICD 203 words",
            synonym,
            diags,
        );
        None
    }

    /// An unknown word of a vocabulary: the error, a help line with the
    /// nearest word (`synonym`, the word a common phrase means, first) and
    /// the words allowed (`listed` names them), and the fix: certain for a
    /// synonym, else as sure as the nearest ones are apart.
    fn unknown_word(
        &self,
        t: &Located<String>,
        what: &str,
        words: &[&str],
        listed: &str,
        synonym: Option<&str>,
        diags: &mut Diagnostics,
    ) {
        let ranked = near_ones(&t.value, words);
        let near = synonym.or(ranked.first().copied());
        let help = match near {
            Some(near) => format!(
                "did you mean `{near}`? Use one of{listed}: {}",
                words.join(", ")
            ),
            None => format!("use one of{listed}: {}", words.join(", ")),
        };
        let d = diags
            .error(
                t.pos,
                format!("{}: unknown {what} `{}`", self.what, t.value),
            )
            .with_help(help)
            .underline(text::width(&t.value));
        match (synonym, near) {
            (Some(word), _) => {
                d.with_fix(Fix::sure(t.pos, word));
            }
            (None, Some(_)) => {
                d.with_fix(word_fix(t.pos, &t.value, &ranked));
            }
            (None, None) => {}
        }
    }

    /// Version 2's `confidence`: low, moderate or high. A likelihood word
    /// here is version 1's meaning of the key, and the help says to move it.
    fn analytic_confidence(&self, diags: &mut Diagnostics) -> Option<AnalyticConfidence> {
        let t = self.text("confidence", diags)?;
        if let Some(v) = AnalyticConfidence::parse(&t.value) {
            return Some(v);
        }
        let words = AnalyticConfidence::WORDS;
        if let Some(likely) = Likelihood::synonym(&t.value) {
            diags
                .error(
                    t.pos,
                    format!(
                        "{}: `confidence: {}` is a likelihood; in {FORMAT_V2} `confidence` is how sure the analysis is",
                        self.what, t.value
                    ),
                )
                .with_help(format!(
                    "write `likelihood: {}` for how likely it is, and `confidence:` {} for how well founded the judgement is",
                    likely.word(),
                    words.join(" | ")
                ))
                .underline(text::width(&t.value));
            return None;
        }
        let synonym = AnalyticConfidence::synonym(&t.value).map(AnalyticConfidence::word);
        self.unknown_word(&t, "confidence", words, "", synonym, diags);
        None
    }

    fn when(&self, diags: &mut Diagnostics) -> Option<Located<When>> {
        let t = self.text("when", diags)?;
        match When::parse(&t.value) {
            Ok(w) => Some(Located {
                value: w,
                pos: t.pos,
            }),
            Err(problem) => {
                // The column of the part at fault, when the value is written plainly on one line.
                let column = t.value[..problem.offset.min(t.value.len())].chars().count();
                let pos = Pos {
                    line: t.pos.line,
                    column: t.pos.column + u32::try_from(column).unwrap_or(0),
                };
                let help = problem.help.unwrap_or_else(|| "write a date (2022, 2022-06, 2022-06-17) or an interval START/END, with `..` for an open end: 2022/2025-05, ../2024, 2023-11/..".into());
                diags
                    .error(
                        pos,
                        format!("{}: `when: {}`: {}", self.what, t.value, problem.message),
                    )
                    .with_help(help)
                    .underline(text::width(&t.value) - column);
                None
            }
        }
    }

    fn techniques(&self, diags: &mut Diagnostics) -> Vec<Located<Id>> {
        let list = self.id_list("techniques", diags);
        for t in &list {
            if !is_technique_id(&t.value) {
                diags
                    .error(
                        t.pos,
                        format!("{}: `{}` is not an ATT&CK technique id", self.what, t.value),
                    )
                    .with_help("write a MITRE ATT&CK technique id: T and four digits, with a sub-technique after a dot, such as T1566 or T1584.008")
                    .underline(text::width(&t.value));
            }
        }
        list.into_iter()
            .filter(|t| is_technique_id(&t.value))
            .collect()
    }

    fn same_as(&self, diags: &mut Diagnostics) -> Vec<Located<ClaimRef>> {
        let mut out = Vec::new();
        for r in self.id_list("same_as", diags) {
            match r.value.split_once('#') {
                Some((b, c)) if !b.is_empty() && !c.is_empty() && !c.contains('#') => {
                    out.push(Located {
                        value: ClaimRef {
                            briefing: b.into(),
                            claim: c.into(),
                        },
                        pos: r.pos,
                    })
                }
                _ => {
                    diags
                        .error(
                            r.pos,
                            format!("{}: `same_as` names `{}`, not BRIEFING-ID#CLAIM-ID", self.what, r.value),
                        )
                        .with_help("name the other briefing's id and its claim's id, joined by #: `cz-2025-official-attribution#c2`")
                        .underline(text::width(&r.value));
                }
            }
        }
        out
    }

    fn anchor(&self, diags: &mut Diagnostics) -> Option<Anchor> {
        let quote = self.text("quote", diags);
        let prefix = self.text("prefix", diags);
        let suffix = self.text("suffix", diags);
        let para = self.short_text("para", diags);
        let Some(quote) = quote else {
            let given = [
                ("prefix", prefix.map(|t| t.pos)),
                ("suffix", suffix.map(|t| t.pos)),
                ("para", para.map(|t| t.pos)),
            ];
            for (key, at) in given {
                if let Some(at) = at {
                    diags
                        .error(at, format!("`{key}` is given without a `quote`"))
                        .with_help(format!(
                            "`{key}` narrows where a quote is found: add `quote:` or remove `{key}`"
                        ));
                }
            }
            return None;
        };
        if quote.value.is_empty() {
            diags
                .error(quote.pos, "the quote is empty")
                .with_help("quote a few words of the article, or remove `quote`");
            return None;
        }
        Some(Anchor::new(
            quote,
            prefix.map(|p| p.value),
            suffix.map(|s| s.value),
            para,
        ))
    }

    /// Decodes each item of the list under `key`, skipping those that are not
    /// mappings (after reporting them).
    fn items<T>(
        &self,
        key: &str,
        diags: &mut Diagnostics,
        decode: fn(&Fields, &mut Diagnostics) -> T,
    ) -> Vec<T> {
        let Some(node) = self.get(key) else {
            return Vec::new();
        };
        let Node::Seq(items) = &node.value else {
            diags
                .error(
                    node.pos,
                    format!("`{key}` should be a list, found {}", node.value.describe()),
                )
                .with_help(format!(
                    "write each item of `{key}` on its own line, starting with `- `"
                ));
            return Vec::new();
        };
        let v2 = self.version == FormatVersion::V2;
        let (singular, allowed) = match key {
            "actors" => ("actor", ACTOR_KEYS),
            "article" => ("paragraph", PARAGRAPH_KEYS),
            "sources" if v2 => ("source", SOURCE_KEYS_V2),
            "sources" => ("source", SOURCE_KEYS),
            "claims" if v2 => ("claim", CLAIM_KEYS_V2),
            "claims" => ("claim", CLAIM_KEYS),
            "experts" => ("expert", EXPERT_KEYS),
            _ => ("caveat", CAVEAT_KEYS),
        };
        let mut out = Vec::with_capacity(items.len());
        for (i, item) in items.iter().enumerate() {
            let what = item_name(singular, i, item);
            if let Some(mut fields) = Fields::open(item, &what, allowed, diags) {
                fields.version = self.version;
                out.push(decode(&fields, diags));
            }
        }
        out
    }
}

/// Reports every list longer than its cap ([`MAX_PARAGRAPHS`], [`MAX_ITEMS`]):
/// the lists of the briefing and the lists inside their items. True if any is.
fn too_long(entries: &[(Located<Node>, Located<Node>)], diags: &mut Diagnostics) -> bool {
    // `within`: the top-level list and the position of the item holding this list.
    let mut check = |key: &str, list: &Located<Node>, within: Option<(&str, usize)>| {
        let Node::Seq(items) = &list.value else {
            return false;
        };
        let (limit, what) = match (key, within) {
            ("article", None) => (MAX_PARAGRAPHS, "paragraphs"),
            _ => (MAX_ITEMS, "items"),
        };
        if items.len() <= limit {
            return false;
        }
        let place = within.map_or(String::new(), |(outer, i)| {
            format!(" of item {} of `{outer}`", i + 1)
        });
        diags
            .error(
                list.pos,
                format!(
                    "`{key}`{place} has {} {what}; a briefing may have at most {} in one list",
                    text::thousands(items.len()),
                    text::thousands(limit)
                ),
            )
            .with_help("no briefing needs that many: split it into several files");
        true
    };
    let mut found = false;
    for (key, value) in entries {
        let Node::Str(key) = &key.value else { continue };
        found |= check(key, value, None);
        let Node::Seq(items) = &value.value else {
            continue;
        };
        for (i, item) in items.iter().enumerate() {
            let Node::Map(fields) = &item.value else {
                continue;
            };
            for (inner, list) in fields {
                if let Node::Str(inner) = &inner.value {
                    found |= check(inner, list, Some((key, i)));
                }
            }
        }
    }
    found
}

/// What an item is called in messages: `claim \`c3\``, or by position when it has no id.
fn item_name(singular: &str, index: usize, item: &Located<Node>) -> String {
    if let Node::Map(entries) = &item.value {
        for (k, v) in entries {
            if matches!(&k.value, Node::Str(s) if s == "id")
                && let Node::Str(id) = &v.value
                && !id.trim().is_empty()
            {
                return format!("{singular} `{id}`");
            }
        }
    }
    format!("{singular} {} of the list", index + 1)
}

/// Reads a scalar as text: strings as they are (flowed), integers by their
/// digits; booleans, floats and collections are a type error.
fn as_text(node: &Located<Node>, key: &str, diags: &mut Diagnostics) -> Option<Located<String>> {
    let value = match &node.value {
        Node::Str(s) => text::flow(s),
        Node::Int(i) => i.to_string(),
        other => {
            let help = match other {
                Node::Bool(_) | Node::Float(_) => "put the value in quotes to make it text",
                _ => "write the value as text on the same line as the key",
            };
            diags
                .error(
                    node.pos,
                    format!("`{key}` should be text, found {}", other.describe()),
                )
                .with_help(help);
            return None;
        }
    };
    Some(Located {
        value,
        pos: node.pos,
    })
}

/// Reads a scalar as text of type `T`: [`as_text`] or [`as_short_text`].
type ReadScalar<T> = fn(&Located<Node>, &str, &mut Diagnostics) -> Option<Located<T>>;

/// Reads a scalar as [`as_text`] does, into a [`CompactString`]: an id or a
/// code, kept in place when it is short. The usual id has no white space to
/// flow, and is copied straight from the node, with no `String` in between.
fn as_short_text(
    node: &Located<Node>,
    key: &str,
    diags: &mut Diagnostics,
) -> Option<Located<CompactString>> {
    let value = match &node.value {
        Node::Str(s) if !s.contains(char::is_whitespace) => CompactString::new(s),
        _ => CompactString::from(as_text(node, key, diags)?.value),
    };
    Some(Located {
        value,
        pos: node.pos,
    })
}

/// Reads one item of a list of words or ids: text (or an integer), nothing nested.
fn as_list_item<T>(
    node: &Located<Node>,
    key: &str,
    diags: &mut Diagnostics,
    read: ReadScalar<T>,
) -> Option<Located<T>> {
    match &node.value {
        Node::Str(_) | Node::Int(_) => read(node, key, diags),
        other => {
            let help = match other {
                Node::Bool(_) | Node::Float(_) => "put the item in quotes to make it text".into(),
                _ => format!("`{key}` is one flat list: `{key}: [first, second]`"),
            };
            diags
                .error(
                    node.pos,
                    format!(
                        "an item of `{key}` should be text, found {}",
                        other.describe()
                    ),
                )
                .with_help(help);
            None
        }
    }
}

/// How near a misspelt word must be to a candidate to be offered.
const NEAR: f64 = 0.8;

/// The nearest of `candidates` to a misspelt word, if any is near enough.
pub fn closest<'a>(word: &str, candidates: &[&'a str]) -> Option<&'a str> {
    near_ones(word, candidates).first().copied()
}

/// Every one of `candidates` near enough to `word` to be what was meant,
/// nearest first.
fn near_ones<'a>(word: &str, candidates: &[&'a str]) -> Vec<&'a str> {
    let word = word.to_lowercase();
    let mut near: Vec<(f64, &str)> = candidates
        .iter()
        .rev()
        .map(|c| (strsim::jaro_winkler(&word, &c.to_lowercase()), *c))
        .filter(|(score, _)| *score >= NEAR)
        .collect();
    // A stable sort of the reversed list: of two as near, the last listed
    // comes first, as `max_by` chose it before.
    near.sort_by(|a, b| b.0.total_cmp(&a.0));
    near.into_iter().map(|(_, c)| c).collect()
}

/// The fix of a misspelt key or word, from the candidates near it (nearest
/// first, at least one): certain when only one is near enough (or it is
/// the same word in other capitals), a guess among several otherwise.
fn word_fix(at: Pos, found: &str, ranked: &[&str]) -> Fix {
    let Some((&near, others)) = ranked.split_first() else {
        return Fix::guess(at, found, "no word is near enough");
    };
    if others.is_empty() || found.eq_ignore_ascii_case(near) {
        Fix::sure(at, near)
    } else {
        Fix::guess(
            at,
            near,
            format!(
                "`{found}` is near `{near}` but also `{}`: choose by hand",
                others.join("`, `")
            ),
        )
    }
}
