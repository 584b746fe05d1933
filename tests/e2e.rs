//! End to end: the real `debrief` binary in a pseudo-terminal, driven by
//! keys and mouse clicks, its screen read back through a terminal emulator.
//! The harness is in `common/mod.rs`; every wait has a timeout and prints
//! the screen when it fails.

mod common;

use std::time::Duration;

use common::{Shot, TIMEOUT, Tui, assert_restored, assert_taken_over, keys, squash, when};

const FLAGSHIP_TITLE: &str =
    "Czechia blames China-linked APT31 for cyberattack on its foreign ministry";
/// The second row of the bundled library, newest first.
const SECOND_TITLE: &str = "Germany and Czechia name Russia's APT28";
const FLAGSHIP_FILE: &str = "briefings/cz-mfa-apt31-article.yaml";

/// A claim of the flagship briefing, read from its file so the tests follow
/// edits of the sample: the anchor quote and the ids of its sources.
struct Claim {
    quote: String,
    sources: Vec<String>,
}

/// Just enough YAML for the claim blocks of the sample file: the
/// `- id: ID` line opens a block, `quote: "..."` and `sources: [a, b]` are
/// one line each.
fn claim(id: &str) -> Claim {
    let path = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join(FLAGSHIP_FILE);
    let yaml = std::fs::read_to_string(path).expect("read the flagship briefing");
    let block: Vec<&str> = yaml
        .lines()
        .skip_while(|l| l.trim() != "claims:")
        .skip_while(|l| l.trim() != format!("- id: {id}"))
        .skip(1)
        .take_while(|l| {
            !l.trim_start().starts_with("- id:") && !l.starts_with(|c: char| c.is_alphabetic())
        })
        .collect();
    let value = |key: &str| {
        block
            .iter()
            .find_map(|l| l.trim().strip_prefix(key))
            .unwrap_or_else(|| panic!("claim {id} has no {key} in {FLAGSHIP_FILE}"))
            .trim()
            .to_string()
    };
    Claim {
        quote: value("quote:").trim_matches('"').to_string(),
        sources: value("sources:")
            .trim_matches(['[', ']'])
            .split(',')
            .map(|s| s.trim().to_string())
            .collect(),
    }
}

/// Starts the reader on the bundled library and waits for the first frame.
fn start(cols: u16, rows: u16) -> Tui {
    let tui = Tui::start(&[], cols, rows);
    tui.wait_for("12 briefings", TIMEOUT);
    tui
}

/// From the library, opens the flagship (the last row: it is undated, and
/// undated briefings sort after the dated ones) and waits for the briefing
/// screen.
fn open_flagship(tui: &mut Tui) {
    tui.send_keys(&["G"]);
    tui.wait_for(
        when("the flagship in the preview", |s| {
            s.pane("Preview")
                .is_some_and(|p| p.text().contains(FLAGSHIP_TITLE))
        }),
        TIMEOUT,
    );
    tui.send_keys(&[keys::ENTER]);
    tui.wait_for(
        when("the briefing screen", |s| {
            s.pane("Article").is_some() && s.pane("Claims").is_some()
        }),
        TIMEOUT,
    );
}

/// The line after the `▶` marker in the Claims pane: the selected claim's
/// text (the marker sits on the item's first line, its text on the second).
fn selected_claim_text(s: &Shot) -> Option<String> {
    let pane = s.pane("Claims")?;
    let i = pane
        .lines
        .iter()
        .position(|l| l.trim_start().starts_with('▶'))?;
    pane.lines.get(i + 1).map(|l| squash(l))
}

fn claim_selected(starts_with: &'static str) -> common::Expect {
    when(
        &format!("the claim “{starts_with}…” selected"),
        move |s| selected_claim_text(s).is_some_and(|t| t.starts_with(starts_with)),
    )
}

/// The article pane's first line of text.
fn article_top(s: &Shot) -> Option<String> {
    s.pane("Article")
        .and_then(|p| p.lines.first().map(|l| squash(l)))
}

