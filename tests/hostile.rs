//! Hostile briefings (DESIGN.md section 4, issue 6): files written to hurt the
//! reader, from escape sequences in every field to alias bombs and files
//! past the size cap. Each one either loads clean or fails with a clear error
//! naming the file, within a few seconds, and nothing hostile reaches the
//! model, `debrief check`, the exports or the screen.
//!
//! Small files are committed in `tests/hostile/` (each says at its top what it
//! does); big ones are generated here into a temporary folder.

use std::path::{Path, PathBuf};
use std::sync::mpsc;
use std::time::Duration;

use assert_cmd::Command;
use debrief::briefing::{Briefing, Diagnostic, Library, Limits, Loaded, Severity, load_file};
use debrief::export::{self, Scope};
use debrief::marks::{Kind, Marks, Target};
use debrief::query::{ActorNames, Filter};
use debrief::text;
use debrief::tui::app::Row;
use debrief::tui::theme::Theme;
use debrief::tui::{Action, App, update, view};
use ratatui::Terminal;
use ratatui::backend::TestBackend;
use tempfile::TempDir;

/// A load that takes longer is a hang, not a slow machine. The bounds
/// themselves are budgets of work, asserted by the errors they end in
/// (quote-search.yaml stops at 512 MiB of searching, about 6 s of a debug
/// build on a quiet machine, and three times that while others build): a
/// clock cannot assert them on a shared machine, so this only catches a
/// loop that never ends. benches/load.rs measures the speed.
const HANG: Duration = Duration::from_secs(90);

/// What a hostile file must do.
#[derive(Debug, Clone, Copy)]
enum Expect {
    /// Load, with no error (warnings allowed).
    Loads,
    /// Fail, its first error holding each of these words.
    Fails(&'static [&'static str]),
}

use Expect::{Fails, Loads};

/// The committed corpus, each with what it must do.
const CORPUS: &[(&str, Expect)] = &[
    ("escapes-in-values.yaml", Loads),
    (
        "escapes-in-keys.yaml",
        Fails(&["unknown key `[31mtitle[0m`"]),
    ),
    (
        "key-cleaned-to-a-duplicate.yaml",
        Fails(&["duplicate key `title`", "invisible characters"]),
    ),
    ("bidi.yaml", Loads),
    ("raw-controls.yaml", Fails(&["control character U+001B"])),
    ("raw-c1.yaml", Fails(&["control character U+009B"])),
    (
        "alias-bomb.yaml",
        Fails(&["text in the file adds up to more than", "alias"]),
    ),
    (
        "alias-bomb-of-lists.yaml",
        Fails(&["aliases (`*name`) expand to more than 100,000 values"]),
    ),
    ("deep-block.yaml", Fails(&["nests deeper than 32 levels"])),
    ("invalid-utf8.yaml", Fails(&["not valid UTF-8"])),
    ("nul.yaml", Fails(&["control character U+0000"])),
    ("binary.yaml", Fails(&["not valid UTF-8"])),
    ("duplicate-keys.yaml", Fails(&["duplicate key `title`"])),
    ("crlf.yaml", Loads),
    ("bom.yaml", Loads),
    ("tabs.yaml", Loads),
];

/// A valid briefing to build generated files on.
const HEAD: &str = "format: debrief/1\ntitle: Generated\narticle:\n  - text: Hi.\n";

/// A file name with an OSC title sequence and a bidi override in it: the id
/// (the file stem) and every place the name is printed must come out clean.
const HOSTILE_NAME: &str = "name-\u{1b}]0;owned\u{7}-\u{202e}fdp.yaml";

