//! The summary as Markdown that renders well on the common renderers
//! (CommonMark, GitHub): headings, lists, blockquotes for quoted words, a
//! link to the article. Every text that comes from a briefing or a note is
//! escaped, so it cannot open a heading, a list, a link or raw HTML.

use std::fmt::Write;

use super::{CaveatOut, SourceOut, Summary};
use crate::text;

/// Escapes text for use inside a Markdown line: control characters dropped,
/// line breaks made spaces (so nothing after one can start a block), inline
/// markup characters backslash-escaped, and a line that would start a block
/// (a heading, a list, a quote, a rule, a numbered item) made plain.
pub fn escape(s: &str) -> String {
    let s = text::clean(s).replace('\n', " ");
    let mut out = String::with_capacity(s.len() + 8);
    for c in s.chars() {
        if matches!(
            c,
            '\\' | '`' | '*' | '_' | '[' | ']' | '<' | '>' | '#' | '|' | '~' | '&' | '!'
        ) {
            out.push('\\');
        }
        out.push(c);
    }
    // Block starts: "- x", "+ x", "= x", "1. x", "1) x".
    if out.starts_with(['-', '+', '=']) {
        out.insert(0, '\\');
    }
    let digits = out.chars().take_while(char::is_ascii_digit).count();
    if digits > 0 && out[digits..].starts_with(['.', ')']) {
        out.insert(digits, '\\');
    }
    out
}

/// Escapes a note, which may have several lines, for a place where each
/// line is prefixed (a list item's indentation, a blockquote's `>`).
fn escape_lines(s: &str, prefix: &str) -> String {
    // Two trailing spaces: a hard line break, so the note keeps its lines.
    s.lines()
        .map(|l| format!("{prefix}{}", escape(l.trim_end())))
        .collect::<Vec<_>>()
        .join("  \n")
}

/// The analyst's mark, where an item carries one.
fn star(marked: bool) -> &'static str {
    if marked { "★ " } else { "" }
}

/// A link target Markdown cannot misread: only http(s) addresses, in angle
/// brackets, with nothing that could close them.
fn link(url: &str) -> Option<String> {
    let ok = (url.starts_with("https://") || url.starts_with("http://"))
        && !url
            .chars()
            .any(|c| c.is_whitespace() || matches!(c, '<' | '>' | '\\'));
    ok.then(|| format!("<{url}>"))
}

fn source_line(s: &SourceOut) -> String {
    let mut parts = Vec::new();
    if let Some(k) = &s.kind {
        parts.push(escape(k));
    }
    match (&s.reliability, &s.reliability_meaning) {
        (Some(r), Some(m)) => parts.push(format!("reliability {} ({})", escape(r), escape(m))),
        _ => parts.push("reliability not graded".into()),
    }
    let name = match s.url.as_deref().and_then(link) {
        Some(url) => format!("[{}]({url})", escape(&s.name)),
        None => escape(&s.name),
    };
    if let Some(d) = &s.published {
        parts.push(format!("published {}", escape(d)));
    }
    if !s.derived_from.is_empty() {
        let via: Vec<String> = s.derived_from.iter().map(|n| escape(n)).collect();
        parts.push(format!("via {}", via.join(", ")));
    }
    format!("{}{name} — {}", star(s.marked), parts.join(", "))
}

fn caveat_line(k: &CaveatOut) -> String {
    let mut line = format!("{}{}", star(k.marked), escape(&k.text));
    if let Some(by) = &k.raised_by {
        let _ = write!(line, " *(raised by {})*", escape(by));
    }
    line
}

