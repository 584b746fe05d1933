//! The cache of loaded briefings: a warm load (every file unchanged, taken
//! from the cache) against a load that parses every file, on the same 300
//! generated briefings; and the encoding it uses, postcard, against bitcode
//! on the same entries, to show why postcard was chosen. Ratios go in
//! docs/PERFORMANCE.md.

#[path = "../examples/synth/mod.rs"]
mod synth;

use std::hint::black_box;

use criterion::{Criterion, Throughput, criterion_group, criterion_main};
use debrief::briefing::cache::Cache;
use debrief::briefing::library::load_all;
use debrief::briefing::{Library, Limits, Loaded};

const FILES: usize = 300;

fn cache(c: &mut Criterion) {
    let dir = tempfile::tempdir().expect("a temporary folder");
    let lib = dir.path().join("lib");
    let bytes = synth::write_library(&lib, FILES, 1).expect("generate the library");
    let paths = vec![lib.clone()];
    let limits = Limits::default();
    let cache = Cache::new(&dir.path().join("cache"), &paths);
    let (library, _) = Library::load_cached(&paths, &limits, Some(&cache));
    assert_eq!(library.briefings.len(), FILES);
    let (_, warm) = Library::load_cached(&paths, &limits, Some(&cache));
    assert_eq!(warm.tally.hits, FILES, "the cache is warm");

    let mut group = c.benchmark_group("load_300");
    group.throughput(Throughput::Bytes(bytes));
    group.sample_size(20);
    group.bench_function("parse_every_file", |b| {
        b.iter_with_large_drop(|| Library::load(black_box(&paths), &limits))
    });
    group.bench_function("cache_warm", |b| {
        b.iter_with_large_drop(|| Library::load_cached(black_box(&paths), &limits, Some(&cache)))
    });
    group.finish();

    // The entries as the cache holds them, in each encoding.
    let files: Vec<_> = debrief::briefing::library::briefing_files(&paths).0;
    let loaded: Vec<Loaded> = load_all(&files, &limits)
        .into_iter()
        .map(|(_, l)| l)
        .collect();
    let bitcoded: Vec<Vec<u8>> = loaded
        .iter()
        .map(|l| bitcode::serialize(l).expect("encodes"))
        .collect();
    let postcarded: Vec<Vec<u8>> = loaded
        .iter()
        .map(|l| postcard::to_allocvec(l).expect("encodes"))
        .collect();
    let size = |v: &[Vec<u8>]| v.iter().map(Vec::len).sum::<usize>();
    eprintln!(
        "encoded size of {FILES} entries: bitcode {} bytes, postcard {} bytes, files {bytes} bytes",
        size(&bitcoded),
        size(&postcarded)
    );
    let mut group = c.benchmark_group("decode_300");
    group.throughput(Throughput::Bytes(bytes));
    group.sample_size(20);
    group.bench_function("bitcode", |b| {
        b.iter_with_large_drop(|| {
            bitcoded
                .iter()
                .map(|e| bitcode::deserialize::<Loaded>(black_box(e)).expect("decodes"))
                .collect::<Vec<_>>()
        })
    });
    group.bench_function("postcard", |b| {
        b.iter_with_large_drop(|| {
            postcarded
                .iter()
                .map(|e| postcard::from_bytes::<Loaded>(black_box(e)).expect("decodes"))
                .collect::<Vec<_>>()
        })
    });
    group.finish();
}

criterion_group!(benches, cache);
criterion_main!(benches);