/// Generated files: (name, content, what it must do, cheap enough to load
/// again in the folder tests).
fn generated() -> Vec<(&'static str, Vec<u8>, Expect, bool)> {
    let mut files = Vec::new();

    // One byte past the 16 MiB cap: refused before it is parsed.
    let cap = Limits::default().max_file_bytes as usize;
    let mut huge = format!("{HEAD}summary: ").into_bytes();
    huge.resize(cap + 1, b'x');
    files.push((
        "huge.yaml",
        huge,
        Fails(&["larger than the limit of 16,777,216 bytes"]),
        true,
    ));

    // A large honest briefing under the cap: 2,000 paragraphs, 500 claims
    // anchored in them, some 1.4 MB.
    let mut large = String::from(
        "format: debrief/1\ntitle: Large\nactors:\n  - {id: a1, name: Actor, kind: agency, country: CZ}\nsources:\n  - {id: s1, name: Source, reliability: B, actor: a1}\narticle:\n",
    );
    for i in 0..2_000 {
        large += &format!(
            "  - id: p{i}\n    text: Paragraph {i} opens with marker{i}x and runs on. {}\n",
            "Words that fill a long article, line after line. ".repeat(12)
        );
    }
    large += "claims:\n";
    for i in 0..500 {
        large += &format!(
            "  - {{id: c{i}, text: Claim {i}., quote: marker{i}x, para: p{i}, by: a1, sources: [s1], confidence: likely}}\n"
        );
    }
    files.push(("large.yaml", large.into_bytes(), Loads, false));

    // A hundred thousand brackets.
    let deep = format!("{HEAD}x: {}{}\n", "[".repeat(100_000), "]".repeat(100_000));
    files.push((
        "deep-flow.yaml",
        deep.into_bytes(),
        Fails(&["nests deeper than 32 levels"]),
        true,
    ));

    let anchors: Vec<String> = (0..=1_000).map(|i| format!("&a{i} x")).collect();
    files.push((
        "many-anchors.yaml",
        format!("{HEAD}tags: [{}]\n", anchors.join(", ")).into_bytes(),
        Fails(&["defines more than 1,000 anchors"]),
        true,
    ));

    files.push((
        "many-aliases.yaml",
        format!("{HEAD}tags: [&a x{}]\n", ", *a".repeat(1_001)).into_bytes(),
        Fails(&["uses more than 1,000 aliases"]),
        true,
    ));

    let mut paragraphs = String::from("format: debrief/1\ntitle: T\narticle:\n");
    paragraphs += &"  - text: P.\n".repeat(10_001);
    files.push((
        "too-many-paragraphs.yaml",
        paragraphs.into_bytes(),
        Fails(&[
            "`article` has 10,001 paragraphs",
            "at most 10,000 in one list",
        ]),
        true,
    ));

    let items = format!(
        "{HEAD}actors:\n  - {{id: a, name: A}}\nclaims:\n  - id: c1\n    text: C.\n    actors: [{}]\n",
        vec!["a"; 10_001].join(", ")
    );
    files.push((
        "too-many-items.yaml",
        items.into_bytes(),
        Fails(&["`actors` of item 1 of `claims` has 10,001 items"]),
        true,
    ));

    let common = format!(
        "format: debrief/1\ntitle: T\narticle:\n  - text: {}\nclaims:\n  - {{id: c1, text: C., quote: a}}\n",
        "a ".repeat(2_000)
    );
    files.push((
        "quote-too-common.yaml",
        common.into_bytes(),
        Fails(&["the quote occurs more than 1,000 times"]),
        true,
    ));

    // Each quote is found once, at the end of a 2 MB article: 1,100 of them
    // would read 2.2 GB, past the 512 MiB the quotes of a briefing may read.
    let mut search = format!(
        "format: debrief/1\ntitle: T\nsources:\n  - {{id: s1, name: S, reliability: C}}\narticle:\n  - text: {}the very end\nclaims:\n",
        "filler ".repeat(2 * 1000 * 1000 / 7)
    );
    for i in 0..1_100 {
        search += &format!("  - {{id: c{i}, text: C., quote: the very end, sources: [s1]}}\n");
    }
    files.push((
        "quote-search.yaml",
        search.into_bytes(),
        Fails(&["debrief stops finding quotes here", "512 MiB"]),
        false,
    ));

    files.push((
        HOSTILE_NAME,
        b"format: debrief/1\ntitle: Named by its file\narticle:\n  - text: Hi.\n".to_vec(),
        Loads,
        true,
    ));
    files
}

