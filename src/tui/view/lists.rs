//! The Claims, Sources, Experts and Caveats panes (or their tabs), each item
//! two lines: its essentials at a glance, then its text.

use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::style::{Modifier, Style};
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Paragraph};

use crate::briefing::Briefing;
use crate::briefing::links::Item;
use crate::text;
use crate::tui::app::{App, Pane};
use crate::tui::layout::{self, BriefingLayout, ITEM_HEIGHT};
use crate::tui::theme::Theme;

pub fn draw(app: &App, frame: &mut Frame, l: &BriefingLayout) {
    if let Some(slots) = l.tab_slots() {
        draw_tabs(app, frame, slots);
    }
    for pane in Pane::LISTS {
        if let Some(area) = l.pane(pane) {
            draw_list(app, frame, area, pane);
        }
    }
}

fn draw_tabs(app: &App, frame: &mut Frame, slots: [Rect; 4]) {
    let Some(r) = app.reader.as_ref() else {
        return;
    };
    for (slot, pane) in slots.iter().zip(Pane::LISTS) {
        let n = app.list_len(pane);
        let title = pane.title();
        // The longest label that fits the slot: "Claims 14", "Claims", "Cla 14", "Cl".
        let label = [
            format!("{title} {n}"),
            title.to_string(),
            format!("{} {n}", &title[..3]),
            title[..2].to_string(),
        ]
        .into_iter()
        .find(|l| text::width(l) < usize::from(slot.width))
        .unwrap_or_default();
        let style = if pane == r.current_list {
            app.theme.selected()
        } else {
            app.theme.muted()
        };
        let pad = usize::from(slot.width).saturating_sub(text::width(&label)) / 2;
        let line = Line::from(vec![Span::raw(" ".repeat(pad)), Span::styled(label, style)]);
        frame.render_widget(Paragraph::new(line), *slot);
    }
}

fn draw_list(app: &App, frame: &mut Frame, area: Rect, pane: Pane) {
    let (Some(r), Some(b)) = (app.reader.as_ref(), app.briefing()) else {
        return;
    };
    let theme = app.theme;
    let Some(li) = pane.list_index() else {
        return;
    };
    let focused = r.focus == pane;
    let len = app.list_len(pane);
    let linked_here = (0..len)
        .filter_map(|i| app.item_at(pane, i))
        .filter(|item| r.linked.contains(*item))
        .count();
    let total = app.briefing().map_or(0, |b| match pane {
        Pane::Claims => b.claims.len(),
        Pane::Sources => b.sources.len(),
        Pane::Experts => b.experts.len(),
        _ => b.caveats.len(),
    });
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
        let message = if app.filter.is_empty() {
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
        let Some(item) = app.item_at(pane, i) else {
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
        let star = if app.target_of(item).is_some_and(|t| app.is_marked(&t)) {
            Theme::MARK
        } else {
            " "
        };
        let essentials = text::truncate(&essentials, width.saturating_sub(3));
        let id_room = width.saturating_sub(text::width(&essentials) + 5);
        let id = if id_room >= 3 {
            format!("  {}", text::truncate(&id, id_room))
        } else {
            String::new()
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
        if app.item_matches(item) {
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

/// An item's essentials at a glance, its id, and its text.
pub fn describe(b: &Briefing, item: Item) -> (String, String, String) {
    match item {
        Item::Claim(i) => {
            let Some(c) = b.claims.get(i) else {
                return Default::default();
            };
            let confidence = c.likelihood.map_or("no confidence", |c| c.word());
            let sources = match c.sources.len() {
                1 => "1 source".to_string(),
                n => format!("{n} sources"),
            };
            (
                format!("{confidence} · {sources}"),
                c.id.to_string(),
                c.text.clone(),
            )
        }
        Item::Source(i) => {
            let Some(s) = b.sources.get(i) else {
                return Default::default();
            };
            let kind = s.kind.map_or("source", |k| k.word());
            let grade = s.reliability.map_or("ungraded", |r| r.word());
            (
                format!("{grade} · {kind}"),
                s.id.to_string(),
                s.name.clone(),
            )
        }
        Item::Expert(i) => {
            let Some(e) = b.experts.get(i) else {
                return Default::default();
            };
            let stance = e.stance.map_or("no stance", |s| s.word());
            let who = match &e.affiliation {
                Some(a) => format!("{}, {a}", e.name),
                None => e.name.clone(),
            };
            (
                format!("{stance} · {who}"),
                e.id.to_string(),
                e.says.clone().unwrap_or_default(),
            )
        }
        Item::Caveat(i) => {
            let Some(k) = b.caveats.get(i) else {
                return Default::default();
            };
            let applies: Vec<&str> = k.applies_to.iter().map(|r| r.value.as_str()).collect();
            let to = if applies.is_empty() {
                "general".to_string()
            } else {
                format!("on {}", applies.join(", "))
            };
            (to, k.id.to_string(), k.text.clone())
        }
    }
}
