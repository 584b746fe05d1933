//! What every screen and overlay reads, and may change through `&mut`: the
//! library, the filter with what it leaves, the marks and where they are
//! saved, the theme, the terminal's size, the status message, and the
//! effects asked of the event loop. Knows nothing of screens or overlays.

use std::collections::HashMap;

use ratatui::layout::Rect;

use super::action::Effect;
use super::keymap::KeyMap;
use super::theme::Theme;
use crate::briefing::Library;
use crate::marks::{Marks, Store, Target};
use crate::query::{self, ActorNames, Facets, Filter};

/// How far the background load has come.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Progress {
    pub total: usize,
    pub done: usize,
    pub failed: usize,
}

pub struct Shared {
    /// Shared with a thread only while it links the loaded library
    /// ([`Shared::linking`]); the reader changes it when it holds it alone.
    pub library: std::sync::Arc<Library>,
    /// The library is being linked on a thread of its own: the number of
    /// the library that thread was given. Its links are taken only if the
    /// library is still that one.
    pub linking: Option<u64>,
    /// Counts the libraries the reader has held: a reload makes a new one.
    pub generation: u64,
    /// The actors and countries everything is narrowed to.
    pub filter: Filter,
    /// Briefings that match the filter, by index into the library.
    pub matching: Vec<usize>,
    /// The sidebar's counts under the filter.
    pub facets: Facets,
    pub names: ActorNames,
    /// Where marks are saved; `None` when no state folder could be found.
    pub store: Option<Store>,
    /// Marks and notes by briefing id.
    pub marks: HashMap<String, Marks>,
    /// Briefings whose marks could not be saved, and why: quitting asks.
    pub unsaved: std::collections::BTreeMap<String, String>,
    /// Briefings whose marks file was unreadable and set aside, and why.
    pub set_aside: HashMap<String, String>,
    /// What to print when the reader has quit (where unsaved marks went).
    pub farewell: Option<String>,
    /// Files to write, for the event loop; performed in `tui::effects`.
    pub effects: Vec<Effect>,
    pub size: Rect,
    pub theme: Theme,
    /// The key map in force: the default one with the user's rebindings.
    pub keys: KeyMap,
    /// Where exports are written (the config's); `None`: the current folder.
    pub export_dir: Option<std::path::PathBuf>,
    /// The format Enter exports in (the config's).
    pub export_format: crate::export::Format,
    /// While the library loads in the background: files loaded, of how many.
    pub loading: Option<Progress>,
    /// A one-line message for the status bar, cleared by the next key.
    pub message: Option<String>,
    pub quit: bool,
    /// The library's words for search, of its first `text_index.briefings()`
    /// briefings: joined batch by batch while the library loads, caught up
    /// by the next search after a reload.
    pub text_index: crate::search::Index,
    /// `y` was the last key: `u` now copies the link instead (`yu`).
    pub yank_pending: bool,
    /// Files that loaded once and fail since they changed, with their first
    /// error: their last good version stays on screen.
    pub stale: std::collections::BTreeMap<std::path::PathBuf, String>,
    /// A reload came while the first load was under way: do it once that ends.
    pub reload_after_load: bool,
}

impl Shared {
    pub fn new(library: Library, theme: Theme, width: u16, height: u16) -> Shared {
        let names = ActorNames::new(&library.briefings);
        let mut shared = Shared {
            library: std::sync::Arc::new(library),
            linking: None,
            generation: 0,
            filter: Filter::default(),
            matching: Vec::new(),
            facets: Facets::default(),
            names,
            store: None,
            marks: HashMap::new(),
            unsaved: Default::default(),
            set_aside: HashMap::new(),
            farewell: None,
            effects: Vec::new(),
            size: Rect::new(0, 0, width, height),
            theme,
            keys: KeyMap::default(),
            export_dir: None,
            export_format: crate::export::Format::Markdown,
            loading: None,
            message: None,
            quit: false,
            text_index: Default::default(),
            yank_pending: false,
            stale: Default::default(),
            reload_after_load: false,
        };
        shared.filter_changed();
        shared
    }

    /// Recomputes what the filter decides across the library. Screens bring
    /// their own rows up to date after it (see `App::refresh`).
    pub fn filter_changed(&mut self) {
        (self.matching, self.facets) = query::narrow(&self.library, &self.filter);
    }

    /// The library, to change: a copy of it in the one case a linking
    /// thread still holds it. That thread's links are then of another
    /// library and are dropped when they come; the copy, once changed, is
    /// linked anew.
    pub fn library_mut(&mut self) -> &mut Library {
        if std::sync::Arc::get_mut(&mut self.library).is_none() {
            self.generation += 1;
            if self.linking.is_some() {
                self.linking = Some(self.generation);
                self.effects.push(Effect::Link);
            }
        }
        std::sync::Arc::make_mut(&mut self.library)
    }

    /// The marks of a briefing (none when none were made).
    pub fn marks_of(&self, briefing_id: &str) -> Option<&Marks> {
        self.marks.get(briefing_id)
    }

    pub fn is_marked(&self, briefing_id: &str, target: &Target) -> bool {
        self.marks_of(briefing_id)
            .is_some_and(|m| m.is_marked(target))
    }

    pub fn note(&self, briefing_id: &str, target: &Target) -> Option<&str> {
        self.marks_of(briefing_id).and_then(|m| m.note(target))
    }

    /// "Czechia": the filter in words, when there is one.
    pub fn filter_words(&self) -> Option<String> {
        (!self.filter.is_empty()).then(|| self.filter.describe(&self.names))
    }
}

impl Shared {
    /// "filter: APT31 · 23 items hidden" in a briefing (`hidden` given), or
    /// "filter: APT31 · 2 of 7 briefings" in the library: for headers.
    pub fn filter_summary(&self, hidden: Option<usize>) -> Option<String> {
        let what = self.filter_words()?;
        Some(match hidden {
            Some(0) => format!("filter: {what} · nothing hidden"),
            Some(1) => format!("filter: {what} · 1 item hidden"),
            Some(n) => format!("filter: {what} · {n} items hidden"),
            None => format!(
                "filter: {what} · {} of {} briefings",
                self.matching.len(),
                self.library.briefings.len()
            ),
        })
    }
}
