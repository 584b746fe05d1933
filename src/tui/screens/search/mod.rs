//! The library's search results: every hit of the library's `/`, by
//! [`crate::search`] (the one matcher), counted (`38 hits in 9 briefings`),
//! each with its briefing, paragraph or item and a snippet with the match
//! lit. Enter opens the briefing at that paragraph with the match selected
//! (an item's hit: the item selected), and `n`/`N` there go on through the
//! library's hits, into the next briefing at its last match and round the
//! library's end, the selection here following ([`Nav::SearchHit`], which
//! the app carries out with [`State::step`]); Esc comes back here.

use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::style::Style;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Paragraph};

use super::{Change, keep_visible, step_index};
use crate::search::{self, Hit};
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
    pub query: String,
    pub hits: Vec<Hit>,
    /// How many briefings the hits are in.
    pub briefings: usize,
    pub selected: usize,
    pub offset: usize,
}

impl State {
    pub fn new(shared: &mut Shared, query: String) -> State {
        let hits = hits(shared, &query);
        State {
            briefings: search::briefings_hit(&hits),
            query,
            hits,
            selected: 0,
            offset: 0,
        }
    }

    fn move_by(&mut self, shared: &Shared, delta: isize, page: bool) {
        let rows = rows(shared.size).max(1);
        let step = if page { rows as isize } else { 1 };
        self.selected = step_index(self.selected, delta * step, self.hits.len());
        self.offset = keep_visible(self.selected, self.offset, rows);
    }

    /// Moves the selection `by` hits, round the ends: the hit selected now
    /// and whether it went round; `None` when there are no hits.
    pub fn step(&mut self, shared: &Shared, by: isize) -> Option<(Hit, bool)> {
        let len = isize::try_from(self.hits.len()).ok().filter(|&n| n > 0)?;
        let from = self.selected;
        let to = (from as isize + by).rem_euclid(len) as usize;
        self.selected = to;
        self.offset = keep_visible(to, self.offset, rows(shared.size).max(1));
        let wrapped = (by > 0 && to < from) || (by < 0 && to > from);
        Some((self.hits[to], wrapped))
    }

    /// Where the selected hit stands among its briefing's hits: its place
    /// (from 1) and how many there are.
    pub fn in_briefing(&self) -> (usize, usize) {
        let Some(hit) = self.hits.get(self.selected) else {
            return (0, 0);
        };
        let same = |h: &&Hit| h.briefing == hit.briefing;
        let before = self.hits[..self.selected].iter().filter(same).count();
        (before + 1, self.hits.iter().filter(same).count())
    }
}

/// The hits, through the library's words (taking in first any briefings
/// the index does not have yet).
fn hits(shared: &mut Shared, query: &str) -> Vec<Hit> {
    shared.text_index.catch_up(&shared.library.briefings);
    shared.text_index.search(&shared.library.briefings, query)
}

/// Rows of results that fit: two a hit (its place, its snippet).
fn rows(size: Rect) -> usize {
    let (_, body, _) = layout::chrome(size);
    usize::from(layout::inner(body).height) / 2
}

pub fn refresh(state: &mut State, shared: &mut Shared, change: Change) {
    if change.library() {
        let keep = state.hits.get(state.selected).copied();
        state.hits = hits(shared, &state.query);
        state.briefings = search::briefings_hit(&state.hits);
        state.selected = keep
            .and_then(|k| state.hits.iter().position(|h| *h == k))
            .unwrap_or(0);
    }
    state.offset = keep_visible(state.selected, state.offset, rows(shared.size).max(1));
}

pub fn update(state: &mut State, shared: &mut Shared, action: Action) -> Outcome {
    if let Some((delta, page)) = super::list_move(&action) {
        state.move_by(shared, delta, page);
        return Outcome::NONE;
    }
    match action {
        Action::Open if !state.hits.is_empty() => return Outcome::Go(Nav::SearchHit(0)),
        Action::Back | Action::Leave => return Outcome::Go(Nav::Back),
        Action::Help => return Outcome::Push(Box::new(Help::new(shared))),
        _ => {}
    }
    Outcome::NONE
}

pub fn view(state: &State, shared: &Shared, frame: &mut Frame, hints: Context) {
    let theme = shared.theme;
    let (head, body, foot) = layout::chrome(shared.size);
    let counted = format!(
        "{} in {}",
        text::count(state.hits.len(), "hit", "hits"),
        text::count(state.briefings, "briefing", "briefings")
    );
    header(
        shared,
        frame,
        head,
        &format!("Search · “{}”", text::one_line(&state.query)),
        &counted,
    );
    let block = Block::bordered()
        .title(format!(" {counted} "))
        .border_style(theme.focused());
    let inner = layout::inner(body);
    frame.render_widget(block, body);
    if state.hits.is_empty() {
        frame.render_widget(
            Paragraph::new(format!(
                "“{}” occurs nowhere in the library",
                text::one_line(&state.query)
            ))
            .style(theme.muted()),
            inner,
        );
    } else {
        let width = usize::from(inner.width);
        let mut lines = Vec::new();
        for (i, h) in state
            .hits
            .iter()
            .enumerate()
            .skip(state.offset)
            .take(usize::from(inner.height) / 2)
        {
            let b = &shared.library.briefings[h.briefing];
            let selected = i == state.selected;
            let row = if selected {
                theme.selected()
            } else {
                Style::new()
            };
            let place = format!(
                " {} · {} · {}",
                text::one_line(&b.id),
                h.place.label(b),
                text::one_line(&b.title)
            );
            lines.push(Line::from(Span::styled(
                text::truncate(&place, width),
                row.patch(theme.title()),
            )));
            let (snippet, (s, e)) =
                search::snippet(h.place.text(b), h.start, h.end, width.saturating_sub(4));
            lines.push(Line::from(vec![
                Span::raw("   "),
                Span::styled(snippet[..s].to_owned(), theme.muted()),
                Span::styled(snippet[s..e].to_owned(), theme.search_match()),
                Span::styled(snippet[e..].to_owned(), theme.muted()),
            ]));
        }
        frame.render_widget(Paragraph::new(lines), inner);
    }
    let position = if state.hits.is_empty() {
        String::new()
    } else {
        format!("{}/{} ", state.selected + 1, state.hits.len())
    };
    status(shared, frame, foot, hints, None, &position);
}
