//! The screens of the reader, one module each, each owning its state, an
//! `update` for the actions that reach it and a `view`. A screen never
//! imports another: to move it returns [`Outcome::Go`], and the app builds
//! the next screen. Screens stack: the library is always at the bottom, a
//! briefing or an overview goes on top of it, and Back takes the top off.

pub mod briefing;
pub mod dossier;
pub mod library;
pub mod overview;
pub mod search;

use ratatui::Frame;

use super::action::Action;
use super::keymap::{Context, KeyMap};
use super::outcome::Outcome;
use super::shared::Shared;

/// What changed outside a screen, for it to bring its derived data up to date.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Change {
    /// The filter (and so `Shared::matching` and the facets).
    Filter,
    /// More briefings arrived from the loader: those from this position of
    /// the library on are new, the ones before it as they were.
    Added(usize),
    /// The library was loaded again: any briefing may have changed.
    Library,
    /// The terminal's size.
    Resize,
}

impl Change {
    /// Whether the library's briefings changed, by a batch or a reload.
    pub fn library(self) -> bool {
        matches!(self, Change::Added(_) | Change::Library)
    }
}

/// Which screen is showing.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Screen {
    Library,
    Briefing,
    Overview,
    Dossier,
    SearchResults,
}

pub enum ScreenState {
    Library(library::State),
    // Boxed: a briefing's state is large, and moved when the stack grows.
    Briefing(Box<briefing::State>),
    Overview(overview::State),
    Dossier(Box<dossier::State>),
    SearchResults(Box<search::State>),
}

impl ScreenState {
    pub fn kind(&self) -> Screen {
        match self {
            ScreenState::Library(_) => Screen::Library,
            ScreenState::Briefing(_) => Screen::Briefing,
            ScreenState::Overview(_) => Screen::Overview,
            ScreenState::Dossier(_) => Screen::Dossier,
            ScreenState::SearchResults(_) => Screen::SearchResults,
        }
    }

    /// The move that builds this screen over the library, for history.
    pub fn nav(&self) -> Option<super::outcome::Nav> {
        use super::outcome::Nav;
        match self {
            ScreenState::Library(_) => None,
            ScreenState::Briefing(r) => Some(Nav::Briefing(r.briefing)),
            ScreenState::Overview(_) => Some(Nav::Overview),
            ScreenState::Dossier(d) => Some(Nav::Dossier(d.of)),
            ScreenState::SearchResults(_) => Some(Nav::SearchResults),
        }
    }

    pub fn update(&mut self, shared: &mut Shared, action: Action) -> Outcome {
        match self {
            ScreenState::Library(s) => library::update(s, shared, action),
            ScreenState::Briefing(s) => briefing::update(s, shared, action),
            ScreenState::Overview(s) => overview::update(s, shared, action),
            ScreenState::Dossier(s) => dossier::update(s, shared, action),
            ScreenState::SearchResults(s) => search::update(s, shared, action),
        }
    }

    /// Draws the screen; its status row offers the keys of `hints`, the
    /// context of the top layer when one is open.
    pub fn view(&self, shared: &Shared, frame: &mut Frame, hints: Context) {
        match self {
            ScreenState::Library(s) => library::view(s, shared, frame, hints),
            ScreenState::Briefing(s) => briefing::view(s, shared, frame, hints),
            ScreenState::Overview(s) => overview::view(s, shared, frame, hints),
            ScreenState::Dossier(s) => dossier::view(s, shared, frame, hints),
            ScreenState::SearchResults(s) => search::view(s, shared, frame, hints),
        }
    }

    pub fn refresh(&mut self, shared: &mut Shared, change: Change) {
        match self {
            ScreenState::Library(s) => library::refresh(s, shared, change),
            ScreenState::Briefing(s) => briefing::refresh(s, shared, change),
            ScreenState::Overview(s) => overview::refresh(s, shared, change),
            ScreenState::Dossier(s) => dossier::refresh(s, shared, change),
            ScreenState::SearchResults(s) => search::refresh(s, shared, change),
        }
    }

