//! Loads the library on a background thread, so the reader draws its first
//! frame at once and stays usable while files arrive. Each batch comes with
//! the saved marks of its briefings, read on the same thread.

use std::path::PathBuf;
use std::sync::mpsc::{self, Receiver};

use rayon::prelude::*;

use super::action::{Action, LoadBatch};
use crate::briefing::Limits;
use crate::briefing::cache::Cache;
use crate::briefing::library::{LoadEvent, load_streaming_cached};
use crate::marks::Store;

/// Starts loading; the actions arrive on the receiver, ending with
/// [`Action::LoadDone`]. The thread stops early if the receiver is dropped.
pub fn spawn(paths: Vec<PathBuf>, limits: Limits, store: Option<Store>) -> Receiver<Action> {
    spawn_cached(paths, limits, store, None)
}

/// As [`spawn`], taking unchanged files from `cache` and leaving it up to date.
pub fn spawn_cached(
    paths: Vec<PathBuf>,
    limits: Limits,
    store: Option<Store>,
    cache: Option<Cache>,
) -> Receiver<Action> {
    let (tx, rx) = mpsc::channel();
    std::thread::spawn(move || {
        load_streaming_cached(&paths, &limits, cache.as_ref(), |event| {
            tx.send(loaded_action(event, store.as_ref())).is_ok()
        });
    });
    rx
}

/// The saved marks of the batch's briefings. A file that cannot be read is
/// moved aside, so new marks never overwrite what it holds.
fn read_marks(store: &Store, batch: &mut LoadBatch) {
    for (_, loaded) in &batch.files {
        let Some(b) = &loaded.briefing else { continue };
        match store.load(&b.id) {
            Ok(m) if m.is_empty() => {}
            Ok(m) => batch.marks.push((b.id.to_string(), m)),
            Err(e) => match store.set_aside(&b.id) {
                Ok(kept) => {
                    let said = format!("{e}; set aside as {} and started afresh", kept.display());
                    batch.problems.push(said.clone());
                    batch.set_aside.push((b.id.to_string(), said));
                }
                Err(moving) => batch.problems.push(format!(
                    "{e}; it could not be set aside ({moving}), so marks on this briefing are not saved"
                )),
            },
        }
    }
}

/// Asks for the library to be loaded again; cheap to clone, one per watcher
/// and the event loop. Requests that arrive while a load runs fold into one
/// more load after it, so a burst of changes costs two loads at most.
#[derive(Clone)]
pub struct Reloader {
    requests: mpsc::Sender<()>,
}

impl Reloader {
    pub fn reload(&self) {
        let _ = self.requests.send(());
    }
}

/// As [`spawn`], with a [`Reloader`] whose loads arrive on the same
/// receiver as [`Action::Reloaded`]: the whole library read again (an
/// `actors.yaml` changes every briefing under it), with saved marks.
///
/// Both go through `cache`: a reload after one file changed parses that
/// file only. With `watch`, the library's folders are watched too (see
/// [`watch`]), set up on a thread of its own: noting every file's size and
/// time first took longer than the first frame (80 ms and more on the
/// generated 10,000). A watch that cannot be set up says so in the status
/// line, and `R` still reloads.
pub fn spawn_reloadable(
    paths: Vec<PathBuf>,
    limits: Limits,
    store: Option<Store>,
    cache: Option<Cache>,
    watching: bool,
) -> (Receiver<Action>, Reloader) {
    let (tx, rx) = mpsc::channel();
    let (requests, wanted) = mpsc::channel::<()>();
    if watching {
        let (tx, paths) = (tx.clone(), paths.clone());
        let reloader = Reloader {
            requests: requests.clone(),
        };
        std::thread::spawn(move || match watch(&paths, reloader) {
            // The watch lasts as long as this thread, which is as long as the reader.
            Ok(_watcher) => loop {
                std::thread::park();
            },
            Err(e) => {
                let _ = tx.send(Action::Loaded(LoadBatch {
                    problems: vec![crate::text::clean(&format!(
                        "not watching for changes ({e}); R reloads"
                    ))],
                    ..LoadBatch::default()
                }));
            }
        });
    }
    let first = tx.clone();
    let (first_paths, first_store, first_cache) = (paths.clone(), store.clone(), cache.clone());
    std::thread::spawn(move || {
        load_streaming_cached(&first_paths, &limits, first_cache.as_ref(), |event| {
            first
                .send(loaded_action(event, first_store.as_ref()))
                .is_ok()
        });
    });
    std::thread::spawn(move || {
        while wanted.recv().is_ok() {
            while wanted.try_recv().is_ok() {}
            // What went wrong with the cache was said on the first load.
            let (library, _) =
                crate::briefing::Library::load_cached(&paths, &limits, cache.as_ref());
            let mut marks = Vec::new();
            if let Some(store) = &store {
                for b in &library.briefings {
                    if let Ok(m) = store.load(&b.id)
                        && !m.is_empty()
                    {
                        marks.push((b.id.to_string(), m));
                    }
                }
            }
            let reloaded = crate::tui::action::Reloaded {
                library: std::sync::Arc::new(library),
                marks,
            };
            if tx.send(Action::Reloaded(reloaded)).is_err() {
                return;
            }
        }
    });
    (rx, Reloader { requests })
}

