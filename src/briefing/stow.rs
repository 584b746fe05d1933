//! A briefing's prose stowed on disk, read back through a memory map.
//!
//! The articles are most of a library's text (122 of 163 MB on the
//! generated 10,000; claims, caveats and experts' views most of the rest),
//! and most of it is never read while the program runs: the table, the
//! facets and `list` read none; the reader reads the briefing open and the
//! rows on screen, and a search the places that may hold its words. So once
//! a briefing is loaded and checked, that prose is written to a store, a
//! temporary file deleted as it is made, and read back through a read-only
//! map of that file: the kernel pages it in when a screen reads it and may
//! drop it again, so the program's memory holds the structure of the
//! library, not its prose. A warm start does not even write it: the prose
//! of a cached entry is read in place from the mapped cache file
//! ([`decode_in_place`]).
//!
//! The store is a series of segments, each a file of [`SEGMENT`] bytes
//! (sparse: only what is written takes room on disk) mapped whole, so every
//! text lies inside a mapping of a file that is never shortened. Texts are
//! written with `pwrite`, which is visible through the map at once (one
//! page cache). Nothing is lost when the disk refuses: a text that cannot
//! be written stays in memory, as every text does where there is no store.

use std::fs::File;
use std::path::Path;
use std::sync::{Arc, Mutex, OnceLock};

use serde::{Deserialize, Deserializer, Serialize, Serializer};

use super::at::{read_at, write_at};
use super::model::Briefing;

/// Bytes of one segment. A text longer than this stays in memory.
const SEGMENT: u64 = 256 * 1024 * 1024;

/// A briefing's prose (a paragraph, a claim's text, a caveat, an expert's
/// view): in memory, or stowed in the [`Store`] or a cache file. Reads as a
/// `str` either way.
#[derive(Clone)]
pub struct Prose(Repr);

#[derive(Clone)]
enum Repr {
    Held(Box<str>),
    Stowed {
        segment: Arc<Segment>,
        start: u64,
        len: u32,
    },
}

impl Prose {
    pub fn as_str(&self) -> &str {
        match &self.0 {
            Repr::Held(s) => s,
            Repr::Stowed {
                segment,
                start,
                len,
            } => {
                let start = usize::try_from(*start).unwrap_or(usize::MAX);
                // Written from a `str` by this process, or checked with the
                // cache entry it came from; checked all the same, since an
                // unreadable text must not take the program down.
                segment
                    .bytes()
                    .get(start..start.saturating_add(*len as usize))
                    .and_then(|b| std::str::from_utf8(b).ok())
                    .unwrap_or("")
            }
        }
    }

    /// The text, read from its file into `buf` when it is stowed rather
    /// than through the map: what a search does for the scattered places it
    /// checks. Through the map each would fault in the pages around it
    /// (64 KB), which then stay counted against the program's memory until
    /// let go, and letting them go costs as much again: on 100,000
    /// briefings a search for a 1% word took 279 ms so, against 34 ms with
    /// the text in memory.
    pub fn read_into<'a>(&'a self, buf: &'a mut Vec<u8>) -> &'a str {
        let Repr::Stowed {
            segment,
            start,
            len,
        } = &self.0
        else {
            return self.as_str();
        };
        buf.resize(*len as usize, 0);
        if read_at(&segment.file, buf, *start).is_err() {
            return self.as_str();
        }
        std::str::from_utf8(buf).unwrap_or("")
    }

    /// Whether the text is in the store or a cache file, not in memory.
    pub fn is_stowed(&self) -> bool {
        matches!(self.0, Repr::Stowed { .. })
    }

    /// Whether the text is read in place from a cache file.
    pub fn is_in_cache(&self) -> bool {
        matches!(&self.0, Repr::Stowed { segment, .. } if segment.cache)
    }
}

impl From<String> for Prose {
    fn from(s: String) -> Self {
        Prose(Repr::Held(s.into_boxed_str()))
    }
}

impl From<&str> for Prose {
    fn from(s: &str) -> Self {
        Prose(Repr::Held(s.into()))
    }
}

impl std::ops::Deref for Prose {
    type Target = str;
    fn deref(&self) -> &str {
        self.as_str()
    }
}

impl AsRef<str> for Prose {
    fn as_ref(&self) -> &str {
        self.as_str()
    }
}

impl std::fmt::Debug for Prose {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        std::fmt::Debug::fmt(self.as_str(), f)
    }
}

