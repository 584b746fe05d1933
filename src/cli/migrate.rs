//! `debrief migrate FILE... [--check]`: rewrites version 1 briefings as
//! version 2. Two things change, `format: debrief/1` to `debrief/2` and each
//! claim's `confidence:` key to `likelihood:` (version 2 gives `confidence`
//! a new meaning), and every other byte stays as it was: comments, order,
//! quoting, line ends. The edits are spans of the source text, placed by the
//! located YAML tree; the file is replaced atomically, so an interrupted run
//! leaves the old file whole.

use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::ExitCode;

use debrief::briefing::decode::{FORMAT, FORMAT_V2};
use debrief::briefing::diagnostic::Diagnostics;
use debrief::briefing::yaml::{self, Node};
use debrief::briefing::{Located, Pos};
use debrief::text;

/// One edit: at a place in the file, the text there and what replaces it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Change {
    pub pos: Pos,
    /// Byte offset in the source.
    pub offset: usize,
    pub old: &'static str,
    pub new: &'static str,
}

/// What migrating one file's text gives.
#[derive(Debug)]
pub enum Outcome {
    /// Already version 2: nothing to do.
    Current,
    /// The rewritten text and the edits that made it.
    Migrated { text: String, changes: Vec<Change> },
}

/// Works out the edits of a version 1 file and applies them to its text;
/// an error, in words, when the file is not one this can rewrite safely.
pub fn migrate_text(path: &Path, source: &str) -> Result<Outcome, String> {
    let mut diags = Diagnostics::new(path);
    let Some(root) = yaml::parse(source, &mut diags) else {
        let why = diags
            .into_sorted()
            .into_iter()
            .next()
            .map_or_else(|| "it is not YAML".to_string(), |d| d.headline());
        return Err(format!("cannot read the file as YAML: {why}"));
    };
    let Node::Map(top) = &root.value else {
        return Err("the file is not a briefing: its top level is not a mapping".into());
    };
    let format = top
        .iter()
        .find(|(k, _)| matches!(&k.value, Node::Str(s) if s == "format"))
        .map(|(_, v)| v);
    let format_pos = match format.map(|v| &v.value) {
        Some(Node::Str(f)) if f == FORMAT_V2 => return Ok(Outcome::Current),
        Some(Node::Str(f)) if f == FORMAT => format.map(|v| v.pos),
        Some(Node::Str(f)) => {
            return Err(format!(
                "its format is `{}`; migrate reads `format: {FORMAT}`",
                text::clean(f)
            ));
        }
        _ => return Err(format!("it has no `format: {FORMAT}`")),
    };
    let mut changes = Vec::new();
    if let Some(pos) = format_pos {
        changes.push(locate(source, pos, FORMAT, FORMAT_V2)?);
    }
    let claims = top
        .iter()
        .find(|(k, _)| matches!(&k.value, Node::Str(s) if s == "claims"))
        .map(|(_, v)| v);
    if let Some(Located {
        value: Node::Seq(items),
        ..
    }) = claims
    {
        for item in items {
            let Node::Map(fields) = &item.value else {
                continue;
            };
            for (k, _) in fields {
                if matches!(&k.value, Node::Str(s) if s == "confidence") {
                    changes.push(locate(source, k.pos, "confidence", "likelihood")?);
                }
            }
        }
    }
    // A claim copied by an alias shares its keys' places: edit each once.
    changes.sort_by_key(|c| c.offset);
    changes.dedup_by_key(|c| c.offset);
    let mut out = String::with_capacity(source.len() + changes.len());
    let mut at = 0;
    for c in &changes {
        out.push_str(&source[at..c.offset]);
        out.push_str(c.new);
        at = c.offset + c.old.len();
    }
    out.push_str(&source[at..]);
    Ok(Outcome::Migrated { text: out, changes })
}

/// The byte offset of `old` written at `pos` (a quote before it allowed);
/// an error when the text there is something else, as when the value comes
/// through an alias or a merge key and is written elsewhere.
fn locate(source: &str, pos: Pos, old: &'static str, new: &'static str) -> Result<Change, String> {
    let offset = byte_offset(source, pos)
        .ok_or_else(|| format!("line {} column {} is not in the file", pos.line, pos.column))?;
    let rest = &source[offset..];
    let skip = match rest.as_bytes().first() {
        Some(b'"' | b'\'') => 1,
        _ => 0,
    };
    if rest[skip..].starts_with(old) {
        return Ok(Change {
            pos,
            offset: offset + skip,
            old,
            new,
        });
    }
    Err(format!(
        "line {}: `{old}` is not written here as plain text (an alias, a merge key or an escape?); change it to `{new}` by hand",
        pos.line
    ))
}

/// Byte offset of a 1-based line and character column.
fn byte_offset(source: &str, pos: Pos) -> Option<usize> {
    let mut line_start = 0;
    for _ in 1..pos.line {
        line_start += source[line_start..].find('\n')? + 1;
    }
    let line = &source[line_start..];
    let column = pos.column.saturating_sub(1) as usize;
    let within = line
        .char_indices()
        .nth(column)
        .map_or(line.len(), |(i, _)| i);
    Some(line_start + within)
}

