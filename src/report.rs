//! Diagnostics for people and for tools: compiler-style text with the source
//! line and a caret, or JSON, written to the caller's stream as each is
//! produced; the caller reads the files ([`Source::read`]) and opens the stream.
//!
//! Text is always written with its styles (as rustc colours it); the stream
//! decides whether they reach the screen: [`stdout`] is an `anstream` stream
//! that keeps them on a terminal and strips them when piped, under
//! `NO_COLOR`, or as `--color` says.

use std::io::Write;

use anstyle::{AnsiColor, Style};
use serde::Serialize;

use crate::briefing::{Diagnostic, Severity};
use crate::text;

/// Display columns of a source line shown beside a diagnostic: a window of
/// the line around the column, so that a thousand problems on one line of a
/// megabyte print a thousand short windows, not a gigabyte.
pub const SNIPPET_COLUMNS: usize = 120;

/// Of those, how many show the line before the column, when it is cut.
const CONTEXT_BEFORE: usize = 40;

/// One diagnostic in compiler style:
///
/// ```text
/// briefings/x.yaml:3:1: error: unknown key `tittle` in the briefing
///     3 | tittle: Czechia attributes ...
///       | ^^^^^^
///       = help: did you mean `title`? ...
/// ```
///
/// `source` is the file's text, read by the caller, if it could be read.
pub fn write(
    out: &mut impl Write,
    d: &Diagnostic,
    source: Option<&mut Source>,
) -> std::io::Result<()> {
    let (place, severity, gutter_style, help_style) = (
        Style::new().bold(),
        severity_style(d.severity),
        Style::new().bold().fg_color(Some(AnsiColor::Blue.into())),
        Style::new().bold(),
    );
    // The parts of [`Diagnostic::headline`], each in its style.
    writeln!(
        out,
        "{place}{}:{place:#} {severity}{}{severity:#}: {}",
        d.location(),
        d.severity,
        text::one_line(&d.message)
    )?;
    let help = d.help.as_deref().map(text::one_line);
    let fix = fix_line(d);
    let snippet = source.filter(|_| d.line > 0).and_then(|s| s.snippet(d));
    if let Some(snippet) = snippet {
        let number = d.line.to_string();
        let gutter = " ".repeat(number.len());
        writeln!(
            out,
            "  {gutter_style}{number} |{gutter_style:#} {}",
            snippet.line
        )?;
        writeln!(
            out,
            "  {gutter_style}{gutter} |{gutter_style:#} {}{severity}{}{severity:#}",
            " ".repeat(snippet.caret_at),
            "^".repeat(snippet.carets)
        )?;
        if let Some(help) = help {
            writeln!(
                out,
                "  {gutter_style}{gutter} ={gutter_style:#} {help_style}help{help_style:#}: {help}"
            )?;
        }
        if let Some(fix) = &fix {
            writeln!(
                out,
                "  {gutter_style}{gutter} ={gutter_style:#} {help_style}fix{help_style:#}: {fix}"
            )?;
        }
    } else {
        if let Some(help) = help {
            writeln!(
                out,
                "  {gutter_style}={gutter_style:#} {help_style}help{help_style:#}: {help}"
            )?;
        }
        if let Some(fix) = &fix {
            writeln!(
                out,
                "  {gutter_style}={gutter_style:#} {help_style}fix{help_style:#}: {fix}"
            )?;
        }
    }
    Ok(())
}

/// Errors in bold red and warnings in bold yellow, as compilers show them.
fn severity_style(severity: Severity) -> Style {
    let colour = match severity {
        Severity::Error => AnsiColor::Red,
        Severity::Warning => AnsiColor::Yellow,
    };
    Style::new().bold().fg_color(Some(colour.into()))
}

/// When diagnostics are shown in colour: `--color`'s three answers.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, clap::ValueEnum)]
pub enum Color {
    /// On a terminal, unless `NO_COLOR` is set (or `CLICOLOR_FORCE` asks for it anyway)
    #[default]
    Auto,
    Always,
    Never,
}

/// Standard output, locked, keeping or stripping styles as `color` says.
pub fn stdout(color: Color) -> anstream::AutoStream<std::io::StdoutLock<'static>> {
    let choice = match color {
        Color::Auto => anstream::ColorChoice::Auto,
        Color::Always => anstream::ColorChoice::Always,
        Color::Never => anstream::ColorChoice::Never,
    };
    anstream::AutoStream::new(std::io::stdout().lock(), choice)
}

