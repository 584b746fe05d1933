//! Every screen and pane rendered into a TestBackend at three sizes and
//! snapshotted (characters only), plus assertions on the styles that carry
//! meaning: selection, links, anchors, search matches, with and without colour.

use std::path::{Path, PathBuf};

use debrief::briefing::links::Item;
use debrief::briefing::{Library, Limits};
use debrief::tui::app::{Popup, Row};
use debrief::tui::layout::Pane;
use debrief::tui::screens::{Screen, library};
use debrief::tui::theme::Theme;
use debrief::tui::{Action, App, update, view};
use ratatui::Terminal;
use ratatui::backend::TestBackend;
use ratatui::buffer::Buffer;
use ratatui::style::{Color, Modifier};

const SIZES: [(u16, u16); 3] = [(80, 24), (120, 40), (200, 60)];
const FLAGSHIP: &str = "cz-mfa-apt31-article";

fn bundled() -> Library {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("briefings");
    Library::load(&[root], &Limits::default())
}

fn app_at(width: u16, height: u16, color: bool) -> App {
    App::new(bundled(), Theme::new(color), width, height)
}

fn render(app: &App) -> Buffer {
    let mut terminal = Terminal::new(TestBackend::new(
        app.shared.size.width,
        app.shared.size.height,
    ))
    .expect("test terminal");
    terminal.draw(|f| view(app, f)).expect("draws");
    terminal.backend().buffer().clone()
}

fn text_of(app: &App) -> String {
    let mut terminal = Terminal::new(TestBackend::new(
        app.shared.size.width,
        app.shared.size.height,
    ))
    .expect("test terminal");
    terminal.draw(|f| view(app, f)).expect("draws");
    terminal.backend().to_string()
}

/// Moves the library selection to the briefing with `id` and opens it.
fn open(app: &mut App, id: &str) {
    update(app, Action::Top);
    for _ in 0..app.shelf().rows.len() {
        if let Some(Row::Briefing(i)) = app.shelf().rows.get(app.shelf().selected)
            && app.shared.library.briefings[*i].id == id
        {
            update(app, Action::Open);
            assert_eq!(app.screen(), Screen::Briefing);
            return;
        }
        update(app, Action::Down);
    }
    panic!("no briefing {id} in the library");
}

/// Where `needle` is drawn, as (x, y) of its first cell, searching row by row.
fn find(buf: &Buffer, needle: &str) -> Option<(u16, u16)> {
    for y in 0..buf.area.height {
        let row: Vec<&str> = (0..buf.area.width).map(|x| buf[(x, y)].symbol()).collect();
        for x in 0..row.len() {
            let mut s = String::new();
            for sym in &row[x..] {
                s.push_str(sym);
                if s.len() >= needle.len() {
                    break;
                }
            }
            if s.starts_with(needle) {
                return Some((x as u16, y));
            }
        }
    }
    None
}

fn has(buf: &Buffer, x: u16, y: u16, m: Modifier) -> bool {
    buf[(x, y)].modifier.contains(m)
}

#[test]
fn library_screen_at_every_size() {
    for (w, h) in SIZES {
        let app = app_at(w, h, true);
        insta::assert_snapshot!(format!("library_{w}x{h}"), text_of(&app));
    }
}

#[test]
fn briefing_screen_and_each_pane_at_every_size() {
    for (w, h) in SIZES {
        let mut app = app_at(w, h, true);
        open(&mut app, FLAGSHIP);
        insta::assert_snapshot!(format!("briefing_{w}x{h}"), text_of(&app));
        for (action, pane) in [
            (Action::FocusSources, "sources"),
            (Action::FocusExperts, "experts"),
            (Action::FocusCaveats, "caveats"),
        ] {
            update(&mut app, action);
            update(&mut app, Action::Down);
            insta::assert_snapshot!(format!("briefing_{pane}_{w}x{h}"), text_of(&app));
        }
        update(&mut app, Action::FocusArticle);
        update(&mut app, Action::PageDown);
        insta::assert_snapshot!(format!("briefing_article_{w}x{h}"), text_of(&app));
    }
}

#[test]
fn popups_and_overview_at_every_size() {
    for (w, h) in SIZES {
        let mut app = app_at(w, h, true);
        update(&mut app, Action::Help);
        insta::assert_snapshot!(format!("help_{w}x{h}"), text_of(&app));
        update(&mut app, Action::Back);
        update(&mut app, Action::Overview);
        insta::assert_snapshot!(format!("overview_library_{w}x{h}"), text_of(&app));
        update(&mut app, Action::Back);
        open(&mut app, FLAGSHIP);
        update(&mut app, Action::Open);
        assert_eq!(app.popup(), Some(Popup::Detail(Item::Claim(0))));
        insta::assert_snapshot!(format!("detail_claim_{w}x{h}"), text_of(&app));
        update(&mut app, Action::Back);
        update(&mut app, Action::Overview);
        insta::assert_snapshot!(format!("overview_briefing_{w}x{h}"), text_of(&app));
    }
}

