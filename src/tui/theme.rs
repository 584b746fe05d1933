//! Every style the reader draws with. Each mark is carried by a modifier
//! (bold, underline, italic, reverse) and colour only adds to it, so the
//! screen reads the same with `NO_COLOR` set. Colours come from a
//! [`Palette`] of named roles, which the config file can change.

use ratatui::style::{Color, Modifier, Style};

use crate::briefing::Tlp;
use crate::briefing::links::Item;

/// The colour of each role on screen. One macro list gives the fields, both
/// built-in palettes, the roles' names in the config file and what each is
/// for, so a role cannot be added to one and not the others.
macro_rules! palette {
    ($($field:ident: $doc:literal = $dark:expr, $light:expr;)*) => {
        #[derive(Debug, Clone, Copy, PartialEq, Eq)]
        pub struct Palette {
            $(#[doc = $doc] pub $field: Color,)*
        }

        impl Palette {
            /// For dark terminals: the default.
            pub fn dark() -> Palette {
                Palette { $($field: $dark,)* }
            }

            /// For light terminals: darker inks on a light ground.
            pub fn light() -> Palette {
                Palette { $($field: $light,)* }
            }

            /// Every role: its name in the config file (`search-match`) and what it colours.
            pub const ROLES: &[(&str, &str)] = &[$((kebab!($field), $doc),)*];

            /// The colour of a role by its name in the config file.
            pub fn role_mut(&mut self, name: &str) -> Option<&mut Color> {
                $(if name == kebab!($field) { return Some(&mut self.$field); })*
                None
            }

            pub fn role(&self, name: &str) -> Option<Color> {
                $(if name == kebab!($field) { return Some(self.$field); })*
                None
            }
        }
    };
}

/// A role's name in the config file: the field's, with dashes.
macro_rules! kebab {
    (selection) => {
        "selection"
    };
    (linked) => {
        "linked"
    };
    (marked) => {
        "marked"
    };
    (claim) => {
        "claim"
    };
    (expert) => {
        "expert"
    };
    (caveat) => {
        "caveat"
    };
    (search_match) => {
        "search-match"
    };
    (focused) => {
        "focused"
    };
    (unfocused) => {
        "unfocused"
    };
    (muted) => {
        "muted"
    };
    (error) => {
        "error"
    };
    (warning) => {
        "warning"
    };
    (key) => {
        "key"
    };
    (status) => {
        "status"
    };
    (bar) => {
        "bar"
    };
    (tlp_red) => {
        "tlp-red"
    };
    (tlp_amber) => {
        "tlp-amber"
    };
    (tlp_green) => {
        "tlp-green"
    };
    (tlp_clear) => {
        "tlp-clear"
    };
}

palette! {
    selection: "background of the selected row (reset: reverse video)" = Color::Reset, Color::Reset;
    linked: "items linked to the current one" = Color::LightGreen, Color::Green;
    marked: "the analyst's marks and marked text" = Color::LightYellow, Color::Indexed(130);
    claim: "claims' anchors in the article" = Color::Yellow, Color::Blue;
    expert: "experts' anchors in the article" = Color::Cyan, Color::Indexed(30);
    caveat: "caveats' anchors in the article" = Color::LightMagenta, Color::Magenta;
    search_match: "background of text matching the search" = Color::Yellow, Color::LightYellow;
    focused: "the focused pane's border and title" = Color::LightCyan, Color::Blue;
    unfocused: "other panes' borders" = Color::DarkGray, Color::Gray;
    muted: "secondary text: dates, counts, ids" = Color::Gray, Color::DarkGray;
    error: "errors" = Color::LightRed, Color::Red;
    warning: "warnings" = Color::Yellow, Color::Indexed(130);
    key: "keys in the status line and help" = Color::LightCyan, Color::Blue;
    status: "background of the title and status rows" = Color::Rgb(30, 30, 40), Color::Indexed(254);
    bar: "bars of the overview's charts" = Color::LightBlue, Color::Blue;
    tlp_red: "TLP:RED" = Color::Rgb(0xFF, 0x2B, 0x2B), Color::Rgb(0xFF, 0x2B, 0x2B);
    tlp_amber: "TLP:AMBER and TLP:AMBER+STRICT" = Color::Rgb(0xFF, 0xC0, 0x00), Color::Rgb(0xFF, 0xC0, 0x00);
    tlp_green: "TLP:GREEN" = Color::Rgb(0x33, 0xFF, 0x00), Color::Rgb(0x33, 0xFF, 0x00);
    tlp_clear: "TLP:CLEAR" = Color::Rgb(0xFF, 0xFF, 0xFF), Color::Rgb(0xFF, 0xFF, 0xFF);
}

impl Default for Palette {
    fn default() -> Palette {
        Palette::dark()
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Theme {
    pub color: bool,
    pub palette: Palette,
}

impl Theme {
    /// Colour unless the user asked for none (<https://no-color.org>).
    pub fn from_env(palette: Palette) -> Theme {
        let no_color = std::env::var_os("NO_COLOR").is_some_and(|v| !v.is_empty());
        Theme {
            color: !no_color,
            palette,
        }
    }

    /// The default colours, or none.
    pub fn new(color: bool) -> Theme {
        Theme {
            color,
            palette: Palette::dark(),
        }
    }

    fn paint(self, style: Style, fg: Color) -> Style {
        if self.color { style.fg(fg) } else { style }
    }

    /// The selected row or item: reversed, in colour and without.
    pub fn selected(self) -> Style {
        match self.palette.selection {
            c if self.color && c != Color::Reset => Style::new().bg(c).add_modifier(Modifier::BOLD),
            _ => Style::new().add_modifier(Modifier::REVERSED | Modifier::BOLD),
        }
    }

    /// An item linked to the current one.
    pub fn linked(self) -> Style {
        self.paint(
            Style::new().add_modifier(Modifier::BOLD),
            self.palette.linked,
        )
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
            self.palette.marked,
        )
    }

    /// An anchored span of the article, by the kind of item it anchors.
    pub fn anchor(self, item: Item) -> Style {
        match item {
            Item::Claim(_) => self.paint(
                Style::new().add_modifier(Modifier::UNDERLINED),
                self.palette.claim,
            ),
            Item::Expert(_) => self.paint(
                Style::new().add_modifier(Modifier::ITALIC | Modifier::UNDERLINED),
                self.palette.expert,
            ),
            Item::Caveat(_) => self.paint(
                Style::new().add_modifier(Modifier::ITALIC),
                self.palette.caveat,
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
            Style::new().bg(self.palette.search_match).fg(Color::Black)
        } else {
            Style::new().add_modifier(Modifier::BOLD | Modifier::UNDERLINED | Modifier::REVERSED)
        }
    }

    /// The border and title of the focused pane.
    pub fn focused(self) -> Style {
        self.paint(
            Style::new().add_modifier(Modifier::BOLD),
            self.palette.focused,
        )
    }

    pub fn unfocused(self) -> Style {
        self.paint(Style::new(), self.palette.unfocused)
    }

    pub fn title(self) -> Style {
        Style::new().add_modifier(Modifier::BOLD)
    }

    /// Secondary text: dates, counts, ids.
    pub fn muted(self) -> Style {
        self.paint(Style::new(), self.palette.muted)
    }

    pub fn error(self) -> Style {
        self.paint(
            Style::new().add_modifier(Modifier::BOLD),
            self.palette.error,
        )
    }

    pub fn warning(self) -> Style {
        self.paint(Style::new(), self.palette.warning)
    }

    /// A key in the status line and help.
    pub fn key(self) -> Style {
        self.paint(Style::new().add_modifier(Modifier::BOLD), self.palette.key)
    }

    pub fn status(self) -> Style {
        if self.color {
            Style::new().bg(self.palette.status)
        } else {
            Style::new()
        }
    }

    pub fn bar(self) -> Style {
        self.paint(Style::new(), self.palette.bar)
    }

    /// A briefing's TLP label, in its traffic-light colour on black, as
    /// TLP 2.0 draws it (in both built-in themes: the standard's colours are
    /// made for a black ground); bold, so it stands out without colour too.
    pub fn tlp(self, tlp: Tlp) -> Style {
        let colour = match tlp {
            Tlp::Red => self.palette.tlp_red,
            Tlp::Amber | Tlp::AmberStrict => self.palette.tlp_amber,
            Tlp::Green => self.palette.tlp_green,
            Tlp::Clear => self.palette.tlp_clear,
        };
        let style = self.paint(Style::new().add_modifier(Modifier::BOLD), colour);
        if self.color {
            style.bg(Color::Black)
        } else {
            style
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_role_has_a_name_that_finds_it() {
        let mut p = Palette::dark();
        for (name, _) in Palette::ROLES {
            *p.role_mut(name).expect("a role") = Color::Indexed(7);
            assert_eq!(p.role(name), Some(Color::Indexed(7)));
        }
        assert_eq!(p.role("nonesuch"), None);
        assert_ne!(Palette::dark(), Palette::light());
    }

    #[test]
    fn no_color_wins_over_the_palette() {
        let mut theme = Theme::new(false);
        theme.palette.claim = Color::Red;
        theme.palette.selection = Color::Blue;
        assert_eq!(theme.anchor(Item::Claim(0)).fg, None);
        assert_eq!(theme.selected().bg, None);
        theme.color = true;
        assert_eq!(theme.anchor(Item::Claim(0)).fg, Some(Color::Red));
        assert_eq!(theme.selected().bg, Some(Color::Blue));
    }

    #[test]
    fn tlp_colours_are_the_standards_and_every_one_is_bold() {
        let theme = Theme::new(true);
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
            let plain = Theme::new(false).tlp(t);
            assert_eq!((plain.fg, plain.bg), (None, None));
            assert!(plain.add_modifier.contains(Modifier::BOLD));
        }
    }
}
