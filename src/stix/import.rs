//! STIX 2.1 bundles back into briefings: the way home from [`super::bundle`],
//! and the way in for a team platform's reports (OpenCTI, MISP).
//!
//! A bundle is untrusted input: it is read whole only under
//! [`MAX_BUNDLE_BYTES`] and [`MAX_OBJECTS`], serde_json bounds its nesting,
//! and every property is looked at through `get` and `as_*`, so a wrong type
//! is a property not understood, never a panic. Text is cleaned of control
//! characters as the loader would, so what is written loads.
//!
//! The standard properties are read first; the `x_debrief_*` ones our own
//! export writes refine them (ids, the article's paragraphs, who asserts a
//! claim apart from whom it involves), so export, import, export gives the
//! same bundle. What has no place in a briefing is named in
//! [`Import::unmapped`], never dropped in silence. docs/STIX.md has the table.

use std::collections::{BTreeSet, HashMap, HashSet};

use serde::Serialize;
use serde_json::{Map, Value};

use super::{EPOCH, TAXONOMY_PREFIXES, analyst_id, tlp_marking_id};
use crate::briefing::{
    Actor, ActorKind, AnalyticConfidence, ClaimKind, Likelihood, PartialDate, Reliability,
    SourceKind, Stance, Tlp, When,
};
use crate::{country, text};

/// A bundle larger than this is refused before it is parsed.
pub const MAX_BUNDLE_BYTES: u64 = 64 * 1024 * 1024;
/// A bundle with more objects than this is refused.
pub const MAX_OBJECTS: usize = 250_000;
/// An id made from a name is cut to about this many bytes.
const MAX_ID_BYTES: usize = 60;

/// The TLP 1.0 marking definitions, which older platforms still use.
const TLP1: &[(&str, Tlp)] = &[
    (
        "marking-definition--613f2e26-407d-48c7-9eca-b8e91df99dc9",
        Tlp::Clear,
    ),
    (
        "marking-definition--34098fce-860f-48ae-8e50-ebd3cc5e41da",
        Tlp::Green,
    ),
    (
        "marking-definition--f88d31f6-486f-44da-b317-01333bde0b82",
        Tlp::Amber,
    ),
    (
        "marking-definition--5e57c739-391a-4eb3-b6be-7d15ca92d5ed",
        Tlp::Red,
    ),
];

/// What an import gives: briefings to write, the actors they share (for
/// `actors.yaml`), and everything that could not be mapped, in words.
#[derive(Debug, Default)]
pub struct Import {
    pub briefings: Vec<BriefingFile>,
    /// Actors for the library's registry: those our export marked as
    /// registry actors, and every actor of a foreign bundle.
    pub registry: Vec<ActorFile>,
    pub unmapped: Vec<String>,
}

// The file format, field for field in the order docs/FORMAT.md writes
// them; empty fields are left out, so the file reads as a person writes one.

#[derive(Debug, Clone, Serialize, PartialEq)]
pub struct BriefingFile {
    pub format: &'static str,
    pub id: String,
    pub title: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub outlet: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub published: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub retrieved: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub tlp: Option<&'static str>,
    #[serde(skip_serializing_if = "is_false")]
    pub retold: bool,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub url: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub summary: Option<String>,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub tags: Vec<String>,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub actors: Vec<ActorFile>,
    pub article: Vec<ParagraphFile>,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub sources: Vec<SourceFile>,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub claims: Vec<ClaimFile>,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub experts: Vec<ExpertFile>,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub caveats: Vec<CaveatFile>,
}

#[derive(Debug, Clone, Serialize, PartialEq)]
pub struct ActorFile {
    pub id: String,
    pub name: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub kind: Option<&'static str>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub country: Option<String>,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub aliases: Vec<String>,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub refs: Vec<String>,
}

#[derive(Debug, Clone, Serialize, PartialEq)]
pub struct ParagraphFile {
    pub id: String,
    pub text: String,
}

#[derive(Debug, Clone, Serialize, PartialEq)]
pub struct SourceFile {
    pub id: String,
    pub name: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub kind: Option<&'static str>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub reliability: Option<&'static str>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub published: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub url: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub actor: Option<String>,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub derived_from: Vec<String>,
}

/// A text-quote anchor's keys, flattened into the item that has one.
#[derive(Debug, Clone, Default, Serialize, PartialEq)]
pub struct AnchorFile {
    #[serde(skip_serializing_if = "Option::is_none")]
    pub quote: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub prefix: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub suffix: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub para: Option<String>,
}

#[derive(Debug, Clone, Serialize, PartialEq)]
pub struct ClaimFile {
    pub id: String,
    pub text: String,
    #[serde(flatten)]
    pub anchor: AnchorFile,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub by: Vec<String>,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub actors: Vec<String>,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub countries: Vec<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub kind: Option<&'static str>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub likelihood: Option<&'static str>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub confidence: Option<&'static str>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub stated: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub when: Option<String>,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub techniques: Vec<String>,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub same_as: Vec<String>,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub sources: Vec<String>,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub caveats: Vec<String>,
}

#[derive(Debug, Clone, Serialize, PartialEq)]
pub struct ExpertFile {
    pub id: String,
    pub name: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub affiliation: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub says: Option<String>,
    #[serde(flatten)]
    pub anchor: AnchorFile,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub stance: Option<&'static str>,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub on: Vec<String>,
}

#[derive(Debug, Clone, Serialize, PartialEq)]
pub struct CaveatFile {
    pub id: String,
    pub text: String,
    #[serde(flatten)]
    pub anchor: AnchorFile,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub applies_to: Vec<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub raised_by: Option<String>,
}

fn is_false(b: &bool) -> bool {
    !*b
}

/// The registry file of `actors`, as `actors.yaml` is written.
#[derive(Serialize)]
struct RegistryOut<'a> {
    format: &'static str,
    actors: &'a [ActorFile],
}

impl BriefingFile {
    /// The briefing as YAML text, ready to write.
    pub fn to_yaml(&self) -> Result<String, String> {
        serde_saphyr::to_string(self).map_err(|e| e.to_string())
    }
}

/// `actors` as the list items of an `actors.yaml`, or a new registry file.
pub fn registry_yaml(actors: &[ActorFile]) -> Result<String, String> {
    serde_saphyr::to_string(&RegistryOut {
        format: "debrief-actors/1",
        actors,
    })
    .map_err(|e| e.to_string())
}

