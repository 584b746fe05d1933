//! Help, generated from the key map: every binding of every context, so a
//! key that works is a key help shows.

use std::any::Any;

use ratatui::Frame;
use ratatui::style::Style;
use ratatui::text::{Line, Span};

use super::scroll::Scrolled;
use crate::briefing::links::Item;
use crate::text;
use crate::tui::action::Action;
use crate::tui::keymap::Context;
use crate::tui::layout;
use crate::tui::outcome::{Overlay, Step};
use crate::tui::shared::Shared;
use crate::tui::theme::Theme as T;

pub struct Help {
    body: Scrolled,
}

impl Help {
    pub fn new(shared: &Shared) -> Help {
        let mut help = Help {
            body: Scrolled::default(),
        };
        help.refresh(shared);
        help
    }
}

impl Overlay for Help {
    fn update(&mut self, shared: &mut Shared, action: &Action) -> Step {
        self.body
            .update(shared, action, &[Action::Back, Action::Help, Action::Open])
    }

    fn view(&self, shared: &Shared, frame: &mut Frame) {
        self.body.view(shared, frame, " Help · Esc closes ");
    }

    fn context(&self) -> Context {
        Context::Popup
    }

    fn refresh(&mut self, shared: &Shared) {
        let lines = help_lines(shared, layout::popup_text_width(shared.size));
        self.body.replace(shared, lines);
    }

    fn as_any(&self) -> &dyn Any {
        self
    }
}

fn help_lines(shared: &Shared, width: usize) -> Vec<Line<'static>> {
    let theme = shared.theme;
    let mut lines = Vec::new();
    let key_width = 26.min(width / 2);
    let row = |keys: &str, what: &str| {
        let keys = text::truncate(keys, key_width);
        let pad = " ".repeat(key_width.saturating_sub(text::width(&keys)) + 1);
        Line::from(vec![
            Span::styled(keys, theme.key()),
            Span::raw(pad),
            Span::raw(text::truncate(what, width.saturating_sub(key_width + 1))),
        ])
    };
    for (section, bindings) in shared.keys.help_sections() {
        if bindings.is_empty() {
            continue;
        }
        lines.push(Line::styled(section, theme.title()));
        for (keys, what) in bindings {
            lines.push(row(&keys, what));
        }
        lines.push(Line::default());
    }
    lines.push(Line::styled("Mouse", theme.title()));
    lines.push(row("click", "focus a pane, select an item; again to open"));
    lines.push(row("wheel", "scroll the pane under the pointer"));
    lines.push(Line::default());
    lines.push(Line::styled("Marks in the article", theme.title()));
    let sample = |label: &'static str, style: Style, what: &str| {
        Line::from(vec![
            Span::styled(label, style),
            Span::raw(" ".repeat(key_width.saturating_sub(text::width(label)) + 1)),
            Span::raw(what.to_owned()),
        ])
    };
    lines.push(sample(
        "claim",
        theme.anchor(Item::Claim(0)),
        "underlined: a claim's quote",
    ));
    lines.push(sample(
        "expert",
        theme.anchor(Item::Expert(0)),
        "italic, underlined: an expert's words",
    ));
    lines.push(sample(
        "caveat",
        theme.anchor(Item::Caveat(0)),
        "italic: a caveat's quote",
    ));
    lines.push(sample(
        "current",
        theme.current_anchor(),
        "reversed: the selected item's quote",
    ));
    lines.push(sample(
        T::LINK_MARK,
        theme.linked(),
        "bold, with ●: linked to the selected item",
    ));
    lines
}
