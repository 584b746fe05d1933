//! What the templates do to text so it reads as it is in each format:
//! Markdown escaped only where the text would otherwise change the document's
//! structure (so a brief pasted as plain text reads clean), and plain text
//! wrapped for an email body. HTML is escaped by the engine itself.

use crate::text;

/// Text for one Markdown line or paragraph: line breaks become spaces, and a
/// backslash goes only before what would otherwise open markup: a block at
/// the start (`-`, `+`, `*` and a space, `#`, `>`, `1.`), backticks, brackets
/// that could make a link, `<` that could open a tag, emphasis markers that
/// have a partner, an entity, `~~`.
pub fn md(s: &str) -> String {
    let s = text::clean(s).replace('\n', " ");
    let chars: Vec<char> = s.chars().collect();
    let count = |c: char| chars.iter().filter(|x| **x == c).count();
    let (backticks, stars, unders, tildes) = (count('`'), count('*'), count('_'), count('~'));
    let closes_bracket = |i: usize| chars[i..].contains(&']');
    let mut out = String::with_capacity(s.len() + 8);
    for (i, &c) in chars.iter().enumerate() {
        let prev = i.checked_sub(1).map(|j| chars[j]);
        let next = chars.get(i + 1).copied();
        let word = |x: Option<char>| x.is_some_and(char::is_alphanumeric);
        let space = |x: Option<char>| x.is_none_or(char::is_whitespace);
        let escape = match c {
            '\\' => next.is_some_and(|n| n.is_ascii_punctuation()),
            '`' => backticks > 1,
            '[' => closes_bracket(i),
            '<' => next.is_some_and(|n| n.is_ascii_alphabetic() || matches!(n, '/' | '!' | '?')),
            '*' => stars > 1 && !(space(prev) && space(next)),
            // Inside a word (snake_case) an underscore opens nothing.
            '_' => unders > 1 && !(word(prev) && word(next)) && !(space(prev) && space(next)),
            '~' => tildes > 1,
            '&' => {
                let rest: String = chars[i + 1..].iter().take(32).collect();
                let name: String = rest
                    .chars()
                    .take_while(|x| x.is_ascii_alphanumeric() || *x == '#')
                    .collect();
                !name.is_empty() && rest[name.len()..].starts_with(';')
            }
            _ => false,
        };
        if escape {
            out.push('\\');
        }
        out.push(c);
    }
    block_start(out)
}

/// [`md`] for a table cell, where `|` would end the cell.
pub fn md_cell(s: &str) -> String {
    md(s).replace('|', "\\|")
}

/// A note of several lines as a Markdown block quote, each line kept.
pub fn md_quote(s: &str) -> String {
    text::clean(s)
        .lines()
        .map(|l| {
            let l = md(l.trim_end());
            if l.is_empty() {
                ">".to_owned()
            } else {
                format!("> {l}")
            }
        })
        .collect::<Vec<_>>()
        .join("  \n")
}

/// A backslash before what would make the line a block of its own.
fn block_start(mut line: String) -> String {
    let first = line.chars().next();
    let second = line.chars().nth(1);
    let list = matches!(first, Some('-' | '+' | '*')) && second.is_none_or(|c| c == ' ');
    let rule = line.len() >= 3 && line.chars().all(|c| matches!(c, '-' | '=' | '_' | ' '));
    if list || rule || matches!(first, Some('#' | '>' | '=')) {
        line.insert(0, '\\');
        return line;
    }
    let digits = line.chars().take_while(char::is_ascii_digit).count();
    if digits > 0 && line[digits..].starts_with(['.', ')']) {
        line.insert(digits, '\\');
    }
    line
}

/// Plain text filled to `width` columns, each line of the text starting a
/// new line; every line after the first starts with `indent`, so a wrapped
/// item hangs under its first line.
pub fn wrap(s: &str, width: usize, indent: &str) -> String {
    let width = width.max(text::width(indent) + 10);
    let mut lines: Vec<String> = Vec::new();
    for para in text::clean(s).lines() {
        let mut line = String::new();
        for word in para.split_whitespace() {
            if line.is_empty() {
                line = if lines.is_empty() {
                    word.to_owned()
                } else {
                    format!("{indent}{word}")
                };
            } else if text::width(&line) + 1 + text::width(word) <= width {
                line.push(' ');
                line.push_str(word);
            } else {
                lines.push(std::mem::take(&mut line));
                line = format!("{indent}{word}");
            }
        }
        if !line.is_empty() {
            lines.push(line);
        }
    }
    lines.join("\n")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn plain_prose_is_left_as_it_is() {
        for s in [
            "APT31 is a group tied to China's MSS - says the UK.",
            "It cost 5 * 3 units; a_b stays; 1.5 million; x < y",
            "C:\\path and a [lone bracket",
            "AT&T and 50% of #hashtags",
        ] {
            assert_eq!(md(s), s);
        }
    }

    #[test]
    fn what_would_change_the_structure_is_escaped() {
        assert_eq!(md("- not a list"), "\\- not a list");
        assert_eq!(md("# not a heading"), "\\# not a heading");
        assert_eq!(md("> not a quote"), "\\> not a quote");
        assert_eq!(md("1. not numbered"), "1\\. not numbered");
        assert_eq!(md("see [here](x)"), "see \\[here](x)");
        assert_eq!(md("a `b` c"), "a \\`b\\` c");
        assert_eq!(md("a *b* c"), "a \\*b\\* c");
        assert_eq!(md("a _b_ c"), "a \\_b\\_ c");
        assert_eq!(md("<script>x</script>"), "\\<script>x\\</script>");
        assert_eq!(md("&amp; &#60;"), "\\&amp; \\&#60;");
        assert_eq!(md("two\nlines"), "two lines");
        assert_eq!(md_cell("a | b"), "a \\| b");
        assert_eq!(md("---"), "\\---");
    }

    #[test]
    fn a_quoted_note_keeps_its_lines() {
        assert_eq!(md_quote("first\n# second"), "> first  \n> \\# second");
    }

    #[test]
    fn wrapping_fills_lines_and_indents_the_rest() {
        let s = "one two three four five six seven eight nine ten eleven twelve";
        let w = wrap(s, 20, "  ");
        assert!(w.lines().all(|l| text::width(l) <= 20), "{w}");
        assert_eq!(w.lines().next(), Some("one two three four"));
        assert!(w.lines().skip(1).all(|l| l.starts_with("  ")), "{w}");
        assert_eq!(wrap("a\nb", 72, "> "), "a\n> b");
    }
}