/// The line that says `check --fix` can mend a problem, when it can.
fn fix_line(d: &Diagnostic) -> Option<String> {
    let fix = d.fix.as_ref().filter(|f| f.applicable().is_some())?;
    Some(format!(
        "`debrief check --fix` writes `{}` here",
        text::one_line(&fix.value)
    ))
}

/// [`write`] into a plain string (styles stripped), for tests and callers
/// that want one.
pub fn render(d: &Diagnostic, source_line: Option<&str>) -> String {
    let mut out = Vec::new();
    let mut source = source_line.map(|l| {
        // The line stands at the diagnostic's line number.
        let mut text = "\n".repeat(d.line.saturating_sub(1) as usize);
        text.push_str(l);
        Source::new(text)
    });
    // Writing to a Vec cannot fail.
    let _ = write(&mut out, d, source.as_mut());
    anstream::adapter::strip_str(&String::from_utf8_lossy(&out)).to_string()
}

/// A file's text, to show its lines beside its diagnostics. Lines are
/// found as the parser numbers them ([`text::line_at`]), by a cursor that
/// moves forward: diagnostics come in file order, so a file is walked once
/// however many problems it has, even a thousand on one line.
pub struct Source {
    text: String,
    /// The line the cursor is on (1-based) and the byte where it starts.
    line: u32,
    line_start: usize,
    /// A character column on that line (1-based) and its byte offset.
    column: u32,
    column_at: usize,
    /// Where that line ends, once found: scanned for once per line.
    line_end: Option<usize>,
}

/// The part of a line shown, and where under it the carets go.
struct Snippet {
    line: String,
    caret_at: usize,
    carets: usize,
}

impl Source {
    pub fn new(text: String) -> Source {
        Source {
            text,
            line: 1,
            line_start: 0,
            column: 1,
            column_at: 0,
            line_end: None,
        }
    }

    /// The file at `path`, no more of it than `max_bytes` (what the loader
    /// would read, whatever the file has grown to since); `None` if it
    /// cannot be read.
    pub fn read(path: &std::path::Path, max_bytes: u64) -> Option<Source> {
        use std::io::Read;
        let mut bytes = Vec::new();
        std::fs::File::open(path)
            .and_then(|f| f.take(max_bytes).read_to_end(&mut bytes))
            .ok()?;
        let text = match String::from_utf8(bytes) {
            Ok(text) => text,
            Err(e) => String::from_utf8_lossy(e.as_bytes()).into_owned(),
        };
        Some(Source::new(text))
    }

    /// Moves the cursor to the start of `line`; false past the end.
    fn seek_line(&mut self, line: u32) -> bool {
        if line != self.line {
            self.line_end = None;
        }
        if line < self.line {
            self.line = 1;
            self.line_start = 0;
            self.column = 1;
        }
        if line != self.line {
            self.column = 1;
        }
        while self.line < line {
            match text::line_at(self.text.as_bytes(), self.line_start).1 {
                Some(next) => {
                    self.line += 1;
                    self.line_start = next;
                    self.column = 1;
                    self.column_at = next;
                }
                None => return false,
            }
        }
        if self.column == 1 {
            self.column_at = self.line_start;
        }
        true
    }

    fn snippet(&mut self, d: &Diagnostic) -> Option<Snippet> {
        if !self.seek_line(d.line) {
            return None;
        }
        let bytes = self.text.as_bytes();
        let line_end = *self
            .line_end
            .get_or_insert_with(|| text::line_at(bytes, self.line_start).0);
        let line = &self.text[self.line_start..line_end];
        let base = self.line_start;
        // The column counts characters of the raw line: walk to it from
        // where the cursor is, or from the line's start if it is behind.
        let column = d.column.max(1);
        if column < self.column {
            self.column = 1;
            self.column_at = base;
        }
        let mut at = self.column_at - base;
        let mut walked = self.column;
        for c in line[at..].chars() {
            if walked >= column {
                break;
            }
            at += c.len_utf8();
            walked += 1;
        }
        self.column = walked;
        self.column_at = base + at;

        let (start, end) = window(line, at);
        let (cut_before, cut_after) = (start > 0, end < line.len());
        // Cleaned and escaped as one piece from the window's start, so the
        // part before the column is a prefix of the whole ([`text::one_line`]).
        let before = text::one_line(&line[start..at]);
        let window = text::one_line(&line[start..end]);
        // The length counts characters of the cleaned text (an id's width).
        let marked: String = window
            .chars()
            .skip(before.chars().count())
            .take(d.length.max(1) as usize)
            .collect();
        let ellipsis = |cut: bool| if cut { "…" } else { "" };
        let shown = format!("{}{window}{}", ellipsis(cut_before), ellipsis(cut_after));
        let caret_at = usize::from(cut_before) + text::width(&before);
        Some(Snippet {
            line: shown,
            caret_at,
            carets: text::width(&marked).max(1),
        })
    }
}

