//! The library as one body of evidence in the reader: the dossier screen
//! (`d`), the library's search results (`/`), and the corroboration in a
//! claim's detail. Rendered into ratatui's TestBackend at 80x24 and 200x60
//! and snapshot with insta; styles asserted separately.

use std::path::Path;

use debrief::briefing::{Library, Limits};
use debrief::tui::keymap::Key;
use debrief::tui::screens::{Screen, library};
use debrief::tui::theme::Theme;
use debrief::tui::{Action, App, update, view};
use ratatui::Terminal;
use ratatui::backend::TestBackend;
use ratatui::buffer::Buffer;
use ratatui::style::Modifier;

const SIZES: [(u16, u16); 2] = [(80, 24), (200, 60)];

fn app_at(width: u16, height: u16) -> App {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("briefings");
    App::new(
        Library::load(&[root], &Limits::default()),
        Theme::new(false),
        width,
        height,
    )
}

fn render(app: &App) -> (Buffer, String) {
    let mut terminal = Terminal::new(TestBackend::new(
        app.shared.size.width,
        app.shared.size.height,
    ))
    .expect("test terminal");
    terminal.draw(|f| view(app, f)).expect("draws");
    (
        terminal.backend().buffer().clone(),
        terminal.backend().to_string(),
    )
}

fn press(app: &mut App, key: Key) {
    if let Some(action) = app.action_for(key) {
        update(app, action);
    }
}

fn type_in(app: &mut App, text: &str) {
    for c in text.chars() {
        update(app, Action::Type(c));
    }
}

/// Filters by `query` through the picker, as a reader does with `f`.
fn filter(app: &mut App, query: &str) {
    press(app, Key::Char('f'));
    type_in(app, query);
    update(app, Action::Open);
    update(app, Action::Back);
}

fn search(app: &mut App, query: &str) {
    press(app, Key::Char('/'));
    type_in(app, query);
    press(app, Key::Enter);
}

/// The row (y) where `needle` is drawn, and its column.
fn find(buf: &Buffer, needle: &str) -> Option<(u16, u16)> {
    for y in 0..buf.area.height {
        let row: String = (0..buf.area.width).map(|x| buf[(x, y)].symbol()).collect();
        if let Some(i) = row.find(needle) {
            let x = row[..i].chars().count() as u16;
            return Some((x, y));
        }
    }
    None
}

#[test]
fn the_apt31_dossier_at_80x24_and_200x60() {
    for (w, h) in SIZES {
        let mut app = app_at(w, h);
        filter(&mut app, "apt31");
        press(&mut app, Key::Char('d'));
        assert_eq!(app.screen(), Screen::Dossier);
        let (buf, screen) = render(&app);
        assert!(screen.contains("Dossier · APT31"), "{screen}");
        assert!(screen.contains("38 claims in 9 briefings"), "{screen}");
        assert!(screen.contains("Claims per year"), "{screen}");
        // The first row, the earliest claim, is selected: reversed.
        let (x, y) = find(&buf, "2010/2024").expect("the earliest claim");
        assert!(
            buf[(x, y)].modifier.contains(Modifier::REVERSED),
            "selected row reversed"
        );
        insta::assert_snapshot!(format!("dossier_apt31_{w}x{h}"), screen);
    }
}

#[test]
fn d_with_no_facet_and_no_filter_says_what_to_do_at_this_width() {
    // At 200 columns the sidebar is there to Tab to; at 80 it is hidden,
    // so the hint names only the filter.
    for (w, h, tab) in [(200, 60, true), (80, 24, false)] {
        let mut app = app_at(w, h);
        press(&mut app, Key::Char('d'));
        assert_eq!(app.screen(), Screen::Library);
        let message = app.shared.message.clone().unwrap_or_default();
        assert!(message.contains("filter first (f)"), "{w}x{h}: {message}");
        assert_eq!(message.contains("Tab"), tab, "{w}x{h}: {message}");
        let (_, screen) = render(&app);
        assert!(screen.contains("filter first (f)"), "{w}x{h}: {screen}");
    }
}

