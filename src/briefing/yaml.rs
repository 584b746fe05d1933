//! YAML text to a tree of located nodes, built straight from the parser's
//! events (serde-saphyr's own parser, granit-parser, which it re-exports).
//!
//! Why events and not serde: the tree is all the decoder needs, with the line
//! and column of every key and value, and deserialising it through serde's
//! `Spanned<T>` cost three quarters of a library's load time (docs/PERFORMANCE.md).
//! Reading the events ourselves also puts every safety limit of a hostile
//! file in one loop, each a counter that is checked as the tree grows, and
//! lets each breach be told in words an analyst reads.
//!
//! Scalars are read as YAML 1.2's core schema reads them, the way serde-saphyr
//! did before (its options: strict booleans, duplicate keys refused, merge keys
//! merged); a test below holds the two to the same answers.

use std::borrow::Cow;
use std::collections::HashSet;

use serde_saphyr::granit_parser::{
    ErrorKind, Event, Marker, Options, Parser, ScalarStyle, ScanError, StructureStyle, Tag,
};

use super::diagnostic::Diagnostics;
use super::model::{Located, Pos};
use crate::text;

/// A YAML value with its place in the file. Strings are cleaned on the way in.
#[derive(Debug, Clone, PartialEq)]
pub enum Node {
    Null,
    Bool(bool),
    Int(i128),
    Float(f64),
    Str(String),
    Seq(Vec<Located<Node>>),
    Map(Vec<(Located<Node>, Located<Node>)>),
}

impl Node {
    /// How the node reads in an error message: "a list", "the number 3".
    pub fn describe(&self) -> String {
        match self {
            Node::Null => "nothing (an empty value)".into(),
            Node::Bool(b) => format!("the boolean `{b}`"),
            Node::Int(i) => format!("the number `{i}`"),
            Node::Float(f) => format!("the number `{f}`"),
            Node::Str(_) => "text".into(),
            Node::Seq(_) => "a list".into(),
            Node::Map(_) => "a mapping of keys".into(),
        }
    }
}

/// How deep YAML may nest. A briefing nests four levels (the briefing, a
/// list, an item, a list of ids); eight times that leaves room for any honest
/// file, and a wall of brackets is refused at the 33rd, before it costs
/// stack or time.
pub const MAX_DEPTH: usize = 32;
/// Anchors (`&name`) a file may define. Hand-written briefings use a few at
/// most (a list of sources shared by several claims); a thousand is far past
/// that, and keeps what is kept for aliases small.
pub const MAX_ANCHORS: usize = 1_000;
/// Aliases (`*name`) a file may use, for the same reason as [`MAX_ANCHORS`].
pub const MAX_ALIASES: usize = 1_000;
/// Values (every key, list, mapping and text) the whole file may hold, each
/// use of an alias counted again. 10,000 claims with every key written hold
/// some 300,000; each value costs under a hundred bytes in memory, so this
/// bounds the tree near 100 MB whatever the file.
pub const MAX_VALUES: usize = 1_000_000;
/// Values that aliases may bring in, over the whole file: what an alias
/// bomb ("billion laughs", each alias naming a list of aliases) multiplies.
/// Honest reuse (`sources: *common` on every claim) stays far below.
pub const MAX_ALIAS_VALUES: usize = 100_000;
/// Bytes of text (every key and value, each use of an alias counted again)
/// per byte of file: text cannot be longer than the file it is written in,
/// so only aliases reach past 1x; 2x lets every text be reused once.
pub const TEXT_PER_FILE_BYTE: usize = 2;
/// Bytes of text allowed on top of [`TEXT_PER_FILE_BYTE`], so a tiny file
/// may still alias its few words freely.
pub const TEXT_SLACK: usize = 64 * 1024;

/// The most text a file of `file_bytes` bytes may hold, aliases counted at
/// each use.
pub fn max_text_bytes(file_bytes: usize) -> usize {
    file_bytes
        .saturating_mul(TEXT_PER_FILE_BYTE)
        .saturating_add(TEXT_SLACK)
}

/// Reads `source` (one YAML document) into a tree, or reports in `diags` why
/// it cannot. A file with no document gives `Node::Null`.
pub fn parse(source: &str, diags: &mut Diagnostics) -> Option<Located<Node>> {
    match Builder::new(source.len()).run(source) {
        Ok(root) => Some(root),
        Err(problem) => {
            let d = diags
                .error(problem.pos, problem.message)
                .with_help(problem.help);
            if let Some(width) = problem.underline {
                d.underline(width);
            }
            None
        }
    }
}

/// How a scalar is written in the file, for writing a replacement the same way.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Style {
    Plain,
    SingleQuoted,
    DoubleQuoted,
    /// `|` or `>`, over lines of its own.
    Block,
}

/// Where one scalar (a key or a value) is written: the bytes it takes,
/// quotes included, and how.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ScalarSpan {
    /// As the tree places the node: [`Located::pos`].
    pub pos: Pos,
    pub start: usize,
    pub end: usize,
    pub style: Style,
    /// Inside `[...]` or `{...}`, where `,` and brackets end a plain scalar.
    pub in_flow: bool,
    /// Written with a tag (`!!str x`) or an anchor (`&a x`): values a fix
    /// does not rewrite, since what they mean elsewhere may change.
    pub decorated: bool,
}

/// Every scalar of `source` with its bytes, in file order; empty when the
/// file is not YAML. Only for files that have something to fix: the loader
/// itself keeps no spans.
pub fn scalar_spans(source: &str) -> Vec<ScalarSpan> {
    let mut parser = Parser::new_from_str_with_options(source, Options::default());
    let mut spans = Vec::new();
    let mut kinds: Vec<StructureStyle> = Vec::new();
    while let Some(event) = parser.next_event() {
        let Ok((event, span)) = event else {
            return Vec::new();
        };
        match event {
            // Block collections cannot nest inside flow ones: a count of
            // the open flow ones says whether a scalar is in one.
            Event::SequenceStart(style, ..) | Event::MappingStart(style, ..) => {
                kinds.push(style);
            }
            Event::SequenceEnd | Event::MappingEnd => {
                kinds.pop();
            }
            Event::Scalar(_, style, anchor, tag) => {
                let (Some(start), Some(end)) = (span.start.byte_offset(), span.end.byte_offset())
                else {
                    continue;
                };
                spans.push(ScalarSpan {
                    pos: pos_of(&span.start),
                    start,
                    end,
                    style: match style {
                        ScalarStyle::Plain => Style::Plain,
                        ScalarStyle::SingleQuoted => Style::SingleQuoted,
                        ScalarStyle::DoubleQuoted => Style::DoubleQuoted,
                        _ => Style::Block,
                    },
                    in_flow: kinds.last() == Some(&StructureStyle::Flow),
                    decorated: anchor != 0 || tag.is_some(),
                });
            }
            _ => {}
        }
    }
    spans
}