/// The byte range of `line` shown for a diagnostic at byte `at`: all of
/// it if it fits [`SNIPPET_COLUMNS`], else some context before the column
/// and the rest after it, leaving room for the `…` at each cut end.
fn window(line: &str, at: usize) -> (usize, usize) {
    let fits = line.len() <= 4 * SNIPPET_COLUMNS
        && line.chars().map(columns_of).sum::<usize>() <= SNIPPET_COLUMNS;
    if fits {
        return (0, line.len());
    }
    let mut start = at;
    let mut used = 0;
    for (i, c) in line[..at].char_indices().rev() {
        let w = columns_of(c);
        if used + w > CONTEXT_BEFORE {
            break;
        }
        used += w;
        start = i;
    }
    let room = SNIPPET_COLUMNS - used - usize::from(start > 0) - 1;
    let mut end = at;
    let mut used_after = 0;
    for c in line[at..].chars() {
        let w = columns_of(c);
        if used_after + w > room {
            break;
        }
        used_after += w;
        end += c.len_utf8();
    }
    (start, end)
}

/// At most how many columns `c` takes once cleaned and escaped: a tab up to
/// a tab stop, a line break its escape, anything else its width.
fn columns_of(c: char) -> usize {
    match c {
        '\t' => 4,
        c if text::is_line_break(c) => 8,
        c => unicode_width::UnicodeWidthChar::width(c).unwrap_or(0),
    }
}

/// The closing line: how many files, errors and warnings.
pub fn summary(files: usize, diagnostics: &[&Diagnostic]) -> String {
    let errors = diagnostics.iter().filter(|d| d.is_error()).count();
    let warnings = diagnostics.len() - errors;
    let files = plural(files, "file");
    match (errors, warnings) {
        (0, 0) => format!("checked {files}: no problems"),
        _ => format!(
            "checked {files}: {}, {}",
            plural(errors, "error"),
            plural(warnings, "warning")
        ),
    }
}

fn plural(n: usize, word: &str) -> String {
    if n == 1 {
        format!("1 {word}")
    } else {
        format!("{n} {word}s")
    }
}

