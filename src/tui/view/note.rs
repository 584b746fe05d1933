//! The note editor and the export question, drawn over the briefing.

use ratatui::Frame;
use ratatui::layout::{Margin, Rect};
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Clear, Paragraph};

use crate::export::Scope;
use crate::text;
use crate::tui::app::App;
use crate::tui::keymap::{self, Context};
use crate::tui::layout;

pub fn draw_editor(app: &App, frame: &mut Frame, size: Rect) {
    let Some(editing) = app.note.as_ref() else {
        return;
    };
    let theme = app.theme;
    let area = layout::centered(
        size,
        size.width.saturating_sub(4).min(80),
        14.min(size.height),
    );
    let inner = area.inner(Margin::new(2, 1));
    let width = usize::from(inner.width).max(1);
    frame.render_widget(Clear, area);
    frame.render_widget(
        Block::bordered()
            .title(format!(" Note on {} ", editing.target))
            .title_bottom(format!(" {} ", hints(Context::Editor)))
            .border_style(theme.focused()),
        area,
    );
    // Wrap each line of the note; find the row and column of the cursor.
    let body = editing.editor.text();
    let cursor = editing.editor.cursor();
    let mut rows: Vec<String> = Vec::new();
    let mut cursor_at = (0usize, 0usize);
    let mut offset = 0;
    for line in body.split('\n') {
        let wrapped = text::wrap(line, width.saturating_sub(1));
        for (k, w) in wrapped.iter().enumerate() {
            let (start, end) = (offset + w.start, offset + w.end);
            let last = k + 1 == wrapped.len();
            if cursor >= start && (cursor < end || (cursor == end && last)) {
                cursor_at = (rows.len(), text::width(&body[start..cursor]));
            }
            rows.push(body[start..end].to_owned());
        }
        offset += line.len() + 1;
    }
    let height = usize::from(inner.height);
    let top = cursor_at.0.saturating_sub(height.saturating_sub(1));
    let lines: Vec<Line> = rows
        .iter()
        .enumerate()
        .skip(top)
        .take(height)
        .map(|(i, row)| {
            if i != cursor_at.0 {
                return Line::raw(row.clone());
            }
            // The cursor is drawn as a reversed cell, so it shows without colour.
            let mut before = String::new();
            let mut under = String::from(" ");
            let mut after = String::new();
            let mut used = 0;
            for g in unicode_segmentation::UnicodeSegmentation::graphemes(row.as_str(), true) {
                if used < cursor_at.1 {
                    before.push_str(g);
                } else if used == cursor_at.1 && under == " " && after.is_empty() {
                    under = g.to_owned();
                } else {
                    after.push_str(g);
                }
                used += text::width(g);
            }
            Line::from(vec![
                Span::raw(before),
                Span::styled(under, theme.selected()),
                Span::raw(after),
            ])
        })
        .collect();
    frame.render_widget(Paragraph::new(lines), inner);
}

pub fn draw_prompt(app: &App, frame: &mut Frame, size: Rect) {
    let Some(prompt) = app.export_prompt else {
        return;
    };
    let theme = app.theme;
    let question = match prompt.scope {
        Scope::Marked => format!(
            "Export the {} marked item(s) of this briefing.",
            prompt.count
        ),
        Scope::All => format!(
            "Nothing is marked. Export all {} item(s){}?",
            prompt.count,
            if app.filter.is_empty() {
                String::new()
            } else {
                " under the filter".into()
            }
        ),
    };
    let area = layout::centered(
        size,
        size.width.saturating_sub(4).min(72),
        7.min(size.height),
    );
    let inner = area.inner(Margin::new(2, 1));
    frame.render_widget(Clear, area);
    frame.render_widget(
        Block::bordered()
            .title(" Export summary ")
            .border_style(theme.focused()),
        area,
    );
    let mut lines = vec![Line::raw(question), Line::default()];
    let mut keys = Vec::new();
    for (key, help) in keymap::hints(Context::Prompt) {
        keys.push(Span::styled(key, theme.key()));
        keys.push(Span::raw(format!(" {help}   ")));
    }
    lines.push(Line::from(keys));
    lines.push(Line::styled(
        "The file is written to the current folder; the status line says where.",
        theme.muted(),
    ));
    frame.render_widget(
        Paragraph::new(lines).wrap(ratatui::widgets::Wrap { trim: true }),
        inner,
    );
}

fn hints(context: Context) -> String {
    keymap::hints(context)
        .into_iter()
        .map(|(k, h)| format!("{k} {h}"))
        .collect::<Vec<_>>()
        .join(" · ")
}
