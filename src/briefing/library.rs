//! A library: every briefing under one or more paths. One bad file never stops
//! the others; it is kept, with its diagnostics, to be shown to the user.

use std::cell::Cell;
use std::collections::HashMap;
use std::path::{Path, PathBuf};

use super::cache::{Cache, Seen, Session, Tally};
use super::corroboration::Corroboration;
use super::diagnostic::{Diagnostic, Diagnostics};
use super::load::{FileBuffer, Limits, load_read, read_for_load_into};
use super::model::{Briefing, Id, Pos};
use super::registry::{Registry, is_registry_file};
use super::same_as::SameAs;

use super::involves::Gathered;
pub use super::involves::Involves;

/// A file that could not be loaded, and why.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct LoadFailure {
    pub path: PathBuf,
    pub diagnostics: Vec<Diagnostic>,
}

impl LoadFailure {
    /// The error to show first: the earliest in the file.
    pub fn first_error(&self) -> Option<&Diagnostic> {
        self.diagnostics.iter().find(|d| d.is_error())
    }
}

#[derive(Debug, Default, Clone)]
pub struct Library {
    /// Index of each briefing by id, for the duplicate check.
    ids: foldhash::HashMap<Id, usize>,
    /// The actors and countries of each briefing, as numbers; see [`Involves`].
    involves: Involves,
    pub briefings: Vec<Briefing>,
    pub failures: Vec<LoadFailure>,
    /// Warnings of the briefings that did load, by file.
    pub warnings: Vec<Diagnostic>,
    /// How many files were read.
    pub files: usize,
    /// The actor registries (`actors.yaml`) of the library.
    pub registry: Registry,
    /// `same_as` links between the briefings, both ways; see [`Library::link`].
    pub same_as: SameAs,
    /// Problems found across files (`same_as` into a claim that does not
    /// exist), by [`Library::link`].
    pub link_problems: Vec<Diagnostic>,
    /// `same_as` groups and their origins across briefings; see [`Library::link`].
    pub corroboration: Corroboration,
}

/// What only the whole library shows: `same_as` links, corroboration and
/// their problems; see [`Library::link`].
#[derive(Debug)]
pub struct Links {
    same_as: SameAs,
    corroboration: Corroboration,
    problems: Vec<Diagnostic>,
}

/// Is this a briefing file by its name?
pub fn is_briefing_file(path: &Path) -> bool {
    matches!(
        path.extension().and_then(|e| e.to_str()),
        Some("yaml" | "yml")
    )
}

/// Every briefing file under `paths` (files as given, folders recursively),
/// sorted, so libraries load in the same order everywhere. Paths that do not
/// exist or cannot be read are returned as errors.
pub fn briefing_files(paths: &[PathBuf]) -> (Vec<PathBuf>, Vec<LoadFailure>) {
    let mut files = Vec::new();
    let mut failures = Vec::new();
    // One folder walked without meeting a link cannot name a file twice;
    // only then is the check below skipped (it asks the system for every
    // component of every path: on the 10,000, a twentieth of a warm start).
    let mut maybe_twice = paths.len() > 1;
    for path in paths {
        if path.is_file() {
            files.push(path.clone());
            continue;
        }
        if !path.is_dir() {
            // Missing, or a pipe, socket or device: nothing a briefing is read from.
            let (message, help) = if path.exists() {
                (
                    "not a regular file or a folder",
                    "give a briefing file or a folder of them; debrief does not read pipes or devices",
                )
            } else {
                (
                    "no such file or folder",
                    "give a briefing file or a folder of them",
                )
            };
            let mut diags = Diagnostics::new(path);
            diags.error(Default::default(), message).with_help(help);
            failures.push(LoadFailure {
                path: path.clone(),
                diagnostics: diags.into_sorted(),
            });
            continue;
        }
        let mut found = Vec::new();
        for entry in walkdir::WalkDir::new(path).follow_links(true) {
            match entry {
                Ok(e) if e.file_type().is_file() && is_briefing_file(e.path()) => {
                    maybe_twice |= e.path_is_symlink();
                    found.push(e.into_path())
                }
                Ok(e) => maybe_twice |= e.path_is_symlink(),
                Err(e) => {
                    let at = e.path().unwrap_or(path).to_owned();
                    let mut diags = Diagnostics::new(&at);
                    diags.error(Default::default(), format!("cannot read: {e}"));
                    failures.push(LoadFailure {
                        path: at,
                        diagnostics: diags.into_sorted(),
                    });
                }
            }
        }
        found.sort();
        files.extend(found);
    }
    // A file given twice, or a file and its folder, is one file: loaded once,
    // not reported as its own duplicate. Compared by its real path.
    if maybe_twice {
        let mut seen = std::collections::HashSet::new();
        files.retain(|f| seen.insert(std::fs::canonicalize(f).unwrap_or_else(|_| f.clone())));
    }
    (files, failures)
}

