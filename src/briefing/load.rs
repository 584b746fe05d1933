//! Reads a briefing file: bytes to a tree of located YAML nodes by
//! [`super::yaml`], then to the typed model by [`super::decode`], then
//! checked by [`super::validate`].
//!
//! Why a node tree and not `#[derive(Deserialize)]` straight into the model:
//! serde stops at the first problem, and an analyst fixing a file by hand wants
//! every unknown key, wrong type and missing field in one run. The tree keeps
//! the line and column of every key and value, so the decoder can report them
//! all, each at its own place.

use std::cell::Cell;
use std::fs::{File, Metadata};
use std::path::Path;
use std::thread::LocalKey;

use super::diagnostic::{Diagnostic, Diagnostics};
use super::involves::Gathered;
use super::model::{Actor, Briefing, Located, Pos};
use super::yaml::{self, Node};
use super::{decode, validate};
use crate::text;

/// Limits that hold whatever the file says.
#[derive(Debug, Clone, Copy)]
pub struct Limits {
    /// Larger files are refused before they are parsed.
    pub max_file_bytes: u64,
}

impl Default for Limits {
    fn default() -> Self {
        Limits {
            max_file_bytes: 16 * 1024 * 1024,
        }
    }
}

/// What loading one file gave: the briefing if it has no errors, and every
/// diagnostic (warnings come with a loaded briefing too).
#[derive(Debug, Clone, serde::Serialize, serde::Deserialize)]
pub struct Loaded {
    pub briefing: Option<Briefing>,
    pub diagnostics: Vec<Diagnostic>,
    /// What the library's index needs of the briefing, when the loading
    /// thread gathered it already ([`super::involves`]); never cached.
    #[serde(skip)]
    pub gathered: Option<Gathered>,
}

impl Loaded {
    pub fn first_error(&self) -> Option<&Diagnostic> {
        self.diagnostics.iter().find(|d| d.is_error())
    }
}

/// Loads, decodes and validates one briefing file. Never panics on any input.
pub fn load_file(path: &Path, limits: &Limits) -> Loaded {
    let mut diags = Diagnostics::new(path);
    let bytes = match read_capped(path, limits.max_file_bytes) {
        Ok(bytes) => bytes,
        Err((message, help)) => {
            let d = diags.error(Pos::default(), message);
            if let Some(help) = help {
                d.with_help(help);
            }
            return finish(None, diags);
        }
    };
    let briefing = load_bytes_into(&bytes, &mut diags);
    finish(briefing, diags)
}

/// Loads a briefing from bytes already in memory; `path` names it in
/// diagnostics and gives the default id.
pub fn load_bytes(path: &Path, bytes: &[u8]) -> Loaded {
    let mut diags = Diagnostics::new(path);
    let briefing = load_bytes_into(bytes, &mut diags);
    finish(briefing, diags)
}

fn finish(briefing: Option<Briefing>, diags: Diagnostics) -> Loaded {
    let briefing = if diags.has_errors() { None } else { briefing };
    Loaded {
        briefing,
        diagnostics: diags.into_sorted(),
        gathered: None,
    }
}

/// Loads, decodes and validates one briefing file, with the actors of the
/// registries that apply to it (see [`super::registry`]).
pub fn load_file_with(path: &Path, limits: &Limits, registry: &[&Actor]) -> Loaded {
    match read_for_load(path, limits) {
        Ok(bytes) => load_read(path, &bytes, registry),
        Err(failed) => *failed,
    }
}

/// The bytes of `path` as the loader reads them (no more than the limit),
/// or the load that says why they could not be read.
pub(crate) fn read_for_load(path: &Path, limits: &Limits) -> Result<Vec<u8>, Box<Loaded>> {
    let mut read = FileBuffer::default();
    read_for_load_into(path, limits, &mut read)?;
    Ok(read.into_bytes())
}

/// As [`read_for_load`], into a buffer the caller reuses from file to file
/// (a fresh one per file cost a page fault per 4 KiB read); gives what the
/// file system says of the file, for the cache's stamp.
pub(crate) fn read_for_load_into(
    path: &Path,
    limits: &Limits,
    read: &mut FileBuffer,
) -> Result<Option<Metadata>, Box<Loaded>> {
    read_capped_into(path, limits.max_file_bytes, read).map_err(|(message, help)| {
        let mut diags = Diagnostics::new(path);
        let d = diags.error(Pos::default(), message);
        if let Some(help) = help {
            d.with_help(help);
        }
        Box::new(finish(None, diags))
    })
}

