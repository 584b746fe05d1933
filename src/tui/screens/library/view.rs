//! Drawing the library: the table, the preview, the sidebar.

use ratatui::Frame;
use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Cell, Paragraph, Row as TableRow, Table, TableState, Wrap};

use super::{Row, Sort, State, row_matches};
use crate::briefing::Briefing;
use crate::text;
use crate::tui::keymap::Context;
use crate::tui::layout;
use crate::tui::shared::Shared;
use crate::tui::theme::Theme;
use crate::tui::widgets::chrome::{header, status};

pub fn view(state: &State, shared: &Shared, frame: &mut Frame, hints: Context) {
    let size = shared.size;
    let l = layout::library(size, state.rows.len());
    let lib = &shared.library;
    let failed = if lib.failures.is_empty() {
        String::new()
    } else {
        format!(", {} failed to load", lib.failures.len())
    };
    let right = match (shared.loading, shared.filter_summary(None)) {
        (Some(p), _) => format!(
            "loading {}/{} files{}",
            p.done,
            p.total,
            if p.failed > 0 {
                format!(" · {} failed", p.failed)
            } else {
                String::new()
            }
        ),
        (None, Some(summary)) => summary,
        (None, None) => format!("{} briefings{failed}", lib.briefings.len()),
    };
    header(shared, frame, l.header, "debrief · Library", &right);
    if let Some(area) = l.facets {
        super::facets::draw(state, shared, frame, area);
    }
    draw_table(state, shared, frame, l.table);
    draw_preview(state, shared, frame, l.preview);
    let position = if state.rows.is_empty() {
        String::new()
    } else {
        format!("{}/{} ", state.selected + 1, state.rows.len())
    };
    status(
        shared,
        frame,
        l.status,
        hints,
        Some(&state.search),
        &position,
    );
}

fn draw_table(state: &State, shared: &Shared, frame: &mut Frame, area: Rect) {
    let theme = shared.theme;
    let cols = layout::library_columns(area.width);
    let arrow = if state.descending { "▼" } else { "▲" };
    let (date_head, title_head) = match state.sort {
        Sort::Date => (format!("Date {arrow}"), "Title".to_string()),
        Sort::Title => ("Date".to_string(), format!("Title {arrow}")),
    };
    let mut head = Vec::new();
    let mut widths = Vec::new();
    let mut column = |shown: bool, title: String, width: Constraint| {
        if shown {
            head.push(Cell::from(title));
            widths.push(width);
        }
    };
    column(cols.date, date_head, Constraint::Length(layout::DATE_WIDTH));
    column(true, title_head, Constraint::Fill(3));
    column(
        cols.marks,
        Theme::MARK.into(),
        Constraint::Length(layout::MARKS_WIDTH),
    );
    column(cols.outlet, "Outlet".into(), Constraint::Fill(1));
    column(
        cols.countries,
        "Countries".into(),
        Constraint::Length(layout::COUNTRIES_WIDTH),
    );
    column(cols.actors, "Actors".into(), Constraint::Fill(2));
    column(
        cols.counts,
        "Cl Sr Ex Cv".into(),
        Constraint::Length(layout::COUNTS_WIDTH),
    );

    // The widths the table will give each column, so cells are cut with an ellipsis.
    let table_width = area
        .width
        .saturating_sub(2 + HIGHLIGHT.chars().count() as u16);
    let col_widths: Vec<usize> = Layout::horizontal(widths.clone())
        .spacing(1)
        .split(Rect::new(0, 0, table_width, 1))
        .iter()
        .map(|r| usize::from(r.width))
        .collect();
    let fit = |cells: Vec<String>| -> Vec<Cell<'static>> {
        cells
            .iter()
            .zip(&col_widths)
            .map(|(c, w)| Cell::from(text::truncate(c, *w)))
            .collect()
    };
    // Only the rows on screen are built: a library may hold thousands.
    let shown = layout::library(shared.size, state.rows.len()).table_rows();
    let first = state.offset.min(state.rows.len());
    let last = first.saturating_add(shown).min(state.rows.len());
    let rows = state.rows[first..last].iter().map(|row| {
        let r = match row {
            Row::Briefing(i) => {
                let b = &shared.library.briefings[*i];
                let marked = shared.marks_of(&b.id).map_or(0, |m| m.marked_count());
                TableRow::new(fit(briefing_cells(b, marked, &cols)))
            }
            Row::Failure(i) => {
                let f = &shared.library.failures[*i];
                let name = f
                    .path
                    .file_name()
                    .map(|n| n.to_string_lossy().into_owned())
                    .unwrap_or_default();
                let why = f
                    .first_error()
                    .map(|d| format!(" — {}:{} {}", d.line, d.column, d.message))
                    .unwrap_or_default();
                let what = text::clean(&format!("{name}{why}"));
                let cells = if cols.date {
                    vec!["✗ failed".to_string(), what]
                } else {
                    vec![format!("✗ {what}")]
                };
                TableRow::new(fit(cells)).style(theme.error())
            }
        };
        if row_matches(state, shared, *row) {
            r.style(theme.search_match())
        } else {
            r
        }
    });
    let title = if shared.filter.is_empty() {
        " Briefings ".to_string()
    } else {
        format!(" Briefings · {} match the filter ", shared.matching.len())
    };
    let block = Block::bordered()
        .title(title)
        .border_style(if state.facets_focused {
            theme.unfocused()
        } else {
            theme.focused()
        });
    let table = Table::new(rows, widths)
        .header(TableRow::new(head).style(theme.title()))
        .block(block)
        .column_spacing(1)
        .row_highlight_style(theme.selected())
        .highlight_symbol(HIGHLIGHT);
    let selected = state
        .selected
        .checked_sub(first)
        .filter(|i| first + i < last);
    let mut table_state = TableState::new().with_selected(selected);
    frame.render_stateful_widget(table, area, &mut table_state);
    if state.rows.is_empty() {
        let message = if shared.loading.is_some() {
            "Loading…"
        } else if !shared.filter.is_empty() {
            "No briefing matches the filter. F clears it; f changes it."
        } else {
            "No briefings found. Give a folder of .yaml briefings: debrief PATH"
        };
        let empty = Paragraph::new(message)
            .style(theme.muted())
            .wrap(Wrap { trim: true });
        frame.render_widget(
            empty,
            layout::library(shared.size, state.rows.len()).table_body(),
        );
    }
}

