//! End to end, the config file: a rebound key does its action in the real
//! reader and help shows it; a broken config still starts the reader, on
//! the defaults, and the status line says what was wrong (harness in
//! `common/mod.rs`).

mod common;

use common::{TIMEOUT, Tui, keys, when};

fn start_with(config: &str) -> (Tui, tempfile::TempDir) {
    let scratch = tempfile::tempdir().expect("temp dir");
    let file = scratch.path().join("config.toml");
    std::fs::write(&file, config).expect("write the config");
    let state = scratch.path().join("state");
    let tui = Tui::start(
        &[
            "--config",
            file.to_str().expect("utf-8"),
            "--state-dir",
            state.to_str().expect("utf-8"),
        ],
        120,
        40,
    );
    tui.wait_for(
        when("the library loaded", |s| {
            s.pane("Briefings").is_some() && s.last_row().contains("loaded")
        }),
        TIMEOUT,
    );
    (tui, scratch)
}

#[test]
fn a_rebound_key_marks_and_help_lists_it() {
    let (mut tui, _scratch) = start_with("[keys.briefing]\nmark = \"m\"\n");
    tui.send(keys::ENTER);
    let shot = tui.wait_for(" Article · ", TIMEOUT);
    assert!(shot.last_row().contains(" m mark"), "{}", shot.framed());
    // Space no longer marks; m does (had space marked, m would unmark).
    tui.send(" ");
    tui.send("m");
    tui.wait_for("★ 1 marked", TIMEOUT);
    tui.send("?");
    let help = tui.wait_for(" Help · ", TIMEOUT);
    let row = help
        .rows
        .iter()
        .find(|l| l.contains("mark or unmark the item"))
        .cloned()
        .unwrap_or_default();
    assert!(row.contains(" m "), "help row: {row:?}\n{}", help.framed());
    assert!(!row.contains("space"), "help row: {row:?}");
}

#[test]
fn a_broken_config_starts_on_defaults_and_says_so() {
    let (mut tui, _scratch) = start_with("[keys.briefing]\nmark = \"Hyper-m\"\n");
    let shot = tui.shot();
    assert!(
        shot.last_row()
            .contains("config config.toml:2:8: unknown key name"),
        "{}",
        shot.framed()
    );
    tui.send(keys::ENTER);
    tui.wait_for(" Article · ", TIMEOUT);
    // The default key still marks.
    tui.send(" ");
    tui.wait_for("★ 1 marked", TIMEOUT);
}
