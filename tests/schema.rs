//! The JSON Schemas (`debrief schema`): every bundled briefing and fixture
//! that loads validates against the schema of its version, as does what
//! `debrief new` writes; a typo key, a bad vocabulary word and a missing
//! required key each fail. YAML is read as the editor reads it, YAML 1.2,
//! through serde-saphyr into JSON values.

use std::path::{Path, PathBuf};

use assert_cmd::Command;
use debrief::briefing::{FormatVersion, Limits, load_file};
use debrief::schema::Schema;
use serde_json::Value;

fn validator(schema: Schema) -> jsonschema::Validator {
    let json: Value = serde_json::from_str(schema.text()).expect("the schema is JSON");
    jsonschema::draft7::new(&json).expect("the schema is a valid draft-07 schema")
}

/// YAML 1.2 as yaml-language-server reads it (and debrief): `NO` and `on`
/// are text, not booleans.
fn yaml(text: &str) -> Value {
    let options = serde_saphyr::options! { strict_booleans: true };
    serde_saphyr::from_str_with_options(text, options).expect("YAML that serde-saphyr reads")
}

/// Why `value` does not validate, one line per error; empty when it does.
fn errors(schema: Schema, value: &Value) -> Vec<String> {
    validator(schema)
        .iter_errors(value)
        .map(|e| format!("{} at {}", e, e.instance_path()))
        .collect()
}

fn yaml_files(dir: &Path, out: &mut Vec<PathBuf>) {
    for entry in std::fs::read_dir(dir).expect("a folder").flatten() {
        let path = entry.path();
        if path.is_dir() {
            yaml_files(&path, out);
        } else if path.extension().is_some_and(|e| e == "yaml" || e == "yml") {
            out.push(path);
        }
    }
}

fn schema_of(value: &Value) -> Option<Schema> {
    match value.get("format")?.as_str()? {
        "debrief/1" => Some(Schema::Briefing(FormatVersion::V1)),
        "debrief/2" => Some(Schema::Briefing(FormatVersion::V2)),
        "debrief-actors/1" => Some(Schema::Actors),
        _ => None,
    }
}

#[test]
fn every_bundled_briefing_and_fixture_that_loads_validates() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let mut files = Vec::new();
    yaml_files(&root.join("briefings"), &mut files);
    yaml_files(&root.join("tests/fixtures"), &mut files);
    files.sort();
    let mut checked = 0;
    for path in files {
        let is_registry = path.file_name().is_some_and(|n| n == "actors.yaml");
        // Only files the loader accepts: the schema must not refuse what debrief reads.
        if !is_registry && load_file(&path, &Limits::default()).briefing.is_none() {
            continue;
        }
        let text = std::fs::read_to_string(&path).expect("readable");
        let value = yaml(&text);
        let schema = schema_of(&value).unwrap_or_else(|| panic!("{}: no format", path.display()));
        let errs = errors(schema, &value);
        assert!(errs.is_empty(), "{}:\n{}", path.display(), errs.join("\n"));
        checked += 1;
    }
    assert!(checked >= 5, "only {checked} files checked");
}

const GOOD_V2: &str = "format: debrief/2
title: A title
published: undated
retrieved: 2025-06-02
sources:
  - {id: s1, name: A statement, kind: official, reliability: B}
claims:
  - id: c1
    text: A claim.
    by: [a, b]
    likelihood: likely
    confidence: moderate
    when: 2022/2025-05
    techniques: [T1584.008]
    countries: [NO, CZ]
    sources: [s1]
article:
  - text: The text.
";

#[test]
fn a_good_file_validates_and_each_kind_of_mistake_fails() {
    let v2 = Schema::Briefing(FormatVersion::V2);
    assert_eq!(errors(v2, &yaml(GOOD_V2)), Vec::<String>::new());
    let broken = [
        ("typo key", GOOD_V2.replace("title:", "titel:")),
        (
            "nested typo key",
            GOOD_V2.replace("likelihood:", "likelyhood:"),
        ),
        ("bad enum word", GOOD_V2.replace("likely\n", "probable\n")),
        (
            "bad reliability",
            GOOD_V2.replace("reliability: B", "reliability: b"),
        ),
        (
            "missing required key",
            GOOD_V2.replace("title: A title\n", ""),
        ),
        (
            "missing article",
            GOOD_V2.replace("article:\n  - text: The text.\n", ""),
        ),
        (
            "undated without retrieved",
            GOOD_V2.replace("retrieved: 2025-06-02\n", ""),
        ),
        ("bad technique", GOOD_V2.replace("T1584.008", "T1584.8")),
        ("bad country", GOOD_V2.replace("[NO, CZ]", "[Czechia]")),
        (
            "version 1 format",
            GOOD_V2.replace("debrief/2", "debrief/1"),
        ),
    ];
    for (what, text) in broken {
        assert_ne!(text, GOOD_V2, "{what}: the mistake was not made");
        assert!(!errors(v2, &yaml(&text)).is_empty(), "{what} validates");
    }
}