#[test]
fn a_terminal_too_small_says_so_at_any_size() {
    for (w, h) in [(0, 0), (1, 1), (10, 3), (39, 24), (80, 11)] {
        let mut app = app_at(w, h, true);
        open(&mut app, FLAGSHIP);
        let buf = render(&app);
        if w >= 18 && h >= 1 {
            assert!(find(&buf, "Terminal too small").is_some(), "{w}x{h}");
        }
    }
    let app = app_at(30, 8, true);
    insta::assert_snapshot!("too_small_30x8", text_of(&app));
}

#[test]
fn the_selected_library_row_is_reversed() {
    let app = app_at(120, 40, true);
    let buf = render(&app);
    let Some(Row::Briefing(i)) = app.shelf().rows.first() else {
        panic!("a first row");
    };
    let title = &app.shared.library.briefings[*i].title;
    let (x, y) = find(&buf, &title[..20]).expect("first title drawn");
    assert!(has(&buf, x, y, Modifier::REVERSED), "selected row reversed");
    let (x2, y2) = find(&buf, "Finland").expect("another row");
    assert!(!has(&buf, x2, y2, Modifier::REVERSED), "other rows are not");
}

/// The flagship at 120x40 with the first claim selected.
fn flagship_claim(color: bool) -> (App, Buffer) {
    let mut app = app_at(120, 40, color);
    open(&mut app, FLAGSHIP);
    assert_eq!(app.current_item(), Some(Item::Claim(0)));
    let buf = render(&app);
    (app, buf)
}

#[test]
fn the_current_claims_anchor_is_reversed_and_its_links_marked() {
    for color in [true, false] {
        let (app, buf) = flagship_claim(color);
        let b = app.briefing().expect("open");
        let quote = &b.claims[0].anchor.as_ref().expect("anchored").quote.value;
        let first_word = quote.split(' ').next().expect("a word");
        let (x, y) = find(&buf, first_word).expect("the anchor is visible in the article");
        assert!(x < 60, "found in the article pane, not a list");
        assert!(
            has(&buf, x, y, Modifier::REVERSED),
            "current anchor reversed"
        );

        // Every source of the claim is marked linked: ● before it and bold.
        let r = app.reader().expect("reader");
        assert!(!r.linked.sources.is_empty());
        for &s in &r.linked.sources {
            let id = &b.sources[s].id;
            let (x, y) = find(&buf, id).expect("linked source drawn");
            assert!(
                has(&buf, x, y, Modifier::BOLD),
                "linked source {id} is bold"
            );
            let row: String = (0..buf.area.width)
                .map(|x| buf[(x, y)].symbol().to_string())
                .collect();
            assert!(
                row.contains(Theme::LINK_MARK),
                "linked source {id} has the marker"
            );
        }
        // A source that is not linked is neither.
        let unlinked = (0..b.sources.len())
            .find(|i| !r.linked.sources.contains(i))
            .expect("an unlinked source");
        let id = &b.sources[unlinked].id;
        if let Some((x, y)) = find(&buf, id) {
            assert!(
                !has(&buf, x, y, Modifier::BOLD),
                "unlinked source {id} is plain"
            );
        }
    }
}

#[test]
fn without_colour_nothing_is_coloured_and_marks_still_read() {
    let (_, buf) = flagship_claim(false);
    for cell in buf.content() {
        assert!(
            matches!(cell.fg, Color::Reset) && matches!(cell.bg, Color::Reset),
            "no colour with NO_COLOR: {cell:?}"
        );
    }
    let modifiers = |m: Modifier| {
        buf.content()
            .iter()
            .filter(|c| c.modifier.contains(m))
            .count()
    };
    assert!(
        modifiers(Modifier::UNDERLINED) > 0,
        "claim anchors underlined"
    );
    assert!(
        modifiers(Modifier::ITALIC) > 0,
        "expert and caveat anchors italic"
    );
    assert!(modifiers(Modifier::REVERSED) > 0, "selection reversed");
    assert!(modifiers(Modifier::BOLD) > 0, "links bold");
}

#[test]
fn search_marks_matches_in_the_article_and_n_moves_between_them() {
    for color in [true, false] {
        let mut app = app_at(120, 40, color);
        open(&mut app, FLAGSHIP);
        update(&mut app, Action::FocusArticle);
        update(&mut app, Action::StartSearch);
        for c in "sabotage".chars() {
            update(&mut app, Action::Type(c));
        }
        update(&mut app, Action::ConfirmSearch);
        assert!(
            !app.reader().expect("reader").search.article.is_empty(),
            "the article mentions sabotage"
        );
        let first_scroll = app.reader().expect("reader").scroll;
        let buf = render(&app);
        let (x, y) = find(&buf, "sabotage").expect("a match is scrolled into view");
        let style = buf[(x, y)].style();
        let expected = app.shared.theme.search_match();
        assert_eq!(style.bg, expected.bg.or(Some(Color::Reset)));
        assert!(style.add_modifier.contains(expected.add_modifier));
        update(&mut app, Action::NextMatch);
        let next_scroll = app.reader().expect("reader").scroll;
        assert_ne!(first_scroll, next_scroll, "n moves to the next match");
        update(&mut app, Action::PrevMatch);
        assert_eq!(app.reader().expect("reader").scroll, first_scroll);
    }
}

