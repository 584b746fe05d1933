//! The dossier screen: every claim of the library that involves an actor or
//! a country, as [`crate::dossier`] orders them, under a chart of claims per
//! year split by likelihood. Enter opens the briefing at the claim; Esc
//! comes back here, where the reader was (the state stays under the briefing).

mod view;

pub use view::view;

use super::{Change, keep_visible, step_index};
use crate::dossier::{self, Entry};
use crate::query::Filter;
use crate::tui::action::Action;
use crate::tui::outcome::{At, Nav, Outcome, Subject};
use crate::tui::overlays::help::Help;
use crate::tui::shared::Shared;

#[derive(Debug, Clone)]
pub struct State {
    /// Whom the dossier is of, as a filter (its text unused).
    pub subject: Filter,
    /// How it was asked for: the move that opens it again, for history.
    pub of: Subject,
    /// The subject in words, for the title.
    pub title: String,
    pub entries: Vec<Entry>,
    /// How many briefings the entries come from: counted once, not per frame.
    pub briefings: usize,
    /// Claims per year, per likelihood band; see [`bands`].
    pub years: Vec<(i32, [u64; 4])>,
    pub selected: usize,
    pub offset: usize,
}

/// The likelihood bands the chart splits each year into, in the order drawn.
pub const BANDS: [&str; 4] = [
    "likely or more",
    "even chance",
    "unlikely or less",
    "not graded",
];

/// Folds [`dossier::per_year`]'s eight counts into the chart's four bands.
fn bands(counts: &[usize; 8]) -> [u64; 4] {
    let n = |r: std::ops::Range<usize>| counts[r].iter().sum::<usize>() as u64;
    [n(4..7), n(3..4), n(0..3), n(7..8)]
}

impl State {
    /// The dossier of `subject`; `None` when the subject names nothing
    /// (the filter is empty).
    pub fn new(shared: &Shared, subject: Subject) -> Option<State> {
        let index = shared.library.involves();
        let mut filter = Filter::default();
        match subject {
            Subject::Actor(n) if (n as usize) < index.actor_count() => {
                filter.actors.insert(index.actor_id(n).to_owned());
            }
            Subject::Country(n) if (n as usize) < index.country_count() => {
                filter.countries.insert(index.country_code(n).to_owned());
            }
            Subject::Filter => {
                filter.actors = shared.filter.actors.clone();
                filter.countries = shared.filter.countries.clone();
            }
            _ => return None,
        }
        if filter.is_empty() {
            return None;
        }
        let mut state = State {
            title: filter.describe(&shared.names),
            subject: filter,
            of: subject,
            entries: Vec::new(),
            briefings: 0,
            years: Vec::new(),
            selected: 0,
            offset: 0,
        };
        state.compute(shared);
        Some(state)
    }

    fn compute(&mut self, shared: &Shared) {
        let keep = self.entries.get(self.selected).map(|e| e.claim);
        self.entries = dossier::dossier(&shared.library, &self.subject);
        self.briefings = self.count_briefings();
        self.years = dossier::per_year(&shared.library, &self.entries)
            .iter()
            .map(|(y, c)| (*y, bands(c)))
            .collect();
        self.selected = keep
            .and_then(|k| self.entries.iter().position(|e| e.claim == k))
            .unwrap_or(0);
    }

    fn count_briefings(&self) -> usize {
        let mut b: Vec<usize> = self.entries.iter().map(|e| e.claim.0).collect();
        b.sort_unstable();
        b.dedup();
        b.len()
    }

    fn move_by(&mut self, shared: &Shared, delta: isize, page: bool) {
        let rows = view::list_rows(shared.size, self).max(1);
        let step = if page { rows as isize } else { 1 };
        self.selected = step_index(self.selected, delta * step, self.entries.len());
        self.offset = keep_visible(self.selected, self.offset, rows);
    }
}

pub fn refresh(state: &mut State, shared: &mut Shared, change: Change) {
    if change.library() {
        state.compute(shared);
    }
    let rows = view::list_rows(shared.size, state).max(1);
    state.offset = keep_visible(state.selected, state.offset, rows);
}

pub fn update(state: &mut State, shared: &mut Shared, action: Action) -> Outcome {
    if let Some((delta, page)) = super::list_move(&action) {
        state.move_by(shared, delta, page);
        return Outcome::NONE;
    }
    match action {
        Action::Open => {
            if let Some(e) = state.entries.get(state.selected) {
                return Outcome::Go(Nav::BriefingAt(e.claim.0, At::Claim(e.claim.1)));
            }
        }
        Action::Back | Action::Leave => return Outcome::Go(Nav::Back),
        Action::Help => return Outcome::Push(Box::new(Help::new(shared))),
        _ => {}
    }
    Outcome::NONE
}
