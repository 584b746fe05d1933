//! The commands other than the reader, for scripts and pipelines.

pub mod cache;
pub mod config;
pub mod dossier;
pub mod export;
pub mod fix;
pub mod import;
pub mod list;
pub mod migrate;
pub mod new;
pub mod schema;
pub mod search;
pub mod taxii;

use std::path::PathBuf;
use std::process::ExitCode;

/// A usage error (exit 2) naming the first path that does not exist, if any.
pub fn missing_path(paths: &[PathBuf]) -> Option<ExitCode> {
    let missing = paths.iter().find(|p| !p.exists())?;
    eprintln!(
        "debrief: {}: no such file or folder (give a briefing file or a folder of them)",
        debrief::text::one_line(&missing.to_string_lossy())
    );
    Some(ExitCode::from(2))
}

/// The library for a command that answers from what loads (`list`,
/// `dossier`, `search`): files that fail are left out, and one line on
/// standard error says how many and where to see why.
pub fn load_what_loads(
    paths: &[PathBuf],
    limits: &debrief::briefing::Limits,
) -> std::mem::ManuallyDrop<debrief::briefing::Library> {
    let library = cache::load(paths, limits);
    if !library.failures.is_empty() {
        eprintln!(
            "debrief: {} file(s) did not load and are left out; `debrief check` shows why",
            library.failures.len()
        );
    }
    library
}

/// Writes a command's output to stdout through one buffer. A reader that
/// stops early (`| head`) has what it wanted: not an error, and the command
/// keeps its exit code (`println!` panicked there, exit 101). Any other
/// failure is said on stderr, and gives false.
pub fn to_stdout(
    what: &str,
    write: impl FnOnce(&mut dyn std::io::Write) -> std::io::Result<()>,
) -> bool {
    use std::io::Write;
    let mut out = std::io::BufWriter::new(std::io::stdout().lock());
    match write(&mut out).and_then(|()| out.flush()) {
        Ok(()) => true,
        Err(e) if e.kind() == std::io::ErrorKind::BrokenPipe => true,
        Err(e) => {
            eprintln!(
                "debrief: cannot write {what}: {}",
                debrief::text::one_line(&e.to_string())
            );
            false
        }
    }
}

/// [`to_stdout`] for a text made whole beforehand: exit 0 when it was
/// written (or its reader stopped early), 1 when it could not be.
pub fn text_to_stdout(what: &str, text: &str) -> ExitCode {
    if to_stdout(what, |out| out.write_all(text.as_bytes())) {
        ExitCode::SUCCESS
    } else {
        ExitCode::from(1)
    }
}
