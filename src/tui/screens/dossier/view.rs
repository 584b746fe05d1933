//! Drawing the dossier: the chart (ratatui's grouped `BarChart`, one group a
//! year, one bar a likelihood band), then the timeline, one row a claim.

use ratatui::Frame;
use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::style::{Color, Style};
use ratatui::text::{Line, Span};
use ratatui::widgets::{Bar, BarChart, BarGroup, Block, Paragraph};

use super::{BANDS, State};
use crate::text;
use crate::tui::keymap::Context;
use crate::tui::layout;
use crate::tui::shared::Shared;
use crate::tui::widgets::chrome::{header, status};

/// The chart's height: room for bars, their labels and the border.
fn chart_height(size: Rect) -> u16 {
    (size.height.saturating_sub(2) / 3).clamp(6, 14)
}

fn areas(size: Rect) -> (Rect, Rect, Rect, Rect) {
    let (head, body, foot) = layout::chrome(size);
    let [chart, list] =
        Layout::vertical([Constraint::Length(chart_height(size)), Constraint::Fill(1)]).areas(body);
    (head, chart, list, foot)
}

/// Rows of the timeline that fit.
pub fn list_rows(size: Rect, _state: &State) -> usize {
    let (_, _, list, _) = areas(size);
    usize::from(layout::inner(list).height)
}

pub fn view(state: &State, shared: &Shared, frame: &mut Frame, hints: Context) {
    let (head, chart, list, foot) = areas(shared.size);
    let right = format!(
        "{} in {}",
        text::count(state.entries.len(), "claim", "claims"),
        text::count(state.briefings, "briefing", "briefings")
    );
    header(
        shared,
        frame,
        head,
        &format!("Dossier · {}", state.title),
        &right,
    );
    draw_chart(state, shared, frame, chart);
    draw_list(state, shared, frame, list);
    let position = if state.entries.is_empty() {
        String::new()
    } else {
        format!("{}/{} ", state.selected + 1, state.entries.len())
    };
    status(shared, frame, foot, hints, None, &position);
}

fn band_style(shared: &Shared, band: usize) -> Style {
    if !shared.theme.color {
        return Style::new();
    }
    let c = [
        Color::LightRed,
        Color::Yellow,
        Color::LightBlue,
        Color::Gray,
    ][band.min(3)];
    Style::new().fg(c)
}

fn draw_chart(state: &State, shared: &Shared, frame: &mut Frame, area: Rect) {
    let theme = shared.theme;
    let block = Block::bordered()
        .title(format!(
            " Claims per year · each year's bars, left to right: {} ",
            BANDS.join(" · ")
        ))
        .border_style(theme.unfocused());
    let inner = layout::inner(area);
    frame.render_widget(block, area);
    if state.years.is_empty() {
        frame.render_widget(
            Paragraph::new("no dated claims").style(theme.muted()),
            inner,
        );
        return;
    }
    // Years that fit: four bars of one column and a gap each; the latest kept.
    let per_year = 5u16;
    let fit = usize::from((inner.width / per_year).max(1));
    let from = state.years.len().saturating_sub(fit);
    let mut chart = BarChart::default()
        .bar_width(1)
        .bar_gap(0)
        .group_gap(1)
        .value_style(theme.muted())
        .label_style(theme.muted());
    for (year, counts) in &state.years[from..] {
        let bars: Vec<Bar> = counts
            .iter()
            .enumerate()
            .map(|(band, n)| {
                Bar::default()
                    .value(*n)
                    .text_value(String::new())
                    .style(band_style(shared, band))
            })
            .collect();
        let label = format!("{:02}", year.rem_euclid(100));
        chart = chart.data(BarGroup::default().label(Line::from(label)).bars(&bars));
    }
    frame.render_widget(chart, inner);
}

fn draw_list(state: &State, shared: &Shared, frame: &mut Frame, area: Rect) {
    let theme = shared.theme;
    let block = Block::bordered()
        .title(" Timeline · = same claim in several briefings ")
        .border_style(theme.focused());
    let inner = layout::inner(area);
    frame.render_widget(block, area);
    if state.entries.is_empty() {
        frame.render_widget(
            Paragraph::new("no claim involves it").style(theme.muted()),
            inner,
        );
        return;
    }
    let width = usize::from(inner.width);
    let wide = width >= 140;
    let roomy = width >= 100;
    let lines: Vec<Line> = state
        .entries
        .iter()
        .enumerate()
        .skip(state.offset)
        .take(usize::from(inner.height))
        .map(|(i, e)| {
            let b = &shared.library.briefings[e.claim.0];
            let c = &b.claims[e.claim.1];
            let judged = match (c.likelihood, c.confidence) {
                // Narrow: the likelihood alone; the confidence is in the claim's detail.
                (Some(l), _) if !roomy => l.to_string(),
                (Some(l), Some(k)) => format!("{l} · {k}"),
                (Some(l), None) => l.to_string(),
                (None, Some(k)) => format!("{k} confidence"),
                (None, None) => "not graded".into(),
            };
            let group = if e.group.len() > 1 { '=' } else { ' ' };
            let corroboration = format!("{} src·{} orig", e.sources, e.origins);
            let (judged_width, corroboration_width) = if roomy { (26, 16) } else { (14, 13) };
            let mut row = format!(
                "{group}{:<15} {:<judged_width$} {:<corroboration_width$} ",
                text::truncate(&e.dated.words(), 15),
                text::truncate(&judged, judged_width),
                corroboration
            );
            if wide {
                row.push_str(&format!("{:<32} ", text::truncate(&b.id, 32)));
            }
            let rest = width.saturating_sub(text::width(&row));
            row.push_str(&text::truncate(&text::one_line(&c.text), rest));
            let style = if i == state.selected {
                theme.selected()
            } else {
                Style::new()
            };
            Line::from(Span::styled(row, style))
        })
        .collect();
    frame.render_widget(Paragraph::new(lines), inner);
}
