//! The library as one body of evidence, on 10,000 generated briefings: the
//! dossier of the most common actor, and a full-text search for a word in
//! about 1% of paragraphs, through the index of words and by a plain scan in
//! the same run; the index's build and the library-wide linking (same_as,
//! corroboration, its warnings) are timed too. The library is generated and
//! loaded once, before anything is timed.
//!
//! cargo bench --bench evidence -- --warm-up-time 1 --measurement-time 3

#[path = "../examples/synth/mod.rs"]
mod synth;

#[path = "common/mod.rs"]
mod common;

use criterion::{Criterion, criterion_group, criterion_main};
use debrief::briefing::{Library, Limits};
use debrief::query::{self, Filter};
use debrief::{dossier, search};

const FILES: usize = 10_000;

fn bench(c: &mut Criterion) {
    let dir = tempfile::tempdir().expect("a temporary folder");
    synth::write_library(dir.path(), FILES, 1).expect("generate the library");
    let mut library = Library::load(&[dir.path().to_path_buf()], &Limits::default());
    assert_eq!(library.briefings.len(), FILES, "every generated file loads");

    let facets = query::library_facets(
        &library,
        &query::matching(&library, &Filter::default()),
        &Filter::default(),
    );
    let actor = facets.actors.first().expect("actors").key.clone();
    let subject = Filter {
        actors: [actor.clone()].into(),
        ..Filter::default()
    };
    let entries = dossier::dossier(&library, &subject).len();
    let (word, with_word, paragraphs) = common::word_in_one_percent(&library.briefings);
    let index = search::Index::new(&library.briefings);
    let hits = index.search(&library.briefings, &word);
    assert_eq!(
        hits,
        search::scan(&library.briefings, &word),
        "the index finds what the scan finds"
    );
    let text_bytes: usize = library
        .briefings
        .iter()
        .flat_map(|b| search::Place::all(b).map(move |p| p.text(b).len()))
        .sum();
    eprintln!(
        "dossier of {actor}: {entries} claims; “{word}” in {with_word} of {paragraphs} paragraphs ({:.2}%), {} hits; the index holds {} bytes for {text_bytes} bytes of text",
        with_word as f64 * 100.0 / paragraphs as f64,
        hits.len(),
        index.heap_bytes(),
    );

    let mut g = c.benchmark_group("evidence");
    g.sample_size(10);
    g.bench_function("dossier of the most common actor", |b| {
        b.iter(|| dossier::dossier(&library, &subject))
    });
    g.bench_function("search 1% word, index", |b| {
        b.iter(|| index.search(&library.briefings, &word))
    });
    g.bench_function("search 1% word, plain scan", |b| {
        b.iter(|| search::scan(&library.briefings, &word))
    });
    g.bench_function("build the search index", |b| {
        b.iter(|| search::Index::new(&library.briefings))
    });
    g.bench_function("link the library (same_as, corroboration, warnings)", |b| {
        b.iter(|| library.link())
    });
    g.finish();
}

criterion_group!(benches, bench);
criterion_main!(benches);