/// Writes `text` to `path` through a temporary file in the same folder, with
/// the old file's permissions, renamed over it (`check --fix` writes so too).
pub(super) fn replace(path: &Path, text: &str) -> std::io::Result<()> {
    let dir = match path.parent() {
        Some(d) if !d.as_os_str().is_empty() => d.to_owned(),
        _ => PathBuf::from("."),
    };
    let permissions = std::fs::metadata(path)?.permissions();
    let mut tmp = tempfile::NamedTempFile::new_in(&dir)?;
    tmp.as_file_mut().write_all(text.as_bytes())?;
    tmp.as_file_mut().flush()?;
    tmp.as_file().sync_all()?;
    std::fs::set_permissions(tmp.path(), permissions)?;
    tmp.persist(path).map_err(|e| e.error)?;
    if let Ok(d) = std::fs::File::open(&dir) {
        let _ = d.sync_all();
    }
    Ok(())
}

/// Runs the command: 0 when every file is version 2 (or now is), 1 when a
/// file could not be migrated or, with `--check`, when one needs it.
pub fn run(files: &[PathBuf], check: bool) -> ExitCode {
    if let Some(usage) = super::missing_path(files) {
        return usage;
    }
    let mut failed = false;
    let mut pending = false;
    for path in files {
        let shown = text::clean(&path.display().to_string());
        let source = match std::fs::read(path) {
            Ok(bytes) => match String::from_utf8(bytes) {
                Ok(s) => s,
                Err(_) => {
                    eprintln!("{shown}: error: the file is not UTF-8 text; nothing changed");
                    failed = true;
                    continue;
                }
            },
            Err(e) => {
                eprintln!("{shown}: error: cannot read it: {e}");
                failed = true;
                continue;
            }
        };
        match migrate_text(path, &source) {
            Ok(Outcome::Current) => println!("{shown}: already {FORMAT_V2}"),
            Ok(Outcome::Migrated { text, changes }) => {
                let verb = if check { "would change" } else { "changed" };
                for c in &changes {
                    println!(
                        "{shown}:{}:{}: {verb} `{}` to `{}`",
                        c.pos.line, c.pos.column, c.old, c.new
                    );
                }
                if check {
                    pending = true;
                } else if let Err(e) = replace(path, &text) {
                    eprintln!("{shown}: error: cannot write it: {e}; the file is as it was");
                    failed = true;
                } else {
                    println!("{shown}: now {FORMAT_V2}");
                }
            }
            Err(why) => {
                eprintln!("{shown}: error: {}; nothing changed", text::clean(&why));
                failed = true;
            }
        }
    }
    if failed || pending {
        ExitCode::from(1)
    } else {
        ExitCode::SUCCESS
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn migrate(src: &str) -> (String, Vec<Change>) {
        match migrate_text(Path::new("t.yaml"), src).expect("migrates") {
            Outcome::Migrated { text, changes } => (text, changes),
            Outcome::Current => panic!("already current"),
        }
    }

    #[test]
    fn only_the_two_keys_change_and_every_other_byte_stays() {
        let src = "# a comment\r\nformat: \"debrief/1\"   # kept\r\ntitle: T\r\narticle:\r\n  - text: Hi.\r\nclaims:\r\n  - id: c1\r\n    text: confidence is not a key here\r\n    confidence: likely  # ICD 203\r\n  - {id: c2, text: C, 'confidence': unlikely}\r\n";
        let (out, changes) = migrate(src);
        assert_eq!(
            out,
            src.replace("\"debrief/1\"", "\"debrief/2\"")
                .replace("    confidence: likely", "    likelihood: likely")
                .replace("'confidence'", "'likelihood'")
        );
        assert_eq!(changes.len(), 3);
        assert_eq!((changes[1].pos.line, changes[1].pos.column), (9, 5));
    }

    #[test]
    fn a_version_2_file_is_left_alone_and_an_unknown_format_refused() {
        assert!(matches!(
            migrate_text(Path::new("t.yaml"), "format: debrief/2\n"),
            Ok(Outcome::Current)
        ));
        assert!(migrate_text(Path::new("t.yaml"), "format: other\n").is_err());
        assert!(migrate_text(Path::new("t.yaml"), "[1, 2]\n").is_err());
        assert!(migrate_text(Path::new("t.yaml"), "a: [\n").is_err());
    }

    #[test]
    fn a_key_that_comes_through_a_merge_is_refused_not_mangled() {
        let src = "format: debrief/1\ntitle: T\narticle:\n  - text: Hi.\nbase: &b {confidence: likely}\nclaims:\n  - {id: c1, text: C, <<: *b}\n";
        // `base` is not a briefing key, but migrate edits text, not meaning:
        // what matters is that the copied key is not rewritten blindly.
        match migrate_text(Path::new("t.yaml"), src) {
            Err(why) => assert!(why.contains("by hand"), "{why}"),
            Ok(Outcome::Migrated { text, .. }) => {
                assert_eq!(text.matches("likelihood").count(), 1, "{text}")
            }
            Ok(Outcome::Current) => panic!("not current"),
        }
    }
}