/// Loads a briefing from the bytes [`read_for_load`] gave.
pub(crate) fn load_read(path: &Path, bytes: &[u8], registry: &[&Actor]) -> Loaded {
    let mut diags = Diagnostics::new(path);
    let briefing = load_bytes_with(bytes, registry, &mut diags);
    finish(briefing, diags)
}

/// Reads a file's bytes, for briefings and registries alike; `None` (with
/// the problem in `diags`) when they cannot be read.
pub(crate) fn read_bytes(path: &Path, limits: &Limits, diags: &mut Diagnostics) -> Option<Vec<u8>> {
    match read_capped(path, limits.max_file_bytes) {
        Ok(bytes) => Some(bytes),
        Err((message, help)) => {
            let d = diags.error(Pos::default(), message);
            if let Some(help) = help {
                d.with_help(help);
            }
            None
        }
    }
}

/// Places the fixes found in `bytes` (see [`super::fix::place`]). Only a
/// file with something to fix is read again; it was found UTF-8 before.
pub(crate) fn place_fixes(bytes: &[u8], diags: &mut Diagnostics) {
    if diags.unplaced_fixes().next().is_some()
        && let Ok(source) = std::str::from_utf8(bytes)
    {
        super::fix::place(source, diags);
    }
}

fn load_bytes_into(bytes: &[u8], diags: &mut Diagnostics) -> Option<Briefing> {
    load_bytes_with(bytes, &[], diags)
}

fn load_bytes_with(bytes: &[u8], registry: &[&Actor], diags: &mut Diagnostics) -> Option<Briefing> {
    let root = tree(bytes, diags)?;
    let briefing = decode::briefing(&root, diags).map(|mut briefing| {
        super::registry::apply(&mut briefing, registry, diags);
        validate::validate(&mut briefing, diags);
        briefing
    });
    place_fixes(bytes, diags);
    briefing
}

pub(crate) fn tree(bytes: &[u8], diags: &mut Diagnostics) -> Option<Located<Node>> {
    let source = match std::str::from_utf8(bytes) {
        Ok(source) => source,
        Err(e) => {
            let pos = pos_of_byte(bytes, e.valid_up_to());
            diags
                .error(pos, "the file is not valid UTF-8 text")
                .with_help("save the briefing as UTF-8; debrief reads no other encoding");
            return None;
        }
    };
    if source.trim().is_empty() {
        diags
            .error(Pos { line: 1, column: 1 }, "the file is empty")
            .with_help("a briefing needs at least `format: debrief/1`, a `title` and an `article`");
        return None;
    }
    if let Some((pos, c)) = control_character(source) {
        diags
            .error(
                pos,
                format!(
                    "the file contains the control character U+{:04X}, which YAML does not allow",
                    u32::from(c)
                ),
            )
            .with_help("remove it: a briefing is plain text (an escape sequence or a stray byte pasted from a terminal?)");
        return None;
    }
    let root = yaml::parse(source, diags)?;
    if matches!(root.value, Node::Null) {
        diags
            .error(
                Pos { line: 1, column: 1 },
                "the file has no content, only comments or blank lines",
            )
            .with_help("a briefing needs at least `format: debrief/1`, a `title` and an `article`");
        return None;
    }
    Some(root)
}

/// The file's bytes, or what went wrong and what to do about it.
fn read_capped(path: &Path, max: u64) -> Result<Vec<u8>, (String, Option<&'static str>)> {
    let mut read = FileBuffer::default();
    read_capped_into(path, max, &mut read)?;
    Ok(read.into_bytes())
}

/// Room that files are read into one after another. It is kept zeroed
/// rather than merely reserved, so that a read goes straight into it: a
/// `Vec` filled by `read_to_end` through `take` read 8 KiB, then 16 KiB,
/// then the rest, four reads a file where two do.
#[derive(Default)]
pub(crate) struct FileBuffer {
    room: Vec<u8>,
    len: usize,
}

impl FileBuffer {
    pub(crate) const fn new() -> FileBuffer {
        FileBuffer {
            room: Vec::new(),
            len: 0,
        }
    }

    /// The bytes of the file read last.
    pub(crate) fn bytes(&self) -> &[u8] {
        &self.room[..self.len]
    }

