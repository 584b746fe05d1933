//! Fixes as edits of a file's text: [`place`] finds the bytes each fix
//! replaces and writes the replacement as YAML; [`apply`] makes the certain
//! ones, editing only those bytes, so comments, order, quoting and line ends
//! stay as the author wrote them.
//!
//! The decoder knows where a value starts and what it should read, not the
//! bytes it takes: those come from a second reading of the file, by
//! [`yaml::scalar_spans`], made only for a file that has something to fix.

use std::collections::HashMap;

use super::diagnostic::{Diagnostic, Diagnostics, Edit, Fix};
use super::model::Pos;
use super::yaml::{self, ScalarSpan, Style};

/// Places every fix of `diags` in `source`, the text they were found in: a
/// fix that cannot be placed keeps its reason and is not applied.
pub fn place(source: &str, diags: &mut Diagnostics) {
    let mut fixes = diags.unplaced_fixes().peekable();
    if fixes.peek().is_none() {
        return;
    }
    let spans: HashMap<Pos, ScalarSpan> = yaml::scalar_spans(source)
        .into_iter()
        .map(|s| (s.pos, s))
        .collect();
    for fix in fixes {
        place_one(source, &spans, fix);
    }
}

fn place_one(source: &str, spans: &HashMap<Pos, ScalarSpan>, fix: &mut Fix) {
    let by_hand = |fix: &mut Fix, why: &str| {
        fix.unambiguous = false;
        fix.reason.get_or_insert_with(|| why.to_owned());
    };
    let Some(span) = spans.get(&fix.at) else {
        // An alias (`*name`) or a merge key (`<<`) places its values where
        // it is, not where they are written.
        return by_hand(
            fix,
            "the value comes from an anchor (`&name`) elsewhere in the file: correct it there by hand",
        );
    };
    if span.decorated {
        return by_hand(
            fix,
            "the value carries a tag or an anchor, which may be used elsewhere: correct it by hand",
        );
    }
    let Some(replacement) = render(&fix.value, span) else {
        return by_hand(
            fix,
            "the value is written as a block (`|` or `>`): correct it by hand",
        );
    };
    let Some(original) = source.get(span.start..span.end) else {
        return by_hand(fix, "the value's place in the file is not found");
    };
    fix.edit = Some(Edit {
        start: span.start,
        end: span.end,
        original: original.to_owned(),
        replacement,
    });
}

/// `value` as YAML in the place of `span`, in the style it was written in
/// where the text allows: plain stays plain, quoted stays quoted. `None` for
/// a block scalar, whose lines a fix does not rewrite.
pub fn render(value: &str, span: &ScalarSpan) -> Option<String> {
    let double = || serde_json::to_string(value).ok();
    match span.style {
        Style::Block => None,
        Style::Plain if plain_safe(value, span.in_flow) => Some(value.to_owned()),
        Style::SingleQuoted if !value.contains(['\n', '\r']) => {
            Some(format!("'{}'", value.replace('\'', "''")))
        }
        // JSON's string syntax is YAML's double-quoted scalar.
        _ => double(),
    }
}

/// Whether `value` can be written as a plain scalar and read back the same.
/// Cautious: a value that needs thought is quoted.
fn plain_safe(value: &str, in_flow: bool) -> bool {
    let Some(first) = value.chars().next() else {
        return false;
    };
    !"-?:,[]{}#&*!|>'\"%@`".contains(first)
        && value.trim() == value
        && !value.contains(['\n', '\r', '\t'])
        && !value.contains(": ")
        && !value.contains(" #")
        && !value.ends_with(':')
        && !(in_flow && value.contains([',', '[', ']', '{', '}']))
        && yaml::plain_reads_as_text(value)
}

/// What applying the fixes of one file gave.
#[derive(Debug, Default)]
pub struct Applied {
    /// The file's new text.
    pub text: String,
    /// The diagnostics whose fixes were made.
    pub made: Vec<Diagnostic>,
    /// Fixes not made, each with why.
    pub left: Vec<(Diagnostic, String)>,
}

