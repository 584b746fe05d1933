//! The command line: parse arguments, dispatch, map outcomes to exit codes
//! (0 clean, 1 problems found, 2 usage).

use std::path::PathBuf;
use std::process::ExitCode;

use clap::{Parser, Subcommand, ValueEnum};

mod cli;

use debrief::briefing::{Library, Limits};
use std::collections::HashMap;

use debrief::config::{self, Config};
use debrief::marks::Store;
use debrief::tui::App;
use debrief::tui::terminal::Exit;
use debrief::tui::theme::Theme;
use debrief::{report, text};

#[derive(Parser)]
#[command(
    name = "debrief",
    version,
    about = "A terminal reader for annotated briefings"
)]
struct Cli {
    #[command(subcommand)]
    command: Option<Command>,
    /// Briefing files or folders to open in the reader (default: ./briefings)
    paths: Vec<PathBuf>,
    /// Where marks and notes are kept (default: $XDG_STATE_HOME/debrief)
    #[arg(long, global = true, value_name = "DIR")]
    state_dir: Option<PathBuf>,
    /// Refuse briefing files larger than this many bytes
    #[arg(long, global = true, default_value_t = Limits::default().max_file_bytes, value_name = "BYTES")]
    max_file_size: u64,
    /// Diagnostics in colour: auto (on a terminal, unless NO_COLOR is set), always or never
    #[arg(long, global = true, value_enum, default_value_t = report::Color::Auto, value_name = "WHEN")]
    color: report::Color,
    /// Parse every briefing again instead of taking unchanged ones from the cache
    #[arg(long, global = true)]
    no_cache: bool,
    /// Read settings from this file instead of $XDG_CONFIG_HOME/debrief/config.toml
    #[arg(long, global = true, value_name = "FILE")]
    config: Option<PathBuf>,
    /// Do not watch the library's folders for changed files (R still reloads)
    #[arg(long)]
    no_watch: bool,
}

#[derive(Subcommand)]
enum Command {
    /// Validate briefings and print every problem, compiler style
    Check {
        /// Briefing files or folders, searched recursively (default: ./briefings)
        paths: Vec<PathBuf>,
        /// Output for people (text) or for tools (json)
        #[arg(long, value_enum, default_value_t = Format::Text)]
        format: Format,
        /// Make every fix that has one right answer, editing only those spans; print a diff, then check again
        #[arg(long)]
        fix: bool,
        /// With --fix: print the diff, change nothing (exit 1 if anything would change)
        #[arg(long, requires = "fix")]
        dry_run: bool,
    },
    /// Export the brief of a briefing's marked items (or a library's), as the reader's x does
    Export(cli::export::Args),
    /// Read a STIX 2.1 bundle's reports into version 2 briefings (see docs/STIX.md)
    Import(cli::import::Args),
    /// Send briefings to a TAXII 2.1 collection as one STIX bundle (credentials from DEBRIEF_TAXII_USER/PASSWORD or netrc)
    Publish(cli::taxii::PublishArgs),
    /// Pull a TAXII 2.1 collection's reports into briefings in a folder
    Fetch(cli::taxii::FetchArgs),
    /// Everything the library holds on an actor or a country, as a timeline
    Dossier(cli::dossier::Args),
    /// Every place a phrase occurs in the library, as path:line:col: snippet
    Search(cli::search::Args),
    /// Rewrite version 1 briefings as version 2, every other byte as it was
    Migrate {
        /// The briefing files to rewrite
        #[arg(required = true)]
        files: Vec<PathBuf>,
        /// Only report what would change (exit 1 if anything would)
        #[arg(long)]
        check: bool,
    },
    /// Start a briefing: the article from a text, the other sections empty with an example each
    New(cli::new::Args),
    /// Where the config file is; --print-default prints a commented one; check validates one
    Config(cli::config::Args),
    /// Print the JSON Schema of a format, or write them all into a folder, for editors
    Schema(cli::schema::Args),
    /// Where the cache of loaded briefings is kept, and clearing it
    Cache(cli::cache::Args),
    /// List the briefings that match a filter, one line each, for scripts
    List {
        /// Briefing files or folders (default: ./briefings)
        paths: Vec<PathBuf>,
        /// Only briefings involving this actor (id, name or alias); repeat for any of several
        #[arg(long = "actor", value_name = "ACTOR")]
        actors: Vec<String>,
        /// Only briefings involving this country (code or name); repeat for any of several
        #[arg(long = "country", value_name = "COUNTRY")]
        countries: Vec<String>,
        /// Only briefings whose title, summary, article or claims contain this text
        #[arg(long, value_name = "TEXT")]
        text: Option<String>,
        /// Lines for people (text) or JSON for scripts (json); --json is the same as --format json
        #[arg(long, value_enum, default_value_t = Format::Text)]
        format: Format,
        #[arg(long, hide = true)]
        json: bool,
    },
}

