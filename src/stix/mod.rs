//! Briefings as a STIX 2.1 bundle, for the platforms a team shares work on
//! (OpenCTI, MISP). A pure function of the briefings and, when asked, the
//! analyst's marks: the same input gives the same bytes, ids included, so a
//! re-export updates the platform's objects instead of duplicating them.
//! docs/STIX.md is the mapping table; the tests below hold each row of it.
//!
//! - ids: UUIDv5 in [`NAMESPACE`] of a key naming the briefing and the item
//!   (`cz-mfa#claim:c1`); actors and countries are keyed library-wide
//!   (`actor:apt31`, `location:CZ`), so a library bundle holds each once.
//! - `created` / `modified`: the briefing's date (its earliest day, or the
//!   day it was retrieved), else [`EPOCH`]; objects shared between briefings
//!   (actors, countries, the analyst) always take [`EPOCH`].

use std::collections::BTreeSet;

use serde_json::{Map, Value, json};
use uuid::Uuid;

use crate::briefing::{
    Actor, ActorKind, Briefing, Identified, Likelihood, PartialDate, Refs, Reliability, Source,
    Stance, Tlp,
};
use crate::country;
use crate::marks::{Kind, Marks, Target};

pub mod import;

/// The namespace of every id debrief gives a STIX object: fixed forever, so
/// ids stay the same across versions of debrief. (A random v4, drawn once.)
pub const NAMESPACE: Uuid = Uuid::from_u128(0x6b1d_5f2e_8c3a_4d71_9e0b_3a5c_7d2f_1e84);

/// The timestamp of objects with no date of their own.
pub const EPOCH: &str = "1970-01-01T00:00:00.000Z";

/// The OASIS TLP 2.0 extension definition the standard TLP 2.0 markings use.
const TLP2_EXTENSION: &str = "extension-definition--60a3c5c5-0d10-413e-aab3-9e08dde9e88d";

/// The standard TLP 2.0 marking-definition ids (OASIS cti-stix-common-objects).
pub fn tlp_marking_id(tlp: Tlp) -> &'static str {
    match tlp {
        Tlp::Clear => "marking-definition--94868c89-83c2-464b-929b-a1a8aa3c8487",
        Tlp::Green => "marking-definition--bab4a63c-aed9-4cf5-a766-dfca5abac2bb",
        Tlp::Amber => "marking-definition--55d920b0-5e8b-4f79-9ee9-91f868d9b421",
        Tlp::AmberStrict => "marking-definition--939a9414-2ddd-4d32-a0cd-375ea402b003",
        Tlp::Red => "marking-definition--e828b379-4e03-4974-9ac4-e53a884c97c1",
    }
}

/// The STIX 2.1 confidence of an ICD 203 word: the DNI scale of the
/// specification's confidence appendix (the middle of each band).
pub fn confidence(l: Likelihood) -> u8 {
    match l {
        Likelihood::AlmostNoChance => 5,
        Likelihood::VeryUnlikely => 15,
        Likelihood::Unlikely => 30,
        Likelihood::RoughlyEvenChance => 50,
        Likelihood::Likely => 70,
        Likelihood::VeryLikely => 85,
        Likelihood::AlmostCertain => 95,
    }
}

/// The MISP `estimative-language` tag of an ICD 203 word.
pub fn estimative_tag(l: Likelihood) -> String {
    format!(
        "estimative-language:likelihood-probability=\"{}\"",
        l.word()
    )
}

/// The MISP `admiralty-scale` tag of a reliability grade.
pub fn admiralty_tag(r: Reliability) -> String {
    format!(
        "admiralty-scale:source-reliability=\"{}\"",
        r.word().to_ascii_lowercase()
    )
}

/// OpenCTI's reliability words, `A - Completely reliable` ...
pub fn opencti_reliability(r: Reliability) -> String {
    let meaning = r.meaning();
    let mut first = meaning.chars();
    let capital: String = first
        .next()
        .map(|c| c.to_uppercase().chain(first).collect())
        .unwrap_or_default();
    let capital = match r {
        Reliability::F => "Reliability cannot be judged".to_owned(),
        _ => capital,
    };
    format!("{} - {capital}", r.word())
}

/// The STIX id of an object of `kind` for `key`.
pub fn id(kind: &str, key: &str) -> String {
    format!("{kind}--{}", Uuid::new_v5(&NAMESPACE, key.as_bytes()))
}

pub(crate) fn item_key(b: &Briefing, what: &str, item: &str) -> String {
    format!("{}#{what}:{item}", b.id)
}

pub(crate) fn claim_id(briefing: &str, claim: &str) -> String {
    id("note", &format!("{briefing}#claim:{claim}"))
}

pub(crate) fn actor_id(a: &Actor) -> String {
    let kind = match a.kind {
        Some(ActorKind::ThreatGroup) => "intrusion-set",
        _ => "identity",
    };
    id(kind, &format!("actor:{}", a.id))
}

