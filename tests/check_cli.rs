//! `debrief check` as a user runs it: exit codes, the compiler-style report,
//! the JSON report, and a library with good and bad files side by side.

use std::fs;
use std::path::Path;

use assert_cmd::Command;
use tempfile::TempDir;

const GOOD: &str = "format: debrief/1
title: Good
article:
  - text: The attack was traced back to APT31.
";

/// One error: a typo'd key on line 3.
const TYPO: &str = "format: debrief/1
title: Bad
tittle: Typo
article:
  - text: Hi.
";

/// One warning: a claim without sources, at line 6, column 5.
const WARN: &str = "format: debrief/1
title: Warn
article:
  - text: Hi.
claims:
  - id: c1
    text: C.
";

const TOP_KEYS: &str = "format, id, title, outlet, published, url, summary, tags, actors, article, sources, claims, experts, caveats";

/// A scratch folder holding `lib/` with the given files (paths under `lib/`).
fn library(files: &[(&str, &[u8])]) -> TempDir {
    let dir = tempfile::tempdir().unwrap();
    fs::create_dir(dir.path().join("lib")).unwrap();
    for (name, content) in files {
        let path = dir.path().join("lib").join(name);
        fs::create_dir_all(path.parent().unwrap()).unwrap();
        fs::write(path, content).unwrap();
    }
    dir
}

struct Run {
    code: i32,
    stdout: String,
    stderr: String,
}

/// Runs `debrief` in `dir` with `args`.
fn debrief(dir: &Path, args: &[&str]) -> Run {
    let out = Command::cargo_bin("debrief")
        .unwrap()
        .env("XDG_CACHE_HOME", env!("CARGO_TARGET_TMPDIR")) // not the user's cache
        .current_dir(dir)
        .args(args)
        .output()
        .unwrap();
    Run {
        code: out.status.code().expect("exited, not killed"),
        stdout: String::from_utf8(out.stdout).expect("stdout is UTF-8"),
        stderr: String::from_utf8(out.stderr).expect("stderr is UTF-8"),
    }
}

fn check(dir: &TempDir, args: &[&str]) -> Run {
    let mut all = vec!["check"];
    all.extend_from_slice(args);
    debrief(dir.path(), &all)
}

#[track_caller]
fn assert_contains(haystack: &str, needle: &str) {
    assert!(
        haystack.contains(needle),
        "expected {needle:?} in:\n{haystack}"
    );
}

#[test]
fn a_clean_folder_exits_0_with_no_problems() {
    let dir = library(&[("a.yaml", GOOD.as_bytes()), ("sub/b.yml", GOOD.as_bytes())]);
    let run = check(&dir, &["lib"]);
    assert_eq!(run.code, 0, "{}{}", run.stdout, run.stderr);
    assert_eq!(run.stdout, "checked 2 files: no problems\n");
    assert_eq!(run.stderr, "");
}

#[test]
fn one_bad_and_one_good_file_exit_1_with_place_source_line_caret_and_count() {
    let dir = library(&[
        ("bad.yaml", TYPO.as_bytes()),
        ("good.yaml", GOOD.as_bytes()),
    ]);
    let run = check(&dir, &["lib"]);
    assert_eq!(run.code, 1, "{}", run.stdout);
    let expected = format!(
        "lib/bad.yaml:3:1: error: unknown key `tittle` in the briefing\n  \
         3 | tittle: Typo\n    \
           | ^^^^^^\n    \
           = help: did you mean `title`? The keys allowed here are: {TOP_KEYS}\n"
    );
    assert!(
        run.stdout.starts_with(&expected),
        "expected\n{expected}\ngot\n{}",
        run.stdout
    );
    assert!(!run.stdout.contains("good.yaml"), "{}", run.stdout);
    assert_eq!(
        run.stdout.lines().last(),
        Some("checked 2 files: 1 error, 0 warnings")
    );
}

