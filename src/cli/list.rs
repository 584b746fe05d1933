//! `debrief list`: the briefings matching a filter, one line each or JSON.
//! Matching is the query module's, the same the reader uses.

use std::path::PathBuf;
use std::process::ExitCode;

use serde::Serialize;

use debrief::briefing::{Briefing, Library, Limits};
use debrief::query::{self, ActorNames, Filter};
use debrief::{country, text};

pub struct Query {
    pub actors: Vec<String>,
    pub countries: Vec<String>,
    pub text: String,
    pub json: bool,
}

#[derive(Serialize)]
struct Listed<'a> {
    id: &'a str,
    title: &'a str,
    /// At its own precision (`2021-06`); null when not given or undated.
    published: Option<String>,
    /// `published: undated`.
    undated: bool,
    outlet: Option<&'a str>,
    path: String,
    matched_actors: Vec<String>,
    matched_countries: Vec<String>,
    claims: usize,
    sources: usize,
    experts: usize,
    caveats: usize,
}

pub fn run(paths: &[PathBuf], q: &Query, limits: &Limits) -> ExitCode {
    if let Some(usage) = super::missing_path(paths) {
        return usage;
    }
    let library = super::load_what_loads(paths, limits);
    let Some(filter) = resolve(&library, q) else {
        return ExitCode::from(1);
    };
    // Names are shown only for the actors asked for.
    let names = if filter.actors.is_empty() {
        ActorNames::default()
    } else {
        ActorNames::new(&library.briefings)
    };
    // The reader's path to the same answer: the library's index.
    let mut found: Vec<&Briefing> = query::matching(&library, &filter)
        .into_iter()
        .map(|i| &library.briefings[i])
        .collect();
    found.sort_by(|a, b| (b.published, &a.title).cmp(&(a.published, &b.title)));

    let listed: Vec<Listed> = found.iter().map(|b| listed(b, &filter, &names)).collect();
    if !super::to_stdout("the list", |out| print(out, &listed, q.json)) {
        return ExitCode::from(1);
    }
    if found.is_empty() {
        eprintln!("debrief: no briefing matches");
        return ExitCode::from(1);
    }
    ExitCode::SUCCESS
}

/// Writes the list (through [`super::to_stdout`]'s one buffer: a line at a
/// time, 10,000 briefings were 10,000 writes).
fn print(out: &mut dyn std::io::Write, listed: &[Listed], json: bool) -> std::io::Result<()> {
    if json {
        // Plain strings and numbers: serialising cannot fail.
        let json = serde_json::to_string_pretty(listed).unwrap_or_default();
        writeln!(out, "{json}")?;
    } else {
        for l in listed {
            let matched: Vec<&str> = l
                .matched_actors
                .iter()
                .chain(&l.matched_countries)
                .map(String::as_str)
                .collect();
            let matched = if matched.is_empty() {
                String::new()
            } else {
                format!("  [{}]", matched.join("; "))
            };
            writeln!(
                out,
                "{}  {}  {}{}",
                l.published
                    .as_deref()
                    .unwrap_or(if l.undated { "undated" } else { "----------" }),
                text::one_line(l.id),
                text::one_line(l.title),
                text::one_line(&matched)
            )?;
        }
    }
    Ok(())
}

/// The filter the user means, or `None` after saying which actor or
/// country matches nothing in the library, with the nearest known names.
/// `dossier` names its subject through it too.
pub(super) fn resolve(library: &Library, q: &Query) -> Option<Filter> {
    let mut filter = Filter {
        text: q.text.clone(),
        ..Filter::default()
    };
    let mut unknown = false;
    for a in &q.actors {
        let ids = query::resolve_library_actors(library, a);
        if ids.is_empty() {
            unknown = true;
            let near = query::suggest_actors(&library.briefings, a, 3);
            eprintln!(
                "debrief: no actor matches “{}” in this library{}",
                text::one_line(a),
                closest(&near)
            );
        }
        filter.actors.extend(ids);
    }
    // Every country some briefing involves: the library's index has each once.
    let involves = library.involves();
    let mut present: Vec<&str> = (0..involves.country_count() as u32)
        .map(|n| involves.country_code(n))
        .collect();
    present.sort_unstable();
    for c in &q.countries {
        match country::resolve(c) {
            Some(code) if present.contains(&code) => {
                filter.countries.insert(code.to_owned());
            }
            Some(code) => {
                unknown = true;
                let known: Vec<String> = present
                    .iter()
                    .map(|c| format!("{} ({c})", country::name(c)))
                    .collect();
                eprintln!(
                    "debrief: no briefing involves {} ({code}); the countries here are: {}",
                    country::name(code),
                    known.join(", ")
                );
            }
            None => {
                unknown = true;
                let near = query::suggest_countries(c, 3);
                eprintln!(
                    "debrief: “{}” is not a country name or ISO code{}",
                    text::one_line(c),
                    closest(&near)
                );
            }
        }
    }
    (!unknown).then_some(filter)
}

fn closest(names: &[String]) -> String {
    if names.is_empty() {
        String::new()
    } else {
        format!("; closest: {}", text::one_line(&names.join(", ")))
    }
}

fn listed<'a>(b: &'a Briefing, filter: &Filter, names: &ActorNames) -> Listed<'a> {
    let countries = if filter.countries.is_empty() {
        Vec::new()
    } else {
        b.countries()
    };
    Listed {
        id: &b.id,
        title: &b.title,
        published: b.published.map(|d| d.to_string()),
        undated: b.undated,
        outlet: b.outlet.as_deref(),
        path: text::clean(&b.path.to_string_lossy()),
        matched_actors: filter
            .actors
            .iter()
            .filter(|id| b.actors.iter().any(|a| a.id == *id))
            .map(|id| names.name(id))
            .collect(),
        matched_countries: filter
            .countries
            .iter()
            .filter(|c| countries.contains(&c.as_str()))
            .cloned()
            .collect(),
        claims: b.claims.len(),
        sources: b.sources.len(),
        experts: b.experts.len(),
        caveats: b.caveats.len(),
    }
}
