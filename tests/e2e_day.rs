//! End to end, the reader in an analyst's day: a link opened with
//! `$BROWSER` (and a `file:` link refused), an item copied through OSC 52,
//! the file edited in `$EDITOR` and shown again, a change on disk seen
//! without a key, and Ctrl-o back after following a link. The real binary in
//! a pseudo-terminal (harness in `common/mod.rs`).

mod common;

use std::path::{Path, PathBuf};
use std::time::Duration;

use common::{TIMEOUT, Tui, keys, when};

const BRIEFING: &str = "\
format: debrief/2
id: day-one
title: A day with one briefing
outlet: Example Wire
published: 2025-05-28
url: https://example.org/story
article:
  - text: The ministry traced the intrusion back to APT31 last spring.
sources:
  - id: s-web
    name: Example Wire report
    kind: media
    reliability: B
    url: https://example.org/wire
  - id: s-local
    name: A file on someone's disk
    kind: document
    reliability: C
    url: file:///etc/passwd
claims:
  - id: c1
    text: The original claim text.
    quote: traced the intrusion back
    likelihood: likely
    sources: [s-web, s-local]
";

/// A scratch folder with the briefing in `lib/` and room for scripts.
struct Scratch {
    dir: tempfile::TempDir,
}

impl Scratch {
    fn new() -> Scratch {
        let dir = tempfile::tempdir().expect("temp dir");
        std::fs::create_dir(dir.path().join("lib")).expect("lib folder");
        std::fs::write(dir.path().join("lib/day-one.yaml"), BRIEFING).expect("briefing");
        Scratch { dir }
    }

    fn path(&self, name: &str) -> PathBuf {
        self.dir.path().join(name)
    }

    /// An executable shell script.
    fn script(&self, name: &str, body: &str) -> String {
        let path = self.path(name);
        std::fs::write(&path, format!("#!/bin/sh\n{body}\n")).expect("script");
        use std::os::unix::fs::PermissionsExt;
        std::fs::set_permissions(&path, std::fs::Permissions::from_mode(0o755)).expect("chmod");
        path.to_str().expect("utf-8").to_string()
    }

    /// The reader on `lib/`, with `env`, the briefing open on its first claim.
    fn open(&self, env: &[(&str, &str)]) -> Tui {
        let lib = self.path("lib");
        let mut tui = Tui::start_with(
            &[lib.to_str().expect("utf-8")],
            120,
            40,
            self.dir.path(),
            env,
        );
        tui.wait_for(
            when("the library loaded", |s| {
                s.pane("Briefings").is_some() && s.last_row().contains("loaded")
            }),
            TIMEOUT,
        );
        tui.send(keys::ENTER);
        tui.wait_for(" Article · ", TIMEOUT);
        tui
    }
}

fn read(path: &Path) -> String {
    std::fs::read_to_string(path).unwrap_or_default()
}

/// Whether the list pane titled `title` has its selection on a row with `id`.
fn selected_in(shot: &common::Shot, title: &str, id: &str) -> bool {
    shot.pane(title)
        .is_some_and(|p| p.lines.iter().any(|l| l.contains('▶') && l.contains(id)))
}

#[test]
fn o_opens_an_https_link_with_browser_and_refuses_a_file_link() {
    let scratch = Scratch::new();
    let opened = scratch.path("opened.txt");
    let browser = scratch.script(
        "browser.sh",
        &format!("printf '%s\\n' \"$@\" >> '{}'", opened.display()),
    );
    let mut tui = scratch.open(&[("BROWSER", &browser)]);
    tui.send("2");
    tui.wait_for(
        when("s-web selected", |s| selected_in(s, "Sources", "s-web")),
        TIMEOUT,
    );
    tui.send("O");
    tui.wait_for("opened https://example.org/wire", TIMEOUT);
    let deadline = std::time::Instant::now() + TIMEOUT;
    while read(&opened).is_empty() && std::time::Instant::now() < deadline {
        std::thread::sleep(Duration::from_millis(20));
    }
    assert_eq!(read(&opened), "https://example.org/wire\n");

    tui.send("j");
    tui.wait_for(
        when("s-local selected", |s| selected_in(s, "Sources", "s-local")),
        TIMEOUT,
    );
    tui.send("O");
    tui.wait_for("only http and https links are opened", TIMEOUT);
    std::thread::sleep(Duration::from_millis(300));
    assert_eq!(
        read(&opened),
        "https://example.org/wire\n",
        "the file: link was not handed on"
    );
}

