//! Reads a briefing file: bytes to a tree of located YAML nodes (the only place
//! serde-saphyr is used), then to the typed model by [`super::decode`], then
//! checked by [`super::validate`].
//!
//! Why a node tree and not `#[derive(Deserialize)]` straight into the model:
//! serde stops at the first problem, and an analyst fixing a file by hand wants
//! every unknown key, wrong type and missing field in one run. The tree keeps
//! the line and column of every key and value, so the decoder can report them
//! all, each at its own place.

use std::fmt;
use std::path::Path;

use serde::de::{self, Deserialize, Deserializer, MapAccess, SeqAccess, Visitor};
use serde_saphyr::{Budget, DuplicateKeyPolicy, Options, Spanned};

use super::diagnostic::{Diagnostic, Diagnostics};
use super::model::{Briefing, Located, Pos};
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
#[derive(Debug, Clone)]
pub struct Loaded {
    pub briefing: Option<Briefing>,
    pub diagnostics: Vec<Diagnostic>,
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
    }
}

fn load_bytes_into(bytes: &[u8], diags: &mut Diagnostics) -> Option<Briefing> {
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
    let root = parse_yaml(source, diags)?;
    if matches!(root.value, Node::Null) {
        diags
            .error(
                Pos { line: 1, column: 1 },
                "the file has no content, only comments or blank lines",
            )
            .with_help("a briefing needs at least `format: debrief/1`, a `title` and an `article`");
        return None;
    }
    let mut briefing = decode::briefing(&root, diags)?;
    validate::validate(&mut briefing, diags);
    Some(briefing)
}

