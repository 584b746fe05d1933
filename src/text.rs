//! Text from briefings: cleaning, flowing whitespace, display width and wrapping.
//!
//! Briefings come from other people, so every string is cleaned once, at load,
//! by [`clean`]; error messages and exports pass through the same function
//! before they are printed. Widths are always measured on cleaned text, so what
//! we measure is what the terminal draws.

use std::borrow::Cow;

use unicode_normalization::UnicodeNormalization;
use unicode_normalization::char::is_combining_mark;
use unicode_segmentation::UnicodeSegmentation;
use unicode_width::UnicodeWidthStr;

/// Columns between tab stops when a tab is expanded.
const TAB_STOP: usize = 4;

/// True for characters that must never reach a terminal or an export: C0
/// controls but newline, DEL, C1 controls, and the bidi overrides and isolates
/// that can make text read differently from what it is.
pub fn is_hostile(c: char) -> bool {
    matches!(c,
        '\u{0}'..='\u{8}' | '\u{b}'..='\u{1f}' | '\u{7f}'..='\u{9f}'
        | '\u{202a}'..='\u{202e}' | '\u{2066}'..='\u{2069}')
}

/// Removes hostile characters (see [`is_hostile`]) and expands tabs to spaces.
///
/// Newlines are kept: they carry meaning in block scalars. Carriage returns
/// are dropped (a CRLF file reads like an LF one). Idempotent.
///
/// ```
/// use debrief::text::clean;
/// // A colour escape and a right-to-left override lose their control characters.
/// assert_eq!(clean("\u{1b}[31mred\u{1b}[0m \u{202e}txt"), "[31mred[0m txt");
/// assert_eq!(clean("a\tb\r\n"), "a   b\n");
/// ```
pub fn clean(s: &str) -> String {
    clean_cow(Cow::Borrowed(s))
}

/// True for every character that ends a line somewhere: line feed, carriage
/// return, vertical tab, form feed, NEL (U+0085) and the Unicode line and
/// paragraph separators. A terminal, an editor or a tool reading our output
/// may start a new line at any of them.
pub fn is_line_break(c: char) -> bool {
    matches!(
        c,
        '\n' | '\r' | '\u{b}' | '\u{c}' | '\u{85}' | '\u{2028}' | '\u{2029}'
    )
}

/// [`clean`], on one line: every line break (see [`is_line_break`]) shown as
/// a visible escape, `\n`, `\r` or `\u{2028}`. For every line of output for
/// people that carries text from a file or a file name, so that no text of a
/// file can start a line that reads as ours (a forged diagnostic). JSON
/// output keeps the true string instead.
///
/// ```
/// use debrief::text::one_line;
/// assert_eq!(one_line("zz\nfake.yaml:1:1: error"), "zz\\nfake.yaml:1:1: error");
/// assert_eq!(one_line("a\r\u{2028}b\u{1b}"), "a\\r\\u{2028}b");
/// ```
///
/// Escaping goes a character at a time, so `one_line` of a prefix is a
/// prefix of `one_line` of the whole: a caret placed by the width of the one
/// lines up under the other.
pub fn one_line(s: &str) -> String {
    if !s.contains(is_line_break) {
        return clean(s);
    }
    let mut escaped = String::with_capacity(s.len() + 8);
    for c in s.chars() {
        match c {
            '\n' => escaped.push_str("\\n"),
            '\r' => escaped.push_str("\\r"),
            c if is_line_break(c) => escaped.push_str(&c.escape_unicode().to_string()),
            c => escaped.push(c),
        }
    }
    clean(&escaped)
}

/// Where the line that starts at byte `from` of `s` ends (before its line
/// break) and where the next one starts, as YAML counts lines: a line ends
/// at a line feed, a carriage return, or the two together. The parser
/// numbers lines this way, so whatever shows line N of a file beside a
/// diagnostic must find it this way too (a file with CR-only line ends is
/// one line to `str::lines`).
pub fn line_at(s: &[u8], from: usize) -> (usize, Option<usize>) {
    let from = from.min(s.len());
    match s[from..].iter().position(|&b| b == b'\n' || b == b'\r') {
        None => (s.len(), None),
        Some(i) => {
            let end = from + i;
            let next = if s[end] == b'\r' && s.get(end + 1) == Some(&b'\n') {
                end + 2
            } else {
                end + 1
            };
            (end, Some(next))
        }
    }
}

