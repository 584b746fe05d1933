//! The library screen: every briefing in a table (files that failed to load
//! at its end), a sidebar of facets to filter by, and a preview of the
//! selected row. Its state lives while briefings are open over it.

mod facets;
mod view;

pub use view::view;

use ratatui::layout::Position;

use super::{Change, keep_visible, match_notice, next_index, step_index, wrapped};
use crate::query::Facet;
use crate::text;
use crate::tui::action::Action;
use crate::tui::layout;
use crate::tui::outcome::{Nav, Outcome};
use crate::tui::overlays::{help::Help, picker::Picker, search::SearchLine};
use crate::tui::shared::Shared;

/// The library screen's order.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Sort {
    Date,
    Title,
}

/// A row of the library table: a briefing, or a file that failed to load.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Row {
    Briefing(usize),
    Failure(usize),
}

/// One row of the facet sidebar.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum FacetRow {
    Actor(usize),
    Country(usize),
}

#[derive(Debug, Clone)]
pub struct State {
    pub rows: Vec<Row>,
    pub selected: usize,
    /// First row shown.
    pub offset: usize,
    pub sort: Sort,
    pub descending: bool,
    /// The facet sidebar has the focus rather than the table.
    pub facets_focused: bool,
    /// Position in [`facet_rows`].
    pub facet_selected: usize,
    pub facet_offset: usize,
    /// The facet the cursor is to stay on once the filter it changed applies.
    keep_facet: Option<String>,
    /// The confirmed search, matched against each row.
    pub search: String,
    /// Per briefing of the library: whether it holds the search, found
    /// through the library's words when the search is confirmed (asking
    /// every briefing's text took seconds at 100,000 briefings).
    holding: Vec<bool>,
    /// Every briefing of the library in the table's sort, ascending. Kept
    /// between filter changes, which take their rows from it in one pass
    /// (sorting the matching rows anew was most of a filter change at
    /// 100,000 briefings), and grown by merging as batches arrive.
    order: Vec<usize>,
}

impl State {
    pub fn new(shared: &Shared) -> State {
        let mut state = State {
            rows: Vec::new(),
            selected: 0,
            offset: 0,
            sort: Sort::Date,
            descending: true,
            facets_focused: false,
            facet_selected: 0,
            facet_offset: 0,
            keep_facet: None,
            search: String::new(),
            holding: Vec::new(),
            order: Vec::new(),
        };
        order_all(&mut state, shared);
        sort_rows(&mut state, shared);
        state
    }
}

pub fn refresh(state: &mut State, shared: &mut Shared, change: Change) {
    match change {
        Change::Filter => {
            sort_rows(state, shared);
            let rows = facet_rows(shared);
            state.facet_selected = state.facet_selected.min(rows.len().saturating_sub(1));
            if let Some(key) = state.keep_facet.take()
                && let Some(pos) = rows
                    .iter()
                    .position(|r| facet(shared, *r).is_some_and(|f| f.key == key))
            {
                state.facet_selected = pos;
            }
        }
        Change::Added(_) | Change::Library => {
            match change {
                Change::Added(from) => order_added(state, shared, from),
                _ => order_all(state, shared),
            }
            // A reader who has not moved sees the top of the list (the newest
            // first) as it fills; one who has keeps the briefing they are on.
            let at_top = state.selected == 0;
            find_holding(state, shared);
            sort_rows(state, shared);
            state.facet_selected = state
                .facet_selected
                .min(facet_rows(shared).len().saturating_sub(1));
            if at_top {
                state.selected = 0;
                keep_selection_visible(state, shared);
            }
        }
        Change::Resize => keep_selection_visible(state, shared),
    }
}

