//! Loads the library on a background thread, so the reader draws its first
//! frame at once and stays usable while files arrive. Each batch comes with
//! the saved marks of its briefings, read on the same thread.

use std::path::PathBuf;
use std::sync::mpsc::{self, Receiver};

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
            let action = match event {
                LoadEvent::Found { files, failures } => Action::LibraryFound { files, failures },
                LoadEvent::Loaded(files) => {
                    let mut batch = LoadBatch {
                        files,
                        ..LoadBatch::default()
                    };
                    if let Some(store) = &store {
                        read_marks(store, &mut batch);
                    }
                    Action::Loaded(batch)
                }
                LoadEvent::Note(line) => Action::Loaded(LoadBatch {
                    problems: vec![line],
                    ..LoadBatch::default()
                }),
                LoadEvent::Done => Action::LoadDone,
            };
            tx.send(action).is_ok()
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
