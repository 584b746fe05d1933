//! One shape for every problem found in a briefing file, from a YAML syntax
//! error to a dangling reference: where it is, how bad, and what to do.

use std::path::{Path, PathBuf};

use serde::{Deserialize, Serialize};

use super::model::Pos;
use crate::text;

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Severity {
    Warning,
    Error,
}

impl std::fmt::Display for Severity {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(match self {
            Severity::Warning => "warning",
            Severity::Error => "error",
        })
    }
}

/// Serialized whole, every field in order, for the loader's cache (a
/// binary encoding that cannot skip fields); `check --format json` writes
/// its own shape ([`crate::report::json`]).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Diagnostic {
    pub severity: Severity,
    pub file: PathBuf,
    /// 1-based; 0 when the problem is with the file as a whole.
    pub line: u32,
    /// 1-based, in characters.
    pub column: u32,
    /// How many characters to underline from the column (at least one).
    pub length: u32,
    pub message: String,
    /// What to do about it, when there is something useful to say.
    pub help: Option<String>,
    /// A change to the file that mends it, when one is known.
    pub fix: Option<Fix>,
}

/// A change that mends a problem: one key or value of the file, written
/// anew. The decoder knows only where the value starts and what it should
/// read; [`super::fix::place`] finds the bytes it takes in the file and
/// writes the replacement as YAML, quoted as the original was.
///
/// Serialized whole, like [`Diagnostic`]; `check --format json` writes its
/// own view of it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Fix {
    /// Where the key or value to replace starts, as the diagnostic's place.
    pub at: Pos,
    /// What it should read, as text.
    pub value: String,
    /// Whether this is the one right answer, which `check --fix` applies;
    /// a guess among several is offered in the help only.
    pub unambiguous: bool,
    /// Why `check --fix` leaves it, when it does: the doubt, or why it
    /// cannot be placed in the file.
    pub reason: Option<String>,
    /// The bytes of the file it replaces and what is written there, once placed.
    pub edit: Option<Edit>,
}

/// A fix placed in the file's text.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Edit {
    /// Byte range of the file's text, `start..end`.
    pub start: usize,
    pub end: usize,
    /// What those bytes are now (so a file changed since is not edited blindly).
    pub original: String,
    /// The YAML written in their place.
    pub replacement: String,
}

impl Fix {
    /// The fix `check --fix` applies: one answer, of which `value` is it.
    pub fn sure(at: Pos, value: impl Into<String>) -> Fix {
        Fix {
            at,
            value: value.into(),
            unambiguous: true,
            reason: None,
            edit: None,
        }
    }

    /// A likely fix that is not certain: offered, not applied, with why.
    pub fn guess(at: Pos, value: impl Into<String>, reason: impl Into<String>) -> Fix {
        Fix {
            unambiguous: false,
            reason: Some(text::clean(&reason.into())),
            ..Fix::sure(at, value)
        }
    }

    /// The edit `check --fix` makes, if it makes one.
    pub fn applicable(&self) -> Option<&Edit> {
        self.edit.as_ref().filter(|_| self.unambiguous)
    }
}

impl Diagnostic {
    pub fn is_error(&self) -> bool {
        self.severity == Severity::Error
    }

    /// `path:line:col: severity: message`, the first line of the
    /// compiler-style report, on one line whatever the file name and the
    /// message hold ([`text::one_line`]).
    pub fn headline(&self) -> String {
        format!(
            "{}: {}: {}",
            self.location(),
            self.severity,
            text::one_line(&self.message)
        )
    }

    /// `path:line:col`, or only `path` for a problem with the file as a
    /// whole (line 0), which has no place to point at; on one line.
    pub fn location(&self) -> String {
        let path = text::one_line(&self.file.to_string_lossy());
        if self.line == 0 {
            path
        } else {
            format!("{path}:{}:{}", self.line, self.column)
        }
    }
}

/// Problems kept per file. A hostile file can hold a million dangling
/// references, each a diagnostic of some hundreds of bytes: past this many
/// the rest are counted, not kept, and one note says how many there were.
pub const MAX_DIAGNOSTICS: usize = 1_000;

/// Collects the diagnostics of one file; everything added is cleaned, because
/// messages quote keys and values straight from the file.
#[derive(Debug)]
pub struct Diagnostics {
    file: PathBuf,
    list: Vec<Diagnostic>,
    /// Problems found past [`MAX_DIAGNOSTICS`], counted only.
    dropped: usize,
    /// What a dropped problem is written into, so callers can still add help.
    scratch: Diagnostic,
}

impl Diagnostics {
    pub fn new(file: &Path) -> Self {
        Diagnostics {
            file: file.to_owned(),
            list: Vec::new(),
            dropped: 0,
            scratch: Diagnostic {
                severity: Severity::Warning,
                file: PathBuf::new(),
                line: 0,
                column: 0,
                length: 1,
                message: String::new(),
                help: None,
                fix: None,
            },
        }
    }

    pub fn file(&self) -> &Path {
        &self.file
    }

    pub fn error(&mut self, pos: Pos, message: impl AsRef<str>) -> &mut Diagnostic {
        self.push(Severity::Error, pos, message.as_ref())
    }

    pub fn warning(&mut self, pos: Pos, message: impl AsRef<str>) -> &mut Diagnostic {
        self.push(Severity::Warning, pos, message.as_ref())
    }

    fn push(&mut self, severity: Severity, pos: Pos, message: &str) -> &mut Diagnostic {
        // Full: keep no more, except a first error, so a file with errors always shows one.
        if self.list.len() >= MAX_DIAGNOSTICS
            && (severity == Severity::Warning || self.has_errors())
        {
            self.dropped += 1;
            return &mut self.scratch;
        }
        self.list.push(Diagnostic {
            severity,
            file: self.file.clone(),
            line: pos.line,
            column: pos.column,
            length: 1,
            message: text::clean(message),
            help: None,
            fix: None,
        });
        let last = self.list.len() - 1;
        &mut self.list[last]
    }

    /// The diagnostics with a fix not yet placed in the file's text.
    pub fn unplaced_fixes(&mut self) -> impl Iterator<Item = &mut Fix> {
        self.list
            .iter_mut()
            .filter_map(|d| d.fix.as_mut())
            .filter(|f| f.edit.is_none())
    }

    pub fn has_errors(&self) -> bool {
        self.list.iter().any(Diagnostic::is_error)
    }

    /// In file order, so a report reads top to bottom; first, when problems
    /// were dropped, a note of how many.
    pub fn into_sorted(mut self) -> Vec<Diagnostic> {
        self.list
            .sort_by_key(|d| (d.line, d.column, std::cmp::Reverse(d.severity)));
        if self.dropped > 0 {
            let note = format!(
                "only the first {} problems of this file are shown; {} more were found",
                text::thousands(self.list.len()),
                text::thousands(self.dropped)
            );
            self.list.insert(
                0,
                Diagnostic {
                    severity: Severity::Warning,
                    file: self.file.clone(),
                    line: 0,
                    column: 0,
                    length: 1,
                    message: note,
                    help: Some("fix these and check again".into()),
                    fix: None,
                },
            );
        }
        self.list
    }
}

impl Diagnostic {
    pub fn with_help(&mut self, help: impl AsRef<str>) -> &mut Self {
        self.help = Some(text::clean(help.as_ref()));
        self
    }

    pub fn with_fix(&mut self, fix: Fix) -> &mut Self {
        self.fix = Some(fix);
        self
    }

    pub fn underline(&mut self, length: usize) -> &mut Self {
        self.length = u32::try_from(length.max(1)).unwrap_or(u32::MAX);
        self
    }
}