#[test]
fn a_typo_in_an_item_names_the_key_its_line_and_the_allowed_keys() {
    let src = "format: debrief/1
title: T
article:
  - text: Hi.
sources:
  - id: s1
    name: S
    reliabilty: B
";
    let dir = library(&[("s.yaml", src.as_bytes())]);
    let run = check(&dir, &["lib/s.yaml"]);
    assert_eq!(run.code, 1);
    assert_contains(
        &run.stdout,
        "lib/s.yaml:8:5: error: unknown key `reliabilty` in source `s1`\n  8 |     reliabilty: B\n    |     ^^^^^^^^^^\n",
    );
    assert_contains(
        &run.stdout,
        "= help: did you mean `reliability`? The keys allowed here are: id, name, kind, reliability, url, actor\n",
    );
}

#[test]
fn warnings_are_labelled_and_alone_exit_0() {
    let dir = library(&[("w.yaml", WARN.as_bytes()), ("good.yaml", GOOD.as_bytes())]);
    let run = check(&dir, &["lib"]);
    assert_eq!(run.code, 0, "{}", run.stdout);
    assert_contains(
        &run.stdout,
        "lib/w.yaml:6:5: warning: claim `c1` has no source\n  6 |   - id: c1\n    |     ^\n",
    );
    assert!(!run.stdout.contains("error:"), "{}", run.stdout);
    assert_eq!(
        run.stdout.lines().last(),
        Some("checked 2 files: 0 errors, 1 warning")
    );
}

#[test]
fn json_output_is_valid_json_with_every_diagnostic() {
    let dir = library(&[
        ("a-bad.yaml", TYPO.as_bytes()),
        ("b-warn.yaml", WARN.as_bytes()),
        ("c-good.yaml", GOOD.as_bytes()),
    ]);
    let run = check(&dir, &["lib", "--format", "json"]);
    assert_eq!(run.code, 1);
    let report: serde_json::Value =
        serde_json::from_str(&run.stdout).unwrap_or_else(|e| panic!("{e}:\n{}", run.stdout));
    assert_eq!(report["files"], 3);
    assert_eq!(report["errors"], 1);
    assert_eq!(report["warnings"], 1);
    let diagnostics = report["diagnostics"].as_array().unwrap();
    assert_eq!(diagnostics.len(), 2);
    for d in diagnostics {
        for key in ["file", "line", "column", "severity", "message"] {
            assert!(d.get(key).is_some(), "{key} missing from {d}");
        }
    }
    let e = &diagnostics[0];
    assert_eq!(e["file"], "lib/a-bad.yaml");
    assert_eq!(
        (e["line"].as_u64(), e["column"].as_u64()),
        (Some(3), Some(1))
    );
    assert_eq!(e["severity"], "error");
    assert_eq!(e["message"], "unknown key `tittle` in the briefing");
    assert!(e["help"].as_str().unwrap().contains(TOP_KEYS));
    let w = &diagnostics[1];
    assert_eq!(w["file"], "lib/b-warn.yaml");
    assert_eq!(
        (w["line"].as_u64(), w["column"].as_u64()),
        (Some(6), Some(5))
    );
    assert_eq!(w["severity"], "warning");
    assert_eq!(w["message"], "claim `c1` has no source");
}

#[test]
fn json_output_of_a_clean_folder_is_empty_and_exits_0() {
    let dir = library(&[("a.yaml", GOOD.as_bytes())]);
    let run = check(&dir, &["--format", "json", "lib"]);
    assert_eq!(run.code, 0);
    let report: serde_json::Value = serde_json::from_str(&run.stdout).unwrap();
    assert_eq!(report["files"], 1);
    assert_eq!(report["errors"], 0);
    assert_eq!(report["diagnostics"], serde_json::json!([]));
}

#[test]
fn usage_errors_exit_2() {
    let dir = library(&[("a.yaml", GOOD.as_bytes())]);
    for args in [
        &["check", "--bogus", "lib"][..],
        &["check", "--format", "xml", "lib"],
        &["check", "lib", "--format"],
    ] {
        let run = debrief(dir.path(), args);
        assert_eq!(run.code, 2, "{args:?}: {}{}", run.stdout, run.stderr);
        assert_eq!(run.stdout, "", "{args:?}");
        assert!(run.stderr.starts_with("error:"), "{args:?}: {}", run.stderr);
    }
}

#[test]
fn a_nonexistent_path_exits_2_and_names_it() {
    let dir = library(&[("a.yaml", GOOD.as_bytes())]);
    for args in [&["nothere"][..], &["lib", "nothere"], &["lib/missing.yaml"]] {
        let run = check(&dir, args);
        assert_eq!(run.code, 2, "{args:?}");
        assert_eq!(run.stdout, "");
        let missing = args.last().unwrap();
        assert_contains(&run.stderr, &format!("{missing}: no such file or folder"));
    }
}

