//! `debrief search`: every place a phrase occurs in the library, one line a
//! hit as `path:line:col: snippet` so editors can jump to it, or JSON. The
//! matching is [`debrief::search`]'s, the one `list --text` and the reader use.

use std::collections::HashMap;
use std::path::PathBuf;
use std::process::ExitCode;

use serde::Serialize;

use debrief::briefing::Limits;
use debrief::search::{self, Place};
use debrief::text;

#[derive(clap::Args)]
pub struct Args {
    /// The phrase: case, accents and line breaks do not matter
    text: String,
    /// Briefing files or folders (default: the config's library, else ./briefings)
    pub paths: Vec<PathBuf>,
    /// text (one line a hit) or json
    #[arg(long, value_enum, default_value_t = Format::Text)]
    format: Format,
}

#[derive(Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
enum Format {
    Text,
    Json,
}

/// Columns of a snippet.
const SNIPPET: usize = 72;

#[derive(Serialize)]
struct Found<'a> {
    file: String,
    line: u32,
    column: u32,
    briefing: &'a str,
    /// `paragraph` or `claim`, `source`, `expert`, `caveat`.
    kind: &'static str,
    #[serde(skip_serializing_if = "Option::is_none")]
    paragraph: Option<&'a str>,
    #[serde(skip_serializing_if = "Option::is_none")]
    item: Option<&'a str>,
    snippet: String,
    /// The match in the snippet, as character offsets.
    #[serde(rename = "match")]
    matched: [usize; 2],
}

pub fn run(args: &Args, limits: &Limits) -> ExitCode {
    // main gave the config's library or ./briefings when none were named.
    let paths = &args.paths;
    if let Some(usage) = super::missing_path(paths) {
        return usage;
    }
    if args.text.trim().is_empty() {
        eprintln!("debrief: give a phrase to search for");
        return ExitCode::from(2);
    }
    let library = super::load_what_loads(paths, limits);
    let hits = search::scan(&library.briefings, &args.text);
    // Each file with a hit is read again once, for lines and columns.
    let mut sources: HashMap<usize, Option<String>> = HashMap::new();
    let mut found = Vec::with_capacity(hits.len());
    for h in &hits {
        let b = &library.briefings[h.briefing];
        let source = sources.entry(h.briefing).or_insert_with(|| {
            std::fs::metadata(&b.path)
                .ok()
                .filter(|m| m.len() <= limits.max_file_bytes)
                .and_then(|_| std::fs::read_to_string(&b.path).ok())
        });
        let pos = match source {
            Some(s) => search::locate(s, b, h.place, h.start),
            None => Default::default(),
        };
        let (snippet, (s, e)) = search::snippet(h.place.text(b), h.start, h.end, SNIPPET);
        let chars = |byte: usize| snippet.get(..byte).map_or(0, |p| p.chars().count());
        let (kind, paragraph, item) = match h.place {
            Place::Paragraph(_) => ("paragraph", Some(h.place.id(b)), None),
            Place::Claim(_) => ("claim", None, Some(h.place.id(b))),
            Place::Source(_) => ("source", None, Some(h.place.id(b))),
            Place::Expert(_) => ("expert", None, Some(h.place.id(b))),
            Place::Caveat(_) => ("caveat", None, Some(h.place.id(b))),
        };
        found.push(Found {
            file: text::clean(&b.path.to_string_lossy()),
            line: pos.line,
            column: pos.column,
            briefing: &b.id,
            kind,
            paragraph,
            item,
            matched: [chars(s), chars(e)],
            snippet,
        });
    }
    let written = super::to_stdout("the hits", |out| match args.format {
        // Plain strings and numbers: serialising cannot fail.
        Format::Json => writeln!(
            out,
            "{}",
            serde_json::to_string_pretty(&found).unwrap_or_default()
        ),
        Format::Text => found.iter().try_for_each(|f| {
            writeln!(
                out,
                "{}:{}:{}: {}",
                text::one_line(&f.file),
                f.line,
                f.column,
                f.snippet
            )
        }),
    });
    if !written {
        return ExitCode::from(1);
    }
    if hits.is_empty() {
        eprintln!("debrief: “{}” occurs nowhere", text::one_line(&args.text));
        return ExitCode::from(1);
    }
    eprintln!(
        "debrief: {} in {}",
        text::count(hits.len(), "hit", "hits"),
        text::count(search::briefings_hit(&hits), "briefing", "briefings")
    );
    ExitCode::SUCCESS
}
