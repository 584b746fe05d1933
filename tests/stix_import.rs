//! `debrief import`: export, import, export gives the same bundle for every
//! bundled briefing and for the library; the imported files check as
//! cleanly as the originals; an existing `actors.yaml` is merged into, not
//! duplicated; a hostile bundle is refused in words.

use std::path::{Path, PathBuf};

use assert_cmd::Command;

fn root() -> &'static Path {
    Path::new(env!("CARGO_MANIFEST_DIR"))
}

fn debrief() -> Command {
    let mut c = Command::cargo_bin("debrief").expect("the binary is built");
    // The cache goes under target/, never the user's own.
    c.env("XDG_CACHE_HOME", env!("CARGO_TARGET_TMPDIR"));
    c.current_dir(root());
    c
}

fn export(args: &[&str], out: &Path) -> String {
    debrief()
        .arg("export")
        .args(args)
        .args(["--format", "stix", "-o"])
        .arg(out)
        .assert()
        .success();
    std::fs::read_to_string(out).expect("the bundle")
}

fn import(bundle: &Path, dir: &Path) -> String {
    let out = debrief()
        .arg("import")
        .arg(bundle)
        .arg("-o")
        .arg(dir)
        .output()
        .expect("runs");
    let stderr = String::from_utf8_lossy(&out.stderr).into_owned();
    assert!(out.status.success(), "import failed:\n{stderr}");
    stderr
}

fn bundled() -> Vec<PathBuf> {
    let mut files: Vec<PathBuf> = std::fs::read_dir(root().join("briefings"))
        .expect("briefings/")
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| p.extension().is_some_and(|x| x == "yaml"))
        .filter(|p| p.file_name().is_some_and(|n| n != "actors.yaml"))
        .collect();
    files.sort();
    files
}

/// `debrief check`'s messages, without the file names.
fn check(paths: &[&Path]) -> Vec<String> {
    let out = debrief()
        .arg("check")
        .args(paths)
        .args(["--format", "json"])
        .output()
        .expect("runs");
    let v: serde_json::Value = serde_json::from_slice(&out.stdout).expect("json");
    let mut words: Vec<String> = v["diagnostics"]
        .as_array()
        .into_iter()
        .flatten()
        .map(|d| format!("{} {}", d["severity"], d["message"]))
        .collect();
    words.sort();
    words
}

#[test]
fn every_bundled_briefing_goes_round_and_comes_back_the_same() {
    let files = bundled();
    assert!(files.len() >= 10, "the bundled library is missing");
    for f in &files {
        let tmp = tempfile::tempdir().expect("temp dir");
        let first_path = tmp.path().join("first.json");
        let first = export(&[&f.to_string_lossy()], &first_path);
        let dir = tmp.path().join("in");
        let unmapped = import(&first_path, &dir);
        assert!(
            !unmapped.contains("not imported"),
            "{}: something of our own export was not mapped:\n{unmapped}",
            f.display()
        );
        let stem = f.file_stem().unwrap().to_string_lossy().into_owned();
        let written = dir.join(format!("{stem}.yaml"));
        assert!(written.is_file(), "{} was not written", written.display());
        let second = export(
            &[&written.to_string_lossy()],
            &tmp.path().join("second.json"),
        );
        assert!(
            first == second,
            "{}: export, import, export differs",
            f.display()
        );
        assert_eq!(check(&[&written]), check(&[f]), "{}", f.display());
    }
}

#[test]
fn the_library_goes_round_and_merges_into_an_existing_registry() {
    let tmp = tempfile::tempdir().expect("temp dir");
    let first_path = tmp.path().join("library.json");
    let first = export(&["--library", "briefings"], &first_path);
    // A folder that already has the library's registry: nothing is added to it.
    let dir = tmp.path().join("team");
    std::fs::create_dir(&dir).unwrap();
    let registry = std::fs::read_to_string(root().join("briefings/actors.yaml")).unwrap();
    std::fs::write(dir.join("actors.yaml"), &registry).unwrap();
    import(&first_path, &dir);
    assert_eq!(
        std::fs::read_to_string(dir.join("actors.yaml")).unwrap(),
        registry,
        "every actor was there by name already"
    );
    let second = export(
        &["--library", &dir.to_string_lossy()],
        &tmp.path().join("2.json"),
    );
    assert!(
        first == second,
        "export, import, export of the library differs"
    );
    assert_eq!(check(&[&dir]), check(&[&root().join("briefings")]));
    // Importing again over the same files is refused, file by file, unless --force.
    let again = debrief()
        .arg("import")
        .arg(&first_path)
        .arg("-o")
        .arg(&dir)
        .output()
        .unwrap();
    assert!(!again.status.success());
    assert!(String::from_utf8_lossy(&again.stderr).contains("exists; give --force"));
}

