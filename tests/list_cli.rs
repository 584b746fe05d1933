//! `debrief list`: the right briefings for actor and country names as people
//! type them, JSON for scripts, and a clear exit 1 for names that match nothing.

use assert_cmd::Command;

fn debrief() -> Command {
    let mut cmd = Command::cargo_bin("debrief").expect("the binary is built");
    // The cache goes under target/, never the user's own.
    cmd.env("XDG_CACHE_HOME", env!("CARGO_TARGET_TMPDIR"));
    cmd.current_dir(env!("CARGO_MANIFEST_DIR"));
    cmd
}

fn ids(stdout: &[u8]) -> Vec<String> {
    String::from_utf8_lossy(stdout)
        .lines()
        .map(|l| l.split("  ").nth(1).unwrap_or_default().to_string())
        .collect()
}

const APT31_BRIEFINGS: [&str; 9] = [
    "cz-mfa-apt31-article",
    "fr-2021-anssi-apt31-routers",
    "uk-electoral-commission-breach",
    "cz-2025-official-attribution",
    "fi-parliament-apt31",
    "us-uk-2024-apt31-indictment",
    "be-2022-fps-interior",
    "jul-2021-coordinated-apt31-apt40",
    "no-county-governors-apt31",
];

#[test]
fn an_alias_finds_the_actor_everywhere() {
    let out = debrief()
        .args(["list", "briefings/", "--actor", "zirconium"])
        .assert()
        .success();
    let mut found = ids(&out.get_output().stdout);
    found.sort();
    let mut expected = APT31_BRIEFINGS.map(String::from).to_vec();
    expected.sort();
    assert_eq!(found, expected);
    let stdout = String::from_utf8_lossy(&out.get_output().stdout).into_owned();
    assert!(stdout.lines().all(|l| l.ends_with("[APT31]")), "{stdout}");
    assert!(stdout.starts_with("2025-05-28"), "newest first: {stdout}");
}

#[test]
fn a_common_country_name_finds_its_code() {
    let out = debrief()
        .args(["list", "briefings/", "--country", "czech republic"])
        .assert()
        .success();
    let mut found = ids(&out.get_output().stdout);
    found.sort();
    assert_eq!(
        found,
        [
            "cz-2025-official-attribution",
            "cz-de-2024-apt28",
            "cz-mfa-apt31-article"
        ]
    );
    let out = debrief()
        .args([
            "list",
            "briefings/",
            "--country",
            "Britain",
            "--actor",
            "APT-40",
        ])
        .assert()
        .success();
    assert_eq!(
        ids(&out.get_output().stdout),
        ["jul-2021-coordinated-apt31-apt40"]
    );
}

#[test]
fn actors_of_one_kind_are_alternatives() {
    let out = debrief()
        .args([
            "list",
            "briefings/",
            "--actor",
            "fancy bear",
            "--actor",
            "kryptonite panda",
        ])
        .assert()
        .success();
    let mut found = ids(&out.get_output().stdout);
    found.sort();
    assert_eq!(
        found,
        [
            "cz-2025-official-attribution",
            "cz-de-2024-apt28",
            "jul-2021-coordinated-apt31-apt40"
        ]
    );
}

#[test]
fn text_narrows_too() {
    let out = debrief()
        .args(["list", "briefings/", "--text", "COUNTY GOVERNORS"])
        .assert()
        .success();
    assert_eq!(ids(&out.get_output().stdout), ["no-county-governors-apt31"]);
}

#[test]
fn json_has_a_stable_shape() {
    let out = debrief()
        .args(["list", "briefings/", "--country", "FI", "--json"])
        .assert()
        .success();
    let v: serde_json::Value = serde_json::from_slice(&out.get_output().stdout).expect("JSON");
    let list = v.as_array().expect("an array");
    assert_eq!(list.len(), 1);
    let b = &list[0];
    assert_eq!(b["id"], "fi-parliament-apt31");
    assert_eq!(b["published"], "2024-03-26");
    assert_eq!(b["matched_countries"], serde_json::json!(["FI"]));
    for key in [
        "title",
        "outlet",
        "path",
        "matched_actors",
        "claims",
        "sources",
        "experts",
        "caveats",
    ] {
        assert!(b.get(key).is_some(), "{key} in {b}");
    }
}

