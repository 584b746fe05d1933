//! Marks files on disk: one YAML file per briefing in the state folder.
//!
//! A save holds an advisory lock on the folder's `.lock` file while it reads
//! what is on disk, merges this reader's changes into it and writes the
//! result atomically (a temporary file in the same folder, flushed, then
//! renamed over the old one). So two readers saving at once take turns, and
//! a crash at any moment leaves either the old file or the new. Readers do
//! not lock: a rename is atomic, so they see one whole file or the other.

use std::collections::BTreeMap;
use std::io::{self, Write};
use std::path::{Path, PathBuf};

use serde::{Deserialize, Serialize};

use super::merge::merge;
use super::{Entry, Kind, Marks, Target};
use crate::text;

/// The file's shape: a header a person recognises, then one entry per item.
#[derive(Debug, Serialize, Deserialize)]
struct File {
    briefing: String,
    #[serde(default)]
    items: Vec<FileItem>,
}

#[derive(Debug, Serialize, Deserialize)]
struct FileItem {
    kind: Kind,
    id: String,
    #[serde(flatten)]
    entry: Entry,
}

/// Temporary files of a save start so, and nothing else in the folder does:
/// the ones a killed save left behind are known by it.
const TEMP_PREFIX: &str = ".debrief-save-";

/// What a save wrote.
#[derive(Debug)]
pub struct Saved {
    pub path: PathBuf,
    /// The marks as now on disk: this reader's changes and every other
    /// reader's. The reader takes these as its own.
    pub marks: Marks,
    /// Items another reader had changed on disk since this one last read it.
    pub from_others: usize,
    /// Items whose note both readers changed: both texts are kept.
    pub conflicts: Vec<Target>,
    /// A file found unreadable at the save, moved aside first, and why.
    pub set_aside: Option<String>,
}

/// Where marks live: one YAML file per briefing in a folder.
#[derive(Debug, Clone)]
pub struct Store {
    dir: PathBuf,
}

impl Store {
    /// The folder `--state-dir` names, or the user's state folder:
    /// `$XDG_STATE_HOME/debrief`, else the platform's equivalent.
    pub fn new(state_dir: Option<PathBuf>) -> Option<Store> {
        let dir = match state_dir {
            Some(d) => d,
            None => dirs::state_dir()
                .or_else(dirs::data_local_dir)?
                .join("debrief"),
        };
        Some(Store {
            dir: dir.join("marks"),
        })
    }

    pub fn at(dir: &Path) -> Store {
        Store {
            dir: dir.to_owned(),
        }
    }

    pub fn dir(&self) -> &Path {
        &self.dir
    }

    /// The file for a briefing id. Ids come from files we do not trust, so
    /// the name keeps only safe characters, with a hash of the id when any
    /// had to go, so two ids never share a file and none escapes the folder.
    pub fn path(&self, briefing_id: &str) -> PathBuf {
        self.dir.join(format!("{}.yaml", file_stem(briefing_id)))
    }

    /// The marks of a briefing; none when it has no file yet. An unreadable
    /// file is an error that names it, with the line and column at fault.
    pub fn load(&self, briefing_id: &str) -> Result<Marks, String> {
        self.read(briefing_id).map(Marks::from_disk)
    }

    fn read(&self, briefing_id: &str) -> Result<BTreeMap<Target, Entry>, String> {
        let path = self.path(briefing_id);
        let bytes = match std::fs::read(&path) {
            Ok(b) => b,
            Err(e) if e.kind() == io::ErrorKind::NotFound => return Ok(BTreeMap::new()),
            Err(e) => return Err(format!("cannot read {}: {e}", path.display())),
        };
        let source = String::from_utf8_lossy(&bytes);
        let file: File = serde_saphyr::from_str(&source).map_err(|e| {
            format!(
                "{} is not a marks file debrief can read ({})",
                path.display(),
                text::clean(&e.without_snippet().to_string())
            )
        })?;
        let clean = |s: Option<String>| s.map(|n| text::clean(&n));
        Ok(file
            .items
            .into_iter()
            .map(|item| {
                let entry = Entry {
                    marked: item.entry.marked,
                    note: clean(item.entry.note),
                    draft: clean(item.entry.draft),
                    rank: item.entry.rank,
                };
                (Target::new(item.kind, text::clean(&item.id)), entry)
            })
            .filter(|(_, e)| !e.is_empty())
            .collect())
    }

