//! A cache of loaded briefings, so that a start which sees the same files as
//! the last one does not parse them again.
//!
//! One file per library (per set of paths given), in the user's cache
//! folder (`$XDG_CACHE_HOME/debrief/`). It holds, for each briefing file,
//! what loading it gave ([`Loaded`]: the validated briefing, or none, and
//! every diagnostic), encoded with bitcode. An entry is used only when the
//! file's path, size, modification time and xxh3 hash of its bytes all
//! match, and so do the actor registries and the size limit it was checked
//! against; anything else is parsed again. What needs the whole library
//! (`same_as` links, facets, indexes) is never cached: it is rebuilt from
//! the entries on every load.
//!
//! The file: a header naming the layout and the debrief version that wrote
//! it, then the entries' index, then each entry's bytes. A cache of another
//! version, a truncated one or garbage is ignored with one line of warning
//! and rebuilt. It is written whole to a new file and renamed into place, so
//! two readers at once each leave a complete cache, never a mix. Entries of
//! files not seen for [`KEEP_DAYS`] are dropped, and so are the caches of
//! libraries not opened for as long.

use std::collections::HashMap;
use std::io::Write;
use std::path::{Path, PathBuf};
use std::time::{Duration, SystemTime, UNIX_EPOCH};

use serde::{Deserialize, Serialize};
use xxhash_rust::xxh3::xxh3_64;

use super::load::Loaded;

/// The first bytes of every cache file.
const MAGIC: &[u8; 14] = b"debrief-cache\n";

/// The layout of the file and of what is encoded in it. Raise it when an
/// entry or any type of the model changes shape: a cache of another layout
/// is not read. The debrief version is checked too, as a second guard.
const LAYOUT: u32 = 1;

/// Entries (and whole caches) unused for longer are dropped.
pub const KEEP_DAYS: u32 = 30;

/// An entry's index record: what the file was when it was loaded, and where
/// its encoded [`Loaded`] lies in the cache file.
#[derive(Debug, Clone, Serialize, Deserialize)]
struct Record {
    path: PathBuf,
    size: u64,
    /// Modification time, nanoseconds since 1970 (0 when unknown).
    modified: u64,
    /// xxh3 of the file's bytes.
    hash: u64,
    /// What else the load depended on: see [`Cache::context`].
    context: u64,
    /// The day (since 1970) the file was last seen by a load.
    seen: u32,
    /// Where the encoded entry starts, after the index, and its length.
    offset: u64,
    length: u64,
    /// xxh3 of the encoded entry, so a damaged cache cannot pass for a
    /// different briefing.
    check: u64,
}

/// The cache of one library.
#[derive(Debug, Clone)]
pub struct Cache {
    /// The cache file of this library.
    file: PathBuf,
}

/// What a load found in the cache and what it leaves for the next one.
#[derive(Debug, Default)]
pub struct Session {
    file: Option<PathBuf>,
    /// The previous cache's records, by path, and its bytes after the index.
    old: HashMap<PathBuf, Record>,
    old_bytes: Vec<u8>,
    context: u64,
    today: u32,
    /// One line for the user when the old cache could not be used.
    pub warning: Option<String>,
}

/// One file as this load saw it: where its entry comes from.
pub struct Seen {
    record: Record,
    /// Newly encoded, or `None` to copy the old cache's bytes.
    fresh: Option<Vec<u8>>,
}

/// How many files were taken from the cache and how many parsed.
#[derive(Debug, Default, Clone, Copy, PartialEq, Eq)]
pub struct Tally {
    pub hits: usize,
    pub parsed: usize,
}

impl Cache {
    /// The folder caches are kept in: `$XDG_CACHE_HOME/debrief` (or the
    /// platform's cache folder); `None` when there is no such folder.
    pub fn dir() -> Option<PathBuf> {
        dirs::cache_dir().map(|d| d.join("debrief"))
    }

