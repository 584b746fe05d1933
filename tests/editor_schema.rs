//! The modeline `debrief new` writes, in the schema-aware editor server
//! itself: yaml-language-server (from npm; what VS Code's YAML extension,
//! Neovim's and Helix's YAML setups run) opens the briefings as an editor
//! does, finds the schema through the modeline alone, and reports a typo
//! key and a word outside a vocabulary, and nothing in a clean briefing.
//! scripts/yaml-language-server.sh installs (once) or reuses the server
//! under the target folder; where it cannot (no node, no network), the test
//! says it is skipped and why, and returns. tests/schema.rs holds the same
//! schema to the same cases with the jsonschema crate, which needs neither.

mod installed;

use installed::root;
use std::path::{Path, PathBuf};
use std::process::Command;

use assert_cmd::Command as Bin;

/// The folder holding the server's node_modules, or why there is none.
fn server() -> Result<PathBuf, String> {
    installed::by_script("yaml-language-server.sh", &[])
}

/// What the server publishes for each file: (line, message) pairs.
fn diagnostics(server: &Path, dir: &Path, files: &[&str]) -> Vec<Vec<(u64, String)>> {
    let out = Command::new("node")
        .arg(root().join("scripts/yaml-lsp-diagnostics.js"))
        .arg(server)
        .args(files)
        .current_dir(dir)
        .output()
        .expect("node runs");
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8_lossy(&out.stdout)
        .lines()
        .map(|line| {
            let v: serde_json::Value = serde_json::from_str(line).expect("a JSON line");
            v["diagnostics"]
                .as_array()
                .unwrap_or_else(|| panic!("no diagnostics published for {line}"))
                .iter()
                .map(|d| {
                    (
                        d["line"].as_u64().unwrap_or(0),
                        d["message"].as_str().unwrap_or("").to_owned(),
                    )
                })
                .collect()
        })
        .collect()
}

#[test]
fn the_modeline_of_debrief_new_works_in_yaml_language_server() {
    let server = match server() {
        Ok(dir) => dir,
        Err(why) => {
            eprintln!("SKIPPED: yaml-language-server is not available: {why}");
            return;
        }
    };
    let dir = tempfile::tempdir().expect("a temporary folder");
    std::fs::write(
        dir.path().join("a.txt"),
        "A title\n\nThe ministry named the group.\n",
    )
    .expect("written");
    Bin::cargo_bin("debrief")
        .expect("the binary is built")
        .env("XDG_CACHE_HOME", env!("CARGO_TARGET_TMPDIR")) // not the user's cache
        .current_dir(dir.path())
        .args(["new", "--from", "a.txt", "-o", "lib/good.yaml"])
        .assert()
        .success();
    let good = std::fs::read_to_string(dir.path().join("lib/good.yaml")).expect("written");
    assert!(
        good.starts_with("# yaml-language-server: $schema="),
        "{good}"
    );
    let bad = good.replacen("\ntitle:", "\ntittle:", 1).replacen(
        "\nclaims: []",
        "\nclaims:\n  - {id: c1, text: C, likelihood: probable}",
        1,
    );
    assert_ne!(bad, good);
    std::fs::write(dir.path().join("lib/bad.yaml"), &bad).expect("written");
    // The same mistakes with no modeline: no schema, so nothing to report.
    let unnamed: String = bad.lines().skip(1).map(|l| format!("{l}\n")).collect();
    std::fs::write(dir.path().join("lib/unnamed.yaml"), unnamed).expect("written");

    let found = diagnostics(
        &server,
        dir.path(),
        &["lib/good.yaml", "lib/bad.yaml", "lib/unnamed.yaml"],
    );
    assert_eq!(found[0], vec![], "a briefing from `debrief new` is clean");
    let bad_lines: Vec<&str> = bad.lines().collect();
    let line_of = |needle: &str| {
        bad_lines
            .iter()
            .position(|l| l.contains(needle))
            .map(|i| i as u64 + 1)
    };
    let messages = &found[1];
    assert!(
        messages
            .iter()
            .any(|(line, m)| m.contains("tittle") && Some(*line) == line_of("tittle:")),
        "the typo key, at its line: {messages:?}"
    );
    assert!(
        messages
            .iter()
            .any(|(line, m)| m.contains("Value is not accepted")
                && m.contains("very-likely")
                && Some(*line) == line_of("likelihood: probable")),
        "the word outside the vocabulary, with the allowed words: {messages:?}"
    );
    assert!(
        messages.iter().any(|(_, m)| m.contains("\"title\"")),
        "the missing title: {messages:?}"
    );
    assert_eq!(found[2], vec![], "no modeline, no schema");
}
