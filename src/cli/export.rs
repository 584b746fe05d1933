//! `debrief export`: the brief without opening the reader, to standard
//! output or a file, in any format or through a template of the user's.
//! The same brief the reader's `x` writes.

use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::ExitCode;

use debrief::briefing::{Briefing, Limits};
use debrief::export::{self, Format, Scope};
use debrief::marks::{Marks, Store};
use debrief::query::{self, ActorNames, Filter};
use debrief::{country, text};

/// A template larger than this is not a template.
const MAX_TEMPLATE_BYTES: u64 = 1024 * 1024;

#[derive(clap::Args)]
pub struct Args {
    /// The briefing file; with --library, briefing files or folders (default ./briefings)
    paths: Vec<PathBuf>,
    /// One brief of every briefing under the paths and the filter
    #[arg(long)]
    library: bool,
    /// Only items involving this actor; repeat for any of several
    #[arg(long = "actor", value_name = "ACTOR")]
    actors: Vec<String>,
    /// Only items involving this country; repeat for any of several
    #[arg(long = "country", value_name = "COUNTRY")]
    countries: Vec<String>,
    /// Every item under the filter, not only the marked ones
    #[arg(long)]
    all: bool,
    /// md, json, html, txt or stix (a STIX 2.1 bundle of whole briefings; see docs/STIX.md);
    /// default: the config's export.format, else md
    #[arg(long, value_parser = parse_format, value_name = "FORMAT")]
    format: Option<Format>,
    /// Render through this template instead (minijinja; see docs/EXPORT.md)
    #[arg(long, value_name = "FILE")]
    template: Option<PathBuf>,
    /// Print the built-in template of a format (md, html or txt) to start one of your own
    #[arg(long, value_name = "FORMAT", value_parser = parse_format, conflicts_with_all = ["paths", "template", "library"])]
    print_template: Option<Format>,
    /// Write to this file instead of standard output (never over an existing file without --force)
    #[arg(short = 'o', long = "output", value_name = "OUT")]
    out: Option<PathBuf>,
    /// Let -o replace a file that exists (never through a symbolic link)
    #[arg(long, requires = "out")]
    force: bool,
    /// With --format stix: the analyst's marks and notes as notes in the bundle
    #[arg(long)]
    marks: bool,
    /// The export date to print (YYYY-MM-DD), for reproducible output
    #[arg(long, value_name = "DATE", value_parser = crate::parse_date, hide = true)]
    date: Option<time::Date>,
}

impl Args {
    /// The config's format, when none is given.
    pub fn default_format(&mut self, format: Format) {
        self.format.get_or_insert(format);
    }

    /// The config's library, for --library given no paths.
    pub fn default_paths(&mut self, library: &[PathBuf]) {
        if self.library && self.paths.is_empty() {
            self.paths = library.to_vec();
        }
    }

    fn format(&self) -> Format {
        self.format.unwrap_or(Format::Markdown)
    }
}

fn parse_format(s: &str) -> Result<Format, String> {
    Format::parse(s)
        .ok_or_else(|| format!("“{s}” is not a format; use md, json, html, txt or stix"))
}

pub fn run(args: &Args, state_dir: Option<PathBuf>, limits: &Limits) -> ExitCode {
    if let Some(format) = args.print_template {
        return match format.template() {
            Some(t) => write_out(t, None, false),
            None => {
                eprintln!(
                    "debrief: JSON has no template: it is the context every template reads (docs/EXPORT.md)"
                );
                ExitCode::from(2)
            }
        };
    }
    let paths = match (args.library, args.paths.as_slice()) {
        (true, []) => vec![PathBuf::from("briefings")],
        (true, paths) => paths.to_vec(),
        (false, [file]) if file.is_file() => vec![file.clone()],
        (false, [other]) => {
            eprintln!(
                "debrief: {}: not a briefing file (for a folder, give --library)",
                clean_path(other)
            );
            return ExitCode::from(2);
        }
        (false, _) => {
            eprintln!("debrief: give one briefing file, or --library and any files or folders");
            return ExitCode::from(2);
        }
    };
    if let Some(usage) = super::missing_path(&paths) {
        return usage;
    }
    let template = match &args.template {
        Some(path) => match read_template(path) {
            Ok(t) => Some(t),
            Err(code) => return code,
        },
        None => None,
    };
    let library = super::cache::load(&paths, limits);
    if library.briefings.is_empty() {
        for d in library.diagnostics() {
            eprintln!("{}", d.headline());
        }
        eprintln!("debrief: no briefing loaded; `debrief check` shows every problem");
        return ExitCode::from(1);
    }
    let filter = match filter(&library.briefings, args) {
        Ok(f) => f,
        Err(code) => return code,
    };
    let store = Store::new(state_dir);
    let mut marks: Vec<Marks> = Vec::new();
    for b in &library.briefings {
        let m = match &store {
            Some(store) => match store.load(&b.id) {
                Ok(m) => m,
                Err(e) => {
                    eprintln!("debrief: {}; its marks are left out", text::one_line(&e));
                    Marks::default()
                }
            },
            None => Marks::default(),
        };
        for orphan in m.orphans(b) {
            eprintln!(
                "debrief: note: a mark or note is on {orphan} of {}, which the briefing no longer has; it is kept",
                text::one_line(&b.id)
            );
        }
        marks.push(m);
    }
    let matching = query::matching(&library, &filter);
    let parts: Vec<(&Briefing, &Marks)> = if args.library {
        matching
            .iter()
            .map(|&i| (&library.briefings[i], &marks[i]))
            .collect()
    } else {
        vec![(&library.briefings[0], &marks[0])]
    };
    if args.format() == Format::Stix && template.is_none() {
        let with_marks: Vec<_> = parts
            .iter()
            .map(|&(b, m)| (b, args.marks.then_some(m)))
            .collect();
        return write_out(
            &debrief::stix::render(&with_marks),
            args.out.as_deref(),
            args.force,
        );
    }
    let scope = if args.all { Scope::All } else { Scope::Marked };
    let today = args
        .date
        .unwrap_or_else(|| time::OffsetDateTime::now_utc().date());
    let names = ActorNames::new(&library.briefings);
    let brief = export::brief(&parts, &filter, &names, scope, today);
    if brief.is_empty() {
        eprintln!(
            "debrief: nothing {} in {}{}; mark items in the reader (space), or give --all to export every item",
            if scope == Scope::All {
                "is left"
            } else {
                "is marked"
            },
            if args.library {
                "these briefings".to_owned()
            } else {
                text::one_line(&library.briefings[0].id)
            },
            if filter.is_empty() {
                ""
            } else {
                " under this filter"
            }
        );
        return ExitCode::from(1);
    }
    let rendered = match &template {
        Some((name, source)) => export::render_template(&brief, name, source),
        None => export::render(&brief, args.format()),
    };
    match rendered {
        Ok(content) => write_out(&content, args.out.as_deref(), args.force),
        Err(e) => {
            let at = if e.line > 0 {
                format!("{}:{}:{}", e.name, e.line, e.column)
            } else {
                e.name.clone()
            };
            eprintln!(
                "{}: error: {}",
                text::one_line(&at),
                text::one_line(&e.message)
            );
            ExitCode::from(1)
        }
    }
}