#[test]
fn duplicate_briefing_ids_across_files_are_an_error_naming_both() {
    let a = "format: debrief/1\nid: same\ntitle: A\narticle:\n  - text: Hi.\n";
    let b = "format: debrief/1\nid: same\ntitle: B\narticle:\n  - text: Hi.\n";
    let dir = library(&[("a.yaml", a.as_bytes()), ("b.yaml", b.as_bytes())]);
    let run = check(&dir, &["lib"]);
    assert_eq!(run.code, 1);
    assert_contains(
        &run.stdout,
        "lib/b.yaml:2:5: error: duplicate briefing id `same`: lib/a.yaml already has it\n  2 | id: same\n    |     ^^^^\n",
    );
    assert_eq!(
        run.stdout.lines().last(),
        Some("checked 2 files: 1 error, 0 warnings")
    );
}

#[test]
fn duplicate_ids_from_file_names_say_so() {
    let dir = library(&[
        ("x/brief.yaml", GOOD.as_bytes()),
        ("y/brief.yaml", GOOD.as_bytes()),
    ]);
    let run = check(&dir, &["lib"]);
    assert_eq!(run.code, 1);
    assert_contains(
        &run.stdout,
        "lib/y/brief.yaml:1:1: error: duplicate briefing id `brief`: lib/x/brief.yaml already has it\n",
    );
    assert_contains(&run.stdout, "its id is its file name");
}

#[test]
fn a_bad_file_never_stops_a_good_one_from_being_checked() {
    let dir = library(&[
        (
            "a-syntax.yaml",
            b"format: debrief/1\ntitle: \"open\narticle:\n",
        ),
        ("b-binary.yaml", b"format: debrief/1\ntitle: \xff\n"),
        ("c-empty.yaml", b""),
        ("d-list.yaml", b"- a\n- b\n"),
        ("e-warn.yaml", WARN.as_bytes()),
        ("f/g-good.yml", GOOD.as_bytes()),
        ("notes.txt", b"\xff not a briefing, not read"),
    ]);
    let run = check(&dir, &["lib"]);
    assert_eq!(run.code, 1);
    let headlines: Vec<&str> = run
        .stdout
        .lines()
        .filter(|l| l.starts_with("lib/"))
        .collect();
    assert_eq!(headlines.len(), 5, "{}", run.stdout);
    assert!(headlines[0].starts_with("lib/a-syntax.yaml:2:8: error: invalid YAML"));
    assert!(headlines[1].starts_with("lib/b-binary.yaml:2:8: error: the file is not valid UTF-8"));
    assert!(headlines[2].starts_with("lib/c-empty.yaml:1:1: error: the file is empty"));
    assert!(headlines[3].starts_with(
        "lib/d-list.yaml:1:1: error: the briefing should be a mapping of keys, found a list"
    ));
    assert!(headlines[4].starts_with("lib/e-warn.yaml:6:5: warning:"));
    assert_eq!(
        run.stdout.lines().last(),
        Some("checked 6 files: 4 errors, 1 warning")
    );
}

#[test]
fn every_problem_of_a_file_is_printed() {
    let src = "format: debrief/9
title: T
published: 2025-02-30
article:
  - text: Hi.
actors:
  - id: a1
    name: A
    country: UK
claims:
  - id: c1
    text: C.
    by: a1
    confidence: probable
    sources: [s9]
";
    let dir = library(&[("many.yaml", src.as_bytes())]);
    let run = check(&dir, &["lib"]);
    assert_eq!(run.code, 1);
    for headline in [
        "lib/many.yaml:1:9: error: unknown format `debrief/9`",
        "lib/many.yaml:3:12: error: `2025-02-30` is not a date",
        "lib/many.yaml:9:14: error: `UK` is not an ISO 3166-1 alpha-2 country code",
        "lib/many.yaml:14:17: error: claim `c1`: unknown confidence `probable`",
        "lib/many.yaml:15:15: error: claim `c1`: `sources` names source `s9` that is not defined",
    ] {
        assert_contains(&run.stdout, headline);
    }
    assert_contains(&run.stdout, "= help: the United Kingdom's code is `GB`");
    assert_eq!(
        run.stdout.lines().last(),
        Some("checked 1 file: 5 errors, 0 warnings")
    );
}

