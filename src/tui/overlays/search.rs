//! The search line that `/` opens in the status row: a one-line text field.
//! Enter hands the text to the screen as [`Action::Search`]; Esc cancels.

use std::any::Any;

use ratatui::Frame;
use ratatui::text::{Line, Span};
use ratatui::widgets::Paragraph;

use crate::text;
use crate::tui::action::Action;
use crate::tui::keymap::Context;
use crate::tui::layout;
use crate::tui::outcome::{Outcome, Overlay, Step};
use crate::tui::shared::Shared;
use crate::tui::widgets::text_field::TextField;

#[derive(Debug, Clone, Default)]
pub struct SearchLine {
    pub field: TextField,
}

/// What the status row says beside the field while it is open.
const HINT: &str = "  Enter search · Esc cancel";

impl Overlay for SearchLine {
    fn update(&mut self, _shared: &mut Shared, action: &Action) -> Step {
        match action {
            Action::ConfirmSearch => {
                Step::close().then(Outcome::Then(Action::Search(self.field.text().to_owned())))
            }
            Action::Back => Step::close(),
            other => {
                self.field.apply(other);
                Step::consumed()
            }
        }
    }

    fn view(&self, shared: &Shared, frame: &mut Frame) {
        let theme = shared.theme;
        let (_, _, area) = layout::chrome(shared.size);
        let width = usize::from(area.width);
        // The hint gives way first, then the text scrolls to keep its end in view.
        let hint = if width >= 2 + 12 + text::width(HINT) {
            HINT
        } else {
            ""
        };
        let room = width.saturating_sub(2 + text::width(hint));
        let (shown, cursor) = self.field.visible(room);
        let (before, after) = split_at_column(&shown, cursor);
        let line = Line::from(vec![
            Span::styled(" /", theme.key()),
            Span::raw(before),
            Span::styled("▏", theme.key()),
            Span::raw(after),
            Span::styled(hint, theme.muted()),
        ]);
        frame.render_widget(Paragraph::new(line).style(theme.status()), area);
    }

    fn context(&self) -> Context {
        Context::Search
    }

    fn as_any(&self) -> &dyn Any {
        self
    }
}

/// `s` cut where `column` columns of it have been drawn.
fn split_at_column(s: &str, column: usize) -> (String, String) {
    let mut used = 0;
    for (i, c) in s.char_indices() {
        if used >= column {
            return (s[..i].to_owned(), s[i..].to_owned());
        }
        used += text::width(c.encode_utf8(&mut [0; 4]));
    }
    (s.to_owned(), String::new())
}
