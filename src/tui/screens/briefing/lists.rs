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
    let visible = usize::from(body.height) / ITEM_HEIGHT;
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
        let mut second = Line::from(vec![
            Span::raw("   "),
            Span::raw(text::truncate(&body_text, width.saturating_sub(3))),
        ]);
        if r.item_matches(shared, item) {
            second = second.patch_style(theme.search_match());
        }
        if linked {
            first = first.patch_style(theme.linked());
            second = second.patch_style(theme.linked());
        }
        if selected {
            // The selection in a pane without focus stays visible, underlined.
            let style = if focused {
                theme.selected()
            } else {
                Style::new().add_modifier(Modifier::UNDERLINED | Modifier::BOLD)
            };
            first = pad(first, width).patch_style(style);
            second = pad(second, width).patch_style(style);
        }
        lines.push(first);
        lines.push(second);
    }
    frame.render_widget(Paragraph::new(lines), body);
}

/// Fills a line with spaces to `width`, so a reversed selection is a full bar.
fn pad(mut line: Line<'static>, width: usize) -> Line<'static> {
    let used: usize = line.spans.iter().map(|s| text::width(&s.content)).sum();
    if used < width {
        line.spans.push(Span::raw(" ".repeat(width - used)));
    }
    line
}
