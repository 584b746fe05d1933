//! The reader at 100,000 briefings (issue 20, point 3), while the library
//! loads and after: a filter change with its facets and redraw, a page of
//! the library table, the dossier of the most common actor and a full-text
//! search for a word in about 1% of paragraphs, each as the reader does it
//! (the action through `update`, then the frame at 250x80 into a
//! `TestBackend`).
//!
//! "While loading" is the reader with half the library taken in, batch by
//! batch as the loader sends it (64 files, their words found as the loader
//! finds them), its header still counting; "after" is the whole library,
//! linked (`LoadDone`, then the links the event loop finds on a thread of
//! its own). Taking in the batches, `LoadDone`, linking and taking the links
//! in are timed once and printed, as they are too slow for criterion's
//! samples.
//!
//! ```sh
//! cargo bench --bench scale -- --warm-up-time 1 --measurement-time 3
//! DEBRIEF_SCALE_LIBRARY=/path/to/lib cargo bench --bench scale
//! ```
//!
//! The library is `DEBRIEF_SCALE_LIBRARY`, else `target/bench-library-N`
//! (N is `DEBRIEF_SCALE_FILES`, 100,000 unless set), generated when
//! missing: 2.6 GB, several minutes. Loading it takes about 5 GB of memory.

#[path = "../examples/synth/mod.rs"]
mod synth;

#[path = "common/mod.rs"]
mod common;

use std::path::{Path, PathBuf};
use std::time::Instant;

use criterion::{Criterion, criterion_group, criterion_main};
use debrief::briefing::library::{briefing_files, load_all};
use debrief::briefing::{Library, Limits};
use debrief::query::Filter;
use debrief::tui::action::{Effect, LoadBatch};
use debrief::tui::effects;
use debrief::tui::screens::Screen;
use debrief::tui::theme::Theme;
use debrief::tui::{Action, App, update, view};
use ratatui::Terminal;
use ratatui::backend::TestBackend;
use rayon::prelude::*;

const WIDTH: u16 = 250;
const HEIGHT: u16 = 80;
/// As many files a batch as the loader sends.
const BATCH: usize = 64;

fn files_wanted() -> usize {
    std::env::var("DEBRIEF_SCALE_FILES")
        .ok()
        .and_then(|n| n.parse().ok())
        .unwrap_or(100_000)
}

/// The library's folder, generated unless it was given or is already whole
/// (a marker file is written once the generator finishes).
fn library_dir(files: usize) -> PathBuf {
    if let Some(dir) = std::env::var_os("DEBRIEF_SCALE_LIBRARY") {
        return PathBuf::from(dir);
    }
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join(format!("target/bench-library-{files}"));
    let done = dir.join(".generated");
    if !done.exists() {
        eprintln!("generating {files} briefings into {}", dir.display());
        synth::write_library(&dir, files, 1).expect("generate the library");
        std::fs::write(&done, b"").expect("mark the library generated");
    }
    dir
}

/// The library's files loaded into batches as the loader sends them, with
/// their words found as the loader finds them (in pieces of 16).
fn batches(dir: &Path) -> Vec<LoadBatch> {
    let (files, _) = briefing_files(&[dir.to_path_buf()]);
    files
        .par_chunks(BATCH)
        .map(|chunk| {
            let files = load_all(chunk, &Limits::default());
            let words = files
                .chunks(16)
                .map(|c| {
                    debrief::search::Words::of(c.iter().filter_map(|(_, l)| l.briefing.as_ref()))
                })
                .collect();
            LoadBatch {
                files,
                words,
                ..LoadBatch::default()
            }
        })
        .collect()
}