    /// Moves an unreadable marks file out of the way (to `NAME.unreadable.yaml`,
    /// numbered if need be), so new marks never overwrite what it holds.
    pub fn set_aside(&self, briefing_id: &str) -> io::Result<PathBuf> {
        let from = self.path(briefing_id);
        let stem = file_stem(briefing_id);
        for n in 1..1000 {
            let name = if n == 1 {
                format!("{stem}.unreadable.yaml")
            } else {
                format!("{stem}.unreadable-{n}.yaml")
            };
            let to = self.dir.join(name);
            if !to.exists() {
                std::fs::rename(&from, &to)?;
                return Ok(to);
            }
        }
        Err(io::Error::other("too many unreadable marks files"))
    }

    /// Merges this reader's changes into the file on disk and writes it.
    pub fn save(&self, briefing_id: &str, marks: &Marks) -> io::Result<Saved> {
        self.save_with(briefing_id, marks, |file, bytes| file.write_all(bytes))
    }

    /// [`Store::save`] with the write itself given, so tests can make it fail
    /// half way and see the old file survive.
    pub fn save_with(
        &self,
        briefing_id: &str,
        marks: &Marks,
        write: impl FnOnce(&mut std::fs::File, &[u8]) -> io::Result<()>,
    ) -> io::Result<Saved> {
        std::fs::create_dir_all(&self.dir)?;
        let _lock = self.lock()?;
        let mut set_aside = None;
        let theirs = match self.read(briefing_id) {
            Ok(t) => t,
            // Written over by something else since it was read: keep it
            // aside rather than overwrite it, and save ours beside it.
            Err(why) => {
                let kept = self.set_aside(briefing_id)?;
                set_aside = Some(format!("{why}; moved to {}", kept.display()));
                BTreeMap::new()
            }
        };
        let merged = merge(&marks.base, &marks.entries, &theirs);
        let from_others = merged
            .entries
            .iter()
            .filter(|(t, e)| marks.entries.get(*t) != Some(*e))
            .count()
            + marks
                .entries
                .keys()
                .filter(|t| !merged.entries.contains_key(*t))
                .count();
        let path = self.path(briefing_id);
        let yaml = render(briefing_id, &merged.entries)?;
        let mut tmp = tempfile::Builder::new()
            .prefix(TEMP_PREFIX)
            .tempfile_in(&self.dir)?;
        write(tmp.as_file_mut(), yaml.as_bytes())?;
        tmp.as_file_mut().flush()?;
        tmp.as_file().sync_all()?;
        tmp.persist(&path).map_err(|e| e.error)?;
        // Make the rename itself durable where the platform allows it.
        if let Ok(dir) = std::fs::File::open(&self.dir) {
            let _ = dir.sync_all();
        }
        Ok(Saved {
            path,
            marks: Marks::from_disk(merged.entries),
            from_others,
            conflicts: merged.conflicts,
            set_aside,
        })
    }

    /// Removes the temporary files of saves that were killed half way; how
    /// many. Under the lock, so a save going on in another reader is not
    /// touched.
    pub fn clean_leftovers(&self) -> io::Result<usize> {
        let entries = match std::fs::read_dir(&self.dir) {
            Ok(e) => e,
            Err(e) if e.kind() == io::ErrorKind::NotFound => return Ok(0),
            Err(e) => return Err(e),
        };
        let _lock = self.lock()?;
        let mut removed = 0;
        for entry in entries.flatten() {
            let leftover = entry
                .file_name()
                .to_str()
                .is_some_and(|n| n.starts_with(TEMP_PREFIX));
            if leftover && std::fs::remove_file(entry.path()).is_ok() {
                removed += 1;
            }
        }
        Ok(removed)
    }

    /// The folder's advisory lock, held until the file is dropped.
    fn lock(&self) -> io::Result<std::fs::File> {
        let file = std::fs::OpenOptions::new()
            .create(true)
            .truncate(false)
            .write(true)
            .open(self.dir.join(".lock"))?;
        file.lock()?;
        Ok(file)
    }
}

fn render(briefing_id: &str, entries: &BTreeMap<Target, Entry>) -> io::Result<String> {
    let file = File {
        briefing: briefing_id.to_owned(),
        items: entries
            .iter()
            .map(|(t, e)| FileItem {
                kind: t.kind,
                id: t.id.clone(),
                entry: e.clone(),
            })
            .collect(),
    };
    let body = serde_saphyr::to_string(&file).map_err(|e| io::Error::other(e.to_string()))?;
    Ok(format!(
        "# debrief marks and notes for briefing {}\n# Written by debrief; safe to read, and to edit while debrief is closed.\n{body}",
        text::clean(briefing_id)
    ))
}

/// A file name for an untrusted id: safe characters kept, and a stable hash
/// of the id appended when anything else had to be replaced.
pub fn file_stem(id: &str) -> String {
    let safe: String = id
        .chars()
        .map(|c| {
            if c.is_ascii_alphanumeric() || matches!(c, '-' | '_') {
                c
            } else {
                '_'
            }
        })
        .take(80)
        .collect();
    if safe == id && !safe.is_empty() {
        return safe;
    }
    // FNV-1a: stable across runs and versions, unlike std's hasher.
    let hash = id.bytes().fold(0xcbf2_9ce4_8422_2325_u64, |h, b| {
        (h ^ u64::from(b)).wrapping_mul(0x0100_0000_01b3)
    });
    format!("{safe}-{hash:016x}")
}

