//! The library's facet sidebar: actors and countries of the briefings under
//! the filter, with how many briefings have each; selected ones checked.

use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Paragraph};

use super::{FacetRow, State, facet, facet_rows};
use crate::text;
use crate::tui::layout;
use crate::tui::shared::Shared;

pub fn draw(state: &State, shared: &Shared, frame: &mut Frame, area: Rect) {
    let theme = shared.theme;
    let focused = state.facets_focused;
    let block = Block::bordered()
        .title(" Countries · Actors ")
        .border_style(if focused {
            theme.focused()
        } else {
            theme.unfocused()
        });
    let inner = layout::inner(area);
    frame.render_widget(block, area);
    let width = usize::from(inner.width);
    let rows = facet_rows(shared);
    let lines: Vec<Line> = rows
        .iter()
        .enumerate()
        .skip(state.facet_offset)
        .take(usize::from(inner.height))
        .filter_map(|(pos, row)| {
            let facet = facet(shared, *row)?;
            let mark = if facet.selected { "[x] " } else { "[ ] " };
            let count = facet.count.to_string();
            let room = width.saturating_sub(4 + count.len() + 1);
            let label = text::truncate(&facet.label, room);
            let gap = " ".repeat(room.saturating_sub(text::width(&label)) + 1);
            // Countries read apart from actors by their muted code column.
            let label_style = match row {
                FacetRow::Actor(_) => ratatui::style::Style::new(),
                FacetRow::Country(_) => theme.muted(),
            };
            let mut line = Line::from(vec![
                Span::raw(mark),
                Span::styled(label, label_style),
                Span::raw(gap),
                Span::styled(count, theme.muted()),
            ]);
            if facet.selected {
                line = line.patch_style(theme.linked());
            }
            if focused && pos == state.facet_selected {
                line = line.patch_style(theme.selected());
            }
            Some(line)
        })
        .collect();
    frame.render_widget(Paragraph::new(lines), inner);
}