/// A table row that starts with a date, `YYYY-MM-DD`, after the selection marker.
fn is_date_row(line: &str) -> bool {
    let t: Vec<char> = line
        .trim_start_matches([' ', '▶'])
        .chars()
        .take(10)
        .collect();
    t.len() == 10
        && t.iter().enumerate().all(|(i, c)| {
            if i == 4 || i == 7 {
                *c == '-'
            } else {
                c.is_ascii_digit()
            }
        })
}

#[test]
fn the_library_lists_the_bundled_briefings_newest_first() {
    let tui = start(120, 40);
    let s = tui.wait_for(
        when("eleven dated rows in the Briefings table", |s| {
            s.pane("Briefings")
                .is_some_and(|p| p.lines.iter().filter(|l| is_date_row(l)).count() == 11)
        }),
        TIMEOUT,
    );
    assert!(
        s.rows[0].contains("12 briefings"),
        "header:\n{}",
        s.framed()
    );
    let table = s.pane("Briefings").expect("the table");
    // Titles are cut to the column with an ellipsis: match their starts.
    // The flagship is undated: it sorts after every dated briefing.
    let expected = [
        "Czechia formally blames China and APT31",
        "Germany and Czechia name Russia's APT28",
        "Finland names a suspect",
        "The Netherlands attributes the Coathanger",
        "Belgium blames Chinese APTs",
        "France's ANSSI warns of an APT31",
        "Norway's PST points to APT31",
        "Czechia blames China-linked APT31",
    ];
    let rows: Vec<usize> = expected
        .iter()
        .map(|title| {
            table
                .line_with(title)
                .unwrap_or_else(|| panic!("{title:?} not in the table\n{}", s.framed()))
        })
        .collect();
    assert!(
        rows.windows(2).all(|w| w[0] < w[1]),
        "not newest first: rows {rows:?}\n{}",
        s.framed()
    );
    // The first row is selected and previewed.
    assert!(
        table.lines[rows[0]].trim_start().starts_with('▶'),
        "{}",
        s.framed()
    );
    let preview = s.pane("Preview").expect("the preview").text();
    assert!(
        preview.contains(
            "Czechia formally blames China and APT31 for foreign-ministry network campaign"
        ),
        "{}",
        s.framed()
    );
}

#[test]
fn selecting_a_claim_shows_its_anchor_and_marks_its_sources() {
    let c6 = claim("c6");
    assert_eq!(
        c6.sources,
        ["s-outlet"],
        "the sample changed: pick another claim"
    );
    let mut tui = start(120, 40);
    open_flagship(&mut tui);
    // c6's anchor is in the fourth paragraph, out of sight when the
    // briefing opens, so seeing it proves the article scrolled.
    let first = tui.shot();
    let article = first.pane("Article").expect("article pane").text();
    assert!(
        !article.contains(&c6.quote),
        "anchor already visible:\n{}",
        first.framed()
    );

    // 1 focuses the Claims list; five steps down is the sixth claim.
    tui.send_keys(&["1", "j", "j", "j", "j", "j"]);
    let s = tui.wait_for(claim_selected("Earlier China-linked"), TIMEOUT);
    let article = s.pane("Article").expect("article pane").text();
    assert!(
        article.contains(&c6.quote),
        "the anchor “{}” is not in the article pane\n{}",
        c6.quote,
        s.framed()
    );
    let sources = s
        .pane("Sources")
        .expect("all four lists show at 120 columns");
    assert!(
        sources.title.contains("● 1 linked"),
        "Sources title {:?}\n{}",
        sources.title,
        s.framed()
    );
    for line in sources.lines.iter().filter(|l| l.contains("  s-")) {
        let linked = line.starts_with('●');
        let should = c6
            .sources
            .iter()
            .any(|id| line.trim_end().ends_with(id.as_str()));
        assert_eq!(linked, should, "source line {line:?}\n{}", s.framed());
    }
    assert!(
        c6.sources
            .iter()
            .all(|id| sources.lines.iter().any(|l| l.contains(id.as_str()))),
        "the linked source is not brought into view\n{}",
        s.framed()
    );
}

