//! `debrief export FILE`: the summary without the reader, from the marks in
//! the state folder, to standard output or a file.

use assert_cmd::Command;
use debrief::marks::{Kind, Marks, Store, Target};

fn debrief() -> Command {
    let mut cmd = Command::cargo_bin("debrief").expect("the binary is built");
    // The cache goes under target/, never the user's own.
    cmd.env("XDG_CACHE_HOME", env!("CARGO_TARGET_TMPDIR"));
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
    assert!(md.contains("## Key judgements"), "{md}");
    assert!(md.contains("(c1)"), "{md}");
    assert!(!md.contains("(c2)"), "c2 is not marked: {md}");
    assert!(md.contains("Exported 2025-06-01"), "{md}");
    assert!(
        md.contains("> Ask for the indicators."),
        "the note under its claim: {md}"
    );
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
    assert_eq!(v["format"], "debrief-summary/3");
    assert_eq!(v["scope"], "all");
    assert_eq!(v["filter"], "APT31");
    let ids: Vec<&str> = v["briefings"][0]["judgements"]
        .as_array()
        .expect("judgements")
        .iter()
        .filter_map(|c| c["id"].as_str())
        .collect();
    assert_eq!(ids, ["c1", "c2"]);
}

#[test]
fn o_never_replaces_a_file_without_force_nor_writes_through_a_link() {
    let state = state_with_marks();
    let out = tempfile::tempdir().expect("temp dir");
    let file = out.path().join("brief.md");
    std::fs::write(&file, "mine").expect("write");
    let run = |extra: &[&str], to: &std::path::Path| {
        let mut cmd = debrief();
        cmd.args(["export", FIXTURE, "-o"]).arg(to).args(extra);
        cmd.arg("--state-dir").arg(state.path());
        cmd.assert()
    };
    let err = run(&[], &file).code(1);
    let err = String::from_utf8_lossy(&err.get_output().stderr).into_owned();
    assert!(err.contains("brief.md") && err.contains("--force"), "{err}");
    assert_eq!(std::fs::read_to_string(&file).expect("kept"), "mine");
    run(&["--force"], &file).success();
    assert!(
        std::fs::read_to_string(&file)
            .expect("replaced")
            .contains("Key judgements")
    );
    #[cfg(unix)]
    {
        let target = out.path().join("target.txt");
        std::fs::write(&target, "precious").expect("write");
        let link = out.path().join("link.md");
        std::os::unix::fs::symlink(&target, &link).expect("a link");
        let err = run(&["--force"], &link).code(1);
        let err = String::from_utf8_lossy(&err.get_output().stderr).into_owned();
        assert!(
            err.contains("link.md") && err.contains("symbolic link"),
            "{err}"
        );
        assert_eq!(std::fs::read_to_string(&target).expect("kept"), "precious");
    }
}

#[test]
fn html_and_plain_text_and_a_users_template() {
    let state = state_with_marks();
    let args = |format: &str| {
        let mut cmd = debrief();
        cmd.args(["export", FIXTURE, "--format", format, "--state-dir"])
            .arg(state.path());
        stdout(&mut cmd)
    };
    let html = args("html");
    assert!(html.starts_with("<!doctype html>"), "{html}");
    assert!(!html.contains("<script"), "no scripts");
    let txt = args("txt");
    assert!(txt.lines().all(|l| debrief::text::width(l) <= 72), "{txt}");
    // The printed template renders to what the built-in format gives.
    let template = stdout(debrief().args(["export", "--print-template", "md"]));
    let dir = tempfile::tempdir().expect("temp dir");
    let mine = dir.path().join("mine.md");
    std::fs::write(&mine, &template).expect("write");
    let built_in = args("md");
    let through_mine = stdout(
        debrief()
            .args(["export", FIXTURE, "--template"])
            .arg(&mine)
            .arg("--state-dir")
            .arg(state.path()),
    );
    assert_eq!(through_mine, built_in);
    std::fs::write(&mine, "# {{ title }}\n{{ briefings[0].sumary }}\n").expect("write");
    let out = debrief()
        .args(["export", FIXTURE, "--template"])
        .arg(&mine)
        .arg("--state-dir")
        .arg(state.path())
        .assert()
        .code(1);
    let err = String::from_utf8_lossy(&out.get_output().stderr).into_owned();
    assert!(err.contains("mine.md:2:"), "the template's line: {err}");
}

#[test]
fn the_library_brief_numbers_each_source_once_across_briefings() {
    let dir = tempfile::tempdir().expect("temp dir");
    for id in ["one", "two"] {
        let yaml = std::fs::read_to_string(FIXTURE)
            .expect("fixture")
            .replace("id: export-fixture", &format!("id: {id}"));
        std::fs::write(dir.path().join(format!("{id}.yaml")), yaml).expect("write");
    }
    let json = stdout(
        debrief()
            .args(["export", "--library", "--all", "--format", "json"])
            .arg(dir.path()),
    );
    let v: serde_json::Value = serde_json::from_str(&json).expect("JSON");
    assert_eq!(v["kind"], "library");
    assert_eq!(v["briefings"].as_array().map(Vec::len), Some(2));
    // Three sources named alike in both briefings: three entries, not six.
    assert_eq!(v["sources"].as_array().map(Vec::len), Some(3), "{json}");
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