impl std::fmt::Display for Prose {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.as_str())
    }
}

impl PartialEq for Prose {
    fn eq(&self, other: &Self) -> bool {
        self.as_str() == other.as_str()
    }
}

impl Eq for Prose {}

impl PartialEq<str> for Prose {
    fn eq(&self, other: &str) -> bool {
        self.as_str() == other
    }
}

impl PartialEq<&str> for Prose {
    fn eq(&self, other: &&str) -> bool {
        self.as_str() == *other
    }
}

/// A string, but bytes in a binary form (the cache's): bytes are read
/// without the UTF-8 check a string gets, and prose read in place is
/// checked when it is read (see [`Prose::as_str`]), so a warm start does
/// not check the library's prose twice.
impl Serialize for Prose {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        if s.is_human_readable() {
            s.serialize_str(self.as_str())
        } else {
            s.serialize_bytes(self.as_bytes())
        }
    }
}

/// Read as [`Serialize`] writes it; in place when it lies in a cache entry
/// being decoded by [`decode_in_place`].
impl<'de> Deserialize<'de> for Prose {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        if d.is_human_readable() {
            d.deserialize_str(ProseVisitor)
        } else {
            d.deserialize_bytes(ProseVisitor)
        }
    }
}

struct ProseVisitor;

impl<'de> serde::de::Visitor<'de> for ProseVisitor {
    type Value = Prose;

    fn expecting(&self, f: &mut std::fmt::Formatter) -> std::fmt::Result {
        f.write_str("a string")
    }

    fn visit_borrowed_str<E>(self, s: &'de str) -> Result<Prose, E> {
        Ok(in_place(s.as_bytes()).unwrap_or_else(|| Prose::from(s)))
    }

    fn visit_str<E>(self, s: &str) -> Result<Prose, E> {
        Ok(Prose::from(s))
    }

    fn visit_string<E>(self, s: String) -> Result<Prose, E> {
        Ok(Prose::from(s))
    }

    fn visit_borrowed_bytes<E: serde::de::Error>(self, b: &'de [u8]) -> Result<Prose, E> {
        if let Some(prose) = in_place(b) {
            return Ok(prose);
        }
        self.visit_bytes(b)
    }

    fn visit_bytes<E: serde::de::Error>(self, b: &[u8]) -> Result<Prose, E> {
        std::str::from_utf8(b)
            .map(Prose::from)
            .map_err(|_| E::invalid_value(serde::de::Unexpected::Bytes(b), &self))
    }
}

/// A cache entry being decoded on this thread: its bytes as read, where
/// they lie in the cache file, and the file's map.
struct InPlace {
    bytes: std::ops::Range<usize>,
    offset: u64,
    segment: Arc<Segment>,
}

thread_local! {
    static IN_PLACE: std::cell::RefCell<Option<InPlace>> = const { std::cell::RefCell::new(None) };
}

/// Runs `decode` on `bytes`, which were read from `offset` of the file
/// `map` maps: every [`Prose`] it decodes from them points into the map
/// instead of being copied, so a warm start neither allocates nor stows
/// the prose of the library. Without a map, decodes as usual.
pub fn decode_in_place<T>(
    map: Option<&Arc<Segment>>,
    bytes: &[u8],
    offset: u64,
    decode: impl FnOnce() -> T,
) -> T {
    let Some(segment) = map else {
        return decode();
    };
    struct Unset;
    impl Drop for Unset {
        fn drop(&mut self) {
            IN_PLACE.with(|c| c.borrow_mut().take());
        }
    }
    let range = bytes.as_ptr_range();
    IN_PLACE.with(|c| {
        *c.borrow_mut() = Some(InPlace {
            bytes: range.start as usize..range.end as usize,
            offset,
            segment: segment.clone(),
        })
    });
    let _unset = Unset;
    decode()
}

/// `s` as a text of the mapped file, if it lies in the entry being decoded.
/// Not checked as UTF-8 here: [`Prose::as_str`] checks what it reads.
fn in_place(s: &[u8]) -> Option<Prose> {
    IN_PLACE.with(|c| {
        let c = c.borrow();
        let at = c.as_ref()?;
        let start = s.as_ptr() as usize;
        let end = start.checked_add(s.len())?;
        if start < at.bytes.start || end > at.bytes.end {
            return None;
        }
        let len = u32::try_from(s.len()).ok()?;
        let start = at.offset.checked_add((start - at.bytes.start) as u64)?;
        if start.checked_add(u64::from(len))? > at.segment.bytes().len() as u64 {
            return None;
        }
        Some(Prose(Repr::Stowed {
            segment: at.segment.clone(),
            start,
            len,
        }))
    })
}

