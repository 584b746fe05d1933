//! The marked view: a briefing's marked claims in the order the brief gives
//! them as key judgements. `J` and `K` move the selected one later or
//! earlier; the order is kept in the marks file and saved at once.

use std::any::Any;

use ratatui::Frame;
use ratatui::layout::Margin;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Clear, Paragraph};

use crate::text;
use crate::tui::action::{Action, Effect};
use crate::tui::keymap::Context;
use crate::tui::layout;
use crate::tui::outcome::{Overlay, Step};
use crate::tui::shared::Shared;

pub struct Judgements {
    /// Index of the briefing in the library.
    pub briefing: usize,
    pub selected: usize,
}

impl Judgements {
    pub fn new(briefing: usize) -> Judgements {
        Judgements {
            briefing,
            selected: 0,
        }
    }

    /// The ids of the marked claims, in the brief's order.
    pub fn order(&self, shared: &Shared) -> Vec<String> {
        let Some(b) = shared.library.briefings.get(self.briefing) else {
            return Vec::new();
        };
        shared
            .marks_of(&b.id)
            .map(|m| m.judgements(b).iter().map(|c| c.id.to_string()).collect())
            .unwrap_or_default()
    }

    fn shift(&mut self, shared: &mut Shared, delta: isize) {
        let order = self.order(shared);
        let Some(claim) = order.get(self.selected).cloned() else {
            return;
        };
        let Some(b) = shared.library.briefings.get(self.briefing) else {
            return;
        };
        let id = b.id.to_string();
        let moved = shared
            .marks
            .get_mut(&id)
            .is_some_and(|m| m.move_judgement(b, &claim, delta));
        if moved {
            self.selected = self
                .selected
                .saturating_add_signed(delta)
                .min(order.len().saturating_sub(1));
            shared.effects.push(Effect::SaveMarks(id));
            shared.message = Some(text::clean(&format!(
                "{claim} is now key judgement {} of {}",
                self.selected + 1,
                order.len()
            )));
        }
    }
}

impl Overlay for Judgements {
    fn update(&mut self, shared: &mut Shared, action: &Action) -> Step {
        let count = self.order(shared).len();
        match action {
            Action::Down => self.selected = (self.selected + 1).min(count.saturating_sub(1)),
            Action::Up => self.selected = self.selected.saturating_sub(1),
            Action::MoveLater => self.shift(shared, 1),
            Action::MoveEarlier => self.shift(shared, -1),
            Action::Back => return Step::close(),
            _ => {}
        }
        Step::consumed()
    }

    fn view(&self, shared: &Shared, frame: &mut Frame) {
        let theme = shared.theme;
        let order = self.order(shared);
        let area = layout::popup(shared.size);
        let inner = area.inner(Margin::new(1, 1));
        frame.render_widget(Clear, area);
        let hints: Vec<String> = shared
            .keys
            .hints(Context::Judgements)
            .into_iter()
            .map(|(k, h)| format!("{k} {h}"))
            .collect();
        frame.render_widget(
            Block::bordered()
                .title(" Key judgements: the marked claims in the brief's order ")
                .title_bottom(format!(" {} ", hints.join(" · ")))
                .border_style(theme.focused()),
            area,
        );
        let b = shared.library.briefings.get(self.briefing);
        let width = usize::from(inner.width).saturating_sub(8);
        let mut lines: Vec<Line> = Vec::new();
        if order.is_empty() {
            lines.push(Line::styled(
                "No claim is marked: mark claims (space) to make them key judgements.",
                theme.muted(),
            ));
        }
        for (n, id) in order.iter().enumerate() {
            let claim = b.and_then(|b| b.claims.iter().find(|c| c.id == id.as_str()));
            let words = claim.map_or(String::new(), |c| c.text.to_string());
            let row = format!(
                "{:>2}. {} ({id})",
                n + 1,
                text::truncate(&words, width.saturating_sub(id.len() + 3))
            );
            let style = if n == self.selected {
                theme.selected()
            } else {
                ratatui::style::Style::default()
            };
            lines.push(Line::from(Span::styled(row, style)));
        }
        frame.render_widget(Paragraph::new(lines), inner);
    }

    fn context(&self) -> Context {
        Context::Judgements
    }

    fn as_any(&self) -> &dyn Any {
        self
    }
}