/// Reads a bundle's bytes: JSON of a `bundle` with an `objects` list, under
/// the limits above. The error says what is wrong, in words.
pub fn read(bytes: &[u8]) -> Result<Value, String> {
    if bytes.len() as u64 > MAX_BUNDLE_BYTES {
        return Err(format!(
            "the bundle is {} bytes, more than the {} a bundle may have",
            text::thousands(bytes.len()),
            text::thousands(MAX_BUNDLE_BYTES as usize)
        ));
    }
    let v: Value = serde_json::from_slice(bytes)
        .map_err(|e| format!("line {}, column {}: not JSON: {e}", e.line(), e.column()))?;
    match v.get("type").and_then(Value::as_str) {
        Some("bundle") => {}
        Some(other) => {
            return Err(format!(
                "a STIX `{}`, not a bundle: export or fetch the bundle that holds it",
                text::one_line(other)
            ));
        }
        None => return Err("not a STIX bundle: it has no `type`".into()),
    }
    match v.get("objects").and_then(Value::as_array) {
        Some(list) if list.len() > MAX_OBJECTS => Err(format!(
            "the bundle has {} objects, more than the {} one import reads",
            text::thousands(list.len()),
            text::thousands(MAX_OBJECTS)
        )),
        Some(_) => Ok(v),
        None => Err("the bundle has no `objects` list".into()),
    }
}

type Obj = Map<String, Value>;

fn s<'a>(o: &'a Obj, key: &str) -> Option<&'a str> {
    o.get(key).and_then(Value::as_str)
}

/// A text property, cleaned as the loader cleans, `None` when empty.
fn txt(o: &Obj, key: &str) -> Option<String> {
    s(o, key).map(clean).filter(|t| !t.is_empty())
}

/// Text for a one-line field: cleaned and flowed.
fn clean(t: &str) -> String {
    text::flow(&text::clean(t))
}

fn strs<'a>(o: &'a Obj, key: &str) -> Vec<&'a str> {
    o.get(key)
        .and_then(Value::as_array)
        .map(|l| l.iter().filter_map(Value::as_str).collect())
        .unwrap_or_default()
}

fn kind_of(id: &str) -> &str {
    id.split_once("--").map_or("", |(k, _)| k)
}

fn is_actor_type(kind: &str) -> bool {
    matches!(kind, "identity" | "intrusion-set" | "threat-actor")
}

/// An object for people in a list of what was not mapped.
fn describe(o: &Obj) -> String {
    // Cut: a hostile bundle's names could be megabytes long.
    let short = |t: &str| text::truncate(&text::one_line(t), 100);
    let id = s(o, "id").unwrap_or("(no id)");
    match s(o, "name").or(s(o, "abstract")) {
        Some(name) => format!("{} ({})", short(id), short(name)),
        None => short(id),
    }
}

/// An id from a name: lower case letters, digits and hyphens, cut at a
/// hyphen near [`MAX_ID_BYTES`]; also what makes an id safe as a file name.
pub fn slug(name: &str) -> String {
    let mut out = String::new();
    for c in text::fold(name).chars() {
        if c.is_ascii_alphanumeric() {
            out.push(c);
        } else if !out.ends_with('-') && !out.is_empty() {
            out.push('-');
        }
        if out.len() >= MAX_ID_BYTES {
            break;
        }
    }
    out.trim_end_matches('-').to_owned()
}

/// Is this id safe to be a file's name as it is?
pub fn is_file_safe(id: &str) -> bool {
    !id.is_empty()
        && id.len() <= 120
        && !id.starts_with('.')
        && id
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || matches!(c, '-' | '_' | '.'))
}

/// Makes `want` unique among `taken` with `-2`, `-3`...
fn unique(want: String, taken: &mut HashSet<String>) -> String {
    if taken.insert(want.clone()) {
        return want;
    }
    (2..)
        .map(|n| format!("{want}-{n}"))
        .find(|c| taken.insert(c.clone()))
        .unwrap_or(want)
}

/// The day of a STIX timestamp, `2025-05-28T00:00:00.000Z` → `2025-05-28`.
fn day_of(stamp: &str) -> Option<String> {
    let day = stamp.get(..10)?;
    PartialDate::parse(day).ok().map(|d| d.to_string())
}

fn tlp_of(id: &str) -> Option<Tlp> {
    Tlp::ALL
        .iter()
        .copied()
        .find(|t| tlp_marking_id(*t) == id)
        .or_else(|| TLP1.iter().find(|(m, _)| *m == id).map(|(_, t)| *t))
}

/// The ICD 203 word a MISP estimative-language label names.
fn label_value<'a>(labels: &[&'a str], prefix: &str) -> Option<&'a str> {
    labels.iter().find_map(|l| {
        l.strip_prefix(prefix)
            .map(|v| v.trim_start_matches('=').trim_matches('"'))
    })
}

/// Reads the bundle's reports into briefings. `v` is what [`read`] gave.
pub fn import(v: &Value) -> Import {
    let objects: Vec<&Obj> = v
        .get("objects")
        .and_then(Value::as_array)
        .map(|l| l.iter().filter_map(Value::as_object).collect())
        .unwrap_or_default();
    let mut out = Import::default();
    let mut by_id: HashMap<&str, &Obj> = HashMap::new();
    for o in &objects {
        match s(o, "id") {
            Some(id) if by_id.contains_key(id) => out.unmapped.push(format!(
                "{}: a second object with this id; the first is used",
                describe(o)
            )),
            Some(id) => {
                by_id.insert(id, o);
            }
            None => out
                .unmapped
                .push("an object without an id: left out".to_owned()),
        }
    }
    let mut reader = Reader {
        by_id: &by_id,
        actors: HashMap::new(),
        actor_ids: HashSet::new(),
        used: HashSet::new(),
    };
    // Actors first, so every briefing names each by the same id.
    for o in &objects {
        if let Some(id) = s(o, "id")
            && is_actor_type(kind_of(id))
            && id != analyst_id()
        {
            reader.actor(o);
        }
    }
    let mut briefing_ids = HashSet::new();
    for o in &objects {
        if s(o, "type") == Some("report") {
            let b = reader.report(o, &mut briefing_ids, &mut out.unmapped);
            out.briefings.push(b);
        }
    }
    if out.briefings.is_empty() {
        out.unmapped
            .push("the bundle has no `report`: nothing to make a briefing of".to_owned());
    }
    // What no report took in.
    let mut registry_ids = BTreeSet::new();
    for o in &objects {
        let Some(id) = s(o, "id") else { continue };
        if reader.used.contains(id) {
            continue;
        }
        let kind = kind_of(id);
        let why = match kind {
            "report" | "marking-definition" | "location" | "relationship" => continue,
            "extension-definition" | "language-content" => "not read",
            k if is_actor_type(k) && id != analyst_id() => {
                // A registry actor no briefing named still goes to the registry.
                if let Some(a) = reader.actors.get(id)
                    && a.registry
                {
                    continue;
                }
                "an actor no report names; left out"
            }
            _ => "no report names it, or a briefing has no place for it",
        };
        if id == analyst_id() {
            continue;
        }
        out.unmapped.push(format!("{}: {why}", describe(o)));
    }
    for a in reader.actors.values() {
        if a.registry {
            registry_ids.insert((a.order, a.file.id.clone()));
        }
    }
    for (order, _) in registry_ids {
        if let Some(a) = reader.actors.values().find(|a| a.order == order) {
            out.registry.push(a.file.clone());
        }
    }
    out
}

