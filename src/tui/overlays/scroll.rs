//! A box of wrapped lines that scrolls: what help and an item's detail are.
//! The lines are built when the layer opens and again on resize, never per frame.

use ratatui::Frame;
use ratatui::layout::Margin;
use ratatui::text::Line;
use ratatui::widgets::{Block, Clear, Paragraph};

use crate::tui::action::Action;
use crate::tui::layout;
use crate::tui::outcome::Step;
use crate::tui::shared::Shared;

#[derive(Debug, Clone, Default)]
pub struct Scrolled {
    pub lines: Vec<Line<'static>>,
    pub scroll: usize,
}

impl Scrolled {
    fn max(&self, shared: &Shared) -> usize {
        self.lines
            .len()
            .saturating_sub(layout::popup_rows(shared.size))
    }

    fn by(&mut self, shared: &Shared, delta: isize) {
        self.scroll = self
            .scroll
            .saturating_add_signed(delta)
            .min(self.max(shared));
    }

    /// New lines (after a resize), the scroll kept within them.
    pub fn replace(&mut self, shared: &Shared, lines: Vec<Line<'static>>) {
        self.lines = lines;
        self.scroll = self.scroll.min(self.max(shared));
    }

    /// Scrolling keys and the wheel; `close` are the actions that close the
    /// box; everything else is swallowed, as a popup is modal.
    pub fn update(&mut self, shared: &Shared, action: &Action, close: &[Action]) -> Step {
        if close.contains(action) {
            return Step::close();
        }
        match action {
            Action::Down => self.by(shared, 1),
            Action::Up => self.by(shared, -1),
            Action::PageDown => self.by(shared, 10),
            Action::PageUp => self.by(shared, -10),
            Action::ScrollDown { .. } => self.by(shared, 3),
            Action::ScrollUp { .. } => self.by(shared, -3),
            Action::Top => self.scroll = 0,
            Action::Bottom => self.scroll = self.max(shared),
            _ => {}
        }
        Step::consumed()
    }

    pub fn view(&self, shared: &Shared, frame: &mut Frame, title: &str) {
        self.view_marked(shared, frame, title, None);
    }

    /// As [`Scrolled::view`], the line at `marked` (a selected link) reversed.
    pub fn view_marked(
        &self,
        shared: &Shared,
        frame: &mut Frame,
        title: &str,
        marked: Option<usize>,
    ) {
        let area = layout::popup(shared.size);
        let rows = layout::popup_rows(shared.size);
        let scroll = self.scroll.min(self.lines.len().saturating_sub(rows));
        let more = self.lines.len() > scroll + rows;
        let block = Block::bordered()
            .title(title.to_owned())
            .title_bottom(if more { " ↓ more " } else { "" })
            .border_style(shared.theme.focused());
        frame.render_widget(Clear, area);
        frame.render_widget(block, area);
        let shown: Vec<Line> = self
            .lines
            .iter()
            .enumerate()
            .skip(scroll)
            .take(rows)
            .map(|(i, l)| {
                if Some(i) == marked {
                    l.clone().patch_style(shared.theme.selected())
                } else {
                    l.clone()
                }
            })
            .collect();
        frame.render_widget(Paragraph::new(shown), area.inner(Margin::new(2, 1)));
    }
}