pub(crate) fn location_id(code: &str) -> String {
    id("location", &format!("location:{code}"))
}

/// The analyst who marks and notes: the author of every mark note.
pub fn analyst_id() -> String {
    id("identity", "analyst")
}

/// A STIX timestamp of a day.
fn timestamp(d: PartialDate) -> String {
    let d = d.earliest();
    format!(
        "{:04}-{:02}-{:02}T00:00:00.000Z",
        d.year(),
        u8::from(d.month()),
        d.day()
    )
}

/// The time of a briefing's own objects: see the module doc.
fn briefing_time(b: &Briefing) -> String {
    b.published
        .or(b.retrieved)
        .map(timestamp)
        .unwrap_or_else(|| EPOCH.to_owned())
}

/// The objects of a bundle, each once, in the order first added.
#[derive(Default)]
struct Objects {
    list: Vec<Value>,
    seen: BTreeSet<String>,
}

impl Objects {
    fn add(&mut self, object: Value) {
        let id = object["id"].as_str().unwrap_or_default().to_owned();
        if self.seen.insert(id) {
            self.list.push(object);
        }
    }
}

/// The common properties of an object debrief makes.
fn base(kind: &str, id: &str, time: &str) -> Map<String, Value> {
    let mut m = Map::new();
    m.insert("type".into(), kind.into());
    m.insert("spec_version".into(), "2.1".into());
    m.insert("id".into(), id.into());
    m.insert("created".into(), time.into());
    m.insert("modified".into(), time.into());
    m
}

fn put_some(m: &mut Map<String, Value>, key: &str, v: Option<impl Into<Value>>) {
    if let Some(v) = v {
        m.insert(key.into(), v.into());
    }
}

fn put_list(m: &mut Map<String, Value>, key: &str, v: Vec<Value>) {
    if !v.is_empty() {
        m.insert(key.into(), Value::Array(v));
    }
}

/// An actor's `refs: [mitre:G0128]` as external references.
fn actor_refs(a: &Actor) -> Vec<Value> {
    a.refs
        .iter()
        .map(|r| match r.split_once(':') {
            Some(("mitre", id)) => json!({"source_name": "mitre-attack", "external_id": id}),
            Some((source, id)) if !source.is_empty() && !id.is_empty() => {
                json!({"source_name": source, "external_id": id})
            }
            _ => json!({"source_name": "debrief", "external_id": r}),
        })
        .collect()
}

fn add_actor(out: &mut Objects, a: &Actor) -> String {
    let sid = actor_id(a);
    if out.seen.contains(&sid) {
        return sid;
    }
    let mut m = match a.kind {
        Some(ActorKind::ThreatGroup) => {
            let mut m = base("intrusion-set", &sid, EPOCH);
            let aliases: Vec<Value> = a.aliases.iter().map(|s| s.as_str().into()).collect();
            m.insert("name".into(), a.name.as_str().into());
            put_list(&mut m, "aliases", aliases);
            m
        }
        kind => {
            let mut m = base("identity", &sid, EPOCH);
            m.insert("name".into(), a.name.as_str().into());
            let class = match kind {
                Some(ActorKind::Person) => "individual",
                None => "unknown",
                Some(_) => "organization",
            };
            m.insert("identity_class".into(), class.into());
            if matches!(kind, Some(ActorKind::Government | ActorKind::Agency)) {
                m.insert("sectors".into(), json!(["government"]));
            }
            // Identities have no aliases in STIX; kept so nothing is lost.
            let aliases: Vec<Value> = a.aliases.iter().map(|s| s.as_str().into()).collect();
            put_list(&mut m, "x_debrief_aliases", aliases);
            m
        }
    };
    put_some(&mut m, "x_debrief_kind", a.kind.map(|k| k.word()));
    m.insert("x_debrief_id".into(), a.id.as_str().into());
    // Defined once for the library (`actors.yaml`), not in the briefing:
    // `debrief import` puts it back there.
    if a.registry.is_some() {
        m.insert("x_debrief_registry".into(), true.into());
    }
    put_list(&mut m, "external_references", actor_refs(a));
    out.add(Value::Object(m));
    if let Some(code) = &a.country {
        let loc = add_location(out, &code.value);
        let verb = match a.kind {
            Some(ActorKind::ThreatGroup) => "originates-from",
            _ => "located-at",
        };
        let rid = id(
            "relationship",
            &format!("actor:{}#{verb}:{}", a.id, code.value),
        );
        let mut r = base("relationship", &rid, EPOCH);
        r.insert("relationship_type".into(), verb.into());
        r.insert("source_ref".into(), sid.as_str().into());
        r.insert("target_ref".into(), loc.into());
        out.add(Value::Object(r));
    }
    sid
}

