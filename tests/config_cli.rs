//! `debrief config` as a user runs it: the printed default file checks
//! clean, a broken one exits 1 with file, line and column, and the default
//! path follows $XDG_CONFIG_HOME.

use assert_cmd::Command;

fn debrief(home: &std::path::Path) -> Command {
    let mut cmd = Command::cargo_bin("debrief").expect("the binary");
    cmd.env("HOME", home)
        .env("XDG_CONFIG_HOME", home.join("config"));
    cmd
}

#[test]
fn the_printed_default_checks_clean() {
    let home = tempfile::tempdir().expect("temp dir");
    let out = debrief(home.path())
        .args(["config", "--print-default"])
        .output()
        .expect("runs");
    assert!(out.status.success());
    let file = home.path().join("config.toml");
    std::fs::write(&file, &out.stdout).expect("write");
    debrief(home.path())
        .args(["config", "check", file.to_str().expect("utf-8")])
        .assert()
        .success()
        .stdout("checked 1 file: no problems\n");
}

#[test]
fn a_broken_config_exits_1_with_its_place_and_a_caret() {
    let home = tempfile::tempdir().expect("temp dir");
    let dir = home.path().join("config").join("debrief");
    std::fs::create_dir_all(&dir).expect("mkdir");
    std::fs::write(
        dir.join("config.toml"),
        "[theme.colors]\nclaim = \"blurple\"\n",
    )
    .expect("write");
    let out = debrief(home.path())
        .args(["config", "check"])
        .output()
        .expect("runs");
    assert_eq!(out.status.code(), Some(1));
    let text = String::from_utf8_lossy(&out.stdout);
    assert!(
        text.contains("config/debrief/config.toml:2:9: error: “blurple” is not a colour"),
        "{text}"
    );
    assert!(
        text.contains("  2 | claim = \"blurple\"\n    |         ^^^^^^^^^"),
        "{text}"
    );
    assert!(
        text.ends_with("checked 1 file: 1 error, 0 warnings\n"),
        "{text}"
    );
}

#[test]
fn with_no_file_the_defaults_apply_and_config_says_where_it_looks() {
    let home = tempfile::tempdir().expect("temp dir");
    debrief(home.path())
        .args(["config", "check"])
        .assert()
        .success();
    let out = debrief(home.path()).arg("config").output().expect("runs");
    let text = String::from_utf8_lossy(&out.stdout);
    assert!(
        text.contains("config/debrief/config.toml (not there"),
        "{text}"
    );
}

#[test]
fn a_missing_file_given_with_config_is_an_error() {
    let home = tempfile::tempdir().expect("temp dir");
    debrief(home.path())
        .args(["config", "check", "/nonexistent/config.toml"])
        .assert()
        .code(1);
}
