//! `debrief cache`: where the cache of loaded briefings is, and clearing
//! it; and the one way every command loads a library, through that cache
//! unless `--no-cache` says not to (see `debrief::briefing::cache`).

use std::path::PathBuf;
use std::process::ExitCode;
use std::sync::atomic::{AtomicBool, Ordering};

use clap::Subcommand;
use debrief::briefing::cache::Cache;
use debrief::briefing::{Library, Limits};
use debrief::text;

#[derive(clap::Args)]
pub struct Args {
    #[command(subcommand)]
    what: What,
}

#[derive(Subcommand)]
enum What {
    /// Print the folder the cache is kept in
    Path,
    /// Delete every cache of loaded briefings (they are rebuilt on the next start)
    Clear,
}

/// Set once by `--no-cache`, before any command runs.
static DISABLED: AtomicBool = AtomicBool::new(false);

pub fn disable() {
    DISABLED.store(true, Ordering::Relaxed);
}

/// The cache of the library under `paths`, unless turned off or the system
/// has no cache folder.
pub fn for_library(paths: &[PathBuf]) -> Option<Cache> {
    if DISABLED.load(Ordering::Relaxed) {
        return None;
    }
    Cache::for_library(paths)
}

/// Loads the library under `paths` through its cache; what went wrong with
/// the cache is one line on standard error, and never stops the load.
///
/// The library is never freed: a command loads it once and exits, and
/// freeing a large library's millions of small allocations one by one took
/// a quarter of a warm `debrief list` (0.3 s of 1.2 s on 10,000 briefings)
/// for memory the system takes back at exit anyway.
pub fn load(paths: &[PathBuf], limits: &Limits) -> std::mem::ManuallyDrop<Library> {
    let cache = for_library(paths);
    let (library, report) = Library::load_cached(paths, limits, cache.as_ref());
    for warning in report.warnings() {
        eprintln!("{warning}");
    }
    std::mem::ManuallyDrop::new(library)
}

pub fn run(args: &Args) -> ExitCode {
    let Some(dir) = Cache::dir() else {
        eprintln!("debrief: this system has no cache folder, so nothing is cached");
        return ExitCode::from(1);
    };
    let shown = text::one_line(&dir.display().to_string());
    match args.what {
        What::Path => {
            println!("{shown}");
            ExitCode::SUCCESS
        }
        What::Clear => match Cache::clear(&dir) {
            Ok(n) => {
                println!("removed {} from {shown}", text::count(n, "cache", "caches"));
                ExitCode::SUCCESS
            }
            Err(e) => {
                eprintln!("debrief: cannot clear the cache in {shown}: {e}");
                ExitCode::from(1)
            }
        },
    }
}
