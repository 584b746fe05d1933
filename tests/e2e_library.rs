//! End to end, the library as one body of evidence: the real binary in a
//! pseudo-terminal searches the bundled library for a phrase that the YAML
//! breaks across two lines, opens the hit, and shows the match selected.

mod common;

use common::{TIMEOUT, Tui, keys, when};

/// "He wrote" ends line 45 of the file and "that the" begins line 46.
const PHRASE: &str = "he wrote that the";

#[test]
fn a_phrase_across_a_line_break_is_found_opened_and_selected() {
    let raw = std::fs::read_to_string(
        std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
            .join("briefings/cz-2025-official-attribution.yaml"),
    )
    .expect("the sample");
    assert!(
        raw.contains("He wrote\n      that the"),
        "the sample still breaks the phrase across lines"
    );

    let mut tui = Tui::start(&[], 120, 40);
    tui.wait_for("12 briefings", TIMEOUT);
    tui.send_keys(&["/"]);
    tui.wait_for(
        when("the search line", |s| s.last_row().contains(" /")),
        TIMEOUT,
    );
    tui.send(PHRASE);
    tui.send_keys(&[keys::ENTER]);
    let s = tui.wait_for("1 hit in 1 briefing", TIMEOUT);
    assert!(
        s.contains("cz-2025-official-attribution · p3"),
        "{}",
        s.framed()
    );

    tui.send_keys(&[keys::ENTER]);
    let s = tui.wait_for(
        when("the briefing at the match", |s| {
            s.pane("Article")
                .is_some_and(|p| p.text().contains("He wrote"))
                && s.last_row().contains("match 1 of 1")
        }),
        TIMEOUT,
    );
    // The match is drawn selected: reversed and italic, the whole phrase.
    let (row, col) = s.find("He wrote").expect("the match on screen");
    let screen = tui.vt_screen();
    for c in 0..8 {
        let cell = screen.cell(row, col + c).expect("a cell");
        assert!(
            cell.italic() && cell.inverse(),
            "column {c} of the match:\n{}",
            s.framed()
        );
    }
    // Back: the briefing's search goes first, then the results screen is there again.
    tui.send_keys(&[keys::ESC, keys::ESC]);
    tui.wait_for("1 hit in 1 briefing", TIMEOUT);
}