/// How many files are loaded together before they are handed over: small
/// enough that the reader shows progress often, large enough to keep every
/// core busy.
const BATCH: usize = 64;

/// What a library load in the background reports, in this order: how many
/// files there are, batches of loaded files (in path order), done.
#[derive(Debug)]
pub enum LoadEvent {
    Found {
        files: usize,
        failures: Vec<LoadFailure>,
    },
    Loaded(Vec<(PathBuf, super::load::Loaded)>),
    /// One line for the user (the cache could not be used, or written).
    Note(String),
    Done,
}

/// What the cache did for a load, to tell the user.
#[derive(Debug, Default)]
pub struct CacheReport {
    pub tally: Tally,
    /// Why the cache could not be used, if it could not: one line.
    pub unused: Option<String>,
    /// Why the next cache could not be written, if it could not.
    pub unwritten: Option<String>,
}

impl CacheReport {
    fn of(session: Session, seen: Vec<Seen>, cache: Option<&Cache>) -> CacheReport {
        let unused = session.warning.clone();
        let (tally, unwritten) = match session.finish(seen) {
            Ok(tally) => (tally, None),
            Err(e) => (
                Tally::default(),
                cache.map(|c| {
                    format!(
                        "debrief: the cache {} could not be written: {e}",
                        crate::text::one_line(&c.file().display().to_string())
                    )
                }),
            ),
        };
        CacheReport {
            tally,
            unused,
            unwritten,
        }
    }

    /// Every line for the user, in order.
    pub fn warnings(&self) -> impl Iterator<Item = &str> {
        self.unused
            .iter()
            .chain(&self.unwritten)
            .map(String::as_str)
    }
}

/// Loads `files` on every core, returning them in the order given.
pub fn load_all(files: &[PathBuf], limits: &Limits) -> Vec<(PathBuf, super::load::Loaded)> {
    load_all_with(files, limits, &Registry::default())
}

/// As [`load_all`], each file with the registry actors that apply to it.
pub fn load_all_with(
    files: &[PathBuf],
    limits: &Limits,
    registry: &Registry,
) -> Vec<(PathBuf, super::load::Loaded)> {
    load_all_cached(files, limits, registry, &Session::none()).0
}

/// As [`load_all_with`], taking what it can from a cache `session`; also
/// gives what the session needs to write the next cache.
pub fn load_all_cached(
    files: &[PathBuf],
    limits: &Limits,
    registry: &Registry,
    session: &Session,
) -> (Vec<(PathBuf, super::load::Loaded)>, Vec<Seen>) {
    use rayon::prelude::*;
    let (loaded, seen): (Vec<_>, Vec<_>) = files
        .par_iter()
        .map(|p| {
            let (loaded, seen) = load_compact(p, limits, registry, session);
            ((p.clone(), loaded), seen)
        })
        .unzip();
    (loaded, seen.into_iter().flatten().collect())
}

/// What a library is read from: the briefing files under `paths`, the
/// failures of finding them, and the actor registries that apply, loaded
/// first since every briefing is checked against them.
struct Found {
    briefings: Vec<PathBuf>,
    failures: Vec<LoadFailure>,
    registry: Registry,
    registry_warnings: Vec<Diagnostic>,
    /// How many files were found, registries among them.
    files: usize,
}

fn find(paths: &[PathBuf], limits: &Limits) -> Found {
    let (files, mut failures) = briefing_files(paths);
    let count = files.len();
    let (registries, briefings): (Vec<PathBuf>, Vec<PathBuf>) =
        files.into_iter().partition(|p| is_registry_file(p));
    let (registry, registry_failures, registry_warnings) =
        Registry::load(paths, &registries, limits);
    failures.extend(registry_failures);
    Found {
        briefings,
        failures,
        registry,
        registry_warnings,
        files: count,
    }
}

