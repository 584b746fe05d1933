//! MISP's own converter (`misp-stix`, from PyPI) on the library's STIX
//! export: one MISP event per briefing, whose galaxies hold APT31 as an
//! intrusion set, whose tags carry the estimative-language and
//! admiralty-scale values, and whose report text is there. The conversion
//! runs in scripts/misp_check.py; scripts/stix-venv.sh installs misp-stix in
//! the venv under the target folder, and where it cannot, the test says it
//! is skipped and why.

mod installed;

use installed::root;
use std::path::PathBuf;
use std::process::Command;

use assert_cmd::Command as Bin;
use serde_json::Value;

fn venv() -> Result<PathBuf, String> {
    installed::by_script("stix-venv.sh", &["misp"])
}

#[test]
fn misp_stix_makes_events_with_apt31_the_taxonomy_tags_and_the_text() {
    let venv = match venv() {
        Ok(v) => v,
        Err(why) => {
            eprintln!("SKIPPED: misp-stix could not be installed: {why}");
            return;
        }
    };
    let dir = tempfile::tempdir().expect("temp dir");
    let bundle = dir.path().join("library.json");
    Bin::cargo_bin("debrief")
        .expect("the binary is built")
        .env("XDG_CACHE_HOME", env!("CARGO_TARGET_TMPDIR")) // not the user's cache
        .current_dir(root())
        .args(["export", "--library", "briefings", "--format", "stix", "-o"])
        .arg(&bundle)
        .assert()
        .success();
    let run = Command::new(venv.join("bin/python"))
        .arg(root().join("scripts/misp_check.py"))
        .arg(&bundle)
        .output()
        .expect("python runs");
    assert!(
        run.status.success(),
        "misp-stix failed:\n{}",
        String::from_utf8_lossy(&run.stderr)
    );
    let events: Vec<Value> = serde_json::from_slice(&run.stdout).expect("the driver's JSON");
    let library: Value = serde_json::from_str(&std::fs::read_to_string(&bundle).unwrap()).unwrap();
    let reports: Vec<&Value> = library["objects"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|o| o["type"] == "report")
        .collect();
    assert_eq!(events.len(), reports.len(), "one MISP event per briefing");

    let strings = |v: &Value| -> Vec<String> {
        v.as_array()
            .into_iter()
            .flatten()
            .filter_map(|s| s.as_str().map(str::to_owned))
            .collect()
    };
    let with_apt31 = events
        .iter()
        .filter(|e| strings(&e["galaxies"]["stix-2.1-intrusion-set"]).contains(&"APT31".to_owned()))
        .count();
    assert!(
        with_apt31 >= 7,
        "APT31 is an intrusion set in {with_apt31} events only"
    );

    for e in &events {
        let info = e["info"].as_str().unwrap_or_default();
        let report = reports
            .iter()
            .find(|r| r["name"] == info)
            .unwrap_or_else(|| panic!("no briefing is called {info}"));
        let tags = strings(&e["tags"]);
        // Every taxonomy label of the report is a tag of the event.
        for label in strings(&report["labels"]) {
            assert!(
                tags.contains(&label),
                "{info}: the tag {label} is missing: {tags:?}"
            );
        }
        assert!(
            tags.iter()
                .any(|t| t.starts_with("estimative-language:likelihood-probability=")),
            "{info}: no estimative-language tag in {tags:?}"
        );
        assert!(
            tags.iter()
                .any(|t| t.starts_with("admiralty-scale:source-reliability=")),
            "{info}: no admiralty-scale tag in {tags:?}"
        );
        // The article's text is in the event.
        let article = library["objects"]
            .as_array()
            .unwrap()
            .iter()
            .find(|o| o["abstract"] == "Article" && o["object_refs"][0] == report["id"])
            .expect("the article note");
        let first = article["content"]
            .as_str()
            .unwrap()
            .split("\n\n")
            .next()
            .unwrap();
        assert!(
            strings(&e["texts"]).iter().any(|t| t.contains(first)),
            "{info}: the article's first paragraph is not in the event"
        );
    }
}
