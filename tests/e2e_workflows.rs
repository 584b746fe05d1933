//! End to end, the analyst's work: filter the library by an actor and by a
//! country and open a briefing under the filter; mark claims and a caveat,
//! write a note, export, read the file; quit, start again, find the marks.

mod common;

use std::path::{Path, PathBuf};
use std::time::Duration;

use common::{TIMEOUT, Tui, keys, when};

fn briefings() -> String {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("briefings")
        .display()
        .to_string()
}

/// Moves the library selection onto the row whose text holds `title` and opens it.
fn open(tui: &mut Tui, title: &str) {
    for _ in 0..13 {
        let shot = tui.shot();
        let selected = shot
            .find("▶ ")
            .is_some_and(|(row, _)| shot.rows[usize::from(row)].contains(title));
        if selected {
            tui.send(keys::ENTER);
            tui.wait_for(" Article · ", TIMEOUT);
            return;
        }
        tui.send("j");
        std::thread::sleep(Duration::from_millis(60));
    }
    panic!("no row {title}:\n{}", tui.shot().framed());
}

/// Types into the filter picker and adds the first choice.
fn pick(tui: &mut Tui, query: &str) {
    tui.send("f");
    tui.wait_for("Filter by actor or country", TIMEOUT);
    tui.send(query);
    tui.wait_for(when("the choice is shown", |s| s.contains("[ ] ")), TIMEOUT);
    tui.send(keys::ENTER);
    tui.wait_for("[x] ", TIMEOUT);
    std::thread::sleep(Duration::from_millis(150));
    tui.send(keys::ESC);
    tui.wait_for(
        when("the picker is closed", |s| !s.contains("Enter add/remove")),
        TIMEOUT,
    );
}

#[test]
fn filtering_by_apt31_and_by_czechia_narrows_the_library_and_a_briefing() {
    let mut tui = Tui::start(&[], 120, 40);
    tui.wait_for("12 briefings", TIMEOUT);
    pick(&mut tui, "zirconium");
    tui.wait_for("filter: APT31 · 9 of 12 briefings", TIMEOUT);

    tui.send("F");
    tui.wait_for("12 briefings", TIMEOUT);
    pick(&mut tui, "czech republic");
    let shot = tui.wait_for("filter: Czechia · 3 of 12 briefings", TIMEOUT);
    assert!(!shot.contains("Finland names"), "{}", shot.framed());

    open(&mut tui, "Czechia blames China-linked APT31");
    let shot = tui.wait_for(
        when("the hidden count", |s| s.contains("items hidden")),
        TIMEOUT,
    );
    assert!(shot.contains("filter: Czechia ·"), "{}", shot.framed());
    assert!(
        shot.contains("Claims 9 of 17"),
        "only related claims:\n{}",
        shot.framed()
    );

    // The filter carries back to the library, and clearing it there restores all.
    tui.send(keys::ESC);
    tui.wait_for("filter: Czechia · 3 of 12 briefings", TIMEOUT);
    tui.send("F");
    tui.wait_for("12 briefings", TIMEOUT);
}

#[test]
fn mark_note_export_quit_and_find_the_marks_again() {
    let work = tempfile::tempdir().expect("temp dir");
    let state: PathBuf = work.path().join("state");
    let args = [
        "--state-dir",
        state.to_str().expect("utf-8 path"),
        &briefings(),
    ];
    let mut tui = Tui::start_in(&args, 120, 40, work.path());
    tui.wait_for("12 briefings", TIMEOUT);
    open(&mut tui, "Czechia blames China-linked APT31");

    // Two claims and a caveat, and a note on the caveat.
    tui.send(" ");
    tui.wait_for("★ 1 marked", TIMEOUT);
    tui.send("j");
    tui.send(" ");
    tui.wait_for("★ 2 marked", TIMEOUT);
    tui.send("4");
    tui.send(" ");
    tui.wait_for("★ 3 marked", TIMEOUT);
    tui.send("a");
    tui.wait_for("Note on caveat", TIMEOUT);
    tui.send("Weak: no named source.");
    tui.send(keys::ENTER);
    tui.send("Ask for the report.");
    tui.send("\x13"); // Ctrl-S
    tui.wait_for("note saved on caveat", TIMEOUT);

    tui.send("x");
    tui.wait_for("Export the 3 marked items", TIMEOUT);
    tui.send("m");
    tui.wait_for("exported 3 marked items to", TIMEOUT);
    let file = work.path().join("cz-mfa-apt31-article-brief.md");
    let md = std::fs::read_to_string(&file).expect("the export was written where it said");
    assert!(md.contains("## Key judgements"), "{md}");
    assert!(
        md.contains("(c1)") && md.contains("(c2)"),
        "the two marked claims: {md}"
    );
    // The note on the caveat, under the caveat, its lines kept.
    assert!(
        md.contains("> Weak: no named source.  \n  > Ask for the report."),
        "{md}"
    );

    // q goes back one level: the briefing, then the library quits.
    tui.send("q");
    tui.wait_for(" Briefings ", TIMEOUT);
    tui.send("q");
    let status = tui.wait_exit(Duration::from_secs(3));
    assert!(status.success(), "{status:?}");

    // A new reader on the same state folder shows the marks.
    let mut again = Tui::start_in(&args, 120, 40, work.path());
    again.wait_for("12 briefings", TIMEOUT);
    open(&mut again, "Czechia blames China-linked APT31");
    again.wait_for("★ 3 marked", TIMEOUT);
    let saved = std::fs::read_to_string(state.join("marks/cz-mfa-apt31-article.yaml"))
        .expect("the marks file");
    assert!(saved.contains("Ask for the report."), "{saved}");
}