    /// The cache of the library under `paths`, kept in `dir`.
    pub fn new(dir: &Path, paths: &[PathBuf]) -> Cache {
        // Named by the library's paths made absolute, so `briefings` and
        // `./briefings/` are one library and another folder is another.
        let mut key = Vec::new();
        for p in paths {
            let abs = std::fs::canonicalize(p)
                .or_else(|_| std::path::absolute(p))
                .unwrap_or_else(|_| p.clone());
            key.extend_from_slice(abs.as_os_str().as_encoded_bytes());
            key.push(0);
        }
        Cache {
            file: dir.join(format!("library-{:016x}.bin", xxh3_64(&key))),
        }
    }

    /// The cache of `paths` in the user's cache folder, if there is one.
    pub fn for_library(paths: &[PathBuf]) -> Option<Cache> {
        Cache::dir().map(|d| Cache::new(&d, paths))
    }

    pub fn file(&self) -> &Path {
        &self.file
    }

    /// Reads the cache for a load whose result also depends on `context`
    /// (see [`Cache::context`]). A missing cache is an empty session; a
    /// cache that cannot be used is one too, with a warning.
    pub fn open(&self, context: u64) -> Session {
        let mut session = Session {
            file: Some(self.file.clone()),
            context,
            today: today(),
            ..Session::default()
        };
        let bytes = match std::fs::read(&self.file) {
            Ok(bytes) => bytes,
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => return session,
            Err(e) => {
                session.warning = Some(self.ignored(&format!("it cannot be read: {e}")));
                return session;
            }
        };
        match parse(bytes) {
            Ok((records, rest)) => {
                session.old = records.into_iter().map(|r| (r.path.clone(), r)).collect();
                session.old_bytes = rest;
            }
            Err(why) => session.warning = Some(self.ignored(&why)),
        }
        session
    }

    fn ignored(&self, why: &str) -> String {
        format!(
            "debrief: the cache {} was not used ({why}); it is being rebuilt",
            crate::text::one_line(&self.file.display().to_string())
        )
    }

    /// What a briefing's load depends on besides its own bytes: the actor
    /// registries it is checked against and the size limit. Any change to
    /// an `actors.yaml` parses every briefing again: registries are small
    /// and rarely change, and knowing which briefings a change can affect
    /// is not worth the risk of a stale one.
    pub fn context(registry: &super::registry::Registry, limits: &super::Limits) -> u64 {
        let mut bytes = limits.max_file_bytes.to_le_bytes().to_vec();
        for f in &registry.files {
            bytes.extend_from_slice(f.dir.as_os_str().as_encoded_bytes());
            bytes.push(0);
            // Actors encode infallibly; a failure would only make the
            // context differ, which parses again: safe either way.
            bytes.extend(bitcode::serialize(&f.actors).unwrap_or_default());
        }
        xxh3_64(&bytes)
    }

    /// Deletes every cache in `dir`; how many files went.
    pub fn clear(dir: &Path) -> std::io::Result<usize> {
        let mut removed = 0;
        let entries = match std::fs::read_dir(dir) {
            Ok(entries) => entries,
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(0),
            Err(e) => return Err(e),
        };
        for entry in entries {
            let path = entry?.path();
            if is_cache_file(&path) {
                std::fs::remove_file(&path)?;
                removed += 1;
            }
        }
        Ok(removed)
    }
}

fn is_cache_file(path: &Path) -> bool {
    path.file_name()
        .and_then(|n| n.to_str())
        .is_some_and(|n| n.starts_with("library-") && n.ends_with(".bin"))
}

