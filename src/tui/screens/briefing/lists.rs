//! The Claims, Sources, Experts and Caveats panes (or their tabs), each item
//! two lines: its essentials at a glance, then its text.

use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::style::{Modifier, Style};
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Paragraph};

use super::State;
use crate::text;
use crate::tui::layout::{self, BriefingLayout, ITEM_HEIGHT, Pane};
use crate::tui::shared::Shared;
use crate::tui::theme::Theme;
use crate::tui::widgets::items::describe;

pub fn draw(r: &State, shared: &Shared, frame: &mut Frame, l: &BriefingLayout) {
    if let Some(bar) = l.tabs {
        let labels = r.tab_labels(bar.width);
        if let Some(slots) = l.tab_slots(labels.clone().map(|s| text::width(&s) as u16)) {
            draw_tabs(r, shared, frame, slots, labels);
        }
    }
    for pane in Pane::LISTS {
        if let Some(area) = l.pane(pane) {
            draw_list(r, shared, frame, area, pane);
        }
    }
}

fn draw_tabs(r: &State, shared: &Shared, frame: &mut Frame, slots: [Rect; 4], labels: [String; 4]) {
    for ((slot, pane), label) in slots.iter().zip(Pane::LISTS).zip(labels) {
        let style = if pane == r.current_list {
            shared.theme.selected()
        } else {
            shared.theme.muted()
        };
        frame.render_widget(
            Paragraph::new(Line::from(Span::styled(label, style))),
            *slot,
        );
    }
}

fn draw_list(r: &State, shared: &Shared, frame: &mut Frame, area: Rect, pane: Pane) {
    let Some(b) = r.briefing(shared) else {
        return;
    };
    let theme = shared.theme;
    let Some(li) = pane.list_index() else {
        return;
    };
    let focused = r.focus == pane;
    let len = r.list_len(pane);
    let linked_here = (0..len)
        .filter_map(|i| r.item_at(pane, i))
        .filter(|item| r.linked.contains(*item))
        .count();
    let total = match pane {
        Pane::Claims => b.claims.len(),
        Pane::Sources => b.sources.len(),
        Pane::Experts => b.experts.len(),
        _ => b.caveats.len(),
    };
    let mut title = if len == total {
        format!(" {} {len} ", pane.title())
    } else {
        format!(" {} {len} of {total} ", pane.title())
    };
    if linked_here > 0 {
        title.push_str(&format!("· {} {linked_here} linked ", Theme::LINK_MARK));
    }
    let block = Block::bordered().title(title).border_style(if focused {
        theme.focused()
    } else {
        theme.unfocused()
    });
    let body = layout::inner(area);
    frame.render_widget(block, area);
    if len == 0 {
        let what = pane.title().to_lowercase();
        let message = if shared.filter.is_empty() {
            format!("No {what}.")
        } else {
            format!("No {what} related to the filter.")
        };
        frame.render_widget(Paragraph::new(message).style(theme.muted()), body);
        return;
    }
    let width = usize::from(body.width);
    let heights = r.text_heights(shared, pane, body);
    // A pane too short for one item of two lines still shows it, on one line.
    let visible = match &heights {
        Some(_) => len,
        None => (usize::from(body.height) / ITEM_HEIGHT).max(1),
    };
    let mut lines = Vec::new();
    for i in (r.offsets[li]..len).take(visible) {
        let Some(item) = r.item_at(pane, i) else {
            continue;
        };
        // The selection shows in the list whose item is current; elsewhere it would
        // read as a second selection.
        let selected = r.selected[li] == i && r.current_list == pane;
        let linked = r.linked.contains(item);
        let (essentials, id, body_text) = describe(b, item);
        let marker = if selected {
            "▶"
        } else if linked {
            Theme::LINK_MARK
        } else {
            " "
        };
        // A second column carries the analyst's mark, so it reads without colour.
        let star = if r
            .target_of(shared, item)
            .is_some_and(|t| r.is_marked(shared, &t))
        {
            Theme::MARK
        } else {
            " "
        };
        // The id is never cut: the essentials give way to it. An item with a
        // note says so after its id.
        let has_note = r
            .target_of(shared, item)
            .is_some_and(|t| r.marks_of(shared).and_then(|m| m.note(&t)).is_some());
        let id = if has_note {
            format!("  {id} {}", Theme::NOTE_MARK)
        } else {
            format!("  {id}")
        };
        let room = width.saturating_sub(3);
        let (essentials, id) = if text::width(&id) <= room {
            (text::truncate(&essentials, room - text::width(&id)), id)
        } else {
            (String::new(), text::truncate(id.trim_start(), room))
        };
        let mut first = Line::from(vec![
            Span::raw(marker),
            Span::styled(star, theme.marked()),
            Span::raw(" "),
            Span::raw(essentials),
            Span::styled(id, theme.muted()),
        ]);
        let room = width.saturating_sub(3);
        let rows = heights
            .as_ref()
            .and_then(|h| h.get(i))
            .copied()
            .unwrap_or(1);
        let mut text_lines: Vec<Line<'static>> = item_lines(&body_text, room, rows)
            .into_iter()
            .map(|l| Line::from(vec![Span::raw("   "), Span::raw(l)]))
            .collect();
        if usize::from(body.height) < ITEM_HEIGHT {
            text_lines.clear();
        }
        if r.item_matches(shared, item) {
            text_lines = text_lines
                .into_iter()
                .map(|l| l.patch_style(theme.search_match()))
                .collect();
        }
        if linked {
            first = first.patch_style(theme.linked());
            text_lines = text_lines
                .into_iter()
                .map(|l| l.patch_style(theme.linked()))
                .collect();
        }
        if selected {
            // The selection in a pane without focus stays visible, underlined.
            let style = if focused {
                theme.selected()
            } else {
                Style::new().add_modifier(Modifier::UNDERLINED | Modifier::BOLD)
            };
            first = pad(first, width).patch_style(style);
            text_lines = text_lines
                .into_iter()
                .map(|l| pad(l, width).patch_style(style))
                .collect();
        }
        lines.push(first);
        lines.extend(text_lines);
    }
    frame.render_widget(Paragraph::new(lines), body);
}

/// An item's text in at most `rows` lines of `width` columns: wrapped,
/// the last line cut with `…` when there is more.
pub fn item_lines(body: &str, width: usize, rows: usize) -> Vec<String> {
    if rows <= 1 {
        return vec![text::truncate(body, width)];
    }
    let wrapped = text::wrap(body, width.max(1));
    let mut out: Vec<String> = wrapped
        .iter()
        .take(rows)
        .map(|l| body[l.start..l.end].to_owned())
        .collect();
    if wrapped.len() > rows
        && let Some(last) = out.last_mut()
    {
        *last = text::truncate(&format!("{last} …"), width);
    }
    if out.is_empty() {
        out.push(String::new());
    }
    out
}

/// Fills a line with spaces to `width`, so a reversed selection is a full bar.
fn pad(mut line: Line<'static>, width: usize) -> Line<'static> {
    let used: usize = line.spans.iter().map(|s| text::width(&s.content)).sum();
    if used < width {
        line.spans.push(Span::raw(" ".repeat(width - used)));
    }
    line
}
