//! The contract between the parts of the reader: what a screen or a layer
//! asks for after an action ([`Outcome`]), what a layer answers about an
//! action ([`Step`], consumed or passed on, as gitui's `EventState`), and
//! the [`Overlay`] trait every layer of the stack implements.

use std::any::Any;

use ratatui::Frame;

use super::action::Action;
use super::keymap::Context;
use super::shared::Shared;

/// Where to go: moving between screens is a value, so history can keep a list of them.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Nav {
    /// Open the briefing at this index of the library.
    Briefing(usize),
    /// The overview of what is under it: the open briefing, or the library.
    Overview,
    /// One screen back (the library stays).
    Back,
    /// The dossier of an actor or a country, or of the filter.
    Dossier(Subject),
    /// The results of the library's last search (its `/`).
    SearchResults,
    /// Open the briefing at this index of the library, at a claim.
    BriefingAt(usize, At),
    /// Move the search results' selection by this many hits, round the
    /// library's ends, and show the briefing at the hit selected over the
    /// results: Enter there is 0, `n`/`N` in a briefing opened from them ±1.
    SearchHit(isize),
    /// Follow a link: this item of the briefing at this index, opening the
    /// briefing in place of the one shown when it is another.
    Item {
        briefing: usize,
        item: crate::briefing::links::Item,
    },
}

/// Whom a dossier is of: an actor or a country by its number in the
/// library's index ([`crate::briefing::library::Involves`]), or the filter
/// in force when it opens.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Subject {
    Actor(u32),
    Country(u32),
    Filter,
}

/// Where in a briefing to open it (a hit of the library's search is a
/// [`Nav::SearchHit`]).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum At {
    /// A claim, by index: selected, the article at its anchor.
    Claim(usize),
}

/// In-memory follow-up of an action, applied by the app in order.
pub enum Outcome {
    Go(Nav),
    /// Put a layer on top of the stack.
    Push(Box<dyn Overlay>),
    /// The filter changed: derived data everywhere is brought up to date.
    Refresh,
    /// Handle this action next, from the top of the stack down.
    Then(Action),
    Quit,
    Many(Vec<Outcome>),
}

impl Outcome {
    pub const NONE: Outcome = Outcome::Many(Vec::new());
}

/// Whether a layer took the action or lets it through to what lies under it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Handled {
    Consumed,
    Passed,
}

/// A layer's answer to an action.
pub struct Step {
    pub handled: Handled,
    /// Take this layer (and any above it) off the stack.
    pub close: bool,
    pub then: Outcome,
}

impl Step {
    pub fn consumed() -> Step {
        Step {
            handled: Handled::Consumed,
            close: false,
            then: Outcome::NONE,
        }
    }

    pub fn passed() -> Step {
        Step {
            handled: Handled::Passed,
            close: false,
            then: Outcome::NONE,
        }
    }

    /// Consumed, and the layer closes.
    pub fn close() -> Step {
        Step {
            close: true,
            ..Step::consumed()
        }
    }

    pub fn then(mut self, outcome: Outcome) -> Step {
        self.then = outcome;
        self
    }
}

/// One layer of the overlay stack: help, an item's detail, the picker, the
/// note editor, the export question, the search line. The top layer gets
/// every action first; it draws after the screen and the layers under it.
pub trait Overlay {
    /// Handles an action; modal layers consume all they are given.
    fn update(&mut self, shared: &mut Shared, action: &Action) -> Step;
    fn view(&self, shared: &Shared, frame: &mut Frame);
    /// The key map's context while this layer is on top.
    fn context(&self) -> Context;
    /// After a resize or a change of the filter: recompute what was derived.
    fn refresh(&mut self, _shared: &Shared) {}
    /// The library was loaded again and its briefings renumbered: follow
    /// them by id, or answer false to be closed (what it showed is gone).
    fn reloaded(&mut self, _shared: &Shared, _remap: &crate::tui::reload::Remap) -> bool {
        true
    }
    /// For tests and the app to ask which layer this is.
    fn as_any(&self) -> &dyn Any;
}
