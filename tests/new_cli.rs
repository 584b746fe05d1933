//! `debrief new`: from three texts (CRLF line ends, wrapped lines, a single
//! paragraph) it writes briefings that `debrief check` finds clean, whose
//! paragraphs are the text's; it never overwrites a file.

use std::path::Path;

use assert_cmd::Command;
use debrief::briefing::{Limits, load_file};

fn debrief(dir: &Path) -> Command {
    let mut cmd = Command::cargo_bin("debrief").expect("the binary is built");
    // The cache goes under target/, never the user's own.
    cmd.env("XDG_CACHE_HOME", env!("CARGO_TARGET_TMPDIR"));
    cmd.current_dir(dir);
    cmd
}

/// Writes `text` to a file, runs `debrief new --from` on it, checks the
/// result with `debrief check` and returns the loaded paragraphs and title.
fn new_from(text: &str) -> (String, Vec<String>) {
    let dir = tempfile::tempdir().expect("a temporary folder");
    std::fs::write(dir.path().join("article.txt"), text).expect("written");
    debrief(dir.path())
        .args(["new", "--from", "article.txt", "-o", "b.yaml"])
        .assert()
        .success();
    let out = debrief(dir.path())
        .args(["check", "b.yaml"])
        .output()
        .expect("runs");
    let report = String::from_utf8_lossy(&out.stdout);
    assert!(out.status.success(), "{report}");
    assert!(!report.contains("warning"), "{report}");
    let b = load_file(&dir.path().join("b.yaml"), &Limits::default())
        .briefing
        .expect("loads");
    (
        b.title,
        b.article.into_iter().map(|p| p.text.to_string()).collect(),
    )
}

#[test]
fn crlf_text() {
    let (title, paras) = new_from(
        "Prague names APT31\r\n\r\nThe government said the campaign\r\nwas traced back to APT31.\r\n\r\nChina denied it.\r\n",
    );
    assert_eq!(title, "Prague names APT31");
    assert_eq!(
        paras,
        [
            "The government said the campaign was traced back to APT31.",
            "China denied it."
        ]
    );
}

#[test]
fn wrapped_lines() {
    let (title, paras) = new_from(
        "Outside researchers were more guarded. \"Groups like this route\ntheir traffic through hijacked routers,\" said one:\n  attribution is intricate and fraught.\n\n\n# Not a heading, just text: with a colon\n- and a dash\n",
    );
    assert_eq!(title, "Untitled briefing", "the first line is wrapped text");
    assert_eq!(
        paras,
        [
            "Outside researchers were more guarded. \"Groups like this route their traffic through hijacked routers,\" said one: attribution is intricate and fraught.",
            "# Not a heading, just text: with a colon - and a dash",
        ]
    );
}

#[test]
fn single_paragraph() {
    let (title, paras) = new_from("Only one paragraph, with no title before it");
    assert_eq!(
        title, "Untitled briefing",
        "a lone paragraph is the article"
    );
    assert_eq!(paras, ["Only one paragraph, with no title before it"]);
}

#[test]
fn standard_input_and_skeleton() {
    let dir = tempfile::tempdir().expect("a temporary folder");
    debrief(dir.path())
        .args(["new", "--from", "-", "-o", "in.yaml"])
        .write_stdin("Title line\n\nBody.\n")
        .assert()
        .success();
    debrief(dir.path())
        .args(["new", "-o", "skeleton.yaml"])
        .assert()
        .success();
    debrief(dir.path())
        .args(["check", "in.yaml", "skeleton.yaml"])
        .assert()
        .success();
}

#[test]
fn never_overwrites() {
    let dir = tempfile::tempdir().expect("a temporary folder");
    std::fs::write(dir.path().join("b.yaml"), "mine").expect("written");
    let out = debrief(dir.path())
        .args(["new", "-o", "b.yaml"])
        .output()
        .expect("runs");
    assert!(!out.status.success());
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(
        err.contains("b.yaml") && err.contains("never overwrites"),
        "{err}"
    );
    assert_eq!(
        std::fs::read_to_string(dir.path().join("b.yaml")).expect("read"),
        "mine"
    );
}
