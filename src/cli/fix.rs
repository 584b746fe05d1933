//! `debrief check --fix [--dry-run]`: makes every fix that has one right
//! answer (a key typo with one candidate, a vocabulary synonym, a country's
//! name for its code, a quote that differs from one span of the article only
//! in quotation marks, dashes, capitals or spacing), editing only those
//! bytes of each file, and prints a unified diff of what changed. A fix
//! that is a guess is left, with why, for the author.
//!
//! Fixes are made in rounds, each on the text the round before left: a key
//! whose typo is mended may hold a word to mend too, which only the next
//! reading sees, and of two fixes that overlap the second waits a round.
//! The file is written once, atomically, when all rounds are done.

use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::ExitCode;

use debrief::briefing::diagnostic::Diagnostics;
use debrief::briefing::library::briefing_files;
use debrief::briefing::load::load_bytes;
use debrief::briefing::registry::{is_registry_file, registry_diagnostics};
use debrief::briefing::{Diagnostic, Limits, fix, yaml};
use debrief::text;

/// Rounds of fixing per file: a key, then its value, then whatever two
/// overlapping fixes left; a fourth finds nothing on any honest file.
const ROUNDS: usize = 4;

/// What fixing one file's text gave.
#[derive(Debug, Default)]
pub struct Fixed {
    /// The text after every round.
    pub text: String,
    /// The problems fixed, over all rounds.
    pub made: Vec<Diagnostic>,
    /// Fixes not made in the last round, each with why.
    pub left: Vec<(Diagnostic, String)>,
}

/// Fixes `source`, the text of the briefing at `path`, in rounds. The
/// result reads as YAML whenever the source did: a round that would break
/// it is not taken.
pub fn fix_text(path: &Path, source: &str) -> Fixed {
    let mut out = Fixed {
        text: source.to_owned(),
        ..Fixed::default()
    };
    for _ in 0..ROUNDS {
        let diagnostics = if is_registry_file(path) {
            registry_diagnostics(path, out.text.as_bytes())
        } else {
            load_bytes(path, out.text.as_bytes()).diagnostics
        };
        let applied = fix::apply(&out.text, &diagnostics);
        out.left = applied.left;
        if applied.made.is_empty() {
            break;
        }
        let mut check = Diagnostics::new(path);
        if yaml::parse(&applied.text, &mut check).is_none() {
            // Cannot happen with the quoting `fix::render` does; if it
            // does, the file is left as the last good round had it.
            out.left.extend(applied.made.into_iter().map(|d| {
                (
                    d,
                    "the fix would make the file unreadable as YAML: correct it by hand".into(),
                )
            }));
            break;
        }
        out.made.extend(applied.made);
        out.text = applied.text;
    }
    out
}

/// A unified diff of `old` to `new`, naming the file as `git diff` does,
/// so `git apply` and `patch -p1` read it.
pub fn diff(path: &Path, old: &str, new: &str) -> String {
    let name = text::one_line(&path.strip_prefix(".").unwrap_or(path).to_string_lossy());
    similar::TextDiff::from_lines(old, new)
        .unified_diff()
        .context_radius(3)
        .header(&format!("a/{name}"), &format!("b/{name}"))
        .to_string()
}

/// Runs the command: fixes the briefings under `paths`, prints each diff
/// (to standard error when `diff_to_stderr`, so a JSON report keeps
/// standard output), writes the files unless `dry_run`, then `recheck`s
/// them. A dry run exits 1 when something would change, as `migrate
/// --check` does.
pub fn run(
    paths: &[PathBuf],
    dry_run: bool,
    diff_to_stderr: bool,
    limits: &Limits,
    recheck: impl FnOnce() -> ExitCode,
) -> ExitCode {
    if let Some(usage) = super::missing_path(paths) {
        return usage;
    }
    let (files, _) = briefing_files(paths);
    let mut changed = 0usize;
    let mut failed = false;
    let mut diffs: Box<dyn Write> = if diff_to_stderr {
        Box::new(std::io::stderr().lock())
    } else {
        Box::new(std::io::stdout().lock())
    };
    for path in &files {
        let shown = text::one_line(&path.to_string_lossy());
        // Files that cannot be read, or are too large, are the check's to report.
        let too_large = std::fs::metadata(path).is_ok_and(|m| m.len() > limits.max_file_bytes);
        let Some(source) = (!too_large)
            .then(|| std::fs::read(path).ok())
            .flatten()
            .and_then(|bytes| String::from_utf8(bytes).ok())
        else {
            continue;
        };
        let fixed = fix_text(path, &source);
        for (d, why) in &fixed.left {
            eprintln!(
                "{}: not fixed: {}: {}",
                d.location(),
                text::one_line(&d.message),
                text::one_line(why)
            );
        }
        if fixed.text == source {
            continue;
        }
        let _ = diffs.write_all(diff(path, &source, &fixed.text).as_bytes());
        let _ = diffs.flush();
        changed += 1;
        let problems = match fixed.made.len() {
            1 => "1 problem".to_string(),
            n => format!("{n} problems"),
        };
        if dry_run {
            eprintln!("{shown}: would fix {problems}");
            continue;
        }
        // Through a symbolic link, the file it names is edited and the link kept.
        let target = std::fs::canonicalize(path).unwrap_or_else(|_| path.clone());
        match super::migrate::replace(&target, &fixed.text) {
            Ok(()) => eprintln!("{shown}: fixed {problems}"),
            Err(e) => {
                eprintln!(
                    "{shown}: error: cannot write it: {}; the file is as it was",
                    text::one_line(&e.to_string())
                );
                failed = true;
            }
        }
    }
    drop(diffs);
    if changed == 0 {
        eprintln!("debrief: nothing to fix");
    }
    if dry_run {
        return if changed > 0 || failed {
            ExitCode::from(1)
        } else {
            ExitCode::SUCCESS
        };
    }
    let code = recheck();
    if failed { ExitCode::from(1) } else { code }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_key_and_then_its_value_are_fixed_in_two_rounds() {
        let src = "format: debrief/2\ntitle: T\narticle:\n  - text: Hi.\nclaims:\n  - id: c1\n    text: C\n    likelyhood: probable  # as the source said\n    sources: []\n";
        let fixed = fix_text(Path::new("t.yaml"), src);
        assert_eq!(
            fixed.text,
            src.replace("likelyhood: probable  # as", "likelihood: likely    # as"),
            "the comment keeps its column"
        );
        assert_eq!(fixed.made.len(), 2);
        assert!(fixed.left.is_empty(), "{:?}", fixed.left);
    }

    #[test]
    fn the_diff_is_unified_with_git_names() {
        let d = diff(Path::new("lib/b.yaml"), "a\nb\n", "a\nc\n");
        assert_eq!(
            d,
            "--- a/lib/b.yaml\n+++ b/lib/b.yaml\n@@ -1,2 +1,2 @@\n a\n-b\n+c\n"
        );
    }
}