/// Runs `f` on a thread of its own (the default 2 MiB stack, smaller than a
/// main thread's) and fails if it panics or takes longer than [`HANG`].
fn guarded<T: Send + 'static>(what: &str, f: impl FnOnce() -> T + Send + 'static) -> T {
    let (tx, rx) = mpsc::channel();
    std::thread::spawn(move || {
        let _ = tx.send(f());
    });
    match rx.recv_timeout(HANG) {
        Ok(value) => value,
        Err(mpsc::RecvTimeoutError::Timeout) => panic!("{what}: took more than {HANG:?}"),
        Err(mpsc::RecvTimeoutError::Disconnected) => panic!("{what}: panicked"),
    }
}

/// The first character that must not reach a terminal or an export: any
/// control but newline (so tab and carriage return too), and bidi controls.
fn hostile_char(s: &str) -> Option<char> {
    s.chars()
        .find(|&c| text::is_hostile(c) || (c.is_control() && c != '\n'))
}

#[track_caller]
fn assert_clean(what: &str, s: &str) {
    if let Some(c) = hostile_char(s) {
        panic!("{what}: U+{:04X} in {s:?}", u32::from(c));
    }
}

/// Every string of the model, with where it is.
fn strings(b: &Briefing) -> Vec<(String, String)> {
    let mut out = Vec::new();
    let mut add = |place: &str, s: &str| out.push((place.to_owned(), s.to_owned()));
    add("id", &b.id);
    add("title", &b.title);
    for (place, s) in [
        ("outlet", &b.outlet),
        ("url", &b.url),
        ("summary", &b.summary),
    ] {
        if let Some(s) = s {
            add(place, s);
        }
    }
    b.tags.iter().for_each(|t| add("tag", t));
    for a in &b.actors {
        add("actor id", &a.id);
        add("actor name", &a.name);
        a.aliases.iter().for_each(|x| add("alias", x));
        a.refs.iter().for_each(|x| add("ref", x));
        if let Some(c) = &a.country {
            add("country", &c.value);
        }
    }
    for p in &b.article {
        add("paragraph id", &p.id);
        add("paragraph text", &p.text);
    }
    for s in &b.sources {
        add("source id", &s.id);
        add("source name", &s.name);
        if let Some(u) = &s.url {
            add("source url", u);
        }
        if let Some(r) = &s.actor {
            add("source actor", &r.value);
        }
    }
    let anchor = |a: &Option<debrief::briefing::Anchor>, add: &mut dyn FnMut(&str, &str)| {
        if let Some(a) = a {
            add("quote", &a.quote.value);
            a.prefix().iter().for_each(|x| add("prefix", x));
            a.suffix().iter().for_each(|x| add("suffix", x));
            a.para().iter().for_each(|x| add("para", &x.value));
        }
    };
    for c in &b.claims {
        add("claim id", &c.id);
        add("claim text", &c.text);
        anchor(&c.anchor, &mut add);
        // References to items are indices once loaded: the ids they
        // name are the items' own, collected with each item.
        for code in c.countries.iter() {
            add("claim country", code);
        }
    }
    for e in &b.experts {
        add("expert id", &e.id);
        add("expert name", &e.name);
        e.affiliation.iter().for_each(|x| add("affiliation", x));
        e.says.iter().for_each(|x| add("says", x));
        anchor(&e.anchor, &mut add);
    }
    for k in &b.caveats {
        add("caveat id", &k.id);
        add("caveat text", &k.text);
        anchor(&k.anchor, &mut add);
        k.raised_by.iter().for_each(|r| add("raised_by", &r.value));
    }
    out
}

/// Nothing hostile in any string of the model, nor a tab or a carriage return.
fn assert_clean_model(name: &str, b: &Briefing) {
    let all = strings(b);
    assert!(all.len() > 3, "{name}: walked too little");
    for (place, s) in all {
        assert_clean(&format!("{name}: {place}"), &s);
    }
}

