//! `debrief check --fix` as an author runs it, one fix kind at a time: the
//! help `check` gives, then `--fix` giving exactly the golden file under
//! tests/fixtures/fix/ (`NAME.yaml` becomes `NAME.fixed.yaml`), comments
//! and layout kept, the result checking clean. A file whose fixes are all
//! guesses is left untouched with the reasons; `--dry-run` changes nothing.

use std::path::{Path, PathBuf};

use assert_cmd::Command;
use tempfile::TempDir;

fn fixture(name: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures/fix")
        .join(name)
}

fn read(path: &Path) -> String {
    std::fs::read_to_string(path).unwrap_or_else(|e| panic!("{}: {e}", path.display()))
}

/// A scratch folder with a copy of the fixture `NAME.yaml` as `b.yaml`.
fn copy(name: &str) -> TempDir {
    let dir = tempfile::tempdir().expect("a temporary folder");
    std::fs::copy(fixture(&format!("{name}.yaml")), dir.path().join("b.yaml")).expect("copied");
    dir
}

struct Run {
    code: i32,
    stdout: String,
    stderr: String,
}

fn debrief(dir: &Path, args: &[&str]) -> Run {
    let out = Command::cargo_bin("debrief")
        .expect("the binary is built")
        .env("XDG_CACHE_HOME", env!("CARGO_TARGET_TMPDIR")) // not the user's cache
        .current_dir(dir)
        .env("NO_COLOR", "1")
        .args(args)
        .output()
        .expect("runs");
    Run {
        code: out.status.code().unwrap_or(-1),
        stdout: String::from_utf8_lossy(&out.stdout).into_owned(),
        stderr: String::from_utf8_lossy(&out.stderr).into_owned(),
    }
}

fn comments(text: &str) -> Vec<&str> {
    text.lines()
        .filter_map(|l| l.find('#').map(|i| &l[i..]))
        .collect()
}

/// `check` on the fixture shows each `helps` line; `check --fix` makes the
/// file the golden one, keeps every comment, and ends with a clean check.
fn fixes_to_golden(name: &str, helps: &[&str]) {
    let dir = copy(name);
    let before = debrief(dir.path(), &["check", "b.yaml"]);
    assert_eq!(before.code, 1, "{}", before.stdout);
    for help in helps {
        assert!(
            before.stdout.contains(help),
            "{name}: expected {help:?} in\n{}",
            before.stdout
        );
    }
    let original = read(&fixture(&format!("{name}.yaml")));
    let golden = read(&fixture(&format!("{name}.fixed.yaml")));
    let run = debrief(dir.path(), &["check", "--fix", "b.yaml"]);
    let fixed = read(&dir.path().join("b.yaml"));
    assert_eq!(fixed, golden, "{name}: stderr\n{}", run.stderr);
    assert_eq!(
        comments(&fixed),
        comments(&original),
        "{name}: comments kept"
    );
    assert!(
        run.stdout.starts_with("--- a/b.yaml\n+++ b/b.yaml\n@@ "),
        "{name}: a unified diff first\n{}",
        run.stdout
    );
    assert!(
        run.stdout.ends_with("checked 1 file: no problems\n"),
        "{name}: then the check of the fixed file\n{}",
        run.stdout
    );
    assert_eq!(run.code, 0, "{}{}", run.stdout, run.stderr);
    assert!(run.stderr.contains("b.yaml: fixed "), "{}", run.stderr);
}

#[test]
fn key_typos_with_one_candidate() {
    fixes_to_golden(
        "key-typo",
        &[
            "unknown key `publised` in the briefing",
            "= help: did you mean `published`?",
            "= fix: `debrief check --fix` writes `published` here",
            "= fix: `debrief check --fix` writes `reliability` here",
            "= fix: `debrief check --fix` writes `sources` here",
        ],
    );
    // A misspelt key is not reported missing as well.
    let dir = copy("key-typo");
    let run = debrief(dir.path(), &["check", "b.yaml"]);
    assert!(
        run.stdout
            .ends_with("checked 1 file: 3 errors, 0 warnings\n"),
        "no warning of a missing reliability or sources\n{}",
        run.stdout
    );
}

