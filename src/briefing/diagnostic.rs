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
        });
        let last = self.list.len() - 1;
        &mut self.list[last]
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

    pub fn underline(&mut self, length: usize) -> &mut Self {
        self.length = u32::try_from(length.max(1)).unwrap_or(u32::MAX);
        self
    }
}