/// An actor read from the bundle.
struct Read {
    file: ActorFile,
    /// For `actors.yaml` rather than the briefing.
    registry: bool,
    /// Its place in the bundle, to keep the registry in bundle order.
    order: usize,
}

struct Reader<'a> {
    by_id: &'a HashMap<&'a str, &'a Obj>,
    /// By STIX id.
    actors: HashMap<String, Read>,
    actor_ids: HashSet<String>,
    /// The STIX ids some briefing took in.
    used: HashSet<String>,
}

impl Reader<'_> {
    fn actor(&mut self, o: &Obj) {
        let Some(sid) = s(o, "id") else { return };
        let name = txt(o, "name").unwrap_or_else(|| sid.to_owned());
        let kind = match s(o, "x_debrief_kind").and_then(ActorKind::parse) {
            Some(k) => Some(k),
            None if s(o, "x_debrief_id").is_some() => None,
            None => match (kind_of(sid), s(o, "identity_class")) {
                ("intrusion-set" | "threat-actor", _) => Some(ActorKind::ThreatGroup),
                (_, Some("individual")) => Some(ActorKind::Person),
                (_, Some("organization")) if strs(o, "sectors").contains(&"government") => {
                    Some(ActorKind::Government)
                }
                (_, Some("organization" | "group")) => Some(ActorKind::Organisation),
                _ => None,
            },
        };
        let mut aliases: Vec<String> = strs(o, "aliases")
            .into_iter()
            .chain(strs(o, "x_debrief_aliases"))
            .map(clean)
            .filter(|a| !a.is_empty() && *a != name)
            .collect();
        dedup(&mut aliases);
        let refs = o
            .get("external_references")
            .and_then(Value::as_array)
            .map(|l| {
                l.iter()
                    .filter_map(Value::as_object)
                    .filter_map(|e| {
                        let id = clean(s(e, "external_id")?);
                        match s(e, "source_name") {
                            Some("mitre-attack") => Some(format!("mitre:{id}")),
                            Some("debrief") | None => Some(id),
                            Some(source) => Some(format!("{}:{id}", clean(source))),
                        }
                    })
                    .collect()
            })
            .unwrap_or_default();
        let want = s(o, "x_debrief_id")
            .map(clean)
            .filter(|i| !i.is_empty())
            .unwrap_or_else(|| slug(&name));
        let want = if want.is_empty() {
            "actor".to_owned()
        } else {
            want
        };
        let id = unique(want, &mut self.actor_ids);
        let country = self.country_of(sid);
        let registry = o.get("x_debrief_registry") == Some(&Value::Bool(true))
            || s(o, "x_debrief_id").is_none();
        let order = self.actors.len();
        self.actors.insert(
            sid.to_owned(),
            Read {
                file: ActorFile {
                    id,
                    name,
                    kind: kind.map(|k| k.word()),
                    country,
                    aliases,
                    refs,
                },
                registry,
                order,
            },
        );
    }

    /// The country of an actor: the location its `located-at` or
    /// `originates-from` relationship points at.
    fn country_of(&self, actor: &str) -> Option<String> {
        self.by_id.values().find_map(|r| {
            if s(r, "type") != Some("relationship")
                || s(r, "source_ref") != Some(actor)
                || !matches!(
                    s(r, "relationship_type"),
                    Some("located-at" | "originates-from")
                )
            {
                return None;
            }
            self.location(s(r, "target_ref")?)
        })
    }

    /// The ISO code of a location object, if it is a country we know.
    fn location(&self, id: &str) -> Option<String> {
        let code = s(self.by_id.get(id)?, "country")?.to_ascii_uppercase();
        country::is_code(&code).then_some(code)
    }

    fn actor_name(&self, sid: &str) -> Option<String> {
        self.actors.get(sid).map(|a| a.file.id.clone())
    }

    fn report(
        &mut self,
        r: &Obj,
        taken: &mut HashSet<String>,
        unmapped: &mut Vec<String>,
    ) -> BriefingFile {
        let rid = s(r, "id").unwrap_or_default().to_owned();
        self.used.insert(rid.clone());
        let title = txt(r, "name").unwrap_or_else(|| "Untitled report".to_owned());
        let want = s(r, "x_debrief_id")
            .map(clean)
            .filter(|i| is_file_safe(i))
            .unwrap_or_else(|| slug(&title));
        let want = if want.is_empty() {
            "report".to_owned()
        } else {
            want
        };
        let bid = unique(want, taken);
        let say = |what: String| format!("report {}: {what}", text::one_line(&bid));

        // The objects of this report: those it names and those that name it.
        let mut members: Vec<&Obj> = Vec::new();
        let mut seen = HashSet::new();
        for id in strs(r, "object_refs") {
            match self.by_id.get(id) {
                Some(o) => {
                    if seen.insert(id) {
                        members.push(o);
                    }
                }
                None => unmapped.push(say(format!(
                    "names {}, which the bundle does not hold",
                    text::one_line(id)
                ))),
            }
        }
        for o in self.by_id.values() {
            if let Some(id) = s(o, "id")
                && strs(o, "object_refs").contains(&rid.as_str())
                && seen.insert(id)
            {
                members.push(o);
            }
        }
        // Opinions and notes on the report's notes (a platform's opinion
        // names the note it is about, not the report).
        let notes: HashSet<&str> = members
            .iter()
            .filter_map(|o| s(o, "id"))
            .filter(|id| kind_of(id) == "note")
            .collect();
        let mut about_notes: Vec<&Obj> = self
            .by_id
            .values()
            .filter(|o| matches!(s(o, "type"), Some("opinion" | "note")))
            .filter(|o| s(o, "id").is_some_and(|id| !seen.contains(id)))
            .filter(|o| strs(o, "object_refs").iter().any(|r| notes.contains(r)))
            .copied()
            .collect();
        about_notes.sort_by_key(|o| s(o, "id").unwrap_or_default().to_owned());
        for o in about_notes {
            if let Some(id) = s(o, "id")
                && seen.insert(id)
            {
                members.push(o);
            }
        }
        // Bundle order for what the report does not list itself.
        let listed = strs(r, "object_refs").len().min(members.len());
        members[listed..].sort_by_key(|o| s(o, "id").unwrap_or_default().to_owned());

        let mut b = BriefingFile {
            format: "debrief/2",
            id: bid.clone(),
            title,
            outlet: txt(r, "x_debrief_outlet"),
            published: None,
            retrieved: s(r, "x_debrief_retrieved")
                .and_then(|d| PartialDate::parse(d).ok().map(|d| d.to_string())),
            tlp: None,
            retold: false,
            url: None,
            summary: s(r, "description")
                .map(text::clean)
                .filter(|t| !t.trim().is_empty()),
            tags: strs(r, "labels")
                .into_iter()
                .filter(|l| !TAXONOMY_PREFIXES.iter().any(|p| l.starts_with(p)))
                .map(clean)
                .collect(),
            actors: Vec::new(),
            article: Vec::new(),
            sources: Vec::new(),
            claims: Vec::new(),
            experts: Vec::new(),
            caveats: Vec::new(),
        };
        b.published = if r.get("x_debrief_undated") == Some(&Value::Bool(true)) {
            Some("undated".to_owned())
        } else if let Some(d) = s(r, "x_debrief_published") {
            PartialDate::parse(d).ok().map(|d| d.to_string())
        } else if s(r, "x_debrief_id").is_some() {
            None
        } else {
            s(r, "published").filter(|p| *p != EPOCH).and_then(day_of)
        };
        if b.published.is_none() && b.retrieved.is_none() && s(r, "x_debrief_id").is_none() {
            b.retrieved = s(r, "modified").or(s(r, "created")).and_then(day_of);
        }
        for m in strs(r, "object_marking_refs") {
            match tlp_of(m) {
                Some(t) if b.tlp.is_none() => b.tlp = Some(t.word()),
                Some(_) => {}
                None => unmapped.push(say(format!(
                    "the marking {} has no place in a briefing (only TLP does)",
                    text::one_line(m)
                ))),
            }
        }

        // The article URL and the sources.
        let ext: Vec<&Obj> = r
            .get("external_references")
            .and_then(Value::as_array)
            .map(|l| l.iter().filter_map(Value::as_object).collect())
            .unwrap_or_default();
        let ours = r.get("x_debrief_sources").and_then(Value::as_array);
        if let Some(list) = ours {
            b.url = ext
                .iter()
                .find(|e| e.get("description").is_none())
                .and_then(|e| txt(e, "url"));
            for e in list.iter().filter_map(Value::as_object) {
                let Some(id) = txt(e, "id") else { continue };
                b.sources.push(SourceFile {
                    name: txt(e, "name").unwrap_or_else(|| id.clone()),
                    id,
                    kind: s(e, "kind").and_then(SourceKind::parse).map(|k| k.word()),
                    reliability: s(e, "reliability")
                        .and_then(Reliability::parse)
                        .map(|r| r.word()),
                    published: s(e, "published")
                        .and_then(|d| PartialDate::parse(d).ok())
                        .map(|d| d.to_string()),
                    url: txt(e, "url"),
                    actor: s(e, "actor").and_then(|a| self.actor_name(a)),
                    derived_from: strs(e, "derived_from").into_iter().map(clean).collect(),
                });
            }
        } else {
            let mut ids = HashSet::new();
            for (i, e) in ext.iter().enumerate() {
                let name = txt(e, "source_name").unwrap_or_else(|| "source".to_owned());
                let url = txt(e, "url");
                if i == 0 && b.url.is_none() && url.is_some() {
                    b.url.clone_from(&url);
                    b.outlet = Some(name.clone());
                }
                let id = unique(format!("s-{}", slug(&name)), &mut ids);
                b.sources.push(SourceFile {
                    id,
                    name,
                    kind: None,
                    reliability: None,
                    published: None,
                    url,
                    actor: None,
                    derived_from: Vec::new(),
                });
            }
        }

        // Actors: in the order the report names them.
        let mut local: Vec<ActorFile> = Vec::new();
        for o in &members {
            let Some(id) = s(o, "id") else { continue };
            if let Some(a) = self.actors.get(id) {
                self.used.insert(id.to_owned());
                if !a.registry && !local.iter().any(|l| l.id == a.file.id) {
                    local.push(a.file.clone());
                }
            }
        }
        b.actors = local;

        // Notes and opinions.
        // Claim ids first: caveats and opinions name the claims' notes.
        let mut claim_ids: HashMap<String, String> = HashMap::new();
        let mut foreign_claims = 0;
        for o in &members {
            if let Some(sid) = s(o, "id")
                && is_claim_note(o)
            {
                let id = match s(o, "abstract").and_then(|a| a.strip_prefix("Claim ")) {
                    Some(id) if !clean(id).is_empty() => clean(id),
                    _ => {
                        foreign_claims += 1;
                        format!("c{foreign_claims}")
                    }
                };
                claim_ids.insert(sid.to_owned(), id);
            }
        }
        let mut article_seen = false;
        let mut expert_ids = HashSet::new();
        for o in &members {
            let Some(sid) = s(o, "id") else { continue };
            let kind = kind_of(sid);
            if is_actor_type(kind) && sid != analyst_id() {
                continue;
            }
            match kind {
                "location" | "relationship" | "marking-definition" => {
                    self.used.insert(sid.to_owned());
                    continue;
                }
                "note" | "opinion" => {}
                _ => {
                    unmapped.push(say(format!(
                        "{}: a `{}` has no place in a briefing",
                        describe(o),
                        text::one_line(kind)
                    )));
                    self.used.insert(sid.to_owned());
                    continue;
                }
            }
            self.used.insert(sid.to_owned());
            let abstract_ = s(o, "abstract").unwrap_or_default();
            if kind == "note"
                && (s(o, "created_by_ref") == Some(analyst_id().as_str())
                    || o.contains_key("x_debrief_marked"))
            {
                unmapped.push(say(format!(
                    "{}: an analyst's mark or note; marks stay with the analyst who made them and are not imported",
                    describe(o)
                )));
                continue;
            }
            if kind == "note" && abstract_ == "Article" && !article_seen {
                article_seen = true;
                let content = s(o, "content").unwrap_or_default();
                let texts: Vec<String> = content
                    .split("\n\n")
                    .map(clean)
                    .filter(|t| !t.is_empty())
                    .collect();
                let ids = strs(o, "x_debrief_paragraphs");
                for (i, t) in texts.into_iter().enumerate() {
                    let id = ids
                        .get(i)
                        .filter(|_| ids.len() == content.split("\n\n").count())
                        .map(|s| clean(s))
                        .unwrap_or_else(|| format!("p{}", i + 1));
                    b.article.push(ParagraphFile { id, text: t });
                }
                b.retold = o.get("x_debrief_retold") == Some(&Value::Bool(true));
                continue;
            }
            if kind == "note" && abstract_.starts_with("Caveat ") {
                let id = clean(abstract_.trim_start_matches("Caveat "));
                b.caveats.push(CaveatFile {
                    id,
                    text: txt(o, "content").unwrap_or_default(),
                    anchor: anchor(o),
                    applies_to: strs(o, "object_refs")
                        .into_iter()
                        .filter_map(|r| claim_ids.get(r).cloned())
                        .collect(),
                    raised_by: txt(o, "x_debrief_raised_by"),
                });
                continue;
            }
            if kind == "opinion"
                || (kind == "note"
                    && (abstract_.starts_with("Expert ") || o.contains_key("x_debrief_name")))
            {
                let name = txt(o, "x_debrief_name")
                    .or_else(|| strs(o, "authors").first().map(|a| clean(a)))
                    .or_else(|| abstract_.strip_prefix("Expert ").map(clean))
                    .unwrap_or_else(|| "Unnamed expert".to_owned());
                let want = txt(o, "x_debrief_id").unwrap_or_else(|| {
                    let n = slug(&name);
                    if n.is_empty() {
                        "e".to_owned()
                    } else {
                        format!("e-{n}")
                    }
                });
                let id = unique(want, &mut expert_ids);
                let affiliation = txt(o, "x_debrief_affiliation");
                let stance = s(o, "x_debrief_stance")
                    .and_then(Stance::parse)
                    .or_else(|| match s(o, "opinion") {
                        Some("agree" | "strongly-agree") => Some(Stance::Supports),
                        Some("neutral") => Some(Stance::Neutral),
                        Some("disagree") => Some(Stance::Cautions),
                        Some("strongly-disagree") => Some(Stance::Disputes),
                        _ => None,
                    });
                let says = if o.contains_key("x_debrief_name") {
                    txt(o, "x_debrief_says")
                } else if kind == "opinion" {
                    txt(o, "explanation")
                } else {
                    txt(o, "content")
                };
                let on = strs(o, "object_refs")
                    .into_iter()
                    .filter_map(|r| claim_ids.get(r).cloned())
                    .collect();
                let expert = ExpertFile {
                    id,
                    name,
                    affiliation,
                    says,
                    anchor: anchor(o),
                    stance: stance.map(|s| s.word()),
                    on,
                };
                b.experts.push(expert);
                continue;
            }
            // A claim: ours, or any other note on the report.
            let Some(id) = claim_ids.get(sid).cloned() else {
                continue;
            };
            let c = self.claim(o, id, &b, &say, unmapped);
            b.claims.push(c);
        }
        if ours.is_none() {
            // A platform's sources carry no grade; a claim's admiralty-scale
            // label grades the sources it cites, and the rest are F,
            // "reliability cannot be judged", which is what is known.
            for src in &mut b.sources {
                let graded = members.iter().find_map(|o| {
                    let cites = claim_ids
                        .get(s(o, "id")?)
                        .and_then(|cid| b.claims.iter().find(|c| &c.id == cid))?
                        .sources
                        .contains(&src.id);
                    let labels = strs(o, "labels");
                    let grade = label_value(&labels, "admiralty-scale:source-reliability")?;
                    cites
                        .then(|| Reliability::parse(&grade.to_ascii_uppercase()))
                        .flatten()
                });
                src.reliability = Some(graded.unwrap_or(Reliability::F).word());
            }
        }
        // The expert names of caveats raised by a foreign author.
        for k in &mut b.caveats {
            if let Some(by) = &k.raised_by
                && !b.experts.iter().any(|e| &e.id == by)
            {
                k.raised_by = None;
            }
        }
        if b.article.is_empty() {
            // A platform's report keeps its text in the description.
            match b.summary.take() {
                Some(d) => {
                    for (i, t) in d
                        .split("\n\n")
                        .map(clean)
                        .filter(|t| !t.is_empty())
                        .enumerate()
                    {
                        b.article.push(ParagraphFile {
                            id: format!("p{}", i + 1),
                            text: t,
                        });
                    }
                }
                None => {
                    unmapped.push(say("has no text: the article is its title alone".to_owned()));
                    b.article.push(ParagraphFile {
                        id: "p1".to_owned(),
                        text: b.title.clone(),
                    });
                }
            }
        } else if let Some(sum) = &b.summary {
            b.summary = Some(sum.trim_end().to_owned());
        }
        if let Some(sum) = &b.summary {
            b.summary = Some(clean(sum));
        }
        b
    }

    fn claim(
        &self,
        o: &Obj,
        id: String,
        b: &BriefingFile,
        say: &dyn Fn(String) -> String,
        unmapped: &mut Vec<String>,
    ) -> ClaimFile {
        let refs = strs(o, "object_refs");
        let ids_or = |key: &str, fallback: &dyn Fn() -> Vec<String>| -> Vec<String> {
            if o.contains_key(key) {
                strs(o, key).into_iter().map(clean).collect()
            } else {
                fallback()
            }
        };
        let ours = o.contains_key("x_debrief_kind");
        let by = if ours {
            ids_or("x_debrief_by", &Vec::new)
        } else {
            s(o, "created_by_ref")
                .and_then(|a| self.actor_name(a))
                .into_iter()
                .collect()
        };
        let actors = if ours {
            ids_or("x_debrief_actors", &Vec::new)
        } else {
            refs.iter()
                .filter_map(|r| self.actor_name(r))
                .filter(|a| !by.contains(a))
                .collect()
        };
        let countries = refs.iter().filter_map(|r| self.location(r)).collect();
        let labels = strs(o, "labels");
        let likelihood = s(o, "x_debrief_likelihood")
            .and_then(Likelihood::parse)
            .or_else(|| {
                label_value(&labels, "estimative-language:likelihood-probability")
                    .and_then(Likelihood::parse)
            });
        if likelihood.is_none()
            && let Some(n) = o.get("confidence").and_then(Value::as_u64)
        {
            unmapped.push(say(format!(
                "{}: confidence {n} left out; a STIX confidence is the producer's, not a likelihood",
                describe(o)
            )));
        }
        let confidence = s(o, "x_debrief_analytic_confidence")
            .and_then(AnalyticConfidence::parse)
            .or_else(|| {
                label_value(
                    &labels,
                    "estimative-language:confidence-in-analytic-judgment",
                )
                .and_then(AnalyticConfidence::parse)
            });
        let ext: Vec<&Obj> = o
            .get("external_references")
            .and_then(Value::as_array)
            .map(|l| l.iter().filter_map(Value::as_object).collect())
            .unwrap_or_default();
        let techniques = ext
            .iter()
            .filter(|e| s(e, "source_name") == Some("mitre-attack"))
            .filter_map(|e| s(e, "external_id"))
            .filter(|t| t.starts_with('T'))
            .map(clean)
            .collect();
        let sources = ids_or("x_debrief_sources", &|| {
            ext.iter()
                .filter(|e| s(e, "source_name") != Some("mitre-attack"))
                .filter_map(|e| {
                    let name = txt(e, "source_name");
                    let url = txt(e, "url");
                    b.sources
                        .iter()
                        .find(|src| {
                            (url.is_some() && src.url == url)
                                || (url.is_none() && Some(&src.name) == name.as_ref())
                        })
                        .map(|src| src.id.clone())
                })
                .collect()
        });
        ClaimFile {
            id,
            text: txt(o, "content").unwrap_or_default(),
            anchor: anchor(o),
            by,
            actors,
            countries,
            kind: s(o, "x_debrief_kind")
                .and_then(ClaimKind::parse)
                .map(|k| k.word()),
            likelihood: likelihood.map(|l| l.word()),
            confidence: confidence.map(|c| c.word()),
            stated: txt(o, "x_debrief_stated"),
            when: s(o, "x_debrief_when")
                .and_then(|w| When::parse(w).ok())
                .map(|w| w.to_string()),
            techniques,
            same_as: strs(o, "x_debrief_same_as_claims")
                .into_iter()
                .filter(|r| r.contains('#'))
                .map(clean)
                .collect(),
            sources,
            caveats: strs(o, "x_debrief_caveats")
                .into_iter()
                .map(clean)
                .collect(),
        }
    }
}