/// Whether `value`, written plainly, reads back as this very text (not a
/// number, a boolean or null).
pub fn plain_reads_as_text(value: &str) -> bool {
    matches!(plain(Cow::Borrowed(value)), Node::Str(s) if s == value)
}

/// Why a file is not read, and where.
#[derive(Debug)]
struct Problem {
    pos: Pos,
    message: String,
    help: &'static str,
    underline: Option<usize>,
}

impl Problem {
    fn new(pos: Pos, message: impl Into<String>, help: &'static str) -> Problem {
        Problem {
            pos,
            message: message.into(),
            help,
            underline: None,
        }
    }
}

const NESTING_HELP: &str = "a briefing nests four levels (the briefing, a list, an item, a list of ids); look for brackets or indentation that run away";
const ALIAS_HELP: &str = "a briefing rarely needs anchors (`&name`) and aliases (`*name`): write the values out where they are used";
const SIZE_HELP: &str = "a briefing never needs that much; split it into several files";
const SYNTAX_HELP: &str = "fix the YAML syntax at this place; the line above it is often the cause";

fn too_deep(pos: Pos) -> Problem {
    Problem::new(
        pos,
        format!("the file nests deeper than {MAX_DEPTH} levels"),
        NESTING_HELP,
    )
}

fn pos_of(marker: &Marker) -> Pos {
    Pos {
        line: u32::try_from(marker.line()).unwrap_or(u32::MAX),
        column: u32::try_from(marker.col().saturating_add(1)).unwrap_or(u32::MAX),
    }
}

/// A finished node and what it holds, counted once so an alias to it can be
/// charged against the limits without walking it again.
#[derive(Debug, Clone)]
struct Built {
    node: Located<Node>,
    /// Values in it, itself included.
    values: usize,
    /// Bytes of text in it.
    text: usize,
    /// Levels of lists and mappings in it: 0 for a scalar.
    height: usize,
}

/// A key as the duplicate check compares it: its kind and its text as written
/// (before cleaning, so a key that differs only by an invisible character
/// is left for the decoder to explain).
type KeyPrint<'a> = (u8, Cow<'a, str>);

/// Maps longer than this check duplicates through a hash set instead of a scan.
const SCAN_KEYS: usize = 16;

/// A list or mapping still being read.
struct Frame<'a> {
    pos: Pos,
    anchor: usize,
    values: usize,
    text: usize,
    height: usize,
    kind: FrameKind<'a>,
}

/// The children of open collections wait on the builder's shared stacks
/// (`items`, `entries`, `keys`), each frame from the index it started at, and
/// are moved into a list of the exact size when it ends: no list grows by
/// doubling, for the price of one copy.
enum FrameKind<'a> {
    Seq {
        start: usize,
    },
    Map {
        start: usize,
        /// The key read, waiting for its value; whether it is `<<`.
        key: Option<(Located<Node>, bool)>,
        /// Where this mapping's keys start in `keys`, until it has so many
        /// that they move into a hash set.
        keys_start: usize,
        seen_set: Option<HashSet<KeyPrint<'a>>>,
        /// Values of `<<` keys, merged when the mapping ends.
        merges: Vec<Located<Node>>,
    },
}

struct Builder<'a> {
    stack: Vec<Frame<'a>>,
    items: Vec<Located<Node>>,
    entries: Vec<(Located<Node>, Located<Node>)>,
    keys: Vec<KeyPrint<'a>>,
    /// Finished anchored nodes by the parser's anchor id.
    anchored: Vec<Option<Built>>,
    root: Option<Located<Node>>,
    documents: usize,
    values: usize,
    text: usize,
    max_text: usize,
    alias_values: usize,
    aliases: usize,
    anchors: usize,
    /// Values and text in the copies kept of anchored values.
    kept_values: usize,
    kept_text: usize,
}