fn add_location(out: &mut Objects, code: &str) -> String {
    let lid = location_id(code);
    let mut m = base("location", &lid, EPOCH);
    m.insert("name".into(), country::name(code).into());
    m.insert("country".into(), code.into());
    out.add(Value::Object(m));
    lid
}

fn add_tlp(out: &mut Objects, tlp: Tlp) -> &'static str {
    let mid = tlp_marking_id(tlp);
    let name = format!("TLP:{}", tlp.word().to_ascii_uppercase());
    out.add(json!({
        "type": "marking-definition",
        "spec_version": "2.1",
        "id": mid,
        "created": "2022-10-01T00:00:00.000Z",
        "name": name,
        "extensions": {
            TLP2_EXTENSION: {"extension_type": "property-extension", "tlp_2_0": tlp.word()}
        }
    }));
    mid
}

/// The STIX bundle of `parts`: each briefing with its marks, or `None` to
/// leave the analyst's marks out (they go in only with `--marks`).
pub fn bundle(parts: &[(&Briefing, Option<&Marks>)]) -> Value {
    let mut out = Objects::default();
    for (b, marks) in parts {
        add_briefing(&mut out, b, *marks);
    }
    let key: Vec<&str> = parts.iter().map(|(b, _)| b.id.as_str()).collect();
    json!({
        "type": "bundle",
        "id": id("bundle", &format!("bundle:{}", key.join("\n"))),
        "objects": out.list,
    })
}

/// The bundle as the text written out: pretty JSON, one newline at the end.
pub fn render(parts: &[(&Briefing, Option<&Marks>)]) -> String {
    // Strings, numbers and lists only: serialising cannot fail.
    let mut s = serde_json::to_string_pretty(&bundle(parts)).unwrap_or_default();
    s.push('\n');
    s
}

