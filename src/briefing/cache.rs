//! A cache of loaded briefings, so that a start which sees the same files as
//! the last one does not parse them again.
//!
//! One file per library (per set of paths given), in the user's cache
//! folder (`$XDG_CACHE_HOME/debrief/`). It holds, for each briefing file,
//! what loading it gave ([`Loaded`]: the validated briefing, or none, and
//! every diagnostic), encoded with postcard. An entry is used only when the
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

use std::cell::Cell;
use std::collections::HashMap;
use std::fs::Metadata;
use std::io::{Seek, Write};
use std::path::{Path, PathBuf};
use std::sync::Mutex;
use std::time::{Duration, SystemTime, UNIX_EPOCH};

use serde::{Deserialize, Serialize};
use xxhash_rust::xxh3::xxh3_64;

use super::at::read_at;
use super::load::{FileBuffer, Loaded};

/// The first bytes of every cache file.
const MAGIC: &[u8; 14] = b"debrief-cache\n";

/// The layout of the file and of what is encoded in it. Raise it when an
/// entry or any type of the model changes shape: a cache of another layout
/// is not read. The debrief version is checked too, as a second guard.
/// (2: references held as indices, `briefing::refs`; 3: a claim's rarer parts
/// boxed, `Claim::more`, and an anchor's context, `Anchor::prefix`; 4: a
/// claim's country codes as two bytes, `briefing::codes`; 5: seven codes in
/// place, not ten, and an anchor's span as `u32`s; 6: prose as bytes, see
/// `stow::Prose`.)
const LAYOUT: u32 = 6;

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
    /// The previous cache's records, by path.
    old: HashMap<PathBuf, Record>,
    /// The previous cache file, open, and where its entries start in it.
    /// Entries are read from it one at a time, on the threads that decode
    /// them, rather than the whole file into memory first.
    old_file: Option<std::fs::File>,
    /// The same file mapped, so that the prose of its entries is read from
    /// it in place rather than copied (see `stow::decode_in_place`).
    old_map: Option<std::sync::Arc<super::stow::Segment>>,
    body_start: u64,
    context: u64,
    today: u32,
    /// Where entries parsed in this load wait to be written, so that the
    /// load does not hold the encoded library beside the decoded one (it
    /// is as large as the files: the first load of a library peaked at
    /// 2.6x the files' bytes when they were kept in memory).
    spool: Mutex<Option<Spool>>,
    /// One line for the user when the old cache could not be used.
    pub warning: Option<String>,
}

/// A temporary file, deleted when closed, of encoded entries end to end.
#[derive(Debug)]
struct Spool {
    file: std::fs::File,
    len: u64,
}

/// One file as this load saw it: where its entry comes from.
pub struct Seen {
    record: Record,
    /// Newly encoded, or `None` to copy the old cache's bytes.
    fresh: Option<Fresh>,
}