impl<'a> Builder<'a> {
    fn new(file_bytes: usize) -> Builder<'a> {
        Builder {
            stack: Vec::new(),
            items: Vec::new(),
            entries: Vec::new(),
            keys: Vec::new(),
            anchored: Vec::new(),
            root: None,
            documents: 0,
            values: 0,
            text: 0,
            max_text: max_text_bytes(file_bytes),
            alias_values: 0,
            aliases: 0,
            anchors: 0,
            kept_values: 0,
            kept_text: 0,
        }
    }

    fn run(mut self, source: &'a str) -> Result<Located<Node>, Problem> {
        let mut options = Options::default();
        // Flow collections (`[[[...`) stop in the scanner, before they cost
        // stack; block ones are left to the count in `open`, one level past
        // ours, so that the breach is reported in our words.
        options.flow_nesting_limit = MAX_DEPTH;
        options.block_nesting_limit = options.block_nesting_limit.max(MAX_DEPTH + 1);
        options.emit_comments = false;
        let mut parser = Parser::new_from_str_with_options(source, options);
        while let Some(event) = parser.next_event() {
            let (event, span) = event.map_err(|e| scan_problem(&e, source))?;
            let pos = pos_of(&span.start);
            match event {
                Event::StreamStart | Event::StreamEnd | Event::DocumentEnd => {}
                Event::DocumentStart(..) => {
                    self.documents += 1;
                    if self.documents > 1 {
                        let mut p = Problem::new(
                            Pos {
                                line: pos.line,
                                column: 1,
                            },
                            "the file holds more than one YAML document",
                            "a briefing file holds one YAML document: remove the `---` separator, and put a second briefing in a file of its own",
                        );
                        p.underline = Some(3);
                        return Err(p);
                    }
                }
                Event::Scalar(value, style, anchor, tag) => {
                    let text = value.len();
                    self.count(1, text, pos)?;
                    let merge_key = style == ScalarStyle::Plain && tag.is_none() && value == "<<";
                    // Only a key needs its text as written, for the duplicate
                    // check; a tag is part of a key (`!x a` is not `a`).
                    let raw_key = self.expects_key().then(|| match &tag {
                        None => value.clone(),
                        Some(t) => Cow::Owned(format!("{}{}\0{value}", t.handle(), t.suffix())),
                    });
                    let node = scalar(value, style, tag.as_deref(), pos)?;
                    let print = raw_key.map(|raw| (kind_code(&node), raw));
                    let built = Built {
                        node: Located { value: node, pos },
                        values: 1,
                        text,
                        height: 0,
                    };
                    self.finish(built, anchor, print, merge_key)?;
                }
                Event::SequenceStart(_, anchor, _) => {
                    let start = self.items.len();
                    self.open(pos, anchor, FrameKind::Seq { start })?;
                }
                Event::MappingStart(_, anchor, _) => {
                    self.open(
                        pos,
                        anchor,
                        FrameKind::Map {
                            start: self.entries.len(),
                            key: None,
                            keys_start: self.keys.len(),
                            seen_set: None,
                            merges: Vec::new(),
                        },
                    )?;
                }
                Event::SequenceEnd | Event::MappingEnd => {
                    let Some(frame) = self.stack.pop() else {
                        continue;
                    };
                    let node = match frame.kind {
                        FrameKind::Seq { start } => Node::Seq(self.items.drain(start..).collect()),
                        FrameKind::Map {
                            start,
                            keys_start,
                            merges,
                            ..
                        } => {
                            self.keys.truncate(keys_start);
                            let mut entries: Vec<_> = self.entries.drain(start..).collect();
                            if !merges.is_empty() {
                                merge(&mut entries, merges);
                            }
                            Node::Map(entries)
                        }
                    };
                    let built = Built {
                        node: Located {
                            value: node,
                            pos: frame.pos,
                        },
                        values: frame.values,
                        text: frame.text,
                        height: frame.height,
                    };
                    self.finish(built, frame.anchor, None, false)?;
                }
                Event::Alias(id) => self.alias(id, pos)?,
                // Not asked for (no comment, anchor or unresolved-alias events).
                _ => {}
            }
        }
        Ok(self.root.unwrap_or(Located {
            value: Node::Null,
            pos: Pos { line: 1, column: 1 },
        }))
    }

    /// Charges one new value (or an alias's `values`) and its text against the limits.
    fn count(&mut self, values: usize, text: usize, pos: Pos) -> Result<(), Problem> {
        self.values = self.values.saturating_add(values);
        self.text = self.text.saturating_add(text);
        if self.text > self.max_text {
            return Err(Problem::new(
                pos,
                format!(
                    "the text in the file adds up to more than {} bytes, each use of an alias counted",
                    text::thousands(self.max_text)
                ),
                ALIAS_HELP,
            ));
        }
        if self.values > MAX_VALUES {
            return Err(Problem::new(
                pos,
                format!(
                    "the file holds more than {} values (keys, lists and texts, each use of an alias counted)",
                    text::thousands(MAX_VALUES)
                ),
                SIZE_HELP,
            ));
        }
        Ok(())
    }

    /// Is the next node a key of the open mapping?
    fn expects_key(&self) -> bool {
        matches!(
            self.stack.last(),
            Some(Frame {
                kind: FrameKind::Map { key: None, .. },
                ..
            })
        )
    }

    fn open(&mut self, pos: Pos, anchor: usize, kind: FrameKind<'a>) -> Result<(), Problem> {
        if self.stack.len() >= MAX_DEPTH {
            return Err(too_deep(pos));
        }
        self.count(1, 0, pos)?;
        self.stack.push(Frame {
            pos,
            anchor,
            values: 1,
            text: 0,
            height: 1,
            kind,
        });
        Ok(())
    }

    fn alias(&mut self, id: usize, pos: Pos) -> Result<(), Problem> {
        self.aliases += 1;
        if self.aliases > MAX_ALIASES {
            return Err(Problem::new(
                pos,
                format!(
                    "the file uses more than {} aliases (`*name`)",
                    text::thousands(MAX_ALIASES)
                ),
                ALIAS_HELP,
            ));
        }
        let target = self.anchored.get(id).and_then(Option::as_ref);
        // The parser knows the anchor, but its node is still open: the alias
        // is inside the very list or mapping it names.
        let inside_itself = || {
            Problem::new(
                pos,
                "invalid YAML: an alias (`*name`) is used inside the value its anchor names",
                "an alias cannot contain itself: write the value out instead",
            )
        };
        let Some((values, text, height)) = target.map(|t| (t.values, t.text, t.height)) else {
            return Err(inside_itself());
        };
        if self.stack.len() + height > MAX_DEPTH {
            return Err(too_deep(pos));
        }
        self.alias_values = self.alias_values.saturating_add(values);
        self.count(values, text, pos)?;
        if self.alias_values > MAX_ALIAS_VALUES {
            return Err(Problem::new(
                pos,
                format!(
                    "the file's aliases (`*name`) expand to more than {} values",
                    text::thousands(MAX_ALIAS_VALUES)
                ),
                ALIAS_HELP,
            ));
        }
        // Copied only now that the limits allow it.
        let Some(mut built) = self.anchored.get(id).cloned().flatten() else {
            return Err(inside_itself());
        };
        // The value is where the alias is, as far as the reader is concerned:
        // a problem in it is reported where it is used (as serde-saphyr did).
        place_at(&mut built.node, pos);
        let print = match &built.node.value {
            Node::Seq(_) | Node::Map(_) => None,
            scalar => Some((kind_code(scalar), Cow::Owned(scalar_text(scalar)))),
        };
        self.finish(built, 0, print, false)
    }

    /// Puts a finished node where it belongs: into the open list or mapping,
    /// or as the document's root.
    fn finish(
        &mut self,
        built: Built,
        anchor: usize,
        print: Option<KeyPrint<'a>>,
        merge_key: bool,
    ) -> Result<(), Problem> {
        if anchor != 0 {
            self.anchors += 1;
            if self.anchors > MAX_ANCHORS {
                return Err(Problem::new(
                    built.node.pos,
                    format!(
                        "the file defines more than {} anchors (`&name`)",
                        text::thousands(MAX_ANCHORS)
                    ),
                    ALIAS_HELP,
                ));
            }
            // The copy kept for aliases is charged too: anchors nested in
            // anchors would otherwise keep the same values many times over.
            self.kept_values = self.kept_values.saturating_add(built.values);
            self.kept_text = self.kept_text.saturating_add(built.text);
            if self.kept_values > MAX_VALUES || self.kept_text > self.max_text {
                return Err(Problem::new(
                    built.node.pos,
                    "the file's anchors (`&name`) hold more than debrief keeps for their aliases",
                    ALIAS_HELP,
                ));
            }
            if self.anchored.len() <= anchor {
                self.anchored.resize(anchor + 1, None);
            }
            self.anchored[anchor] = Some(built.clone());
        }
        let Some(frame) = self.stack.last_mut() else {
            self.root = Some(built.node);
            return Ok(());
        };
        frame.values = frame.values.saturating_add(built.values);
        frame.text = frame.text.saturating_add(built.text);
        frame.height = frame.height.max(built.height + 1);
        match &mut frame.kind {
            FrameKind::Seq { .. } => self.items.push(built.node),
            FrameKind::Map {
                key,
                keys_start,
                seen_set,
                merges,
                ..
            } => match key.take() {
                Some((_, true)) if is_mergeable(&built.node.value) => merges.push(built.node),
                Some((key, _)) => self.entries.push((key, built.node)),
                None => {
                    if let Some(print) = print {
                        if let Some(set) = seen_set {
                            if !set.insert(print) {
                                return Err(duplicate_key(&built.node));
                            }
                        } else if self.keys[*keys_start..].contains(&print) {
                            return Err(duplicate_key(&built.node));
                        } else {
                            self.keys.push(print);
                            if self.keys.len() - *keys_start > SCAN_KEYS {
                                *seen_set = Some(self.keys.drain(*keys_start..).collect());
                            }
                        }
                    }
                    *key = Some((built.node, merge_key));
                }
            },
        }
        Ok(())
    }
}

