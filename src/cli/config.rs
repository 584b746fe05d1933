//! `debrief config`: where the config file is, `--print-default` for a
//! commented one to start from, and `check [FILE]` to validate one, in the
//! same compiler style as `debrief check` (exit 1 on an error).

use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::ExitCode;

use debrief::{config, report, text};

#[derive(clap::Args)]
#[command(args_conflicts_with_subcommands = true)]
pub struct Args {
    /// Print a commented config file with every setting at its default
    #[arg(long)]
    print_default: bool,
    #[command(subcommand)]
    command: Option<Command>,
}

#[derive(clap::Subcommand)]
enum Command {
    /// Validate a config file (default: the one the reader reads) and print every problem
    Check {
        /// The config file to check
        file: Option<PathBuf>,
    },
}

/// `given` is the global `--config FILE`, if any.
pub fn run(args: &Args, given: Option<&Path>, color: report::Color) -> ExitCode {
    if args.print_default {
        return print(&config::default_file());
    }
    match &args.command {
        Some(Command::Check { file }) => check(file.as_deref().or(given), color),
        None => where_it_is(given),
    }
}

fn print(s: &str) -> ExitCode {
    super::text_to_stdout("the default config", s)
}

fn where_it_is(given: Option<&Path>) -> ExitCode {
    let Some(path) = given.map(Path::to_owned).or_else(config::default_path) else {
        println!("no config folder found (no home folder); give one with --config FILE");
        return ExitCode::SUCCESS;
    };
    let shown = text::one_line(&path.to_string_lossy());
    if path.exists() {
        println!("{shown}");
    } else {
        println!(
            "{shown} (not there: the defaults apply; `debrief config --print-default > {shown}` starts one)"
        );
    }
    ExitCode::SUCCESS
}

fn check(file: Option<&Path>, color: report::Color) -> ExitCode {
    // A file named on the command line must be there; the default one may be absent.
    let (path, required) = match file {
        Some(f) => (f.to_owned(), true),
        None => match config::default_path() {
            Some(p) => (p, false),
            None => {
                eprintln!("debrief: no config folder found; give the file to check");
                return ExitCode::from(2);
            }
        },
    };
    if !required && !path.exists() {
        println!(
            "{}: no config file; the defaults apply",
            text::one_line(&path.to_string_lossy())
        );
        return ExitCode::SUCCESS;
    }
    let (_, found) = config::load(&path, required);
    let mut out = std::io::BufWriter::new(report::stdout(color));
    let mut source = report::Source::read(&path, config::MAX_BYTES);
    let written = (|| {
        for d in &found {
            report::write(&mut out, d, source.as_mut())?;
            writeln!(out)?;
        }
        let all: Vec<&_> = found.iter().collect();
        writeln!(out, "{}", report::summary(1, &all))?;
        out.flush()
    })();
    if let Err(e) = written
        && e.kind() != std::io::ErrorKind::BrokenPipe
    {
        eprintln!("debrief: cannot write the report: {e}");
    }
    if found.iter().any(|d| d.is_error()) {
        ExitCode::from(1)
    } else {
        ExitCode::SUCCESS
    }
}
