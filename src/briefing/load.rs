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
        Err(message) => {
            diags.error(Pos::default(), message);
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

fn read_capped(path: &Path, max: u64) -> Result<Vec<u8>, String> {
    use std::io::Read;
    let file = std::fs::File::open(path).map_err(|e| format!("cannot open the file: {e}"))?;
    let mut bytes = Vec::new();
    // Read one byte past the cap so a file that grows under us is still caught.
    file.take(max.saturating_add(1))
        .read_to_end(&mut bytes)
        .map_err(|e| format!("cannot read the file: {e}"))?;
    if bytes.len() as u64 > max {
        return Err(format!(
            "the file is larger than the limit of {max} bytes; raise it with --max-file-size if the file is trusted"
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
    match serde_saphyr::from_str_with_options::<Spanned<Node>>(source, options()) {
        Ok(root) => Some(located(root)),
        Err(e) => {
            report_yaml_error(&e, source, diags);
            None
        }
    }
}

/// Budgets set for hostile input: a briefing is a few hundred nodes deep at
/// most a handful of levels, so these bounds leave room for any honest file
/// while an alias bomb or a wall of brackets is refused at once.
fn options() -> Options {
    let mut budget = Budget::default();
    budget.max_depth = 32;
    budget.flow_nesting_limit = 32;
    budget.max_aliases = 1_000;
    budget.max_anchors = 1_000;
    let mut options = Options::default();
    options.budget = Some(budget);
    options.duplicate_keys = DuplicateKeyPolicy::Error;
    // YAML 1.1 reads `country: NO` as false; only `true`/`false` are booleans here.
    options.strict_booleans = true;
    options
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
    let message = e.without_snippet().to_string();
    // serde-saphyr ends its message with " at line L, column C"; we print the place ourselves.
    let message = match message.rfind(" at line ") {
        Some(i) => message[..i].to_string(),
        None => message,
    };
    let help = if message.contains("budget") || message.contains("limit") {
        "the file goes past a safety limit on YAML structure (nesting, aliases, size); a briefing never needs that much"
    } else {
        "fix the YAML syntax at this place; the line above it is often the cause"
    };
    diags
        .error(pos, format!("invalid YAML: {message}"))
        .with_help(help);
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