#[test]
fn help_opens_with_question_mark_and_closes_with_esc() {
    let mut tui = start(100, 30);
    tui.send_keys(&["?"]);
    let s = tui.wait_for("Help · Esc closes", TIMEOUT);
    for text in [
        "Library",
        "open the briefing",
        "sort by date / title",
        "reverse the order",
    ] {
        assert!(s.contains(text), "{text:?} not in help\n{}", s.framed());
    }
    tui.send_keys(&[keys::ESC]);
    tui.wait_for(
        when("help closed", |s| {
            !s.contains("Help ·") && s.contains("12 briefings")
        }),
        TIMEOUT,
    );
    // Esc was read as Esc, not as Alt with the next key: keys still work.
    tui.send_keys(&["j"]);
    tui.wait_for(
        when("the second row previewed", |s| {
            s.pane("Preview")
                .is_some_and(|p| p.text().contains(SECOND_TITLE))
        }),
        TIMEOUT,
    );
}

#[test]
fn search_in_the_article_jumps_to_the_match() {
    let mut tui = start(120, 40);
    open_flagship(&mut tui);
    let word = "vigilance"; // in the last paragraph, p16
    let s = tui.shot();
    assert!(
        !s.pane("Article").unwrap().text().contains(word),
        "{}",
        s.framed()
    );
    // 0 focuses the article: search then looks in its text.
    tui.send_keys(&["0", "/"]);
    tui.send(word);
    tui.wait_for(
        when("the query typed in the status line", move |s| {
            s.last_row().contains(&format!("/{word}"))
        }),
        TIMEOUT,
    );
    tui.send_keys(&[keys::ENTER]);
    let s = tui.wait_for(
        when(
            "the query in the status line and the match in view",
            move |s| {
                s.last_row().contains(&format!("“{word}”"))
                    && s.pane("Article").is_some_and(|p| p.text().contains(word))
            },
        ),
        TIMEOUT,
    );
    assert!(!s.last_row().contains("no match"), "{}", s.framed());
}

#[test]
fn resizing_keeps_the_selection_and_the_article_position() {
    const CLAIM: &str = "A ministry spokesperson";
    let mut tui = start(120, 40);
    open_flagship(&mut tui);
    // The eighth claim: its anchor scrolls the article well down.
    tui.send_keys(&["1", "j", "j", "j", "j", "j", "j", "j"]);
    let wide = tui.wait_for(claim_selected(CLAIM), TIMEOUT);
    let top = article_top(&wide).unwrap_or_default();
    let first_word = top.split(' ').next().unwrap_or_default().to_string();
    assert!(
        top.split(' ').count() > 3,
        "the article's first line should be text\n{}",
        wide.framed()
    );

    // Narrower, the text wraps differently: the line that held the top
    // word is now the first.
    tui.resize(80, 24);
    let word = first_word.clone();
    tui.wait_for(
        when(
            &format!("at 80x24: tabs, the same claim, “{first_word}” on the first line"),
            move |s| {
                s.rows[0].chars().count() == 80
                    // The tab strip (its labels carry counts and links now).
                    && s.rows[1].contains("Cla ")
                    && s.rows[1].contains("Sou ")
                    && selected_claim_text(s).is_some_and(|t| t.starts_with(CLAIM))
                    && article_top(s).is_some_and(|t| t.split(' ').any(|w| w == word))
            },
        ),
        TIMEOUT,
    );

    // Back at the first size, the view is the one left, line for line.
    let back_to = |what: &str, top: &str| {
        let top = top.to_string();
        when(
            &format!("{what}: four lists, the same claim, the first line “{top}”"),
            move |s| {
                s.pane("Sources").is_some()
                    && s.pane("Caveats").is_some()
                    && selected_claim_text(s).is_some_and(|t| t.starts_with(CLAIM))
                    && article_top(s).is_some_and(|t| t == top)
            },
        )
    };
    tui.resize(120, 40);
    tui.wait_for(back_to("back at 120x40", &top), TIMEOUT);

    tui.resize(30, 8);
    tui.wait_for(
        when("“too small” at 30x8", |s| {
            s.rows
                .iter()
                .any(|r| r.to_lowercase().contains("too small"))
        }),
        TIMEOUT,
    );
    tui.resize(120, 40);
    tui.wait_for(back_to("at 120x40 after 30x8", &top), TIMEOUT);
}

