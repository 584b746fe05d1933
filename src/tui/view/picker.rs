//! The filter picker: type to narrow the actors and countries, Enter to add
//! or remove the highlighted one. The filter applies at once, under it.

use ratatui::Frame;
use ratatui::layout::{Margin, Rect};
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Clear, Paragraph};

use crate::text;
use crate::tui::app::App;
use crate::tui::filtering::ChoiceKind;
use crate::tui::layout;

fn area(size: Rect) -> Rect {
    layout::centered(
        size,
        size.width.saturating_sub(4).min(76),
        size.height.saturating_sub(2).min(26),
    )
}

/// Rows of choices the picker shows at once on a screen of `size`.
pub fn visible_rows(size: Rect) -> usize {
    usize::from(area(size).height.saturating_sub(4))
}

pub fn draw(app: &App, frame: &mut Frame, size: Rect) {
    let Some(p) = app.picker.as_ref() else {
        return;
    };
    let theme = app.theme;
    let area = area(size);
    let inner = area.inner(Margin::new(2, 1));
    let width = usize::from(inner.width);
    let title = match app.filter_summary() {
        Some(summary) => format!(" {} ", text::truncate(&summary, width.saturating_sub(2))),
        None => " Filter by actor or country ".to_string(),
    };
    frame.render_widget(Clear, area);
    frame.render_widget(
        Block::bordered().title(title).border_style(theme.focused()),
        area,
    );
    let mut lines = vec![
        Line::from(vec![
            Span::styled("› ", theme.key()),
            Span::raw(p.query.clone()),
            Span::styled("▏", theme.key()),
        ]),
        Line::styled(
            text::truncate(
                &format!(
                    "{} of {} · type to narrow · Enter add/remove · Esc close",
                    p.shown.len(),
                    p.choices.len()
                ),
                width,
            ),
            theme.muted(),
        ),
    ];
    let rows = visible_rows(size);
    if p.shown.is_empty() {
        lines.push(Line::styled("nothing matches", theme.muted()));
    }
    for (pos, &i) in p.shown.iter().enumerate().skip(p.offset).take(rows) {
        let Some(choice) = p.choices.get(i) else {
            continue;
        };
        let mark = if app.chosen(choice) { "[x] " } else { "[ ] " };
        let kind = match choice.kind {
            ChoiceKind::Actor => "",
            ChoiceKind::Country => "",
        };
        let label = text::truncate(
            &format!("{kind}{}", choice.label),
            width.saturating_sub(4) / 2,
        );
        let room = width.saturating_sub(4 + text::width(&label) + 2);
        let detail = text::truncate(&choice.detail, room);
        let mut line = Line::from(vec![
            Span::raw(mark),
            Span::raw(label),
            Span::raw("  "),
            Span::styled(detail, theme.muted()),
        ]);
        if app.chosen(choice) {
            line = line.patch_style(theme.linked());
        }
        if pos == p.selected {
            let used: usize = line.spans.iter().map(|s| text::width(&s.content)).sum();
            line.spans
                .push(Span::raw(" ".repeat(width.saturating_sub(used))));
            line = line.patch_style(theme.selected());
        }
        lines.push(line);
    }
    frame.render_widget(Paragraph::new(lines), inner);
}