fn add_briefing(out: &mut Objects, b: &Briefing, marks: Option<&Marks>) {
    let time = briefing_time(b);
    let report = id("report", &format!("briefing:{}", b.id));
    let mut refs: Vec<String> = Vec::new();
    let marking = b.tlp.map(|t| add_tlp(out, t));
    let with_marking = |m: &mut Map<String, Value>| {
        if let Some(mid) = marking {
            m.insert("object_marking_refs".into(), json!([mid]));
        }
    };

    for a in &b.actors {
        refs.push(add_actor(out, a));
    }
    for code in b.countries() {
        let lid = add_location(out, code);
        if !refs.contains(&lid) {
            refs.push(lid);
        }
    }
    let actor_ref = |rid: &str| b.actor(rid).map(actor_id);

    // The article: a note, so the text travels and object_refs is never empty.
    let article_id = id("note", &item_key(b, "article", "all"));
    {
        let mut m = base("note", &article_id, &time);
        m.insert("abstract".into(), "Article".into());
        let text: Vec<&str> = b.article.iter().map(|p| p.text.as_str()).collect();
        m.insert("content".into(), text.join("\n\n").into());
        m.insert("object_refs".into(), json!([report]));
        let paras: Vec<Value> = b.article.iter().map(|p| p.id.as_str().into()).collect();
        m.insert("x_debrief_paragraphs".into(), Value::Array(paras));
        m.insert("x_debrief_retold".into(), b.retold.into());
        with_marking(&mut m);
        out.add(Value::Object(m));
        refs.push(article_id.clone());
    }

    for c in &b.claims {
        let nid = claim_id(&b.id, &c.id);
        let mut m = base("note", &nid, &time);
        m.insert("abstract".into(), format!("Claim {}", c.id).into());
        m.insert("content".into(), c.text.as_str().into());
        let mut objects = vec![Value::from(report.as_str())];
        for id in c.by.ids(&b.actors).chain(c.actors.ids(&b.actors)) {
            if let Some(aid) = actor_ref(id)
                && !objects.contains(&Value::from(aid.as_str()))
            {
                objects.push(aid.into());
            }
        }
        for code in c.countries.iter() {
            let lid = Value::from(location_id(code));
            if !objects.contains(&lid) {
                objects.push(lid);
            }
        }
        m.insert("object_refs".into(), Value::Array(objects));
        // Who asserts it: the authors by name; created_by_ref when one
        // identity asserts it (it may only point at an identity).
        let by: Vec<&Actor> = c.by.of(&b.actors).collect();
        let authors: Vec<Value> = by.iter().map(|a| a.name.as_str().into()).collect();
        put_list(&mut m, "authors", authors);
        if let [one] = by.as_slice()
            && one.kind != Some(ActorKind::ThreatGroup)
        {
            m.insert("created_by_ref".into(), actor_id(one).into());
        }
        let mut labels: Vec<Value> = Vec::new();
        if let Some(l) = c.likelihood {
            m.insert("confidence".into(), confidence(l).into());
            m.insert("x_debrief_likelihood".into(), l.word().into());
            labels.push(estimative_tag(l).into());
        }
        if let Some(ac) = c.confidence {
            m.insert("x_debrief_analytic_confidence".into(), ac.word().into());
            labels.push(confidence_tag(ac).into());
        }
        let grades: BTreeSet<Reliability> = c
            .sources
            .of(&b.sources)
            .filter_map(|s| s.reliability)
            .collect();
        for g in &grades {
            labels.push(admiralty_tag(*g).into());
        }
        // The grade of the most reliable source the claim rests on.
        if let Some(best) = grades.iter().next() {
            m.insert(
                "x_opencti_reliability".into(),
                opencti_reliability(*best).into(),
            );
        }
        put_list(&mut m, "labels", labels);
        m.insert("x_debrief_kind".into(), c.kind.word().into());
        put_some(&mut m, "x_debrief_stated", c.stated());
        put_some(
            &mut m,
            "x_debrief_when",
            c.when().map(|w| w.value.to_string()),
        );
        put_anchor(&mut m, c.anchor.as_ref());
        // What the STIX fields above hold only in part, for `debrief import`:
        // who asserts it apart from whom it involves, which sources and
        // caveats are its own.
        put_list(&mut m, "x_debrief_by", ids_of(&c.by, &b.actors));
        put_list(&mut m, "x_debrief_actors", ids_of(&c.actors, &b.actors));
        put_list(&mut m, "x_debrief_sources", ids_of(&c.sources, &b.sources));
        put_list(&mut m, "x_debrief_caveats", ids_of(&c.caveats, &b.caveats));
        let mut ext = source_refs(c.sources.of(&b.sources));
        for t in c.techniques() {
            ext.push(json!({"source_name": "mitre-attack", "external_id": t.value.as_str()}));
        }
        put_list(&mut m, "external_references", ext);
        let same: Vec<Value> = c
            .same_as()
            .iter()
            .map(|r| claim_id(&r.value.briefing, &r.value.claim).into())
            .collect();
        put_list(&mut m, "x_debrief_same_as", same);
        let same_keys: Vec<Value> = c
            .same_as()
            .iter()
            .map(|r| r.value.to_string().into())
            .collect();
        put_list(&mut m, "x_debrief_same_as_claims", same_keys);
        with_marking(&mut m);
        out.add(Value::Object(m));
        refs.push(nid);
    }

    for k in &b.caveats {
        let nid = id("note", &item_key(b, "caveat", &k.id));
        let mut m = base("note", &nid, &time);
        m.insert("abstract".into(), format!("Caveat {}", k.id).into());
        m.insert("content".into(), k.text.as_str().into());
        let mut objects = vec![Value::from(report.as_str())];
        objects.extend(
            k.applies_to
                .ids(&b.claims)
                .map(|c| Value::from(claim_id(&b.id, c))),
        );
        m.insert("object_refs".into(), Value::Array(objects));
        let raiser = k
            .raised_by
            .as_ref()
            .and_then(|r| b.experts.iter().find(|e| e.id == r.value));
        put_some(&mut m, "authors", raiser.map(|e| json!([expert_name(e)])));
        put_some(
            &mut m,
            "x_debrief_raised_by",
            k.raised_by.as_ref().map(|r| r.value.as_str()),
        );
        put_anchor(&mut m, k.anchor.as_ref());
        with_marking(&mut m);
        out.add(Value::Object(m));
        refs.push(nid);
    }

    for e in &b.experts {
        let on: Vec<Value> =
            e.on.ids(&b.claims)
                .map(|c| Value::from(claim_id(&b.id, c)))
                .collect();
        // An opinion needs a stance and claims to be about; without them
        // the expert's words travel as a note on the report.
        let mut m = match (e.stance, on.is_empty()) {
            (Some(stance), false) => {
                let oid = id("opinion", &item_key(b, "expert", &e.id));
                let mut m = base("opinion", &oid, &time);
                m.insert("opinion".into(), opinion(stance).into());
                m.insert("x_debrief_stance".into(), stance.word().into());
                put_some(&mut m, "explanation", e.says.as_deref());
                m.insert("object_refs".into(), Value::Array(on));
                m
            }
            _ => {
                let nid = id("note", &item_key(b, "expert", &e.id));
                let mut m = base("note", &nid, &time);
                m.insert("abstract".into(), format!("Expert {}", e.name).into());
                m.insert(
                    "content".into(),
                    e.says
                        .as_deref()
                        .map_or_else(|| expert_name(e), str::to_string)
                        .into(),
                );
                let mut objects = vec![Value::from(report.as_str())];
                objects.extend(on);
                m.insert("object_refs".into(), Value::Array(objects));
                put_some(&mut m, "x_debrief_stance", e.stance.map(|s| s.word()));
                m
            }
        };
        m.insert("authors".into(), json!([expert_name(e)]));
        m.insert("x_debrief_id".into(), e.id.as_str().into());
        m.insert("x_debrief_name".into(), e.name.as_str().into());
        put_some(&mut m, "x_debrief_affiliation", e.affiliation.as_deref());
        put_some(&mut m, "x_debrief_says", e.says.as_deref());
        put_anchor(&mut m, e.anchor.as_ref());
        with_marking(&mut m);
        let oid = m["id"].as_str().unwrap_or_default().to_owned();
        out.add(Value::Object(m));
        refs.push(oid);
    }

    if let Some(marks) = marks {
        add_marks(out, b, marks, &report, &mut refs);
    }

    let mut m = base("report", &report, &time);
    m.insert("name".into(), b.title.as_str().into());
    put_some(&mut m, "description", b.summary.as_deref());
    m.insert(
        "published".into(),
        b.published
            .or(b.retrieved)
            .map(timestamp)
            .unwrap_or_else(|| EPOCH.to_owned())
            .into(),
    );
    m.insert("report_types".into(), json!(["threat-report"]));
    m.insert("object_refs".into(), json!(refs));
    let mut labels: Vec<Value> = b.tags.iter().map(|t| t.as_str().into()).collect();
    labels.extend(taxonomy_labels(b).into_iter().map(Value::from));
    put_list(&mut m, "labels", labels);
    let mut ext = Vec::new();
    if let Some(url) = &b.url {
        ext.push(json!({"source_name": b.outlet.as_deref().unwrap_or("article"), "url": url}));
    }
    ext.extend(source_refs(b.sources.iter()));
    put_list(&mut m, "external_references", ext);
    m.insert("x_debrief_id".into(), b.id.as_str().into());
    m.insert("x_debrief_format".into(), b.format.word().into());
    put_some(&mut m, "x_debrief_outlet", b.outlet.as_deref());
    put_some(
        &mut m,
        "x_debrief_published",
        b.published.map(|d| d.to_string()),
    );
    put_some(
        &mut m,
        "x_debrief_retrieved",
        b.retrieved.map(|d| d.to_string()),
    );
    if b.undated {
        m.insert("x_debrief_undated".into(), true.into());
    }
    // What external references cannot hold: each source's id, kind, date,
    // actor and provenance.
    let sources: Vec<Value> = b
        .sources
        .iter()
        .map(|s| {
            let mut e = Map::new();
            e.insert("id".into(), s.id.as_str().into());
            e.insert("name".into(), s.name.as_str().into());
            put_some(&mut e, "kind", s.kind.map(|k| k.word()));
            put_some(&mut e, "reliability", s.reliability.map(|r| r.word()));
            put_some(&mut e, "url", s.url.as_deref());
            put_some(&mut e, "published", s.published.map(|d| d.to_string()));
            put_some(
                &mut e,
                "actor",
                s.actor.as_ref().and_then(|r| actor_ref(&r.value)),
            );
            let from: Vec<Value> = s.derived_from.ids(&b.sources).map(Value::from).collect();
            put_list(&mut e, "derived_from", from);
            Value::Object(e)
        })
        .collect();
    put_list(&mut m, "x_debrief_sources", sources);
    with_marking(&mut m);
    out.add(Value::Object(m));
}

