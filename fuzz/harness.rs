//! What the `load_and_render` fuzz target checks, shared with
//! `tests/fuzz_regressions.rs` so that a crash input found by the fuzzer is
//! replayed the same way under plain `cargo test`.
//!
//! Input layout: the first 4 bytes, when there are 4, pick the terminal size
//! (width and height, each a little-endian `u16` taken modulo 301, so 0..=300);
//! the rest is the briefing file. Shorter inputs are a briefing drawn at 80x24.

// The fuzz target and the regression tests each use a different part of it.
#![allow(dead_code)]

use std::path::Path;

use debrief::briefing::Library;
use debrief::briefing::load::load_bytes;
use debrief::text;
use debrief::tui::app::Row;
use debrief::tui::theme::Theme;
use debrief::tui::{Action, App, update, view};
use ratatui::Terminal;
use ratatui::backend::TestBackend;

/// The largest width and height the header can ask for.
pub const MAX_SIDE: u16 = 300;

/// Splits an input into the terminal size it asks for and the file bytes.
pub fn split(data: &[u8]) -> (u16, u16, &[u8]) {
    match data {
        [w0, w1, h0, h1, rest @ ..] => (
            u16::from_le_bytes([*w0, *w1]) % (MAX_SIDE + 1),
            u16::from_le_bytes([*h0, *h1]) % (MAX_SIDE + 1),
            rest,
        ),
        _ => (80, 24, data),
    }
}

/// The 4-byte header that asks for a `width` x `height` terminal.
pub fn header(width: u16, height: u16) -> [u8; 4] {
    let [w0, w1] = width.to_le_bytes();
    let [h0, h1] = height.to_le_bytes();
    [w0, w1, h0, h1]
}

/// Everything the fuzz target does with one input. Panics on any failure.
pub fn check(data: &[u8]) {
    let (width, height, file) = split(data);
    check_clean(file);
    load_and_render(file, width, height);
}

/// Cleaning the raw bytes (read as lossy UTF-8) leaves nothing hostile and
/// cleaning again changes nothing.
pub fn check_clean(file: &[u8]) {
    let raw = String::from_utf8_lossy(file);
    let once = text::clean(&raw);
    if let Some(c) = once.chars().find(|&c| text::is_hostile(c)) {
        panic!("clean left U+{:04X} in the text", u32::from(c));
    }
    assert_eq!(text::clean(&once), once, "clean is not idempotent");
}

/// Loads `file` and drives the reader through every screen at `width` x
/// `height`, checking each frame. A file that fails to load is still drawn:
/// its error row on the library screen.
pub fn load_and_render(file: &[u8], width: u16, height: u16) {
    let path = Path::new("fuzz.yaml");
    let loaded = load_bytes(path, file);
    for d in &loaded.diagnostics {
        assert_clean_text(&d.message, "a diagnostic's message");
        if let Some(help) = &d.help {
            assert_clean_text(help, "a diagnostic's help");
        }
    }
    let ok = loaded.briefing.is_some();
    let mut library = Library::default();
    library.add(path, loaded);
    if ok {
        // The same file again: its id is taken, so this is a failure whose
        // message quotes the id from the file. The library shows both rows.
        library.add(path, load_bytes(path, file));
    }
    let mut app = App::new(library, Theme::new(true), width, height);
    draw(&app, "library");
    update(&mut app, Action::Overview);
    draw(&app, "library overview");
    update(&mut app, Action::Back);
    update(&mut app, Action::Help);
    draw(&app, "library help");
    update(&mut app, Action::Back);
    update(&mut app, Action::Bottom);
    draw(&app, "library, last row");
    if !ok {
        return;
    }

    // Filter by what the file names: a facet of the sidebar (shown at 100
    // columns and wider), then the picker of actors and countries.
    update(&mut app, Action::NextPane);
    update(&mut app, Action::Down);
    update(&mut app, Action::Toggle);
    draw(&app, "library, filtered by a facet");
    update(&mut app, Action::ClearFilter);
    if app.shelf().facets_focused {
        update(&mut app, Action::NextPane);
    }
    update(&mut app, Action::OpenPicker);
    draw(&app, "picker");
    update(&mut app, Action::Down);
    update(&mut app, Action::Open);
    draw(&app, "picker, one chosen");
    update(&mut app, Action::Back);
    draw(&app, "library, filtered by the picker");
    update(&mut app, Action::ClearFilter);

    // Select the briefing's row and open it.
    update(&mut app, Action::Top);
    for _ in 0..app.shelf().rows.len() {
        if let Some(Row::Briefing(_)) = app.shelf().rows.get(app.shelf().selected) {
            break;
        }
        update(&mut app, Action::Down);
    }
    update(&mut app, Action::Open);
    draw(&app, "briefing");
    update(&mut app, Action::PageDown);
    update(&mut app, Action::Bottom);
    draw(&app, "briefing, end of the article");
    update(&mut app, Action::Top);
    for pane in 0..5 {
        update(&mut app, Action::NextPane);
        draw(&app, &format!("briefing, pane {pane}"));
        update(&mut app, Action::Down);
        draw(&app, &format!("briefing, pane {pane}, second item"));
    }
    update(&mut app, Action::FocusClaims);
    update(&mut app, Action::Top);
    update(&mut app, Action::Open);
    draw(&app, "detail popup");
    update(&mut app, Action::Bottom);
    draw(&app, "detail popup, scrolled");
    update(&mut app, Action::Back);
    update(&mut app, Action::Help);
    draw(&app, "help");
    update(&mut app, Action::Back);
    update(&mut app, Action::Overview);
    draw(&app, "briefing overview");
    update(&mut app, Action::Back);

    // A filter hides the items that do not involve the chosen actor.
    update(&mut app, Action::OpenPicker);
    update(&mut app, Action::Open);
    update(&mut app, Action::Back);
    draw(&app, "briefing, filtered");
    for pane in 0..2 {
        update(&mut app, Action::NextPane);
        draw(&app, &format!("briefing, filtered, pane {pane}"));
    }
    update(&mut app, Action::ClearFilter);

    // Search for the start of the title: matches are highlighted by byte
    // ranges found ignoring case, which is where lengths can shift.
    let query: Vec<char> = app
        .briefing()
        .map(|b| b.title.chars().take(3).collect())
        .unwrap_or_default();
    update(&mut app, Action::StartSearch);
    for c in query {
        update(&mut app, Action::Type(c));
    }
    draw(&app, "search line");
    update(&mut app, Action::ConfirmSearch);
    update(&mut app, Action::NextMatch);
    draw(&app, "search matches");
}

/// Draws the app into a fresh `TestBackend` of its size and checks that no
/// cell holds a control or bidi character.
fn draw(app: &App, screen: &str) {
    let backend = TestBackend::new(app.shared.size.width, app.shared.size.height);
    let mut terminal = Terminal::new(backend).expect("a test terminal");
    terminal.draw(|f| view(app, f)).expect("draws");
    let buffer = terminal.backend().buffer();
    for (i, cell) in buffer.content().iter().enumerate() {
        if let Some(c) = cell.symbol().chars().find(|&c| text::is_hostile(c)) {
            let (x, y) = buffer.pos_of(i);
            panic!(
                "{screen} at {}x{}: cell ({x}, {y}) holds U+{:04X}",
                app.shared.size.width,
                app.shared.size.height,
                u32::from(c)
            );
        }
    }
}

fn assert_clean_text(s: &str, what: &str) {
    if let Some(c) = s.chars().find(|&c| text::is_hostile(c) && c != '\n') {
        panic!("{what} holds U+{:04X}: {s:?}", u32::from(c));
    }
}