pub fn update(state: &mut State, shared: &mut Shared, action: Action) -> Outcome {
    match action {
        Action::Down => move_selection(state, shared, 1, false),
        Action::Up => move_selection(state, shared, -1, false),
        Action::PageDown => move_selection(state, shared, 1, true),
        Action::PageUp => move_selection(state, shared, -1, true),
        Action::Top => move_selection(state, shared, isize::MIN / 2, false),
        Action::Bottom => move_selection(state, shared, isize::MAX / 2, false),
        Action::Open => return open(state, shared),
        Action::Toggle if state.facets_focused => return toggle_facet(state, shared),
        Action::OpenPicker => return Outcome::Push(Box::new(Picker::new(shared, None))),
        Action::OpenLink
        | Action::CopyText
        | Action::CopyReference
        | Action::CopyUrl
        | Action::EditFile => {
            let row = state.rows.get(state.selected).copied();
            if let (Some(Row::Failure(f)), Action::EditFile) = (row, &action) {
                crate::tui::handoff::edit_failure(shared, f);
                return Outcome::NONE;
            }
            let Some(Row::Briefing(i)) = row else {
                shared.message = Some("select a briefing first".into());
                return Outcome::NONE;
            };
            match action {
                Action::OpenLink => crate::tui::handoff::open(shared, i, None),
                Action::CopyText => crate::tui::handoff::copy_text(shared, i, None),
                Action::CopyReference => crate::tui::handoff::copy_reference(shared, i, None),
                Action::CopyUrl => crate::tui::handoff::copy_url(shared, i, None),
                _ => crate::tui::handoff::edit(shared, i, None),
            }
        }
        Action::ClearFilter => return super::clear_filter(shared),
        Action::NextPane | Action::PrevPane => {
            if sidebar_shown(state, shared) {
                state.facets_focused = !state.facets_focused;
            } else {
                shared.message =
                    Some("the facets show at 100 columns and wider; f picks a filter".into());
            }
        }
        Action::CycleSort => {
            state.sort = match state.sort {
                Sort::Date => Sort::Title,
                Sort::Title => Sort::Date,
            };
            // Newest first for dates, A to Z for titles: what a reader expects of each.
            state.descending = state.sort == Sort::Date;
            order_all(state, shared);
            sort_rows(state, shared);
        }
        Action::ReverseSort => {
            state.descending = !state.descending;
            sort_rows(state, shared);
        }
        Action::StartSearch => {
            state.search.clear();
            return Outcome::Push(Box::<SearchLine>::default());
        }
        Action::Search(query) => {
            // The rows that match are lit, and n/N go through them back
            // here; the hits themselves are listed on their own screen.
            state.search = query;
            find_holding(state, shared);
            jump_to_match(state, shared, true, true);
            if !state.search.trim().is_empty() {
                // The results screen counts the hits itself.
                shared.message = None;
                return Outcome::Go(Nav::SearchResults);
            }
        }
        Action::Dossier => return dossier_here(state, shared),
        Action::NextMatch => jump_to_match(state, shared, true, false),
        Action::PrevMatch => jump_to_match(state, shared, false, false),
        Action::Overview => return Outcome::Go(Nav::Overview),
        Action::Help => return Outcome::Push(Box::new(Help::new(shared))),
        Action::Back => {
            state.search.clear();
            state.holding = Vec::new();
        }
        Action::Leave => return Outcome::Quit,
        Action::Click { column, row } => return click(state, shared, column, row),
        Action::ScrollUp { .. } => move_selection(state, shared, -1, false),
        Action::ScrollDown { .. } => move_selection(state, shared, 1, false),
        _ => {}
    }
    Outcome::NONE
}

/// The table's rows: the matching briefings in the kept order, either way
/// round, then the files that failed.
fn sort_rows(state: &mut State, shared: &Shared) {
    let keep = state.rows.get(state.selected).copied();
    let mut shown = vec![false; shared.library.briefings.len()];
    for &i in &shared.matching {
        if let Some(slot) = shown.get_mut(i) {
            *slot = true;
        }
    }
    let briefings = |order: &mut dyn Iterator<Item = &usize>| -> Vec<Row> {
        order
            .filter(|&&i| shown.get(i) == Some(&true))
            .map(|&i| Row::Briefing(i))
            .collect()
    };
    let mut rows = if state.descending {
        briefings(&mut state.order.iter().rev())
    } else {
        briefings(&mut state.order.iter())
    };
    rows.extend((0..shared.library.failures.len()).map(Row::Failure));
    state.rows = rows;
    state.selected = keep
        .and_then(|row| state.rows.iter().position(|r| *r == row))
        .unwrap_or(0);
    keep_selection_visible(state, shared);
}

/// How the table's sort compares two briefings by date: ties by title.
fn by_date(b: &crate::briefing::Briefing) -> (Option<crate::briefing::PartialDate>, &str) {
    (b.published, &b.title)
}

