//! Drawing: `view(&App, &mut Frame)` reads the state and draws it, one
//! function per screen and pane. Nothing here changes state or does I/O.

mod article;
mod facets;
mod glyphs;
mod library;
mod lists;
mod note;
mod overview;
pub mod picker;
pub mod popup;

use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::style::Style;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Clear, Paragraph};

use super::app::{App, Popup, Screen};
use super::keymap;
use super::layout;
use crate::text;

pub fn view(app: &App, frame: &mut Frame) {
    let size = frame.area();
    if layout::too_small(size) {
        too_small(frame, size);
        return;
    }
    match app.screen {
        Screen::Library => library::draw(app, frame, size),
        Screen::Briefing => draw_briefing(app, frame, size),
        Screen::Overview => overview::draw(app, frame, size),
    }
    match app.popup {
        Some(Popup::Help) => popup::draw_help(app, frame, size),
        Some(Popup::Detail(item)) => popup::draw_detail(app, frame, size, item),
        None => {}
    }
    if app.picker.is_some() {
        picker::draw(app, frame, size);
    }
    note::draw_prompt(app, frame, size);
    note::draw_editor(app, frame, size);
    glyphs::steady(frame.buffer_mut());
}

fn draw_briefing(app: &App, frame: &mut Frame, size: Rect) {
    let Some(b) = app.briefing() else {
        return;
    };
    let layout = app.briefing_layout();
    let date = b.published.map(|d| d.to_string()).unwrap_or_default();
    let outlet = b.outlet.as_deref().unwrap_or("");
    // Under a filter the header says what is filtered instead of where from.
    let right = app.filter_summary().unwrap_or_else(|| {
        [outlet, date.as_str()]
            .iter()
            .filter(|s| !s.is_empty())
            .copied()
            .collect::<Vec<_>>()
            .join(" · ")
    });
    header(app, frame, layout.header, &b.title, &right);
    article::draw(app, frame, layout.article);
    lists::draw(app, frame, &layout);
    let tally = app.briefing_marks().map(|m| m.tally(b));
    let position = match tally {
        Some(t) if t.marked + t.orphaned > 0 => format!("★ {t} "),
        _ => String::new(),
    };
    status(app, frame, layout.status, &position);
    let _ = size;
}

/// The title row: what is open on the left, context on the right.
pub(super) fn header(app: &App, frame: &mut Frame, area: Rect, title: &str, right: &str) {
    let width = usize::from(area.width);
    // The title matters most: the right side gets what is left, up to a
    // third, or half when it says what the filter hides.
    let share = if app.filter.is_empty() {
        width / 3
    } else {
        width / 2
    };
    let right_room = share.min(width.saturating_sub(text::width(title).min(width / 2) + 3));
    let right = text::truncate(right, right_room);
    let left_width = width.saturating_sub(text::width(&right) + 1);
    let left = text::truncate(&format!(" {title}"), left_width);
    let gap = width.saturating_sub(text::width(&left) + text::width(&right));
    let line = Line::from(vec![
        Span::styled(left, app.theme.title()),
        Span::raw(" ".repeat(gap)),
        Span::styled(right, app.theme.muted()),
    ]);
    frame.render_widget(Paragraph::new(line).style(app.theme.status()), area);
}

/// The status row: the search line while typing, else a message, else key
/// hints from the key map; `position` on the right.
pub(super) fn status(app: &App, frame: &mut Frame, area: Rect, position: &str) {
    let theme = app.theme;
    let help = if app.popup.is_none() && !app.search.editing {
        "? help "
    } else {
        ""
    };
    let position = format!("{help}{position}");
    let position = position.as_str();
    let mut spans = Vec::new();
    if app.search.editing {
        spans.push(Span::styled(" /", theme.key()));
        spans.push(Span::raw(app.search.query.clone()));
        spans.push(Span::styled("▏", theme.key()));
        spans.push(Span::styled("  Enter search · Esc cancel", theme.muted()));
    } else if let Some(message) = &app.message {
        spans.push(Span::raw(format!(" {message}")));
    } else {
        if !app.search.query.is_empty() {
            spans.push(Span::styled(
                format!(" “{}” n/N ·", app.search.query),
                theme.muted(),
            ));
        }
        // Each hint is a key and its words; a hint is shown whole or not at all.
        let room = usize::from(area.width).saturating_sub(text::width(position) + 1);
        let mut used: usize = spans.iter().map(|s| text::width(&s.content)).sum();
        for (key, help) in keymap::hints(app.context()) {
            let key = format!(" {key}");
            let help = format!(" {help} ");
            let w = text::width(&key) + text::width(&help);
            if used + w > room {
                break;
            }
            used += w;
            spans.push(Span::styled(key, theme.key()));
            spans.push(Span::styled(help, theme.muted()));
        }
    }
    let line = fit(
        spans,
        usize::from(area.width).saturating_sub(text::width(position) + 1),
    );
    let mut spans = line.spans;
    let used: usize = spans.iter().map(|s| text::width(&s.content)).sum();
    let gap = usize::from(area.width).saturating_sub(used + text::width(position));
    spans.push(Span::raw(" ".repeat(gap)));
    spans.push(Span::styled(position.to_owned(), theme.muted()));
    frame.render_widget(
        Paragraph::new(Line::from(spans)).style(theme.status()),
        area,
    );
}

/// Keeps whole spans while they fit in `width` columns; drops the rest.
fn fit(spans: Vec<Span<'static>>, width: usize) -> Line<'static> {
    let mut used = 0;
    let mut kept = Vec::new();
    for span in spans {
        let w = text::width(&span.content);
        if used + w > width {
            let room = width.saturating_sub(used);
            if room > 1 && kept.is_empty() {
                kept.push(Span::styled(
                    text::truncate(&span.content, room),
                    span.style,
                ));
            }
            break;
        }
        used += w;
        kept.push(span);
    }
    Line::from(kept)
}

fn too_small(frame: &mut Frame, size: Rect) {
    frame.render_widget(Clear, size);
    let lines = [
        "Terminal too small".to_string(),
        format!(
            "{}x{}, needs {}x{}",
            size.width,
            size.height,
            layout::MIN_WIDTH,
            layout::MIN_HEIGHT
        ),
    ];
    let top = size.height.saturating_sub(2) / 2;
    for (i, l) in lines.iter().enumerate() {
        let y = top.saturating_add(i as u16);
        if y >= size.height {
            break;
        }
        let l = text::truncate(l, size.width.into());
        let x = size.width.saturating_sub(text::width(&l) as u16) / 2;
        let area = Rect::new(x, y, size.width - x, 1);
        frame.render_widget(Paragraph::new(l).style(Style::new()), area);
    }
}