/// Marks the selected row, before its first cell.
const HIGHLIGHT: &str = "▶ ";

fn briefing_cells(b: &Briefing, marked: usize, cols: &layout::LibraryColumns) -> Vec<String> {
    let mut cells = Vec::new();
    if cols.date {
        cells.push(b.published.map(|d| d.to_string()).unwrap_or_else(|| {
            if b.undated {
                "undated".into()
            } else {
                "—".into()
            }
        }));
    }
    cells.push(b.title.clone());
    if cols.marks {
        cells.push(if marked > 0 {
            format!("{marked:>3}")
        } else {
            String::new()
        });
    }
    if cols.outlet {
        cells.push(b.outlet.clone().unwrap_or_default());
    }
    if cols.countries {
        cells.push(b.countries().join(" "));
    }
    if cols.actors {
        let names: Vec<&str> = b.actors.iter().map(|a| a.name.as_str()).collect();
        cells.push(names.join(", "));
    }
    if cols.counts {
        cells.push(format!(
            "{:>2} {:>2} {:>2} {:>2}",
            b.claims.len(),
            b.sources.len(),
            b.experts.len(),
            b.caveats.len()
        ));
    }
    cells
}

fn draw_preview(state: &State, shared: &Shared, frame: &mut Frame, area: Rect) {
    let theme = shared.theme;
    let block = Block::bordered()
        .title(" Preview ")
        .border_style(theme.unfocused());
    let lines: Vec<Line> = match state.rows.get(state.selected) {
        Some(Row::Briefing(i)) => {
            let b = &shared.library.briefings[*i];
            let mut lines = vec![Line::styled(b.title.clone(), theme.title())];
            let mut meta = Vec::new();
            if let Some(o) = &b.outlet {
                meta.push(o.clone());
            }
            if let Some(date) = b.date_words() {
                meta.push(date);
            }
            meta.push(
                [
                    text::count(b.claims.len(), "claim", "claims"),
                    text::count(b.sources.len(), "source", "sources"),
                    text::count(b.experts.len(), "expert", "experts"),
                    text::count(b.caveats.len(), "caveat", "caveats"),
                ]
                .join(", "),
            );
            // The handling mark first, in its colour, where a cut cannot reach it.
            let mut spans = Vec::new();
            if let Some(tlp) = b.tlp {
                spans.push(Span::styled(
                    format!("TLP:{}", tlp.word().to_uppercase()),
                    theme.tlp(tlp),
                ));
                spans.push(Span::raw(" "));
            }
            spans.push(Span::styled(meta.join(" · "), theme.muted()));
            lines.push(Line::from(spans));
            if let Some(u) = &b.url {
                lines.push(Line::styled(u.clone(), theme.linked()));
            }
            if let Some(first) = shared.stale.get(&b.path) {
                lines.push(Line::styled(
                    text::clean(&format!("⚠ changed on disk and no longer loads, showing the last good version: {first}")),
                    theme.error(),
                ));
            }
            if let Some(why) = shared.set_aside.get(b.id.as_str()) {
                lines.push(Line::styled(
                    text::clean(&format!("⚠ The marks file was set aside: {why}")),
                    theme.error(),
                ));
            }
            lines.push(Line::raw(
                b.summary.clone().unwrap_or_else(|| "(no summary)".into()),
            ));
            let actors: Vec<&str> = b.actors.iter().map(|a| a.name.as_str()).collect();
            if !actors.is_empty() {
                lines.push(Line::from(vec![
                    Span::styled("Actors: ", theme.muted()),
                    Span::raw(actors.join(", ")),
                ]));
            }
            lines
        }
        Some(Row::Failure(i)) => {
            let f = &shared.library.failures[*i];
            let mut lines = vec![Line::styled(
                format!(
                    "{} did not load:",
                    text::clean(&f.path.display().to_string())
                ),
                theme.error(),
            )];
            for d in &f.diagnostics {
                lines.push(Line::raw(text::clean(&format!(
                    "{}:{} {}: {}",
                    d.line, d.column, d.severity, d.message
                ))));
                if let Some(help) = &d.help {
                    lines.push(Line::styled(format!("  help: {help}"), theme.muted()));
                }
            }
            lines.push(Line::styled(
                "Run `debrief check` on the file for the full report.",
                theme.muted(),
            ));
            lines
        }
        None => Vec::new(),
    };
    frame.render_widget(
        Paragraph::new(lines)
            .block(block)
            .wrap(Wrap { trim: false }),
        area,
    );
}