/// [`clean`] for a string that may be the caller's to give: kept, not
/// copied, when it is clean already (the parser's text of a block scalar,
/// the bulk of an article, is owned).
pub fn clean_cow(s: Cow<'_, str>) -> String {
    if is_clean(&s) {
        return s.into_owned();
    }
    let mut out = String::with_capacity(s.len());
    let mut column = 0usize;
    for c in s.chars() {
        match c {
            '\t' => {
                let pad = TAB_STOP - column % TAB_STOP;
                out.extend(std::iter::repeat_n(' ', pad));
                column += pad;
            }
            '\n' => {
                out.push('\n');
                column = 0;
            }
            c if is_hostile(c) => {}
            c => {
                out.push(c);
                column += 1;
            }
        }
    }
    out
}

/// True when [`clean`] would leave `s` as it is: no tab and nothing hostile.
/// Read by bytes, since nearly every string of a file is clean and this runs
/// on all of them: every character it looks for is below U+0020, is DEL, or
/// starts with the byte 0xC2 (C1 controls) or 0xE2 (bidi controls).
fn is_clean(s: &str) -> bool {
    first_byte_where(s, |bytes, i| match bytes[i] {
        b'\n' => false,
        0..=0x1f | 0x7f => true,
        // Lead bytes, so `i` is a character boundary.
        0xc2 | 0xe2 => s[i..].chars().next().is_some_and(is_hostile),
        _ => false,
    })
    .is_none()
}

/// The first control character (Unicode's Cc: C0, DEL, C1) in `s` other than
/// the tab and the line breaks YAML allows (LF, CR, NEL), with its byte
/// offset. Read by bytes, as [`is_clean`] is: the C0 controls and DEL are
/// single bytes, and the C1 controls are 0xC2 followed by 0x80-0x9F.
pub fn first_control(s: &str) -> Option<(usize, char)> {
    let at = first_byte_where(s, |bytes, i| match bytes[i] {
        b'\t' | b'\n' | b'\r' => false,
        0..=0x1f | 0x7f => true,
        0xc2 => matches!(bytes.get(i + 1), Some(0x80..=0x84 | 0x86..=0x9f)),
        _ => false,
    })?;
    Some((at, s[at..].chars().next()?))
}

/// The offset of the first byte of `s` for which `found(bytes, offset)` is
/// true, asked only of bytes outside runs of printable ASCII and line feeds
/// (which neither scan looks for).
fn first_byte_where(s: &str, found: impl Fn(&[u8], usize) -> bool) -> Option<usize> {
    let bytes = s.as_bytes();
    let mut i = 0;
    while i < bytes.len() {
        if let Some(chunk) = bytes.get(i..i + ASCII_RUN)
            && all_printable_ascii(chunk)
        {
            i += ASCII_RUN;
            continue;
        }
        if found(bytes, i) {
            return Some(i);
        }
        i += 1;
    }
    None
}

/// Bytes looked at together by the scans of [`is_clean`] and [`first_control`]: a
/// run that is plain printable ASCII (or line breaks) is passed in one step,
/// which the compiler turns into a few vector instructions.
const ASCII_RUN: usize = 16;

fn all_printable_ascii(chunk: &[u8]) -> bool {
    chunk.iter().fold(true, |all, &b| {
        all & ((0x20..0x7f).contains(&b) | (b == b'\n'))
    })
}