/// One file of the store, or a cache file, and its map.
pub struct Segment {
    file: File,
    map: memmap2::Mmap,
    /// A cache file's map, not one of the store's own files.
    cache: bool,
}

impl std::fmt::Debug for Segment {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "Segment({} bytes)", self.map.len())
    }
}

impl Segment {
    fn bytes(&self) -> &[u8] {
        &self.map
    }

    /// Maps a cache file whole, for [`decode_in_place`]; `None` where
    /// there is no store (the text then stays in memory) or on systems
    /// where a mapped file cannot be renamed over, as the next cache is.
    pub fn map_cache(file: &File) -> Option<Arc<Segment>> {
        if !cfg!(unix) {
            return None;
        }
        let store = store()?;
        let file = file.try_clone().ok()?;
        store.map(file, true)
    }
}

/// Where prose is stowed; one per process, see [`store`].
pub struct Store {
    dir: std::path::PathBuf,
    /// Bytes of each segment: [`SEGMENT`] but in tests.
    segment_bytes: u64,
    /// The segment being filled and how much of it is taken.
    current: Mutex<Option<(Arc<Segment>, u64)>>,
    /// Every segment still in use, to release their pages. Weak, so that
    /// a segment no text points into any more (a reload's old cache) is
    /// unmapped, and its file, deleted already, gives its room back.
    all: Mutex<Vec<std::sync::Weak<Segment>>>,
}

/// The store of this process, made on first use in the user's cache folder
/// where there is one already (the cache makes it; `--no-cache` makes
/// nothing there), else in the system's temporary folder; `None` where no
/// file can be mapped, or when `DEBRIEF_HOLD_TEXT` is set, which keeps
/// every text in memory (to measure the store against).
pub fn store() -> Option<&'static Store> {
    static STORE: OnceLock<Option<Store>> = OnceLock::new();
    STORE
        .get_or_init(|| {
            if std::env::var_os("DEBRIEF_HOLD_TEXT").is_some() {
                return None;
            }
            let dir = super::cache::Cache::dir()
                .filter(|d| d.is_dir())
                .unwrap_or_else(std::env::temp_dir);
            Store::new(&dir)
        })
        .as_ref()
}

impl Store {
    /// A store whose segments are made in `dir`; `None` if none can be.
    pub fn new(dir: &Path) -> Option<Store> {
        Store::with_segments(dir, SEGMENT)
    }

    fn with_segments(dir: &Path, segment_bytes: u64) -> Option<Store> {
        let store = Store {
            dir: dir.to_path_buf(),
            segment_bytes,
            current: Mutex::new(None),
            all: Mutex::new(Vec::new()),
        };
        // One segment now, so a store that cannot work is known at once.
        let first = store.segment()?;
        *store.current.lock().unwrap_or_else(|e| e.into_inner()) = Some((first, 0));
        Some(store)
    }

    /// Takes a segment made elsewhere into those [`Store::release`] covers.
    fn adopt(&self, segment: Arc<Segment>) {
        let mut all = self.all.lock().unwrap_or_else(|e| e.into_inner());
        all.retain(|s| s.strong_count() > 0);
        all.push(Arc::downgrade(&segment));
    }

    fn segment(&self) -> Option<Arc<Segment>> {
        let file = tempfile::tempfile_in(&self.dir).ok()?;
        file.set_len(self.segment_bytes).ok()?;
        self.map(file, false)
    }

    /// Maps `file` whole, read-only, among the segments [`Store::release`]
    /// covers: one of the store's own (`cache` false) or a cache file.
    fn map(&self, file: File, cache: bool) -> Option<Arc<Segment>> {
        // SAFETY: a map is sound while no one writes the file in place or
        // shortens it. The store's files are made for it, deleted as they
        // are made and given their full length before they are mapped;
        // this process only adds to them with `pwrite`, into ranges no
        // reader is given until written. debrief never writes a cache file
        // in place: a new cache is written to a file of its own and renamed
        // over the old, and `cache clear` unlinks. Only a person truncating
        // a cache file by hand while the reader runs could pull pages from
        // under it (docs/SECURITY.md).
        let map = unsafe { memmap2::MmapOptions::new().map(&file) }.ok()?;
        let segment = Arc::new(Segment { file, map, cache });
        self.adopt(segment.clone());
        Some(segment)
    }