fn loaded_action(event: LoadEvent, store: Option<&Store>) -> Action {
    match event {
        LoadEvent::Found { files, failures } => Action::LibraryFound { files, failures },
        LoadEvent::Loaded(files) => {
            // Found here, off the reader's thread, for the library's search:
            // in pieces on every core, since one thread finding the words of
            // every batch took longer than loading them from the cache.
            let words = files
                .par_chunks(16)
                .map(|chunk| {
                    crate::search::Words::of(chunk.iter().filter_map(|(_, l)| l.briefing.as_ref()))
                })
                .collect();
            let mut batch = LoadBatch {
                files,
                words,
                ..LoadBatch::default()
            };
            if let Some(store) = store {
                read_marks(store, &mut batch);
            }
            Action::Loaded(batch)
        }
        LoadEvent::Note(line) => Action::Loaded(LoadBatch {
            problems: vec![line],
            ..LoadBatch::default()
        }),
        LoadEvent::Done => Action::LoadDone,
    }
}

/// A file's size and modification time, to tell a change from a read.
type Stamp = (std::time::SystemTime, u64);

fn stamp(path: &std::path::Path) -> Option<Stamp> {
    let m = std::fs::metadata(path).ok()?;
    Some((m.modified().ok()?, m.len()))
}

/// One name per file however it was reached: its folder's real path and its name
/// (the file itself may be gone).
fn key(path: &std::path::Path) -> PathBuf {
    let name = path.file_name().unwrap_or_default();
    let dir = path
        .parent()
        .filter(|p| !p.as_os_str().is_empty())
        .unwrap_or(std::path::Path::new("."));
    std::fs::canonicalize(dir)
        .unwrap_or_else(|_| dir.to_owned())
        .join(name)
}

/// Keeps watching while it lives.
pub type Watcher = notify_debouncer_mini::Debouncer<notify::RecommendedWatcher>;

/// How long the files must stay still before a reload: an editor's save is
/// several writes (a temporary file, a rename), and a checkout many.
const SETTLE: std::time::Duration = std::time::Duration::from_millis(250);

/// Watches the library's folders (a file given alone: its folder) and asks
/// `reloader` for a load when a briefing or an `actors.yaml` under them
/// changes, appears or goes.
pub fn watch(paths: &[PathBuf], reloader: Reloader) -> Result<Watcher, String> {
    use notify::RecursiveMode;
    // The watcher also reports files being opened, as our own loads do:
    // only a file whose size or time changed, or that came or went, counts.
    let (files, _) = crate::briefing::library::briefing_files(paths);
    let mut stamps: std::collections::HashMap<PathBuf, Option<Stamp>> = files
        .into_iter()
        .map(|f| {
            let s = stamp(&f);
            (key(&f), s)
        })
        .collect();
    let mut debouncer = notify_debouncer_mini::new_debouncer(
        SETTLE,
        move |result: notify_debouncer_mini::DebounceEventResult| {
            let Ok(events) = result else { return };
            let mut changed = false;
            for e in events {
                if !crate::briefing::library::is_briefing_file(&e.path) {
                    continue;
                }
                let now = stamp(&e.path);
                let k = key(&e.path);
                let before = stamps.get(&k).cloned().flatten();
                if now != before {
                    stamps.insert(k, now);
                    changed = true;
                }
            }
            if changed {
                reloader.reload();
            }
        },
    )
    .map_err(|e| e.to_string())?;
    for path in paths {
        let (dir, mode) = if path.is_dir() {
            (path.as_path(), RecursiveMode::Recursive)
        } else {
            // Editors replace a file by renaming another over it, which
            // ends a watch on the file itself: watch its folder.
            let parent = path.parent().filter(|p| !p.as_os_str().is_empty());
            (
                parent.unwrap_or(std::path::Path::new(".")),
                RecursiveMode::NonRecursive,
            )
        };
        debouncer
            .watcher()
            .watch(dir, mode)
            .map_err(|e| format!("{}: {e}", crate::text::clean(&dir.display().to_string())))?;
    }
    Ok(debouncer)
}