/// Collapses every run of white space (line breaks included) to one space
/// and trims the ends: a paragraph is flowing text, however the YAML wraps it.
///
/// ```
/// assert_eq!(debrief::text::flow("  traced back\n   to APT31 "), "traced back to APT31");
/// ```
pub fn flow(s: &str) -> String {
    // Copied a run at a time: a run is text whose only white space is single
    // spaces between words, so flowing text is one run, copied whole, and a
    // wrapped paragraph is a run a line.
    let bytes = s.as_bytes();
    let mut out = String::with_capacity(s.len());
    let mut run: Option<usize> = None;
    let mut run_end = 0;
    let mut i = 0;
    while i < bytes.len() {
        let b = bytes[i];
        // Most bytes of a word are neither ASCII white space nor the lead
        // byte of white space past ASCII: no need to ask `space_at`.
        let word_byte = (b > b' ' && b < 0x7f) || (b >= 0x80 && !is_space_lead(b));
        let space = if word_byte { 0 } else { space_at(s, i) };
        if space == 0 {
            run.get_or_insert(i);
            i += 1;
            run_end = i;
        } else if b == b' ' && run.is_some() && i + 1 < bytes.len() && space_at(s, i + 1) == 0 {
            // One space between two words stays in the run.
            i += 1;
        } else {
            if let Some(start) = run.take() {
                push_run(&mut out, &s[start..run_end]);
            }
            i += space;
        }
    }
    if let Some(start) = run {
        push_run(&mut out, &s[start..run_end]);
    }
    out
}

fn push_run(out: &mut String, run: &str) {
    if !out.is_empty() {
        out.push(' ');
    }
    out.push_str(run);
}

/// The first bytes of the white space characters past ASCII.
fn is_space_lead(b: u8) -> bool {
    matches!(b, 0xc2 | 0xe1 | 0xe2 | 0xe3)
}

/// The length in bytes of the white space character (as `char::is_whitespace`
/// reads it) at byte `i` of `s`, or 0. White space past ASCII (U+0085,
/// U+00A0, U+1680, U+2000-U+3000) starts with one of four lead bytes.
#[inline]
fn space_at(s: &str, i: usize) -> usize {
    match s.as_bytes()[i] {
        b' ' | b'\t' | b'\n' | 0x0b | 0x0c | b'\r' => 1,
        // Lead bytes, so `i` is a character boundary.
        b if is_space_lead(b) => s[i..]
            .chars()
            .next()
            .filter(|c| c.is_whitespace())
            .map_or(0, char::len_utf8),
        _ => 0,
    }
}

/// Columns the text takes in a terminal: what ratatui draws for it.
///
/// Measured grapheme by grapheme, as ratatui lays text into cells (so a
/// pair unicode-width reads as one ligature, Arabic lam-alef, takes the two
/// cells it is drawn in), with ratatui's two rules: a grapheme holding a
/// control character is not drawn, and each halfwidth (han)dakuten (U+FF9E,
/// U+FF9F) takes a cell of its own. tests/cleaning_props.rs checks the two
/// agree on any text.
pub fn width(s: &str) -> usize {
    if s.is_ascii() {
        return s.bytes().filter(|b| !b.is_ascii_control()).count();
    }
    s.graphemes(true).map(grapheme_width).sum()
}

/// Columns of one grapheme cluster, by ratatui's rules (see [`width`]).
fn grapheme_width(g: &str) -> usize {
    if g.contains(char::is_control) {
        0
    } else if g.len() == 1 {
        1
    } else {
        UnicodeWidthStr::width(g)
            + g.chars()
                .filter(|c| matches!(c, '\u{ff9e}' | '\u{ff9f}'))
                .count()
    }
}

/// A line of wrapped text: a byte range of the source it was cut from.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Line {
    pub start: usize,
    pub end: usize,
}

/// Wraps flowing text to `columns`, breaking at spaces where it can and inside
/// a word only when the word alone is wider than the line. Returns byte ranges
/// of `text`, so callers can map marked spans onto the wrapped lines. Never
/// splits a grapheme cluster; a zero width still makes progress.
pub fn wrap(text: &str, columns: usize) -> Vec<Line> {
    let columns = columns.max(1);
    let mut lines = Vec::new();
    let mut start = 0usize;
    let mut line_width = 0usize;
    // The last place the current line may break: (end of line, start of next).
    let mut last_break: Option<(usize, usize)> = None;
    for (offset, grapheme) in text.grapheme_indices(true) {
        if grapheme == " " {
            last_break = Some((offset, offset + 1));
            if line_width + 1 > columns {
                lines.push(Line { start, end: offset });
                start = offset + 1;
                line_width = 0;
                last_break = None;
            } else {
                line_width += 1;
            }
            continue;
        }
        let w = width(grapheme);
        if line_width + w > columns && offset > start {
            match last_break.take() {
                Some((end, next)) => {
                    lines.push(Line { start, end });
                    start = next;
                }
                None => {
                    lines.push(Line { start, end: offset });
                    start = offset;
                }
            }
            line_width = width(&text[start..offset]);
        }
        line_width += w;
    }
    if start < text.len() || lines.is_empty() {
        lines.push(Line {
            start,
            end: text.len(),
        });
    }
    lines
}