/// Sorts every briefing of the library for the table, ties in library order.
fn order_all(state: &mut State, shared: &Shared) {
    let briefings = &shared.library.briefings;
    let mut order: Vec<usize> = (0..briefings.len()).collect();
    match state.sort {
        Sort::Date => order.sort_by(|&a, &b| by_date(&briefings[a]).cmp(&by_date(&briefings[b]))),
        Sort::Title => order.sort_by_cached_key(|&i| text::fold(&briefings[i].title)),
    }
    state.order = order;
}

/// Takes the briefings from `from` on into the order. By date, a batch is
/// sorted and merged with the order there, the library's earlier briefings
/// first among equals as a stable sort has them; by title (whose keys are
/// folded titles, too dear to fold again per comparison), all are sorted.
fn order_added(state: &mut State, shared: &Shared, from: usize) {
    let briefings = &shared.library.briefings;
    if state.sort == Sort::Title || state.order.len() != from || from > briefings.len() {
        return order_all(state, shared);
    }
    let key = |i: usize| by_date(&briefings[i]);
    let mut new: Vec<usize> = (from..briefings.len()).collect();
    new.sort_by(|&a, &b| key(a).cmp(&key(b)));
    let old = std::mem::take(&mut state.order);
    let mut merged = Vec::with_capacity(briefings.len());
    let mut new = new.into_iter().peekable();
    for i in old {
        while let Some(&n) = new.peek()
            && key(n) < key(i)
        {
            merged.push(n);
            new.next();
        }
        merged.push(i);
    }
    merged.extend(new);
    state.order = merged;
}

fn keep_selection_visible(state: &mut State, shared: &Shared) {
    let visible = layout::library(shared.size, state.rows.len())
        .table_rows()
        .max(1);
    state.offset = keep_visible(state.selected, state.offset, visible);
}

fn move_selection(state: &mut State, shared: &Shared, delta: isize, page: bool) {
    let l = layout::library(shared.size, state.rows.len());
    if state.facets_focused {
        let rows = facet_rows(shared).len();
        let visible = l
            .facets
            .map_or(1, |f| usize::from(layout::inner(f).height).max(1));
        let step = if page { visible as isize } else { 1 };
        state.facet_selected = step_index(state.facet_selected, delta * step, rows);
        state.facet_offset = keep_visible(state.facet_selected, state.facet_offset, visible);
        return;
    }
    let step = if page {
        l.table_rows().max(1) as isize
    } else {
        1
    };
    state.selected = step_index(state.selected, delta * step, state.rows.len());
    keep_selection_visible(state, shared);
}

fn open(state: &mut State, shared: &mut Shared) -> Outcome {
    if state.facets_focused {
        return toggle_facet(state, shared);
    }
    match state.rows.get(state.selected) {
        Some(Row::Briefing(i)) => Outcome::Go(Nav::Briefing(*i)),
        Some(Row::Failure(_)) => {
            shared.message = Some("this file did not load: its errors are shown below".into());
            Outcome::NONE
        }
        None => Outcome::NONE,
    }
}

fn click(state: &mut State, shared: &mut Shared, column: u16, row: u16) -> Outcome {
    let l = layout::library(shared.size, state.rows.len());
    let at = Position::new(column, row);
    if let Some(facets) = l.facets.map(layout::inner)
        && facets.contains(at)
    {
        // A click on a facet toggles it, like a checkbox.
        let i = state.facet_offset + usize::from(row - facets.y);
        if i < facet_rows(shared).len() {
            state.facets_focused = true;
            state.facet_selected = i;
            return toggle_facet(state, shared);
        }
        return Outcome::NONE;
    }
    let table = l.table_body();
    if table.contains(at) {
        state.facets_focused = false;
        let i = state.offset + usize::from(row - table.y);
        if i < state.rows.len() {
            if i == state.selected {
                return open(state, shared);
            }
            state.selected = i;
        }
    }
    Outcome::NONE
}

/// The sidebar's rows: countries (a short list), then actors.
pub fn facet_rows(shared: &Shared) -> Vec<FacetRow> {
    (0..shared.facets.countries.len())
        .map(FacetRow::Country)
        .chain((0..shared.facets.actors.len()).map(FacetRow::Actor))
        .collect()
}