#[test]
fn q_quits_with_status_zero_and_restores_the_terminal() {
    let mut tui = start(100, 30);
    assert_taken_over(&tui);
    tui.send_keys(&["q"]);
    let status = tui.wait_exit(Duration::from_secs(3));
    assert!(status.success(), "exit status {status:?}");
    assert_eq!(status.exit_code(), 0);
    assert_restored(&tui);
}

fn exits_on_signal(name: &str, number: u32) {
    let mut tui = start(100, 30);
    assert_taken_over(&tui);
    tui.signal(name);
    let status = tui.wait_exit(Duration::from_secs(2));
    // Killed by the signal would mean no restore: the reader must catch it
    // and leave by itself.
    assert_eq!(status.signal(), None, "killed by SIG{name}: {status:?}");
    // It leaves as shells report a process a signal ended: 128 + the signal.
    assert_eq!(
        status.exit_code(),
        128 + number,
        "exit status after SIG{name}: {status:?}"
    );
    assert_restored(&tui);
}

#[test]
fn sigterm_restores_the_terminal() {
    exits_on_signal("TERM", 15);
}

#[test]
fn sighup_restores_the_terminal() {
    exits_on_signal("HUP", 1);
}

#[test]
fn mouse_clicks_select_library_rows_and_list_items() {
    let mut tui = start(120, 40);
    let s = tui.shot();
    let table = s.pane("Briefings").expect("the table");
    let row = table
        .line_with("Czechia blames China-linked")
        .expect("the flagship row");
    let (y, x) = (table.row_of(row), table.left + 20);
    tui.click(x, y);
    tui.wait_for(
        when("the clicked row previewed", |s| {
            s.pane("Preview")
                .is_some_and(|p| p.text().contains(FLAGSHIP_TITLE))
        }),
        TIMEOUT,
    );
    // A click on the selected row opens it.
    tui.click(x, y);
    let s = tui.wait_for(
        when("the briefing screen", |s| s.pane("Claims").is_some()),
        TIMEOUT,
    );
    // Click the text line of the seventh claim (c7, whose source is s-mfa).
    let c7 = claim("c7");
    let claims = s.pane("Claims").unwrap();
    let line = claims
        .line_with("The ministry condemns")
        .expect("c7 in view");
    tui.click(claims.left + 5, claims.row_of(line));
    let s = tui.wait_for(claim_selected("The ministry condemns"), TIMEOUT);
    let sources = s.pane("Sources").unwrap();
    for id in &c7.sources {
        let line = sources
            .lines
            .iter()
            .find(|l| l.trim_end().ends_with(id.as_str()))
            .unwrap_or_else(|| panic!("{id} not in view\n{}", s.framed()));
        assert!(
            line.starts_with('●'),
            "{id} not marked linked\n{}",
            s.framed()
        );
    }
}

#[test]
fn a_bracketed_paste_into_the_search_line_is_text_only() {
    let mut tui = start(120, 40);
    open_flagship(&mut tui);
    tui.send_keys(&["/"]);
    tui.wait_for(
        when("the search line open", |s| s.last_row().contains(" /")),
        TIMEOUT,
    );
    // As keys these would search for w3, mark an item, move and quit.
    tui.send("\x1b[200~w3x\n jjj q\x1b[201~");
    let s = tui.wait_for(
        when("the pasted text in the search line", |s| {
            s.last_row().contains("/w3x  jjj q")
        }),
        TIMEOUT,
    );
    assert!(tui.is_running(), "the paste did not quit:\n{}", s.framed());
    assert!(!s.contains("marked"), "nothing was marked:\n{}", s.framed());
    assert!(s.pane("Article").is_some(), "still in the briefing");
    // Outside a text field a paste does nothing at all.
    tui.send_keys(&[keys::ESC]);
    tui.send("\x1b[200~q\x1b[201~");
    let s = tui.wait_for("paste ignored", TIMEOUT);
    assert!(tui.is_running(), "{}", s.framed());
    assert!(s.pane("Article").is_some(), "a pasted q is not a key");
}