#[test]
fn selecting_an_item_scrolls_its_anchor_into_view() {
    let mut app = app_at(80, 24, true);
    open(&mut app, FLAGSHIP);
    update(&mut app, Action::FocusCaveats);
    let b = app.briefing().expect("open").clone();
    for (i, caveat) in b.caveats.iter().enumerate() {
        let Some(span) = caveat.anchor.as_ref().and_then(|a| a.span) else {
            continue;
        };
        while app.reader().expect("reader").selected[3] < i {
            update(&mut app, Action::Down);
        }
        let r = app.reader().expect("reader");
        let line = debrief::tui::app::line_of(&r.lines, span.para(), span.start());
        let rows = app.briefing_layout().article_rows();
        assert!(
            (r.scroll..r.scroll + rows).contains(&line),
            "caveat {} anchored at line {line} is visible from {}",
            caveat.id,
            r.scroll
        );
    }
}

#[test]
fn resizing_keeps_the_selection_and_the_text_at_the_top() {
    let mut app = app_at(120, 40, true);
    open(&mut app, FLAGSHIP);
    for _ in 0..9 {
        update(&mut app, Action::Down);
    }
    let selected = app.current_item();
    let top = |app: &App| {
        let r = app.reader().expect("reader");
        let line = r.lines[r.scroll];
        (line.para, line.start)
    };
    let (para, start) = top(&app);
    update(
        &mut app,
        Action::Resize {
            width: 80,
            height: 24,
        },
    );
    assert_eq!(app.current_item(), selected);
    let (para2, start2) = top(&app);
    assert_eq!(para2, para, "the same paragraph stays at the top");
    assert!(start2 <= start, "the top line holds the old top text");
    update(
        &mut app,
        Action::Resize {
            width: 20,
            height: 5,
        },
    );
    update(
        &mut app,
        Action::Resize {
            width: 120,
            height: 40,
        },
    );
    assert_eq!(app.current_item(), selected);
    assert_eq!(top(&app).0, para);
}

#[test]
fn tab_cycles_the_panes_and_narrow_screens_show_the_focused_list() {
    let mut app = app_at(80, 24, true);
    open(&mut app, FLAGSHIP);
    let focus = |app: &App| app.reader().expect("reader").focus;
    assert_eq!(focus(&app), Pane::Claims);
    let order = [
        Pane::Sources,
        Pane::Experts,
        Pane::Caveats,
        Pane::Article,
        Pane::Claims,
    ];
    for pane in order {
        update(&mut app, Action::NextPane);
        assert_eq!(focus(&app), pane);
        if pane != Pane::Article {
            let buf = render(&app);
            let title = format!(" {} ", pane.title());
            assert!(
                find(&buf, &title).is_some(),
                "{pane:?} shown as the tab's pane"
            );
        }
    }
}

#[test]
fn mouse_clicks_focus_and_select_and_the_wheel_scrolls() {
    let mut app = app_at(120, 40, true);
    open(&mut app, FLAGSHIP);
    let layout = app.briefing_layout();
    let body = layout.list_body(Pane::Sources).expect("sources shown");
    // Second source item: two rows per item.
    update(
        &mut app,
        Action::Click {
            column: body.x + 2,
            row: body.y + 2,
        },
    );
    let r = app.reader().expect("reader");
    assert_eq!(r.focus, Pane::Sources);
    assert_eq!(app.current_item(), Some(Item::Source(1)));
    let article = layout.article;
    update(
        &mut app,
        Action::ScrollDown {
            column: article.x + 3,
            row: article.y + 3,
        },
    );
    assert_eq!(app.reader().expect("reader").scroll, 3);
}

#[test]
fn files_that_fail_to_load_are_listed_with_their_first_error() {
    let dir = tempfile::tempdir().expect("temp dir");
    std::fs::write(
        dir.path().join("good.yaml"),
        "format: debrief/1\ntitle: A good one\narticle:\n  - text: Some words.\n",
    )
    .expect("write");
    std::fs::write(
        dir.path().join("bad.yaml"),
        "format: debrief/1\ntittle: A typo\narticle:\n  - text: Some words.\n",
    )
    .expect("write");
    let library = Library::load(&[PathBuf::from(dir.path())], &Limits::default());
    let mut app = App::new(library, Theme::new(true), 120, 30);
    let buf = render(&app);
    assert!(find(&buf, "A good one").is_some());
    let (x, y) = find(&buf, "bad.yaml").expect("the failed file is listed");
    assert!(
        find(&buf, "unknown key `tittle`").is_some(),
        "with its first error"
    );
    assert_eq!(
        buf[(x, y)].fg,
        app.shared.theme.error().fg.expect("coloured")
    );
    update(&mut app, Action::Down);
    let screen = text_of(&app);
    assert!(screen.contains("did not load"), "{screen}");
    assert!(
        screen.contains("did you mean `title`"),
        "the preview gives the help"
    );
}