/// Marks every item, with a note holding escapes, and exports everything.
fn assert_clean_exports(name: &str, b: &Briefing) {
    let mut marks = Marks::default();
    let targets = b
        .claims
        .iter()
        .map(|x| (Kind::Claim, &x.id))
        .chain(b.sources.iter().map(|x| (Kind::Source, &x.id)))
        .chain(b.experts.iter().map(|x| (Kind::Expert, &x.id)))
        .chain(b.caveats.iter().map(|x| (Kind::Caveat, &x.id)))
        .chain(b.article.iter().map(|x| (Kind::Paragraph, &x.id)));
    for (kind, id) in targets {
        let t = Target::new(kind, id.as_str());
        marks.toggle(&t);
        marks.set_note(&t, "note \u{1b}[31mred\u{9b}2J \u{202e}x\nsecond line");
    }
    let names = ActorNames::new([b]);
    let today = time::macros::date!(2025 - 06 - 01);
    for scope in [Scope::Marked, Scope::All] {
        let brief = export::brief(&[(b, &marks)], &Filter::default(), &names, scope, today);
        for format in export::Format::ALL {
            let out = export::render(&brief, format).expect("the built-in templates render");
            assert_clean(&format!("{name}: {} export", format.word()), &out);
        }
        let json = export::json(&brief);
        // serde_json writes a control character as `\u001b`: look inside too.
        let value: serde_json::Value = serde_json::from_str(&json).expect("valid JSON");
        assert_clean_json(name, &value);
    }
}

fn assert_clean_json(name: &str, v: &serde_json::Value) {
    match v {
        serde_json::Value::String(s) => assert_clean(&format!("{name}: JSON string"), s),
        serde_json::Value::Array(items) => items.iter().for_each(|x| assert_clean_json(name, x)),
        serde_json::Value::Object(map) => {
            for (k, x) in map {
                assert_clean(&format!("{name}: JSON key"), k);
                assert_clean_json(name, x);
            }
        }
        _ => {}
    }
}

/// Every diagnostic names the file, has a place (the size cap is about the
/// whole file: line 0) and clean words.
fn assert_clean_diagnostics(name: &str, path: &Path, diagnostics: &[Diagnostic]) {
    for d in diagnostics {
        assert_eq!(d.file, path, "{name}: {d:?}");
        assert!(
            (d.line >= 1 && d.column >= 1) || d.message.contains("larger than the limit"),
            "{name}: no place: {d:?}"
        );
        assert_clean(&format!("{name}: message"), &d.message);
        assert_clean(
            &format!("{name}: help"),
            d.help.as_deref().unwrap_or_default(),
        );
        assert_clean(&format!("{name}: headline"), &text::clean(&d.headline()));
    }
}

/// Loads one file under the hang guard and checks everything about it.
fn check_file(name: &str, path: &Path, expect: Expect) {
    let loaded: Loaded = {
        let path = path.to_owned();
        guarded(name, move || load_file(&path, &Limits::default()))
    };
    assert_clean_diagnostics(name, path, &loaded.diagnostics);
    match (expect, &loaded.briefing) {
        (Loads, Some(b)) => {
            assert_clean_model(name, b);
            assert_clean_exports(name, b);
        }
        (Loads, None) => panic!("{name}: should load, got {:#?}", loaded.diagnostics),
        (Fails(words), None) => {
            let first = loaded.first_error().expect("an error");
            for w in words {
                assert!(
                    first.message.contains(w),
                    "{name}: {:?} lacks {w:?}",
                    first.message
                );
            }
            assert!(first.help.is_some(), "{name}: no help: {first:?}");
        }
        (Fails(_), Some(_)) => panic!("{name}: should fail, loaded"),
    }
}

fn corpus_dir() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/hostile")
}

#[test]
fn every_committed_hostile_file_loads_clean_or_fails_clearly_in_bounded_time() {
    for (name, expect) in CORPUS {
        check_file(name, &corpus_dir().join(name), *expect);
    }
    // Every file in the folder is in the table.
    let on_disk = std::fs::read_dir(corpus_dir()).expect("the corpus").count();
    assert_eq!(
        on_disk,
        CORPUS.len(),
        "a file of tests/hostile is not tested"
    );
}