/// Puts a copied value, every part of it, at `pos`. Recursion is bounded
/// by [`MAX_DEPTH`].
fn place_at(node: &mut Located<Node>, pos: Pos) {
    node.pos = pos;
    match &mut node.value {
        Node::Seq(items) => items.iter_mut().for_each(|i| place_at(i, pos)),
        Node::Map(entries) => entries.iter_mut().for_each(|(k, v)| {
            place_at(k, pos);
            place_at(v, pos);
        }),
        _ => {}
    }
}

fn duplicate_key(key: &Located<Node>) -> Problem {
    let message = match &key.value {
        Node::Str(k) => format!("duplicate key `{k}`: it appears twice in the same mapping"),
        other => format!(
            "duplicate key `{}`: it appears twice in the same mapping",
            scalar_text(other)
        ),
    };
    Problem::new(
        key.pos,
        message,
        "each key may appear once in a mapping: remove or merge the repeated key",
    )
}

/// A `<<` key takes a mapping or a list of mappings; anything else leaves
/// it an ordinary key, for the decoder to call unknown.
fn is_mergeable(node: &Node) -> bool {
    match node {
        Node::Map(_) => true,
        Node::Seq(items) => items.iter().all(|i| matches!(i.value, Node::Map(_))),
        _ => false,
    }
}

/// YAML's merge keys: each entry of the merged mappings that the mapping does
/// not set itself, the earlier mapping winning over the later.
fn merge(entries: &mut Vec<(Located<Node>, Located<Node>)>, merges: Vec<Located<Node>>) {
    // Keys compared as text with their kind; a list or mapping as a key is
    // never the same as another.
    let print = |key: &Node| match key {
        Node::Seq(_) | Node::Map(_) => None,
        scalar => Some((kind_code(scalar), scalar_text(scalar))),
    };
    let mut present: HashSet<(u8, String)> = entries
        .iter()
        .filter_map(|(k, _)| print(&k.value))
        .collect();
    for source in merges {
        let maps = match source.value {
            Node::Map(map) => vec![map],
            Node::Seq(items) => items
                .into_iter()
                .filter_map(|i| match i.value {
                    Node::Map(map) => Some(map),
                    _ => None,
                })
                .collect(),
            _ => Vec::new(),
        };
        for map in maps {
            for (key, value) in map {
                if print(&key.value).is_none_or(|p| present.insert(p)) {
                    entries.push((key, value));
                }
            }
        }
    }
}

fn kind_code(node: &Node) -> u8 {
    match node {
        Node::Null => 0,
        Node::Bool(_) => 1,
        Node::Int(_) => 2,
        Node::Float(_) => 3,
        Node::Str(_) => 4,
        Node::Seq(_) => 5,
        Node::Map(_) => 6,
    }
}

/// A scalar node as text, for the duplicate check of aliased keys and for messages.
fn scalar_text(node: &Node) -> String {
    match node {
        Node::Null => String::new(),
        Node::Bool(b) => b.to_string(),
        Node::Int(i) => i.to_string(),
        Node::Float(f) => f.to_string(),
        Node::Str(s) => s.clone(),
        Node::Seq(_) | Node::Map(_) => String::new(),
    }
}

/// Reads a scalar by its tag, or by YAML 1.2's core schema when it is plain
/// and untagged; quoted and block scalars are text.
fn scalar(
    value: Cow<str>,
    style: ScalarStyle,
    tag: Option<&Tag>,
    pos: Pos,
) -> Result<Node, Problem> {
    let name = tag.and_then(tag_name);
    let invalid = |what: &str| {
        Problem::new(
            pos,
            format!(
                "invalid YAML: `{}` is not {what}, as its tag says",
                text::clean(&value)
            ),
            "remove the tag (`!!...`) or correct the value",
        )
    };
    Ok(match name.as_deref() {
        Some("str") => Node::Str(text::clean_cow(value)),
        Some("null") => Node::Null,
        Some("bool") => Node::Bool(parse_bool(&value).ok_or_else(|| invalid("a boolean"))?),
        Some("int") => parse_int(value.trim_matches([' ', '\t', '\r', '\n']))
            .ok_or_else(|| invalid("an integer"))?,
        Some("float") => Node::Float(parse_float(&value).ok_or_else(|| invalid("a number"))?),
        Some("map") => return Err(invalid("a mapping")),
        Some("seq") => return Err(invalid("a list")),
        // `!` (non-specific) makes a plain scalar text, as quotes do.
        Some("") => Node::Str(text::clean_cow(value)),
        // Types a briefing has no use for, which serde-saphyr refused too.
        Some(other @ ("timestamp" | "binary" | "time" | "degrees" | "radians")) => {
            return Err(Problem::new(
                pos,
                format!("invalid YAML: debrief does not read the tag `!!{other}`"),
                "remove the tag: a briefing's values are text, written as they are",
            ));
        }
        // Untagged, or a tag of the writer's own (`!note`): by the value.
        _ if style == ScalarStyle::Plain => plain(value),
        _ => Node::Str(text::clean_cow(value)),
    })
}

/// The name of a tag in YAML's namespace (`!!int`) or of a local one
/// (`!int`), which serde-saphyr read as the same: "" for the non-specific `!`.
fn tag_name(tag: &Tag) -> Option<Cow<'_, str>> {
    if let Some(core) = tag.core_suffix() {
        return Some(Cow::Borrowed(core));
    }
    let name = tag
        .suffix_in_namespace("tag:yaml.org,2002:")
        .or_else(|| tag.suffix_in_namespace("!"))?;
    Some(match name {
        Cow::Borrowed(n) => Cow::Borrowed(n.trim_start_matches('!')),
        Cow::Owned(n) => Cow::Owned(n.trim_start_matches('!').to_owned()),
    })
}

/// A plain scalar by YAML 1.2's core schema: null, a boolean (only
/// `true`/`false` in three spellings: `country: NO` is Norway), an integer,
/// a float, else text.
fn plain(value: Cow<str>) -> Node {
    // Fast path: text that cannot be anything else, the common case.
    let Some(&first) = value.as_bytes().first() else {
        return Node::Null;
    };
    if !matches!(
        first,
        b'0'..=b'9' | b'+' | b'-' | b'.' | b'~' | b'n' | b'N' | b't' | b'T' | b'f' | b'F'
    ) {
        return Node::Str(text::clean_cow(value));
    }
    if matches!(&*value, "~" | "null" | "Null" | "NULL") {
        return Node::Null;
    }
    if let Some(b) = parse_bool(&value) {
        return Node::Bool(b);
    }
    let t = value.trim_matches([' ', '\t', '\r', '\n']);
    let unsigned = t.strip_prefix(['+', '-']).unwrap_or(t);
    // Upper-case radix prefixes and signed NaN stay text, as serde-saphyr reads them.
    let upper_radix = matches!(unsigned.as_bytes(), [b'0', b'X' | b'O' | b'B', ..]);
    let signed_nan = t.len() != unsigned.len() && matches!(unsigned, ".nan" | ".NaN" | ".NAN");
    if upper_radix || signed_nan {
        return Node::Str(text::clean_cow(value));
    }
    // 64-bit integers, as serde-saphyr's visitor reads them; larger ones are floats.
    if let Some(Node::Int(i)) = parse_int(t)
        && (i64::try_from(i).is_ok() || (!t.starts_with('-') && u64::try_from(i).is_ok()))
    {
        return Node::Int(i);
    }
    if let Some(f) = parse_float(t) {
        return Node::Float(f);
    }
    // Past f64's range but written as a number (`1e999`): infinite.
    if unsigned.as_bytes().first().is_some_and(u8::is_ascii_digit)
        && let Ok(f) = t.parse::<f64>()
        && f.is_infinite()
    {
        return Node::Float(f);
    }
    Node::Str(text::clean_cow(value))
}