#[test]
fn d_on_a_facet_opens_its_dossier_and_enter_opens_the_claim_and_esc_comes_back() {
    let mut app = app_at(200, 60);
    press(&mut app, Key::Tab);
    // The sidebar lists countries first; find Czechia.
    for _ in 0..40 {
        let rows = library::facet_rows(&app.shared);
        let here = rows
            .get(app.shelf().facet_selected)
            .and_then(|r| library::facet(&app.shared, *r));
        if here.is_some_and(|f| f.key == "CZ") {
            break;
        }
        press(&mut app, Key::Down);
    }
    press(&mut app, Key::Char('d'));
    assert_eq!(app.screen(), Screen::Dossier, "{}", render(&app).1);
    let (_, screen) = render(&app);
    assert!(screen.contains("Dossier · Czechia"), "{screen}");
    assert!(
        app.shared.filter.is_empty(),
        "a facet's dossier leaves the filter alone"
    );

    press(&mut app, Key::Down);
    press(&mut app, Key::Down);
    press(&mut app, Key::Enter);
    assert_eq!(app.screen(), Screen::Briefing);
    let item = app.current_item().expect("a claim selected");
    assert!(
        matches!(item, debrief::briefing::links::Item::Claim(_)),
        "{item:?}"
    );
    press(&mut app, Key::Esc);
    assert_eq!(app.screen(), Screen::Dossier);
    let (_, back) = render(&app);
    assert!(back.contains("3/"), "the dossier where it was: {back}");
}

#[test]
fn the_search_results_at_80x24_and_200x60() {
    for (w, h) in SIZES {
        let mut app = app_at(w, h);
        search(&mut app, "apt31");
        assert_eq!(app.screen(), Screen::SearchResults);
        let (buf, screen) = render(&app);
        let counted = screen.lines().next().unwrap_or_default().to_string();
        assert!(counted.contains(" hits in "), "{counted}");
        // The match in each snippet is lit: reversed without colour.
        let lit = (0..buf.area.height).any(|y| {
            (0..buf.area.width).any(|x| {
                let c = &buf[(x, y)];
                c.modifier.contains(Modifier::UNDERLINED) && c.symbol().eq_ignore_ascii_case("a")
            })
        });
        assert!(lit, "a match is lit:\n{screen}");
        insta::assert_snapshot!(format!("search_apt31_{w}x{h}"), screen);
    }
}

#[test]
fn a_hit_across_a_line_break_opens_selected_and_n_goes_on() {
    let mut app = app_at(200, 60);
    search(&mut app, "He wrote that the");
    let (_, screen) = render(&app);
    assert!(screen.contains("1 hit in 1 briefing"), "{screen}");
    press(&mut app, Key::Enter);
    assert_eq!(app.screen(), Screen::Briefing);
    let reader = app.reader().expect("the briefing");
    let (para, start, end) = reader.search.current.expect("the match selected");
    let b = app.briefing().expect("open");
    assert_eq!(&b.article[para].text[start..end], "He wrote that the");
    let (buf, _) = render(&app);
    let (x, y) = find(&buf, "He wrote").expect("the match in view");
    assert!(
        buf[(x, y)].modifier.contains(Modifier::ITALIC),
        "the selected match stands out"
    );
    press(&mut app, Key::Char('n'));
    assert!(
        app.shared
            .message
            .as_deref()
            .unwrap_or_default()
            .contains("match 1 of 1")
    );
    press(&mut app, Key::Esc);
    press(&mut app, Key::Esc);
    assert_eq!(
        app.screen(),
        Screen::SearchResults,
        "Esc clears the search, then comes back"
    );
}

#[test]
fn a_claims_detail_shows_its_corroboration_group() {
    let mut app = app_at(200, 60);
    filter(&mut app, "apt31");
    press(&mut app, Key::Char('d'));
    // "APT31 acts for China's Ministry of State Security": four briefings.
    for _ in 0..38 {
        let sel = match app.screens.last() {
            Some(debrief::tui::screens::ScreenState::Dossier(d)) => {
                d.entries[d.selected].group.len()
            }
            _ => 0,
        };
        if sel == 4 {
            break;
        }
        press(&mut app, Key::Down);
    }
    press(&mut app, Key::Enter);
    press(&mut app, Key::Enter);
    let (_, screen) = render(&app);
    assert!(
        screen
            .contains("Corroboration: 4 claims in 4 briefings · 2 sources · 2 independent origins"),
        "{screen}"
    );
    assert!(screen.contains("origins: "), "{screen}");
}