pub fn facet(shared: &Shared, row: FacetRow) -> Option<&Facet> {
    match row {
        FacetRow::Actor(i) => shared.facets.actors.get(i),
        FacetRow::Country(i) => shared.facets.countries.get(i),
    }
}

fn toggle_facet(state: &mut State, shared: &mut Shared) -> Outcome {
    let Some(row) = facet_rows(shared).get(state.facet_selected).copied() else {
        return Outcome::NONE;
    };
    let Some(key) = facet(shared, row).map(|f| f.key.clone()) else {
        return Outcome::NONE;
    };
    match row {
        FacetRow::Actor(_) => shared.filter.toggle_actor(&key),
        FacetRow::Country(_) => shared.filter.toggle_country(&key),
    }
    // Keep the cursor on the facet just toggled, wherever it sorts to.
    state.keep_facet = Some(key);
    Outcome::Refresh
}

/// Whether the screen is wide enough for the facet sidebar.
fn sidebar_shown(state: &State, shared: &Shared) -> bool {
    layout::library(shared.size, state.rows.len())
        .facets
        .is_some()
}

/// `d`: the dossier of the facet under the cursor when the sidebar has the
/// focus, else of the filter.
fn dossier_here(state: &State, shared: &mut Shared) -> Outcome {
    use crate::tui::outcome::Subject;
    let index = shared.library.involves();
    if state.facets_focused
        && let Some(row) = facet_rows(shared).get(state.facet_selected).copied()
        && let Some(f) = facet(shared, row)
    {
        let subject = match row {
            FacetRow::Actor(_) => index.actor_number(&f.key).map(Subject::Actor),
            FacetRow::Country(_) => index.country_number(&f.key).map(Subject::Country),
        };
        if let Some(subject) = subject {
            return Outcome::Go(Nav::Dossier(subject));
        }
    }
    if shared.filter.actors.is_empty() && shared.filter.countries.is_empty() {
        // Below 100 columns there is no sidebar to Tab to, so only the filter is offered.
        shared.message = Some(if sidebar_shown(state, shared) {
            "a dossier is of an actor or a country: d on a facet (Tab), or filter first (f)".into()
        } else {
            "a dossier is of an actor or a country: filter first (f), then d".into()
        });
        return Outcome::NONE;
    }
    Outcome::Go(Nav::Dossier(Subject::Filter))
}

/// Whether a library row contains the search text.
pub fn row_matches(state: &State, shared: &Shared, row: Row) -> bool {
    if state.search.is_empty() {
        return false;
    }
    match row {
        // The matcher `list --text` uses: the article too, across line breaks.
        Row::Briefing(i) => state.holding.get(i).copied().unwrap_or(false),
        Row::Failure(i) => shared.library.failures.get(i).is_some_and(|f| {
            !text::find_ignore_case(&f.path.display().to_string(), &state.search).is_empty()
        }),
    }
}

/// Which briefings hold the search, for [`row_matches`].
fn find_holding(state: &mut State, shared: &mut Shared) {
    if state.search.is_empty() {
        state.holding = Vec::new();
        return;
    }
    let briefings = &shared.library.briefings;
    shared.text_index.catch_up(briefings);
    state.holding = shared
        .text_index
        .briefings_holding(briefings, &state.search);
}

/// Moves to the next (or previous) matching row; `from_here` includes the selected one.
fn jump_to_match(state: &mut State, shared: &mut Shared, forward: bool, from_here: bool) {
    if state.search.is_empty() {
        shared.message = Some("no search: press / to search".into());
        return;
    }
    let hit = next_index(state.selected, state.rows.len(), forward, from_here, |i| {
        row_matches(state, shared, state.rows[i])
    });
    match hit {
        Some(i) => {
            let start = state.selected;
            state.selected = i;
            keep_selection_visible(state, shared);
            let matches: Vec<usize> = (0..state.rows.len())
                .filter(|&j| row_matches(state, shared, state.rows[j]))
                .collect();
            let position = matches.iter().position(|&j| j == i).map_or(0, |p| p + 1);
            shared.message = Some(match_notice(
                &shared.keys,
                &state.search,
                position,
                matches.len(),
                forward,
                wrapped(start, i, forward, from_here),
            ));
        }
        None => shared.message = Some(format!("no match for “{}”", state.search)),
    }
}
