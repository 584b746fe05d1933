//! End to end, what the analyst did is never lost to a signal, and the
//! terminal is handed back whole on every way out and back in: the real
//! binary in a pseudo-terminal (harness in `common/mod.rs`).

mod common;

use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

use common::{TIMEOUT, Tui, assert_restored, assert_taken_over, keys, when};

fn start(args: &[&str]) -> Tui {
    let tui = Tui::start(args, 120, 40);
    // Loaded whole, so keys reach a full table.
    tui.wait_for(
        when("the library loaded", |s| {
            s.pane("Briefings").is_some() && s.last_row().contains("loaded")
        }),
        TIMEOUT,
    );
    tui
}

/// Opens the selected briefing and starts a note on its first claim.
fn open_and_start_a_note(tui: &mut Tui) {
    tui.send(keys::ENTER);
    tui.wait_for(" Article · ", TIMEOUT);
    tui.send("a");
    tui.wait_for(" Note on ", TIMEOUT);
    tui.send("half a thought");
    tui.wait_for("half a thought", TIMEOUT);
}

/// A reader whose state folder cannot be made (it lies under a regular
/// file), with a briefing open and one item marked, the save refused.
fn marked_with_an_unwritable_state(scratch: &Path) -> Tui {
    let blocker = scratch.join("blocker");
    std::fs::write(&blocker, "a file, not a folder").expect("write");
    let state = blocker.join("state");
    let mut tui = start(&["--state-dir", state.to_str().expect("utf-8")]);
    tui.send(keys::ENTER);
    tui.wait_for(" Article · ", TIMEOUT);
    tui.send(" ");
    tui.wait_for("could not save marks", TIMEOUT);
    tui
}

/// The marks files in a state folder, read whole.
fn marks_files(state: &Path) -> Vec<String> {
    let Ok(dir) = std::fs::read_dir(state.join("marks")) else {
        return Vec::new();
    };
    dir.flatten()
        .filter(|e| e.path().extension().is_some_and(|x| x == "yaml"))
        .map(|e| std::fs::read_to_string(e.path()).expect("readable"))
        .collect()
}

#[test]
fn a_note_being_written_when_sigterm_comes_is_saved_as_a_draft() {
    let scratch = tempfile::tempdir().expect("temp dir");
    let state = scratch.path().join("state");
    let mut tui = start(&["--state-dir", state.to_str().expect("utf-8")]);
    open_and_start_a_note(&mut tui);
    tui.signal("TERM");
    let status = tui.wait_exit(Duration::from_secs(3));
    assert_eq!(status.exit_code(), 143, "{status:?}");
    let files = marks_files(&state);
    assert_eq!(files.len(), 1, "{files:?}");
    assert!(files[0].contains("draft: half a thought"), "{}", files[0]);
    assert!(!tui.shot().contains("rescue"), "{}", tui.shot().framed());
}

#[test]
fn marks_that_could_not_be_saved_are_rescued_on_sigterm_and_the_path_is_printed() {
    let scratch = tempfile::tempdir().expect("temp dir");
    let mut tui = marked_with_an_unwritable_state(scratch.path());
    tui.send("a");
    tui.wait_for(" Note on ", TIMEOUT);
    tui.send("half a thought");
    tui.wait_for("half a thought", TIMEOUT);
    tui.signal("TERM");
    let status = tui.wait_exit(Duration::from_secs(3));
    assert_eq!(status.exit_code(), 143, "{status:?}");
    let shot = tui.shot();
    let said = shot
        .rows
        .iter()
        .find(|r| r.contains("could not be saved are in"))
        .unwrap_or_else(|| panic!("no word of the rescue\n{}", shot.framed()));
    let path: PathBuf = said
        .split_whitespace()
        .find(|w| w.contains("debrief-rescue-"))
        .map(|w| PathBuf::from(w.trim_end_matches(';')))
        .unwrap_or_else(|| panic!("no path in {said:?}"));
    let files = marks_files(&path);
    assert_eq!(files.len(), 1, "{files:?}");
    assert!(files[0].contains("marked: true"), "{}", files[0]);
    assert!(files[0].contains("draft: half a thought"), "{}", files[0]);
    let _ = std::fs::remove_dir_all(&path);
}

#[test]
fn sigquit_restores_the_terminal() {
    let mut tui = start(&[]);
    assert_taken_over(&tui);
    tui.signal("QUIT");
    let status = tui.wait_exit(Duration::from_secs(3));
    assert_eq!(status.exit_code(), 128 + 3, "{status:?}");
    assert_restored(&tui);
}

/// Waits until the pty's line discipline is cooked (`true`) or raw.
fn wait_for_mode(tui: &Tui, cooked: bool) {
    let start = Instant::now();
    loop {
        let modes = tui.local_modes();
        if modes.iter().any(|m| m == "ICANON") == cooked {
            return;
        }
        assert!(
            start.elapsed() < TIMEOUT,
            "the pty stayed {} : {modes:?}\n{}",
            if cooked { "raw" } else { "cooked" },
            tui.shot().framed()
        );
        std::thread::sleep(Duration::from_millis(30));
    }
}