fn parse_bool(value: &str) -> Option<bool> {
    match value.trim_matches([' ', '\t', '\r', '\n']) {
        "true" | "True" | "TRUE" => Some(true),
        "false" | "False" | "FALSE" => Some(false),
        _ => None,
    }
}

/// An integer: decimal (no leading zeros), `0x`, `0o` or `0b`, with a sign,
/// and single underscores between digits.
fn parse_int(t: &str) -> Option<Node> {
    let (negative, rest) = match t.as_bytes().first() {
        Some(b'-') => (true, &t[1..]),
        Some(b'+') => (false, &t[1..]),
        _ => (false, t),
    };
    let (radix, digits) = if let Some(d) = rest.strip_prefix("0x").or(rest.strip_prefix("0X")) {
        (16, d)
    } else if let Some(d) = rest.strip_prefix("0o").or(rest.strip_prefix("0O")) {
        (8, d)
    } else if let Some(d) = rest.strip_prefix("0b").or(rest.strip_prefix("0B")) {
        (2, d)
    } else {
        if rest.starts_with('0') && rest != "0" {
            return None;
        }
        (10, rest)
    };
    let bytes = digits.as_bytes();
    let mut magnitude: u128 = 0;
    let mut any = false;
    for (i, &b) in bytes.iter().enumerate() {
        if b == b'_' {
            let between =
                i > 0 && bytes[i - 1] != b'_' && bytes.get(i + 1).is_some_and(|&n| n != b'_');
            if !between {
                return None;
            }
            continue;
        }
        let digit = char::from(b).to_digit(radix)?;
        magnitude = magnitude
            .checked_mul(u128::from(radix))?
            .checked_add(u128::from(digit))?;
        any = true;
    }
    if !any {
        return None;
    }
    let value = if negative {
        0i128.checked_sub_unsigned(magnitude)?
    } else {
        i128::try_from(magnitude).ok()?
    };
    Some(Node::Int(value))
}

/// A float: `.inf`, `.nan` in their three spellings, or what Rust reads as a
/// finite number.
fn parse_float(value: &str) -> Option<f64> {
    let t = value.trim_matches([' ', '\t', '\r', '\n']);
    let (negative, unsigned) = match t.strip_prefix('-') {
        Some(rest) => (true, rest),
        None => (false, t.strip_prefix('+').unwrap_or(t)),
    };
    match unsigned {
        ".nan" | ".NaN" | ".NAN" => return Some(f64::NAN),
        ".inf" | ".Inf" | ".INF" => {
            return Some(if negative {
                f64::NEG_INFINITY
            } else {
                f64::INFINITY
            });
        }
        _ => {}
    }
    t.parse::<f64>().ok().filter(|f| f.is_finite())
}

/// The parser's error in an analyst's words.
fn scan_problem(e: &ScanError, source: &str) -> Problem {
    let pos = pos_of(e.marker());
    match e.kind() {
        ErrorKind::RecursionLimitExceeded => too_deep(pos),
        ErrorKind::UnknownAnchor => {
            let name: String = e
                .marker()
                .byte_offset()
                .and_then(|at| source.get(at..))
                .map(|rest| {
                    rest.trim_start_matches('*')
                        .chars()
                        .take_while(|c| !c.is_whitespace() && !matches!(c, ',' | ']' | '}'))
                        .take(40)
                        .collect()
                })
                .unwrap_or_default();
            Problem::new(
                pos,
                format!(
                    "invalid YAML: the alias `*{}` names no anchor defined before it",
                    text::clean(&name)
                ),
                "a `*` at the start of a value names an anchor: if it is text, put the value in quotes; else define the anchor (`&name`) on a value above its first alias",
            )
        }
        _ => {
            if let Some(tab) = tab_in_indentation(source, e) {
                let mut p = Problem::new(
                    tab,
                    "YAML does not allow tabs for indentation; use spaces",
                    "replace the tab at the start of this line with spaces, as many as the lines beside it are indented by (most editors can be set to indent with spaces)",
                );
                p.underline = Some(1);
                return p;
            }
            let (line, at, above) = e
                .marker()
                .byte_offset()
                .and_then(|at| {
                    let start = source.get(..at)?.rfind('\n').map_or(0, |i| i + 1);
                    let end = source
                        .get(at..)?
                        .find('\n')
                        .map_or(source.len(), |i| at + i);
                    // The nearest line above with something on it.
                    let above = source[..start]
                        .lines()
                        .rev()
                        .find(|l| !l.trim().is_empty() && !l.trim_start().starts_with('#'))
                        .unwrap_or("");
                    Some((source.get(start..end)?, at - start, above))
                })
                .unwrap_or(("", 0, ""));
            Problem::new(
                pos,
                format!("invalid YAML: {}", e.info()),
                syntax_help(e.kind(), line, at, above),
            )
        }
    }
}

/// Where a tab indents a line, when the parser's error is about a tab: the
/// line with the tab, which is the line of the error or the one after it
/// (the parser often stops at the end of the line before), else the first
/// such line of the file.
fn tab_in_indentation(source: &str, e: &ScanError) -> Option<Pos> {
    let about_tab = matches!(
        e.kind(),
        ErrorKind::TabNotAllowed
            | ErrorKind::TabInBlockIndentation
            | ErrorKind::TabInIndentation
            | ErrorKind::TabInPlainScalar
            | ErrorKind::TabAtBlockScalarStart
    );
    if !about_tab {
        return None;
    }
    let indented_by_tab = |(i, line): (usize, &str)| {
        let indent = line.len() - line.trim_start_matches([' ', '\t']).len();
        let column = line[..indent].find('\t')?;
        Some(Pos {
            line: u32::try_from(i + 1).unwrap_or(u32::MAX),
            column: u32::try_from(column + 1).unwrap_or(u32::MAX),
        })
    };
    let at = e.marker().line();
    source
        .lines()
        .enumerate()
        .skip(at.saturating_sub(1))
        .take(2)
        .find_map(indented_by_tab)
        .or_else(|| source.lines().enumerate().find_map(indented_by_tab))
}