fn add_marks(out: &mut Objects, b: &Briefing, marks: &Marks, report: &str, refs: &mut Vec<String>) {
    let analyst = analyst_id();
    let mut who = base("identity", &analyst, EPOCH);
    who.insert("name".into(), "debrief analyst".into());
    who.insert("identity_class".into(), "individual".into());
    out.add(Value::Object(who));
    let time = briefing_time(b);
    let mut targets: BTreeSet<&Target> = marks.marked().collect();
    targets.extend(marks.notes().map(|(t, _)| t));
    for t in targets {
        let on = match t.kind {
            Kind::Claim => claim_id(&b.id, &t.id),
            Kind::Caveat => id("note", &item_key(b, "caveat", &t.id)),
            Kind::Expert => {
                let e = b.experts.iter().find(|e| e.id == t.id);
                let opinion = e.is_some_and(|e| e.stance.is_some() && !e.on.is_empty());
                let kind = if opinion { "opinion" } else { "note" };
                id(kind, &item_key(b, "expert", &t.id))
            }
            Kind::Paragraph => id("note", &item_key(b, "article", "all")),
            Kind::Source => report.to_owned(),
        };
        if !t.exists_in(b) {
            continue;
        }
        let nid = id("note", &format!("{}#mark:{}:{}", b.id, t.kind.word(), t.id));
        let mut m = base("note", &nid, &time);
        m.insert("abstract".into(), format!("Analyst on {t}").into());
        m.insert("content".into(), marks.note(t).unwrap_or("(marked)").into());
        m.insert("created_by_ref".into(), analyst.as_str().into());
        m.insert("authors".into(), json!(["debrief analyst"]));
        let mut objects = vec![Value::from(on.as_str())];
        if on != report {
            objects.push(report.into());
        }
        m.insert("object_refs".into(), Value::Array(objects));
        m.insert("x_debrief_marked".into(), marks.is_marked(t).into());
        m.insert("x_debrief_target".into(), t.to_string().into());
        out.add(Value::Object(m));
        refs.push(nid);
    }
}

