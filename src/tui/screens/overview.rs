//! The overview: four bar charts of the library or of the open briefing,
//! counting what the filter leaves, as the panes and the library list it.

use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Paragraph};

use super::Change;
use crate::stats::{self, Bars, Overview};
use crate::text;
use crate::tui::action::Action;
use crate::tui::keymap::Context;
use crate::tui::layout;
use crate::tui::outcome::{Nav, Outcome};
use crate::tui::overlays::help::Help;
use crate::tui::shared::Shared;
use crate::tui::widgets::chrome::{header, status};

#[derive(Debug, Clone)]
pub struct State {
    /// The briefing counted, by index in the library; `None` for the library.
    pub of: Option<usize>,
    /// The counts, computed when the overview opens.
    pub overview: Overview,
    /// What is counted, and the filter that narrows it, for the title row.
    pub title: String,
    pub right: String,
}

impl State {
    pub fn new(shared: &Shared, of: Option<usize>) -> State {
        let mut state = State {
            of,
            overview: Overview::default(),
            title: String::new(),
            right: String::new(),
        };
        state.count(shared);
        state
    }

    /// After a reload: the same briefing, by id, counted again; false when it is gone.
    pub fn reloaded(&mut self, shared: &Shared, remap: &crate::tui::reload::Remap) -> bool {
        if let Some(i) = self.of {
            match remap.briefing(i) {
                Some(n) => self.of = Some(n),
                None => return false,
            }
        }
        self.count(shared);
        true
    }

    fn count(&mut self, shared: &Shared) {
        let all = &shared.library.briefings;
        self.overview = match self.of.and_then(|i| all.get(i)) {
            Some(b) => stats::overview_under([b], &shared.filter),
            None => stats::overview_under(
                shared.matching.iter().filter_map(|&i| all.get(i)),
                &shared.filter,
            ),
        };
        (self.title, self.right) = match (self.of.and_then(|i| all.get(i)), shared.filter_words()) {
            (Some(b), _) => {
                let hidden = crate::query::visible(b, &shared.filter).hidden();
                (
                    format!("Overview · {}", b.title),
                    shared.filter_summary(Some(hidden)).unwrap_or_default(),
                )
            }
            (None, None) => (
                format!("Overview · library of {} briefings", all.len()),
                String::new(),
            ),
            (None, Some(words)) => (
                format!(
                    "Overview · {} of {} briefings · filter: {words}",
                    shared.matching.len(),
                    all.len()
                ),
                String::new(),
            ),
        };
    }
}

pub fn refresh(state: &mut State, shared: &mut Shared, change: Change) {
    if change != Change::Resize {
        state.count(shared);
    }
}

pub fn update(_state: &mut State, shared: &mut Shared, action: Action) -> Outcome {
    match action {
        Action::Back | Action::Leave => Outcome::Go(Nav::Back),
        Action::Help => Outcome::Push(Box::new(Help::new(shared))),
        _ => Outcome::NONE,
    }
}

pub fn view(state: &State, shared: &Shared, frame: &mut Frame, hints: Context) {
    let (head, charts, foot) = layout::overview(shared.size);
    header(shared, frame, head, &state.title, &state.right);
    let o = &state.overview;
    let all = [
        ("Claims by actor", &o.claims_by_actor),
        ("Claims by country", &o.claims_by_country),
        ("Claims by confidence (ICD 203)", &o.claims_by_confidence),
        (
            "Sources by reliability (Admiralty)",
            &o.sources_by_reliability,
        ),
    ];
    for ((title, bars), area) in all.into_iter().zip(charts) {
        chart(shared, frame, area, title, bars);
    }
    status(shared, frame, foot, hints, None, "");
}

/// Horizontal bars: a label, a bar drawn in block characters (visible
/// without colour), and the count. Bars that do not fit are counted in the title.
fn chart(shared: &Shared, frame: &mut Frame, area: Rect, title: &str, bars: &Bars) {
    let theme = shared.theme;
    let inner = layout::inner(area);
    let rows = usize::from(inner.height);
    let hidden = bars.len().saturating_sub(rows);
    let title = if hidden > 0 {
        format!(" {title} · {hidden} more not shown ")
    } else {
        format!(" {title} ")
    };
    frame.render_widget(
        Block::bordered()
            .title(title)
            .border_style(theme.unfocused()),
        area,
    );
    if bars.is_empty() {
        frame.render_widget(
            Paragraph::new("nothing to count").style(theme.muted()),
            inner,
        );
        return;
    }
    let width = usize::from(inner.width);
    let max = bars.iter().map(|b| b.1).max().unwrap_or(0).max(1);
    let count_width = max.to_string().len();
    let label_width = bars
        .iter()
        .map(|(l, _)| text::width(l))
        .max()
        .unwrap_or(0)
        .min(width * 11 / 20);
    let bar_room = width.saturating_sub(label_width + count_width + 3);
    let lines: Vec<Line> = bars
        .iter()
        .take(rows)
        .map(|(label, n)| {
            let label = text::truncate(label, label_width);
            let pad = " ".repeat(label_width.saturating_sub(text::width(&label)));
            Line::from(vec![
                Span::raw(format!("{label}{pad} ")),
                Span::styled(bar(*n, max, bar_room), theme.bar()),
                Span::styled(format!(" {n:>count_width$}"), theme.muted()),
            ])
        })
        .collect();
    frame.render_widget(Paragraph::new(lines), inner);
}

/// A bar of `n` out of `max` in `room` columns, in eighths of a cell.
fn bar(n: u64, max: u64, room: usize) -> String {
    const PARTS: [&str; 8] = ["", "▏", "▎", "▍", "▌", "▋", "▊", "▉"];
    let eighths = (n as u128 * room as u128 * 8 / max.max(1) as u128) as usize;
    let full = eighths / 8;
    let mut s = "█".repeat(full);
    s.push_str(PARTS[eighths % 8]);
    let used = full + usize::from(!eighths.is_multiple_of(8));
    s.push_str(&" ".repeat(room.saturating_sub(used)));
    s
}

#[cfg(test)]
mod tests {
    use super::bar;
    use crate::text;

    #[test]
    fn bars_are_proportional_and_fill_their_room() {
        assert_eq!(bar(10, 10, 4), "████");
        assert_eq!(bar(5, 10, 4), "██  ");
        assert_eq!(bar(0, 10, 4), "    ");
        assert_eq!(text::width(&bar(3, 7, 9)), 9);
    }
}
