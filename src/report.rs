//! Diagnostics for people and for tools: compiler-style text with the source
//! line and a caret, or JSON. Pure: the caller reads the files and prints.

use serde::Serialize;

use crate::briefing::{Diagnostic, Severity};
use crate::text;

/// One diagnostic in compiler style:
///
/// ```text
/// briefings/x.yaml:3:1: error: unknown key `tittle` in the briefing
///     3 | tittle: Czechia attributes ...
///       | ^^^^^^
///       = help: did you mean `title`? ...
/// ```
///
/// `source_line` is the file's line the diagnostic points at, if there is one.
pub fn render(d: &Diagnostic, source_line: Option<&str>) -> String {
    let mut out = d.headline();
    out.push('\n');
    if let Some(raw) = source_line.filter(|_| d.line > 0) {
        let line = text::one_line(raw);
        let number = d.line.to_string();
        let gutter = " ".repeat(number.len());
        // The caret goes under the column's character, measured in display
        // columns. The column counts characters of the raw line, so split the
        // raw line there and clean each part: a tab before the column widens
        // it, a control character removed from it narrows it.
        let column = d.column.saturating_sub(1) as usize;
        let before = text::one_line(&raw.chars().take(column).collect::<String>());
        let marked: String = line
            .chars()
            .skip(before.chars().count())
            .take(d.length.max(1) as usize)
            .collect();
        let carets = text::width(&marked).max(1);
        out.push_str(&format!("  {number} | {line}\n"));
        out.push_str(&format!(
            "  {gutter} | {}{}\n",
            " ".repeat(text::width(&before)),
            "^".repeat(carets)
        ));
        if let Some(help) = &d.help {
            out.push_str(&format!("  {gutter} = help: {}\n", text::one_line(help)));
        }
    } else if let Some(help) = &d.help {
        out.push_str(&format!("  = help: {}\n", text::one_line(help)));
    }
    out
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
pub fn json(files: usize, diagnostics: &[&Diagnostic]) -> String {
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
            })
            .collect(),
    };
    // Serialising plain structs of strings and numbers cannot fail.
    serde_json::to_string_pretty(&report).unwrap_or_default()
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
        let out = json(1, &[&d]);
        let v: serde_json::Value = serde_json::from_str(&out).expect("valid JSON");
        assert_eq!(v["diagnostics"][0]["file"], "lib/\u{fffd}evil]0;x.yaml");
        assert_eq!(v["diagnostics"][0]["line"], 1);
        assert_eq!(v["errors"], 1);
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
