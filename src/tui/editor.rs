//! A small multi-line text editor for notes: insert, delete, move by
//! character and by line. Pure state; the reader draws it and feeds it keys.

use unicode_segmentation::UnicodeSegmentation;

use crate::text;

#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Editor {
    text: String,
    /// Byte offset of the cursor, always on a grapheme boundary.
    cursor: usize,
}

impl Editor {
    /// Starts with `text`, the cursor at its end.
    pub fn new(text: &str) -> Editor {
        Editor {
            text: text.to_owned(),
            cursor: text.len(),
        }
    }

    pub fn text(&self) -> &str {
        &self.text
    }

    pub fn cursor(&self) -> usize {
        self.cursor
    }

    pub fn insert(&mut self, c: char) {
        if c != '\n' && text::is_hostile(c) {
            return;
        }
        let c = if c == '\t' { ' ' } else { c };
        self.text.insert(self.cursor, c);
        self.cursor += c.len_utf8();
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
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn typing_and_deleting_across_lines_and_wide_characters() {
        let mut e = Editor::new("ab");
        e.insert('\n');
        for c in "中文x".chars() {
            e.insert(c);
        }
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
        let mut e = Editor::default();
        for c in "a\u{1b}[2J\u{202e}b".chars() {
            e.insert(c);
        }
        assert_eq!(e.text(), "a[2Jb");
    }

    #[test]
    fn emoji_with_modifiers_delete_as_one() {
        let mut e = Editor::new("x👍🏽");
        e.backspace();
        assert_eq!(e.text(), "x");
    }
}