#[test]
fn version_1_keeps_its_own_keys() {
    let v1 = Schema::Briefing(FormatVersion::V1);
    let good = "format: debrief/1\ntitle: T\npublished: 2025-05-28\narticle:\n  - text: x\nclaims:\n  - {id: c1, text: C, confidence: likely}\n";
    assert_eq!(errors(v1, &yaml(good)), Vec::<String>::new());
    for bad in [
        good.replace("confidence: likely", "likelihood: likely"),
        good.replace("2025-05-28", "2025-05"),
        good.replace("title: T\n", "title: T\ntlp: red\n"),
    ] {
        assert!(!errors(v1, &yaml(&bad)).is_empty(), "{bad}");
    }
}

#[test]
fn actors_registry() {
    let good = "format: debrief-actors/1\nactors:\n  - {id: apt31, name: APT31, kind: threat-group, country: CN}\n";
    assert_eq!(errors(Schema::Actors, &yaml(good)), Vec::<String>::new());
    for bad in [
        good.replace("threat-group", "hackers"),
        good.replace("name: APT31, ", ""),
        good.replace("country:", "contry:"),
    ] {
        assert!(!errors(Schema::Actors, &yaml(&bad)).is_empty(), "{bad}");
    }
}

fn debrief(dir: &Path) -> Command {
    let mut cmd = Command::cargo_bin("debrief").expect("the binary is built");
    // The cache goes under target/, never the user's own.
    cmd.env("XDG_CACHE_HOME", env!("CARGO_TARGET_TMPDIR"));
    cmd.current_dir(dir);
    cmd
}

#[test]
fn new_writes_a_modeline_and_the_schema_beside_it() {
    let dir = tempfile::tempdir().expect("a temporary folder");
    std::fs::create_dir(dir.path().join("lib")).expect("made");
    std::fs::write(
        dir.path().join("a.txt"),
        "A title\n\nThe text: \"quoted\".\n",
    )
    .expect("written");
    debrief(dir.path())
        .args(["new", "--from", "a.txt", "-o", "lib/b.yaml"])
        .assert()
        .success();
    let written = std::fs::read_to_string(dir.path().join("lib/b.yaml")).expect("written");
    assert!(
        written.starts_with("# yaml-language-server: $schema=debrief-2.schema.json\n"),
        "{written}"
    );
    let copy = std::fs::read_to_string(dir.path().join("lib/debrief-2.schema.json"))
        .expect("the schema is written beside the briefing");
    assert_eq!(copy, Schema::Briefing(FormatVersion::V2).text());
    assert_eq!(
        errors(Schema::Briefing(FormatVersion::V2), &yaml(&written)),
        Vec::<String>::new()
    );

    // A schema already there is the user's: kept. A path given is used as is.
    std::fs::write(dir.path().join("lib/debrief-2.schema.json"), "{}").expect("written");
    debrief(dir.path())
        .args([
            "new",
            "-o",
            "lib/c.yaml",
            "--schema",
            "../schemas/mine.json",
        ])
        .assert()
        .success();
    let c = std::fs::read_to_string(dir.path().join("lib/c.yaml")).expect("written");
    assert!(c.starts_with("# yaml-language-server: $schema=../schemas/mine.json\n"));
    assert_eq!(
        std::fs::read_to_string(dir.path().join("lib/debrief-2.schema.json")).expect("kept"),
        "{}"
    );
}

#[test]
fn schema_command_prints_and_writes() {
    let dir = tempfile::tempdir().expect("a temporary folder");
    let out = debrief(dir.path())
        .args(["schema", "--actors"])
        .output()
        .expect("runs");
    assert!(out.status.success());
    assert_eq!(String::from_utf8_lossy(&out.stdout), Schema::Actors.text());
    let out = debrief(dir.path())
        .args(["schema", "--format-version", "1"])
        .output()
        .expect("runs");
    assert_eq!(
        String::from_utf8_lossy(&out.stdout),
        Schema::Briefing(FormatVersion::V1).text()
    );
    debrief(dir.path())
        .args(["schema", "--write", "s"])
        .assert()
        .success();
    for s in Schema::ALL {
        let text =
            std::fs::read_to_string(dir.path().join("s").join(s.file_name())).expect("written");
        assert_eq!(text, s.text());
    }
    debrief(dir.path())
        .args(["schema", "--format-version", "3"])
        .assert()
        .code(2);
}