#[test]
fn every_generated_hostile_file_loads_clean_or_fails_clearly_in_bounded_time() {
    let dir = tempfile::tempdir().expect("temp dir");
    for (name, content, expect, _) in generated() {
        let path = dir.path().join(name);
        std::fs::write(&path, content).expect("write");
        check_file(&text::clean(name), &path, expect);
    }
}

#[test]
fn escaped_text_is_kept_with_only_the_hostile_characters_removed() {
    let loaded = load_file(
        &corpus_dir().join("escapes-in-values.yaml"),
        &Limits::default(),
    );
    let b = loaded.briefing.expect("loads");
    assert_eq!(b.id, "hostile-[31mvalues");
    assert_eq!(
        b.title,
        "Title [31mred[0m ]0;owned ]8;;https://evil.example/\\link]8;;\\ 2J 0;t end"
    );
    // References written with other hostile characters meet the same ids.
    assert_eq!(b.claims[0].sources.iter().collect::<Vec<_>>(), [0]);
    assert_eq!(b.claims[0].by.ids(&b.actors).next(), Some("cz-mfa"));
    assert!(b.claims[0].anchor.as_ref().and_then(|a| a.span).is_some());
    assert_eq!(
        b.actors[0].aliases,
        ["ZIRCONIUM[2J", "Violet 1;1HTyphoon", "Judgment Panda"]
    );

    let crlf = load_file(&corpus_dir().join("crlf.yaml"), &Limits::default());
    let b = crlf.briefing.expect("loads");
    assert_eq!(b.title, "Written on Windows");
    assert_eq!(b.summary.as_deref(), Some("Folded over two lines."));
    assert_eq!(b.article[0].text, "A literal block of two lines.");
    assert_eq!(b.article[1].text, "Quoted, with an escaped return");

    let bom = load_file(&corpus_dir().join("bom.yaml"), &Limits::default());
    assert_eq!(
        bom.briefing.expect("loads").title,
        "Saved with a byte order mark"
    );

    let tabs = load_file(&corpus_dir().join("tabs.yaml"), &Limits::default());
    let b = tabs.briefing.expect("loads");
    assert_eq!(
        b.title, "Tab here",
        "a tab is expanded, then the text flowed"
    );
    assert_eq!(b.article[0].text, "col1 col2 col3");
}

/// A folder with good and bad briefings side by side.
struct Mixed {
    /// Holds `lib/`.
    dir: TempDir,
    /// Bad file names, with words of their first error.
    bad: Vec<(String, &'static [&'static str])>,
    /// Good file names.
    good: Vec<String>,
    /// Files that are read but are not briefings (the copied actors.yaml).
    registries: usize,
}

/// The committed corpus, the cheap generated files and two of the bundled
/// briefings, in `lib/` of a temporary folder.
fn mixed_folder() -> Mixed {
    let dir = tempfile::tempdir().expect("temp dir");
    let lib = dir.path().join("lib");
    std::fs::create_dir(&lib).expect("lib");
    let mut bad = Vec::new();
    let mut good = Vec::new();
    for (name, expect) in CORPUS {
        std::fs::copy(corpus_dir().join(name), lib.join(name)).expect("copy");
        match expect {
            Fails(words) => bad.push((name.to_string(), *words)),
            Loads => good.push(name.to_string()),
        }
    }
    for (name, content, expect, cheap) in generated() {
        if !cheap {
            continue;
        }
        std::fs::write(lib.join(name), content).expect("write");
        match expect {
            Fails(words) => bad.push((name.to_string(), words)),
            Loads => good.push(name.to_string()),
        }
    }
    let bundled = Path::new(env!("CARGO_MANIFEST_DIR")).join("briefings");
    // The bundled briefings use the library's actors.yaml, so it travels
    // with them.
    std::fs::copy(bundled.join("actors.yaml"), lib.join("actors.yaml")).expect("copy");
    for name in ["cz-mfa-apt31-article.yaml", "fi-parliament-apt31.yaml"] {
        std::fs::copy(bundled.join(name), lib.join(name)).expect("copy");
        good.push(name.to_string());
    }
    Mixed {
        dir,
        bad,
        good,
        registries: 1,
    }
}