/// The header, index and entry bytes of a cache file, or why it cannot be used.
fn parse(mut bytes: Vec<u8>) -> Result<(Vec<Record>, Vec<u8>), String> {
    let truncated = || "it is truncated".to_string();
    let rest = bytes.strip_prefix(MAGIC.as_slice()).ok_or("it is not a debrief cache")?;
    let (layout, rest) = rest.split_first_chunk::<4>().ok_or_else(truncated)?;
    let (&version_len, rest) = rest.split_first().ok_or_else(truncated)?;
    let (version, rest) = rest
        .split_at_checked(usize::from(version_len))
        .ok_or_else(truncated)?;
    let version = String::from_utf8_lossy(version);
    if u32::from_le_bytes(*layout) != LAYOUT || version != env!("CARGO_PKG_VERSION") {
        return Err(format!(
            "it was written by debrief {}",
            crate::text::one_line(&version)
        ));
    }
    let (index_len, rest) = rest.split_first_chunk::<8>().ok_or_else(truncated)?;
    let index_len = usize::try_from(u64::from_le_bytes(*index_len)).map_err(|_| truncated())?;
    let (index, rest) = rest.split_at_checked(index_len).ok_or_else(truncated)?;
    let records: Vec<Record> =
        bitcode::deserialize(index).map_err(|e| format!("its index cannot be read: {e}"))?;
    if records
        .iter()
        .any(|r| r.offset.saturating_add(r.length) > rest.len() as u64)
    {
        return Err(truncated());
    }
    let start = bytes.len() - rest.len();
    bytes.drain(..start);
    Ok((records, bytes))
}

impl Session {
    /// No cache: every file is parsed, nothing is written.
    pub fn none() -> Session {
        Session::default()
    }

    /// The load of `path`, whose bytes are `bytes`, from the cache when its
    /// entry is of the same file; else `parse(bytes)`, remembered for the
    /// next load. Called from many threads at once.
    pub fn load(
        &self,
        path: &Path,
        bytes: &[u8],
        parse: impl FnOnce(&[u8]) -> Loaded,
    ) -> (Loaded, Option<Seen>) {
        let Some(_) = &self.file else {
            return (parse(bytes), None);
        };
        let (size, modified) = stamp(path);
        let hash = xxh3_64(bytes);
        let same = |r: &Record| {
            r.size == size
                && r.size == bytes.len() as u64
                && r.modified == modified
                && r.hash == hash
                && r.context == self.context
        };
        if let Some(old) = self.old.get(path).filter(|r| same(r))
            && let Some(loaded) = self.decode(old)
        {
            let record = Record {
                seen: self.today,
                ..old.clone()
            };
            return (loaded, Some(Seen { record, fresh: None }));
        }
        let loaded = parse(bytes);
        // A briefing that cannot be encoded (it cannot happen with the
        // model as it is) is simply not cached.
        let seen = bitcode::serialize(&loaded).ok().map(|encoded| Seen {
            record: Record {
                path: path.to_path_buf(),
                size,
                modified,
                hash,
                context: self.context,
                seen: self.today,
                offset: 0,
                length: encoded.len() as u64,
                check: xxh3_64(&encoded),
            },
            fresh: Some(encoded),
        });
        (loaded, seen)
    }

    fn decode(&self, r: &Record) -> Option<Loaded> {
        let start = usize::try_from(r.offset).ok()?;
        let end = start.checked_add(usize::try_from(r.length).ok()?)?;
        let encoded = self.old_bytes.get(start..end)?;
        if xxh3_64(encoded) != r.check {
            return None;
        }
        bitcode::deserialize(encoded).ok()
    }

    /// Writes the cache for the next load: the files `seen` now, and the
    /// old entries of files not seen now that are younger than
    /// [`KEEP_DAYS`]. Writes nothing when nothing changed, so a warm start
    /// costs no write (but once a day, to note when files were seen).
    pub fn finish(self, seen: Vec<Seen>) -> std::io::Result<Tally> {
        let tally = Tally {
            hits: seen.iter().filter(|s| s.fresh.is_none()).count(),
            parsed: seen.iter().filter(|s| s.fresh.is_some()).count(),
        };
        let Some(file) = &self.file else {
            return Ok(tally);
        };
        let now: std::collections::HashSet<&Path> =
            seen.iter().map(|s| s.record.path.as_path()).collect();
        let kept: Vec<&Record> = self
            .old
            .values()
            .filter(|r| !now.contains(r.path.as_path()))
            .filter(|r| self.today.saturating_sub(r.seen) <= KEEP_DAYS)
            .collect();
        let unchanged = self.warning.is_none()
            && tally.parsed == 0
            && kept.len() + seen.len() == self.old.len()
            && seen
                .iter()
                .all(|s| self.old.get(&s.record.path).is_some_and(|o| o.seen == self.today));
        if unchanged {
            return Ok(tally);
        }
        let mut records = Vec::with_capacity(kept.len() + seen.len());
        let mut body = Vec::new();
        let mut add = |mut record: Record, bytes: &[u8]| {
            record.offset = body.len() as u64;
            record.length = bytes.len() as u64;
            body.extend_from_slice(bytes);
            records.push(record);
        };
        for s in &seen {
            match &s.fresh {
                Some(bytes) => add(s.record.clone(), bytes),
                None => {
                    if let Some(bytes) = self.old_slice(&s.record) {
                        add(s.record.clone(), bytes);
                    }
                }
            }
        }
        for r in kept {
            if let Some(bytes) = self.old_slice(r) {
                add(r.clone(), bytes);
            }
        }
        write(file, &records, &body)?;
        if let Some(dir) = file.parent() {
            drop_old_caches(dir, file);
        }
        Ok(tally)
    }