#[test]
fn wide_characters_keep_the_borders_aligned() {
    let dir = tempfile::tempdir().expect("temp dir");
    let yaml = "format: debrief/1\ntitle: 中国 APT31 报告 🇨🇿 tests 👍🏽\narticle:\n  - text: 外交部表示，网络攻击来自 APT31 组织。😀 Emoji 👩‍👩‍👧 and 한국어 text wraps here and there across the width of the pane, again and again, 中文字符中文字符中文字符中文字符中文字符。\nclaims:\n  - id: c1\n    text: 攻击来自 APT31 😀\n    quote: 网络攻击来自\n    sources: [s1]\nsources:\n  - {id: s1, name: 外交部 statement 📄, reliability: B}\n";
    std::fs::write(dir.path().join("wide.yaml"), yaml).expect("write");
    let library = Library::load(&[PathBuf::from(dir.path())], &Limits::default());
    assert!(library.failures.is_empty(), "{:?}", library.failures);
    for (w, h) in SIZES {
        let mut app = App::new(
            Library::load(&[PathBuf::from(dir.path())], &Limits::default()),
            Theme::new(true),
            w,
            h,
        );
        // Every box keeps its left and right border on every row: a wide
        // character measured wrong would push the right border out of place.
        let boxes_aligned = |app: &App, boxes: Vec<ratatui::layout::Rect>| {
            let buf = render(app);
            for r in boxes {
                for y in r.y + 1..r.bottom().saturating_sub(1) {
                    let left = buf[(r.x, y)].symbol();
                    let right = buf[(r.right() - 1, y)].symbol();
                    assert_eq!(left, "│", "left border of {r:?} at row {y}, {w}x{h}");
                    assert!(
                        ["│", "█", "║"].contains(&right),
                        "right border of {r:?} at row {y}, {w}x{h} is {right:?}:\n{}",
                        text_of(app)
                    );
                }
            }
        };
        let l = debrief::tui::layout::library(app.shared.size, app.shelf().rows.len());
        boxes_aligned(&app, vec![l.table, l.preview]);
        update(&mut app, Action::Open);
        let l = app.briefing_layout();
        let mut boxes = vec![l.article];
        boxes.extend(l.lists.iter().flatten().copied());
        boxes_aligned(&app, boxes);
        insta::assert_snapshot!(format!("wide_characters_{w}x{h}"), text_of(&app));
    }
}

#[test]
fn linked_items_in_other_lists_are_scrolled_into_view() {
    let mut app = app_at(120, 34, true);
    open(&mut app, FLAGSHIP);
    let layout = app.briefing_layout();
    for _ in 0..app.list_len(Pane::Claims) {
        let buf = render(&app);
        let r = app.reader().expect("reader");
        for pane in [Pane::Sources, Pane::Experts, Pane::Caveats] {
            let li = pane.list_index().expect("a list");
            let any_linked = (0..app.list_len(pane))
                .any(|j| pane.item(j).is_some_and(|item| r.linked.contains(item)));
            let body = layout.list_body(pane).expect("shown at 120 columns");
            let marker_shown =
                (body.y..body.bottom()).any(|y| buf[(body.x, y)].symbol() == Theme::LINK_MARK);
            assert_eq!(
                any_linked,
                marker_shown,
                "{pane:?} with claim {:?} (offset {})",
                app.current_item(),
                r.offsets[li]
            );
        }
        update(&mut app, Action::Down);
    }
}

/// Types into the picker and toggles the first choice it shows.
fn pick(app: &mut App, query: &str) {
    update(app, Action::OpenPicker);
    for c in query.chars() {
        update(app, Action::Type(c));
    }
    let picker = app.picker().expect("the picker is open");
    assert!(!picker.shown.is_empty(), "{query} names something");
    update(app, Action::Open);
    update(app, Action::Back);
    assert!(app.picker().is_none());
}

#[test]
fn filtering_the_library_by_apt31_and_by_czechia() {
    let mut app = app_at(120, 40, true);
    pick(&mut app, "zirconium");
    assert_eq!(app.shared.filter.actors, ["apt31".to_string()].into());
    assert_eq!(
        app.shared.matching.len(),
        9,
        "nine of the twelve bundled briefings involve APT31"
    );
    let screen = text_of(&app);
    assert!(
        screen.contains("filter: APT31 · 9 of 12 briefings"),
        "{screen}"
    );
    assert!(screen.contains("[x] APT31"), "the facet is checked");

    update(&mut app, Action::ClearFilter);
    pick(&mut app, "czech republic");
    assert_eq!(app.shared.filter.countries, ["CZ".to_string()].into());
    assert_eq!(app.shared.matching.len(), 3);
    let screen = text_of(&app);
    assert!(
        screen.contains("filter: Czechia · 3 of 12 briefings"),
        "{screen}"
    );
    assert!(!screen.contains("Finland names"), "others are hidden");
    insta::assert_snapshot!("library_filtered_czechia_120x40", screen);
}

#[test]
fn a_briefing_under_a_filter_shows_related_items_and_the_hidden_count() {
    for (w, h) in SIZES {
        let mut app = app_at(w, h, true);
        pick(&mut app, "Czechia");
        open(&mut app, FLAGSHIP);
        let b = app.briefing().expect("open").clone();
        let r = app.reader().expect("reader");
        let hidden = r.visible.hidden();
        assert!(
            hidden > 0 && hidden < 41,
            "some but not all hidden: {hidden}"
        );
        // Every claim shown involves Czechia; every claim hidden does not.
        for (i, claim) in b.claims.iter().enumerate() {
            let shown = r.rows[0].contains(&i);
            assert_eq!(
                shown,
                debrief::query::claim_involves(&b, claim, &app.shared.filter),
                "claim {}",
                claim.id
            );
        }
        let screen = text_of(&app);
        assert!(
            screen.contains(&format!("filter: Czechia · {hidden} items hidden")),
            "{screen}"
        );
        insta::assert_snapshot!(format!("briefing_filtered_czechia_{w}x{h}"), screen);
    }
}