#[test]
fn the_library_opens_the_good_files_and_keeps_each_bad_one_with_its_error() {
    let Mixed {
        dir,
        bad,
        good,
        registries,
    } = mixed_folder();
    let lib = dir.path().join("lib");
    let library = guarded("the library", move || {
        Library::load(&[lib], &Limits::default())
    });
    assert_eq!(library.files, bad.len() + good.len() + registries);
    assert_eq!(
        library.briefings.len(),
        good.len(),
        "{:#?}",
        library.failures
    );
    for b in &library.briefings {
        assert_clean_model(&b.id, b);
    }
    assert_eq!(library.failures.len(), bad.len());
    for (name, words) in &bad {
        let failure = library
            .failures
            .iter()
            .find(|f| f.path.file_name().is_some_and(|n| n == name.as_str()))
            .unwrap_or_else(|| panic!("{name} is not among the failures"));
        let first = failure.first_error().expect("an error");
        for w in *words {
            assert!(first.message.contains(w), "{name}: {first:?} lacks {w:?}");
        }
    }
    let named = library
        .briefings
        .iter()
        .find(|b| b.path.file_name().is_some_and(|n| n == HOSTILE_NAME))
        .expect("the briefing with a hostile file name loads");
    assert_eq!(named.id, "name-]0;owned-fdp", "the id is the cleaned stem");
}

struct Run {
    code: i32,
    stdout: String,
}

fn debrief(dir: &Path, args: &[&str]) -> Run {
    let out = Command::cargo_bin("debrief")
        .expect("the binary")
        .env("XDG_CACHE_HOME", env!("CARGO_TARGET_TMPDIR")) // not the user's cache
        .current_dir(dir)
        .args(args)
        .timeout(HANG * 3)
        .output()
        .expect("runs");
    let stdout = String::from_utf8(out.stdout).expect("stdout is UTF-8");
    let stderr = String::from_utf8(out.stderr).expect("stderr is UTF-8");
    assert_clean("stdout", &stdout);
    assert_clean("stderr", &stderr);
    Run {
        code: out.status.code().expect("exited, not killed"),
        stdout,
    }
}

#[test]
fn check_names_each_bad_file_with_its_error_and_prints_nothing_hostile() {
    let Mixed {
        dir,
        bad,
        good,
        registries,
    } = mixed_folder();
    let run = debrief(dir.path(), &["check", "lib"]);
    assert_eq!(run.code, 1, "{}", run.stdout);
    for (name, words) in &bad {
        let headline = run
            .stdout
            .lines()
            .find(|l| l.starts_with(&format!("lib/{name}:")) && l.contains(": error: "))
            .unwrap_or_else(|| panic!("no error for {name} in:\n{}", run.stdout));
        assert!(
            headline.contains(words[0]),
            "{headline:?} lacks {:?}",
            words[0]
        );
    }
    for name in &good {
        assert!(
            !run.stdout
                .lines()
                .any(|l| l.starts_with(&format!("lib/{}:", text::clean(name)))
                    && l.contains(": error: ")),
            "{name} has an error:\n{}",
            run.stdout
        );
    }
    let last = run.stdout.lines().last().unwrap_or_default();
    assert!(
        last.starts_with(&format!(
            "checked {} files: ",
            bad.len() + good.len() + registries
        )),
        "{last}"
    );

    let run = debrief(dir.path(), &["check", "--format", "json", "lib"]);
    assert_eq!(run.code, 1);
    let report: serde_json::Value = serde_json::from_str(&run.stdout).expect("valid JSON");
    assert_clean_json("check --format json", &report);
    let diagnostics = report["diagnostics"].as_array().expect("a list");
    for (name, _) in &bad {
        assert!(
            diagnostics
                .iter()
                .any(|d| d["file"] == format!("lib/{name}")
                    && d["severity"] == serde_json::to_value(Severity::Error).unwrap()),
            "{name} has no error in the JSON report"
        );
    }
}