/// A count as people write it: 1,000,000.
pub fn thousands(n: usize) -> String {
    let digits = n.to_string();
    let mut out = String::with_capacity(digits.len() + digits.len() / 3);
    for (i, c) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i).is_multiple_of(3) {
            out.push(',');
        }
        out.push(c);
    }
    out
}

/// Cuts text to at most `columns` columns, ending with `…` when it was cut.
pub fn truncate(s: &str, columns: usize) -> String {
    if width(s) <= columns {
        return s.to_owned();
    }
    if columns == 0 {
        return String::new();
    }
    let mut out = String::new();
    let mut used = 0;
    for g in s.graphemes(true) {
        let w = width(g);
        if used + w + 1 > columns {
            break;
        }
        out.push_str(g);
        used += w;
    }
    out.push('…');
    out
}

/// Cuts `s` to `columns` display columns by dropping its middle, for names
/// that differ only at their end ("Embassy of the People's Republic of China
/// in Prague", "... in Belgium"): the start and the end stay, one `…` between.
pub fn truncate_middle(s: &str, columns: usize) -> String {
    if width(s) <= columns {
        return s.to_owned();
    }
    if columns < 2 {
        return truncate(s, columns);
    }
    let graphemes: Vec<&str> = s.graphemes(true).collect();
    let room = columns - 1;
    // The end gets the smaller half: a name's start says what kind of thing it is.
    let mut tail_width = 0;
    let mut tail = Vec::new();
    for g in graphemes.iter().rev() {
        let w = width(g);
        if tail_width + w > room / 2 {
            break;
        }
        tail_width += w;
        tail.push(*g);
    }
    let mut head_room = room - tail_width;
    let mut out = String::new();
    for g in &graphemes[..graphemes.len() - tail.len()] {
        let w = width(g);
        if w > head_room {
            break;
        }
        head_room -= w;
        out.push_str(g);
    }
    out.push('…');
    out.extend(tail.iter().rev().copied());
    out
}

/// Folds text for loose matching: lower case, diacritics and punctuation
/// dropped, white space collapsed. "Judgement-Panda" and "judgement panda"
/// fold alike; so do "Lipavský" and "Lipavsky".
pub fn fold(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    fold_into(s, &mut out);
    out
}

/// [`fold`] appending to `out`, to fold many names into one buffer.
pub fn fold_into(s: &str, out: &mut String) {
    let start = out.len();
    // Most names are ASCII, which decomposes to itself and has no marks:
    // byte by byte, without asking Unicode (folding every source's name
    // was a seventh of a warm start, docs/PERFORMANCE.md).
    if s.is_ascii() {
        fold_ascii(s, out);
    } else {
        fold_unicode(s, out);
    }
    // No space is put first, so one at the end is the folds' own.
    if out.len() > start && out.ends_with(' ') {
        out.pop();
    }
}

fn fold_ascii(s: &str, out: &mut String) {
    let mut space = true;
    for b in s.bytes() {
        if b.is_ascii_alphanumeric() {
            out.push(char::from(b.to_ascii_lowercase()));
            space = false;
        } else if !space {
            out.push(' ');
            space = true;
        }
    }
}

fn fold_unicode(s: &str, out: &mut String) {
    let mut space = true;
    for c in s.nfkd().flat_map(char::to_lowercase) {
        if is_combining_mark(c) {
            continue;
        }
        if c.is_alphanumeric() {
            out.push(c);
            space = false;
        } else if !space {
            out.push(' ');
            space = true;
        }
    }
}

