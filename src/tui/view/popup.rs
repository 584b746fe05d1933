//! Popups over the screen: help, generated from the key map, and an item's
//! full detail with every link. Content is wrapped here, to the popup's
//! width, so the state can bound scrolling by the same line count.

use ratatui::Frame;
use ratatui::layout::{Margin, Rect};
use ratatui::style::Style;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Clear, Paragraph};

use super::lists::describe;
use crate::briefing::Briefing;
use crate::briefing::links::Item;
use crate::text;
use crate::tui::app::{App, Popup};
use crate::tui::keymap;
use crate::tui::layout;
use crate::tui::theme::{Theme, Theme as T};

/// The popup's frame on a screen of `size`.
pub fn area(size: Rect) -> Rect {
    layout::centered(
        size,
        size.width.saturating_sub(4).min(96),
        size.height.saturating_sub(2),
    )
}

fn text_width(size: Rect) -> usize {
    usize::from(area(size).width.saturating_sub(4)).max(1)
}

/// Lines the open popup has, wrapped for a screen of `size`.
pub fn line_count(app: &App, size: Rect) -> usize {
    match app.popup {
        Some(Popup::Help) => help_lines(app.theme, text_width(size)).len(),
        Some(Popup::Detail(item)) => detail_lines(app, item, text_width(size)).len(),
        None => 0,
    }
}

/// Rows of content visible in the popup.
pub fn visible_rows(size: Rect) -> usize {
    usize::from(area(size).height.saturating_sub(2))
}

pub fn draw_help(app: &App, frame: &mut Frame, size: Rect) {
    let lines = help_lines(app.theme, text_width(size));
    draw_popup(app, frame, size, " Help · Esc closes ", lines);
}

pub fn draw_detail(app: &App, frame: &mut Frame, size: Rect, item: Item) {
    let lines = detail_lines(app, item, text_width(size));
    let title = match item {
        Item::Claim(_) => " Claim ",
        Item::Source(_) => " Source ",
        Item::Expert(_) => " Expert ",
        Item::Caveat(_) => " Caveat ",
    };
    draw_popup(app, frame, size, title, lines);
}

fn draw_popup(app: &App, frame: &mut Frame, size: Rect, title: &str, lines: Vec<Line<'static>>) {
    let area = area(size);
    let rows = visible_rows(size);
    let scroll = usize::from(app.popup_scroll).min(lines.len().saturating_sub(rows));
    let more = lines.len() > scroll + rows;
    let block = Block::bordered()
        .title(title.to_owned())
        .title_bottom(if more { " ↓ more " } else { "" })
        .border_style(app.theme.focused());
    frame.render_widget(Clear, area);
    frame.render_widget(block, area);
    let shown: Vec<Line> = lines.into_iter().skip(scroll).take(rows).collect();
    frame.render_widget(Paragraph::new(shown), area.inner(Margin::new(2, 1)));
}

fn help_lines(theme: Theme, width: usize) -> Vec<Line<'static>> {
    let mut lines = Vec::new();
    let key_width = 26.min(width / 2);
    let row = |keys: &str, what: &str| {
        let keys = text::truncate(keys, key_width);
        let pad = " ".repeat(key_width.saturating_sub(text::width(&keys)) + 1);
        Line::from(vec![
            Span::styled(keys, theme.key()),
            Span::raw(pad),
            Span::raw(text::truncate(what, width.saturating_sub(key_width + 1))),
        ])
    };
    for (section, bindings) in keymap::help_sections() {
        if bindings.is_empty() {
            continue;
        }
        lines.push(Line::styled(section, theme.title()));
        for (keys, what) in bindings {
            lines.push(row(&keys, what));
        }
        lines.push(Line::default());
    }
    lines.push(Line::styled("Search line", theme.title()));
    for (keys, what) in keymap::TEXT_INPUT_HELP {
        lines.push(row(keys, what));
    }
    lines.push(Line::default());
    lines.push(Line::styled("Mouse", theme.title()));
    lines.push(row("click", "focus a pane, select an item; again to open"));
    lines.push(row("wheel", "scroll the pane under the pointer"));
    lines.push(Line::default());
    lines.push(Line::styled("Marks in the article", theme.title()));
    let sample = |label: &'static str, style: Style, what: &str| {
        Line::from(vec![
            Span::styled(label, style),
            Span::raw(" ".repeat(key_width.saturating_sub(text::width(label)) + 1)),
            Span::raw(what.to_owned()),
        ])
    };
    lines.push(sample(
        "claim",
        theme.anchor(Item::Claim(0)),
        "underlined: a claim's quote",
    ));
    lines.push(sample(
        "expert",
        theme.anchor(Item::Expert(0)),
        "italic, underlined: an expert's words",
    ));
    lines.push(sample(
        "caveat",
        theme.anchor(Item::Caveat(0)),
        "italic: a caveat's quote",
    ));
    lines.push(sample(
        "current",
        theme.current_anchor(),
        "reversed: the selected item's quote",
    ));
    lines.push(sample(
        T::LINK_MARK,
        theme.linked(),
        "bold, with ●: linked to the selected item",
    ));
    lines
}

/// Wraps `s` to `width`, each line styled `style`, with `indent` before each.
fn wrapped(s: &str, width: usize, indent: &str, style: Style) -> Vec<Line<'static>> {
    let flowing = text::flow(s);
    let room = width.saturating_sub(text::width(indent)).max(1);
    text::wrap(&flowing, room)
        .into_iter()
        .map(|l| {
            Line::from(vec![
                Span::raw(indent.to_owned()),
                Span::styled(flowing[l.start..l.end].to_owned(), style),
            ])
        })
        .collect()
}

