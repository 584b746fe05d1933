//! `debrief check` in colour on a terminal and plain everywhere else:
//! piped, under `NO_COLOR`, or as `--color` says.

mod common;

use std::fs;

use assert_cmd::Command;
use common::{TIMEOUT, Tui};

/// A folder with one briefing holding one error (a typo'd key on line 3).
fn bad_library() -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    fs::write(
        dir.path().join("bad.yaml"),
        "format: debrief/2\ntitle: Bad\ntittle: Typo\nretrieved: 2025-06-02\narticle:\n  - text: Hi.\n",
    )
    .unwrap();
    dir
}

fn check_output(args: &[&str], no_color: bool) -> String {
    let dir = bad_library();
    let mut cmd = Command::cargo_bin("debrief").unwrap();
    // The cache goes under target/, never the user's own.
    cmd.env("XDG_CACHE_HOME", env!("CARGO_TARGET_TMPDIR"));
    cmd.arg("check").arg(dir.path()).args(args);
    if no_color {
        cmd.env("NO_COLOR", "1");
    } else {
        cmd.env_remove("NO_COLOR");
    }
    cmd.env_remove("CLICOLOR_FORCE");
    let out = cmd.output().unwrap();
    assert_eq!(out.status.code(), Some(1), "the typo is an error");
    String::from_utf8(out.stdout).unwrap()
}

#[test]
fn piped_output_is_plain_by_default() {
    let out = check_output(&[], false);
    assert!(out.contains("error: unknown key `tittle`"), "{out}");
    assert!(!out.contains('\u{1b}'), "no escape reaches a pipe: {out:?}");
}

#[test]
fn color_always_styles_even_a_pipe_and_never_strips_even_a_terminal_request() {
    let out = check_output(&["--color", "always"], false);
    assert!(
        out.contains("\u{1b}[1m\u{1b}[31merror\u{1b}[0m"),
        "bold red `error`: {out:?}"
    );
    // An explicit --color always is the user's word over NO_COLOR's default.
    assert!(check_output(&["--color", "always"], true).contains('\u{1b}'));
    assert!(!check_output(&["--color", "never"], false).contains('\u{1b}'));
}

#[test]
fn json_is_never_styled() {
    let out = check_output(&["--format", "json", "--color", "always"], false);
    assert!(!out.contains('\u{1b}'), "{out:?}");
    serde_json::from_str::<serde_json::Value>(&out).expect("valid JSON");
}

/// The position of `needle` on screen and the colour of its first cell.
fn colour_of(tui: &Tui, needle: &str) -> vt100::Color {
    let shot = tui.wait_for(needle, TIMEOUT);
    let (row, col) = shot.find(needle).expect("on screen");
    tui.vt_screen().cell(row, col).expect("a cell").fgcolor()
}

#[test]
fn on_a_terminal_errors_are_red_unless_no_color() {
    let dir = bad_library();
    let path = dir.path().to_str().unwrap();
    let mut tui = Tui::start(&["check", path], 100, 20);
    assert_eq!(colour_of(&tui, "error:"), vt100::Color::Idx(1), "red");
    tui.wait_exit(TIMEOUT);

    let mut tui = Tui::start(&["--color", "never", "check", path], 100, 20);
    assert_eq!(colour_of(&tui, "error:"), vt100::Color::Default);
    tui.wait_exit(TIMEOUT);
}
