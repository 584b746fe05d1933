//! The cache of loaded briefings as commands meet it: two at once, a
//! spoiled cache, `--no-cache` and `debrief cache clear`.

use std::fs;
use std::path::{Path, PathBuf};
use std::process::{Command, Output};

use debrief::briefing::cache::Cache;
use debrief::briefing::{Library, Limits};

/// A copy of the bundled library and an empty cache home.
fn scratch() -> (tempfile::TempDir, PathBuf, PathBuf) {
    let dir = tempfile::tempdir().unwrap();
    let lib = dir.path().join("lib");
    fs::create_dir(&lib).unwrap();
    let bundled = Path::new(env!("CARGO_MANIFEST_DIR")).join("briefings");
    for entry in fs::read_dir(bundled).unwrap() {
        let path = entry.unwrap().path();
        fs::copy(&path, lib.join(path.file_name().unwrap())).unwrap();
    }
    let home = dir.path().join("cache-home");
    (dir, lib, home)
}

fn debrief(home: &Path, args: &[&str]) -> Command {
    let mut cmd = Command::new(env!("CARGO_BIN_EXE_debrief"));
    cmd.env("XDG_CACHE_HOME", home).args(args);
    cmd
}

fn run(home: &Path, args: &[&str]) -> Output {
    debrief(home, args).output().unwrap()
}

/// How a load in this process meets the cache the commands left.
fn tally(home: &Path, lib: &Path) -> debrief::briefing::library::CacheReport {
    let paths = vec![lib.to_path_buf()];
    let cache = Cache::new(&home.join("debrief"), &paths);
    Library::load_cached(&paths, &Limits::default(), Some(&cache)).1
}

#[test]
fn two_commands_loading_at_once_both_succeed_and_leave_a_whole_cache() {
    let (_dir, lib, home) = scratch();
    let lib_arg = lib.to_str().unwrap();
    for round in 0..6 {
        // A change each round, so both commands parse and write.
        fs::write(
            lib.join("extra.yaml"),
            format!("format: debrief/2\ntitle: Round {round}\nretrieved: 2025-06-02\narticle:\n  - text: Round {round}.\n"),
        )
        .unwrap();
        let a = debrief(&home, &["list", lib_arg])
            .stdout(std::process::Stdio::piped())
            .spawn()
            .unwrap();
        let b = debrief(&home, &["check", lib_arg]).output().unwrap();
        let a = a.wait_with_output().unwrap();
        assert!(a.status.success(), "{a:?}");
        assert!(b.status.success(), "{b:?}");
        assert!(
            String::from_utf8_lossy(&b.stderr).is_empty(),
            "no warning: {b:?}"
        );
    }
    let report = tally(&home, &lib);
    assert!(report.unused.is_none(), "{:?}", report.unused);
    assert_eq!(
        report.tally.parsed, 0,
        "every file cached: {:?}",
        report.tally
    );
    let cached = run(&home, &["list", lib_arg]);
    let parsed = run(&home, &["--no-cache", "list", lib_arg]);
    assert!(String::from_utf8_lossy(&cached.stdout).contains("Round 5"));
    assert_eq!(
        cached.stdout, parsed.stdout,
        "the cache gives what parsing gives"
    );
}

#[test]
fn a_spoiled_cache_is_one_line_of_warning_and_the_output_is_unchanged() {
    let (_dir, lib, home) = scratch();
    let lib_arg = lib.to_str().unwrap();
    let first = run(&home, &["list", lib_arg]);
    let cache = fs::read_dir(home.join("debrief"))
        .unwrap()
        .next()
        .unwrap()
        .unwrap()
        .path();
    fs::write(&cache, b"garbage").unwrap();
    let second = run(&home, &["list", lib_arg]);
    assert_eq!(second.stdout, first.stdout);
    let stderr = String::from_utf8(second.stderr).unwrap();
    assert_eq!(stderr.lines().count(), 1, "{stderr}");
    assert!(
        stderr.contains("not used") && stderr.contains("rebuilt"),
        "{stderr}"
    );
    let third = run(&home, &["list", lib_arg]);
    assert!(third.stderr.is_empty(), "rebuilt: {third:?}");
}

#[test]
fn no_cache_writes_none_and_clear_removes_it() {
    let (_dir, lib, home) = scratch();
    let lib_arg = lib.to_str().unwrap();
    assert!(
        run(&home, &["--no-cache", "list", lib_arg])
            .status
            .success()
    );
    assert!(!home.join("debrief").exists(), "--no-cache wrote nothing");
    assert!(run(&home, &["list", lib_arg]).status.success());
    assert_eq!(fs::read_dir(home.join("debrief")).unwrap().count(), 1);
    let path = run(&home, &["cache", "path"]);
    assert_eq!(
        String::from_utf8(path.stdout).unwrap().trim(),
        home.join("debrief").to_str().unwrap()
    );
    let cleared = run(&home, &["cache", "clear"]);
    assert_eq!(
        String::from_utf8(cleared.stdout).unwrap().trim(),
        format!("removed 1 cache from {}", home.join("debrief").display())
    );
    assert_eq!(fs::read_dir(home.join("debrief")).unwrap().count(), 0);
}