#[test]
fn the_caret_lines_up_under_wide_characters_and_tabs() {
    let src = "format: debrief/1
title: T
tags: [\"a\tb\", 1.5]
actors:
  - id: a1
    name: A
    country: 中国
article:
  - text: Hi.
sources:
  - {id: s1, name: S, reliability: A, actor: a1}
";
    let dir = library(&[("w.yaml", src.as_bytes())]);
    let run = check(&dir, &["lib"]);
    assert_eq!(run.code, 1);
    // The tab after `"a` reaches the next stop of four, at display column 12.
    assert_contains(
        &run.stdout,
        "lib/w.yaml:3:15: error: an item of `tags` should be text, found the number `1.5`\n  3 | tags: [\"a   b\", 1.5]\n    |                 ^\n",
    );
    assert_contains(
        &run.stdout,
        "lib/w.yaml:7:14: error: `中国` is not an ISO 3166-1 alpha-2 country code\n  7 |     country: 中国\n    |              ^^^^\n",
    );
}

#[test]
fn nothing_hostile_from_a_file_reaches_the_terminal() {
    // Bidi controls in a key: reported, and the key and its line printed without them.
    let bidi = "format: debrief/1\ntitle: T\nti\u{202e}tel: x \u{2066}y\narticle:\n  - text: Hi.\n";
    // A terminal escape (set the window title) in a value: refused, its line printed without it.
    let escape =
        "format: debrief/1\ntitle: T\noutlet: \u{1b}]0;owned\u{7}\narticle:\n  - text: Hi.\n";
    let dir = library(&[("a.yaml", bidi.as_bytes()), ("b.yaml", escape.as_bytes())]);
    let run = check(&dir, &["lib"]);
    assert_eq!(run.code, 1);
    for c in ['\u{1b}', '\u{7}', '\u{202e}', '\u{2066}'] {
        assert!(!run.stdout.contains(c), "{c:?} in {:?}", run.stdout);
    }
    assert_contains(
        &run.stdout,
        "lib/a.yaml:3:1: error: unknown key `titel` in the briefing\n  3 | titel: x y\n    | ^^^^^\n",
    );
    assert_contains(
        &run.stdout,
        "lib/b.yaml:3:9: error: the file contains the control character U+001B, which YAML does not allow\n  3 | outlet: ]0;owned\n",
    );
}

#[test]
fn the_bundled_library_is_clean() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let run = debrief(root, &["check", "briefings/"]);
    assert_eq!(run.code, 0, "{}{}", run.stdout, run.stderr);
    // The samples carry exactly the warnings their analysis means: the two
    // Czech claims whose four sources relay one statement, each explained
    // in a caveat of that briefing (k-one-origin). Anything else is a defect.
    let last = run.stdout.lines().last().unwrap_or_default();
    assert!(
        last.starts_with("checked ") && last.ends_with(" files: 0 errors, 2 warnings"),
        "the samples must have no errors and only the two meant warnings:\n{}",
        run.stdout
    );
    let warnings: Vec<&str> = run
        .stdout
        .lines()
        .filter(|l| l.contains(": warning: "))
        .collect();
    assert_eq!(warnings.len(), 2, "{}", run.stdout);
    for (w, claim) in warnings.iter().zip(["c1", "c2"]) {
        assert!(
            w.starts_with("briefings/cz-2025-official-attribution.yaml:")
                && w.contains(&format!(
                    "claim `{claim}` is `very-likely`, but its 4 sources all come from one origin"
                )),
            "unexpected warning {w:?}\n{}",
            run.stdout
        );
    }
    let briefing =
        std::fs::read_to_string(root.join("briefings/cz-2025-official-attribution.yaml"))
            .expect("the Czech briefing");
    assert!(
        briefing.contains("id: k-one-origin") && briefing.contains("applies_to: [c1, c2]"),
        "the warned claims carry the caveat that explains them"
    );
}