/// The payload of every OSC 52 clipboard write in `raw`, decoded.
fn clipboard_writes(raw: &[u8]) -> Vec<String> {
    let text = String::from_utf8_lossy(raw);
    text.split("\x1b]52;")
        .skip(1)
        .filter_map(|rest| {
            let (_, after) = rest.split_once(';')?;
            let end = after.find(['\x07', '\x1b'])?;
            Some(String::from_utf8_lossy(&base64_decode(&after[..end])).into_owned())
        })
        .collect()
}

fn base64_decode(s: &str) -> Vec<u8> {
    const ALPHABET: &[u8] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
    let mut out = Vec::new();
    let (mut acc, mut bits) = (0u32, 0);
    for c in s.bytes().filter(|&c| c != b'=') {
        let Some(v) = ALPHABET.iter().position(|&a| a == c) else {
            continue;
        };
        acc = (acc << 6) | v as u32;
        bits += 6;
        if bits >= 8 {
            bits -= 8;
            out.push((acc >> bits) as u8);
        }
    }
    out
}

#[test]
fn y_copies_the_claim_as_text_through_osc_52_and_yu_its_link() {
    let scratch = Scratch::new();
    let mut tui = scratch.open(&[]);
    tui.send("y");
    tui.wait_for("copied day-one#c1 as text", TIMEOUT);
    let writes = clipboard_writes(&tui.raw_output());
    let text = writes.last().expect("an OSC 52 write");
    assert!(
        text.starts_with("The original claim text. (c1, day-one): likely"),
        "{text}"
    );
    assert!(
        text.contains("Quote: “traced the intrusion back”"),
        "{text}"
    );
    assert!(
        text.contains("Example Wire report (B) https://example.org/wire"),
        "{text}"
    );

    tui.send("yu");
    tui.wait_for("copied https://example.org/story", TIMEOUT);
    let writes = clipboard_writes(&tui.raw_output());
    assert_eq!(
        writes.last().map(String::as_str),
        Some("https://example.org/story")
    );

    tui.send("Y");
    tui.wait_for("copied day-one#c1 ", TIMEOUT);
    let writes = clipboard_writes(&tui.raw_output());
    assert_eq!(writes.last().map(String::as_str), Some("day-one#c1"));
}

#[test]
fn e_edits_the_file_at_the_claim_in_editor_and_the_screen_shows_the_new_text() {
    let scratch = Scratch::new();
    let args = scratch.path("editor-args.txt");
    let editor = scratch.script(
        "editor.sh",
        &format!(
            "printf '%s\\n' \"$@\" > '{}'\nsed -i 's/The original claim text/The edited claim text/' \"$2\"",
            args.display()
        ),
    );
    let mut tui = scratch.open(&[("VISUAL", ""), ("EDITOR", &editor)]);
    tui.wait_for("The original claim text", TIMEOUT);
    tui.send("e");
    let shot = tui.wait_for("The edited claim text", TIMEOUT);
    assert!(selected_in(&shot, "Claims", "c1"), "{}", shot.framed());
    let line = BRIEFING
        .lines()
        .position(|l| l.contains("- id: c1"))
        .expect("c1")
        + 1;
    let given = read(&args);
    assert!(given.starts_with(&format!("+{line}\n")), "{given}");
    assert!(given.trim_end().ends_with("day-one.yaml"), "{given}");
}

