//! End to end, the library as one body of evidence: the real binary in a
//! pseudo-terminal searches the bundled library for a phrase that the YAML
//! breaks across two lines, opens the hit, and shows the match selected;
//! and `n` in a briefing opened from the results goes on into the next
//! briefing with hits.

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

/// In two bundled briefings: once in jul-2021-coordinated-apt31-apt40 (p4),
/// four times in us-uk-2024-apt31-indictment (p2, p5, c3, c8).
const ACROSS: &str = "front company";

/// The briefing's header: its title, up to the TLP marking.
fn title(s: &common::Shot) -> String {
    let top = &s.rows[0];
    top.split(" TLP:").next().unwrap_or(top).trim().to_string()
}

#[test]
fn n_in_a_briefing_opened_from_the_results_goes_on_into_the_next_briefing() {
    let mut tui = Tui::start(&[], 120, 40);
    tui.wait_for("12 briefings", TIMEOUT);
    tui.send_keys(&["/"]);
    tui.wait_for(
        when("the search line", |s| s.last_row().contains(" /")),
        TIMEOUT,
    );
    tui.send(ACROSS);
    tui.send_keys(&[keys::ENTER]);
    tui.wait_for("5 hits in 2 briefings", TIMEOUT);

    tui.send_keys(&[keys::ENTER]);
    let s = tui.wait_for("hit 1/5 in the library", TIMEOUT);
    let first = title(&s);
    assert!(s.pane("Article").is_some(), "{}", s.framed());
    // n until another briefing's header shows: hit 2 or hit 5, as the
    // library happened to load the two.
    let mut k = 1;
    let s = loop {
        k += 1;
        assert!(k <= 5, "n never left {first}");
        tui.send_keys(&["n"]);
        let s = tui.wait_for(format!("hit {k}/5 in the library").as_str(), TIMEOUT);
        if title(&s) != first {
            break s;
        }
    };
    let second = title(&s);
    assert!(
        s.last_row().contains("match 1 of"),
        "its first hit: {}",
        s.framed()
    );
    // Its first hit is in a paragraph: the match is drawn selected there,
    // reversed and italic.
    let article = s.pane("Article").expect("the article");
    let screen = tui.vt_screen();
    let selected = article.lines.iter().enumerate().any(|(i, line)| {
        line.match_indices("front").any(|(byte, _)| {
            let col = article.left + 1 + line[..byte].chars().count() as u16;
            (0..5).all(|c| {
                screen
                    .cell(article.row_of(i), col + c)
                    .is_some_and(|cell| cell.italic() && cell.inverse())
            })
        })
    });
    assert!(selected, "the match selected:\n{}", s.framed());

    // Esc clears the search, Esc again: the results, on hit k.
    tui.send_keys(&[keys::ESC, keys::ESC]);
    let s = tui.wait_for(
        when("the results on the hit last seen", move |s| {
            s.contains("5 hits in 2 briefings")
                && s.last_row().trim_end().ends_with(&format!(" {k}/5"))
        }),
        TIMEOUT,
    );
    let place = &s.rows[2 + 2 * (k - 1)];
    let head: String = second.chars().take(30).collect();
    assert!(
        place.contains(&head),
        "hit {k} is in “{second}”: {}",
        s.framed()
    );
}