/// Loads one file, gives back the room its lists grew into, and stows its
/// prose on disk (`super::stow`): a library keeps every briefing for as
/// long as it is open, and a list grown by pushing holds up to twice what
/// it needs. Done on the loading thread, so the room is free for the next
/// file before the library is complete.
fn load_compact(
    path: &Path,
    limits: &Limits,
    registry: &Registry,
    session: &Session,
) -> (super::load::Loaded, Option<Seen>) {
    thread_local! {
        /// The file each loading thread reads, one buffer from file to file.
        static READ: Cell<FileBuffer> = const { Cell::new(FileBuffer::new()) };
    }
    let (mut loaded, seen) = FileBuffer::with_kept(&READ, |read| {
        // A file that cannot be read is not cached: the next load tries again.
        match read_for_load_into(path, limits, read) {
            Ok(meta) => session.load(path, read.bytes(), meta.as_ref(), |bytes| {
                load_read(path, bytes, &registry.for_file(path))
            }),
            Err(failed) => (*failed, None),
        }
    });
    if let Some(b) = loaded.briefing.as_mut() {
        compact(b);
        // Checked and cached: its prose can go to disk (see `stow`).
        super::stow::stow(b);
        loaded.gathered = Some(Gathered::of(b));
    }
    (loaded, seen)
}

fn compact(b: &mut Briefing) {
    b.tags.shrink_to_fit();
    b.actors.shrink_to_fit();
    for a in &mut b.actors {
        a.aliases.shrink_to_fit();
        a.refs.shrink_to_fit();
    }
    b.article.shrink_to_fit();
    b.sources.shrink_to_fit();
    b.claims.shrink_to_fit();
    for c in &mut b.claims {
        if let Some(more) = &mut c.more {
            more.techniques.shrink_to_fit();
            more.same_as.shrink_to_fit();
        }
    }
    b.experts.shrink_to_fit();
    b.caveats.shrink_to_fit();
}

/// Lists and loads the library under `paths`, calling `report` as it goes;
/// meant for a background thread. Stops early when `report` returns false.
pub fn load_streaming(paths: &[PathBuf], limits: &Limits, report: impl FnMut(LoadEvent) -> bool) {
    load_streaming_cached(paths, limits, None, report);
}

/// As [`load_streaming`], taking what it can from `cache` and leaving it
/// up to date at the end.
pub fn load_streaming_cached(
    paths: &[PathBuf],
    limits: &Limits,
    cache: Option<&Cache>,
    mut report: impl FnMut(LoadEvent) -> bool,
) {
    let found = find(paths, limits);
    let files = found.briefings;
    if !report(LoadEvent::Found {
        files: files.len(),
        failures: found.failures,
    }) {
        return;
    }
    let session = open_cache(cache, &found.registry, limits);
    if let Some(warning) = &session.warning
        && !report(LoadEvent::Note(warning.clone()))
    {
        return;
    }
    let mut seen = Vec::new();
    for chunk in files.chunks(BATCH) {
        let (loaded, chunk_seen) = load_all_cached(chunk, limits, &found.registry, &session);
        seen.extend(chunk_seen);
        if !report(LoadEvent::Loaded(loaded)) {
            return;
        }
    }
    // Why the cache was not used is said already; only a failed write is new.
    if let Some(unwritten) = CacheReport::of(session, seen, cache).unwritten
        && !report(LoadEvent::Note(unwritten))
    {
        return;
    }
    report(LoadEvent::Done);
}

fn open_cache(cache: Option<&Cache>, registry: &Registry, limits: &Limits) -> Session {
    match cache {
        Some(cache) => cache.open(Cache::context(registry, limits)),
        None => Session::none(),
    }
}

impl Library {
    /// Loads every briefing under `paths`, files in parallel.
    pub fn load(paths: &[PathBuf], limits: &Limits) -> Library {
        Library::load_cached(paths, limits, None).0
    }

    /// As [`Library::load`], taking what it can from `cache` and leaving
    /// it up to date; says what the cache did.
    pub fn load_cached(
        paths: &[PathBuf],
        limits: &Limits,
        cache: Option<&Cache>,
    ) -> (Library, CacheReport) {
        let found = find(paths, limits);
        let mut library = Library {
            failures: found.failures,
            files: found.files,
            warnings: found.registry_warnings,
            ..Library::default()
        };
        let session = open_cache(cache, &found.registry, limits);
        let (loaded, seen) = load_all_cached(&found.briefings, limits, &found.registry, &session);
        // A vector of briefings grown by doubling copied them all each time.
        library.briefings.reserve(loaded.len());
        for (path, loaded) in loaded {
            library.add(&path, loaded);
        }
        library.registry = found.registry;
        library.link();
        (library, CacheReport::of(session, seen, cache))
    }

    /// Loads on one thread only: the baseline the parallel load is measured against.
    pub fn load_sequential(paths: &[PathBuf], limits: &Limits) -> Library {
        let found = find(paths, limits);
        let mut library = Library {
            failures: found.failures,
            files: found.files,
            warnings: found.registry_warnings,
            ..Library::default()
        };
        for path in &found.briefings {
            library.add(
                path,
                load_compact(path, limits, &found.registry, &Session::none()).0,
            );
        }
        library.registry = found.registry;
        library.link();
        library
    }