#[test]
fn names_that_match_nothing_are_reported_with_the_closest_and_exit_1() {
    let out = debrief()
        .args([
            "list",
            "briefings/",
            "--actor",
            "Zirconiun Pandas",
            "--country",
            "Chekia",
        ])
        .assert()
        .code(1);
    let stderr = String::from_utf8_lossy(&out.get_output().stderr).into_owned();
    assert!(
        stderr.contains("no actor matches “Zirconiun Pandas”"),
        "{stderr}"
    );
    assert!(stderr.contains("“Chekia” is not a country"), "{stderr}");
    assert!(stderr.contains("Czechia (CZ)"), "closest country: {stderr}");
    assert!(out.get_output().stdout.is_empty(), "nothing listed");

    let out = debrief()
        .args(["list", "briefings/", "--country", "Brazil"])
        .assert()
        .code(1);
    let stderr = String::from_utf8_lossy(&out.get_output().stderr).into_owned();
    assert!(
        stderr.contains("no briefing involves Brazil (BR)"),
        "{stderr}"
    );
}

#[test]
fn no_filter_lists_everything() {
    let out = debrief().args(["list", "briefings/"]).assert().success();
    assert_eq!(ids(&out.get_output().stdout).len(), 12);
}

/// A reader that stops early (`debrief list | head -1`) has what it wanted:
/// the command ends with its own exit code and no panic (`println!` made
/// it exit 101, "failed printing to stdout: Broken pipe"), as `check`
/// does. The output is longer than a pipe holds, so writing it meets the
/// closed end. `search` and `dossier` write through the same path.
#[test]
fn a_closed_pipe_ends_a_command_with_its_own_exit_code() {
    use std::io::{BufRead, BufReader};
    use std::process::{Command as Process, Stdio};
    let dir = tempfile::tempdir().expect("a scratch folder");
    for i in 0..1500 {
        let yaml = format!(
            "format: debrief/2\nid: b{i:04}\ntitle: A briefing long enough to fill a line of the list, number {i}\npublished: 2024-01-01\nactors:\n  - {{id: apt31, name: APT31, kind: threat-group}}\narticle:\n  - text: The article of briefing {i}, long enough to make a line of a search.\nclaims:\n  - {{id: c1, text: APT31 did it in briefing {i}, by: apt31}}\n"
        );
        std::fs::write(dir.path().join(format!("b{i:04}.yaml")), yaml).expect("a briefing written");
    }
    let commands: [&[&str]; 3] = [
        &["list"],
        &["search", "article"],
        &["dossier", "--actor", "apt31"],
    ];
    for command in commands {
        let mut child = Process::new(assert_cmd::cargo::cargo_bin("debrief"))
            .env("XDG_CACHE_HOME", env!("CARGO_TARGET_TMPDIR"))
            .arg("--no-cache")
            .args(command)
            .arg(dir.path())
            .stdout(Stdio::piped())
            .stderr(Stdio::piped())
            .spawn()
            .expect("debrief starts");
        let mut first = String::new();
        let stdout = child.stdout.take().expect("its output");
        BufReader::new(stdout)
            .read_line(&mut first)
            .expect("a first line");
        // The reading end closes here, with some 100 KB still to come.
        let out = child.wait_with_output().expect("debrief ends");
        let stderr = String::from_utf8_lossy(&out.stderr);
        assert!(!first.is_empty(), "{command:?}: no first line");
        assert!(!stderr.contains("panicked"), "{command:?}: {stderr}");
        assert_eq!(out.status.code(), Some(0), "{command:?}: {stderr}");
    }
}