#[test]
fn vocabulary_synonyms() {
    fixes_to_golden(
        "synonyms",
        &[
            "unknown likelihood `probable`",
            "= help: did you mean `likely`? Use one of the ICD 203 words",
            "= fix: `debrief check --fix` writes `likely` here",
            "= help: did you mean `very-likely`?",
            "= fix: `debrief check --fix` writes `very-likely` here",
            "unknown confidence `moderate confidence`",
            "= help: did you mean `moderate`? Use one of: low, moderate, high",
            "= fix: `debrief check --fix` writes `moderate` here",
        ],
    );
}

#[test]
fn country_names_and_codes() {
    fixes_to_golden(
        "country",
        &[
            "`Czechia` is not an ISO 3166-1 alpha-2 country code",
            "= help: write `CZ` (Czechia)",
            "= fix: `debrief check --fix` writes `CZ` here",
            "= help: the United Kingdom's code is `GB`",
            "= fix: `debrief check --fix` writes `GB` here",
            "= fix: `debrief check --fix` writes `CN` here",
        ],
    );
}

#[test]
fn quotes_that_differ_only_in_marks_dashes_spacing_or_case() {
    fixes_to_golden(
        "quote",
        &[
            "= help: did you mean `\u{201c}was the work of GN9\u{201d}`, in paragraph `p1` at character 33? It differs in quotation marks (straight against curly), spacing",
            "= fix: `debrief check --fix` writes `\u{201c}was the work of GN9\u{201d}` here",
            "It differs in quotation marks (straight against curly), dashes or hyphens",
            "= fix: `debrief check --fix` writes `GN9\u{201d} \u{2014} a crew` here",
            "It differs in capital letters",
            "= fix: `debrief check --fix` writes `Outside researchers` here",
        ],
    );
}

#[test]
fn a_file_whose_fixes_are_guesses_is_left_untouched_with_the_reasons() {
    let dir = copy("ambiguous");
    let original = read(&fixture("ambiguous.yaml"));
    let before = debrief(dir.path(), &["check", "b.yaml"]);
    assert!(
        before.stdout.contains("= help: did you mean `title`?"),
        "{}",
        before.stdout
    );
    assert!(
        !before.stdout.contains("= fix:"),
        "a guess is not offered as a fix\n{}",
        before.stdout
    );
    let run = debrief(dir.path(), &["check", "--fix", "b.yaml"]);
    assert_eq!(read(&dir.path().join("b.yaml")), original);
    assert_eq!(run.code, 1, "the errors remain");
    for reason in [
        "b.yaml:4:1: not fixed: unknown key `tittle` in the briefing: the briefing has a `title` already, or another key near it: keep one of them by hand",
        "b.yaml:13:12: not fixed: claim `c1`: the quote is not found in the article: more than one span of the article reads like the quote: pick one by hand",
        "b.yaml:14:17: not fixed: claim `c1`: unknown likelihood `unlikly`: `unlikly` is near `unlikely` but also `likely`: choose by hand",
        "debrief: nothing to fix",
    ] {
        assert!(run.stderr.contains(reason), "{reason:?} in\n{}", run.stderr);
    }
    assert!(!run.stdout.contains("--- a/"), "no diff\n{}", run.stdout);
}

