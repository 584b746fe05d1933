//! `debrief migrate`: each of the seven samples as version 1 bundled them
//! (kept in tests/fixtures/v1-samples since the library moved to version 2),
//! copied to a temporary folder,
//! comes out as version 2 differing only in its `format` line and its claims'
//! `confidence:` keys, and checks clean. The bundled folder itself is not
//! touched.

use std::path::{Path, PathBuf};

use assert_cmd::Command;

fn debrief() -> Command {
    let mut cmd = Command::cargo_bin("debrief").expect("the binary is built");
    // The cache goes under target/, never the user's own.
    cmd.env("XDG_CACHE_HOME", env!("CARGO_TARGET_TMPDIR"));
    cmd.current_dir(env!("CARGO_MANIFEST_DIR"));
    cmd
}

fn bundled() -> Vec<PathBuf> {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/v1-samples");
    let mut files: Vec<PathBuf> = std::fs::read_dir(dir)
        .expect("the bundled library")
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| p.extension().is_some_and(|e| e == "yaml"))
        .collect();
    files.sort();
    assert!(!files.is_empty());
    files
}

/// What the migrated file must be, worked out line by line from the issue's
/// words rather than from the tree the command uses.
fn expected(v1: &str) -> String {
    let mut out = String::new();
    for line in v1.split_inclusive('\n') {
        if line.trim_end() == "format: debrief/1" {
            out.push_str(&line.replacen("debrief/1", "debrief/2", 1));
        } else if line.trim_start().starts_with("confidence:") {
            out.push_str(&line.replacen("confidence:", "likelihood:", 1));
        } else {
            out.push_str(line);
        }
    }
    out
}

#[test]
fn each_bundled_briefing_differs_only_in_those_keys_and_checks_clean() {
    let dir = tempfile::tempdir().expect("temp dir");
    for file in bundled() {
        let v1 = std::fs::read_to_string(&file).expect("readable");
        assert!(v1.contains("format: debrief/1"), "{}", file.display());
        let copy = dir.path().join(file.file_name().expect("a name"));
        std::fs::write(&copy, &v1).expect("copied");

        let out = debrief().arg("migrate").arg(&copy).assert().success();
        let stdout = String::from_utf8_lossy(&out.get_output().stdout).into_owned();
        let claims = v1
            .lines()
            .filter(|l| l.trim_start().starts_with("confidence:"))
            .count();
        assert_eq!(
            stdout
                .matches("changed `confidence` to `likelihood`")
                .count(),
            claims,
            "{stdout}"
        );
        assert!(
            stdout.contains("changed `debrief/1` to `debrief/2`"),
            "{stdout}"
        );

        let v2 = std::fs::read_to_string(&copy).expect("readable");
        assert_eq!(v2, expected(&v1), "{}", file.display());
        assert_ne!(v2, v1);
    }
    let out = debrief().arg("check").arg(dir.path()).assert().success();
    let stdout = String::from_utf8_lossy(&out.get_output().stdout).into_owned();
    assert!(stdout.ends_with("no problems\n"), "{stdout}");

    // Once more: nothing left to do.
    let again = debrief()
        .arg("migrate")
        .args(
            bundled()
                .iter()
                .map(|f| dir.path().join(f.file_name().unwrap())),
        )
        .assert()
        .success();
    assert!(String::from_utf8_lossy(&again.get_output().stdout).contains("already debrief/2"));
}

#[test]
fn check_only_reports_and_leaves_the_file_as_it_was() {
    let dir = tempfile::tempdir().expect("temp dir");
    let file = &bundled()[0];
    let copy = dir.path().join("one.yaml");
    std::fs::copy(file, &copy).expect("copied");
    let before = std::fs::read(&copy).expect("readable");
    let out = debrief()
        .args(["migrate", "--check"])
        .arg(&copy)
        .assert()
        .code(1);
    assert!(String::from_utf8_lossy(&out.get_output().stdout).contains("would change `debrief/1`"));
    assert_eq!(std::fs::read(&copy).expect("readable"), before);
}

#[test]
fn a_file_that_is_not_a_briefing_is_refused_and_left_whole() {
    let dir = tempfile::tempdir().expect("temp dir");
    let copy = dir.path().join("bad.yaml");
    std::fs::write(&copy, "format: debrief/1\nclaims: [\n").expect("written");
    let out = debrief().arg("migrate").arg(&copy).assert().code(1);
    let stderr = String::from_utf8_lossy(&out.get_output().stderr).into_owned();
    assert!(stderr.contains("nothing changed"), "{stderr}");
    assert_eq!(
        std::fs::read_to_string(&copy).expect("readable"),
        "format: debrief/1\nclaims: [\n"
    );
    debrief().args(["migrate", "no-such.yaml"]).assert().code(2);
}
