//! OSC 8 hyperlinks, a step after drawing that only the terminal's frames
//! take (snapshots and tests of `view` see plain cells): wherever a row
//! shows one of the given URLs whole, each of its cells becomes that
//! character wrapped in its own OSC 8 open and close, all with one `id` so a
//! terminal underlines and opens them as one link.
//!
//! Why this shape, from how others made it hold in ratatui (mirador,
//! yolop, tui-link): an escape in a span's text is cut into cells and
//! counted as columns, so the link goes in after layout, into the cell's
//! symbol, with `CellDiffOption::ForcedWidth(1)` so ratatui's diff still
//! counts the cell as one column. Each cell is self-contained because OSC 8
//! is modal: a link spanning cells that the diff redraws only in part would
//! leave the terminal inside the link. A terminal without OSC 8 drops the
//! sequence and shows the text as before.
//!
//! Only URLs known whole are linked (the briefing's and its sources', the
//! caller says which), never whatever looks like a URL: a link cut by
//! wrapping or by `…` would open the wrong page.

use std::num::NonZeroU16;

use ratatui::buffer::{Buffer, CellDiffOption};

/// Links every whole occurrence of `urls` in `buf`. `urls` must be checked
/// http(s) links without control characters.
pub fn link(buf: &mut Buffer, urls: &[&str]) {
    let area = buf.area;
    let urls: Vec<&str> = urls
        .iter()
        .copied()
        .filter(|u| u.is_ascii() && !u.is_empty() && !u.chars().any(|c| c.is_control()))
        .collect();
    if urls.is_empty() {
        return;
    }
    for y in area.top()..area.bottom() {
        // One cell, one ASCII character: a URL's text can only match such cells.
        let row: String = (area.left()..area.right())
            .map(|x| {
                let s = buf[(x, y)].symbol();
                let mut chars = s.chars();
                match (chars.next(), chars.next()) {
                    (Some(c), None) if c.is_ascii() => c,
                    // Text cut short: what came before it is no whole URL.
                    (Some('…'), None) => '~',
                    _ => '\u{1}',
                }
            })
            .collect();
        for (n, url) in urls.iter().enumerate() {
            let mut from = 0;
            while let Some(found) = row[from..].find(url) {
                let start = from + found;
                let end = start + url.len();
                // Whole: not the beginning of a longer URL, nor its tail.
                let before = row[..start].chars().next_back();
                let after = row[end..].chars().next();
                let bounded = |c: Option<char>| c.is_none_or(|c| !c.is_ascii_graphic());
                if bounded(before) && bounded(after) {
                    for i in start..end {
                        let x = area.left() + i as u16;
                        let cell = &mut buf[(x, y)];
                        let glyph = cell.symbol().to_owned();
                        cell.set_symbol(&format!(
                            "\x1b]8;id=debrief-{n};{url}\x1b\\{glyph}\x1b]8;;\x1b\\"
                        ));
                        cell.set_diff_option(CellDiffOption::ForcedWidth(NonZeroU16::MIN));
                    }
                }
                from = end;
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use ratatui::layout::Rect;

    fn row(buf: &Buffer, y: u16) -> Vec<String> {
        (0..buf.area.width)
            .map(|x| buf[(x, y)].symbol().to_owned())
            .collect()
    }

    #[test]
    fn a_whole_url_becomes_one_link_cell_by_cell_and_a_cut_one_stays_text() {
        let mut buf = Buffer::empty(Rect::new(0, 0, 30, 2));
        buf.set_string(
            0,
            0,
            "see https://a.org/x now",
            ratatui::style::Style::new(),
        );
        buf.set_string(0, 1, "cut https://a.org/x…", ratatui::style::Style::new());
        link(&mut buf, &["https://a.org/x"]);
        let first = row(&buf, 0);
        assert_eq!(first[3], " ");
        assert_eq!(
            first[4],
            "\x1b]8;id=debrief-0;https://a.org/x\x1b\\h\x1b]8;;\x1b\\"
        );
        assert_eq!(
            first[18],
            "\x1b]8;id=debrief-0;https://a.org/x\x1b\\x\x1b]8;;\x1b\\"
        );
        assert_eq!(first[19], " ");
        assert_eq!(
            buf[(4, 0)].diff_option,
            CellDiffOption::ForcedWidth(NonZeroU16::MIN),
            "the diff counts it as one column"
        );
        assert!(
            row(&buf, 1).iter().all(|s| !s.contains('\x1b')),
            "a URL cut by … is no link"
        );
    }

    #[test]
    fn a_longer_url_that_starts_with_a_known_one_is_not_linked() {
        let mut buf = Buffer::empty(Rect::new(0, 0, 30, 1));
        buf.set_string(0, 0, "https://a.org/xyz", ratatui::style::Style::new());
        link(&mut buf, &["https://a.org/x"]);
        assert!(row(&buf, 0).iter().all(|s| !s.contains('\x1b')));
    }
}