const UNCLOSED_QUOTE: &str = "a value that starts with a quotation mark must end with the same mark: close it, or remove the opening one; inside double quotes write a `\"` as `\\\"`, inside single quotes a `'` as `''`";
const QUOTE_INSIDE: &str = "the value ended at a closing quotation mark, and more follows it: quote a value that holds quotation marks with the other kind (`'He said \"no\"'`), or double a `'` inside single quotes (`'it''s'`)";
const KEY_NEEDS_SPACE: &str =
    "a key is followed by a colon and a space: write `title: T`, not `title:T`";
const MISSING_COLON: &str = "each line of a mapping is `key: value`, with a colon after the key: add it; if the line goes on with the value above, indent it further than that value's key, or put the whole value in quotes";
const COLON_IN_VALUE: &str = "a `: ` inside a plain value starts a new key: put the whole value in quotes (`title: \"Note: a colon\"`)";
const EMPTY_ABOVE: &str = "the key above already has a value, `[]` (an empty list) or `{}`: remove it to give the key the items below";
const COLON_ABOVE: &str = "the line above has no colon after its key, so it runs on into this one: write it as `key: value`";
const KEY_TOO_DEEP: &str = "this key is indented deeper than the key above it: line up the keys of one mapping at the same column";
const DASH_SPACE: &str =
    "a list item starts with a dash and a space: write `- text: ...`, not `-text: ...`";
const LIST_INDENT: &str = "this line does not line up with the list above it: every `- ` of one list starts at the same column, and the keys of one item line up under its first key";
const MAP_INDENT: &str = "this line is indented differently from the keys above it: the keys of one mapping start at the same column, and a list under a key is indented below it, each item starting with `- `";
const BRACKETS: &str = "a `[` or `{` is not closed on its line, or a `]` or `}` has no opening one: close the list (`[a, b]`) or mapping (`{a: b}`) where it opens, or put a value that holds brackets or commas in quotes";
const RESERVED_START: &str = "`@`, `` ` ``, `%`, `&`, `*` and `!` cannot start a plain value in YAML: put the value in quotes";
const BACKSLASH: &str = "inside double quotes a backslash starts an escape (`\\n`, `\\\"`): write `\\\\` for a backslash, or put the value in single quotes, where a backslash is itself";
const DASH_AFTER_KEY: &str = "a list starts on the line below its key (`tags:` then `  - first`) or in brackets (`tags: [first]`); a value that starts with `- ` as text goes in quotes";
const CONTINUATION: &str =
    "a value that goes on over several lines indents each further line more than its key";
const COMMENT_SPACE: &str = "a comment starts with a space and `#`: write `value  # comment`; a `#` that is text goes inside quotes";

