use std::fs;
use std::path::{Path, PathBuf};

use super::*;
use crate::briefing::{Library, Limits, load_file};

fn bundled() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("briefings")
}

/// A copy of the bundled library in a scratch folder, and a cache folder.
fn scratch() -> (tempfile::TempDir, PathBuf, PathBuf) {
    let dir = tempfile::tempdir().expect("scratch");
    let lib = dir.path().join("lib");
    fs::create_dir(&lib).expect("lib");
    for entry in fs::read_dir(bundled()).expect("bundled") {
        let path = entry.expect("entry").path();
        fs::copy(&path, lib.join(path.file_name().expect("name"))).expect("copy");
    }
    let cache = dir.path().join("cache");
    (dir, lib, cache)
}

fn load(lib: &Path, cache: &Path) -> (Library, crate::briefing::library::CacheReport) {
    let paths = vec![lib.to_path_buf()];
    let cache = Cache::new(cache, &paths);
    Library::load_cached(&paths, &Limits::default(), Some(&cache))
}

/// The whole library as text: what a load gave, to compare two loads.
fn shape(library: &Library) -> String {
    format!(
        "{:#?}\n{:#?}\n{:#?}\n{:#?}",
        library.briefings, library.failures, library.warnings, library.link_problems
    )
}

#[test]
fn every_bundled_briefing_and_a_failure_come_back_exactly() {
    let mut files: Vec<PathBuf> = fs::read_dir(bundled())
        .expect("bundled")
        .map(|e| e.expect("entry").path())
        .collect();
    let bad = tempfile::NamedTempFile::new().expect("temp");
    fs::write(bad.path(), "format: debrief/2\ntittle: x\n").expect("write");
    files.push(bad.path().to_path_buf());
    for path in files {
        let loaded = load_file(&path, &Limits::default());
        let encoded = postcard::to_allocvec(&loaded).expect("encodes");
        let decoded: Loaded = postcard::from_bytes(&encoded).expect("decodes");
        assert_eq!(format!("{decoded:#?}"), format!("{loaded:#?}"), "{path:?}");
    }
}

#[test]
fn a_second_load_takes_every_file_from_the_cache_and_gives_the_same_library() {
    let (_dir, lib, cache) = scratch();
    let (first, report) = load(&lib, &cache);
    let n = first.briefings.len() + first.failures.len();
    assert!(n > 5);
    assert_eq!(report.tally, Tally { hits: 0, parsed: n });
    assert!(report.unused.is_none() && report.unwritten.is_none());

    let (second, report) = load(&lib, &cache);
    assert_eq!(report.tally, Tally { hits: n, parsed: 0 });
    assert_eq!(shape(&second), shape(&first));
    assert!(!second.same_as.is_empty(), "links rebuilt");
    for b in &first.briefings {
        for c in &b.claims {
            assert_eq!(
                second.same_as.of(&b.id, &c.id),
                first.same_as.of(&b.id, &c.id)
            );
        }
    }
}

#[test]
fn a_warm_load_reads_its_prose_in_place_and_a_new_cache_does_not_spoil_it() {
    if crate::briefing::stow::store().is_none() {
        eprintln!("skipped: no store for prose on this system (DEBRIEF_HOLD_TEXT set?)");
        return;
    }
    let (_dir, lib, cache) = scratch();
    let (first, _) = load(&lib, &cache);
    assert!(
        first.briefings[0].article[0].text.is_stowed(),
        "parsed prose goes to the store"
    );
    assert!(!first.briefings[0].article[0].text.is_in_cache());
    let (second, report) = load(&lib, &cache);
    assert_eq!(report.tally.parsed, 0);
    let prose = |l: &Library| -> Vec<String> {
        l.briefings
            .iter()
            .flat_map(|b| {
                b.article
                    .iter()
                    .map(|p| p.text.to_string())
                    .chain(b.claims.iter().map(|c| c.text.to_string()))
            })
            .collect()
    };
    let want = prose(&first);
    assert!(
        second
            .briefings
            .iter()
            .all(|b| b.article.iter().all(|p| p.text.is_in_cache())
                && b.claims.iter().all(|c| c.text.is_in_cache())),
        "decoded in place, not copied"
    );
    assert_eq!(prose(&second), want);
    // A changed file writes a new cache over the old one, and clearing
    // deletes it: the prose read from the old file reads the same.
    let file = fs::read_dir(&lib)
        .expect("lib")
        .map(|e| e.expect("entry").path())
        .find(|p| p.extension().is_some_and(|x| x == "yaml"))
        .expect("a briefing");
    let mut text = fs::read_to_string(&file).expect("read");
    text.push_str("\n# touched\n");
    fs::write(&file, text).expect("write");
    let (_third, report) = load(&lib, &cache);
    assert_eq!(report.tally.parsed, 1);
    Cache::clear(&cache).expect("clear");
    assert_eq!(prose(&second), want);
}