#[test]
fn dry_run_prints_the_diff_and_changes_nothing() {
    let dir = copy("synonyms");
    let original = read(&fixture("synonyms.yaml"));
    let run = debrief(dir.path(), &["check", "--fix", "--dry-run", "b.yaml"]);
    assert_eq!(read(&dir.path().join("b.yaml")), original);
    assert_eq!(run.code, 1, "something would change");
    assert_eq!(
        run.stdout,
        "--- a/b.yaml\n+++ b/b.yaml\n@@ -10,11 +10,11 @@\n \
         claims:\n   - id: c1\n     text: Group Nine did it.\n\
         -    likelihood: probable          # as the statement put it\n\
         -    confidence: moderate confidence\n\
         +    likelihood: likely            # as the statement put it\n\
         +    confidence: moderate\n     sources: [s1]\n   - id: c2\n     text: Group Nine acted for a state.\n\
         -    likelihood: \"highly likely\"   # quoted, and stays quoted\n\
         -    confidence: 'medium'\n\
         +    likelihood: \"very-likely\"     # quoted, and stays quoted\n\
         +    confidence: 'moderate'\n     sources: [s1]\n"
    );
    assert!(
        run.stderr.contains("b.yaml: would fix 4 problems"),
        "{}",
        run.stderr
    );
    // The diff is a patch: applied, it gives the golden file.
    let golden = read(&fixture("synonyms.fixed.yaml"));
    let patched = Command::new("patch")
        .current_dir(dir.path())
        .args(["-p1", "--quiet"])
        .write_stdin(run.stdout)
        .output();
    if let Ok(out) = patched {
        assert!(
            out.status.success(),
            "{}",
            String::from_utf8_lossy(&out.stderr)
        );
        assert_eq!(read(&dir.path().join("b.yaml")), golden);
    }

    let clean = copy("synonyms");
    std::fs::copy(fixture("synonyms.fixed.yaml"), clean.path().join("b.yaml")).expect("copied");
    let run = debrief(clean.path(), &["check", "--fix", "--dry-run", "b.yaml"]);
    assert_eq!((run.code, run.stdout.as_str()), (0, ""), "{}", run.stderr);
}

#[test]
fn json_keeps_standard_output_one_document_and_names_each_fix() {
    let dir = copy("country");
    let run = debrief(dir.path(), &["check", "--format", "json", "b.yaml"]);
    let report: serde_json::Value = serde_json::from_str(&run.stdout).expect("JSON");
    let fix = &report["diagnostics"][0]["fix"];
    assert_eq!(fix["value"], "CZ");
    assert_eq!(fix["unambiguous"], true);
    let source = read(&fixture("country.yaml"));
    let (start, end) = (
        fix["edit"]["start"].as_u64().unwrap() as usize,
        fix["edit"]["end"].as_u64().unwrap() as usize,
    );
    assert_eq!(&source[start..end], "Czechia");
    assert_eq!(fix["edit"]["replacement"], "CZ");

    let run = debrief(
        dir.path(),
        &["check", "--fix", "--format", "json", "b.yaml"],
    );
    let report: serde_json::Value = serde_json::from_str(&run.stdout).expect("one JSON document");
    assert_eq!(report["errors"], 0);
    assert!(run.stderr.contains("--- a/b.yaml"), "the diff on stderr");
}

#[test]
fn crlf_line_ends_stay() {
    let dir = tempfile::tempdir().expect("a temporary folder");
    let source = read(&fixture("synonyms.yaml")).replace('\n', "\r\n");
    std::fs::write(dir.path().join("b.yaml"), &source).expect("written");
    let run = debrief(dir.path(), &["check", "--fix", "b.yaml"]);
    assert_eq!(run.code, 0, "{}{}", run.stdout, run.stderr);
    assert_eq!(
        read(&dir.path().join("b.yaml")),
        read(&fixture("synonyms.fixed.yaml")).replace('\n', "\r\n")
    );
}

#[test]
fn dry_run_needs_fix() {
    let dir = copy("synonyms");
    let run = debrief(dir.path(), &["check", "--dry-run", "b.yaml"]);
    assert_eq!(run.code, 2, "{}", run.stderr);
}

#[test]
fn the_actor_registry_is_fixed_too() {
    let dir = tempfile::tempdir().expect("a temporary folder");
    let registry = "format: debrief-actors/1\nactors:\n  - id: apt31\n    name: APT31\n    kind: threat-grup\n    country: China   # per the statement\n";
    std::fs::write(dir.path().join("actors.yaml"), registry).expect("written");
    std::fs::copy(fixture("synonyms.fixed.yaml"), dir.path().join("b.yaml")).expect("copied");
    let run = debrief(dir.path(), &["check", "--fix", "."]);
    assert_eq!(run.code, 0, "{}{}", run.stdout, run.stderr);
    assert!(
        run.stdout.starts_with("--- a/actors.yaml\n"),
        "{}",
        run.stdout
    );
    assert_eq!(
        read(&dir.path().join("actors.yaml")),
        registry
            .replace("threat-grup", "threat-group")
            .replace("China   #", "CN      #")
    );
}
