//! What the analyst marks and notes, kept per briefing id in the user's
//! state folder as YAML a person can read, and written atomically: a
//! temporary file in the same folder, flushed to disk, then renamed over the
//! old one, so a crash at any moment leaves either the old file or the new.
//!
//! Marks are kept by item id, not position, so they survive edits of the
//! briefing as long as ids stay; a mark whose id is gone is kept and
//! reported, never dropped.

use std::collections::BTreeMap;
use std::io::{self, Write};
use std::path::{Path, PathBuf};

use serde::{Deserialize, Serialize};

use crate::briefing::Briefing;
use crate::text;

/// The kinds of thing that can be marked.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Kind {
    Claim,
    Source,
    Expert,
    Caveat,
    Paragraph,
}

impl Kind {
    pub fn word(self) -> &'static str {
        match self {
            Kind::Claim => "claim",
            Kind::Source => "source",
            Kind::Expert => "expert",
            Kind::Caveat => "caveat",
            Kind::Paragraph => "paragraph",
        }
    }
}

/// A markable thing of a briefing, by kind and id.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
pub struct Target {
    pub kind: Kind,
    pub id: String,
}

impl Target {
    /// Takes the id as any text: a briefing's [`crate::briefing::Id`], a `&str`, a `String`.
    pub fn new(kind: Kind, id: impl AsRef<str>) -> Target {
        Target {
            kind,
            id: id.as_ref().to_owned(),
        }
    }

    /// Whether the briefing still has this item.
    pub fn exists_in(&self, b: &Briefing) -> bool {
        let id = self.id.as_str();
        match self.kind {
            Kind::Claim => b.claims.iter().any(|x| x.id == id),
            Kind::Source => b.sources.iter().any(|x| x.id == id),
            Kind::Expert => b.experts.iter().any(|x| x.id == id),
            Kind::Caveat => b.caveats.iter().any(|x| x.id == id),
            Kind::Paragraph => b.article.iter().any(|x| x.id == id),
        }
    }
}

impl std::fmt::Display for Target {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{} {}", self.kind.word(), self.id)
    }
}

/// One item's mark and note.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Entry {
    #[serde(default)]
    pub marked: bool,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub note: Option<String>,
}

/// The marks and notes of one briefing.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Marks {
    entries: BTreeMap<Target, Entry>,
}

impl Marks {
    pub fn is_marked(&self, t: &Target) -> bool {
        self.entries.get(t).is_some_and(|e| e.marked)
    }

    pub fn note(&self, t: &Target) -> Option<&str> {
        self.entries.get(t).and_then(|e| e.note.as_deref())
    }

    /// Marks or unmarks; returns whether it is marked now.
    pub fn toggle(&mut self, t: &Target) -> bool {
        let entry = self.entries.entry(t.clone()).or_default();
        entry.marked = !entry.marked;
        let now = entry.marked;
        self.prune(t);
        now
    }

    /// Sets the note (cleaned; an empty one removes it).
    pub fn set_note(&mut self, t: &Target, note: &str) {
        let note = text::clean(note).trim().to_owned();
        let entry = self.entries.entry(t.clone()).or_default();
        entry.note = (!note.is_empty()).then_some(note);
        self.prune(t);
    }

    /// Drops an entry with neither mark nor note, so files stay small.
    fn prune(&mut self, t: &Target) {
        if self
            .entries
            .get(t)
            .is_some_and(|e| !e.marked && e.note.is_none())
        {
            self.entries.remove(t);
        }
    }

    pub fn marked(&self) -> impl Iterator<Item = &Target> {
        self.entries
            .iter()
            .filter(|(_, e)| e.marked)
            .map(|(t, _)| t)
    }

    pub fn marked_count(&self) -> usize {
        self.marked().count()
    }

    pub fn notes(&self) -> impl Iterator<Item = (&Target, &str)> {
        self.entries
            .iter()
            .filter_map(|(t, e)| e.note.as_deref().map(|n| (t, n)))
    }