pub(crate) fn parse_date(s: &str) -> Result<time::Date, String> {
    time::Date::parse(s, time::macros::format_description!("[year]-[month]-[day]"))
        .map_err(|e| format!("{e}; write it as YYYY-MM-DD"))
}

#[derive(Clone, Copy, PartialEq, Eq, ValueEnum)]
enum Format {
    Text,
    Json,
}

fn main() -> ExitCode {
    let cli = Cli::parse();
    let limits = Limits {
        max_file_bytes: cli.max_file_size,
    };
    if cli.no_cache {
        cli::cache::disable();
    }
    if let Some(Command::Config(args)) = &cli.command {
        return cli::config::run(args, cli.config.as_deref(), cli.color);
    }
    if cli.command.is_some() {
        work_in_the_pool();
    }
    let (settings, problems) = settings(cli.config.as_deref());
    // The reader says so in its status line; commands say so on stderr,
    // once, and go on with the defaults for what was wrong.
    let config_words = config::status_words(&problems);
    if cli.command.is_some()
        && let Some(words) = &config_words
    {
        eprintln!("debrief: warning: {}", text::one_line(words));
    }
    let default_paths = |paths: Vec<PathBuf>| default_paths(paths, &settings.library);
    match cli.command {
        Some(Command::Config(_)) => ExitCode::SUCCESS,
        Some(Command::Check {
            paths,
            format,
            fix: true,
            dry_run,
        }) => {
            let paths = default_paths(paths);
            let json = matches!(format, Format::Json);
            cli::fix::run(&paths, dry_run, json, &limits, || {
                check(&paths, format, cli.color, &limits)
            })
        }
        Some(Command::Check { paths, format, .. }) => {
            check(&default_paths(paths), format, cli.color, &limits)
        }
        Some(Command::Export(mut args)) => {
            args.default_format(settings.export_format);
            args.default_paths(&settings.library);
            cli::export::run(&args, cli.state_dir, &limits)
        }
        Some(Command::Import(args)) => cli::import::run(&args, &limits),
        Some(Command::Publish(args)) => cli::taxii::publish(&args, &limits),
        Some(Command::Fetch(args)) => cli::taxii::fetch(&args, &limits),
        Some(Command::Dossier(mut args)) => {
            args.paths = default_paths(args.paths);
            cli::dossier::run(&args, &limits)
        }
        Some(Command::Search(mut args)) => {
            args.paths = default_paths(args.paths);
            cli::search::run(&args, &limits)
        }
        Some(Command::List {
            paths,
            actors,
            countries,
            text,
            format,
            json,
        }) => cli::list::run(
            &default_paths(paths),
            &cli::list::Query {
                actors,
                countries,
                text: text.unwrap_or_default(),
                json: json || matches!(format, Format::Json),
            },
            &limits,
        ),
        Some(Command::Migrate { files, check }) => cli::migrate::run(&files, check),
        Some(Command::New(args)) => cli::new::run(&args, &limits),
        Some(Command::Schema(args)) => cli::schema::run(&args),
        Some(Command::Cache(args)) => cli::cache::run(&args),
        None => {
            let paths = default_paths(cli.paths);
            read(
                paths,
                cli.state_dir,
                &limits,
                settings,
                config_words,
                !cli.no_watch,
            )
        }
    }
}

/// The config file's settings: the one given with `--config` (which must be
/// there), else the default one if there is one.
fn settings(given: Option<&std::path::Path>) -> (Config, Vec<debrief::briefing::Diagnostic>) {
    match given {
        Some(path) => config::load(path, true),
        None => match config::default_path() {
            Some(path) => config::load(&path, false),
            None => (Config::default(), Vec::new()),
        },
    }
}

/// The paths given, else the config's library, else the bundled library's folder.
fn default_paths(paths: Vec<PathBuf>, library: &[PathBuf]) -> Vec<PathBuf> {
    if !paths.is_empty() {
        paths
    } else if !library.is_empty() {
        library.to_vec()
    } else {
        vec![PathBuf::from("briefings")]
    }
}