    /// Takes `len` bytes of a segment: the segment and where they start.
    fn reserve(&self, len: u64) -> Option<(Arc<Segment>, u64)> {
        if len > self.segment_bytes {
            return None;
        }
        let mut current = self.current.lock().unwrap_or_else(|e| e.into_inner());
        if current
            .as_ref()
            .is_none_or(|(_, used)| used + len > self.segment_bytes)
        {
            *current = Some((self.segment()?, 0));
        }
        let (segment, used) = current.as_mut()?;
        let start = *used;
        *used += len;
        Some((segment.clone(), start))
    }

    /// Stows `texts` in one write; they stay as they are if it fails.
    pub fn stow<'a>(&self, texts: impl IntoIterator<Item = &'a mut Prose>) {
        let mut texts: Vec<&mut Prose> = texts.into_iter().filter(|t| !t.is_stowed()).collect();
        let held: usize = texts.iter().map(|t| t.len()).sum();
        if held == 0 {
            return;
        }
        let Some((segment, start)) = self.reserve(held as u64) else {
            return;
        };
        let mut bytes = Vec::with_capacity(held);
        for t in &texts {
            bytes.extend_from_slice(t.as_bytes());
        }
        if write_at(&segment.file, &bytes, start).is_err() {
            return;
        }
        let mut at = start;
        for t in &mut texts {
            let len = t.len() as u64;
            **t = Prose(Repr::Stowed {
                segment: segment.clone(),
                start: at,
                len: u32::try_from(len).unwrap_or(0),
            });
            at += len;
        }
    }

    /// Lets the kernel take back the pages read through the maps: they are
    /// read again from the file (or the page cache) when next needed. Called
    /// after a pass over many articles, so reading them does not leave them
    /// all counted against the program's memory.
    pub fn release(&self) {
        let all = self.all.lock().unwrap_or_else(|e| e.into_inner());
        for segment in all.iter().filter_map(std::sync::Weak::upgrade) {
            // SAFETY: a read-only shared map of a file: dropping its pages
            // loses nothing, the next read faults them in from the file.
            let _ = unsafe {
                segment
                    .map
                    .unchecked_advise(memmap2::UncheckedAdvice::DontNeed)
            };
        }
    }
}

/// Stows the prose of `b` (its paragraphs, claims, experts' views and
/// caveats, and the quotes that anchor them) in the process's store, if
/// there is one.
pub fn stow(b: &mut Briefing) {
    if let Some(store) = store() {
        store.stow(prose_of(b));
    }
}

/// The prose of a briefing that is stowed: what is long and read only
/// where it is shown or searched.
fn prose_of(b: &mut Briefing) -> impl Iterator<Item = &mut Prose> {
    let claims = b.claims.iter_mut().flat_map(|c| {
        let quote = c.anchor.as_mut().map(|a| &mut a.quote.value);
        std::iter::once(&mut c.text).chain(quote)
    });
    let experts = b.experts.iter_mut().flat_map(|e| {
        let quote = e.anchor.as_mut().map(|a| &mut a.quote.value);
        e.says.as_mut().into_iter().chain(quote)
    });
    let caveats = b.caveats.iter_mut().flat_map(|k| {
        let quote = k.anchor.as_mut().map(|a| &mut a.quote.value);
        std::iter::once(&mut k.text).chain(quote)
    });
    b.article
        .iter_mut()
        .map(|p| &mut p.text)
        .chain(claims)
        .chain(experts)
        .chain(caveats)
}