/// The JSON document `check --format json` prints: stable keys, one object per diagnostic.
pub fn json(
    out: &mut impl Write,
    files: usize,
    diagnostics: &[&Diagnostic],
) -> std::io::Result<()> {
    #[derive(Serialize)]
    struct Report<'a> {
        files: usize,
        errors: usize,
        warnings: usize,
        diagnostics: Vec<Entry<'a>>,
    }
    /// A diagnostic with its file name as cleaned text: file names come from
    /// whoever sent the folder, and one that is not UTF-8 would otherwise
    /// fail the whole report.
    #[derive(Serialize)]
    struct Entry<'a> {
        severity: Severity,
        file: String,
        line: u32,
        column: u32,
        message: &'a str,
        #[serde(skip_serializing_if = "Option::is_none")]
        help: Option<&'a str>,
        /// The change that mends it: `value`, whether `check --fix` makes
        /// it (`unambiguous`), and once placed the byte span it replaces.
        #[serde(skip_serializing_if = "Option::is_none")]
        fix: Option<FixView<'a>>,
    }
    #[derive(Serialize)]
    struct FixView<'a> {
        value: &'a str,
        unambiguous: bool,
        #[serde(skip_serializing_if = "Option::is_none")]
        reason: Option<&'a str>,
        #[serde(skip_serializing_if = "Option::is_none")]
        edit: Option<&'a crate::briefing::diagnostic::Edit>,
    }
    let errors = diagnostics.iter().filter(|d| d.is_error()).count();
    let report = Report {
        files,
        errors,
        warnings: diagnostics.len() - errors,
        diagnostics: diagnostics
            .iter()
            .map(|d| Entry {
                severity: d.severity,
                file: text::clean(&d.file.to_string_lossy()),
                line: d.line,
                column: d.column,
                message: &d.message,
                help: d.help.as_deref(),
                fix: d.fix.as_ref().map(|f| FixView {
                    value: &f.value,
                    unambiguous: f.unambiguous,
                    reason: f.reason.as_deref(),
                    edit: f.edit.as_ref(),
                }),
            })
            .collect(),
    };
    serde_json::to_writer_pretty(&mut *out, &report)?;
    writeln!(out)
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::path::PathBuf;

    fn diag(line: u32, column: u32, length: u32) -> Diagnostic {
        Diagnostic {
            severity: Severity::Error,
            file: PathBuf::from("b.yaml"),
            line,
            column,
            length,
            message: "unknown key `tittle` in the briefing".into(),
            help: Some("did you mean `title`?".into()),
            fix: None,
        }
    }

    #[test]
    fn renders_the_line_a_caret_under_the_column_and_help() {
        let out = render(&diag(3, 1, 6), Some("tittle: x"));
        assert_eq!(
            out,
            "b.yaml:3:1: error: unknown key `tittle` in the briefing\n  3 | tittle: x\n    | ^^^^^^\n    = help: did you mean `title`?\n"
        );
    }

    #[test]
    fn caret_lines_up_after_wide_characters() {
        let out = render(&diag(1, 4, 1), Some("中文:x"));
        let lines: Vec<&str> = out.lines().collect();
        assert_eq!(lines[1], "  1 | 中文:x");
        assert_eq!(
            lines[2], "    |      ^",
            "two wide characters and a colon take 5 columns"
        );
    }

    #[test]
    fn caret_lines_up_after_a_tab_and_a_removed_control_character() {
        let out = render(&diag(1, 5, 3), Some("a\tb\u{1b}:key"));
        let lines: Vec<&str> = out.lines().collect();
        assert_eq!(lines[1], "  1 | a   b:key");
        assert_eq!(lines[2], "    |      ^^^", "under `:ke`, not shifted");
    }

    #[cfg(unix)]
    #[test]
    fn json_names_a_hostile_file_in_clean_text() {
        use std::os::unix::ffi::OsStrExt;
        let mut d = diag(1, 1, 1);
        d.file = PathBuf::from(std::ffi::OsStr::from_bytes(
            b"lib/\xff\xe2\x80\xaeevil\x1b]0;x\x07.yaml",
        ));
        let mut out = Vec::new();
        json(&mut out, 1, &[&d]).unwrap();
        let v: serde_json::Value = serde_json::from_slice(&out).expect("valid JSON");
        assert_eq!(v["diagnostics"][0]["file"], "lib/\u{fffd}evil]0;x.yaml");
        assert_eq!(v["diagnostics"][0]["line"], 1);
        assert_eq!(v["errors"], 1);
    }

    #[test]
    fn styles_are_written_for_the_stream_to_keep_or_strip() {
        let mut out = Vec::new();
        let mut source = Source::new("\n\ntittle: x".into());
        write(&mut out, &diag(3, 1, 6), Some(&mut source)).unwrap();
        let styled = String::from_utf8(out).unwrap();
        let red_bold = severity_style(Severity::Error);
        assert!(
            styled.contains(&format!("{red_bold}error{red_bold:#}")),
            "{styled:?}"
        );
        assert!(
            styled.contains(&format!("{red_bold}^^^^^^{red_bold:#}")),
            "carets in the severity's colour: {styled:?}"
        );
        assert_eq!(
            anstream::adapter::strip_str(&styled).to_string(),
            render(&diag(3, 1, 6), Some("tittle: x")),
            "stripped, the text is exactly the plain report"
        );
        let mut warning = diag(3, 1, 6);
        warning.severity = Severity::Warning;
        assert_ne!(severity_style(Severity::Warning), red_bold);
        assert!(render(&warning, None).starts_with("b.yaml:3:1: warning: "));
    }

    #[test]
    fn summary_counts_errors_and_warnings() {
        let e = diag(1, 1, 1);
        let mut w = diag(2, 1, 1);
        w.severity = Severity::Warning;
        assert_eq!(
            summary(3, &[&e, &w, &w]),
            "checked 3 files: 1 error, 2 warnings"
        );
        assert_eq!(summary(1, &[]), "checked 1 file: no problems");
    }
}