    fn into_bytes(mut self) -> Vec<u8> {
        self.room.truncate(self.len);
        self.room
    }

    /// `len` bytes of `file` from `offset`, read into this room without
    /// moving the file's cursor (see [`super::at`]).
    pub(crate) fn read_at(
        &mut self,
        file: &File,
        len: usize,
        offset: u64,
    ) -> std::io::Result<&[u8]> {
        self.len = 0;
        if self.room.len() < len {
            self.room.resize(len, 0);
        }
        super::at::read_at(file, &mut self.room[..len], offset)?;
        self.len = len;
        Ok(self.bytes())
    }

    /// Runs `f` with the calling thread's buffer in `kept`, and keeps the
    /// buffer there for the thread's next file, unless one large file grew
    /// it past [`KEPT_ROOM`]. Fresh room per file was zeroed and faulted in
    /// page by page.
    pub(crate) fn with_kept<R>(
        kept: &'static LocalKey<Cell<FileBuffer>>,
        f: impl FnOnce(&mut FileBuffer) -> R,
    ) -> R {
        // Taken out of its cell, so a call that somehow ran inside another
        // on this thread would only start a buffer of its own.
        let mut buffer = kept.take();
        let result = f(&mut buffer);
        if buffer.room.len() <= KEPT_ROOM {
            kept.set(buffer);
        }
        result
    }
}

/// The most a thread keeps of a [`FileBuffer`] between files: briefings
/// and their cache entries are tens of kilobytes.
const KEPT_ROOM: usize = 1 << 20;

/// Reads `path` into `read`, no more than `max`; gives what the file
/// system says of the file opened, when it says.
fn read_capped_into(
    path: &Path,
    max: u64,
    read: &mut FileBuffer,
) -> Result<Option<Metadata>, (String, Option<&'static str>)> {
    use std::io::Read;
    read.len = 0;
    let file =
        std::fs::File::open(path).map_err(|e| (format!("cannot open the file: {e}"), None))?;
    let meta = file.metadata().ok();
    // Room for the file's length and a byte more, where the end is seen;
    // capped, since the length is only a hint.
    let hint = meta.as_ref().map_or(0, Metadata::len).min(max);
    let hint = usize::try_from(hint).unwrap_or(0).saturating_add(1);
    if read.room.len() < hint {
        read.room.resize(hint, 0);
    }
    // Read one byte past the cap so a file that grows under us is still caught.
    let mut file = file.take(max.saturating_add(1));
    loop {
        if read.len == read.room.len() {
            // Longer than it said: as much room again.
            let more = read.room.len().max(8 * 1024);
            read.room.resize(read.room.len().saturating_add(more), 0);
        }
        match file.read(&mut read.room[read.len..]) {
            Ok(0) => break,
            Ok(n) => read.len += n,
            Err(e) if e.kind() == std::io::ErrorKind::Interrupted => {}
            Err(e) => return Err((format!("cannot read the file: {e}"), None)),
        }
    }
    if read.len as u64 > max {
        return Err((
            format!(
                "the file is larger than the limit of {} bytes",
                text::thousands(usize::try_from(max).unwrap_or(usize::MAX))
            ),
            Some(
                "debrief refuses larger files unread; raise the limit with --max-file-size if the file is trusted",
            ),
        ));
    }
    Ok(meta)
}

/// The first character YAML refuses outright (a C0 or C1 control other than
/// tab, line feed, carriage return and NEL), and where it is. The parser
/// would point only at the start of the value that holds it.
fn control_character(source: &str) -> Option<(Pos, char)> {
    let (offset, c) = text::first_control(source)?;
    Some((pos_of_byte(source.as_bytes(), offset), c))
}

/// Line and column of a byte offset, for errors found before parsing.
fn pos_of_byte(bytes: &[u8], offset: usize) -> Pos {
    let before = &bytes[..offset.min(bytes.len())];
    let line = before.iter().filter(|&&b| b == b'\n').count() + 1;
    let line_start = before
        .iter()
        .rposition(|&b| b == b'\n')
        .map_or(0, |i| i + 1);
    let column = String::from_utf8_lossy(&before[line_start..])
        .chars()
        .count()
        + 1;
    Pos {
        line: u32::try_from(line).unwrap_or(u32::MAX),
        column: u32::try_from(column).unwrap_or(u32::MAX),
    }
}