#[test]
fn a_reader_that_stops_early_is_not_a_crash() {
    // Far more report than a pipe holds, so the writer meets the closed pipe.
    let mut src = String::from(GOOD);
    for i in 0..3000 {
        src += &format!("unknown{i}: x\n");
    }
    let dir = library(&[("many.yaml", src.as_bytes())]);
    let mut child = std::process::Command::new(assert_cmd::cargo::cargo_bin("debrief"))
        .env("XDG_CACHE_HOME", env!("CARGO_TARGET_TMPDIR")) // not the user's cache
        .current_dir(dir.path())
        .args(["check", "lib"])
        .stdout(std::process::Stdio::piped())
        .stderr(std::process::Stdio::piped())
        .spawn()
        .unwrap();
    drop(child.stdout.take());
    let out = child.wait_with_output().unwrap();
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(!stderr.contains("panicked"), "{stderr}");
    assert_eq!(out.status.code(), Some(1), "{stderr}");
}

#[test]
fn a_file_past_the_size_limit_is_refused_and_the_rest_still_checked() {
    let big = format!("{GOOD}summary: {}\n", "x".repeat(500));
    let dir = library(&[
        ("a-big.yaml", big.as_bytes()),
        ("b-warn.yaml", WARN.as_bytes()),
    ]);
    let run = check(&dir, &["lib", "--max-file-size", "200"]);
    assert_eq!(run.code, 1);
    assert_contains(
        &run.stdout,
        "lib/a-big.yaml: error: the file is larger than the limit of 200 bytes",
    );
    assert_contains(&run.stdout, "--max-file-size");
    assert!(
        !run.stdout.contains("xxxxxxxx"),
        "no line of a refused file is shown:\n{}",
        run.stdout
    );
    assert_contains(&run.stdout, "lib/b-warn.yaml:6:5: warning:");
    assert_eq!(
        run.stdout.lines().last(),
        Some("checked 2 files: 1 error, 1 warning")
    );
}

#[test]
fn a_pipe_given_by_name_is_an_error_not_silently_skipped() {
    let dir = library(&[]);
    let made = std::process::Command::new("mkfifo")
        .arg(dir.path().join("pipe.yaml"))
        .status()
        .expect("mkfifo runs");
    assert!(made.success());
    let run = check(&dir, &["pipe.yaml"]);
    assert_eq!(run.code, 1, "{}", run.stdout);
    assert_contains(
        &run.stdout,
        "pipe.yaml: error: not a regular file or a folder",
    );
}

#[test]
fn a_line_break_in_a_key_or_a_file_name_cannot_forge_a_diagnostic_line() {
    // A key and a file name that each carry a whole diagnostic line after a newline.
    let key = "format: debrief/1\ntitle: T\n\"zz\\nfake.yaml:1:1: error: FAKE\": x\narticle:\n  - text: Hi.\n";
    let breaks = "format: debrief/1\ntitle: T\n\"b\\r\\u0085\\u2028\\u2029\\v\\fc\": x\narticle:\n  - text: Hi.\n";
    let dir = library(&[
        ("key.yaml", key.as_bytes()),
        ("breaks.yaml", breaks.as_bytes()),
        (
            "evil\nforged.yaml:1:1: error: FORGED\n.yaml",
            TYPO.as_bytes(),
        ),
    ]);
    let run = check(&dir, &["lib"]);
    assert_eq!(run.code, 1, "{}", run.stdout);
    for line in run.stdout.lines() {
        assert!(
            line.is_empty()
                || line.starts_with("lib/")
                || line.starts_with("  ")
                || line.starts_with("checked "),
            "a line that does not come from debrief: {line:?} in\n{}",
            run.stdout
        );
    }
    assert_contains(
        &run.stdout,
        "lib/key.yaml:3:1: error: unknown key `zz\\nfake.yaml:1:1: error: FAKE` in the briefing\n",
    );
    assert_contains(
        &run.stdout,
        "lib/evil\\nforged.yaml:1:1: error: FORGED\\n.yaml:3:1: error: unknown key `tittle`",
    );
    // Every line break is shown, as an escape, even those clean() drops.
    assert_contains(&run.stdout, "`b\\u{2028}\\u{2029}c`");
    for c in ['\r', '\u{85}', '\u{2028}', '\u{2029}', '\u{b}', '\u{c}'] {
        assert!(!run.stdout.contains(c), "{c:?} in {:?}", run.stdout);
    }
    // JSON keeps the true string.
    let run = check(&dir, &["lib", "--format", "json"]);
    let report: serde_json::Value = serde_json::from_str(&run.stdout).unwrap();
    let messages: Vec<&str> = report["diagnostics"]
        .as_array()
        .unwrap()
        .iter()
        .filter_map(|d| d["message"].as_str())
        .collect();
    assert!(
        messages.contains(&"unknown key `zz\nfake.yaml:1:1: error: FAKE` in the briefing"),
        "{messages:?}"
    );
}