#[test]
fn the_filter_carries_into_a_briefing_and_back_and_clearing_restores_the_selection() {
    let mut app = app_at(120, 40, true);
    open(&mut app, FLAGSHIP);
    update(&mut app, Action::FocusCaveats);
    // The seventh caveat, k-outlet, is on claims that do not involve NATO.
    for _ in 0..6 {
        update(&mut app, Action::Down);
    }
    let before = app.current_item();
    pick(&mut app, "NATO");
    assert_ne!(app.current_item(), before, "the caveat is not about NATO");
    update(&mut app, Action::Back);
    assert_eq!(app.screen(), Screen::Library);
    assert_eq!(
        app.shared.filter.actors,
        ["nato".to_string()].into(),
        "the filter stays"
    );
    assert_eq!(
        app.shared.matching.len(),
        5,
        "NATO is in five of the twelve samples"
    );
    open(&mut app, FLAGSHIP);
    assert!(app.reader().expect("reader").visible.hidden() > 0);

    // Clearing inside the briefing brings back what was selected before.
    let mut app = app_at(120, 40, true);
    open(&mut app, FLAGSHIP);
    update(&mut app, Action::FocusCaveats);
    // The seventh caveat, k-outlet, is on claims that do not involve NATO.
    for _ in 0..6 {
        update(&mut app, Action::Down);
    }
    pick(&mut app, "NATO");
    update(&mut app, Action::ClearFilter);
    assert_eq!(app.current_item(), before);
    assert_eq!(app.reader().expect("reader").visible.hidden(), 0);
}

#[test]
fn facets_toggle_from_the_sidebar_with_keys_and_clicks() {
    let mut app = app_at(120, 40, true);
    update(&mut app, Action::NextPane);
    assert!(app.shelf().facets_focused);
    // Countries come first: the top row is the most common country.
    let first = library::facet(&app.shared, library::facet_rows(&app.shared)[0])
        .expect("a facet")
        .clone();
    update(&mut app, Action::Toggle);
    assert!(
        app.shared.filter.countries.contains(&first.key),
        "{first:?}"
    );
    update(&mut app, Action::Toggle);
    assert!(app.shared.filter.is_empty());

    let facets = debrief::tui::layout::library(app.shared.size, app.shelf().rows.len())
        .facets
        .map(debrief::tui::layout::inner)
        .expect("sidebar at 120 columns");
    update(
        &mut app,
        Action::Click {
            column: facets.x + 1,
            row: facets.y + 1,
        },
    );
    assert_eq!(
        app.shared.filter.countries.len() + app.shared.filter.actors.len(),
        1
    );
    let buf = render(&app);
    let (x, y) = find(&buf, "[x]").expect("the clicked facet is checked");
    assert!(has(&buf, x, y, Modifier::BOLD), "and marked");
}

/// Feeds a key through the key map, as the event loop does.
fn press(app: &mut App, key: debrief::tui::keymap::Key) {
    if let Some(action) = app.action_for(key) {
        update(app, action);
    }
}

#[test]
fn the_overview_counts_what_the_filter_leaves_and_says_so() {
    // In a briefing: the Czechia bar is the Claims pane's count.
    let mut app = app_at(160, 40, true);
    pick(&mut app, "Czechia");
    open(&mut app, FLAGSHIP);
    let shown = app.list_len(Pane::Claims);
    update(&mut app, Action::Overview);
    let bars = &app.overview().expect("overview").overview.claims_by_country;
    assert_eq!(
        bars.iter().find(|(c, _)| c == "CZ").map(|b| b.1),
        Some(shown as u64),
        "{bars:?}"
    );
    let screen = text_of(&app);
    assert!(screen.contains("filter: Czechia"), "{screen}");

    // In the library: the briefings the filter leaves, each as its panes count.
    update(&mut app, Action::Back);
    update(&mut app, Action::Back);
    let mut in_panes = 0;
    for &i in &app.shared.matching.clone() {
        let id = app.shared.library.briefings[i].id.to_string();
        open(&mut app, &id);
        in_panes += app.list_len(Pane::Claims);
        update(&mut app, Action::Back);
    }
    update(&mut app, Action::Overview);
    let o = &app.overview().expect("overview").overview;
    let cz = o.claims_by_country.iter().find(|(c, _)| c == "CZ");
    assert_eq!(cz.map(|b| b.1), Some(in_panes as u64));
    let screen = text_of(&app);
    let title = format!(
        "Overview · {} of {} briefings · filter: Czechia",
        app.shared.matching.len(),
        app.shared.library.briefings.len()
    );
    assert!(app.shared.matching.len() < app.shared.library.briefings.len());
    assert!(screen.contains(&title), "{title}\n{screen}");
}