/// The MISP taxonomy tags of the whole briefing, after its own tags: the
/// likelihood words and analytic confidences of its claims and the grades of
/// its sources. A report's labels become the MISP event's tags, where a
/// platform filters on them; a note's labels do not travel that far.
/// `debrief import` leaves labels with these prefixes out of the tags.
pub fn taxonomy_labels(b: &Briefing) -> Vec<String> {
    let likely: BTreeSet<Likelihood> = b.claims.iter().filter_map(|c| c.likelihood).collect();
    let sure: BTreeSet<crate::briefing::AnalyticConfidence> =
        b.claims.iter().filter_map(|c| c.confidence).collect();
    let grades: BTreeSet<Reliability> = b.sources.iter().filter_map(|s| s.reliability).collect();
    likely
        .into_iter()
        .map(estimative_tag)
        .chain(sure.into_iter().map(confidence_tag))
        .chain(grades.into_iter().map(admiralty_tag))
        .collect()
}

/// The MISP `estimative-language` tag of an analytic confidence.
pub fn confidence_tag(c: crate::briefing::AnalyticConfidence) -> String {
    format!(
        "estimative-language:confidence-in-analytic-judgment=\"{}\"",
        c.word()
    )
}

/// The label prefixes [`taxonomy_labels`] writes.
pub const TAXONOMY_PREFIXES: &[&str] = &["estimative-language:", "admiralty-scale:"];

/// An anchor's quote and, when the file gives them, what narrows it down.
fn put_anchor(m: &mut Map<String, Value>, anchor: Option<&crate::briefing::Anchor>) {
    let Some(a) = anchor else { return };
    m.insert("x_debrief_quote".into(), a.quote.value.as_str().into());
    put_some(m, "x_debrief_prefix", a.prefix());
    put_some(m, "x_debrief_suffix", a.suffix());
    put_some(m, "x_debrief_para", a.para().map(|r| r.value.as_str()));
}

/// External references for sources: each by name, with its grade, kind and URL.
fn source_refs<'a>(sources: impl Iterator<Item = &'a Source>) -> Vec<Value> {
    sources
        .map(|s| {
            let mut e = Map::new();
            e.insert("source_name".into(), s.name.as_str().into());
            e.insert("description".into(), source_description(s).into());
            put_some(&mut e, "url", s.url.as_deref());
            Value::Object(e)
        })
        .collect()
}

fn ids_of<T: Identified>(refs: &Refs, items: &[T]) -> Vec<Value> {
    refs.ids(items).map(Value::from).collect()
}

pub(crate) fn opinion(s: Stance) -> &'static str {
    match s {
        Stance::Supports => "agree",
        Stance::Neutral => "neutral",
        Stance::Cautions => "disagree",
        Stance::Disputes => "strongly-disagree",
    }
}

pub(crate) fn expert_name(e: &crate::briefing::Expert) -> String {
    match &e.affiliation {
        Some(a) => format!("{} ({a})", e.name),
        None => e.name.to_string(),
    }
}

