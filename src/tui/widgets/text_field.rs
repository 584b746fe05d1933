//! The one text field: the search line, the picker's query and the note
//! editor all edit through it, with the keys readline users expect. It is
//! fed [`Action`]s from the key map, never raw terminal events, so a user's
//! key overrides reach it too. The cursor moves by grapheme, so a letter and
//! its combining mark, or an emoji and its modifier, are one step.

use unicode_segmentation::UnicodeSegmentation;

use crate::text;
use crate::tui::action::Action;

#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct TextField {
    text: String,
    /// Byte offset of the cursor, always on a grapheme boundary.
    cursor: usize,
    /// A note keeps line breaks; a search line or a query turns them into spaces.
    multiline: bool,
}

impl TextField {
    /// A one-line field, empty.
    pub fn line() -> TextField {
        TextField::default()
    }

    /// A field that keeps line breaks, holding `text`, the cursor at its end.
    pub fn lines(text: &str) -> TextField {
        TextField {
            text: text.to_owned(),
            cursor: text.len(),
            multiline: true,
        }
    }

    pub fn text(&self) -> &str {
        &self.text
    }

    pub fn cursor(&self) -> usize {
        self.cursor
    }

    /// Applies an editing action; false when the action is not one (the
    /// caller then decides what it means).
    pub fn apply(&mut self, action: &Action) -> bool {
        match action {
            Action::Type(c) => self.insert(*c),
            Action::Paste(s) => self.insert_str(s),
            Action::NewLine if self.multiline => self.insert('\n'),
            Action::Erase => self.backspace(),
            Action::Delete => self.delete(),
            Action::CursorLeft => self.left(),
            Action::CursorRight => self.right(),
            Action::LineStart => self.home(),
            Action::LineEnd => self.end(),
            Action::WordBack => self.cursor = self.word_start(),
            Action::WordForward => self.cursor = self.word_end(),
            Action::KillToStart => {
                let start = self.line_start();
                self.text.replace_range(start..self.cursor, "");
                self.cursor = start;
            }
            Action::KillToEnd => {
                let end = self.line_end();
                self.text.replace_range(self.cursor..end, "");
            }
            Action::KillWordBack => {
                let start = self.word_start();
                self.text.replace_range(start..self.cursor, "");
                self.cursor = start;
            }
            Action::Up if self.multiline => self.vertical(false),
            Action::Down if self.multiline => self.vertical(true),
            _ => return false,
        }
        true
    }

    pub fn insert(&mut self, c: char) {
        if c == '\n' && !self.multiline {
            return self.insert(' ');
        }
        if c != '\n' && text::is_hostile(c) {
            return;
        }
        let c = if c == '\t' { ' ' } else { c };
        self.text.insert(self.cursor, c);
        self.cursor += c.len_utf8();
    }

    /// Pasted text, cleaned of escapes; in a one-line field every line break
    /// becomes a space, so a paste can never confirm or run anything.
    pub fn insert_str(&mut self, s: &str) {
        let cleaned = text::clean(&s.replace("\r\n", "\n").replace('\r', "\n"));
        for c in cleaned.chars() {
            self.insert(c);
        }
    }

    /// The grapheme boundary before the cursor.
    fn previous(&self) -> Option<usize> {
        self.text[..self.cursor]
            .grapheme_indices(true)
            .next_back()
            .map(|(i, _)| i)
    }

    fn next(&self) -> Option<usize> {
        self.text[self.cursor..]
            .graphemes(true)
            .next()
            .map(|g| self.cursor + g.len())
    }

    pub fn backspace(&mut self) {
        if let Some(at) = self.previous() {
            self.text.replace_range(at..self.cursor, "");
            self.cursor = at;
        }
    }

    pub fn delete(&mut self) {
        if let Some(end) = self.next() {
            self.text.replace_range(self.cursor..end, "");
        }
    }

    pub fn left(&mut self) {
        if let Some(at) = self.previous() {
            self.cursor = at;
        }
    }

    pub fn right(&mut self) {
        if let Some(at) = self.next() {
            self.cursor = at;
        }
    }

    /// Where the word before the cursor starts (spaces before it skipped), as Alt-b and Ctrl-w.
    fn word_start(&self) -> usize {
        let before = &self.text[..self.cursor];
        let words: Vec<(usize, &str)> = before.split_word_bound_indices().collect();
        words
            .iter()
            .rev()
            .find(|(_, w)| w.chars().any(char::is_alphanumeric))
            .map_or(0, |(i, _)| *i)
    }

    /// Where the word at or after the cursor ends, as Alt-f.
    fn word_end(&self) -> usize {
        self.text[self.cursor..]
            .split_word_bound_indices()
            .find(|(_, w)| w.chars().any(char::is_alphanumeric))
            .map_or(self.text.len(), |(i, w)| self.cursor + i + w.len())
    }

    fn line_start(&self) -> usize {
        self.text[..self.cursor].rfind('\n').map_or(0, |i| i + 1)
    }

    fn line_end(&self) -> usize {
        self.text[self.cursor..]
            .find('\n')
            .map_or(self.text.len(), |i| self.cursor + i)
    }

