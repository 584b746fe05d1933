//! The last step of every frame: a grapheme whose width terminals disagree
//! on (see [`text::steady_glyph`]) is replaced in the drawn cells by a form
//! they agree on, within the columns ratatui gave it, so the border after it
//! stays where the frame put it and no stale glyph is left behind.

use ratatui::buffer::Buffer;
use unicode_segmentation::UnicodeSegmentation;

use crate::text;

pub fn steady(buf: &mut Buffer) {
    let area = buf.area;
    for y in area.top()..area.bottom() {
        let mut x = area.left();
        while x < area.right() {
            let cell = &buf[(x, y)];
            let given = text::width(cell.symbol()).max(1) as u16;
            if let Some(stand_in) = text::steady_glyph(cell.symbol()) {
                let style = cell.style();
                let end = (x + given).min(area.right());
                let mut at = x;
                for g in stand_in.graphemes(true) {
                    let w = text::width(g).max(1) as u16;
                    if at + w > end {
                        break;
                    }
                    buf[(at, y)].set_symbol(g).set_style(style);
                    at += w;
                }
                // What the stand-in leaves of the cluster's columns is blank.
                for rest in at..end {
                    buf[(rest, y)].set_symbol(" ").set_style(style);
                }
            }
            x += given;
        }
    }
}

#[cfg(test)]
mod tests {
    use ratatui::layout::Rect;

    use super::*;

    fn drawn(s: &str) -> Vec<String> {
        let mut buf = Buffer::empty(Rect::new(0, 0, 8, 1));
        buf.set_string(0, 0, s, ratatui::style::Style::default());
        steady(&mut buf);
        (0..8).map(|x| buf[(x, 0)].symbol().to_string()).collect()
    }

    #[test]
    fn a_joined_emoji_keeps_its_two_columns_with_one_glyph() {
        assert_eq!(
            drawn("a👨\u{200d}👩\u{200d}👧b|"),
            ["a", "👨", " ", "b", "|", " ", " ", " "]
        );
    }

    #[test]
    fn a_flag_is_its_letters_and_an_emoji_selector_leaves_a_blank() {
        assert_eq!(drawn("🇨🇿|"), ["C", "Z", "|", " ", " ", " ", " ", " "]);
        assert_eq!(
            drawn("❤\u{fe0f}|"),
            ["❤", " ", "|", " ", " ", " ", " ", " "]
        );
    }

    #[test]
    fn plain_text_is_untouched() {
        assert_eq!(drawn("ab漢|"), ["a", "b", "漢", " ", "|", " ", " ", " "]);
    }
}