/// A plain-words help line for the parser's usual complaints, read with the
/// line it stopped at (`line`, and the byte offset `at` in it) and the line
/// with something on it above that.
fn syntax_help(kind: &ErrorKind, line: &str, at: usize, above: &str) -> &'static str {
    let indent = |l: &str| l.len() - l.trim_start().len();
    // `key:value`, the colon with no space after it.
    let key_colon = |l: &str| {
        l.trim_start().split_once(':').is_some_and(|(k, rest)| {
            !k.contains(' ') && !rest.is_empty() && !rest.starts_with([' ', '\t'])
        })
    };
    let before = line.get(..at).unwrap_or(line);
    let trimmed = line.trim_start();
    let dash_without_space =
        trimmed.starts_with('-') && trimmed[1..].starts_with(|c: char| !c.is_whitespace());
    // `actors: []` left in place above the items written for it, as
    // when the examples of `debrief new` are uncommented.
    let above_value = above.split(" #").next().unwrap_or(above).trim_end();
    let empty_above = above_value.ends_with(": []") || above_value.ends_with(": {}");
    let item_or_key = trimmed.starts_with("- ") || trimmed.contains(": ");
    match kind {
        ErrorKind::ExpectedBlockMappingKey
        | ErrorKind::ExpectedBlockSequenceEntry
        | ErrorKind::MappingValueNotAllowed
        | ErrorKind::BlockSequenceEntryNotAllowed
            if empty_above && item_or_key =>
        {
            EMPTY_ABOVE
        }
        ErrorKind::UnclosedQuotedScalar => UNCLOSED_QUOTE,
        ErrorKind::InvalidTrailingSingleQuotedScalar
        | ErrorKind::InvalidTrailingDoubleQuotedScalar => QUOTE_INSIDE,
        ErrorKind::SimpleKeyExpected
        | ErrorKind::InvalidSimpleKey
        | ErrorKind::InvalidMappingValueWhitespace => {
            if key_colon(line) {
                KEY_NEEDS_SPACE
            } else {
                MISSING_COLON
            }
        }
        ErrorKind::MappingValueNotAllowed => {
            if before.contains(": ")
                || before.trim_start().starts_with("- ") && before.contains(':')
            {
                COLON_IN_VALUE
            } else if indent(line) > indent(above) {
                KEY_TOO_DEEP
            } else if key_colon(above) {
                KEY_NEEDS_SPACE
            } else if !above.contains(':') {
                COLON_ABOVE
            } else {
                MAP_INDENT
            }
        }
        ErrorKind::ExpectedBlockSequenceEntry if dash_without_space => DASH_SPACE,
        ErrorKind::ExpectedBlockSequenceEntry | ErrorKind::InvalidIndentation => LIST_INDENT,
        ErrorKind::ExpectedBlockMappingKey if dash_without_space => DASH_SPACE,
        ErrorKind::ExpectedBlockMappingKey | ErrorKind::UnexpectedEofBlockMapping => MAP_INDENT,
        ErrorKind::ExpectedFlowMappingSeparator
        | ErrorKind::ExpectedFlowSequenceSeparator
        | ErrorKind::UnexpectedEofFlowSequence
        | ErrorKind::UnexpectedEofFlowMapping
        | ErrorKind::UnexpectedEofImplicitFlowMapping
        | ErrorKind::MisplacedFlowCollectionEnd
        | ErrorKind::MismatchedFlowCollectionEnd { .. }
        | ErrorKind::UnclosedFlowCollection { .. }
        | ErrorKind::InvalidColonPlacement
        | ErrorKind::InvalidFlowScalarIndent => BRACKETS,
        ErrorKind::UnexpectedCharacter { .. }
        | ErrorKind::MissingAnchorOrAliasName
        | ErrorKind::InvalidTagTerminator
        | ErrorKind::UndeclaredTagHandle => RESERVED_START,
        ErrorKind::UnknownQuotedScalarEscape
        | ErrorKind::InvalidQuotedScalarHexEscape
        | ErrorKind::InvalidUnicodeEscape
        | ErrorKind::InvalidLowSurrogateHexEscape
        | ErrorKind::InvalidLowSurrogate
        | ErrorKind::MissingLowSurrogate
        | ErrorKind::UnpairedLowSurrogate => BACKSLASH,
        ErrorKind::BlockSequenceEntryNotAllowed | ErrorKind::InvalidBlockEntryWhitespace => {
            DASH_AFTER_KEY
        }
        ErrorKind::InvalidQuotedScalarIndent => CONTINUATION,
        ErrorKind::CommentNotSeparated | ErrorKind::CommentInterceptedScalar => COMMENT_SPACE,
        _ => SYNTAX_HELP,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::path::Path;

    fn tree(source: &str) -> Result<Located<Node>, String> {
        let mut diags = Diagnostics::new(Path::new("t.yaml"));
        parse(source, &mut diags).ok_or_else(|| {
            let d = diags.into_sorted();
            format!("{}:{}: {}", d[0].line, d[0].column, d[0].message)
        })
    }

    fn value(source: &str) -> Node {
        match tree(source) {
            Ok(Located {
                value: Node::Map(entries),
                ..
            }) => entries
                .into_iter()
                .next()
                .map(|(_, v)| v.value)
                .unwrap_or(Node::Null),
            other => panic!("{source:?}: {other:?}"),
        }
    }

    /// serde-saphyr's reading of a plain scalar, with the options the loader
    /// used before it read events itself.
    fn serde_saphyr_reads(scalar: &str) -> Option<Node> {
        use serde::de::{self, Deserializer, Visitor};
        struct Read;
        impl<'de> Visitor<'de> for Read {
            type Value = Node;
            fn expecting(&self, f: &mut std::fmt::Formatter) -> std::fmt::Result {
                f.write_str("a scalar")
            }
            fn visit_unit<E: de::Error>(self) -> Result<Node, E> {
                Ok(Node::Null)
            }
            fn visit_none<E: de::Error>(self) -> Result<Node, E> {
                Ok(Node::Null)
            }
            fn visit_bool<E: de::Error>(self, v: bool) -> Result<Node, E> {
                Ok(Node::Bool(v))
            }
            fn visit_i64<E: de::Error>(self, v: i64) -> Result<Node, E> {
                Ok(Node::Int(v.into()))
            }
            fn visit_u64<E: de::Error>(self, v: u64) -> Result<Node, E> {
                Ok(Node::Int(v.into()))
            }
            fn visit_f64<E: de::Error>(self, v: f64) -> Result<Node, E> {
                Ok(Node::Float(v))
            }
            fn visit_str<E: de::Error>(self, v: &str) -> Result<Node, E> {
                Ok(Node::Str(v.to_owned()))
            }
        }
        struct Any(Node);
        impl<'de> serde::Deserialize<'de> for Any {
            fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
                d.deserialize_any(Read).map(Any)
            }
        }
        let mut options = serde_saphyr::Options::default();
        options.strict_booleans = true;
        let map: std::collections::HashMap<String, Any> =
            serde_saphyr::from_str_with_options(&format!("v: {scalar}\n"), options).ok()?;
        map.into_values().next().map(|any| any.0)
    }

    fn same(a: &Node, b: &Node) -> bool {
        match (a, b) {
            (Node::Float(x), Node::Float(y)) => {
                x.to_bits() == y.to_bits() || (x.is_nan() && y.is_nan())
            }
            _ => a == b,
        }
    }

    #[test]
    fn plain_scalars_read_as_serde_saphyr_reads_them() {
        let words = [
            "",
            "~",
            "null",
            "Null",
            "NULL",
            "nul",
            "true",
            "True",
            "TRUE",
            "tRUE",
            "false",
            "no",
            "NO",
            "yes",
            "on",
            "0",
            "-0",
            "+0",
            "00",
            "007",
            "-007",
            "12",
            "-12",
            "+12",
            "1_000",
            "1__0",
            "_1",
            "1_",
            "0x1F",
            "0X1F",
            "0o17",
            "0O17",
            "0b101",
            "0B1",
            "0x",
            "-0x1F",
            "0xg",
            "9223372036854775807",
            "9223372036854775808",
            "18446744073709551615",
            "18446744073709551616",
            "-9223372036854775808",
            "-9223372036854775809",
            "99999999999999999999999999999999999999999",
            "1.5",
            "-1.5",
            ".5",
            "5.",
            "1e3",
            "1E-3",
            "+1e3",
            "1e999",
            "-1e999",
            ".inf",
            "-.inf",
            "+.inf",
            ".Inf",
            ".INF",
            ".nan",
            ".NaN",
            "-.nan",
            "+.nan",
            "inf",
            "nan",
            "infinity",
            "NaN",
            "1.2.3",
            "2024-03-05",
            "12:30",
            "1,000",
            "1 2",
            "-",
            "+",
            ".",
            "..5",
            "1e",
            "e3",
            "0.",
            "-.5",
            "+.5",
            "0x_1",
            "0x1_F",
            "1_000.5",
            "1_0e3",
            "0o8",
            "0b2",
            "t",
            "f",
            "n",
            "N",
            "nULL",
        ];
        for word in words {
            let Some(expected) = serde_saphyr_reads(word) else {
                continue;
            };
            let ours = value(&format!("v: {word}\n"));
            let expected = match expected {
                Node::Str(s) => Node::Str(text::clean(&s)),
                other => other,
            };
            assert!(
                same(&ours, &expected),
                "{word:?}: ours {ours:?}, serde-saphyr {expected:?}"
            );
        }
    }

    #[test]
    fn quoted_and_tagged_scalars() {
        assert_eq!(value("v: '12'\n"), Node::Str("12".into()));
        assert_eq!(value("v: \"true\"\n"), Node::Str("true".into()));
        assert_eq!(value("v: !!str 12\n"), Node::Str("12".into()));
        assert_eq!(value("v: ! 12\n"), Node::Str("12".into()));
        assert_eq!(value("v: !!int '12'\n"), Node::Int(12));
        assert_eq!(value("v: !!null x\n"), Node::Null);
        assert_eq!(value("v: |\n  a\n  b\n"), Node::Str("a\nb\n".into()));
        assert_eq!(value("v: !int '12'\n"), Node::Int(12));
        assert_eq!(value("v: !note 12\n"), Node::Int(12));
        assert_eq!(value("v: !note x\n"), Node::Str("x".into()));
        assert_eq!(value("v: !include x\n"), Node::Str("x".into()));
        let e = tree("v: !!binary aGk=\n").unwrap_err();
        assert!(e.contains("does not read the tag `!!binary`"), "{e}");
        let e = tree("v: !!int twelve\n").unwrap_err();
        assert!(
            e.starts_with("1:10: invalid YAML: `twelve` is not an integer"),
            "{e}"
        );
    }

    #[test]
    fn positions_are_where_each_value_starts() {
        let root = tree("a: 1\nb:\n  - x\n  - {c: d}\n").unwrap();
        let Node::Map(entries) = root.value else {
            panic!()
        };
        assert_eq!(entries[0].0.pos, Pos { line: 1, column: 1 });
        assert_eq!(entries[0].1.pos, Pos { line: 1, column: 4 });
        let Node::Seq(items) = &entries[1].1.value else {
            panic!()
        };
        assert_eq!(items[0].pos, Pos { line: 3, column: 5 });
        assert_eq!(items[1].pos, Pos { line: 4, column: 5 });
    }

    #[test]
    fn aliases_copy_their_anchor_and_merge_keys_merge() {
        let root = tree("a: &x [1, 2]\nb: *x\n").unwrap();
        let Node::Map(entries) = root.value else {
            panic!()
        };
        let at_alias = Pos { line: 2, column: 4 };
        assert_eq!(entries[1].1.pos, at_alias);
        let Node::Seq(items) = &entries[1].1.value else {
            panic!()
        };
        assert_eq!(items.len(), 2);
        assert!(items.iter().all(|i| i.pos == at_alias), "{items:?}");

        let root = tree("base: &b {x: 1, y: 2}\nm:\n  <<: *b\n  y: 3\n").unwrap();
        let Node::Map(entries) = root.value else {
            panic!()
        };
        let Node::Map(m) = &entries[1].1.value else {
            panic!()
        };
        let pairs: Vec<(String, Node)> = m
            .iter()
            .map(|(k, v)| (scalar_text(&k.value), v.value.clone()))
            .collect();
        assert_eq!(
            pairs,
            vec![("y".into(), Node::Int(3)), ("x".into(), Node::Int(1))]
        );
    }

    #[test]
    fn an_alias_inside_its_own_anchor_is_an_error_not_a_loop() {
        let e = tree("a: &x [1, *x]\n").unwrap_err();
        assert!(e.contains("inside the value its anchor names"), "{e}");
    }

    #[test]
    fn anchors_nested_in_anchors_cannot_keep_the_text_many_times_over() {
        // Thirty anchors, each around the next: the innermost text is kept
        // once in the tree and thirty times for the aliases.
        let text = "x".repeat(10_000);
        let mut source = String::from("a: ");
        for i in 0..30 {
            source += &format!("&a{i} [");
        }
        source += &format!("\"{text}\"{}\n", "]".repeat(30));
        let e = tree(&source).unwrap_err();
        assert!(e.contains("anchors (`&name`) hold more than"), "{e}");
        // One anchor around it is honest reuse.
        assert!(tree(&format!("a: &a [\"{text}\"]\nb: *a\n")).is_ok());
    }

    #[test]
    fn a_tagged_key_is_not_the_same_key_untagged() {
        assert!(tree("a: 1\n!x a: 2\n").is_ok());
        let e = tree("!x a: 1\n!x a: 2\n").unwrap_err();
        assert!(e.contains("duplicate key `a`"), "{e}");
    }

    /// The first problem of a file that does not parse: `line:column`,
    /// the message and the help.
    fn problem(source: &str) -> (String, String, String) {
        let mut diags = Diagnostics::new(Path::new("t.yaml"));
        assert!(parse(source, &mut diags).is_none(), "{source:?} parsed");
        let d = diags.into_sorted().remove(0);
        (
            format!("{}:{}", d.line, d.column),
            d.message,
            d.help.unwrap_or_default(),
        )
    }

    #[test]
    fn a_tab_in_the_indentation_is_reported_at_its_line_in_words() {
        let head = "format: debrief/2\ntitle: T\narticle:\n";
        for (source, at) in [
            (format!("{head}\t- text: Hi.\n"), "4:1"),
            (format!("{head}  - text: Hi.\n  \t  id: p1\n"), "5:3"),
            ("format: debrief/2\n\ttitle: T\n".to_string(), "2:1"),
            (format!("{head}  - text: a\n\tb\n"), "5:1"),
        ] {
            let (place, message, help) = problem(&source);
            assert_eq!(place, at, "{source:?}");
            assert_eq!(
                message, "YAML does not allow tabs for indentation; use spaces",
                "{source:?}"
            );
            assert!(help.contains("replace the tab"), "{help}");
        }
        // A tab inside a block of text is the text's own, and allowed.
        assert!(tree("text: |\n  a\n  \tb\n").is_ok());
    }

    #[test]
    fn the_usual_syntax_mistakes_get_a_help_line_in_plain_words() {
        let head = "format: debrief/2\ntitle: T\narticle:\n  - text: Hi.\n";
        let cases = [
            (
                "title: \"Unclosed\narticle: []\n".to_string(),
                "end with the same mark",
            ),
            (
                "title: 'He said 'no' to it'\n".into(),
                "quote a value that holds quotation marks",
            ),
            (
                "title Missing colon\nurl: x\n".into(),
                "the line above has no colon",
            ),
            (
                "format: debrief/2\ntitle Missing colon\narticle: []\n".into(),
                "with a colon after the key",
            ),
            (
                "title:T\nurl: x\n".into(),
                "write `title: T`, not `title:T`",
            ),
            (
                "title: Note: a colon\n".into(),
                "a `: ` inside a plain value starts a new key",
            ),
            (
                format!("{head}   - text: one space too many\n"),
                "every `- ` of one list starts at the same column",
            ),
            (format!("{head}  -text: no space\n"), "a dash and a space"),
            (
                format!("{head} - text: less indented\n"),
                "the keys of one mapping start at the same column",
            ),
            (
                "title: T\n  summary: deeper\n".into(),
                "indented deeper than the key above it",
            ),
            (
                "tags: [a, b\ntitle: T\n".into(),
                "is not closed on its line",
            ),
            ("title: @handle\n".into(), "cannot start a plain value"),
            (
                "url: \"C:\\Users\\x\"\n".into(),
                "a backslash starts an escape",
            ),
            (
                "title: - a\n".into(),
                "a list starts on the line below its key",
            ),
            ("title: *bold*\n".into(), "put the value in quotes"),
            (
                "actors: []\n  - id: a\n    name: A\n".into(),
                "remove it to give the key the items below",
            ),
            (
                "actors: []  # none yet\n- id: a\n".into(),
                "remove it to give the key the items below",
            ),
        ];
        for (source, words) in cases {
            let (_, message, help) = problem(&source);
            assert!(
                message.starts_with("invalid YAML: "),
                "{source:?}: {message}"
            );
            assert!(
                help.contains(words),
                "{source:?}: {message}\n  help: {help}"
            );
            assert_ne!(help, SYNTAX_HELP, "{source:?}");
        }
    }

    #[test]
    fn an_unknown_alias_is_named() {
        let e = tree("a: *nowhere\n").unwrap_err();
        assert!(e.contains("`*nowhere`"), "{e}");
    }

    #[test]
    fn aliases_cannot_nest_past_the_depth_limit() {
        let deep = format!("a: &x {}{}\n", "[".repeat(20), "]".repeat(20));
        let nested = format!("{deep}b: {}*x{}\n", "[".repeat(15), "]".repeat(15));
        let e = tree(&nested).unwrap_err();
        assert!(e.contains("nests deeper than 32 levels"), "{e}");
    }
}