    fn old_slice(&self, r: &Record) -> Option<&[u8]> {
        let start = usize::try_from(r.offset).ok()?;
        self.old_bytes
            .get(start..start.checked_add(usize::try_from(r.length).ok()?)?)
    }
}

/// Writes a complete cache to a new file beside `file` and renames it into
/// place: a reader never sees half a cache, and of two writers the last
/// rename wins with a whole one.
fn write(file: &Path, records: &[Record], body: &[u8]) -> std::io::Result<()> {
    let dir = file.parent().unwrap_or(Path::new("."));
    std::fs::create_dir_all(dir)?;
    let index = bitcode::serialize(records).map_err(std::io::Error::other)?;
    let version = env!("CARGO_PKG_VERSION").as_bytes();
    let mut out = tempfile::Builder::new()
        .prefix(".debrief-cache-")
        .tempfile_in(dir)?;
    {
        let mut w = std::io::BufWriter::new(out.as_file_mut());
        w.write_all(MAGIC)?;
        w.write_all(&LAYOUT.to_le_bytes())?;
        w.write_all(&[u8::try_from(version.len()).unwrap_or(u8::MAX)])?;
        w.write_all(&version[..version.len().min(255)])?;
        w.write_all(&(index.len() as u64).to_le_bytes())?;
        w.write_all(&index)?;
        w.write_all(body)?;
        w.flush()?;
    }
    out.persist(file).map_err(|e| e.error)?;
    Ok(())
}

/// Removes the caches of libraries not opened for [`KEEP_DAYS`], and the
/// temporary files of writes that were killed half way a day ago or more.
fn drop_old_caches(dir: &Path, keep: &Path) {
    let Ok(entries) = std::fs::read_dir(dir) else {
        return;
    };
    let now = SystemTime::now();
    for entry in entries.flatten() {
        let path = entry.path();
        let age = entry
            .metadata()
            .and_then(|m| m.modified())
            .ok()
            .and_then(|m| now.duration_since(m).ok())
            .unwrap_or_default();
        let name = path.file_name().and_then(|n| n.to_str()).unwrap_or("");
        let stale_cache = is_cache_file(&path)
            && path != keep
            && age > Duration::from_secs(u64::from(KEEP_DAYS) * 86_400);
        let stale_temp =
            name.starts_with(".debrief-cache-") && age > Duration::from_secs(86_400);
        if stale_cache || stale_temp {
            let _ = std::fs::remove_file(&path);
        }
    }
}

/// A file's size and modification time (nanoseconds since 1970; 0 when
/// the system does not say).
fn stamp(path: &Path) -> (u64, u64) {
    let Ok(meta) = std::fs::metadata(path) else {
        return (u64::MAX, 0);
    };
    let modified = meta
        .modified()
        .ok()
        .and_then(|m| m.duration_since(UNIX_EPOCH).ok())
        .map_or(0, |d| u64::try_from(d.as_nanos()).unwrap_or(u64::MAX));
    (meta.len(), modified)
}

fn today() -> u32 {
    let secs = SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .map_or(0, |d| d.as_secs());
    u32::try_from(secs / 86_400).unwrap_or(u32::MAX)
}

#[cfg(test)]
mod tests;