    pub fn home(&mut self) {
        self.cursor = self.line_start();
    }

    pub fn end(&mut self) {
        self.cursor = self.line_end();
    }

    /// Moves to the line above or below, keeping the column where it can.
    pub fn vertical(&mut self, down: bool) {
        let start = self.line_start();
        let column = text::width(&self.text[start..self.cursor]);
        let target_start = if down {
            let end = self.line_end();
            if end == self.text.len() {
                return;
            }
            end + 1
        } else {
            if start == 0 {
                return;
            }
            self.text[..start - 1].rfind('\n').map_or(0, |i| i + 1)
        };
        let line_end = self.text[target_start..]
            .find('\n')
            .map_or(self.text.len(), |i| target_start + i);
        let mut at = target_start;
        let mut used = 0;
        for (i, g) in self.text[target_start..line_end].grapheme_indices(true) {
            if used + text::width(g) > column {
                break;
            }
            used += text::width(g);
            at = target_start + i + g.len();
        }
        self.cursor = at;
    }

    /// A one-line field shown in `columns`: the text around the cursor,
    /// its end when it is longer than the box, and the cursor's column in it.
    pub fn visible(&self, columns: usize) -> (String, usize) {
        let columns = columns.max(1);
        let before = &self.text[..self.cursor];
        let after = &self.text[self.cursor..];
        // Keep the cursor in view with one column for it; drop text from the left.
        let mut shown: Vec<&str> = before.graphemes(true).collect();
        let mut used: usize = shown.iter().map(|g| text::width(g)).sum();
        while used + 1 > columns && !shown.is_empty() {
            used -= text::width(shown.remove(0));
        }
        let cursor_column = used;
        let mut out: String = shown.concat();
        for g in after.graphemes(true) {
            if used + text::width(g) + 1 > columns {
                break;
            }
            used += text::width(g);
            out.push_str(g);
        }
        (out, cursor_column)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn typed(field: &mut TextField, s: &str) {
        for c in s.chars() {
            field.insert(c);
        }
    }

    #[test]
    fn typing_and_deleting_across_lines_and_wide_characters() {
        let mut e = TextField::lines("ab");
        e.insert('\n');
        typed(&mut e, "中文x");
        assert_eq!(e.text(), "ab\n中文x");
        e.backspace();
        e.left();
        e.backspace();
        assert_eq!(e.text(), "ab\n文");
        e.home();
        e.insert('>');
        assert_eq!(e.text(), "ab\n>文");
        e.vertical(false);
        assert_eq!(e.cursor(), 1, "column 1 on the line above");
        e.delete();
        assert_eq!(e.text(), "a\n>文");
        e.end();
        e.vertical(true);
        e.end();
        assert_eq!(e.cursor(), e.text().len());
    }

    #[test]
    fn escape_sequences_cannot_be_typed_in() {
        let mut e = TextField::default();
        typed(&mut e, "a\u{1b}[2J\u{202e}b");
        assert_eq!(e.text(), "a[2Jb");
    }

    #[test]
    fn emoji_with_modifiers_and_combining_marks_delete_as_one() {
        let mut e = TextField::lines("x👍🏽");
        e.backspace();
        assert_eq!(e.text(), "x");
        let mut e = TextField::lines("e\u{301}");
        e.left();
        assert_eq!(e.cursor(), 0, "the letter and its accent are one step");
    }

    #[test]
    fn readline_keys_move_and_kill() {
        let mut f = TextField::line();
        typed(&mut f, "home routers relay");
        assert!(f.apply(&Action::KillWordBack));
        assert_eq!(f.text(), "home routers ");
        f.apply(&Action::WordBack);
        assert_eq!(f.cursor(), 5, "at the start of routers");
        f.apply(&Action::KillToEnd);
        assert_eq!(f.text(), "home ");
        f.apply(&Action::LineStart);
        f.apply(&Action::Type('>'));
        assert_eq!(f.text(), ">home ");
        f.apply(&Action::WordForward);
        assert_eq!(f.cursor(), 5, "after home");
        f.apply(&Action::KillToStart);
        assert_eq!(f.text(), " ");
        f.apply(&Action::LineEnd);
        assert_eq!(f.cursor(), 1);
        assert!(!f.apply(&Action::Mark), "not an editing action");
    }

    #[test]
    fn a_paste_is_text_and_one_line_fields_flatten_it() {
        let mut f = TextField::line();
        f.apply(&Action::Paste("w3x\n jjj q\u{1b}[31m".into()));
        assert_eq!(f.text(), "w3x  jjj q[31m");
        let mut note = TextField::lines("");
        note.apply(&Action::Paste("one\r\ntwo".into()));
        assert_eq!(note.text(), "one\ntwo");
    }

    #[test]
    fn a_long_line_shows_its_end_with_the_cursor() {
        let mut f = TextField::line();
        typed(&mut f, "abcdefghij");
        let (shown, at) = f.visible(5);
        assert_eq!((shown.as_str(), at), ("ghij", 4));
        f.apply(&Action::LineStart);
        let (shown, at) = f.visible(5);
        assert_eq!((shown.as_str(), at), ("abcd", 0));
    }
}