#[test]
fn a_platform_bundle_imports_with_its_actors_in_the_registry() {
    let tmp = tempfile::tempdir().expect("temp dir");
    let bundle = tmp.path().join("opencti.json");
    std::fs::write(&bundle, PLATFORM).unwrap();
    // A registry with APT31 under another alias: the import finds it there.
    let dir = tmp.path().join("in");
    std::fs::create_dir(&dir).unwrap();
    std::fs::write(
        dir.join("actors.yaml"),
        "format: debrief-actors/1\n# ours\nactors:\n  - id: apt31\n    name: APT31\n    kind: threat-group\n    aliases: [Judgment Panda]\n",
    )
    .unwrap();
    let stderr = import(&bundle, &dir);
    assert!(
        stderr.contains("indicator--"),
        "the indicator is listed:\n{stderr}"
    );
    let registry = std::fs::read_to_string(dir.join("actors.yaml")).unwrap();
    assert!(
        registry.starts_with("format: debrief-actors/1\n# ours\n"),
        "{registry}"
    );
    assert_eq!(registry.matches("name: APT31").count(), 1, "{registry}");
    assert!(registry.contains("name: UK Government"), "{registry}");
    let briefing = std::fs::read_to_string(dir.join("uk-names-apt31.yaml")).unwrap();
    assert!(briefing.contains("- apt31"), "{briefing}");
    assert!(
        briefing.contains("The UK said APT31 was behind it."),
        "{briefing}"
    );
    assert_eq!(check(&[&dir]), Vec::<String>::new(), "{briefing}");
}

#[test]
fn a_hostile_bundle_is_refused_in_words() {
    let tmp = tempfile::tempdir().expect("temp dir");
    let bundle = tmp.path().join("deep.json");
    std::fs::write(
        &bundle,
        format!("{}{}", "[".repeat(50_000), "]".repeat(50_000)),
    )
    .unwrap();
    let out = debrief()
        .arg("import")
        .arg(&bundle)
        .arg("-o")
        .arg(tmp.path())
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(1));
    assert!(String::from_utf8_lossy(&out.stderr).contains("not JSON"));
}

const PLATFORM: &str = r#"{"type": "bundle", "id": "bundle--0b3f0c3a-4f3e-4a36-9b0e-2b5a3d0c7e11", "objects": [
 {"type": "report", "spec_version": "2.1", "id": "report--6f7c1c1d-2c44-4b6f-8d33-6f0f6f9f0a01",
  "created": "2024-03-25T10:00:00.000Z", "modified": "2024-03-25T10:00:00.000Z",
  "name": "UK names APT31", "description": "The UK said APT31 was behind it.\n\nChina denied it.",
  "published": "2024-03-25T10:00:00.000Z", "report_types": ["threat-report"],
  "external_references": [{"source_name": "GOV.UK", "url": "https://www.gov.uk/x"}],
  "object_refs": ["intrusion-set--1b9c1b8e-0d3e-4f7a-9a65-5d2a1e3c4b01",
                  "identity--2c0d2c9f-1e4f-4a8b-8b76-6e3b2f4d5c02",
                  "indicator--3d1e3d0a-2f5a-4b9c-9c87-7f4c3a5e6d03"]},
 {"type": "intrusion-set", "spec_version": "2.1", "id": "intrusion-set--1b9c1b8e-0d3e-4f7a-9a65-5d2a1e3c4b01",
  "created": "2020-01-01T00:00:00.000Z", "modified": "2020-01-01T00:00:00.000Z",
  "name": "Judgment Panda"},
 {"type": "identity", "spec_version": "2.1", "id": "identity--2c0d2c9f-1e4f-4a8b-8b76-6e3b2f4d5c02",
  "created": "2020-01-01T00:00:00.000Z", "modified": "2020-01-01T00:00:00.000Z",
  "name": "UK Government", "identity_class": "organization", "sectors": ["government"]},
 {"type": "note", "spec_version": "2.1", "id": "note--6a4b6a3d-5c8d-4ecf-8fba-ac7f6d8b9a06",
  "created": "2024-03-25T10:00:00.000Z", "modified": "2024-03-25T10:00:00.000Z",
  "content": "APT31 compromised the Electoral Commission.",
  "created_by_ref": "identity--2c0d2c9f-1e4f-4a8b-8b76-6e3b2f4d5c02",
  "external_references": [{"source_name": "GOV.UK", "url": "https://www.gov.uk/x"}],
  "object_refs": ["report--6f7c1c1d-2c44-4b6f-8d33-6f0f6f9f0a01", "intrusion-set--1b9c1b8e-0d3e-4f7a-9a65-5d2a1e3c4b01"]},
 {"type": "indicator", "spec_version": "2.1", "id": "indicator--3d1e3d0a-2f5a-4b9c-9c87-7f4c3a5e6d03",
  "created": "2024-03-25T10:00:00.000Z", "modified": "2024-03-25T10:00:00.000Z",
  "name": "C2 address", "pattern": "[ipv4-addr:value = '198.51.100.7']", "pattern_type": "stix",
  "valid_from": "2024-03-25T10:00:00.000Z"}
]}"#;
