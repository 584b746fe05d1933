//! Load throughput: a library of 300 generated briefings (about 8 MB) loaded
//! on one thread and on every core. Criterion reports bytes per second; the
//! ratio of the two is what docs/PERFORMANCE.md compares with the number of
//! cores. The files are read from the page cache after the first run, so
//! this is parse, decode and validation, not the disk.

#[path = "../examples/synth/mod.rs"]
mod synth;

use std::hint::black_box;

use criterion::{Criterion, Throughput, criterion_group, criterion_main};
use debrief::briefing::{Library, Limits};

const FILES: usize = 300;

fn load(c: &mut Criterion) {
    let dir = tempfile::tempdir().expect("a temporary folder");
    let bytes = synth::write_library(dir.path(), FILES, 1).expect("generate the library");
    let paths = vec![dir.path().to_path_buf()];
    let limits = Limits::default();
    let library = Library::load(&paths, &limits);
    assert_eq!(library.briefings.len(), FILES, "every generated file loads");

    let mut group = c.benchmark_group("load_300");
    group.throughput(Throughput::Bytes(bytes));
    group.sample_size(20);
    // The library is dropped outside the timed part: freeing it is one
    // thread's work either way and would blur the comparison.
    group.bench_function("single_thread", |b| {
        b.iter_with_large_drop(|| Library::load_sequential(black_box(&paths), &limits))
    });
    group.bench_function("parallel", |b| {
        b.iter_with_large_drop(|| Library::load(black_box(&paths), &limits))
    });
    group.finish();
}

criterion_group!(benches, load);
criterion_main!(benches);
