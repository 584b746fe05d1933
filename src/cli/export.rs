//! `debrief export FILE`: the highlighted summary without opening the
//! reader, to standard output or a file. The same summary `x` writes.

use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::ExitCode;

use debrief::briefing::{Library, Limits};
use debrief::export::{self, Scope};
use debrief::marks::Store;
use debrief::query::{self, ActorNames, Filter};
use debrief::{country, text};

pub struct Options {
    pub actors: Vec<String>,
    pub countries: Vec<String>,
    pub all: bool,
    pub json: bool,
    pub out: Option<PathBuf>,
    pub state_dir: Option<PathBuf>,
    /// The export date, for reproducible output; today when absent.
    pub date: Option<time::Date>,
}

pub fn run(file: &Path, o: &Options, limits: &Limits) -> ExitCode {
    if !file.is_file() {
        eprintln!(
            "debrief: {}: not a briefing file",
            text::one_line(&file.to_string_lossy())
        );
        return ExitCode::from(2);
    }
    let library = Library::load(&[file.to_owned()], limits);
    let Some(b) = library.briefings.first() else {
        for d in library.diagnostics() {
            eprintln!("{}", d.headline());
        }
        eprintln!("debrief: the briefing did not load; `debrief check` shows every problem");
        return ExitCode::from(1);
    };
    let mut filter = Filter::default();
    for a in &o.actors {
        let ids = query::resolve_actors([b], a);
        if ids.is_empty() {
            let near = query::suggest_actors([b], a, 3);
            eprintln!(
                "debrief: no actor in this briefing matches “{}”{}",
                text::one_line(a),
                if near.is_empty() {
                    String::new()
                } else {
                    format!("; closest: {}", text::one_line(&near.join(", ")))
                }
            );
            return ExitCode::from(1);
        }
        filter.actors.extend(ids);
    }
    for c in &o.countries {
        match country::resolve(c) {
            Some(code) => {
                filter.countries.insert(code.to_owned());
            }
            None => {
                eprintln!(
                    "debrief: “{}” is not a country name or ISO code",
                    text::one_line(c)
                );
                return ExitCode::from(1);
            }
        }
    }
    let marks = match Store::new(o.state_dir.clone()) {
        Some(store) => match store.load(&b.id) {
            Ok(m) => m,
            Err(e) => {
                eprintln!("debrief: {}", text::one_line(&e));
                return ExitCode::from(1);
            }
        },
        None => Default::default(),
    };
    for orphan in marks.orphans(b) {
        eprintln!(
            "debrief: note: a mark or note is on {orphan}, which this briefing no longer has; it is kept"
        );
    }
    let scope = if o.all { Scope::All } else { Scope::Marked };
    let today = o
        .date
        .unwrap_or_else(|| time::OffsetDateTime::now_utc().date());
    let names = ActorNames::new([b]);
    let summary = export::summary(b, &marks, &filter, &names, scope, today);
    if scope == Scope::Marked && summary.marked_count() == 0 && summary.notes.is_empty() {
        eprintln!(
            "debrief: nothing is marked in {}{}; mark items in the reader (space), or give --all to export every item",
            text::one_line(&b.id),
            if filter.is_empty() {
                ""
            } else {
                " under this filter"
            }
        );
        return ExitCode::from(1);
    }
    let content = if o.json {
        export::json(&summary)
    } else {
        export::markdown(&summary)
    };
    let written = match &o.out {
        Some(path) => std::fs::write(path, &content),
        None => {
            let mut stdout = std::io::stdout().lock();
            stdout
                .write_all(content.as_bytes())
                .and_then(|()| stdout.flush())
        }
    };
    match written {
        Ok(()) => ExitCode::SUCCESS,
        // A closed pipe (`| head`) is the reader's choice, not a failure.
        Err(e) if e.kind() == std::io::ErrorKind::BrokenPipe => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!(
                "debrief: cannot write the summary: {}",
                text::one_line(&e.to_string())
            );
            ExitCode::from(1)
        }
    }
}