#[test]
fn selecting_a_late_claim_never_scrolls_past_the_end_of_the_article() {
    let mut app = app_at(160, 40, true);
    open(&mut app, FLAGSHIP);
    let b = app.briefing().expect("open").clone();
    let c13 = b.claims.iter().position(|c| c.id == "c13").expect("c13");
    for _ in 0..c13 {
        update(&mut app, Action::Down);
    }
    assert_eq!(app.current_item(), Some(Item::Claim(c13)));
    let r = app.reader().expect("reader");
    let rows = app.briefing_layout().article_rows();
    assert_eq!(
        r.scroll,
        r.lines.len() - rows,
        "the article's last line at the bottom of the pane"
    );
    let buf = render(&app);
    let article = app.briefing_layout().article;
    let last_row = article.bottom() - 2;
    let drawn: String = (article.x + 2..article.x + 30)
        .map(|x| buf[(x, last_row)].symbol().to_string())
        .collect();
    assert!(!drawn.trim().is_empty(), "no blank rows below the end");
}

#[test]
fn a_narrow_library_keeps_the_titles() {
    let app = app_at(40, 12, true);
    let screen = text_of(&app);
    assert!(screen.contains("Czechia formally"), "{screen}");
    assert!(screen.contains("Title"), "{screen}");
    insta::assert_snapshot!("library_40x12", screen);
}

#[test]
fn library_search_finds_text_in_articles_across_line_breaks() {
    let mut app = app_at(120, 40, true);
    update(&mut app, Action::StartSearch);
    for c in "home routers".chars() {
        update(&mut app, Action::Type(c));
    }
    update(&mut app, Action::ConfirmSearch);
    // The hits are listed on their own screen (tests/screens_library.rs);
    // back on the library the matching rows are lit and n goes through them.
    assert_eq!(app.screen(), Screen::SearchResults);
    update(&mut app, Action::Back);
    assert_eq!(app.screen(), Screen::Library);
    let belgian = app
        .shelf()
        .rows
        .iter()
        .position(|r| {
            matches!(r, Row::Briefing(i) if app.shared.library.briefings[*i].id.starts_with("be-2022"))
        })
        .expect("the Belgian briefing is listed");
    for _ in 0..app.shelf().rows.len() {
        if app.shelf().selected == belgian {
            break;
        }
        update(&mut app, Action::NextMatch);
    }
    assert_eq!(
        app.shelf().selected,
        belgian,
        "n reaches the Belgian briefing"
    );
}

#[test]
fn q_goes_back_one_level_and_capital_q_quits_from_anywhere() {
    use debrief::tui::keymap::Key;
    let mut app = app_at(120, 40, true);
    open(&mut app, FLAGSHIP);
    press(&mut app, Key::Enter);
    assert!(app.popup().is_some());
    press(&mut app, Key::Char('q'));
    assert!(app.popup().is_none(), "q closes the popup first");
    assert_eq!(app.screen(), Screen::Briefing);
    press(&mut app, Key::Char('q'));
    assert_eq!(app.screen(), Screen::Library, "then the briefing");
    assert!(!app.shared.quit);
    press(&mut app, Key::Char('q'));
    assert!(app.shared.quit, "and from the library it quits");

    let mut app = app_at(120, 40, true);
    open(&mut app, FLAGSHIP);
    press(&mut app, Key::Char('Q'));
    assert!(app.shared.quit, "Q quits from a briefing");
}

#[test]
fn the_filter_says_and_and_or_and_the_sidebar_can_build_an_or() {
    let mut app = app_at(120, 40, true);
    update(&mut app, Action::NextPane);
    let key_at = |app: &App| {
        let rows = library::facet_rows(&app.shared);
        library::facet(&app.shared, rows[app.shelf().facet_selected])
            .expect("a facet")
            .key
            .clone()
    };
    // Walk to Czechia, toggle it: the cursor stays on it, Finland stays listed.
    while key_at(&app) != "CZ" {
        update(&mut app, Action::Down);
    }
    update(&mut app, Action::Toggle);
    assert_eq!(
        key_at(&app),
        "CZ",
        "the cursor stays on the facet it was on"
    );
    let countries: Vec<&str> = app
        .shared
        .facets
        .countries
        .iter()
        .map(|f| f.key.as_str())
        .collect();
    assert!(
        countries.contains(&"FI"),
        "Finland can still be added: {countries:?}"
    );
    while key_at(&app) != "FI" {
        update(&mut app, Action::Down);
    }
    update(&mut app, Action::Toggle);
    let either = app
        .shared
        .library
        .briefings
        .iter()
        .filter(|b| b.countries().iter().any(|c| *c == "CZ" || *c == "FI"))
        .count();
    assert_eq!(app.shared.matching.len(), either, "Czechia or Finland");
    pick(&mut app, "APT31");
    let screen = text_of(&app);
    assert!(
        screen.contains("APT31 and (Czechia or Finland)"),
        "{screen}"
    );
}

