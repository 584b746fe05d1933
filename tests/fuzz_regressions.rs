//! Replays the `load_and_render` fuzz target under plain `cargo test`, with
//! the same checks (`fuzz/harness.rs`): every crash input the fuzzer found
//! (`tests/fuzz_regressions/`), and every seed and bundled briefing at sizes
//! where layouts break: nothing, one cell, a sliver, a wide strip.

use std::fs;
use std::path::{Path, PathBuf};

#[path = "../fuzz/harness.rs"]
mod harness;

const ODD_SIZES: [(u16, u16); 6] = [(0, 0), (1, 1), (7, 3), (300, 2), (2, 300), (18, 1)];

fn files_in(dir: &str) -> Vec<PathBuf> {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join(dir);
    let mut files: Vec<PathBuf> = fs::read_dir(&dir)
        .unwrap_or_else(|e| panic!("{}: {e}", dir.display()))
        .map(|e| e.expect("a directory entry").path())
        .filter(|p| p.is_file())
        .collect();
    files.sort();
    files
}

#[test]
fn every_crash_the_fuzzer_found_stays_fixed() {
    let inputs = files_in("tests/fuzz_regressions");
    for path in inputs.iter().filter(|p| !p.ends_with("README.md")) {
        eprintln!("{}", path.display());
        harness::check(&fs::read(path).expect("readable"));
    }
}

#[test]
fn every_seed_renders_at_odd_sizes() {
    let seeds = files_in("fuzz/seeds");
    assert!(!seeds.is_empty(), "the seeds are committed");
    for path in seeds {
        let data = fs::read(&path).expect("readable");
        eprintln!("{}", path.display());
        harness::check(&data);
        let (_, _, file) = harness::split(&data);
        for (w, h) in ODD_SIZES {
            harness::check(&[&harness::header(w, h)[..], file].concat());
        }
    }
}

#[test]
fn every_bundled_briefing_renders_at_odd_sizes() {
    let briefings = files_in("briefings");
    assert!(!briefings.is_empty());
    for path in briefings {
        let file = fs::read(&path).expect("readable");
        eprintln!("{}", path.display());
        for (w, h) in ODD_SIZES {
            harness::check(&[&harness::header(w, h)[..], &file].concat());
        }
    }
}

#[test]
fn the_header_picks_the_size_and_short_inputs_get_80x24() {
    assert_eq!(harness::split(&[80, 0, 24, 0, b'x']), (80, 24, &b"x"[..]));
    assert_eq!(
        harness::split(&[0xff, 0xff, 0xff, 0xff]),
        (65535 % 301, 65535 % 301, &[][..])
    );
    assert_eq!(harness::split(b"ab"), (80, 24, &b"ab"[..]));
    for (w, h) in ODD_SIZES {
        assert_eq!(harness::split(&harness::header(w, h)), (w, h, &[][..]));
    }
}