/// Every place `needle` occurs in `hay`, ignoring letter case, accents and
/// how white space is broken (a run of spaces or line breaks matches one
/// space), as byte ranges of `hay` on character boundaries. Matches do not
/// overlap. The one matcher of the program: `list --text`, the library's and
/// the briefing's `/`, and `debrief search` all find text through it (or,
/// for speed, through [`fold_for_match`] that it is built on).
pub fn find_ignore_case(hay: &str, needle: &str) -> Vec<(usize, usize)> {
    match folded_needle(needle) {
        Some(needle) => find_folded(hay, &needle),
        None => Vec::new(),
    }
}

/// What is looked for, as [`find_folded`] takes it: folded and trimmed;
/// `None` when nothing is left, which matches nowhere.
pub fn folded_needle(needle: &str) -> Option<String> {
    let folded = fold_for_match(needle);
    let trimmed = folded.trim();
    (!trimmed.is_empty()).then(|| trimmed.to_owned())
}

/// [`find_ignore_case`] with the needle folded already (by
/// [`folded_needle`]), for searching many texts.
pub fn find_folded(hay: &str, needle: &str) -> Vec<(usize, usize)> {
    // Most texts searched do not hold the needle: folding without the map
    // back, to see, costs half as much as folding with it.
    if !holds_folded(hay, needle) {
        return Vec::new();
    }
    locate_folded(hay, needle)
}

/// Whether [`find_folded`] finds anything, without saying where.
pub fn holds_folded(hay: &str, needle: &str) -> bool {
    fold_for_match(hay).contains(needle)
}

/// As [`find_folded`], for a text that most likely holds the needle.
pub fn locate_folded(hay: &str, needle: &str) -> Vec<(usize, usize)> {
    // Most text is ASCII with single spaces, which folds to its lower case
    // byte for byte: no map back to build, a character at a time (that map
    // was most of a search's time at 100,000 briefings).
    if folds_in_place(hay) {
        return hay
            .to_ascii_lowercase()
            .match_indices(needle)
            .map(|(at, m)| (at, at + m.len()))
            .collect();
    }
    locate_mapped(hay, needle)
}

/// Whether folding `hay` only lowers its case: ASCII, no white space but
/// single spaces.
fn folds_in_place(hay: &str) -> bool {
    let bytes = hay.as_bytes();
    hay.is_ascii()
        && !bytes
            .iter()
            .any(|b| matches!(b, b'\t' | b'\n' | b'\x0b' | b'\x0c' | b'\r'))
        && memchr::memmem::find(bytes, b"  ").is_none()
}

/// [`locate_folded`] through the map from folded bytes back to the text's.
fn locate_mapped(hay: &str, needle: &str) -> Vec<(usize, usize)> {
    let (folded, from) = fold_for_match_mapped(hay);
    folded
        .match_indices(needle)
        .map(|(at, m)| original_range(&from, at, at + m.len()))
        .collect()
}

/// `hay` as [`find_ignore_case`] compares it: decomposed, accents dropped,
/// lower case, every run of white space one space. Punctuation stays, so
/// "APT31," still ends in a comma.
pub fn fold_for_match(hay: &str) -> String {
    let mut out = String::with_capacity(hay.len());
    fold_for_match_into(hay, &mut out);
    out
}

/// [`fold_for_match`] appending to `out`, to fold many texts into one buffer.
pub fn fold_for_match_into(hay: &str, out: &mut String) {
    let mut space = false;
    if hay.is_ascii() {
        // Most text is ASCII: byte by byte, as push_folded does it, without
        // asking Unicode what each character is.
        out.reserve(hay.len());
        for b in hay.bytes() {
            if matches!(b, b' ' | b'\t' | b'\n' | b'\x0b' | b'\x0c' | b'\r') {
                if !space {
                    out.push(' ');
                    space = true;
                }
            } else {
                space = false;
                out.push(char::from(b.to_ascii_lowercase()));
            }
        }
        return;
    }
    for c in hay.chars() {
        push_folded(out, c, &mut space);
    }
}

