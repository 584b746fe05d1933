//! Every style the reader draws with. Each mark is carried by a modifier
//! (bold, underline, italic, reverse) and colour only adds to it, so the
//! screen reads the same with `NO_COLOR` set.

use ratatui::style::{Color, Modifier, Style};

use crate::briefing::Tlp;
use crate::briefing::links::Item;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Theme {
    pub color: bool,
}

impl Theme {
    /// Colour unless the user asked for none (<https://no-color.org>).
    pub fn from_env() -> Theme {
        let no_color = std::env::var_os("NO_COLOR").is_some_and(|v| !v.is_empty());
        Theme { color: !no_color }
    }

    fn paint(self, style: Style, fg: Color) -> Style {
        if self.color { style.fg(fg) } else { style }
    }

    /// The selected row or item: reversed, in colour and without.
    pub fn selected(self) -> Style {
        Style::new().add_modifier(Modifier::REVERSED | Modifier::BOLD)
    }

    /// An item linked to the current one.
    pub fn linked(self) -> Style {
        self.paint(Style::new().add_modifier(Modifier::BOLD), Color::LightGreen)
    }

    /// The marker drawn before a linked item, so links read without colour.
    pub const LINK_MARK: &'static str = "●";
    /// The marker of an item or paragraph the analyst marked.
    pub const MARK: &'static str = "★";
    /// After the id of an item that carries the analyst's note.
    pub const NOTE_MARK: &'static str = "✎";

    /// The analyst's mark, and marked text in the article.
    pub fn marked(self) -> Style {
        self.paint(
            Style::new().add_modifier(Modifier::BOLD),
            Color::LightYellow,
        )
    }

    /// An anchored span of the article, by the kind of item it anchors.
    pub fn anchor(self, item: Item) -> Style {
        match item {
            Item::Claim(_) => self.paint(
                Style::new().add_modifier(Modifier::UNDERLINED),
                Color::Yellow,
            ),
            Item::Expert(_) => self.paint(
                Style::new().add_modifier(Modifier::ITALIC | Modifier::UNDERLINED),
                Color::Cyan,
            ),
            Item::Caveat(_) => self.paint(
                Style::new().add_modifier(Modifier::ITALIC),
                Color::LightMagenta,
            ),
            Item::Source(_) => Style::new(),
        }
    }

    /// The anchor of the current item.
    pub fn current_anchor(self) -> Style {
        Style::new().add_modifier(Modifier::REVERSED)
    }

    /// Text matching the search.
    pub fn search_match(self) -> Style {
        if self.color {
            Style::new().bg(Color::Yellow).fg(Color::Black)
        } else {
            Style::new().add_modifier(Modifier::BOLD | Modifier::UNDERLINED | Modifier::REVERSED)
        }
    }

    /// The border and title of the focused pane.
    pub fn focused(self) -> Style {
        self.paint(Style::new().add_modifier(Modifier::BOLD), Color::LightCyan)
    }

    pub fn unfocused(self) -> Style {
        self.paint(Style::new(), Color::DarkGray)
    }

    pub fn title(self) -> Style {
        Style::new().add_modifier(Modifier::BOLD)
    }

    /// Secondary text: dates, counts, ids.
    pub fn muted(self) -> Style {
        self.paint(Style::new(), Color::Gray)
    }

    pub fn error(self) -> Style {
        self.paint(Style::new().add_modifier(Modifier::BOLD), Color::LightRed)
    }

    pub fn warning(self) -> Style {
        self.paint(Style::new(), Color::Yellow)
    }

    /// A key in the status line and help.
    pub fn key(self) -> Style {
        self.paint(Style::new().add_modifier(Modifier::BOLD), Color::LightCyan)
    }

    pub fn status(self) -> Style {
        if self.color {
            Style::new().bg(Color::Rgb(30, 30, 40))
        } else {
            Style::new()
        }
    }

    /// A TLP marking in the colour TLP 2.0 gives it, on black as the
    /// standard asks; bold, so it stands out without colour too.
    pub fn tlp(self, tlp: Tlp) -> Style {
        let style = Style::new().add_modifier(Modifier::BOLD);
        if !self.color {
            return style;
        }
        let fg = match tlp {
            Tlp::Red => Color::Rgb(0xFF, 0x2B, 0x2B),
            Tlp::Amber | Tlp::AmberStrict => Color::Rgb(0xFF, 0xC0, 0x00),
            Tlp::Green => Color::Rgb(0x33, 0xFF, 0x00),
            Tlp::Clear => Color::Rgb(0xFF, 0xFF, 0xFF),
        };
        style.fg(fg).bg(Color::Black)
    }

    pub fn bar(self) -> Style {
        self.paint(Style::new(), Color::LightBlue)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn tlp_colours_are_the_standards_and_every_one_is_bold() {
        let theme = Theme { color: true };
        let fg = |t| theme.tlp(t).fg;
        assert_eq!(fg(Tlp::Red), Some(Color::Rgb(0xFF, 0x2B, 0x2B)));
        assert_eq!(fg(Tlp::Amber), Some(Color::Rgb(0xFF, 0xC0, 0x00)));
        assert_eq!(fg(Tlp::AmberStrict), fg(Tlp::Amber));
        assert_eq!(fg(Tlp::Green), Some(Color::Rgb(0x33, 0xFF, 0x00)));
        for t in [
            Tlp::Clear,
            Tlp::Green,
            Tlp::Amber,
            Tlp::AmberStrict,
            Tlp::Red,
        ] {
            assert_eq!(theme.tlp(t).bg, Some(Color::Black));
            let plain = Theme { color: false }.tlp(t);
            assert_eq!((plain.fg, plain.bg), (None, None));
            assert!(plain.add_modifier.contains(Modifier::BOLD));
        }
    }
}