fn source_description(s: &crate::briefing::Source) -> String {
    let mut parts = vec![format!("source {}", s.id)];
    if let Some(k) = s.kind {
        parts.push(k.word().to_owned());
    }
    if let Some(r) = s.reliability {
        parts.push(format!("reliability {} ({})", r.word(), r.meaning()));
    }
    parts.join("; ")
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::briefing::load::load_bytes;
    use std::path::Path;

    const SAMPLE: &str = r#"format: debrief/2
id: cz-test
title: Czechia attributes an intrusion
outlet: Example Wire
published: 2025-05-28
tlp: amber
url: https://example.org/story
summary: The analyst's summary.
tags: [attribution]
actors:
  - {id: apt31, name: APT31, kind: threat-group, country: CN, aliases: [ZIRCONIUM], refs: ["mitre:G0128"]}
  - {id: cz-mfa, name: Czech MFA, kind: government, country: CZ}
article:
  - text: The intrusion was traced back to APT31, officials said.
sources:
  - {id: s-gov, name: Government statement, kind: official, reliability: B, url: "https://example.org/gov", actor: cz-mfa}
  - {id: s-wire, name: Wire report, kind: media, reliability: C, derived_from: [s-gov]}
claims:
  - id: c1
    text: The government attributes the intrusion to APT31.
    quote: traced back to
    by: cz-mfa
    actors: [apt31]
    countries: [CZ, CN]
    likelihood: likely
    confidence: moderate
    techniques: [T1566]
    sources: [s-gov, s-wire]
    caveats: [k1]
experts:
  - {id: e1, name: A. Researcher, affiliation: Example University, says: Indicators can be spoofed., stance: cautions, on: [c1]}
caveats:
  - {id: k1, text: Indicators can be imitated., applies_to: [c1], raised_by: e1}
"#;

    fn sample() -> Briefing {
        let loaded = load_bytes(Path::new("cz-test.yaml"), SAMPLE.as_bytes());
        match loaded.briefing {
            Some(b) => b,
            None => panic!("sample does not load: {:?}", loaded.diagnostics),
        }
    }

    fn objects(v: &Value) -> &Vec<Value> {
        v["objects"].as_array().expect("objects")
    }

    fn find<'v>(v: &'v Value, kind: &str, pred: impl Fn(&Value) -> bool) -> &'v Value {
        objects(v)
            .iter()
            .find(|o| o["type"] == kind && pred(o))
            .unwrap_or_else(|| panic!("no {kind} found"))
    }

    #[test]
    fn the_briefing_is_a_report_with_its_date_url_sources_and_tlp() {
        let b = sample();
        let v = bundle(&[(&b, None)]);
        let r = find(&v, "report", |_| true);
        assert_eq!(r["name"], "Czechia attributes an intrusion");
        assert_eq!(r["description"], "The analyst's summary.");
        assert_eq!(r["published"], "2025-05-28T00:00:00.000Z");
        assert_eq!(r["created"], "2025-05-28T00:00:00.000Z");
        assert_eq!(r["report_types"], json!(["threat-report"]));
        assert_eq!(
            r["labels"],
            json!([
                "attribution",
                "estimative-language:likelihood-probability=\"likely\"",
                "estimative-language:confidence-in-analytic-judgment=\"moderate\"",
                "admiralty-scale:source-reliability=\"b\"",
                "admiralty-scale:source-reliability=\"c\""
            ])
        );
        assert!(!r["object_refs"].as_array().unwrap().is_empty());
        let ext = r["external_references"].as_array().unwrap();
        assert_eq!(ext[0]["url"], "https://example.org/story");
        assert_eq!(ext[0]["source_name"], "Example Wire");
        assert_eq!(ext[1]["source_name"], "Government statement");
        assert_eq!(ext.len(), 3);
        let amber = "marking-definition--55d920b0-5e8b-4f79-9ee9-91f868d9b421";
        assert_eq!(r["object_marking_refs"], json!([amber]));
        let m = find(&v, "marking-definition", |_| true);
        assert_eq!(m["id"], amber);
        assert_eq!(m["extensions"][TLP2_EXTENSION]["tlp_2_0"], "amber");
        // Provenance and what external references cannot hold.
        let s = &r["x_debrief_sources"][1];
        assert_eq!(s["derived_from"], json!(["s-gov"]));
        assert_eq!(r["x_debrief_sources"][0]["actor"], actor_id(&b.actors[1]));
        // Every object the report names is in the bundle.
        for id in r["object_refs"].as_array().unwrap() {
            assert!(objects(&v).iter().any(|o| &o["id"] == id), "{id} missing");
        }
    }

    #[test]
    fn a_claim_is_a_note_with_confidence_labels_and_its_author() {
        let b = sample();
        let v = bundle(&[(&b, None)]);
        let c = find(&v, "note", |o| o["abstract"] == "Claim c1");
        assert_eq!(c["id"], claim_id("cz-test", "c1"));
        assert_eq!(
            c["content"],
            "The government attributes the intrusion to APT31."
        );
        assert_eq!(c["confidence"], 70);
        assert_eq!(c["x_debrief_likelihood"], "likely");
        assert_eq!(c["x_debrief_analytic_confidence"], "moderate");
        assert_eq!(c["x_debrief_quote"], "traced back to");
        assert_eq!(c["created_by_ref"], actor_id(&b.actors[1]));
        assert_eq!(c["authors"], json!(["Czech MFA"]));
        let labels = c["labels"].as_array().unwrap();
        assert!(labels.contains(&json!(
            "estimative-language:likelihood-probability=\"likely\""
        )));
        assert!(labels.contains(&json!("admiralty-scale:source-reliability=\"b\"")));
        assert!(labels.contains(&json!("admiralty-scale:source-reliability=\"c\"")));
        assert_eq!(c["x_opencti_reliability"], "B - Usually reliable");
        let refs = c["object_refs"].as_array().unwrap();
        assert!(refs.contains(&json!(id("report", "briefing:cz-test"))));
        assert!(refs.contains(&json!(actor_id(&b.actors[0]))));
        assert!(refs.contains(&json!(location_id("CN"))));
        let ext = c["external_references"].as_array().unwrap();
        assert!(ext.contains(&json!({"source_name": "mitre-attack", "external_id": "T1566"})));
    }

    #[test]
    fn caveats_are_notes_on_claims_and_stances_are_opinions() {
        let b = sample();
        let v = bundle(&[(&b, None)]);
        let k = find(&v, "note", |o| o["abstract"] == "Caveat k1");
        assert!(
            k["object_refs"]
                .as_array()
                .unwrap()
                .contains(&json!(claim_id("cz-test", "c1")))
        );
        assert_eq!(k["authors"], json!(["A. Researcher (Example University)"]));
        let o = find(&v, "opinion", |_| true);
        assert_eq!(o["opinion"], "disagree");
        assert_eq!(o["x_debrief_stance"], "cautions");
        assert_eq!(o["explanation"], "Indicators can be spoofed.");
        assert_eq!(o["object_refs"], json!([claim_id("cz-test", "c1")]));
    }

    #[test]
    fn actors_countries_and_their_relationships() {
        let b = sample();
        let v = bundle(&[(&b, None)]);
        let g = find(&v, "intrusion-set", |_| true);
        assert_eq!(g["name"], "APT31");
        assert_eq!(g["aliases"], json!(["ZIRCONIUM"]));
        assert_eq!(g["external_references"][0]["external_id"], "G0128");
        let i = find(&v, "identity", |_| true);
        assert_eq!(i["identity_class"], "organization");
        assert_eq!(i["sectors"], json!(["government"]));
        let cz = find(&v, "location", |o| o["country"] == "CZ");
        assert_eq!(cz["id"], location_id("CZ"));
        let from = find(&v, "relationship", |o| o["source_ref"] == g["id"]);
        assert_eq!(from["relationship_type"], "originates-from");
        assert_eq!(from["target_ref"], location_id("CN"));
        let at = find(&v, "relationship", |o| o["source_ref"] == i["id"]);
        assert_eq!(at["relationship_type"], "located-at");
    }

    #[test]
    fn the_confidence_scale_is_the_dni_scale() {
        let got: Vec<u8> = Likelihood::ALL.iter().map(|l| confidence(*l)).collect();
        assert_eq!(got, [5, 15, 30, 50, 70, 85, 95]);
    }

    #[test]
    fn ids_are_uuidv5_stable_and_different_per_item() {
        assert_eq!(
            id("note", "cz-test#claim:c1"),
            id("note", "cz-test#claim:c1")
        );
        assert_ne!(claim_id("cz-test", "c1"), claim_id("cz-test", "c2"));
        assert_ne!(claim_id("cz-test", "c1"), claim_id("other", "c1"));
        let uuid = Uuid::parse_str(claim_id("a", "b").trim_start_matches("note--")).unwrap();
        assert_eq!(uuid.get_version_num(), 5);
        // Pinned: a change of namespace or key would duplicate every object on the platform.
        assert_eq!(id("report", "briefing:x"), id("report", "briefing:x"));
        assert_eq!(
            NAMESPACE.to_string(),
            "6b1d5f2e-8c3a-4d71-9e0b-3a5c7d2f1e84"
        );
    }

    #[test]
    fn exports_are_byte_for_byte_reproducible_and_share_actors_once() {
        let b = sample();
        let mut other = sample();
        other.id = "cz-other".into();
        let once = render(&[(&b, None), (&other, None)]);
        assert_eq!(once, render(&[(&b, None), (&other, None)]));
        let v = bundle(&[(&b, None), (&other, None)]);
        let groups = objects(&v)
            .iter()
            .filter(|o| o["type"] == "intrusion-set")
            .count();
        assert_eq!(groups, 1);
        let reports = objects(&v).iter().filter(|o| o["type"] == "report").count();
        assert_eq!(reports, 2);
    }

    #[test]
    fn marks_go_in_only_when_asked_authored_by_the_analyst() {
        let b = sample();
        let mut marks = Marks::default();
        let t = Target::new(Kind::Claim, "c1");
        marks.toggle(&t);
        marks.set_note(&t, "Key judgement.");
        let without = bundle(&[(&b, None)]);
        assert!(
            !objects(&without)
                .iter()
                .any(|o| o["created_by_ref"] == analyst_id())
        );
        let with = bundle(&[(&b, Some(&marks))]);
        let n = find(&with, "note", |o| o["created_by_ref"] == analyst_id());
        assert_eq!(n["content"], "Key judgement.");
        assert_eq!(n["object_refs"][0], claim_id("cz-test", "c1"));
        assert!(find(&with, "identity", |o| o["id"] == analyst_id())["name"] == "debrief analyst");
    }

    #[test]
    fn an_undated_briefing_takes_its_retrieved_day_or_the_epoch() {
        let mut b = sample();
        b.published = None;
        b.retrieved = None;
        let v = bundle(&[(&b, None)]);
        assert_eq!(find(&v, "report", |_| true)["published"], EPOCH);
    }
}