#[test]
fn one_changed_byte_with_size_and_time_kept_is_parsed_again() {
    let (_dir, lib, cache) = scratch();
    load(&lib, &cache);
    let path = lib.join("cz-mfa-apt31-article.yaml");
    let before = fs::metadata(&path).expect("meta");
    let text = fs::read_to_string(&path).expect("read");
    let changed = text.replacen("Czech", "Zech.", 1);
    assert_eq!(changed.len(), text.len(), "same size");
    fs::write(&path, &changed).expect("write");
    let file = fs::File::options().write(true).open(&path).expect("open");
    file.set_modified(before.modified().expect("mtime"))
        .expect("restore the time");
    drop(file);
    assert_eq!(
        fs::metadata(&path).expect("meta").modified().ok(),
        before.modified().ok()
    );

    let (library, report) = load(&lib, &cache);
    assert_eq!(report.tally.parsed, 1, "{:?}", report.tally);
    let uncached = Library::load(std::slice::from_ref(&lib), &Limits::default());
    assert_eq!(shape(&library), shape(&uncached));
}

#[test]
fn a_changed_registry_parses_every_briefing_again() {
    let (_dir, lib, cache) = scratch();
    let (first, _) = load(&lib, &cache);
    let registry = lib.join("actors.yaml");
    fs::write(
        &registry,
        "format: debrief-actors/1\nactors:\n  - id: someone-new\n    name: Someone New\n",
    )
    .expect("write");
    let (_, report) = load(&lib, &cache);
    assert_eq!(report.tally.hits, 0);
    assert_eq!(
        report.tally.parsed,
        first.briefings.len() + first.failures.len()
    );
}

/// Loads once to write the cache, spoils it with `spoil`, and checks the
/// next load ignores it with one warning containing `words`, parses
/// everything, and leaves a good cache behind.
fn spoiled(spoil: impl FnOnce(&Path), words: &str) {
    let (_dir, lib, cache) = scratch();
    let (first, _) = load(&lib, &cache);
    let n = first.briefings.len() + first.failures.len();
    let file = Cache::new(&cache, std::slice::from_ref(&lib))
        .file()
        .to_path_buf();
    assert!(file.exists());
    spoil(&file);
    let (second, report) = load(&lib, &cache);
    let warning = report.unused.expect("a warning");
    assert!(warning.contains(words), "{warning}");
    assert!(warning.contains("rebuilt"), "{warning}");
    assert!(!warning.contains('\n'), "one line");
    assert_eq!(report.tally, Tally { hits: 0, parsed: n });
    assert_eq!(shape(&second), shape(&first));
    let (_, report) = load(&lib, &cache);
    assert_eq!(report.tally, Tally { hits: n, parsed: 0 }, "rebuilt");
    assert!(report.unused.is_none());
}

#[test]
fn a_truncated_cache_is_ignored_with_a_warning_and_rebuilt() {
    spoiled(
        |file| {
            let bytes = fs::read(file).expect("read");
            fs::write(file, &bytes[..bytes.len() / 2]).expect("truncate");
        },
        "truncated",
    );
}

#[test]
fn a_garbage_cache_is_ignored_with_a_warning_and_rebuilt() {
    spoiled(
        |file| fs::write(file, b"\x00\xffnot a cache at all").expect("write"),
        "not a debrief cache",
    );
}

#[test]
fn a_damaged_index_is_ignored_with_a_warning() {
    spoiled(
        |file| {
            let mut bytes = fs::read(file).expect("read");
            let header = MAGIC.len() + 4 + 1 + env!("CARGO_PKG_VERSION").len() + 8;
            for b in &mut bytes[header..header + 16] {
                *b ^= 0x5a;
            }
            fs::write(file, bytes).expect("write");
        },
        "not used",
    );
}

#[test]
fn a_cache_of_another_version_is_ignored_with_a_warning() {
    spoiled(
        |file| {
            let bytes = fs::read(file).expect("read");
            let version = env!("CARGO_PKG_VERSION");
            let at = MAGIC.len() + 4;
            let mut other = bytes[..at].to_vec();
            other.push(5);
            other.extend_from_slice(b"0.0.0");
            other.extend_from_slice(&bytes[at + 1 + version.len()..]);
            fs::write(file, other).expect("write");
        },
        "written by debrief 0.0.0",
    );
}