    pub fn is_empty(&self) -> bool {
        self.entries.is_empty()
    }

    /// Marks and notes whose item the briefing no longer has. They are kept.
    pub fn orphans(&self, b: &Briefing) -> Vec<&Target> {
        self.entries.keys().filter(|t| !t.exists_in(b)).collect()
    }
}

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

    /// The marks of a briefing; none when it has no file yet.
    pub fn load(&self, briefing_id: &str) -> Result<Marks, String> {
        let path = self.path(briefing_id);
        let bytes = match std::fs::read(&path) {
            Ok(b) => b,
            Err(e) if e.kind() == io::ErrorKind::NotFound => return Ok(Marks::default()),
            Err(e) => return Err(format!("cannot read {}: {e}", path.display())),
        };
        let source = String::from_utf8_lossy(&bytes);
        let file: File = serde_saphyr::from_str(&source).map_err(|e| {
            format!(
                "{} is not a marks file debrief can read ({}); it is left as it is",
                path.display(),
                text::clean(&e.without_snippet().to_string())
            )
        })?;
        let mut marks = Marks::default();
        for item in file.items {
            let note = item.entry.note.map(|n| text::clean(&n));
            marks.entries.insert(
                Target::new(item.kind, text::clean(&item.id)),
                Entry {
                    marked: item.entry.marked,
                    note,
                },
            );
        }
        Ok(marks)
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

    /// Writes the marks of a briefing atomically.
    pub fn save(&self, briefing_id: &str, marks: &Marks) -> io::Result<PathBuf> {
        self.save_with(briefing_id, marks, |file, bytes| file.write_all(bytes))
    }

    /// [`Store::save`] with the write itself given, so tests can make it fail
    /// half way and see the old file survive.
    pub fn save_with(
        &self,
        briefing_id: &str,
        marks: &Marks,
        write: impl FnOnce(&mut std::fs::File, &[u8]) -> io::Result<()>,
    ) -> io::Result<PathBuf> {
        std::fs::create_dir_all(&self.dir)?;
        let path = self.path(briefing_id);
        let yaml = render(briefing_id, marks)?;
        let mut tmp = tempfile::NamedTempFile::new_in(&self.dir)?;
        write(tmp.as_file_mut(), yaml.as_bytes())?;
        tmp.as_file_mut().flush()?;
        tmp.as_file().sync_all()?;
        tmp.persist(&path).map_err(|e| e.error)?;
        // Make the rename itself durable where the platform allows it.
        if let Ok(dir) = std::fs::File::open(&self.dir) {
            let _ = dir.sync_all();
        }
        Ok(path)
    }
}

fn render(briefing_id: &str, marks: &Marks) -> io::Result<String> {
    let file = File {
        briefing: briefing_id.to_owned(),
        items: marks
            .entries
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
    fn toggling_marks_and_unmarks_and_notes_survive_unmarking() {
        let mut m = Marks::default();
        assert!(m.toggle(&claim("c1")));
        m.set_note(&claim("c1"), "  check this \u{1b}[31m ");
        assert_eq!(
            m.note(&claim("c1")),
            Some("check this [31m"),
            "cleaned and trimmed"
        );
        assert!(!m.toggle(&claim("c1")));
        assert_eq!(m.note(&claim("c1")), Some("check this [31m"));
        m.set_note(&claim("c1"), "");
        assert!(m.is_empty(), "nothing left to keep");
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
        let leftovers = std::fs::read_dir(dir.path()).expect("dir").count();
        assert_eq!(leftovers, 1, "the temporary file is removed");
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
        assert!(err.contains("left as it is"), "{err}");
        assert_eq!(store.load("absent").expect("no file"), Marks::default());
        let kept = store.set_aside("b").expect("moved");
        assert_eq!(std::fs::read_to_string(kept).expect("kept"), "items: [[[");
        assert!(!store.path("b").exists());
    }
}