fn suspends_and_resumes(suspend: impl Fn(&mut Tui)) {
    let mut tui = start(&[]);
    assert_taken_over(&tui);
    suspend(&mut tui);
    wait_for_mode(&tui, true);
    // The reader turns raw mode off, then writes the sequence that leaves the
    // alternate screen: the mode can be seen cooked before those bytes are
    // read from the pty, so they get the time any output gets.
    let start = Instant::now();
    while tui.vt_screen().alternate_screen() && start.elapsed() < TIMEOUT {
        std::thread::sleep(Duration::from_millis(10));
    }
    assert!(
        !tui.vt_screen().alternate_screen(),
        "suspended on the alternate screen"
    );
    // What a shell's `fg` sends.
    tui.signal("CONT");
    wait_for_mode(&tui, false);
    tui.wait_for(
        when("the library drawn again", |s| s.pane("Briefings").is_some()),
        TIMEOUT,
    );
    assert_taken_over(&tui);
    tui.send("q");
    assert!(tui.wait_exit(Duration::from_secs(3)).success());
}

#[test]
fn ctrl_z_suspends_and_fg_brings_the_reader_back_in_raw_mode() {
    suspends_and_resumes(|tui| tui.send("\x1a"));
}

#[test]
fn sigtstp_suspends_and_sigcont_brings_the_reader_back_in_raw_mode() {
    suspends_and_resumes(|tui| tui.signal("TSTP"));
}

#[test]
fn quitting_with_marks_that_could_not_be_saved_asks_and_saves_them_elsewhere() {
    let scratch = tempfile::tempdir().expect("temp dir");
    let mut tui = marked_with_an_unwritable_state(scratch.path());
    // q back to the library, q to quit: it asks instead.
    tui.send("q");
    tui.wait_for(" Briefings ", TIMEOUT);
    tui.send("q");
    tui.wait_for(" Unsaved marks ", TIMEOUT);
    tui.send("Q");
    std::thread::sleep(Duration::from_millis(300));
    assert!(
        tui.shot().contains(" Unsaved marks "),
        "Q does not get past the question\n{}",
        tui.shot().framed()
    );
    tui.send("s");
    tui.wait_for("Save to:", TIMEOUT);
    let elsewhere = scratch.path().join("elsewhere");
    tui.send(elsewhere.to_str().expect("utf-8"));
    tui.send(keys::ENTER);
    let status = tui.wait_exit(Duration::from_secs(3));
    assert!(status.success(), "{status:?}");
    assert!(
        tui.shot().contains("unsaved marks are in"),
        "{}",
        tui.shot().framed()
    );
    let files = marks_files(&elsewhere);
    assert_eq!(files.len(), 1, "{files:?}");
    assert!(files[0].contains("marked: true"), "{}", files[0]);
}

#[test]
fn losing_unsaved_marks_takes_a_capital_l() {
    let scratch = tempfile::tempdir().expect("temp dir");
    let mut tui = marked_with_an_unwritable_state(scratch.path());
    tui.send("\x03"); // Ctrl-c
    tui.wait_for(" Unsaved marks ", TIMEOUT);
    tui.send("l");
    std::thread::sleep(Duration::from_millis(300));
    assert!(
        tui.shot().contains(" Unsaved marks "),
        "a small l is not enough"
    );
    tui.send("L");
    assert!(tui.wait_exit(Duration::from_secs(3)).success());
}

#[test]
fn an_unreadable_marks_file_is_set_aside_and_said_in_the_status_line_and_preview() {
    let scratch = tempfile::tempdir().expect("temp dir");
    let state = scratch.path().join("state");
    std::fs::create_dir_all(state.join("marks")).expect("dir");
    // Every bundled briefing's id (its `id:`, else its file's stem), so the
    // test holds whatever the samples are.
    let ids: Vec<String> =
        std::fs::read_dir(Path::new(env!("CARGO_MANIFEST_DIR")).join("briefings"))
            .expect("briefings")
            .flatten()
            .filter(|e| e.path().extension().is_some_and(|x| x == "yaml"))
            .filter_map(|e| {
                let text = std::fs::read_to_string(e.path()).ok()?;
                let stem = e.path().file_stem()?.to_string_lossy().into_owned();
                Some(
                    text.lines()
                        .find_map(|l| l.strip_prefix("id: ").map(|s| s.trim().to_owned()))
                        .unwrap_or(stem),
                )
            })
            .collect();
    for id in &ids {
        std::fs::write(
            state.join("marks").join(format!("{id}.yaml")),
            "items: [[[\n",
        )
        .expect("write");
    }
    let tui = start(&["--state-dir", state.to_str().expect("utf-8")]);
    let shot = tui.wait_for(
        when("the set-aside preview", |s| {
            s.pane("Preview")
                .is_some_and(|p| p.text().contains("set aside"))
        }),
        TIMEOUT,
    );
    assert!(
        shot.last_row().contains("set aside"),
        "the status line says so: {:?}",
        shot.last_row()
    );
    let preview = shot.pane("Preview").expect("preview").text();
    assert!(
        preview.contains("unreadable"),
        "names the file it was moved to: {preview}"
    );
    assert!(
        preview.contains("line"),
        "says where the error is: {preview}"
    );
    assert!(
        ids.iter().any(|id| state
            .join("marks")
            .join(format!("{id}.unreadable.yaml"))
            .exists()),
        "moved aside, not deleted"
    );
}