    /// Works out what needs the whole library: the `same_as` links and
    /// their problems, corroboration across briefings and the warnings only
    /// a library shows. [`Library::load`] calls it; a library built by
    /// [`Library::add`] batch by batch calls it once loading is done.
    pub fn link(&mut self) {
        let links = self.links();
        self.set_links(links);
    }

    /// What [`Library::link`] finds, without changing the library: the
    /// reader works it out on a thread of its own while it goes on
    /// answering keys (at 100,000 briefings it takes seconds).
    pub fn links(&self) -> Links {
        let (same_as, mut problems) = SameAs::new(&self.briefings);
        let corroboration = Corroboration::new(&self.briefings, &same_as);
        problems.extend(corroboration.warnings(&self.briefings));
        Links {
            same_as,
            corroboration,
            problems,
        }
    }

    /// Takes the links [`Library::links`] found for these briefings.
    pub fn set_links(&mut self, links: Links) {
        self.same_as = links.same_as;
        self.corroboration = links.corroboration;
        self.link_problems = links.problems;
    }

    /// Adds one loaded file, refusing a briefing whose id another file has.
    pub fn add(&mut self, path: &Path, loaded: super::load::Loaded) {
        let (ok, mut diagnostics, gathered) =
            (loaded.briefing, loaded.diagnostics, loaded.gathered);
        match ok {
            Some(b) => match self.ids.get(&b.id).and_then(|&i| self.briefings.get(i)) {
                Some(other) => {
                    let mut diags = Diagnostics::new(path);
                    // The id is the file stem when the file writes no `id:`; then it is at 1:1.
                    let from_stem = b.id_pos == Pos { line: 1, column: 1 };
                    let d = diags.error(
                        b.id_pos,
                        format!(
                            "duplicate briefing id `{}`: {} already has it",
                            b.id,
                            other.path.display()
                        ),
                    );
                    if from_stem {
                        d.with_help("this file writes no `id:`, so its id is its file name; add `id:` with an id no other briefing has");
                    } else {
                        d.with_help("briefing ids are unique in a library: set a different `id:` in one of the two files")
                            .underline(crate::text::width(&b.id));
                    }
                    diagnostics.extend(diags.into_sorted());
                    self.failures.push(LoadFailure {
                        path: path.to_owned(),
                        diagnostics,
                    });
                }
                None => {
                    self.warnings.extend(diagnostics);
                    self.ids.insert(b.id.clone(), self.briefings.len());
                    self.involves
                        .push(&gathered.unwrap_or_else(|| Gathered::of(&b)));
                    self.briefings.push(b);
                }
            },
            None => self.failures.push(LoadFailure {
                path: path.to_owned(),
                diagnostics,
            }),
        }
    }

    /// Every diagnostic of the library, file by file.
    pub fn diagnostics(&self) -> Vec<&Diagnostic> {
        let mut all: Vec<&Diagnostic> = self
            .failures
            .iter()
            .flat_map(|f| f.diagnostics.iter())
            .chain(self.warnings.iter())
            .chain(self.link_problems.iter())
            .collect();
        all.sort_by(|a, b| (&a.file, a.line, a.column).cmp(&(&b.file, b.line, b.column)));
        all
    }

    /// What each briefing involves, for filters and facet counts.
    pub fn involves(&self) -> &Involves {
        &self.involves
    }

    pub fn by_id(&self) -> HashMap<&str, usize> {
        self.briefings
            .iter()
            .enumerate()
            .map(|(i, b)| (b.id.as_str(), i))
            .collect()
    }
}

#[cfg(all(test, unix))]
mod tests {
    use super::*;
    use std::fs;

    #[test]
    fn a_file_reached_twice_is_listed_once() {
        let dir = tempfile::tempdir().expect("scratch");
        let a = dir.path().join("a");
        fs::create_dir(&a).expect("a");
        fs::write(a.join("x.yaml"), "format: debrief/2\n").expect("x");
        let (files, _) = briefing_files(std::slice::from_ref(&a));
        assert_eq!(files, vec![a.join("x.yaml")]);
        // A file and its folder.
        let (files, _) = briefing_files(&[a.clone(), a.join("x.yaml")]);
        assert_eq!(files, vec![a.join("x.yaml")]);
        // One folder, which holds a link to a folder it holds.
        let top = dir.path().join("top");
        fs::create_dir_all(top.join("real")).expect("real");
        fs::write(top.join("real/y.yaml"), "format: debrief/2\n").expect("y");
        std::os::unix::fs::symlink(top.join("real"), top.join("again")).expect("link");
        let (files, _) = briefing_files(std::slice::from_ref(&top));
        assert_eq!(files.len(), 1, "{files:?}");
    }
}
