//! `debrief config` as a user runs it: the printed default file checks
//! clean, a broken one exits 1 with file, line and column, and the default
//! path follows $XDG_CONFIG_HOME.

use assert_cmd::Command;

fn debrief(home: &std::path::Path) -> Command {
    let mut cmd = Command::cargo_bin("debrief").expect("the binary");
    cmd.env("HOME", home)
        .env("XDG_CONFIG_HOME", home.join("config"))
        .env("XDG_CACHE_HOME", home.join("cache"));
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

#[test]
fn dossier_and_search_read_the_configs_library_when_given_no_paths() {
    let home = tempfile::tempdir().expect("temp dir");
    let dir = home.path().join("config").join("debrief");
    std::fs::create_dir_all(&dir).expect("mkdir");
    // One bundled briefing only, in a folder of its own: the config names it.
    let lib = home.path().join("lib");
    std::fs::create_dir_all(&lib).expect("mkdir");
    let bundled = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("briefings");
    let one = std::fs::read_dir(&bundled)
        .expect("the bundled library")
        .filter_map(Result::ok)
        .map(|e| e.path())
        .filter(|p| p.extension().is_some_and(|x| x == "yaml"))
        .find(|p| std::fs::read_to_string(p).is_ok_and(|t| t.contains("APT31")))
        .expect("a bundled briefing on APT31");
    std::fs::copy(&one, lib.join("one.yaml")).expect("copy");
    if let Ok(actors) = std::fs::read(bundled.join("actors.yaml")) {
        std::fs::write(lib.join("actors.yaml"), actors).expect("copy the registry");
    }
    std::fs::write(
        dir.join("config.toml"),
        format!("[library]\npaths = [{:?}]\n", lib.to_str().expect("utf-8")),
    )
    .expect("write");
    // From a folder with no ./briefings: the config's library is all there is.
    let json_of = |args: &[&str]| -> serde_json::Value {
        let out = debrief(home.path())
            .current_dir(home.path())
            .args(args)
            .output()
            .expect("runs");
        assert!(
            out.status.success(),
            "{}",
            String::from_utf8_lossy(&out.stderr)
        );
        serde_json::from_slice(&out.stdout).expect("json")
    };
    let hits = json_of(&["search", "APT31", "--no-cache", "--format", "json"]);
    let files: std::collections::BTreeSet<&str> = hits
        .as_array()
        .expect("a list")
        .iter()
        .filter_map(|h| h["file"].as_str())
        .collect();
    assert_eq!(files.len(), 1, "{files:?}");
    assert!(files.iter().all(|f| f.ends_with("one.yaml")), "{files:?}");
    let dossier = json_of(&[
        "dossier",
        "--actor",
        "APT31",
        "--no-cache",
        "--format",
        "json",
    ]);
    let entries = dossier["entries"].as_array().expect("entries");
    assert!(!entries.is_empty());
    assert!(
        entries
            .iter()
            .all(|e| e["briefing"] == entries[0]["briefing"]),
        "one briefing only"
    );
}