fn field(theme: Theme, label: &str, value: &str, width: usize) -> Vec<Line<'static>> {
    let mut lines = wrapped(&format!("{label}: {value}"), width, "", Style::new());
    if let Some(first) = lines.first_mut() {
        // Label in the muted style: rebuild the first line's spans around it.
        let content: String = first.spans.iter().map(|s| s.content.as_ref()).collect();
        if let Some(rest) = content.strip_prefix(&format!("{label}:")) {
            *first = Line::from(vec![
                Span::styled(format!("{label}:"), theme.muted()),
                Span::raw(rest.to_owned()),
            ]);
        }
    }
    lines
}

fn detail_lines(app: &App, item: Item, width: usize) -> Vec<Line<'static>> {
    let (Some(b), Some(r)) = (app.briefing(), app.reader.as_ref()) else {
        return Vec::new();
    };
    let theme = app.theme;
    let (essentials, id, body) = describe(b, item);
    let mut lines = wrapped(&format!("{id} · {essentials}"), width, "", theme.title());
    lines.push(Line::default());
    lines.extend(wrapped(&body, width, "", Style::new()));
    lines.push(Line::default());

    let quote = |anchor: &Option<crate::briefing::Anchor>| {
        anchor.as_ref().map(|a| {
            let para = a
                .span
                .and_then(|s| b.article.get(s.para))
                .map_or(String::new(), |p| format!(" ({})", p.id));
            format!("“{}”{para}", a.quote.value)
        })
    };
    let actor_name = |id: &str| b.actor(id).map_or(id.to_owned(), |a| a.name.clone());
    match item {
        Item::Claim(i) => {
            if let Some(c) = b.claims.get(i) {
                if !c.by.is_empty() {
                    let by: Vec<String> = c.by.iter().map(|r| actor_name(&r.value)).collect();
                    lines.extend(field(theme, "Asserted by", &by.join(", "), width));
                }
                if let Some(conf) = c.likelihood {
                    lines.extend(field(theme, "Confidence", conf.word(), width));
                }
                let actors: Vec<String> = c.actors.iter().map(|a| actor_name(&a.value)).collect();
                if !actors.is_empty() {
                    lines.extend(field(theme, "Actors", &actors.join(", "), width));
                }
                let countries: Vec<String> =
                    c.countries.iter().map(|c| country_name(&c.value)).collect();
                if !countries.is_empty() {
                    lines.extend(field(theme, "Countries", &countries.join(", "), width));
                }
                if let Some(q) = quote(&c.anchor) {
                    lines.extend(field(theme, "Quote", &q, width));
                }
            }
        }
        Item::Source(i) => {
            if let Some(s) = b.sources.get(i) {
                if let Some(a) = &s.actor {
                    lines.extend(field(theme, "Actor", &actor_name(&a.value), width));
                }
                if let Some(u) = &s.url {
                    lines.extend(field(theme, "Link", u, width));
                }
            }
        }
        Item::Expert(i) => {
            if let Some(e) = b.experts.get(i)
                && let Some(q) = quote(&e.anchor)
            {
                lines.extend(field(theme, "Quote", &q, width));
            }
        }
        Item::Caveat(i) => {
            if let Some(k) = b.caveats.get(i) {
                if let Some(q) = quote(&k.anchor) {
                    lines.extend(field(theme, "Quote", &q, width));
                }
                if k.anchor.is_none() && k.raised_by.is_none() {
                    lines.extend(field(theme, "Raised by", "the analyst", width));
                }
            }
        }
    }

    if let Some(target) = app.target_of(item) {
        if app.is_marked(&target) {
            lines.push(Line::default());
            lines.push(Line::styled(format!("{} marked", T::MARK), theme.marked()));
        }
        if let Some(note) = app.briefing_marks().and_then(|m| m.note(&target)) {
            lines.push(Line::default());
            lines.push(Line::styled("Your note (a to edit)", theme.title()));
            for l in note.lines() {
                lines.extend(wrapped(l, width, "  ", Style::new()));
            }
        }
    }

    let linked = r.links.of(item);
    let groups = [
        (
            "Claims",
            linked
                .claims
                .iter()
                .map(|i| Item::Claim(*i))
                .collect::<Vec<_>>(),
        ),
        (
            "Sources",
            linked.sources.iter().map(|i| Item::Source(*i)).collect(),
        ),
        (
            "Experts",
            linked.experts.iter().map(|i| Item::Expert(*i)).collect(),
        ),
        (
            "Caveats",
            linked.caveats.iter().map(|i| Item::Caveat(*i)).collect(),
        ),
    ];
    for (title, items) in groups {
        if items.is_empty() {
            continue;
        }
        lines.push(Line::default());
        lines.push(Line::styled(
            format!("{title} linked ({})", items.len()),
            theme.title(),
        ));
        for linked_item in items {
            lines.extend(linked_line(b, linked_item, width, theme));
        }
    }
    lines
}

fn linked_line(b: &Briefing, item: Item, width: usize, theme: Theme) -> Vec<Line<'static>> {
    let (essentials, id, body) = describe(b, item);
    let mut lines = wrapped(&format!("{id} · {essentials}"), width, "  ", theme.linked());
    if let Some(first) = lines.first_mut().and_then(|l| l.spans.first_mut()) {
        *first = Span::styled(format!("{} ", T::LINK_MARK), theme.linked());
    }
    lines.extend(wrapped(&body, width, "  ", Style::new()));
    lines
}

/// "CZ Czechia": the code and the country's name, when the code is known.
pub fn country_name(code: &str) -> String {
    match celes::Country::from_alpha2(code) {
        Ok(c) => format!("{code} {}", c.long_name),
        Err(_) => code.to_owned(),
    }
}
