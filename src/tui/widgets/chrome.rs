//! The title row and the status row every screen has, and the notice for a
//! terminal too small to draw in.

use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::style::Style;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Clear, Paragraph};

use crate::text;
use crate::tui::action::Action;
use crate::tui::keymap::Context;
use crate::tui::layout;
use crate::tui::shared::Shared;

/// The title row: what is open on the left, context on the right.
pub fn header(shared: &Shared, frame: &mut Frame, area: Rect, title: &str, right: &str) {
    header_with_badge(shared, frame, area, title, None, right);
}

/// [`header`] with a badge before the right side, in its own style: a
/// briefing's TLP marking, which must show whatever else is cut.
pub fn header_with_badge(
    shared: &Shared,
    frame: &mut Frame,
    area: Rect,
    title: &str,
    badge: Option<(&str, Style)>,
    right: &str,
) {
    let width = usize::from(area.width);
    let badge_width = badge.map_or(0, |(b, _)| text::width(b) + 1);
    // The title matters most: the badge and the right side get what is
    // left, up to a third; or half when the right side says what the
    // filter hides, which is worth more than the end of the title.
    let share = if shared.filter.is_empty() {
        (width / 3).saturating_sub(badge_width)
    } else {
        width / 2
    };
    let title_floor = text::width(title)
        .min(width / 2)
        .saturating_sub(badge_width);
    let right_room = share.min(width.saturating_sub(title_floor + 3 + badge_width));
    let right = text::truncate(right, right_room);
    let left_width = width.saturating_sub(text::width(&right) + badge_width + 1);
    let left = text::truncate(&format!(" {title}"), left_width);
    let gap = width.saturating_sub(text::width(&left) + badge_width + text::width(&right));
    let theme = shared.theme;
    let mut spans = vec![
        Span::styled(left, theme.title()),
        Span::raw(" ".repeat(gap)),
    ];
    if let Some((words, style)) = badge {
        spans.push(Span::styled(words.to_string(), style));
        spans.push(Span::raw(" "));
    }
    spans.push(Span::styled(right, theme.muted()));
    frame.render_widget(
        Paragraph::new(Line::from(spans)).style(theme.status()),
        area,
    );
}

/// The status row: a message, else the search in effect and key hints from
/// the key map for `context`; `position` on the right.
pub fn status(
    shared: &Shared,
    frame: &mut Frame,
    area: Rect,
    context: Context,
    search: Option<&str>,
    position: &str,
) {
    let theme = shared.theme;
    let help = match shared
        .keys
        .keys_of(Context::Everywhere, &Action::Help)
        .first()
    {
        Some(k) if !context.is_modal() => format!("{} help ", k.label()),
        _ => String::new(),
    };
    let position = format!("{help}{position}");
    let position = position.as_str();
    let mut spans = Vec::new();
    if let Some(message) = &shared.message {
        spans.push(Span::raw(format!(" {message}")));
    } else {
        if let Some(query) = search.filter(|q| !q.is_empty()) {
            spans.push(Span::styled(
                format!(" “{query}” {} ·", shared.keys.match_keys()),
                theme.muted(),
            ));
        }
        // Each hint is a key and its words; a hint is shown whole or not at all.
        let room = usize::from(area.width).saturating_sub(text::width(position) + 1);
        let mut used: usize = spans.iter().map(|s| text::width(&s.content)).sum();
        for (key, help) in shared.keys.hints(context) {
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

pub fn too_small(frame: &mut Frame, size: Rect) {
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