/// As [`fold_for_match`], with, per byte of the folded text, the byte range
/// of `hay`'s character it came from, to map a match back onto `hay`.
pub fn fold_for_match_mapped(hay: &str) -> (String, Vec<(u32, u32)>) {
    let mut out = String::with_capacity(hay.len());
    let mut from = Vec::with_capacity(hay.len());
    let mut space = false;
    for (i, c) in hay.char_indices() {
        push_folded(&mut out, c, &mut space);
        // Texts are capped far below 4 GiB at load.
        let range = (i as u32, (i + c.len_utf8()) as u32);
        from.resize(out.len(), range);
    }
    (out, from)
}

/// The range of the original text that folded bytes `start..end` came from.
pub fn original_range(from: &[(u32, u32)], start: usize, end: usize) -> (usize, usize) {
    let first = from.get(start).map_or(0, |r| r.0 as usize);
    let last = end
        .checked_sub(1)
        .and_then(|e| from.get(e))
        .map_or(first, |r| r.1 as usize);
    (first, last.max(first))
}

fn push_folded(out: &mut String, c: char, space: &mut bool) {
    if c.is_whitespace() {
        if !*space {
            out.push(' ');
            *space = true;
        }
        return;
    }
    *space = false;
    if c.is_ascii() {
        out.push(c.to_ascii_lowercase());
        return;
    }
    for d in std::iter::once(c).nfkd() {
        if is_combining_mark(d) {
            continue;
        }
        out.extend(d.to_lowercase());
    }
}

/// A form of one grapheme cluster that every terminal draws at the same
/// width, where terminals disagree on the cluster itself; `None` when they
/// agree already. Emoji joined by ZWJ, emoji with a skin tone, a variation
/// selector or a keycap mark, and subdivision flags take one, two or several
/// cells depending on the terminal, so a frame drawn with them drifts; their
/// first character stands in for them. A flag of two regional indicators
/// becomes its two letters (`🇨🇿` is `CZ`). For drawing only: the text itself
/// keeps every character.
pub fn steady_glyph(g: &str) -> Option<Cow<'static, str>> {
    if g.is_ascii() || !g.chars().any(unsteady) {
        return None;
    }
    let letters: Option<String> = g
        .chars()
        .map(|c| {
            let n = u32::from(c);
            (0x1F1E6..=0x1F1FF)
                .contains(&n)
                .then(|| char::from(b'A' + (n - 0x1F1E6) as u8))
        })
        .collect();
    if let Some(code) = letters.filter(|l| l.len() == 2) {
        return Some(Cow::Owned(code));
    }
    let base = g.chars().find(|c| !unsteady(*c)).unwrap_or('?');
    Some(Cow::Owned(base.to_string()))
}

/// Characters whose presence makes a cluster's width a matter of the terminal.
fn unsteady(c: char) -> bool {
    matches!(u32::from(c),
        0x200D               // zero-width joiner
        | 0xFE0E | 0xFE0F    // text and emoji presentation selectors
        | 0x20E3             // combining keycap
        | 0x1F3FB..=0x1F3FF  // skin tones
        | 0x1F1E6..=0x1F1FF  // regional indicators
        | 0xE0020..=0xE007F) // tags (subdivision flags)
}