/// A note that becomes a claim: any note on a report but the article, a
/// caveat, an expert's words and the analyst's marks.
fn is_claim_note(o: &Obj) -> bool {
    let a = s(o, "abstract").unwrap_or_default();
    s(o, "type") == Some("note")
        && s(o, "created_by_ref") != Some(analyst_id().as_str())
        && !o.contains_key("x_debrief_marked")
        && a != "Article"
        && !a.starts_with("Caveat ")
        && !a.starts_with("Expert ")
        && !o.contains_key("x_debrief_name")
}

fn anchor(o: &Obj) -> AnchorFile {
    let quote = s(o, "x_debrief_quote").map(text::clean);
    if quote.is_none() {
        return AnchorFile::default();
    }
    AnchorFile {
        quote,
        prefix: s(o, "x_debrief_prefix").map(text::clean),
        suffix: s(o, "x_debrief_suffix").map(text::clean),
        para: txt(o, "x_debrief_para"),
    }
}

fn dedup(v: &mut Vec<String>) {
    let mut seen = HashSet::new();
    v.retain(|x| seen.insert(x.clone()));
}

/// How imported registry actors join an existing `actors.yaml`: one that is
/// already there by name or alias takes its id there; a new one whose id is
/// taken by another actor gets a new id. Returns the actors to add and the
/// renames to apply to the briefings.
pub fn merge(
    existing: &[ActorFile],
    incoming: &[ActorFile],
) -> (Vec<ActorFile>, HashMap<String, String>) {
    let names = |name: &str, aliases: &[String]| -> Vec<String> {
        std::iter::once(name)
            .chain(aliases.iter().map(String::as_str))
            .map(|n| text::fold(n).replace(' ', ""))
            .filter(|n| !n.is_empty())
            .collect()
    };
    let mut taken: HashSet<String> = existing.iter().map(|a| a.id.clone()).collect();
    let mut add = Vec::new();
    let mut renames = HashMap::new();
    for a in incoming {
        let mine = names(&a.name, &a.aliases);
        let same = existing.iter().find(|e| {
            let theirs = names(&e.name, &e.aliases);
            mine.iter().any(|n| theirs.contains(n))
        });
        if let Some(e) = same {
            if e.id != a.id {
                renames.insert(a.id.clone(), e.id.clone());
            }
            continue;
        }
        let id = unique(a.id.clone(), &mut taken);
        if id != a.id {
            renames.insert(a.id.clone(), id.clone());
        }
        add.push(ActorFile { id, ..a.clone() });
    }
    (add, renames)
}