/// The file's bytes, or what went wrong and what to do about it.
fn read_capped(path: &Path, max: u64) -> Result<Vec<u8>, (String, Option<&'static str>)> {
    use std::io::Read;
    let file =
        std::fs::File::open(path).map_err(|e| (format!("cannot open the file: {e}"), None))?;
    let mut bytes = Vec::new();
    // Read one byte past the cap so a file that grows under us is still caught.
    file.take(max.saturating_add(1))
        .read_to_end(&mut bytes)
        .map_err(|e| (format!("cannot read the file: {e}"), None))?;
    if bytes.len() as u64 > max {
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
    Ok(bytes)
}

/// The first character YAML refuses outright (a C0 or C1 control other than
/// tab, line feed, carriage return and NEL), and where it is. The parser
/// would point only at the start of the value that holds it.
fn control_character(source: &str) -> Option<(Pos, char)> {
    let (offset, c) = source
        .char_indices()
        .find(|&(_, c)| c.is_control() && !matches!(c, '\t' | '\n' | '\r' | '\u{85}'))?;
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

/// A YAML value with its place in the file. Strings are cleaned on the way in.
#[derive(Debug, Clone)]
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

fn parse_yaml(source: &str, diags: &mut Diagnostics) -> Option<Located<Node>> {
    match serde_saphyr::from_str_with_options::<Spanned<Node>>(source, options(source.len())) {
        Ok(root) => Some(located(root)),
        Err(e) => {
            report_yaml_error(&e, source, diags);
            None
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
/// that, and keeps the parser's record of anchored values small.
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

/// serde-saphyr's budgets, set for hostile input (each number is explained
/// where it is defined above). Whatever the file, parsing stops within these
/// bounds of memory and time, and the breach is reported by
/// [`budget_message`] in words an analyst reads.
fn options(file_bytes: usize) -> Options {
    let mut budget = Budget::default();
    budget.max_depth = MAX_DEPTH;
    // Flow collections (`[[[...`) nest under the same cap as block ones.
    budget.flow_nesting_limit = MAX_DEPTH;
    budget.max_aliases = MAX_ALIASES;
    budget.max_anchors = MAX_ANCHORS;
    // Off: it refuses a hundred uses of one anchor, which is honest reuse;
    // the absolute caps on aliases, alias values and text bound the harm.
    budget.enforce_alias_anchor_ratio = false;
    budget.max_nodes = MAX_VALUES;
    // Every value is one event, or two for a list or mapping (start, end),
    // plus four for the stream and document: a value cap breaks first.
    budget.max_events = MAX_VALUES * 2 + 4;
    budget.max_total_scalar_bytes = max_text_bytes(file_bytes);
    // What the parser keeps of anchored values to replay at their aliases:
    // no more than the file's own values and text.
    budget.max_recorded_anchor_events = MAX_VALUES;
    budget.max_recorded_anchor_bytes = max_text_bytes(file_bytes);
    let mut options = Options::default();
    options.budget = Some(budget);
    options.alias_limits.max_total_replayed_events = MAX_ALIAS_VALUES;
    // An alias inside an anchored value inside an alias...: as deep as nesting.
    options.alias_limits.max_replay_stack_depth = MAX_DEPTH;
    options.duplicate_keys = DuplicateKeyPolicy::Error;
    // YAML 1.1 reads `country: NO` as false; only `true`/`false` are booleans here.
    options.strict_booleans = true;
    options
}

/// The error itself, without the source snippet and the alias wrapper
/// ("defined at ..., used at ...") serde-saphyr puts around it.
fn cause(e: &serde_saphyr::Error) -> &serde_saphyr::Error {
    match e.without_snippet() {
        serde_saphyr::Error::AliasError { error, .. } => cause(error),
        other => other,
    }
}

/// The message and help for a parse stopped by a safety limit, or `None`
/// when `e` is not one. serde-saphyr's own words ("budget breached: Nodes
/// { nodes: 1000001 }") speak to programmers.
fn budget_message(e: &serde_saphyr::Error, file_bytes: usize) -> Option<(String, &'static str)> {
    use serde_saphyr::Error as E;
    use serde_saphyr::budget::BudgetBreach as B;
    const NESTING: &str = "a briefing nests four levels (the briefing, a list, an item, a list of ids); look for brackets or indentation that run away";
    const ALIASES: &str = "a briefing rarely needs anchors (`&name`) and aliases (`*name`): write the values out where they are used";
    const SIZE: &str = "a briefing never needs that much; split it into several files";
    let nesting = || format!("the file nests deeper than {MAX_DEPTH} levels");
    Some(match e {
        E::Budget { breach, .. } => match breach {
            B::Depth { .. } => (nesting(), NESTING),
            B::Aliases { .. } => (
                format!(
                    "the file uses more than {} aliases (`*name`)",
                    text::thousands(MAX_ALIASES)
                ),
                ALIASES,
            ),
            B::Anchors { .. } => (
                format!(
                    "the file defines more than {} anchors (`&name`)",
                    text::thousands(MAX_ANCHORS)
                ),
                ALIASES,
            ),
            B::Nodes { .. } | B::Events { .. } => (
                format!(
                    "the file holds more than {} values (keys, lists and texts, each use of an alias counted)",
                    text::thousands(MAX_VALUES)
                ),
                SIZE,
            ),
            B::ScalarBytes { .. } => (
                format!(
                    "the text in the file adds up to more than {} bytes, each use of an alias counted",
                    text::thousands(max_text_bytes(file_bytes))
                ),
                ALIASES,
            ),
            B::RecordedAnchorEvents { .. } | B::RecordedAnchorBytes { .. } => (
                "the file's anchors (`&name`) hold more than debrief keeps for their aliases"
                    .into(),
                ALIASES,
            ),
            _ => (
                "the file goes past a safety limit on YAML structure".into(),
                SIZE,
            ),
        },
        E::AliasReplayLimitExceeded { .. } | E::AliasExpansionLimitExceeded { .. } => (
            format!(
                "the file's aliases (`*name`) expand to more than {} values",
                text::thousands(MAX_ALIAS_VALUES)
            ),
            ALIASES,
        ),
        E::AliasReplayStackDepthExceeded { .. } => (
            format!(
                "the file's aliases (`*name`) nest inside each other deeper than {MAX_DEPTH} levels"
            ),
            ALIASES,
        ),
        // The scanner's flow-nesting cap has no variant of its own.
        other if other.to_string().starts_with("recursion limit exceeded") => (nesting(), NESTING),
        _ => return None,
    })
}

fn report_yaml_error(e: &serde_saphyr::Error, source: &str, diags: &mut Diagnostics) {
    let pos = e
        .location()
        .map(|l| Pos {
            line: u32::try_from(l.line()).unwrap_or(u32::MAX),
            column: u32::try_from(l.column()).unwrap_or(u32::MAX),
        })
        .unwrap_or(Pos { line: 1, column: 1 });
    // The parser's own words for these two speak to programmers ("use
    // from_str_multiple", "set DuplicateKeyPolicy"); say it for an analyst.
    match e.without_snippet() {
        serde_saphyr::Error::MultipleDocuments { .. } => {
            let pos = separator_before(source, pos).unwrap_or(pos);
            diags
                .error(pos, "the file holds more than one YAML document")
                .with_help("a briefing file holds one YAML document: remove the `---` separator, and put a second briefing in a file of its own")
                .underline(3);
            return;
        }
        serde_saphyr::Error::DuplicateMappingKey { key, .. } => {
            let message = match key {
                Some(key) => format!("duplicate key `{key}`: it appears twice in the same mapping"),
                None => "duplicate key: it appears twice in the same mapping".to_string(),
            };
            diags.error(pos, message).with_help(
                "each key may appear once in a mapping: remove or merge the repeated key",
            );
            return;
        }
        _ => {}
    }
    if let Some((message, help)) = budget_message(cause(e), source.len()) {
        diags.error(pos, message).with_help(help);
        return;
    }
    let message = e.without_snippet().to_string();
    // serde-saphyr ends its message with " at line L, column C"; we print the place ourselves.
    let message = match message.rfind(" at line ") {
        Some(i) => message[..i].to_string(),
        None => message,
    };
    diags
        .error(pos, format!("invalid YAML: {message}"))
        .with_help("fix the YAML syntax at this place; the line above it is often the cause");
}

/// The `---` line that starts the document at `pos` (the parser points at the
/// document's first content, a line or so after the separator the user must remove).
fn separator_before(source: &str, pos: Pos) -> Option<Pos> {
    let line = source
        .lines()
        .enumerate()
        .take(pos.line as usize)
        .filter(|(_, l)| {
            l.strip_prefix("---")
                .is_some_and(|rest| rest.is_empty() || rest.starts_with([' ', '\t', '\r']))
        })
        .map(|(i, _)| i)
        .last()?;
    Some(Pos {
        line: u32::try_from(line + 1).unwrap_or(u32::MAX),
        column: 1,
    })
}

fn located(spanned: Spanned<Node>) -> Located<Node> {
    Located {
        value: spanned.value,
        pos: Pos {
            line: u32::try_from(spanned.referenced.line()).unwrap_or(u32::MAX),
            column: u32::try_from(spanned.referenced.column()).unwrap_or(u32::MAX),
        },
    }
}

impl<'de> Deserialize<'de> for Node {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        deserializer.deserialize_any(NodeVisitor)
    }
}

struct NodeVisitor;

impl<'de> Visitor<'de> for NodeVisitor {
    type Value = Node;

    fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
        f.write_str("any YAML value")
    }

    fn visit_unit<E: de::Error>(self) -> Result<Node, E> {
        Ok(Node::Null)
    }

    fn visit_none<E: de::Error>(self) -> Result<Node, E> {
        Ok(Node::Null)
    }

    fn visit_some<D: Deserializer<'de>>(self, d: D) -> Result<Node, D::Error> {
        Node::deserialize(d)
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

    fn visit_i128<E: de::Error>(self, v: i128) -> Result<Node, E> {
        Ok(Node::Int(v))
    }

    fn visit_u128<E: de::Error>(self, v: u128) -> Result<Node, E> {
        Ok(i128::try_from(v).map_or(Node::Float(v as f64), Node::Int))
    }

    fn visit_f64<E: de::Error>(self, v: f64) -> Result<Node, E> {
        Ok(Node::Float(v))
    }

    fn visit_str<E: de::Error>(self, v: &str) -> Result<Node, E> {
        Ok(Node::Str(text::clean(v)))
    }

    fn visit_string<E: de::Error>(self, v: String) -> Result<Node, E> {
        Ok(Node::Str(text::clean(&v)))
    }

    fn visit_bytes<E: de::Error>(self, v: &[u8]) -> Result<Node, E> {
        Ok(Node::Str(text::clean(&String::from_utf8_lossy(v))))
    }

    fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<Node, A::Error> {
        let mut items = Vec::new();
        while let Some(item) = seq.next_element::<Spanned<Node>>()? {
            items.push(located(item));
        }
        Ok(Node::Seq(items))
    }

    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Node, A::Error> {
        let mut entries = Vec::new();
        while let Some(key) = map.next_key::<Spanned<Node>>()? {
            let value = map.next_value::<Spanned<Node>>()?;
            entries.push((located(key), located(value)));
        }
        Ok(Node::Map(entries))
    }
}
