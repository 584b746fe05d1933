//! The reader on a library of 10,000 generated briefings (about 260 MB):
//! a filter change with its facet counts, with and without the redraw of
//! the library screen, the render of each screen at 250x80 into a
//! `TestBackend`, and the reader taking in the library batch by batch as a
//! background load sends it. The library is generated and loaded once,
//! before anything is timed; that takes a while.

#[path = "../examples/synth/mod.rs"]
mod synth;

use std::path::Path;

use criterion::{BatchSize, Criterion, criterion_group, criterion_main};
use debrief::briefing::library::{briefing_files, load_all};
use debrief::briefing::{Library, Limits};
use debrief::query::{self, Filter};
use debrief::tui::action::LoadBatch;
use debrief::tui::screens::Screen;
use debrief::tui::theme::Theme;
use debrief::tui::{Action, App, update, view};
use ratatui::Terminal;
use ratatui::backend::TestBackend;

const FILES: usize = 10_000;
const WIDTH: u16 = 250;
const HEIGHT: u16 = 80;

fn app(dir: &Path) -> App {
    synth::write_library(dir, FILES, 1).expect("generate the library");
    let library = Library::load(&[dir.to_path_buf()], &Limits::default());
    assert_eq!(library.briefings.len(), FILES, "every generated file loads");
    App::new(library, Theme::new(false), WIDTH, HEIGHT)
}

fn terminal() -> Terminal<TestBackend> {
    Terminal::new(TestBackend::new(WIDTH, HEIGHT)).expect("test terminal")
}

/// Two filters a reader would pick from the sidebar: the most common actor,
/// and the most common country.
fn filters(app: &App) -> [Filter; 2] {
    let actor = app
        .shared
        .facets
        .actors
        .first()
        .expect("actors")
        .key
        .clone();
    let country = app
        .shared
        .facets
        .countries
        .first()
        .expect("countries")
        .key
        .clone();
    [
        Filter {
            actors: [actor].into(),
            ..Filter::default()
        },
        Filter {
            countries: [country].into(),
            ..Filter::default()
        },
    ]
}

fn bench(c: &mut Criterion) {
    let dir = tempfile::tempdir().expect("a temporary folder");
    let mut app = app(dir.path());
    let mut term = terminal();
    let [a, b] = filters(&app);

    let mut group = c.benchmark_group("filter_10k");
    group.sample_size(20);
    let mut flip = false;
    group.bench_function("set_filter", |bench| {
        bench.iter(|| {
            flip = !flip;
            let f = if flip { a.clone() } else { b.clone() };
            update(&mut app, Action::SetFilter(f));
        })
    });
    group.bench_function("set_filter_and_render_library", |bench| {
        bench.iter(|| {
            flip = !flip;
            let f = if flip { a.clone() } else { b.clone() };
            update(&mut app, Action::SetFilter(f));
            draw(&mut term, &app);
        })
    });
    // The two steps of a filter change that scan the library, as the reader
    // does them today (every briefing walked) and from the library's index.
    group.bench_function("walk_matching_and_facets", |bench| {
        bench.iter(|| {
            flip = !flip;
            let f = if flip { &a } else { &b };
            let briefings = &app.shared.library.briefings;
            let matching: Vec<usize> = (0..briefings.len())
                .filter(|&i| query::briefing_matches(&briefings[i], f))
                .collect();
            query::facets(briefings, &matching, f)
        })
    });
    group.bench_function("indexed_matching_and_facets", |bench| {
        bench.iter(|| {
            flip = !flip;
            let f = if flip { &a } else { &b };
            let matching = query::matching(&app.shared.library, f);
            query::library_facets(&app.shared.library, &matching, f)
        })
    });
    group.finish();
    update(&mut app, Action::SetFilter(Filter::default()));

    let mut group = c.benchmark_group("render_250x80");
    group.bench_function("library", |bench| bench.iter(|| draw(&mut term, &app)));
    update(&mut app, Action::Help);
    group.bench_function("help", |bench| bench.iter(|| draw(&mut term, &app)));
    update(&mut app, Action::Back);
    update(&mut app, Action::Overview);
    assert_eq!(app.screen(), Screen::Overview);
    group.bench_function("overview_library", |bench| {
        bench.iter(|| draw(&mut term, &app))
    });
    update(&mut app, Action::Back);
    update(&mut app, Action::Open);
    assert_eq!(app.screen(), Screen::Briefing);
    group.bench_function("briefing", |bench| bench.iter(|| draw(&mut term, &app)));
    update(&mut app, Action::Overview);
    group.bench_function("overview_briefing", |bench| {
        bench.iter(|| draw(&mut term, &app))
    });
    group.finish();
    update(&mut app, Action::Back);
    update(&mut app, Action::Back);

    // What pressing `o` on the library costs: counting 10,000 briefings, then the frame.
    let mut group = c.benchmark_group("overview_10k");
    group.sample_size(10);
    group.bench_function("open_and_render", |bench| {
        bench.iter(|| {
            update(&mut app, Action::Overview);
            draw(&mut term, &app);
            update(&mut app, Action::Back);
        })
    });
    group.finish();
    drop(app);

    // The reader's side of a background load: taking in the library batch
    // by batch, as the loader sends it (64 files a batch), into a fresh
    // reader. The files are loaded once, outside the timed part.
    let (files, _) = briefing_files(&[dir.path().to_path_buf()]);
    let batches: Vec<_> = files
        .chunks(64)
        .map(|chunk| load_all(chunk, &Limits::default()))
        .collect();
    let mut group = c.benchmark_group("reader_load_10k");
    group.sample_size(10);
    group.bench_function("take_in_157_batches", |bench| {
        bench.iter_batched(
            || batches.clone(),
            |batches| {
                let mut app = App::new(Library::default(), Theme::new(false), WIDTH, HEIGHT);
                update(
                    &mut app,
                    Action::LibraryFound {
                        files: FILES,
                        failures: Vec::new(),
                    },
                );
                for files in batches {
                    let batch = LoadBatch {
                        files,
                        ..LoadBatch::default()
                    };
                    update(&mut app, Action::Loaded(batch));
                }
                app
            },
            BatchSize::PerIteration,
        )
    });
    group.finish();
}

/// One frame, as the event loop draws it.
fn draw(term: &mut Terminal<TestBackend>, app: &App) {
    term.draw(|frame| view(app, frame)).expect("draws");
}

criterion_group!(benches, bench);
criterion_main!(benches);