fn bench(c: &mut Criterion) {
    let wanted = files_wanted();
    let dir = library_dir(wanted);
    let start = Instant::now();
    let mut batches = batches(&dir).into_iter();
    let total: usize = batches.len() * BATCH;
    eprintln!(
        "loaded the files of {} in {:.1} s",
        dir.display(),
        start.elapsed().as_secs_f64()
    );

    let mut app = App::new(Library::default(), Theme::new(false), WIDTH, HEIGHT);
    update(
        &mut app,
        Action::LibraryFound {
            files: total,
            failures: Vec::new(),
        },
    );
    let mut term = Terminal::new(TestBackend::new(WIDTH, HEIGHT)).expect("test terminal");
    let half = batches.len() / 2;
    let start = Instant::now();
    for batch in batches.by_ref().take(half) {
        update(&mut app, Action::Loaded(batch));
    }
    eprintln!(
        "the reader took in {} briefings in {:.2} s ({half} batches)",
        app.shared.library.briefings.len(),
        start.elapsed().as_secs_f64()
    );
    draw(&mut term, &app);
    measure(c, "while_loading", &mut app, &mut term);

    let start = Instant::now();
    for batch in batches {
        update(&mut app, Action::Loaded(batch));
    }
    eprintln!(
        "... and the rest, to {}, in {:.2} s",
        app.shared.library.briefings.len(),
        start.elapsed().as_secs_f64()
    );
    let start = Instant::now();
    update(&mut app, Action::LoadDone);
    eprintln!(
        "LoadDone on the reader's thread in {:.1} ms",
        start.elapsed().as_secs_f64() * 1000.0
    );
    // The link the event loop runs on a thread of its own, then the reader
    // taking the links in.
    let link = app
        .shared
        .effects
        .iter()
        .position(|e| *e == Effect::Link)
        .expect("asks for the links");
    let effect = app.shared.effects.remove(link);
    let start = Instant::now();
    let linked =
        effects::perform(&app, &effect, Path::new("."), time::Date::MIN).expect("the links");
    eprintln!(
        "linking the library (off the reader's thread) in {:.2} s",
        start.elapsed().as_secs_f64()
    );
    let start = Instant::now();
    update(&mut app, linked);
    assert_eq!(app.shared.linking, None, "the links are taken");
    eprintln!(
        "the reader taking the links in, in {:.1} ms",
        start.elapsed().as_secs_f64() * 1000.0
    );
    measure(c, "loaded", &mut app, &mut term);
}

/// The four budgets of issue 20, on the reader as it is now.
fn measure(c: &mut Criterion, when: &str, app: &mut App, term: &mut Terminal<TestBackend>) {
    assert_eq!(app.screen(), Screen::Library);
    let briefings = app.shared.library.briefings.len();
    let [actor, country] = [&app.shared.facets.actors, &app.shared.facets.countries]
        .map(|facets| facets.first().expect("facets").key.clone());
    let by_actor = Filter {
        actors: [actor.clone()].into(),
        ..Filter::default()
    };
    let by_country = Filter {
        countries: [country].into(),
        ..Filter::default()
    };
    let word = word_in_one_percent(app);
    let mut group = c.benchmark_group(format!("scale_{when}_{briefings}"));
    group.sample_size(10);

    let mut flip = false;
    group.bench_function("filter change, facets and redraw", |b| {
        b.iter(|| {
            flip = !flip;
            let f = if flip { &by_actor } else { &by_country };
            update(app, Action::SetFilter(f.clone()));
            draw(term, app);
        })
    });
    update(app, Action::SetFilter(Filter::default()));

    let mut down = true;
    group.bench_function("a page of the library table and redraw", |b| {
        b.iter(|| {
            let before = app.shelf().selected;
            update(
                app,
                if down {
                    Action::PageDown
                } else {
                    Action::PageUp
                },
            );
            if app.shelf().selected == before {
                down = !down;
            }
            draw(term, app);
        })
    });
    update(app, Action::Top);

    update(app, Action::SetFilter(by_actor.clone()));
    group.bench_function("dossier of the most common actor, open and draw", |b| {
        b.iter(|| {
            update(app, Action::Dossier);
            assert_eq!(app.screen(), Screen::Dossier);
            draw(term, app);
            update(app, Action::Back);
        })
    });
    update(app, Action::SetFilter(Filter::default()));

    group.bench_function("search for a 1% word, results drawn", |b| {
        b.iter(|| {
            update(app, Action::Search(word.clone()));
            assert_eq!(app.screen(), Screen::SearchResults);
            draw(term, app);
            update(app, Action::Back);
        })
    });
    update(app, Action::Back);
    group.finish();
    assert_eq!(app.screen(), Screen::Library);
}

/// The word in about 1% of paragraphs, counted on the first 2,000
/// briefings (the generator spreads its words evenly over the library).
fn word_in_one_percent(app: &App) -> String {
    let (word, n, paragraphs) =
        common::word_in_one_percent(app.shared.library.briefings.iter().take(2_000));
    eprintln!(
        "“{word}” is in {n} of {paragraphs} paragraphs ({:.2}%) of the first 2,000",
        n as f64 * 100.0 / paragraphs as f64
    );
    word
}

/// One frame, as the event loop draws it.
fn draw(term: &mut Terminal<TestBackend>, app: &App) {
    term.draw(|frame| view(app, frame)).expect("draws");
}

criterion_group!(benches, bench);
criterion_main!(benches);