#[test]
fn a_cache_of_another_layout_is_ignored_with_a_warning() {
    spoiled(
        |file| {
            let mut bytes = fs::read(file).expect("read");
            let at = MAGIC.len();
            bytes[at..at + 4].copy_from_slice(&(LAYOUT - 1).to_le_bytes());
            fs::write(file, bytes).expect("write");
        },
        "written by another build of this version",
    );
}

#[test]
fn parsed_entries_wait_on_disk_not_in_memory_and_are_written_whole() {
    let (_dir, lib, cache_dir) = scratch();
    let paths = vec![lib.clone()];
    let cache = Cache::new(&cache_dir, &paths);
    let session = cache.open(0);
    let files: Vec<PathBuf> = fs::read_dir(&lib)
        .expect("lib")
        .map(|e| e.expect("entry").path())
        .filter(|p| p.extension().is_some_and(|x| x == "yaml"))
        .collect();
    let mut seen = Vec::new();
    for path in &files {
        let bytes = fs::read(path).expect("read");
        let (_, s) = session.load(path, &bytes, fs::metadata(path).ok().as_ref(), |b| {
            crate::briefing::load::load_bytes(path, b)
        });
        let s = s.expect("remembered");
        assert!(
            matches!(s.fresh, Some(Fresh::Spooled(_))),
            "{path:?} is spooled"
        );
        seen.push(s);
    }
    session.finish(seen).expect("written");
    let again = cache.open(0);
    assert!(again.warning.is_none());
    for path in &files {
        let bytes = fs::read(path).expect("read");
        let (loaded, s) = again.load(path, &bytes, fs::metadata(path).ok().as_ref(), |_| {
            panic!("{path:?} parsed again")
        });
        assert!(s.expect("seen").fresh.is_none(), "{path:?} from the cache");
        assert_eq!(
            format!("{loaded:#?}"),
            format!("{:#?}", crate::briefing::load::load_bytes(path, &bytes)),
            "{path:?} comes back as it was"
        );
    }
}

#[test]
fn a_damaged_entry_is_parsed_again_not_trusted() {
    let (_dir, lib, cache) = scratch();
    let (first, _) = load(&lib, &cache);
    let file = Cache::new(&cache, std::slice::from_ref(&lib))
        .file()
        .to_path_buf();
    let mut bytes = fs::read(&file).expect("read");
    // The last bytes belong to the last entry's encoded briefing.
    let at = bytes.len() - 10;
    bytes[at] ^= 0xff;
    fs::write(&file, bytes).expect("write");
    let (second, report) = load(&lib, &cache);
    assert_eq!(report.tally.parsed, 1, "{:?}", report.tally);
    assert_eq!(shape(&second), shape(&first));
}

#[test]
fn an_unchanged_library_writes_no_cache_and_a_deleted_file_stays_cached_for_a_while() {
    let (_dir, lib, cache) = scratch();
    load(&lib, &cache);
    let file = Cache::new(&cache, std::slice::from_ref(&lib))
        .file()
        .to_path_buf();
    let written = fs::metadata(&file).expect("meta").modified().expect("time");
    std::thread::sleep(std::time::Duration::from_millis(20));
    load(&lib, &cache);
    assert_eq!(
        fs::metadata(&file).expect("meta").modified().expect("time"),
        written,
        "nothing changed, nothing written"
    );
    // A file taken away and put back within the month is not parsed again.
    let path = lib.join("nl-2024-coathanger.yaml");
    let text = fs::read(&path).expect("read");
    let time = fs::metadata(&path).expect("meta").modified().expect("time");
    fs::remove_file(&path).expect("remove");
    let (_, report) = load(&lib, &cache);
    assert_eq!(report.tally.parsed, 0);
    fs::write(&path, text).expect("put back");
    fs::File::options()
        .write(true)
        .open(&path)
        .expect("open")
        .set_modified(time)
        .expect("time");
    let (_, report) = load(&lib, &cache);
    assert_eq!(report.tally.parsed, 0, "{:?}", report.tally);
}

#[test]
fn clear_removes_only_caches() {
    let (_dir, lib, cache) = scratch();
    load(&lib, &cache);
    fs::write(cache.join("notes.txt"), "mine").expect("write");
    assert_eq!(Cache::clear(&cache).expect("clear"), 1);
    assert!(cache.join("notes.txt").exists());
    assert_eq!(Cache::clear(&cache.join("absent")).expect("clear"), 0);
}
