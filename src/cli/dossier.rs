//! `debrief dossier`: everything the library holds on an actor or a country,
//! as a timeline, in Markdown for people or JSON for scripts. The timeline is
//! [`debrief::dossier`]'s, the one the reader's dossier screen shows; names
//! are resolved as `list` resolves them, with the same "closest" on a miss.

use std::path::PathBuf;
use std::process::ExitCode;

use debrief::briefing::{Library, Limits};
use debrief::dossier::{self, Listed};
use debrief::query::ActorNames;
use debrief::text;

#[derive(clap::Args)]
#[command(group = clap::ArgGroup::new("subject").required(true).multiple(true).args(["actors", "countries"]))]
pub struct Args {
    /// Briefing files or folders (default: the config's library, else ./briefings)
    pub paths: Vec<PathBuf>,
    /// The actor, by id, name or alias; repeat for any of several
    #[arg(long = "actor", value_name = "ACTOR")]
    actors: Vec<String>,
    /// The country, by code or name; repeat for any of several
    #[arg(long = "country", value_name = "COUNTRY")]
    countries: Vec<String>,
    /// md (for people) or json (for scripts)
    #[arg(long, value_enum, default_value_t = Format::Md)]
    format: Format,
}

#[derive(Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
enum Format {
    Md,
    Json,
}

#[derive(serde::Serialize)]
struct Dossier {
    subject: String,
    entries: Vec<Listed>,
}

pub fn run(args: &Args, limits: &Limits) -> ExitCode {
    // main gave the config's library or ./briefings when none were named.
    let paths = &args.paths;
    if let Some(usage) = super::missing_path(paths) {
        return usage;
    }
    let library = super::load_what_loads(paths, limits);
    let query = super::list::Query {
        actors: args.actors.clone(),
        countries: args.countries.clone(),
        text: String::new(),
        json: false,
    };
    let Some(filter) = super::list::resolve(&library, &query) else {
        return ExitCode::from(1);
    };
    let names = ActorNames::new(&library.briefings);
    let subject = filter.describe(&names);
    let entries = dossier::dossier(&library, &filter);
    let listed: Vec<Listed> = entries.iter().map(|e| Listed::new(&library, e)).collect();
    let written = super::to_stdout("the dossier", |out| match args.format {
        Format::Json => writeln!(
            out,
            "{}",
            // Plain strings and numbers: serialising cannot fail.
            serde_json::to_string_pretty(&Dossier {
                subject: subject.clone(),
                entries: listed,
            })
            .unwrap_or_default()
        ),
        Format::Md => write!(out, "{}", markdown(&library, &subject, &entries, &listed)),
    });
    if !written {
        return ExitCode::from(1);
    }
    if entries.is_empty() {
        eprintln!("debrief: no claim involves {}", text::one_line(&subject));
        return ExitCode::from(1);
    }
    ExitCode::SUCCESS
}

/// The timeline for people: a heading per year, a line per claim.
fn markdown(
    library: &Library,
    subject: &str,
    entries: &[dossier::Entry],
    listed: &[Listed],
) -> String {
    use std::fmt::Write as _;
    let mut out = String::new();
    let briefings: std::collections::BTreeSet<usize> = entries.iter().map(|e| e.claim.0).collect();
    let _ = writeln!(out, "# Dossier: {}\n", text::one_line(subject));
    let _ = writeln!(
        out,
        "{} in {}.\n",
        text::count(entries.len(), "claim", "claims"),
        text::count(briefings.len(), "briefing", "briefings")
    );
    let mut year: Option<Option<i32>> = None;
    for (e, l) in entries.iter().zip(listed) {
        let this = e.dated.year();
        if year != Some(this) {
            if year.is_some() {
                out.push('\n');
            }
            match this {
                Some(y) => {
                    let _ = writeln!(out, "## {y}\n");
                }
                None => {
                    let _ = writeln!(out, "## Undated\n");
                }
            }
            year = Some(this);
        }
        let b = &library.briefings[e.claim.0];
        let judged = match (l.likelihood, l.confidence) {
            (Some(li), Some(c)) => format!("{li} · {c} confidence"),
            (Some(li), None) => li.to_string(),
            (None, Some(c)) => format!("{c} confidence"),
            (None, None) => "not graded".into(),
        };
        let others: Vec<&str> = l
            .group
            .iter()
            .map(String::as_str)
            .filter(|g| *g != format!("{}#{}", l.briefing, l.claim))
            .collect();
        let same = if others.is_empty() {
            String::new()
        } else {
            format!(" · same as {}", others.join(", "))
        };
        let _ = writeln!(
            out,
            "- **{}** {} (`{}#{}`, {}) · {judged} · {} · {}{same}",
            text::one_line(&l.date),
            text::one_line(&l.text),
            text::one_line(&l.briefing),
            text::one_line(&l.claim),
            text::one_line(&b.title),
            text::count(l.sources, "source", "sources"),
            text::count(l.origins, "origin", "origins"),
        );
    }
    out
}