#[test]
fn braces_move_the_current_paragraph_and_space_marks_it() {
    let mut app = app_at(120, 40, true);
    open(&mut app, FLAGSHIP);
    let top = app.cursor_paragraph().expect("a paragraph");
    update(&mut app, Action::NextParagraph);
    update(&mut app, Action::NextParagraph);
    assert_eq!(app.cursor_paragraph(), Some(top + 2));
    assert_eq!(app.reader().expect("reader").focus, Pane::Article);
    update(&mut app, Action::Mark);
    let b = app.briefing().expect("open");
    let id = b.article[top + 2].id.clone();
    assert!(app.is_marked(&debrief::marks::Target::new(
        debrief::marks::Kind::Paragraph,
        &id
    )));
    update(&mut app, Action::PrevParagraph);
    assert_eq!(app.cursor_paragraph(), Some(top + 1));
    // The margin shows where it is: the bar beside the current paragraph only.
    let buf = render(&app);
    let r = app.reader().expect("reader");
    let inner = debrief::tui::layout::inner(app.briefing_layout().article);
    for (row, line) in r
        .lines
        .iter()
        .skip(r.scroll)
        .take(inner.height as usize)
        .enumerate()
    {
        let margin = buf[(inner.x, inner.y + row as u16)].symbol().to_string();
        if line.para == Some(top + 1) {
            assert_eq!(margin, "▎", "row {row}");
        } else {
            assert_ne!(margin, "▎", "row {row}");
        }
    }
    // A click on a paragraph makes it current.
    let last_row = inner.y + inner.height - 1;
    update(
        &mut app,
        Action::Click {
            column: inner.x + 3,
            row: last_row,
        },
    );
    let r = app.reader().expect("reader");
    let clicked = r.lines[r.scroll + (inner.height - 1) as usize].para;
    if clicked.is_some() {
        assert_eq!(app.cursor_paragraph(), clicked);
    }
}

#[test]
fn search_says_where_it_is_and_when_it_wraps() {
    let mut app = app_at(120, 40, true);
    open(&mut app, FLAGSHIP);
    update(&mut app, Action::FocusArticle);
    update(&mut app, Action::StartSearch);
    for c in "APT31".chars() {
        update(&mut app, Action::Type(c));
    }
    update(&mut app, Action::ConfirmSearch);
    let total = app.reader().expect("reader").search.article.len();
    assert!(total > 2);
    let message = app.shared.message.clone().unwrap_or_default();
    assert!(
        message.contains(&format!("match 1 of {total}")),
        "{message}"
    );
    update(&mut app, Action::PrevMatch);
    let message = app.shared.message.clone().unwrap_or_default();
    assert!(
        message.contains(&format!("match {total} of {total}")),
        "{message}"
    );
    assert!(message.contains("wrapped to the bottom"), "{message}");
    let screen = text_of(&app);
    assert!(screen.contains("wrapped to the bottom"), "{screen}");
}

#[test]
fn notes_show_in_lists_and_the_library_counts_marks() {
    let mut app = app_at(120, 40, true);
    open(&mut app, FLAGSHIP);
    update(&mut app, Action::Mark);
    update(&mut app, Action::Down);
    update(&mut app, Action::Annotate);
    for c in "check".chars() {
        update(&mut app, Action::Type(c));
    }
    update(&mut app, Action::SaveNote);
    let screen = text_of(&app);
    assert!(screen.contains("c2 ✎"), "{screen}");
    update(&mut app, Action::Back);
    let screen = text_of(&app);
    let row = screen
        .lines()
        .find(|l| l.contains("Czechia blames China-linked"))
        .expect("the flagship's row");
    assert!(row.contains("  1 "), "one mark counted: {row}");
}

#[test]
fn counts_and_questions_are_in_good_english() {
    let dir = tempfile::tempdir().expect("temp dir");
    std::fs::write(
        dir.path().join("one.yaml"),
        "format: debrief/1\ntitle: One of each\narticle:\n  - text: Some words here.\nsources:\n  - {id: s1, name: S, reliability: B}\nclaims:\n  - {id: c1, text: A claim, sources: [s1]}\nexperts:\n  - {id: e1, name: E, says: Hm, on: [c1]}\ncaveats:\n  - {id: k1, text: Careful, applies_to: [c1]}\n",
    )
    .expect("write");
    let library = Library::load(&[PathBuf::from(dir.path())], &Limits::default());
    let mut app = App::new(library, Theme::new(true), 120, 40);
    let screen = text_of(&app);
    assert!(
        screen.contains("1 claim, 1 source, 1 expert, 1 caveat"),
        "{screen}"
    );
    update(&mut app, Action::Open);
    update(&mut app, Action::Export);
    assert!(
        text_of(&app).contains("Export all 4 items?"),
        "{}",
        text_of(&app)
    );
    update(&mut app, Action::Back);
    for pane in [
        Action::FocusClaims,
        Action::FocusSources,
        Action::FocusCaveats,
    ] {
        update(&mut app, pane);
        update(&mut app, Action::Mark);
    }
    update(&mut app, Action::Export);
    let screen = text_of(&app);
    assert!(screen.contains("Export the 3 marked items"), "{screen}");
    assert!(screen.contains("Article · 1 paragraph "), "{screen}");
}

