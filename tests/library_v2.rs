//! A library of version 2 briefings with an actor registry beside a version 1
//! briefing (tests/fixtures/library): one actor across all three files, a
//! registry alias that finds every one, and `same_as` links that hold both
//! ways though only one side writes them.

use std::path::{Path, PathBuf};

use assert_cmd::Command;
use debrief::briefing::{FormatVersion, Library, Limits};
use debrief::query;

const FIXTURE: &str = "tests/fixtures/library";

fn fixture() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join(FIXTURE)
}

fn library() -> Library {
    Library::load(&[fixture()], &Limits::default())
}

fn debrief() -> Command {
    let mut cmd = Command::cargo_bin("debrief").expect("the binary is built");
    // The cache goes under target/, never the user's own.
    cmd.env("XDG_CACHE_HOME", env!("CARGO_TARGET_TMPDIR"));
    cmd.current_dir(env!("CARGO_MANIFEST_DIR"));
    cmd
}

#[test]
fn the_fixture_loads_clean_registry_and_all() {
    let lib = library();
    assert!(lib.diagnostics().is_empty(), "{:#?}", lib.diagnostics());
    assert_eq!(lib.briefings.len(), 3);
    assert_eq!(lib.files, 4, "the registry is a file checked too");
    let versions: Vec<FormatVersion> = lib.briefings.iter().map(|b| b.format).collect();
    assert!(versions.contains(&FormatVersion::V1));
    assert_eq!(lib.registry.actors().count(), 3);
    // The wire briefing defines no actors: the registry's come in, marked as such.
    let wire = lib
        .briefings
        .iter()
        .find(|b| b.id == "fixture-wire")
        .expect("loaded");
    let apt31 = wire.actor("apt31").expect("from the registry");
    assert!(apt31.aliases.iter().any(|a| a == "Violet Typhoon"));
    assert!(
        apt31
            .registry
            .as_ref()
            .is_some_and(|p| p.ends_with("actors.yaml"))
    );
}

#[test]
fn a_registry_alias_finds_the_actor_in_all_three_briefings() {
    let lib = library();
    let ids = query::resolve_library_actors(&lib, "violet typhoon");
    assert_eq!(ids.into_iter().collect::<Vec<_>>(), ["apt31"]);

    let out = debrief()
        .args(["list", FIXTURE, "--actor", "Violet Typhoon"])
        .assert()
        .success();
    let stdout = String::from_utf8_lossy(&out.get_output().stdout).into_owned();
    let mut found: Vec<&str> = stdout
        .lines()
        .filter_map(|l| l.split_whitespace().nth(1))
        .collect();
    found.sort();
    assert_eq!(
        found,
        ["fixture-official", "fixture-older", "fixture-wire"],
        "{stdout}"
    );
}

#[test]
fn one_actor_across_the_library_in_facets_and_names() {
    let lib = library();
    let involves = lib.involves();
    assert_eq!(
        (0..involves.actor_count())
            .filter(|&n| involves.actor_id(n as u32) == "apt31")
            .count(),
        1
    );
    let n = involves.actor_number("apt31").expect("numbered");
    let with = (0..involves.len())
        .filter(|&i| involves.actors_of(i).contains(&n))
        .count();
    assert_eq!(with, 3, "every briefing involves the one APT31");
    let names = query::ActorNames::new(&lib.briefings);
    assert_eq!(names.name("cz-gov"), "Government of the Czech Republic");
}

#[test]
fn same_as_links_show_on_both_claims() {
    let lib = library();
    let from_official: Vec<String> = lib
        .same_as
        .of("fixture-official", "c1")
        .iter()
        .map(|r| r.to_string())
        .collect();
    assert_eq!(from_official, ["fixture-wire#c1"]);
    let from_wire: Vec<String> = lib
        .same_as
        .of("fixture-wire", "c1")
        .iter()
        .map(|r| r.to_string())
        .collect();
    assert_eq!(
        from_wire,
        ["fixture-official#c1"],
        "the wire's claim writes no link, and shows it"
    );
}

#[test]
fn check_passes_on_the_fixture() {
    debrief().args(["check", FIXTURE]).assert().success();
}

#[test]
fn exports_carry_the_version_2_fields() {
    let file = format!("{FIXTURE}/2025/official.yaml");
    let out = debrief()
        .args(["export", &file, "--all", "--date", "2025-06-10"])
        .assert()
        .success();
    let md = String::from_utf8_lossy(&out.get_output().stdout).into_owned();
    for line in [
        "**TLP:CLEAR**",
        "· 2025-05",
        "Likely (moderate confidence) · reported · asserted by Government of the Czech Republic, EU High Representative · when: 2022/2025-05 · the source's words: “traced back to” · ATT&CK T1584.008 · same as fixture-wire#c1",
        "(2 sources, 1 origin)",
        "| Example Wire | media | B (usually reliable) |  | Government statement |",
        // The article is our retelling: its words are not set as a quote.
        "In our retelling of the article:",
    ] {
        assert!(md.contains(line), "{line:?} missing from\n{md}");
    }

    let out = debrief()
        .args(["export", &file, "--all", "--format", "json"])
        .assert()
        .success();
    let v: serde_json::Value = serde_json::from_slice(&out.get_output().stdout).expect("JSON");
    assert_eq!(v["format"], "debrief-summary/3");
    let b = &v["briefings"][0];
    assert_eq!(b["published"], "2025-05");
    assert_eq!(b["tlp"]["word"], "clear");
    assert_eq!(b["retold"], true);
    let c1 = &b["judgements"][0];
    assert_eq!(c1["likelihood"], "likely");
    assert_eq!(c1["confidence"], "moderate");
    assert_eq!(c1["kind"], "reported");
    assert_eq!(c1["by"].as_array().map(Vec::len), Some(2));
    assert_eq!(c1["origin_count"], 1);
    assert_eq!(c1["source_count"], 2);
    let relay = v["sources"]
        .as_array()
        .and_then(|all| all.iter().find(|s| s["name"] == "Example Wire"))
        .expect("the wire");
    assert_eq!(relay["via"], serde_json::json!(["Government statement"]));

    let wire = format!("{FIXTURE}/2025/wire.yaml");
    let out = debrief()
        .args(["export", &wire, "--all"])
        .assert()
        .success();
    let md = String::from_utf8_lossy(&out.get_output().stdout).into_owned();
    assert!(md.contains("· undated, read 2025-06-03"), "{md}");
}