/// Releases the pages of the process's store; see [`Store::release`].
pub fn release() {
    if let Some(store) = store() {
        store.release();
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn prose(texts: &[&str]) -> Vec<Prose> {
        texts.iter().map(|&t| Prose::from(t)).collect()
    }

    #[test]
    fn stowed_text_reads_as_it_was_written() {
        let dir = tempfile::tempdir().unwrap();
        let store = Store::new(dir.path()).unwrap();
        let texts = ["First, with «accents» and 漢字.", "", "Third."];
        let mut first = prose(&texts);
        store.stow(&mut first);
        for (p, t) in first.iter().zip(texts) {
            assert!(p.is_stowed());
            assert_eq!(p.as_str(), t);
        }
        // A second briefing's go after the first's, and both still read.
        let mut more = prose(&["Another briefing's paragraph."]);
        store.stow(&mut more);
        assert_eq!(more[0], "Another briefing's paragraph.");
        assert_eq!(first[0].as_str(), texts[0]);
        // Released pages are read again from the file.
        store.release();
        assert_eq!(first[2].as_str(), "Third.");
        // And a text can be read without the map, into a buffer.
        let mut buf = Vec::new();
        assert_eq!(first[0].read_into(&mut buf), texts[0]);
        assert_eq!(Prose::from("held").read_into(&mut buf), "held");
        assert_eq!(&*more[0], "Another briefing's paragraph.");
    }

    #[test]
    fn a_full_segment_starts_another() {
        let dir = tempfile::tempdir().unwrap();
        let store = Store::with_segments(dir.path(), 64).unwrap();
        // Fill the first segment but for a few bytes.
        store.reserve(61).unwrap();
        let mut texts = prose(&["does not fit in three bytes"]);
        store.stow(&mut texts);
        assert!(texts[0].is_stowed());
        assert_eq!(texts[0], "does not fit in three bytes");
        // The first, which no text points into, is let go; the second holds it.
        let all = store.all.lock().unwrap();
        assert_eq!(all.len(), 2);
        assert_eq!(all[0].strong_count(), 0);
        assert!(all[1].strong_count() > 0);
    }

    #[test]
    fn a_briefings_prose_is_stowed_and_serializes_as_before() {
        let src = "format: debrief/2\ntitle: T\narticle:\n  - text: The ministry named APT31.\nexperts:\n  - {id: e1, name: Ann, says: It fits.}\ncaveats:\n  - {id: k1, text: One source only.}\nclaims:\n  - {id: c1, text: APT31 did it., quote: named APT31}\n";
        let loaded = crate::briefing::load::load_bytes(Path::new("t.yaml"), src.as_bytes());
        let mut b = loaded.briefing.expect("loads");
        let before = postcard::to_allocvec(&b).unwrap();
        let dir = tempfile::tempdir().unwrap();
        let store = Store::new(dir.path()).unwrap();
        store.stow(prose_of(&mut b));
        assert!(b.article[0].text.is_stowed() && b.claims[0].text.is_stowed());
        assert_eq!(b.experts[0].says.as_deref(), Some("It fits."));
        assert_eq!(b.caveats[0].text, "One source only.");
        // The cache and every export see the same bytes, wherever the text lives.
        assert_eq!(postcard::to_allocvec(&b).unwrap(), before);
        let back: Briefing = postcard::from_bytes(&before).unwrap();
        assert_eq!(back.claims[0].text, "APT31 did it.");
        assert!(!back.claims[0].text.is_stowed());
    }

    #[test]
    fn a_text_that_cannot_be_written_stays_in_memory() {
        let dir = tempfile::tempdir().unwrap();
        let store = Store::with_segments(dir.path(), 64).unwrap();
        // More than a segment holds: no room is taken, nothing is lost.
        let long = "x".repeat(65);
        let mut texts = vec![Prose::from(long.as_str())];
        store.stow(&mut texts);
        assert!(!texts[0].is_stowed());
        assert_eq!(texts[0].len(), long.len());
    }

    #[test]
    fn prose_is_a_string_to_people_and_bytes_to_the_cache() {
        let prose = Prose::from("Grüße");
        assert_eq!(serde_json::to_string(&prose).unwrap(), "\"Grüße\"");
        let back: Prose = serde_json::from_str("\"Grüße\"").unwrap();
        assert_eq!(back, "Grüße");
        let bytes = postcard::to_allocvec(&prose).unwrap();
        assert_eq!(postcard::to_allocvec(&"Grüße".as_bytes()).unwrap(), bytes);
        let back: Prose = postcard::from_bytes(&bytes).unwrap();
        assert_eq!(back, "Grüße");
        // Bytes that are not UTF-8 are refused, not taken.
        let bad = postcard::to_allocvec(&[0xffu8, 0xfe].as_slice()).unwrap();
        assert!(postcard::from_bytes::<Prose>(&bad).is_err());
    }

    #[test]
    fn no_store_where_the_folder_cannot_hold_one() {
        assert!(Store::new(Path::new("/nonexistent/debrief-store")).is_none());
    }
}