pub fn markdown(s: &Summary) -> String {
    let mut out = String::new();
    let b = &s.briefing;
    let _ = writeln!(out, "# {}\n", escape(&b.title));
    let mut meta = Vec::new();
    if let Some(o) = &b.outlet {
        meta.push(format!("**Outlet:** {}", escape(o)));
    }
    if let Some(d) = &b.published {
        meta.push(format!("**Published:** {}", escape(d)));
    } else if b.undated {
        let read = b
            .retrieved
            .as_deref()
            .map_or(String::new(), |r| format!(" (read {})", escape(r)));
        meta.push(format!("**Published:** undated{read}"));
    }
    if let Some(tlp) = &b.tlp {
        meta.push(format!("**TLP:{}**", escape(&tlp.to_uppercase())));
    }
    if b.retold {
        meta.push("the article is retold in the analyst's words".into());
    }
    if let Some(url) = b.url.as_deref().and_then(link) {
        meta.push(format!("[Read the article]({url})"));
    }
    meta.push(format!(
        "**Briefing:** `{}`",
        text::clean(&b.id).replace(['`', '\n'], "'")
    ));
    let _ = writeln!(out, "{}  ", meta.join(" · "));
    let _ = writeln!(
        out,
        "**Filter:** {}  ",
        s.filter.as_deref().map_or("none".into(), escape)
    );
    let what = match s.scope {
        super::Scope::Marked => "the items marked by the analyst",
        super::Scope::All => "every item under the filter",
    };
    let _ = writeln!(
        out,
        "**Exported:** {} by debrief, with {what}  ",
        s.exported
    );
    let _ = writeln!(out, "★ marks what the analyst marked.\n");

    if !s.claims.is_empty() {
        out.push_str("## Claims\n\n");
    }
    for c in &s.claims {
        let likelihood = c.likelihood.as_deref().unwrap_or("no likelihood stated");
        let judged = match &c.confidence {
            Some(conf) => format!("{} · {}", escape(likelihood), escape(conf)),
            None => escape(likelihood),
        };
        let assessment = if c.kind == "assessment" {
            " · assessment"
        } else {
            ""
        };
        let _ = writeln!(
            out,
            "### {}{} · {judged}{assessment}\n",
            star(c.marked),
            escape(&c.id),
        );
        let _ = writeln!(out, "{}\n", escape(&c.text));
        if let Some(q) = &c.quote {
            let _ = writeln!(out, "> {}\n", escape(q));
        }
        if !c.by.is_empty() {
            let names: Vec<String> = c.by.iter().map(|a| escape(a)).collect();
            let _ = writeln!(out, "- **Asserted by:** {}", names.join(", "));
        }
        if c.kind == "assessment" {
            out.push_str("- **Assessment:** the analyst's own judgement, not the source's\n");
        }
        let _ = writeln!(out, "- **Likelihood:** {} (ICD 203)", escape(likelihood));
        if let Some(conf) = &c.confidence {
            let _ = writeln!(out, "- **Confidence:** {}", escape(conf));
        }
        if let Some(stated) = &c.stated {
            let _ = writeln!(out, "- **Stated as:** “{}”", escape(stated));
        }
        if let Some(when) = &c.when {
            let _ = writeln!(out, "- **When:** {}", escape(when));
        }
        if !c.techniques.is_empty() {
            let _ = writeln!(
                out,
                "- **ATT&CK techniques:** {}",
                escape(&c.techniques.join(", "))
            );
        }
        if !c.same_as.is_empty() {
            let _ = writeln!(out, "- **Same as:** {}", escape(&c.same_as.join(", ")));
        }
        if !c.actors.is_empty() {
            let names: Vec<String> = c.actors.iter().map(|a| escape(a)).collect();
            let _ = writeln!(out, "- **Actors:** {}", names.join(", "));
        }
        if !c.countries.is_empty() {
            let _ = writeln!(out, "- **Countries:** {}", escape(&c.countries.join(", ")));
        }
        if c.sources.is_empty() {
            out.push_str("- **Sources:** none given\n");
        } else {
            // Sources that relay one another are fewer origins: say so.
            if c.origins.len() < c.sources.len() {
                let origins = match c.origins.len() {
                    1 => "1 origin".to_string(),
                    n => format!("{n} origins"),
                };
                let _ = writeln!(
                    out,
                    "- **Sources:** {} sources · {origins}",
                    c.sources.len()
                );
            } else {
                out.push_str("- **Sources:**\n");
            }
            for src in &c.sources {
                let _ = writeln!(out, "  - {}", source_line(src));
            }
        }
        if !c.caveats.is_empty() {
            out.push_str("- **Caveats:**\n");
            for k in &c.caveats {
                let _ = writeln!(out, "  - {}", caveat_line(k));
            }
        }
        out.push('\n');
    }

    if !s.experts.is_empty() {
        out.push_str("## Expert views\n\n");
        for e in &s.experts {
            let who = match &e.affiliation {
                Some(a) => format!("**{}** ({})", escape(&e.name), escape(a)),
                None => format!("**{}**", escape(&e.name)),
            };
            let stance = e
                .stance
                .as_deref()
                .map_or(String::new(), |st| format!(", *{}*", escape(st)));
            let says = e
                .says
                .as_deref()
                .map_or(String::new(), |x| format!(": {}", escape(x)));
            let _ = writeln!(out, "- {}{who}{stance}{says}", star(e.marked));
            if let Some(q) = &e.quote {
                let _ = writeln!(out, "\n  > {}\n", escape(q));
            }
        }
        out.push('\n');
    }

    if !s.caveats.is_empty() {
        out.push_str("## Caveats\n\n");
        for k in &s.caveats {
            let applies = if k.applies_to.is_empty() {
                String::new()
            } else {
                format!(" (applies to {})", escape(&k.applies_to.join(", ")))
            };
            let _ = writeln!(out, "- {}{applies}", caveat_line(k));
        }
        out.push('\n');
    }

    if !s.sources.is_empty() {
        out.push_str("## Sources\n\n");
        for src in &s.sources {
            let _ = writeln!(out, "- {}", source_line(src));
        }
        out.push('\n');
    }

    if !s.passages.is_empty() {
        out.push_str("## Marked passages\n\n");
        for p in &s.passages {
            let _ = writeln!(
                out,
                "> {}\n>\n> — paragraph {}\n",
                escape(&p.text),
                escape(&p.paragraph)
            );
        }
    }

    if !s.notes.is_empty() {
        out.push_str("## Analyst's notes\n\n");
        for n in &s.notes {
            let _ = writeln!(
                out,
                "- **{} {}** ({}):\n{}",
                n.kind.word(),
                escape(&n.id),
                escape(&n.about),
                escape_lines(&n.note, "  ")
            );
        }
        out.push('\n');
    }

    if !s.missing.is_empty() {
        let _ = writeln!(
            out,
            "*Marks or notes on items this briefing no longer has (kept): {}.*\n",
            escape(&s.missing.join(", "))
        );
    }
    if s.is_empty() {
        out.push_str("*Nothing to export.*\n");
    }
    // One trailing newline, whatever the last section was.
    while out.ends_with("\n\n") {
        out.pop();
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn escaping_keeps_text_from_becoming_markup() {
        assert_eq!(escape("# not a heading"), "\\# not a heading");
        assert_eq!(escape("- not a list"), "\\- not a list");
        assert_eq!(escape("1. not numbered"), "1\\. not numbered");
        assert_eq!(
            escape("[link](x) <b>*em*</b>"),
            "\\[link\\](x) \\<b\\>\\*em\\*\\</b\\>"
        );
        assert_eq!(escape("a | b"), "a \\| b");
        assert_eq!(
            escape("esc\u{1b}[31m"),
            "esc\\[31m",
            "control characters dropped"
        );
        assert_eq!(
            escape("plain words, 3.5 percent"),
            "plain words, 3.5 percent"
        );
    }

    #[test]
    fn only_plain_web_links_are_links() {
        assert_eq!(
            link("https://example.org/a?b=c"),
            Some("<https://example.org/a?b=c>".into())
        );
        assert_eq!(link("javascript:alert(1)"), None);
        assert_eq!(link("https://x.org/> [evil](y)"), None);
    }
}