#[test]
fn a_thousand_errors_on_one_long_line_print_a_window_of_it_each() {
    // One line of about 1 MB holding a thousand unknown keys.
    let mut line = String::from("{format: debrief/1, title: T, article: [{text: Hi.}]");
    for i in 0..1000 {
        line += &format!(", k{i}: {}", "v".repeat(1000));
    }
    line += "}\n";
    assert!(line.len() > 1_000_000);
    let dir = library(&[("long.yaml", line.as_bytes())]);
    let started = std::time::Instant::now();
    let run = check(&dir, &["lib"]);
    assert_eq!(run.code, 1);
    assert!(
        run.stdout.len() < 2_000_000,
        "{} bytes of report for a 1 MB file",
        run.stdout.len()
    );
    // Not a timing test: a guard far above the second it takes, against a
    // quadratic walk along the line.
    assert!(started.elapsed().as_secs() < 60);
    assert_contains(
        &run.stdout,
        "lib/long.yaml:1:55: error: unknown key `k0` in the briefing\n  1 | …ef/1, title: T, article: [{text: Hi.}], k0: vvv",
    );
    // Cut at both ends, the caret still under the key it names.
    let k500 = run
        .stdout
        .lines()
        .position(|l| l.contains("unknown key `k500`"))
        .expect("k500 reported");
    let lines: Vec<&str> = run.stdout.lines().collect();
    let (source, caret) = (lines[k500 + 1], lines[k500 + 2]);
    assert!(
        source.starts_with("  1 | …") && source.ends_with('…'),
        "{source}"
    );
    assert!(text_width(source) <= 130, "{source}");
    let at = caret.find('^').expect("a caret");
    assert_eq!(
        &source[..].chars().skip(at).take(4).collect::<String>(),
        "k500"
    );
}

fn text_width(s: &str) -> usize {
    s.chars().count()
}

#[test]
fn a_file_with_cr_only_line_ends_shows_its_source_line() {
    let dir = library(&[("cr.yaml", TYPO.replace('\n', "\r").as_bytes())]);
    let run = check(&dir, &["lib"]);
    assert_eq!(run.code, 1);
    assert_contains(
        &run.stdout,
        "lib/cr.yaml:3:1: error: unknown key `tittle` in the briefing\n  3 | tittle: Typo\n    | ^^^^^^\n",
    );
}

#[test]
fn check_without_a_path_checks_briefings_and_an_empty_folder_fails() {
    let dir = library(&[("a.yaml", GOOD.as_bytes())]);
    std::fs::rename(dir.path().join("lib"), dir.path().join("briefings")).expect("rename");
    let run = debrief(dir.path(), &["check"]);
    assert_eq!(run.code, 0, "{}{}", run.stdout, run.stderr);
    assert_contains(&run.stdout, "checked 1 file");
    std::fs::create_dir(dir.path().join("empty")).expect("dir");
    let run = debrief(dir.path(), &["check", "empty"]);
    assert_eq!(run.code, 1, "{}{}", run.stdout, run.stderr);
    assert_contains(&run.stderr, "no briefing files found in empty");
}

#[test]
fn a_file_given_twice_or_with_its_folder_is_checked_once() {
    let dir = library(&[("a.yaml", GOOD.as_bytes())]);
    for args in [
        &["check", "lib/a.yaml", "lib/a.yaml"][..],
        &["check", "lib/a.yaml", "lib"],
    ] {
        let run = debrief(dir.path(), args);
        assert_eq!(run.code, 0, "{args:?}: {}{}", run.stdout, run.stderr);
        assert!(
            !run.stdout.contains("duplicate"),
            "{args:?}: {}",
            run.stdout
        );
        assert_contains(&run.stdout, "checked 1 file");
    }
}
