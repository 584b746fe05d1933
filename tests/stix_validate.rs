//! The OASIS validator (`stix2-validator`, from PyPI) on the STIX export of
//! every bundled briefing and of the whole library: no errors allowed.
//! scripts/stix-venv.sh makes (once) or reuses the venv under the target
//! folder; where it cannot (no Python, no network), the test says it is
//! skipped and why, and returns.

mod installed;

use installed::root;
use std::path::{Path, PathBuf};
use std::process::Command;

use assert_cmd::Command as Bin;

/// The venv's folder, or why there is none.
fn venv() -> Result<PathBuf, String> {
    installed::by_script("stix-venv.sh", &["validator"])
}

fn export(args: &[&str], out: &Path) {
    Bin::cargo_bin("debrief")
        .expect("the binary is built")
        .env("XDG_CACHE_HOME", env!("CARGO_TARGET_TMPDIR")) // not the user's cache
        .current_dir(root())
        .arg("export")
        .args(args)
        .args(["--format", "stix", "-o"])
        .arg(out)
        .assert()
        .success();
}

#[test]
fn the_oasis_validator_finds_no_errors_in_any_export() {
    let venv = match venv() {
        Ok(v) => v,
        Err(why) => {
            eprintln!("SKIPPED: the STIX validator could not be installed: {why}");
            return;
        }
    };
    let dir = tempfile::tempdir().expect("temp dir");
    let mut bundles = Vec::new();
    let mut files: Vec<PathBuf> = std::fs::read_dir(root().join("briefings"))
        .expect("briefings/")
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| p.extension().is_some_and(|x| x == "yaml" || x == "yml"))
        .filter(|p| p.file_name().is_some_and(|n| n != "actors.yaml"))
        .collect();
    files.sort();
    assert!(!files.is_empty(), "no bundled briefings to export");
    for f in &files {
        let out = dir
            .path()
            .join(format!("{}.json", f.file_stem().unwrap().to_string_lossy()));
        export(&[&f.to_string_lossy()], &out);
        bundles.push(out);
    }
    let library = dir.path().join("library.json");
    export(&["--library", "briefings"], &library);
    bundles.push(library);

    for bundle in &bundles {
        // Through the venv's python: a venv copied from elsewhere keeps
        // scripts whose first line names the old place.
        let run = Command::new(venv.join("bin/python"))
            .arg(venv.join("bin/stix2_validator"))
            .arg(bundle)
            .output()
            .expect("the validator runs");
        let report = String::from_utf8_lossy(&run.stdout);
        let errors: Vec<&str> = report.lines().filter(|l| l.contains("[X]")).collect();
        assert!(
            run.status.success() && errors.is_empty() && report.contains("STIX JSON: Valid"),
            "{}: the validator says\n{report}{}",
            bundle.display(),
            String::from_utf8_lossy(&run.stderr)
        );
    }
}