impl BriefingFile {
    /// Applies actor renames from [`merge`] to every reference.
    pub fn rename_actors(&mut self, renames: &HashMap<String, String>) {
        let swap = |id: &mut String| {
            if let Some(new) = renames.get(id.as_str()) {
                id.clone_from(new);
            }
        };
        for a in &mut self.actors {
            swap(&mut a.id);
        }
        for src in &mut self.sources {
            if let Some(a) = &mut src.actor {
                swap(a);
            }
        }
        for c in &mut self.claims {
            c.by.iter_mut().for_each(swap);
            c.actors.iter_mut().for_each(swap);
        }
    }
}

impl From<&Actor> for ActorFile {
    fn from(a: &Actor) -> Self {
        ActorFile {
            id: a.id.to_string(),
            name: a.name.to_string(),
            kind: a.kind.map(|k| k.word()),
            country: a.country.as_ref().map(|c| c.value.to_string()),
            aliases: a.aliases.iter().map(|x| x.to_string()).collect(),
            refs: a.refs.clone(),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::briefing::Briefing;
    use crate::briefing::decode;
    use crate::briefing::load::load_bytes;
    use crate::stix::{bundle, render};
    use serde_json::json;
    use std::path::Path;

    /// Every key of format version 2, each at least once.
    const FULL: &str = r#"format: debrief/2
id: full
title: "Every field: a title with a colon # and a hash"
outlet: Example Wire
published: undated
retrieved: 2025-06-02
tlp: amber+strict
retold: true
url: https://example.org/story
summary: The analyst's summary.
tags: [attribution, test]
actors:
  - {id: apt31, name: APT31, kind: threat-group, country: CN, aliases: [ZIRCONIUM], refs: ["mitre:G0128", "misp:abc"]}
  - {id: cz-mfa, name: Czech MFA, kind: government, country: CZ, aliases: [MZV]}
  - {id: someone, name: Someone}
  - {id: jan, name: Jan Novak, kind: person}
article:
  - id: intro
    text: The intrusion was traced back to APT31, officials said. APT31 denied it.
  - text: "A second paragraph: quoted, with 'quotes' and \"more\"."
sources:
  - {id: s-gov, name: Government statement, kind: official, reliability: B, published: 2025-05, url: "https://example.org/gov", actor: cz-mfa}
  - {id: s-wire, name: Wire report, kind: media, reliability: C, derived_from: [s-gov]}
claims:
  - id: c1
    text: The government attributes the intrusion to APT31.
    quote: APT31
    prefix: "traced back to "
    suffix: ", officials"
    para: intro
    by: [cz-mfa, jan]
    actors: [apt31, cz-mfa]
    countries: [CZ, CN]
    kind: reported
    likelihood: likely
    confidence: moderate
    stated: with high confidence
    when: 2022/..
    techniques: [T1566, T1190.001]
    same_as: [other-briefing#c9]
    sources: [s-gov, s-wire]
    caveats: [k1]
  - id: c2
    text: The analyst judges the denial weak.
    kind: assessment
    by: apt31
    likelihood: almost-certain
    sources: [s-wire]
experts:
  - {id: e1, name: A. Researcher, affiliation: Example University, says: Indicators can be spoofed., quote: "APT31 denied it", stance: cautions, on: [c1]}
  - {id: e2, name: B. Quiet, quote: "second paragraph", para: p2, prefix: "A ", suffix: ":"}
caveats:
  - {id: k1, text: Indicators can be imitated., quote: traced back, applies_to: [c1], raised_by: e1}
"#;

    fn load(name: &str, yaml: &str) -> Briefing {
        let loaded = load_bytes(Path::new(name), yaml.as_bytes());
        let errors: Vec<_> = loaded.diagnostics.iter().filter(|d| d.is_error()).collect();
        assert!(
            errors.is_empty(),
            "{name} does not load: {errors:?}\n{yaml}"
        );
        loaded.briefing.expect("a briefing")
    }

    fn through(v: &Value) -> Import {
        let text = serde_json::to_vec(v).expect("json");
        import(&read(&text).expect("a bundle"))
    }

    #[test]
    fn the_full_sample_uses_every_key_of_the_format() {
        let keys = [
            decode::BRIEFING_KEYS_V2,
            decode::ACTOR_KEYS,
            decode::PARAGRAPH_KEYS,
            decode::SOURCE_KEYS_V2,
            decode::CLAIM_KEYS_V2,
            decode::EXPERT_KEYS,
            decode::CAVEAT_KEYS,
        ];
        for key in keys.iter().flat_map(|k| k.iter()) {
            let written = FULL.starts_with(&format!("{key}:"))
                || FULL.contains(&format!("\n{key}:"))
                || FULL.contains(&format!(" {key}:"))
                || FULL.contains(&format!("{{{key}:"));
            assert!(
                written,
                "FULL does not use the key `{key}`: add it, and map it"
            );
        }
    }

    #[test]
    fn every_field_comes_back_and_the_second_export_is_the_first() {
        let b = load("full.yaml", FULL);
        let first = render(&[(&b, None)]);
        let got = through(&bundle(&[(&b, None)]));
        assert_eq!(got.briefings.len(), 1);
        // Every actor here is the briefing's own: none goes to the registry.
        assert!(got.registry.is_empty(), "{:?}", got.registry);
        let yaml = got.briefings[0].to_yaml().expect("yaml");
        let loaded = load_bytes(Path::new("full.yaml"), yaml.as_bytes());
        // Checks as cleanly as the original (the same_as claim is in no library here).
        let original = load_bytes(Path::new("full.yaml"), FULL.as_bytes());
        let words = |l: &crate::briefing::Loaded| {
            l.diagnostics
                .iter()
                .map(|d| d.message.clone())
                .collect::<Vec<_>>()
        };
        assert_eq!(words(&loaded), words(&original), "{yaml}");
        let again = loaded.briefing.expect("loads");
        assert_eq!(render(&[(&again, None)]), first, "{yaml}");
        // And field by field, the parts a bundle equality could hide.
        let f = &got.briefings[0];
        assert_eq!(f.published.as_deref(), Some("undated"));
        assert_eq!(f.retrieved.as_deref(), Some("2025-06-02"));
        assert_eq!(f.tlp, Some("amber+strict"));
        assert!(f.retold);
        assert_eq!(f.article[0].id, "intro");
        let c = &f.claims[0];
        assert_eq!(c.by, ["cz-mfa", "jan"]);
        assert_eq!(c.actors, ["apt31", "cz-mfa"]);
        assert_eq!(c.anchor.prefix.as_deref(), Some("traced back to"));
        assert_eq!(c.same_as, ["other-briefing#c9"]);
        assert_eq!(c.when.as_deref(), Some("2022/.."));
        assert_eq!(c.techniques, ["T1566", "T1190.001"]);
        assert_eq!(f.experts[1].stance, None);
        assert_eq!(f.experts[1].anchor.para.as_deref(), Some("p2"));
        assert_eq!(f.sources[1].derived_from, ["s-gov"]);
        assert_eq!(f.sources[0].actor.as_deref(), Some("cz-mfa"));
    }

    #[test]
    fn marks_are_listed_as_not_imported() {
        use crate::marks::{Kind, Marks, Target};
        let b = load("full.yaml", FULL);
        let mut marks = Marks::default();
        let t = Target::new(Kind::Claim, "c1");
        marks.toggle(&t);
        let got = through(&bundle(&[(&b, Some(&marks))]));
        assert!(
            got.unmapped.iter().any(|u| u.contains("analyst's mark")),
            "{:?}",
            got.unmapped
        );
    }

    /// A report as a platform writes it: its text in the description, a
    /// note, an opinion, an identity and an intrusion set, an indicator.
    fn foreign() -> Value {
        json!({
            "type": "bundle",
            "id": "bundle--0b3f0c3a-4f3e-4a36-9b0e-2b5a3d0c7e11",
            "objects": [
                {"type": "report", "spec_version": "2.1",
                 "id": "report--6f7c1c1d-2c44-4b6f-8d33-6f0f6f9f0a01",
                 "created": "2024-03-25T10:00:00.000Z", "modified": "2024-03-25T10:00:00.000Z",
                 "name": "UK names APT31 for the Electoral Commission breach",
                 "description": "The UK said APT31 was behind it.\n\nChina denied it.",
                 "published": "2024-03-25T10:00:00.000Z",
                 "report_types": ["threat-report"],
                 "labels": ["attribution"],
                 "object_marking_refs": ["marking-definition--34098fce-860f-48ae-8e50-ebd3cc5e41da"],
                 "external_references": [{"source_name": "GOV.UK", "url": "https://www.gov.uk/x"}],
                 "object_refs": [
                    "intrusion-set--1b9c1b8e-0d3e-4f7a-9a65-5d2a1e3c4b01",
                    "identity--2c0d2c9f-1e4f-4a8b-8b76-6e3b2f4d5c02",
                    "indicator--3d1e3d0a-2f5a-4b9c-9c87-7f4c3a5e6d03"]},
                {"type": "intrusion-set", "spec_version": "2.1",
                 "id": "intrusion-set--1b9c1b8e-0d3e-4f7a-9a65-5d2a1e3c4b01",
                 "created": "2020-01-01T00:00:00.000Z", "modified": "2020-01-01T00:00:00.000Z",
                 "name": "APT31", "aliases": ["Judgment Panda"],
                 "external_references": [{"source_name": "mitre-attack", "external_id": "G0128"}]},
                {"type": "identity", "spec_version": "2.1",
                 "id": "identity--2c0d2c9f-1e4f-4a8b-8b76-6e3b2f4d5c02",
                 "created": "2020-01-01T00:00:00.000Z", "modified": "2020-01-01T00:00:00.000Z",
                 "name": "UK Government", "identity_class": "organization", "sectors": ["government"]},
                {"type": "location", "spec_version": "2.1",
                 "id": "location--4e2f4e1b-3a6b-4cad-8d98-8a5d4b6f7e04",
                 "created": "2020-01-01T00:00:00.000Z", "modified": "2020-01-01T00:00:00.000Z",
                 "country": "gb"},
                {"type": "relationship", "spec_version": "2.1",
                 "id": "relationship--5f3a5f2c-4b7c-4dbe-9ea9-9b6e5c7a8f05",
                 "created": "2020-01-01T00:00:00.000Z", "modified": "2020-01-01T00:00:00.000Z",
                 "relationship_type": "located-at",
                 "source_ref": "identity--2c0d2c9f-1e4f-4a8b-8b76-6e3b2f4d5c02",
                 "target_ref": "location--4e2f4e1b-3a6b-4cad-8d98-8a5d4b6f7e04"},
                {"type": "note", "spec_version": "2.1",
                 "id": "note--6a4b6a3d-5c8d-4ecf-8fba-ac7f6d8b9a06",
                 "created": "2024-03-25T10:00:00.000Z", "modified": "2024-03-25T10:00:00.000Z",
                 "content": "APT31 compromised the Electoral Commission.",
                 "created_by_ref": "identity--2c0d2c9f-1e4f-4a8b-8b76-6e3b2f4d5c02",
                 "confidence": 80,
                 "labels": ["estimative-language:likelihood-probability=\"very-likely\""],
                 "external_references": [{"source_name": "GOV.UK", "url": "https://www.gov.uk/x"}],
                 "object_refs": ["report--6f7c1c1d-2c44-4b6f-8d33-6f0f6f9f0a01",
                                 "intrusion-set--1b9c1b8e-0d3e-4f7a-9a65-5d2a1e3c4b01",
                                 "location--4e2f4e1b-3a6b-4cad-8d98-8a5d4b6f7e04"]},
                {"type": "opinion", "spec_version": "2.1",
                 "id": "opinion--7b5c7b4e-6d9e-4fd0-9acb-bd8a7e9cab07",
                 "created": "2024-03-26T10:00:00.000Z", "modified": "2024-03-26T10:00:00.000Z",
                 "opinion": "strongly-disagree", "explanation": "China called it slander.",
                 "authors": ["PRC embassy"],
                 "object_refs": ["note--6a4b6a3d-5c8d-4ecf-8fba-ac7f6d8b9a06"]},
                {"type": "indicator", "spec_version": "2.1",
                 "id": "indicator--3d1e3d0a-2f5a-4b9c-9c87-7f4c3a5e6d03",
                 "created": "2024-03-25T10:00:00.000Z", "modified": "2024-03-25T10:00:00.000Z",
                 "name": "C2 address", "pattern": "[ipv4-addr:value = '198.51.100.7']",
                 "pattern_type": "stix", "valid_from": "2024-03-25T10:00:00.000Z"}
            ]
        })
    }

    #[test]
    fn a_platform_report_becomes_a_briefing_that_loads() {
        let got = through(&foreign());
        let f = &got.briefings[0];
        assert_eq!(f.id, "uk-names-apt31-for-the-electoral-commission-breach");
        assert_eq!(f.published.as_deref(), Some("2024-03-25"));
        assert_eq!(f.tlp, Some("green"), "TLP 1.0 green reads as green");
        assert_eq!(f.url.as_deref(), Some("https://www.gov.uk/x"));
        // The description is the article when there is no other text.
        let paras: Vec<&str> = f.article.iter().map(|p| p.text.as_str()).collect();
        assert_eq!(
            paras,
            ["The UK said APT31 was behind it.", "China denied it."]
        );
        assert_eq!(f.summary, None);
        let c = &f.claims[0];
        assert_eq!(c.id, "c1");
        assert_eq!(c.by, ["uk-government"]);
        assert_eq!(c.actors, ["apt31"]);
        assert_eq!(c.countries, ["GB"]);
        assert_eq!(c.likelihood, Some("very-likely"));
        assert_eq!(c.sources, [f.sources[0].id.clone()]);
        let e = &f.experts[0];
        assert_eq!(e.name, "PRC embassy");
        assert_eq!(e.stance, Some("disputes"));
        assert_eq!(e.on, ["c1"]);
        // Actors of a platform go to the registry, with their kinds and country.
        let names: Vec<(&str, Option<&str>)> = got
            .registry
            .iter()
            .map(|a| (a.name.as_str(), a.kind))
            .collect();
        assert_eq!(
            names,
            [
                ("APT31", Some("threat-group")),
                ("UK Government", Some("government"))
            ]
        );
        assert_eq!(got.registry[0].refs, ["mitre:G0128"]);
        assert_eq!(got.registry[1].country.as_deref(), Some("GB"));
        // The indicator is listed, not dropped.
        assert!(
            got.unmapped.iter().any(|u| u.contains("indicator--")),
            "{:?}",
            got.unmapped
        );
        // And the file loads, with the registry's actors.
        let yaml = f.to_yaml().expect("yaml");
        let reg = registry_yaml(&got.registry).expect("registry yaml");
        assert!(reg.starts_with("format: debrief-actors/1\n"), "{reg}");
        assert!(
            yaml.contains("by:\n  - uk-government") || yaml.contains("by:\n- uk-government"),
            "{yaml}"
        );
    }

    #[test]
    fn hostile_bundles_are_refused_in_words_not_panics() {
        assert!(read(b"not json").unwrap_err().contains("not JSON"));
        assert!(
            read(br#"{"type":"report"}"#)
                .unwrap_err()
                .contains("not a bundle")
        );
        assert!(
            read(br#"{"type":"bundle"}"#)
                .unwrap_err()
                .contains("objects")
        );
        let deep = format!("{}{}", "[".repeat(100_000), "]".repeat(100_000));
        assert!(read(deep.as_bytes()).is_err());
        // Wrong types everywhere: read as "not understood".
        let odd = json!({"type": "bundle", "objects": [
            {"type": "report", "id": "report--1", "name": 7, "object_refs": "x",
             "x_debrief_id": "../../etc/passwd", "labels": [1, null],
             "x_debrief_sources": [{"id": 3}], "description": ["no"]},
            {"type": "note", "id": 5},
            "a string",
            {"type": "note", "id": "note--2", "object_refs": ["report--1"], "abstract": "Claim ",
             "content": "\u{1b}[31mred\u{202e}", "x_debrief_by": "nope"}
        ]});
        let got = through(&odd);
        let f = &got.briefings[0];
        assert!(is_file_safe(&f.id), "{}", f.id);
        assert!(!f.claims[0].text.contains('\u{1b}'));
        assert_eq!(f.article[0].text, "Untitled report");
    }

    #[test]
    fn merging_finds_an_actor_by_name_or_alias_and_renames_a_clash() {
        let actor = |id: &str, name: &str, aliases: &[&str]| ActorFile {
            id: id.into(),
            name: name.into(),
            kind: None,
            country: None,
            aliases: aliases.iter().map(|a| a.to_string()).collect(),
            refs: Vec::new(),
        };
        let existing = [actor("apt31", "APT31", &["ZIRCONIUM", "Judgment Panda"])];
        let incoming = [
            actor("judgment-panda", "Judgment Panda", &[]),
            actor("apt31", "Another group", &[]),
            actor("new", "New group", &[]),
        ];
        let (add, renames) = merge(&existing, &incoming);
        assert_eq!(
            renames.get("judgment-panda").map(String::as_str),
            Some("apt31")
        );
        assert_eq!(renames.get("apt31").map(String::as_str), Some("apt31-2"));
        let ids: Vec<&str> = add.iter().map(|a| a.id.as_str()).collect();
        assert_eq!(ids, ["apt31-2", "new"]);
    }

    #[test]
    fn slugs_are_safe_file_names() {
        assert_eq!(slug("Czechia: APT31 / MFA"), "czechia-apt31-mfa");
        assert_eq!(slug("../../x"), "x");
        assert!(is_file_safe("cz-2025"));
        assert!(!is_file_safe("../x"));
        assert!(!is_file_safe(".hidden"));
    }
}