/// Every cell drawn: no control or bidi character.
fn assert_clean_screen(what: &str, app: &App) {
    let mut terminal = Terminal::new(TestBackend::new(
        app.shared.size.width,
        app.shared.size.height,
    ))
    .expect("test terminal");
    terminal.draw(|f| view(app, f)).expect("draws");
    let buffer = terminal.backend().buffer();
    for y in 0..buffer.area.height {
        for x in 0..buffer.area.width {
            let symbol = buffer[(x, y)].symbol();
            if let Some(c) = hostile_char(symbol) {
                panic!(
                    "{what}: U+{:04X} drawn at ({x}, {y}):\n{}",
                    u32::from(c),
                    terminal.backend()
                );
            }
        }
    }
}

#[test]
fn the_reader_draws_hostile_briefings_without_a_control_character() {
    let Mixed { dir, .. } = mixed_folder();
    let library = Library::load(&[dir.path().join("lib")], &Limits::default());
    let (w, h) = (120, 40);
    let mut app = App::new(library, Theme::new(true), w, h);
    assert_clean_screen("library", &app);
    let rows = app.shelf().rows.len();
    assert!(rows > 20, "every file is a row: {rows}");
    for row in 0..rows {
        update(&mut app, Action::Top);
        for _ in 0..row {
            update(&mut app, Action::Down);
        }
        assert_clean_screen(&format!("library, row {row}"), &app);
        let is_briefing = matches!(
            app.shelf().rows.get(app.shelf().selected),
            Some(Row::Briefing(_))
        );
        update(&mut app, Action::Open);
        assert_clean_screen(&format!("row {row} opened"), &app);
        if is_briefing {
            for pane in [
                Action::FocusClaims,
                Action::FocusSources,
                Action::FocusExperts,
                Action::FocusCaveats,
            ] {
                update(&mut app, pane.clone());
                update(&mut app, Action::Down);
                assert_clean_screen(&format!("row {row}, {pane:?}"), &app);
                update(&mut app, Action::Open);
                assert_clean_screen(&format!("row {row}, {pane:?} detail"), &app);
                update(&mut app, Action::Back);
            }
            update(&mut app, Action::Overview);
            assert_clean_screen(&format!("row {row}, overview"), &app);
            update(&mut app, Action::Back);
        }
        update(&mut app, Action::Back);
    }
    update(&mut app, Action::Overview);
    assert_clean_screen("library overview", &app);
}

#[test]
fn a_file_with_thousands_of_problems_keeps_the_first_thousand_and_says_so() {
    let mut src = String::from(HEAD);
    for i in 0..3_000 {
        src += &format!("unknown{i}: x\n");
    }
    let loaded = guarded("3,000 problems", move || {
        debrief::briefing::load::load_bytes(Path::new("many.yaml"), src.as_bytes())
    });
    let limit = debrief::briefing::diagnostic::MAX_DIAGNOSTICS;
    assert_eq!(loaded.diagnostics.len(), limit + 1);
    let note = &loaded.diagnostics[0];
    assert_eq!(note.severity, Severity::Warning);
    assert_eq!(
        note.message,
        "only the first 1,000 problems of this file are shown; 2,000 more were found"
    );
    let first = loaded.first_error().expect("an error");
    assert!(first.message.contains("`unknown0`"), "{first:?}");
    assert_eq!(first.line, 5);
}

/// The cap on values, which a debug build takes some seconds to reach:
/// `cargo test --release --test hostile -- --ignored`.
#[test]
#[ignore = "slow in a debug build; run with --release -- --ignored"]
fn a_million_values_are_refused() {
    let mut src = String::from(HEAD);
    src += "x: [";
    for _ in 0..201 {
        src += &format!("[{}], ", "a, ".repeat(5_000));
    }
    src += "]\n";
    let loaded = guarded("a million values", move || {
        debrief::briefing::load::load_bytes(Path::new("values.yaml"), src.as_bytes())
    });
    let first = loaded.first_error().expect("an error");
    assert!(
        first.message.contains("more than 1,000,000 values"),
        "{first:?}"
    );
}