/// "1 expert", "3 experts": a count with its noun agreeing.
pub fn count(n: usize, one: &str, many: &str) -> String {
    if n == 1 {
        format!("1 {one}")
    } else {
        format!("{} {many}", thousands(n))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    proptest::proptest! {
        /// A name of ASCII folds as the Unicode rule folds it.
        #[test]
        fn ascii_names_fold_as_unicode_would(
            name in "[ -~\t\n\x00-\x08]{0,40}",
            before in "[a-zé ]{0,3}",
        ) {
            let mut unicode = String::new();
            fold_unicode(&name, &mut unicode);
            proptest::prop_assert_eq!(fold(&name), unicode.trim_end_matches(' '));
            // Appended to what is there, the fold is the same.
            let mut appended = before.clone();
            fold_into(&name, &mut appended);
            proptest::prop_assert_eq!(appended, format!("{before}{}", fold(&name)));
        }

        /// The ASCII path folds as the character-by-character rule does.
        #[test]
        fn ascii_text_folds_as_each_character_would(
            hay in "[ -~\t\n\x0b\x0c\r\x00-\x08\x1c-\x1f]{0,60}",
            before in "[a-zÅé ]{0,3}",
        ) {
            let mut fast = before.clone();
            fold_for_match_into(&hay, &mut fast);
            let mut slow = before.clone();
            let mut space = false;
            for c in hay.chars() {
                push_folded(&mut slow, c, &mut space);
            }
            proptest::prop_assert_eq!(fast, slow);
        }

        /// Text that folds in place is located as through the map, and
        /// text that does not is never taken for such.
        #[test]
        fn ascii_text_is_located_as_through_the_map(
            hay in "[ a-cA-C.\t\n]{0,40}",
            needle in "[ a-c.]{1,4}",
        ) {
            let Some(needle) = folded_needle(&needle) else {
                return Ok(());
            };
            let plain = fold_for_match(&hay) == hay.to_ascii_lowercase();
            proptest::prop_assert_eq!(folds_in_place(&hay), plain, "{:?}", hay);
            proptest::prop_assert_eq!(locate_folded(&hay, &needle), locate_mapped(&hay, &needle));
        }
    }

    #[test]
    fn clean_removes_escape_sequences_and_bidi_but_keeps_newlines() {
        let dirty = "a\u{1b}[31mred\u{1b}[0m\u{9b}2J\u{202e}evil\u{2066}x\r\nnext\u{7}";
        assert_eq!(clean(dirty), "a[31mred[0m2Jevilx\nnext");
    }

    #[test]
    fn one_line_shows_every_line_break_as_an_escape_and_cleans_the_rest() {
        assert_eq!(one_line("plain\tx"), "plain   x");
        assert_eq!(
            one_line("a\nb\rc\u{b}d\u{c}e\u{85}f\u{2028}g\u{2029}h\u{1b}"),
            "a\\nb\\rc\\u{b}d\\u{c}e\\u{85}f\\u{2028}g\\u{2029}h"
        );
        assert!(!one_line("x\r\ny").contains(is_line_break));
    }

    #[test]
    fn line_at_counts_lines_as_yaml_does() {
        let s = b"a\r\nb\rc\nd";
        assert_eq!(line_at(s, 0), (1, Some(3)));
        assert_eq!(line_at(s, 3), (4, Some(5)));
        assert_eq!(line_at(s, 5), (6, Some(7)));
        assert_eq!(line_at(s, 7), (8, None));
    }

    #[test]
    fn clean_expands_tabs_to_the_next_stop() {
        assert_eq!(clean("a\tb"), "a   b");
        assert_eq!(clean("abcd\tb"), "abcd    b");
        assert_eq!(clean("x\n\ty"), "x\n    y");
    }

    #[test]
    fn flow_collapses_line_breaks_and_runs_of_spaces() {
        assert_eq!(flow("  one\n two   three \n"), "one two three");
    }

    #[test]
    fn wrap_breaks_at_spaces_and_keeps_byte_ranges() {
        let text = "the quick brown fox";
        let lines: Vec<&str> = wrap(text, 10)
            .iter()
            .map(|l| &text[l.start..l.end])
            .collect();
        assert_eq!(lines, ["the quick", "brown fox"]);
    }

    #[test]
    fn wrap_splits_a_word_longer_than_the_line() {
        let text = "abcdefghij";
        let lines: Vec<&str> = wrap(text, 4)
            .iter()
            .map(|l| &text[l.start..l.end])
            .collect();
        assert_eq!(lines, ["abcd", "efgh", "ij"]);
    }

    #[test]
    fn wrap_measures_wide_characters_by_columns() {
        let text = "中文字符 日本語";
        for line in wrap(text, 5) {
            assert!(width(&text[line.start..line.end]) <= 5, "{line:?}");
        }
        let text = "👍🏽👍🏽👍🏽";
        let lines = wrap(text, 4);
        assert_eq!(lines.len(), 2, "two emoji of width 2 fit a line of 4");
    }

    #[test]
    fn find_ignore_case_gives_byte_ranges_of_the_original() {
        let hay = "Lipavský met LIPAVSKÝ; apt31 and APT31";
        assert_eq!(find_ignore_case(hay, "lipavský"), [(0, 9), (14, 23)]);
        assert_eq!(find_ignore_case(hay, "Apt31").len(), 2);
        assert!(find_ignore_case(hay, "").is_empty());
    }

    #[test]
    fn find_ignore_case_folds_accents_and_line_breaks() {
        let hay = "Jan Lipavsky said\n  the   Ministry";
        assert_eq!(find_ignore_case(hay, "LIPAVSKÝ"), [(4, 12)]);
        let (s, e) = find_ignore_case(hay, "said the ministry")[0];
        assert_eq!(&hay[s..e], "said\n  the   Ministry");
        assert_eq!(
            find_ignore_case("Café", "cafe"),
            [(0, 5)],
            "the é is kept whole"
        );
        assert!(find_ignore_case(hay, "   ").is_empty());
    }

    #[test]
    fn width_counts_the_cells_each_grapheme_is_drawn_in() {
        assert_eq!(width("abc"), 3);
        assert_eq!(width("a\nb"), 2, "a control character is not drawn");
        assert_eq!(width("中文"), 4);
        assert_eq!(width("e\u{301}"), 1);
        assert_eq!(width("\u{644}\u{627}"), 2, "lam and alef, two cells");
    }

    #[test]
    fn thousands_groups_digits() {
        assert_eq!(thousands(0), "0");
        assert_eq!(thousands(999), "999");
        assert_eq!(thousands(1000), "1,000");
        assert_eq!(thousands(1_000_000), "1,000,000");
    }

    #[test]
    fn truncate_middle_keeps_both_ends_within_the_width() {
        let prague = "Embassy of the People's Republic of China in Prague";
        let belgium = "Embassy of the People's Republic of China in Belgium";
        let (a, b) = (truncate_middle(prague, 28), truncate_middle(belgium, 28));
        assert_eq!(a, "Embassy of the…ina in Prague");
        assert_ne!(a, b, "names that differ at the end stay apart");
        assert_eq!(width(&a), 28);
        assert_eq!(truncate_middle("abc", 4), "abc");
        assert_eq!(truncate_middle("abcdef", 1), "…");
        assert_eq!(truncate_middle("中文字中文字", 5), "中…字");
        for columns in 0..30 {
            assert!(width(&truncate_middle(prague, columns)) <= columns);
            assert!(width(&truncate_middle("中文字中文字中文字", columns)) <= columns);
        }
    }

    #[test]
    fn truncate_marks_the_cut() {
        assert_eq!(truncate("abcdef", 4), "abc…");
        assert_eq!(truncate("abc", 4), "abc");
        assert_eq!(truncate("中文字", 4), "中…");
    }

    #[test]
    fn fold_ignores_case_punctuation_and_diacritics() {
        assert_eq!(fold("Judgement-Panda"), "judgement panda");
        assert_eq!(fold("  ÚZSI, NÚKIB "), "uzsi nukib");
        assert_eq!(fold("Lipavský"), "lipavsky");
    }

    #[test]
    fn glyphs_terminals_disagree_on_get_a_steady_stand_in() {
        let steady = |g: &str| steady_glyph(g).map(|c| c.into_owned());
        assert_eq!(steady("a"), None);
        assert_eq!(steady("é"), None);
        assert_eq!(steady("漢"), None);
        assert_eq!(
            steady("😀"),
            None,
            "a plain emoji is two columns everywhere"
        );
        assert_eq!(steady("👨\u{200d}👩\u{200d}👧").as_deref(), Some("👨"));
        assert_eq!(steady("❤\u{fe0f}").as_deref(), Some("❤"));
        assert_eq!(steady("👍\u{1f3fd}").as_deref(), Some("👍"));
        assert_eq!(steady("1\u{fe0f}\u{20e3}").as_deref(), Some("1"));
        assert_eq!(steady("🇨🇿").as_deref(), Some("CZ"));
        assert_eq!(
            steady("🏴\u{e0067}\u{e0062}\u{e0065}\u{e006e}\u{e0067}\u{e007f}").as_deref(),
            Some("🏴")
        );
    }
}
