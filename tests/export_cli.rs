//! `debrief export FILE`: the summary without the reader, from the marks in
//! the state folder, to standard output or a file.

use assert_cmd::Command;
use debrief::marks::{Kind, Marks, Store, Target};

fn debrief() -> Command {
    let mut cmd = Command::cargo_bin("debrief").expect("the binary is built");
    cmd.current_dir(env!("CARGO_MANIFEST_DIR"));
    cmd
}

const FIXTURE: &str = "tests/fixtures/export.yaml";

/// A state folder holding marks on the fixture, as the reader saves them.
fn state_with_marks() -> tempfile::TempDir {
    let dir = tempfile::tempdir().expect("temp dir");
    let mut m = Marks::default();
    m.toggle(&Target::new(Kind::Claim, "c1"));
    m.set_note(&Target::new(Kind::Claim, "c1"), "Ask for the indicators.");
    Store::at(&dir.path().join("marks"))
        .save("export-fixture", &m)
        .expect("saved");
    dir
}

fn stdout(cmd: &mut Command) -> String {
    let out = cmd.assert().success();
    String::from_utf8_lossy(&out.get_output().stdout).into_owned()
}

#[test]
fn exports_the_marked_items_as_markdown_to_stdout() {
    let state = state_with_marks();
    let md = stdout(
        debrief()
            .args(["export", FIXTURE, "--date", "2025-06-01", "--state-dir"])
            .arg(state.path()),
    );
    assert!(md.starts_with("# Ministry"), "{md}");
    assert!(md.contains("### ★ c1 · likely"));
    assert!(!md.contains("c2 ·"), "c2 is not marked");
    assert!(md.contains("**Exported:** 2025-06-01"));
    assert!(md.contains("Ask for the indicators."));
}

#[test]
fn json_to_a_file_with_a_filter() {
    let state = state_with_marks();
    let out = tempfile::tempdir().expect("temp dir");
    let file = out.path().join("summary.json");
    debrief()
        .args([
            "export", FIXTURE, "--all", "--format", "json", "--actor", "apt31", "-o",
        ])
        .arg(&file)
        .arg("--state-dir")
        .arg(state.path())
        .assert()
        .success();
    let v: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(&file).expect("written")).expect("JSON");
    assert_eq!(v["format"], "debrief-summary/2");
    assert_eq!(v["scope"], "all");
    assert_eq!(v["filter"], "APT31");
    let ids: Vec<&str> = v["claims"]
        .as_array()
        .expect("claims")
        .iter()
        .filter_map(|c| c["id"].as_str())
        .collect();
    assert_eq!(ids, ["c1", "c2"]);
}

#[test]
fn nothing_marked_says_so_and_exits_1() {
    let empty = tempfile::tempdir().expect("temp dir");
    let out = debrief()
        .args(["export", FIXTURE, "--state-dir"])
        .arg(empty.path())
        .assert()
        .code(1);
    let err = String::from_utf8_lossy(&out.get_output().stderr).into_owned();
    assert!(
        err.contains("nothing is marked") && err.contains("--all"),
        "{err}"
    );
}

#[test]
fn a_broken_briefing_or_a_missing_file_is_an_error() {
    let dir = tempfile::tempdir().expect("temp dir");
    let bad = dir.path().join("bad.yaml");
    std::fs::write(
        &bad,
        "format: debrief/1\ntittle: x\narticle:\n  - text: y\n",
    )
    .expect("write");
    let out = debrief().arg("export").arg(&bad).assert().code(1);
    let err = String::from_utf8_lossy(&out.get_output().stderr).into_owned();
    assert!(err.contains("unknown key `tittle`"), "{err}");
    debrief().args(["export", "no/such.yaml"]).assert().code(2);
}
