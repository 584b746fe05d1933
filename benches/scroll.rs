//! Scrolling one page of a briefing whose article is 5 MB of text (about
//! 9,000 paragraphs), with the article focused: `PageDown` and the redraw at
//! 250x80. At the bottom the direction turns, so every step is a real page.

#[path = "../examples/synth/mod.rs"]
mod synth;

use criterion::{Criterion, criterion_group, criterion_main};
use debrief::briefing::{Library, Limits};
use debrief::tui::layout::Pane;
use debrief::tui::screens::Screen;
use debrief::tui::theme::Theme;
use debrief::tui::{Action, App, update, view};
use ratatui::Terminal;
use ratatui::backend::TestBackend;

const ARTICLE_BYTES: usize = 5_000_000;

fn scroll(c: &mut Criterion) {
    let dir = tempfile::tempdir().expect("a temporary folder");
    synth::write_big(dir.path(), ARTICLE_BYTES, 1).expect("generate the briefing");
    let library = Library::load(&[dir.path().to_path_buf()], &Limits::default());
    assert_eq!(library.briefings.len(), 1, "the big briefing loads");
    let text: usize = library.briefings[0]
        .article
        .iter()
        .map(|p| p.text.len())
        .sum();
    assert!(text >= ARTICLE_BYTES, "the article is {text} bytes");
    let mut app = App::new(library, Theme::new(false), 250, 80);
    update(&mut app, Action::Open);
    assert_eq!(app.screen(), Screen::Briefing);
    update(&mut app, Action::FocusArticle);
    assert_eq!(app.reader().map(|r| r.focus), Some(Pane::Article));
    let mut term = Terminal::new(TestBackend::new(250, 80)).expect("test terminal");
    draw(&mut term, &app);

    let scroll_of = |app: &App| app.reader().map_or(0, |r| r.scroll);
    let mut down = true;
    let mut group = c.benchmark_group("scroll_5mb");
    group.bench_function("page_down_and_render", |bench| {
        bench.iter(|| {
            let before = scroll_of(&app);
            update(
                &mut app,
                if down {
                    Action::PageDown
                } else {
                    Action::PageUp
                },
            );
            if scroll_of(&app) == before {
                down = !down;
                update(
                    &mut app,
                    if down {
                        Action::PageDown
                    } else {
                        Action::PageUp
                    },
                );
            }
            draw(&mut term, &app);
        })
    });
    group.finish();
}

/// One frame, as the event loop draws it.
fn draw(term: &mut Terminal<TestBackend>, app: &App) {
    term.draw(|frame| view(app, frame)).expect("draws");
}

criterion_group!(benches, scroll);
criterion_main!(benches);