/// Opens the reader on `paths`, with the config's keys, colours and export folder.
fn read(
    paths: Vec<PathBuf>,
    state_dir: Option<PathBuf>,
    limits: &Limits,
    settings: Config,
    config_words: Option<String>,
    watch: bool,
) -> ExitCode {
    use std::io::IsTerminal;
    if let Some(usage) = cli::missing_path(&paths) {
        return usage;
    }
    if !std::io::stdout().is_terminal() || !std::io::stdin().is_terminal() {
        eprintln!(
            "debrief: the reader needs a terminal; for scripts use `debrief check` or `debrief list`"
        );
        return ExitCode::from(2);
    }
    // The library loads in the background: the first frame is drawn at once.
    let theme = Theme::from_env(settings.palette);
    let store = Store::new(state_dir);
    // Saves killed half way leave temporary files; none is in use now but
    // another reader's, which the lock keeps safe.
    if let Some(s) = &store {
        let _ = s.clean_leftovers();
    }
    let no_store = store.is_none().then(|| {
        "no state folder found: marks last until you quit (--state-dir sets one)".to_string()
    });
    let message = match (config_words, no_store) {
        (Some(a), Some(b)) => Some(format!("{a} · {b}")),
        (a, b) => a.or(b),
    };
    let cache = cli::cache::for_library(&paths);
    let (loader, reloader) =
        debrief::tui::loader::spawn_reloadable(paths, *limits, store.clone(), cache, watch);
    let made = |w, h| {
        let mut app = App::new(Library::default(), theme, w, h).with_marks(store, HashMap::new());
        app.shared.loading = Some(Default::default());
        app.shared.message = message.clone();
        app.shared.keys = settings.keys.clone();
        app.shared.export_dir = settings.export_folder.clone();
        app.shared.export_format = settings.export_format;
        app
    };
    match debrief::tui::terminal::run_with(made, Some(loader), Some(reloader)) {
        Ok(Exit::Quit { farewell }) => {
            if let Some(words) = farewell {
                eprintln!("{words}");
            }
            ExitCode::SUCCESS
        }
        Ok(Exit::Signal { signal, rescued }) => {
            match rescued {
                Some(Ok(dir)) => eprintln!(
                    "debrief: marks that could not be saved are in {}; start with --state-dir {} to use them",
                    text::clean(&dir.display().to_string()),
                    text::clean(&dir.display().to_string())
                ),
                Some(Err(why)) => eprintln!(
                    "debrief: marks could not be saved, nor rescued: {}",
                    text::clean(&why)
                ),
                None => {}
            }
            // As shells report a process ended by a signal: 128 + its number.
            ExitCode::from(u8::try_from(128 + signal).unwrap_or(1))
        }
        Err(e) => {
            eprintln!(
                "debrief: terminal error: {}",
                text::one_line(&e.to_string())
            );
            ExitCode::from(1)
        }
    }
}

fn check(paths: &[PathBuf], format: Format, color: report::Color, limits: &Limits) -> ExitCode {
    use std::io::Write;

    if let Some(usage) = cli::missing_path(paths) {
        return usage;
    }
    let library = cli::cache::load(paths, limits);
    // A mistyped folder must not pass: no briefing file is a failure.
    if library.files == 0 && library.failures.is_empty() {
        let names: Vec<String> = paths
            .iter()
            .map(|p| text::one_line(&p.to_string_lossy()))
            .collect();
        eprintln!(
            "debrief: no briefing files found in {} (briefings are .yaml or .yml files)",
            names.join(", ")
        );
        return ExitCode::from(1);
    }
    let diagnostics = library.diagnostics();
    // Written as it is produced, to a locked stdout, buffered: a long
    // report is never held whole in memory.
    let mut out = std::io::BufWriter::new(report::stdout(color));
    let written = match format {
        Format::Json => report::json(&mut out, library.files, &diagnostics),
        Format::Text => (|| {
            let mut current: Option<(&std::path::Path, Option<report::Source>)> = None;
            for d in &diagnostics {
                // A problem with the whole file (line 0) shows no line; do not read it.
                if d.line > 0 && current.as_ref().is_none_or(|(p, _)| *p != d.file) {
                    current = Some((
                        &d.file,
                        report::Source::read(&d.file, limits.max_file_bytes),
                    ));
                }
                let source = current
                    .as_mut()
                    .filter(|(p, _)| *p == d.file)
                    .and_then(|(_, s)| s.as_mut());
                report::write(&mut out, d, source)?;
                writeln!(out)?;
            }
            writeln!(out, "{}", report::summary(library.files, &diagnostics))
        })(),
    }
    .and_then(|()| out.flush());
    // A reader that stops early (`| head`) is not an error worth a panic.
    if let Err(e) = written
        && e.kind() != std::io::ErrorKind::BrokenPipe
    {
        eprintln!("debrief: cannot write the report: {e}");
    }
    if diagnostics.iter().any(|d| d.is_error()) {
        ExitCode::from(1)
    } else {
        ExitCode::SUCCESS
    }
}

/// A command's main thread only waits while the files load: it is made
/// one of the loading threads instead of waiting on as many others. Its
/// allocations then go to glibc's main heap, which grows 128 KiB at a
/// time, where another thread's heap grows a page at a time, each page an
/// `mprotect` that stops every other thread's page faults (a tenth of a
/// warm `list`, docs/PERFORMANCE.md). The reader keeps its pool apart:
/// its main thread answers keys while the library loads.
fn work_in_the_pool() {
    // Fails only when a pool was built already; the default one then serves.
    let _ = rayon::ThreadPoolBuilder::new()
        .use_current_thread()
        .build_global();
}