    pub fn context(&self) -> Context {
        match self.kind() {
            Screen::Library => Context::Library,
            Screen::Briefing => Context::Briefing,
            Screen::Overview => Context::Overview,
            Screen::Dossier => Context::Dossier,
            Screen::SearchResults => Context::Results,
        }
    }
}

/// How the selection of a list screen (dossier, search results) moves for
/// `action`: by how many rows, and whether those are pages; `None` for an
/// action that does not move it.
pub fn list_move(action: &Action) -> Option<(isize, bool)> {
    Some(match action {
        Action::Down | Action::ScrollDown { .. } => (1, false),
        Action::Up | Action::ScrollUp { .. } => (-1, false),
        Action::PageDown => (1, true),
        Action::PageUp => (-1, true),
        Action::Top => (isize::MIN / 2, false),
        Action::Bottom => (isize::MAX / 2, false),
        _ => return None,
    })
}

/// `index + delta`, held within `0..len`.
pub fn step_index(index: usize, delta: isize, len: usize) -> usize {
    if len == 0 {
        return 0;
    }
    index.saturating_add_signed(delta).min(len - 1)
}

/// The first row shown so that `selected` is among `visible` rows from it.
pub fn keep_visible(selected: usize, offset: usize, visible: usize) -> usize {
    if selected < offset {
        selected
    } else if selected >= offset + visible {
        selected + 1 - visible
    } else {
        offset
    }
}

/// The next index from `start` (wrapping around) for which `hit` holds.
pub fn next_index(
    start: usize,
    len: usize,
    forward: bool,
    from_here: bool,
    hit: impl Fn(usize) -> bool,
) -> Option<usize> {
    if len == 0 {
        return None;
    }
    let first = usize::from(!from_here);
    (first..len + first)
        .map(|k| {
            if forward {
                (start + k) % len
            } else {
                (start + len - k % len) % len
            }
        })
        .find(|&i| hit(i))
}

/// Where a jump to a search match landed: "match 3 of 12", and whether `n`
/// went round the end to the top (or `N` round the top to the bottom).
pub fn match_notice(
    keys: &KeyMap,
    query: &str,
    position: usize,
    total: usize,
    forward: bool,
    wrapped: bool,
) -> String {
    let place = format!("“{query}” match {position} of {total}");
    went(keys, place, forward, wrapped, "")
}

/// Where a step through the library's search hits landed: "match 3 of 12"
/// in the briefing, "hit 40/64 in the library", and whether it went round
/// the library's end.
pub fn hit_notice(
    keys: &KeyMap,
    query: &str,
    (position, total): (usize, usize),
    (hit, hits): (usize, usize),
    forward: bool,
    wrapped: bool,
) -> String {
    let place = format!("“{query}” match {position} of {total} · hit {hit}/{hits} in the library");
    went(keys, place, forward, wrapped, " of the library")
}

/// `place`, the keys that go on, and where a search went round to.
fn went(keys: &KeyMap, place: String, forward: bool, wrapped: bool, of: &str) -> String {
    let place = format!("{place} · {}", keys.match_keys());
    match (wrapped, forward) {
        (false, _) => place,
        (true, true) => format!("{place} · search wrapped to the top{of}"),
        (true, false) => format!("{place} · search wrapped to the bottom{of}"),
    }
}

/// Whether moving from `start` to `to` went round the end of the list.
pub fn wrapped(start: usize, to: usize, forward: bool, from_here: bool) -> bool {
    !from_here && if forward { to <= start } else { to >= start }
}

/// `F` on any screen: the filter goes, and everything shows again.
pub fn clear_filter(shared: &mut Shared) -> Outcome {
    if shared.filter.is_empty() {
        shared.message = Some("no filter to clear".into());
        return Outcome::NONE;
    }
    shared.filter = crate::query::Filter::default();
    shared.message = Some("filter cleared".into());
    Outcome::Refresh
}