/// Makes every certain fix of `diagnostics` (one file's) in `source`, in
/// file order; a fix that overlaps one made before it waits for the next
/// round, and a fix whose bytes are not what they were when it was found
/// (the file has changed since) is not made.
pub fn apply(source: &str, diagnostics: &[Diagnostic]) -> Applied {
    let mut out = Applied::default();
    let mut edits: Vec<(&Edit, &Diagnostic)> = Vec::new();
    for d in diagnostics {
        let Some(fix) = &d.fix else { continue };
        match fix.applicable() {
            Some(edit) if source.get(edit.start..edit.end) == Some(edit.original.as_str()) => {
                edits.push((edit, d))
            }
            Some(_) => out.left.push((
                d.clone(),
                "the file has changed since it was checked: check it again".into(),
            )),
            None => out.left.push((
                d.clone(),
                fix.reason
                    .clone()
                    .unwrap_or_else(|| "it cannot be placed in the file".into()),
            )),
        }
    }
    edits.sort_by_key(|(e, _)| (e.start, e.end));
    let mut text = String::with_capacity(source.len());
    let mut at = 0;
    let mut last: Option<&Edit> = None;
    for (edit, d) in edits {
        // The same edit found twice (two diagnostics of one value) is made once.
        if last.is_some_and(|l| l == edit) {
            continue;
        }
        if edit.start < at {
            out.left.push((
                d.clone(),
                "it overlaps another fix: run `check --fix` again".into(),
            ));
            continue;
        }
        text.push_str(&source[at..edit.start]);
        text.push_str(&edit.replacement);
        at = edit.end;
        // A comment lined up after the value stays at its column, where
        // the spaces before it allow.
        let rest = &source[at..];
        let gap = rest.len() - rest.trim_start_matches(' ').len();
        if gap >= 2 && rest[gap..].starts_with('#') {
            let grown =
                edit.replacement.chars().count() as isize - edit.original.chars().count() as isize;
            let keep = (gap as isize - grown).max(1) as usize;
            text.push_str(&" ".repeat(keep));
            at += gap;
        }
        last = Some(edit);
        out.made.push(d.clone());
    }
    text.push_str(&source[at..]);
    out.text = text;
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::briefing::load::load_bytes;
    use std::path::Path;

    fn fixed(source: &str) -> (String, Vec<String>) {
        let loaded = load_bytes(Path::new("t.yaml"), source.as_bytes());
        let applied = apply(source, &loaded.diagnostics);
        let left = applied.left.iter().map(|(_, why)| why.clone()).collect();
        (applied.text, left)
    }

    const HEAD: &str = "format: debrief/2\ntitle: T\narticle:\n  - text: The group \u{201c}APT31\u{201d} \u{2014} said to be Chinese.\n";

    #[test]
    fn words_keys_and_countries_are_replaced_in_place_in_their_style() {
        let src = format!(
            "{HEAD}actors:\n  - {{id: a, name: A, country: Czechia}}  # the name\nclaims:\n  - id: c1   # first\n    text: T\n    by: a\n    likelihood: \"highly likely\"\n    confidence: 'moderate confidence'\n    sorces: []\n"
        );
        let (text, left) = fixed(&src);
        assert_eq!(
            text,
            src.replace("Czechia", "CZ")
                .replace("\"highly likely\"", "\"very-likely\"")
                .replace("'moderate confidence'", "'moderate'")
                .replace("sorces", "sources"),
            "{left:?}"
        );
    }

    #[test]
    fn a_quote_takes_the_article_words_double_quoted_when_plain_cannot_hold_them() {
        let src = format!(
            "{HEAD}claims:\n  - id: c1\n    text: T\n    quote: \"APT31\\\" - said\"\n    sources: []\n"
        );
        let (text, _) = fixed(&src);
        assert!(
            text.contains("    quote: \"APT31\u{201d} \u{2014} said\"\n"),
            "{text}"
        );
        let src = format!("{HEAD}claims:\n  - id: c1\n    text: T\n    quote: the group\n");
        let (text, _) = fixed(&src);
        assert!(text.contains("    quote: The group\n"), "{text}");
    }

    #[test]
    fn plain_values_that_would_read_otherwise_are_quoted() {
        let span = ScalarSpan {
            pos: Pos::default(),
            start: 0,
            end: 0,
            style: Style::Plain,
            in_flow: false,
            decorated: false,
        };
        assert_eq!(render("likely", &span).as_deref(), Some("likely"));
        for awkward in ["a: b", "#x", "true", "12", "- x", "a #b", "", " a"] {
            let r = render(awkward, &span).expect("rendered");
            assert!(r.starts_with('"'), "{awkward:?} gave {r}");
        }
        let in_flow = ScalarSpan {
            in_flow: true,
            ..span
        };
        assert_eq!(render("a, b", &in_flow).as_deref(), Some("\"a, b\""));
        let single = ScalarSpan {
            style: Style::SingleQuoted,
            ..span
        };
        assert_eq!(render("it's", &single).as_deref(), Some("'it''s'"));
        let block = ScalarSpan {
            style: Style::Block,
            ..span
        };
        assert_eq!(render("x", &block), None);
    }

    #[test]
    fn a_value_through_an_alias_is_left_with_the_reason() {
        let src = format!(
            "{HEAD}sources:\n  - id: s1\n    name: S\n    kind: &k offical\n  - id: s2\n    name: S\n    kind: *k\n"
        );
        let (text, left) = fixed(&src);
        assert_eq!(text, src);
        assert!(left.iter().all(|why| why.contains("by hand")), "{left:?}");
        assert!(!left.is_empty());
    }

    #[test]
    fn two_typos_of_one_key_fix_only_the_first() {
        let src = format!("{HEAD}claims:\n  - {{id: c1, text: T, sorces: [], soruces: []}}\n");
        let (text, left) = fixed(&src);
        assert_eq!(text, src.replacen("sorces", "sources", 1));
        assert!(
            left.iter().any(|why| why.contains("another key near it")),
            "{left:?}"
        );
    }

    #[test]
    fn a_file_changed_since_is_not_edited() {
        let src = format!("{HEAD}claims:\n  - {{id: c1, text: T, likelihood: probable}}\n");
        let loaded = load_bytes(Path::new("t.yaml"), src.as_bytes());
        let changed = src.replace("probable", "probabl");
        let applied = apply(&changed, &loaded.diagnostics);
        assert_eq!(applied.text, changed);
        assert!(applied.left[0].1.contains("changed since"));
    }
}