#[test]
fn tabs_show_their_links_evenly_spaced() {
    let mut app = app_at(110, 30, true);
    open(&mut app, FLAGSHIP);
    let buf = render(&app);
    let bar = app.briefing_layout().tabs.expect("tabs under 120 columns");
    let row: String = (bar.x..bar.right())
        .map(|x| buf[(x, bar.y)].symbol().to_string())
        .collect();
    let linked = app.reader().expect("reader").linked.sources.len();
    let sources = app.list_len(Pane::Sources);
    // The label gives way to `Sou` where the strip is short; the counts never do.
    assert!(
        row.contains(&format!("Sources {sources} ●{linked}"))
            || row.contains(&format!("Sou {sources} ●{linked}")),
        "{row:?}"
    );
    // The same gap between every two labels.
    let r = app.reader().expect("reader");
    let labels = r.tab_labels(bar.width);
    let widths = labels.clone().map(|l| debrief::text::width(&l) as u16);
    let slots = app.briefing_layout().tab_slots(widths).expect("slots");
    let gaps: Vec<u16> = slots.windows(2).map(|w| w[1].x - w[0].right()).collect();
    assert!(gaps.iter().all(|g| *g == gaps[0]), "{gaps:?} in {row:?}");
    // A click lands on the tab drawn there.
    update(
        &mut app,
        Action::Click {
            column: slots[2].x + 1,
            row: bar.y,
        },
    );
    assert_eq!(app.reader().expect("reader").current_list, Pane::Experts);
}

#[test]
fn list_items_use_the_height_they_are_given() {
    // 250x80: room for every claim's whole text, so none is cut to a line.
    let mut app = app_at(250, 80, true);
    open(&mut app, FLAGSHIP);
    let buf = render(&app);
    let pane = app
        .briefing_layout()
        .list_body(Pane::Claims)
        .expect("claims shown");
    let text: String = (pane.y..pane.bottom())
        .map(|y| {
            (pane.x..pane.right())
                .map(|x| buf[(x, y)].symbol().to_string())
                .collect::<String>()
                .trim()
                .to_string()
        })
        .collect::<Vec<_>>()
        .join(" ");
    assert!(
        text.contains("cyberattacks against it to the threat group APT31."),
        "c1 whole: {text}"
    );
    let blank_rows = (pane.y..pane.bottom())
        .filter(|&y| (pane.x..pane.right()).all(|x| buf[(x, y)].symbol() == " "))
        .count();
    assert!(blank_rows < 10, "{blank_rows} empty rows below the claims");
    // Clicks still land on the item drawn under them, however tall.
    let row_of_c2 = (pane.y..pane.bottom())
        .find(|&y| {
            (pane.x..pane.right())
                .map(|x| buf[(x, y)].symbol().to_string())
                .collect::<String>()
                .contains("  c2")
        })
        .expect("c2 drawn");
    update(
        &mut app,
        Action::Click {
            column: pane.x + 4,
            row: row_of_c2 + 1,
        },
    );
    assert_eq!(app.current_item(), Some(Item::Claim(1)));
}

#[test]
fn the_briefing_header_shows_tlp_in_its_colour_and_bold_without_colour() {
    for color in [true, false] {
        let mut app = app_at(160, 40, color);
        open(&mut app, FLAGSHIP);
        let buf = render(&app);
        let (x, y) = find(&buf, "TLP:CLEAR").expect("the marking in the header");
        assert_eq!(y, 0, "on the header row");
        for dx in 0..9 {
            let cell = &buf[(x + dx, y)];
            assert!(cell.modifier.contains(Modifier::BOLD), "{cell:?}");
            if color {
                // TLP 2.0: CLEAR is white on black.
                assert_eq!(cell.fg, Color::Rgb(0xFF, 0xFF, 0xFF), "{cell:?}");
                assert_eq!(cell.bg, Color::Black, "{cell:?}");
            } else {
                assert_eq!((cell.fg, cell.bg), (Color::Reset, Color::Reset));
            }
        }
        // The library's preview leads with it, in the same style.
        let library = render(&app_at(160, 40, color));
        let (x, y) = find(&library, "TLP:CLEAR").expect("in the preview");
        assert_eq!(
            library[(x, y)].style(),
            buf[find(&buf, "TLP:CLEAR").unwrap()].style()
        );
        // Under a filter the marking still shows beside what is filtered.
        let mut app = app_at(160, 40, color);
        pick(&mut app, "czech");
        open(&mut app, FLAGSHIP);
        let buf = render(&app);
        assert!(
            find(&buf, "TLP:CLEAR").is_some_and(|(_, y)| y == 0),
            "{}",
            text_of(&app)
        );
    }
}

/// The palette's roles reach the screen: a TLP label in its role's colour in
/// the briefing's header, the light theme's ink for claims, and none of it
/// without colour.
#[test]
fn palette_roles_colour_the_tlp_label_and_anchors() {
    use debrief::tui::theme::Palette;
    let mut palette = Palette::light();
    palette.tlp_clear = Color::Indexed(99);
    let mut app = App::new(
        bundled(),
        Theme {
            color: true,
            palette,
        },
        120,
        40,
    );
    open(&mut app, FLAGSHIP);
    let buf = render(&app);
    let (x, y) = find(&buf, "TLP:CLEAR").expect("the label in the header");
    assert_eq!(y, 0, "in the header");
    assert_eq!(buf[(x, y)].fg, Color::Indexed(99));
    let claim_coloured = (0..buf.area.height)
        .flat_map(|y| (0..buf.area.width).map(move |x| (x, y)))
        .any(|p| {
            buf[p].fg == Palette::light().claim && buf[p].modifier.contains(Modifier::UNDERLINED)
        });
    assert!(claim_coloured, "a claim's anchor in the light theme's ink");

    app.shared.theme.color = false;
    let buf = render(&app);
    let (x, y) = find(&buf, "TLP:CLEAR").expect("the label");
    assert_eq!(buf[(x, y)].fg, Color::Reset);
}
