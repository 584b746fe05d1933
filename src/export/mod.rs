//! The brief an analyst hands on: bottom line first, the key judgements in
//! the analyst's order with what makes each weigh what it weighs, then each
//! caveat, expert and source once, the analyst's notes under their items.
//!
//! [`Brief`] is built once ([`brief`]) and rendered in every format from
//! that one content: the JSON export is the brief itself, and Markdown,
//! HTML and plain text are templates over it ([`template`]), as a user's
//! own template is. docs/EXPORT.md documents the shape and its version.

mod brief;
pub mod escape;
pub mod template;

use serde::Serialize;

pub use brief::{
    Brief, BriefingOut, CaveatOut, Cite, ExpertOut, FORMAT, JudgementOut, Part, PassageOut,
    SourceOut, TlpOut, brief, safe_link,
};
pub use template::TemplateError;

/// What goes in: the marked items, or every item the filter leaves.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Scope {
    Marked,
    All,
}

/// The formats debrief writes a brief in.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Format {
    Markdown,
    Json,
    Html,
    Text,
    /// A STIX 2.1 bundle ([`crate::stix`]): built from the briefings
    /// themselves, not from the brief, so [`render`] cannot make it.
    Stix,
}

impl Format {
    /// The formats a brief renders in; [`Format::Stix`] is apart (see there).
    pub const ALL: [Format; 4] = [Format::Markdown, Format::Json, Format::Html, Format::Text];

    /// The word on the command line and the file's extension.
    pub fn word(self) -> &'static str {
        match self {
            Format::Markdown => "md",
            Format::Json => "json",
            Format::Html => "html",
            Format::Text => "txt",
            Format::Stix => "stix",
        }
    }

    pub fn parse(word: &str) -> Option<Format> {
        match word.to_ascii_lowercase().as_str() {
            "md" | "markdown" => Some(Format::Markdown),
            "json" => Some(Format::Json),
            "html" => Some(Format::Html),
            "txt" | "text" => Some(Format::Text),
            "stix" => Some(Format::Stix),
            _ => None,
        }
    }

    /// The built-in template of a templated format, to print and start from.
    pub fn template(self) -> Option<&'static str> {
        match self {
            Format::Markdown => Some(include_str!("templates/brief.md")),
            Format::Html => Some(include_str!("templates/brief.html")),
            Format::Text => Some(include_str!("templates/brief.txt")),
            Format::Json | Format::Stix => None,
        }
    }
}

/// The brief in a built-in format.
pub fn render(brief: &Brief, format: Format) -> Result<String, TemplateError> {
    match format.template() {
        Some(source) => render_template(brief, &format!("brief.{}", format.word()), source),
        None if format == Format::Stix => Err(TemplateError {
            name: "stix".into(),
            line: 0,
            column: 0,
            message:
                "a STIX bundle is made from the briefings, not the brief (debrief::stix::render)"
                    .into(),
        }),
        None => Ok(json(brief)),
    }
}

/// The brief through a template of the user's: `name` (its file name) says
/// how to escape (`.html` escapes for HTML) and names it in errors.
pub fn render_template(brief: &Brief, name: &str, source: &str) -> Result<String, TemplateError> {
    template::render(name, source, brief).map(|mut out| {
        // One blank line at most, and one newline at the end: what the
        // templates' conditional blocks leave behind is not the reader's problem.
        while out.contains("\n\n\n") {
            out = out.replace("\n\n\n", "\n\n");
        }
        let trimmed = out.trim_end().len();
        out.truncate(trimmed);
        out.push('\n');
        out
    })
}

/// The brief as JSON: the context every template reads.
pub fn json(brief: &Brief) -> String {
    // Strings, numbers and lists only: serialising cannot fail.
    let mut out = serde_json::to_string_pretty(brief).unwrap_or_default();
    out.push('\n');
    out
}