/// Where a newly encoded entry waits.
enum Fresh {
    /// In the spool, at this offset.
    Spooled(u64),
    /// In memory, when the spool could not be written.
    Held(Vec<u8>),
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
        let file = match std::fs::File::open(&self.file) {
            Ok(file) => file,
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => return session,
            Err(e) => {
                session.warning = Some(self.ignored(&format!("it cannot be read: {e}")));
                return session;
            }
        };
        match read_index(&file) {
            Ok((records, body_start)) => {
                session.old = records.into_iter().map(|r| (r.path.clone(), r)).collect();
                session.old_map = super::stow::Segment::map_cache(&file);
                session.old_file = Some(file);
                session.body_start = body_start;
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
            bytes.extend(postcard::to_allocvec(&f.actors).unwrap_or_default());
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

/// The index of a cache file and where its entries start, or why it
/// cannot be used. Reads the header and the index only.
fn read_index(file: &std::fs::File) -> Result<(Vec<Record>, u64), String> {
    use std::io::Read;
    let truncated = || "it is truncated".to_string();
    let unreadable = |e: std::io::Error| format!("it cannot be read: {e}");
    let length = file.metadata().map_err(unreadable)?.len();
    let mut reader = std::io::BufReader::new(file);
    let mut exact = |n: usize| -> Result<Vec<u8>, String> {
        let mut buf = vec![0; n];
        match reader.read_exact(&mut buf) {
            Ok(()) => Ok(buf),
            Err(e) if e.kind() == std::io::ErrorKind::UnexpectedEof => Err(truncated()),
            Err(e) => Err(unreadable(e)),
        }
    };
    if exact(MAGIC.len())? != MAGIC {
        return Err("it is not a debrief cache".into());
    }
    let layout = exact(4)?;
    let version_len = exact(1)?[0];
    let version = exact(usize::from(version_len))?;
    let version = String::from_utf8_lossy(&version);
    if version != env!("CARGO_PKG_VERSION") {
        return Err(format!(
            "it was written by debrief {}",
            crate::text::one_line(&version)
        ));
    }
    if layout != LAYOUT.to_le_bytes() {
        // The same version, built before the model changed shape.
        return Err("it was written by another build of this version".into());
    }
    let index_len = u64::from_le_bytes(exact(8)?.try_into().map_err(|_| truncated())?);
    let header = (MAGIC.len() + 4 + 1 + usize::from(version_len) + 8) as u64;
    let body_start = header.checked_add(index_len).ok_or_else(truncated)?;
    if body_start > length {
        return Err(truncated());
    }
    let index = exact(usize::try_from(index_len).map_err(|_| truncated())?)?;
    let records: Vec<Record> =
        postcard::from_bytes(&index).map_err(|e| format!("its index cannot be read: {e}"))?;
    let body = length - body_start;
    if records
        .iter()
        .any(|r| r.offset.checked_add(r.length).is_none_or(|end| end > body))
    {
        return Err(truncated());
    }
    Ok((records, body_start))
}

impl Session {
    /// No cache: every file is parsed, nothing is written.
    pub fn none() -> Session {
        Session::default()
    }

    /// The load of `path`, whose bytes are `bytes`, from the cache when its
    /// entry is of the same file; else `parse(bytes)`, remembered for the
    /// next load. Called from many threads at once.
    /// `meta` is what the file system said of the file as it was opened.
    pub fn load(
        &self,
        path: &Path,
        bytes: &[u8],
        meta: Option<&Metadata>,
        parse: impl FnOnce(&[u8]) -> Loaded,
    ) -> (Loaded, Option<Seen>) {
        if self.file.is_none() {
            return (parse(bytes), None);
        }
        let (size, modified) = stamp(meta);
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
            return (
                loaded,
                Some(Seen {
                    record,
                    fresh: None,
                }),
            );
        }
        let loaded = parse(bytes);
        // A briefing that cannot be encoded (it cannot happen with the
        // model as it is) is simply not cached.
        let seen = postcard::to_allocvec(&loaded).ok().map(|encoded| {
            let record = Record {
                path: path.to_path_buf(),
                size,
                modified,
                hash,
                context: self.context,
                seen: self.today,
                offset: 0,
                length: encoded.len() as u64,
                check: xxh3_64(&encoded),
            };
            let fresh = match self.spool(&encoded) {
                Some(at) => Fresh::Spooled(at),
                None => Fresh::Held(encoded),
            };
            Seen {
                record,
                fresh: Some(fresh),
            }
        });
        (loaded, seen)
    }

    /// Appends an entry to the spool, made on the first; its offset, or
    /// `None` when the disk refuses (the entry is then held in memory).
    fn spool(&self, encoded: &[u8]) -> Option<u64> {
        let mut spool = self.spool.lock().unwrap_or_else(|e| e.into_inner());
        if spool.is_none() {
            let dir = self.file.as_deref()?.parent()?;
            std::fs::create_dir_all(dir).ok()?;
            *spool = Some(Spool {
                file: tempfile::tempfile_in(dir).ok()?,
                len: 0,
            });
        }
        let spool = spool.as_mut()?;
        let at = spool.len;
        match spool.file.write_all(encoded) {
            Ok(()) => {
                spool.len += encoded.len() as u64;
                Some(at)
            }
            Err(_) => {
                // A part may have been written: the next entry goes after
                // all of it, whatever it was.
                spool.len = spool.file.stream_position().ok()?;
                None
            }
        }
    }

    fn decode(&self, r: &Record) -> Option<Loaded> {
        thread_local! {
            /// Each loading thread reads entries into one buffer, apart
            /// from the one its briefing file is in while this runs.
            static ENTRY: Cell<FileBuffer> = const { Cell::new(FileBuffer::new()) };
        }
        FileBuffer::with_kept(&ENTRY, |room| self.decode_with(r, room))
    }

    fn decode_with(&self, r: &Record, room: &mut FileBuffer) -> Option<Loaded> {
        // Copied out of the file rather than read through the map: a read
        // through a map maps the pages around it too, and they stayed,
        // holding most of the cache file in memory (measured: 369 MB for
        // `list` on the 10,000, against 211 MB so). Its prose still points
        // into the map, read only when shown.
        let encoded = self.old_entry(r, room)?;
        let offset = self.body_start.checked_add(r.offset)?;
        super::stow::decode_in_place(self.old_map.as_ref(), encoded, offset, || {
            postcard::from_bytes(encoded).ok()
        })
    }

    /// An entry's bytes from the previous cache, read into `room`, if they
    /// are as written.
    fn old_entry<'a>(&self, r: &Record, room: &'a mut FileBuffer) -> Option<&'a [u8]> {
        let file = self.old_file.as_ref()?;
        let len = usize::try_from(r.length).ok()?;
        let encoded = room
            .read_at(file, len, self.body_start.checked_add(r.offset)?)
            .ok()?;
        (xxh3_64(encoded) == r.check).then_some(encoded)
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
            && seen.iter().all(|s| {
                self.old
                    .get(&s.record.path)
                    .is_some_and(|o| o.seen == self.today)
            });
        if unchanged {
            return Ok(tally);
        }
        // Entries are streamed into the new file, not gathered first: the
        // cache of a large library is hundreds of megabytes.
        let fresh = seen.iter().map(|s| match &s.fresh {
            Some(Fresh::Spooled(at)) => (s.record.clone(), Body::Spooled(*at)),
            Some(Fresh::Held(bytes)) => (s.record.clone(), Body::Held(bytes)),
            None => (s.record.clone(), Body::Old(s.record.offset)),
        });
        let old = kept.into_iter().map(|r| (r.clone(), Body::Old(r.offset)));
        let mut offset = 0u64;
        let entries: Vec<(Record, Body<'_>)> = fresh
            .chain(old)
            .map(|(mut record, body)| {
                record.offset = offset;
                offset += record.length;
                (record, body)
            })
            .collect();
        self.write(file, &entries)?;
        if let Some(dir) = file.parent() {
            drop_old_caches(dir, file);
        }
        Ok(tally)
    }

    /// Writes a complete cache to a new file beside `file` and renames it
    /// into place: a reader never sees half a cache, and of two writers the
    /// last rename wins with a whole one.
    fn write(&self, file: &Path, entries: &[(Record, Body)]) -> std::io::Result<()> {
        let dir = file.parent().unwrap_or(Path::new("."));
        std::fs::create_dir_all(dir)?;
        let records: Vec<&Record> = entries.iter().map(|(r, _)| r).collect();
        let index = postcard::to_allocvec(&records).map_err(std::io::Error::other)?;
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
            let mut copy = Vec::new();
            let spool = self.spool.lock().unwrap_or_else(|e| e.into_inner());
            for (record, body) in entries {
                match body {
                    Body::Held(bytes) => w.write_all(bytes)?,
                    Body::Spooled(at) => {
                        let spool = spool.as_ref().ok_or(std::io::ErrorKind::NotFound)?;
                        copy.resize(usize::try_from(record.length).unwrap_or(0), 0);
                        read_at(&spool.file, &mut copy, *at)?;
                        w.write_all(&copy)?;
                    }
                    // Copied as they are: a damaged one fails its check
                    // when it is next read, and is parsed again then.
                    Body::Old(at) => {
                        let old = self.old_file.as_ref().ok_or(std::io::ErrorKind::NotFound)?;
                        copy.resize(usize::try_from(record.length).unwrap_or(0), 0);
                        read_at(old, &mut copy, self.body_start + at)?;
                        w.write_all(&copy)?;
                    }
                }
            }
            w.flush()?;
        }
        out.persist(file).map_err(|e| e.error)?;
        Ok(())
    }
}

/// Where an entry of the new cache comes from.
enum Body<'a> {
    /// At this offset of the spool.
    Spooled(u64),
    Held(&'a [u8]),
    /// The offset of its bytes in the old cache.
    Old(u64),
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
        let stale_temp = name.starts_with(".debrief-cache-") && age > Duration::from_secs(86_400);
        if stale_cache || stale_temp {
            let _ = std::fs::remove_file(&path);
        }
    }
}

/// A file's size and modification time (nanoseconds since 1970; 0 when
/// the system does not say).
fn stamp(meta: Option<&Metadata>) -> (u64, u64) {
    let Some(meta) = meta else {
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