#[test]
fn a_file_changed_on_disk_shows_within_two_seconds_and_a_broken_one_keeps_its_last_good_version() {
    let scratch = Scratch::new();
    let tui = scratch.open(&[]);
    tui.wait_for("The original claim text", TIMEOUT);
    let file = scratch.path("lib/day-one.yaml");
    std::fs::write(
        &file,
        BRIEFING.replace("The original claim", "A claim changed on disk"),
    )
    .expect("write");
    tui.wait_for("A claim changed on disk", Duration::from_secs(2));

    std::fs::write(&file, format!("{BRIEFING}  - id: c1\n")).expect("write");
    let shot = tui.wait_for("kept the last good version", Duration::from_secs(2));
    assert!(
        shot.contains("A claim changed on disk"),
        "{}",
        shot.framed()
    );
    assert!(
        shot.last_row().contains("day-one.yaml:"),
        "{}",
        shot.framed()
    );
}

#[test]
fn no_watch_leaves_the_screen_alone_until_r() {
    let scratch = Scratch::new();
    let lib = scratch.path("lib");
    let mut tui = Tui::start(&["--no-watch", lib.to_str().expect("utf-8")], 120, 40);
    tui.wait_for(when("loaded", |s| s.last_row().contains("loaded")), TIMEOUT);
    tui.send(keys::ENTER);
    tui.wait_for("The original claim text", TIMEOUT);
    let file = scratch.path("lib/day-one.yaml");
    std::fs::write(
        &file,
        BRIEFING.replace("The original claim", "A claim changed on disk"),
    )
    .expect("write");
    std::thread::sleep(Duration::from_millis(1500));
    assert!(
        !tui.shot().contains("A claim changed on disk"),
        "{}",
        tui.shot().framed()
    );
    tui.send("R");
    tui.wait_for("A claim changed on disk", TIMEOUT);
}

#[test]
fn ctrl_o_after_following_a_link_returns_to_the_item_before() {
    let scratch = Scratch::new();
    let mut tui = scratch.open(&[]);
    tui.send(keys::ENTER);
    tui.wait_for(" Claim ", TIMEOUT);
    tui.send("j");
    tui.send(keys::ENTER);
    tui.wait_for(
        when("s-local selected", |s| selected_in(s, "Sources", "s-local")),
        TIMEOUT,
    );
    tui.send("\x0f");
    tui.wait_for(
        when("c1 selected again", |s| selected_in(s, "Claims", "c1")),
        TIMEOUT,
    );
    // Forward again with Alt-i (Ctrl-i is Tab to a terminal).
    tui.send("\x1bi");
    tui.wait_for(
        when("s-local again", |s| selected_in(s, "Sources", "s-local")),
        TIMEOUT,
    );
}

#[test]
fn e_on_a_file_that_failed_opens_it_at_its_error_and_the_fixed_file_loads() {
    let scratch = Scratch::new();
    let fixed = BRIEFING
        .replace("id: day-one", "id: day-two")
        .replace("A day with one briefing", "A second day, fixed");
    std::fs::write(scratch.path("fixed.yaml"), &fixed).expect("fixed copy");
    // Line 3 has no colon: an error there.
    let broken = fixed.replace("title: A second day, fixed", "title A second day");
    std::fs::write(scratch.path("lib/day-two.yaml"), broken).expect("broken file");
    let args = scratch.path("editor-args.txt");
    let editor = scratch.script(
        "editor.sh",
        &format!(
            "printf '%s\\n' \"$@\" > '{}'\ncp '{}' \"$2\"",
            args.display(),
            scratch.path("fixed.yaml").display()
        ),
    );
    let lib = scratch.path("lib");
    let mut tui = Tui::start_with(
        &["--no-watch", lib.to_str().expect("utf-8")],
        120,
        40,
        scratch.dir.path(),
        &[("VISUAL", ""), ("EDITOR", &editor)],
    );
    tui.wait_for(when("loaded", |s| s.last_row().contains("loaded")), TIMEOUT);
    tui.wait_for("✗ failed", TIMEOUT);
    tui.send("G");
    tui.wait_for("did not load", TIMEOUT);
    tui.send("e");
    let shot = tui.wait_for("A second day, fixed", TIMEOUT);
    assert!(!shot.contains("✗ failed"), "{}", shot.framed());
    let given = read(&args);
    assert!(
        given.starts_with('+') && given.contains("day-two.yaml"),
        "{given}"
    );
}