#[cfg(test)]
mod tests {
    use super::*;

    fn claim(id: &str) -> Target {
        Target::new(Kind::Claim, id)
    }

    #[test]
    fn saved_marks_load_back_the_same() {
        let dir = tempfile::tempdir().expect("temp dir");
        let store = Store::at(dir.path());
        let mut m = Marks::default();
        m.toggle(&claim("c1"));
        m.toggle(&Target::new(Kind::Paragraph, "p3"));
        m.set_note(
            &Target::new(Kind::Caveat, "k1"),
            "line one\nline two: with colon",
        );
        store.save("cz-1", &m).expect("saves");
        assert_eq!(store.load("cz-1").expect("loads"), m);
        let text = std::fs::read_to_string(store.path("cz-1")).expect("a file");
        assert!(
            text.starts_with("# debrief marks and notes for briefing cz-1"),
            "{text}"
        );
        assert!(text.contains("kind: claim"), "{text}");
    }

    #[test]
    fn a_write_that_fails_half_way_leaves_the_old_file_whole() {
        let dir = tempfile::tempdir().expect("temp dir");
        let store = Store::at(dir.path());
        let mut old = Marks::default();
        old.toggle(&claim("c1"));
        store.save("b", &old).expect("first save");
        let before = std::fs::read(store.path("b")).expect("a file");

        let mut new = old.clone();
        new.toggle(&claim("c2"));
        let failed = store.save_with("b", &new, |file, bytes| {
            file.write_all(&bytes[..bytes.len() / 2])?;
            Err(io::Error::other("disk full"))
        });
        assert!(failed.is_err());
        assert_eq!(std::fs::read(store.path("b")).expect("still there"), before);
        assert_eq!(store.load("b").expect("loads"), old);
        let names: Vec<String> = std::fs::read_dir(dir.path())
            .expect("dir")
            .flatten()
            .map(|e| e.file_name().to_string_lossy().into_owned())
            .filter(|n| n != ".lock")
            .collect();
        assert_eq!(names, ["b.yaml"], "the temporary file is removed");
    }

    #[test]
    fn hostile_ids_stay_inside_the_folder_and_do_not_collide() {
        let store = Store::at(Path::new("/state"));
        for id in [
            "../../etc/passwd",
            "/abs",
            "a/b",
            "..",
            "",
            "c:\\x",
            "a\u{0}b",
        ] {
            let p = store.path(id);
            assert_eq!(p.parent(), Some(Path::new("/state")), "{id:?} -> {p:?}");
        }
        assert_ne!(store.path("a/b"), store.path("a_b"));
        assert_eq!(
            store.path("cz-mfa-apt31"),
            Path::new("/state/cz-mfa-apt31.yaml")
        );
    }

    #[test]
    fn an_unreadable_file_is_an_error_not_an_empty_set() {
        let dir = tempfile::tempdir().expect("temp dir");
        let store = Store::at(dir.path());
        std::fs::write(store.path("b"), "items: [[[").expect("write");
        let err = store.load("b").expect_err("refused");
        assert!(err.contains("b.yaml"), "names the file: {err}");
        assert!(err.contains("line 1"), "says where: {err}");
        assert_eq!(store.load("absent").expect("no file"), Marks::default());
        let kept = store.set_aside("b").expect("moved");
        assert_eq!(std::fs::read_to_string(kept).expect("kept"), "items: [[[");
        assert!(!store.path("b").exists());
    }

    #[test]
    fn leftovers_of_killed_saves_are_removed_and_nothing_else() {
        let dir = tempfile::tempdir().expect("temp dir");
        let store = Store::at(dir.path());
        let mut m = Marks::default();
        m.toggle(&claim("c1"));
        store.save("b", &m).expect("saves");
        std::fs::write(dir.path().join(format!("{TEMP_PREFIX}x1Y2z3")), "half").expect("write");
        std::fs::write(dir.path().join("notes.txt"), "mine").expect("write");
        assert_eq!(store.clean_leftovers().expect("cleans"), 1);
        let mut names: Vec<String> = std::fs::read_dir(dir.path())
            .expect("dir")
            .flatten()
            .map(|e| e.file_name().to_string_lossy().into_owned())
            .collect();
        names.sort();
        assert_eq!(names, [".lock", "b.yaml", "notes.txt"]);
        assert_eq!(store.load("b").expect("loads"), m);
    }
}