/// The filter the options name, resolved against the loaded briefings.
fn filter(briefings: &[Briefing], args: &Args) -> Result<Filter, ExitCode> {
    let mut filter = Filter::default();
    for a in &args.actors {
        let ids = query::resolve_actors(briefings, a);
        if ids.is_empty() {
            let near = query::suggest_actors(briefings, a, 3);
            eprintln!(
                "debrief: no actor matches “{}”{}",
                text::one_line(a),
                if near.is_empty() {
                    String::new()
                } else {
                    format!("; closest: {}", near.join(", "))
                }
            );
            return Err(ExitCode::from(1));
        }
        filter.actors.extend(ids);
    }
    for c in &args.countries {
        match country::resolve(c) {
            Some(code) => {
                filter.countries.insert(code.to_owned());
            }
            None => {
                eprintln!(
                    "debrief: “{}” is not a country name or ISO code",
                    text::one_line(c)
                );
                return Err(ExitCode::from(1));
            }
        }
    }
    Ok(filter)
}

/// The template's file name (which says how to escape) and its text.
fn read_template(path: &Path) -> Result<(String, String), ExitCode> {
    use std::io::Read;
    let fail = |why: String| {
        eprintln!("debrief: {}: {why}", clean_path(path));
        ExitCode::from(2)
    };
    let mut bytes = Vec::new();
    std::fs::File::open(path)
        .and_then(|f| f.take(MAX_TEMPLATE_BYTES + 1).read_to_end(&mut bytes))
        .map_err(|e| fail(format!("cannot read the template: {e}")))?;
    if bytes.len() as u64 > MAX_TEMPLATE_BYTES {
        return Err(fail(format!(
            "a template is at most {MAX_TEMPLATE_BYTES} bytes"
        )));
    }
    let source =
        String::from_utf8(bytes).map_err(|_| fail("the template is not UTF-8 text".into()))?;
    let name = path.display().to_string();
    Ok((name, source))
}

/// Writes to standard output, or to `out`: a new file, or with `force` one
/// that exists, replaced atomically, never through a symbolic link.
fn write_out(content: &str, out: Option<&Path>, force: bool) -> ExitCode {
    let Some(path) = out else {
        return super::text_to_stdout("the brief", content);
    };
    match write_file(path, content, force) {
        Ok(()) => ExitCode::SUCCESS,
        Err(why) => {
            eprintln!("debrief: {}: {why}", clean_path(path));
            ExitCode::from(1)
        }
    }
}

pub(crate) fn write_file(path: &Path, content: &str, force: bool) -> Result<(), String> {
    let existing = std::fs::symlink_metadata(path).ok();
    if existing
        .as_ref()
        .is_some_and(|m| m.file_type().is_symlink())
    {
        return Err(
            "is a symbolic link; debrief does not write through one (give the file it points to)"
                .into(),
        );
    }
    if existing.is_some() && !force {
        return Err("exists; give --force to replace it, or another name".into());
    }
    if existing.as_ref().is_some_and(|m| !m.is_file()) {
        return Err("is not a regular file".into());
    }
    if !force {
        let mut f = std::fs::OpenOptions::new()
            .write(true)
            .create_new(true)
            .open(path)
            .map_err(|e| format!("cannot create it: {e}"))?;
        return f
            .write_all(content.as_bytes())
            .and_then(|()| f.sync_all())
            .map_err(|e| format!("cannot write it: {e}"));
    }
    // Replaced whole or not at all: a temporary file beside it, then a rename.
    let dir = path
        .parent()
        .filter(|p| !p.as_os_str().is_empty())
        .unwrap_or(Path::new("."));
    let mut tmp =
        tempfile::NamedTempFile::new_in(dir).map_err(|e| format!("cannot write beside it: {e}"))?;
    tmp.write_all(content.as_bytes())
        .and_then(|()| tmp.as_file().sync_all())
        .map_err(|e| format!("cannot write it: {e}"))?;
    tmp.persist(path)
        .map(|_| ())
        .map_err(|e| format!("cannot replace it: {}", e.error))
}

fn clean_path(p: &Path) -> String {
    text::one_line(&p.display().to_string())
}
