//! The reader as one value: what is shared, the stack of screens, the stack
//! of overlays; and the two pure functions the event loop calls,
//! [`update`] and [`view`].
//!
//! [`update`] never does I/O or touches the terminal, so every behaviour of
//! the reader is tested by feeding it actions. It hands an action to the top
//! layer first, down the stack while each passes it on, then to the screen;
//! what they ask for comes back as an [`Outcome`] that [`App::apply`] carries
//! out. There is no `if` per overlay here: a new layer is a new module.

use ratatui::Frame;

use super::action::{Action, Effect, LoadBatch, Reloaded};
use super::history::{History, Place};
use super::keymap::{Context, Key};
use super::layout::{self, BriefingLayout, Pane};
use super::outcome::{Handled, Nav, Outcome, Overlay};
use super::overlays::{detail::Detail, export::ExportPrompt, help::Help, note::Note};
use super::overlays::{picker::Picker, search::SearchLine};
use super::screens::{self, Change, Screen, ScreenState, briefing, library, overview};
use super::shared::{Progress, Shared};
use super::theme::Theme;
use super::widgets::chrome;
use crate::briefing::links::Item;
use crate::briefing::{Briefing, Library};
use crate::marks::{Marks, Store, Target};
use crate::text;
use std::collections::HashMap;

/// Which popup is open, for tests and the status line.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Popup {
    Help,
    Detail(Item),
}

pub struct App {
    pub shared: Shared,
    /// The library at the bottom, the screen shown on top.
    pub screens: Vec<ScreenState>,
    /// Overlays over the screen, the one that gets keys first on top.
    pub layers: Vec<Box<dyn Overlay>>,
    /// Where the reader has been, for Ctrl-o and forward again.
    pub history: History<Nav>,
}

impl App {
    pub fn new(library: Library, theme: Theme, width: u16, height: u16) -> App {
        let shared = Shared::new(library, theme, width, height);
        let shelf = library::State::new(&shared);
        App {
            shared,
            screens: vec![ScreenState::Library(shelf)],
            layers: Vec::new(),
            history: History::default(),
        }
    }

    /// Gives the reader the marks saved before, and where to save new ones.
    pub fn with_marks(mut self, store: Option<Store>, marks: HashMap<String, Marks>) -> App {
        self.shared.store = store;
        self.shared.marks = marks;
        self
    }

    fn top(&self) -> &ScreenState {
        self.screens.last().unwrap_or(&self.screens[0])
    }

    /// The screen shown.
    pub fn screen(&self) -> Screen {
        self.top().kind()
    }

    /// The library screen's state, under whatever is open over it.
    pub fn shelf(&self) -> &library::State {
        match self.screens.first() {
            Some(ScreenState::Library(s)) => s,
            _ => unreachable!("the library is always the bottom screen"),
        }
    }

    /// The open briefing's screen state, when a briefing is open (under an overview too).
    pub fn reader(&self) -> Option<&briefing::State> {
        self.screens.iter().rev().find_map(|s| match s {
            ScreenState::Briefing(r) => Some(r.as_ref()),
            _ => None,
        })
    }

    pub fn overview(&self) -> Option<&overview::State> {
        match self.top() {
            ScreenState::Overview(o) => Some(o),
            _ => None,
        }
    }

    pub fn briefing(&self) -> Option<&Briefing> {
        self.reader().and_then(|r| r.briefing(&self.shared))
    }

    pub fn current_item(&self) -> Option<Item> {
        self.reader().and_then(briefing::State::current_item)
    }

    pub fn list_len(&self, pane: Pane) -> usize {
        self.reader().map_or(0, |r| r.list_len(pane))
    }

    pub fn briefing_layout(&self) -> BriefingLayout {
        layout::briefing(
            self.shared.size,
            self.reader().map_or(Pane::Claims, |r| r.current_list),
        )
    }

    pub fn cursor_paragraph(&self) -> Option<usize> {
        self.reader().and_then(briefing::State::cursor_paragraph)
    }

    /// The marks of the open briefing.
    pub fn briefing_marks(&self) -> Option<&Marks> {
        self.reader().and_then(|r| r.marks_of(&self.shared))
    }

    pub fn is_marked(&self, target: &Target) -> bool {
        self.briefing_marks().is_some_and(|m| m.is_marked(target))
    }

    /// The layer on top, if it is a `T`.
    pub fn layer<T: 'static>(&self) -> Option<&T> {
        self.layers.last()?.as_any().downcast_ref::<T>()
    }

    pub fn popup(&self) -> Option<Popup> {
        if self.layer::<Help>().is_some() {
            return Some(Popup::Help);
        }
        self.layer::<Detail>().map(|d| Popup::Detail(d.item))
    }

    pub fn picker(&self) -> Option<&Picker> {
        self.layer::<Picker>()
    }

    pub fn note(&self) -> Option<&Note> {
        self.layer::<Note>()
    }

    pub fn export_prompt(&self) -> Option<ExportPrompt> {
        self.layer::<ExportPrompt>().copied()
    }

    pub fn search_line(&self) -> Option<&SearchLine> {
        self.layer::<SearchLine>()
    }

    /// The key map's context now: the top layer's, else the screen's.
    pub fn context(&self) -> Context {
        self.layers
            .last()
            .map_or_else(|| self.top().context(), |l| l.context())
    }

    /// The action a key stands for now.
    pub fn action_for(&self, key: Key) -> Option<Action> {
        // `yu`: right after `y`, `u` copies the link instead.
        if self.shared.yank_pending && key == Key::Char('u') {
            return Some(Action::CopyUrl);
        }
        self.shared.keys.action_for(self.context(), key)
    }

    /// The links that may show on screen now, whole and openable: the open
    /// briefing's and its sources', or the library's selected briefing's.
    /// The terminal makes them OSC 8 hyperlinks.
    pub fn urls_shown(&self) -> Vec<&str> {
        let b = self
            .briefing()
            .or_else(|| match self.shelf().rows.get(self.shelf().selected) {
                Some(Row::Briefing(i)) => self.shared.library.briefings.get(*i),
                _ => None,
            });
        let Some(b) = b else { return Vec::new() };
        b.url
            .iter()
            .chain(b.sources.iter().filter_map(|s| s.url.as_ref()))
            .map(String::as_str)
            .filter(|u| super::handoff::check_url(u).is_ok())
            .collect()
    }

    /// Carries out what a screen or a layer asked for.
    pub fn apply(&mut self, outcome: Outcome) {
        match outcome {
            Outcome::Many(all) => all.into_iter().for_each(|o| self.apply(o)),
            Outcome::Go(nav) => self.go(nav),
            Outcome::Push(layer) => self.layers.push(layer),
            Outcome::Refresh => {
                self.shared.filter_changed();
                self.refresh(Change::Filter);
            }
            Outcome::Then(action) => route(self, action),
            Outcome::Quit => self.quit(),
        }
    }

    /// A move: where it leaves from is history (a step back is not, and a
    /// step through the search hits says itself).
    fn go(&mut self, nav: Nav) {
        if !matches!(nav, Nav::Back | Nav::SearchHit(_)) {
            let here = self.here();
            self.history.visit(here);
        }
        self.go_quietly(nav);
    }

    /// Where the reader is, for history.
    pub fn here(&self) -> Place<Nav> {
        let reader = self.reader();
        let briefing = reader.and_then(|r| r.briefing(&self.shared));
        Place {
            route: self.screens.iter().filter_map(ScreenState::nav).collect(),
            briefing: briefing.map(|b| b.id.to_string()),
            item: reader.and_then(|r| r.current_target(&self.shared)),
        }
    }

    /// Ctrl-o, or forward again: rebuilds the screens of a place and selects its item.
    fn travel(&mut self, forward: bool) {
        let here = self.here();
        let history = &mut self.history;
        let place = if forward {
            history.forward(here)
        } else {
            history.back(here)
        };
        let Some(place) = place else {
            self.shared.message = Some(if forward {
                "nothing to go forward to".into()
            } else {
                "nothing to go back to (links followed and screens opened are history)".into()
            });
            return;
        };
        // By id: the library may have reloaded and renumbered since.
        let index = match &place.briefing {
            Some(id) => match self
                .shared
                .library
                .briefings
                .iter()
                .position(|b| b.id == id.as_str())
            {
                Some(i) => Some(i),
                None => {
                    self.shared.message = Some(text::clean(&format!(
                        "briefing {id} is no longer in the library"
                    )));
                    return;
                }
            },
            None => None,
        };
        self.layers.clear();
        self.screens.truncate(1);
        for nav in place.route {
            let nav = match (nav, index) {
                (Nav::Briefing(_), Some(i)) => Nav::Briefing(i),
                (nav, _) => nav,
            };
            self.go_quietly(nav);
        }
        let top = self.screens.iter_mut().rev().find_map(|s| match s {
            ScreenState::Briefing(r) => Some(r),
            _ => None,
        });
        if let (Some(target), Some(r)) = (place.item, top) {
            r.select_target(&mut self.shared, &target);
        }
    }

    fn go_quietly(&mut self, nav: Nav) {
        match nav {
            Nav::Item { briefing, item } => {
                let open_here =
                    matches!(self.top(), ScreenState::Briefing(r) if r.briefing == briefing);
                if !open_here {
                    // Another briefing replaces the one shown: Esc still
                    // leads to the library, Ctrl-o to where the link was.
                    while self.screens.len() > 1 {
                        self.screens.pop();
                    }
                    self.go_quietly(Nav::Briefing(briefing));
                }
                if let Some(ScreenState::Briefing(r)) = self.screens.last_mut() {
                    r.select(&mut self.shared, item);
                }
            }
            Nav::Briefing(index) => {
                if let Some(state) = briefing::State::open(&mut self.shared, index) {
                    self.screens.push(ScreenState::Briefing(Box::new(state)));
                }
            }
            Nav::Overview => {
                let of = match self.top() {
                    ScreenState::Briefing(r) => Some(r.briefing),
                    ScreenState::Library(_) => None,
                    _ => return,
                };
                let state = overview::State::new(&self.shared, of);
                self.screens.push(ScreenState::Overview(state));
            }
            Nav::Back => {
                if self.screens.len() > 1 {
                    self.screens.pop();
                }
            }
            Nav::Dossier(subject) => {
                if let Some(state) = screens::dossier::State::new(&self.shared, subject) {
                    self.screens.push(ScreenState::Dossier(Box::new(state)));
                }
            }
            Nav::SearchResults => {
                let query = self.shelf().search.clone();
                let state = screens::search::State::new(&mut self.shared, query);
                self.screens
                    .push(ScreenState::SearchResults(Box::new(state)));
            }
            Nav::BriefingAt(index, at) => {
                if let Some(state) = briefing::State::open_at(&mut self.shared, index, at) {
                    self.screens.push(ScreenState::Briefing(Box::new(state)));
                }
            }
            Nav::SearchHit(by) => self.step_hits(by),
        }
    }

    /// Steps the search results' selection by `by` hits and shows the
    /// briefing at the hit over them: the briefing open there moves to it,
    /// or gives way to the hit's own. Opening another briefing is history,
    /// as following a link is; a step within one is not, as `n` is not.
    fn step_hits(&mut self, by: isize) {
        let top = self.screens.len() - 1;
        let under = match self.screens.as_slice() {
            [.., ScreenState::SearchResults(_)] => top,
            [.., ScreenState::SearchResults(_), ScreenState::Briefing(_)] => top - 1,
            _ => return,
        };
        let shown = match &self.screens[top] {
            ScreenState::Briefing(r) => Some(r.briefing),
            _ => None,
        };
        let here = self.here();
        let ScreenState::SearchResults(results) = &mut self.screens[under] else {
            return;
        };
        let Some((hit, wrapped)) = results.step(&self.shared, by) else {
            return;
        };
        let (query, in_briefing) = (results.query.clone(), results.in_briefing());
        let in_library = (results.selected + 1, results.hits.len());
        self.shared.message = None;
        if shown == Some(hit.briefing) {
            if let Some(ScreenState::Briefing(r)) = self.screens.last_mut() {
                r.show_hit(&mut self.shared, &hit);
            }
        } else {
            let Some(state) = briefing::State::open_hit(&mut self.shared, &hit, &query) else {
                return;
            };
            self.history.visit(here);
            self.screens.truncate(under + 1);
            self.screens.push(ScreenState::Briefing(Box::new(state)));
        }
        // What showing it said (the filter hides the item) follows where it is.
        let said = self.shared.message.take();
        let mut notice = screens::hit_notice(
            &self.shared.keys,
            &query,
            in_briefing,
            in_library,
            by >= 0,
            wrapped,
        );
        if let Some(said) = said {
            notice += &format!(" · {said}");
        }
        self.shared.message = Some(text::clean(&notice));
    }

    /// Every screen and layer brings what it derived up to date.
    fn refresh(&mut self, change: Change) {
        for screen in &mut self.screens {
            screen.refresh(&mut self.shared, change);
        }
        for layer in &mut self.layers {
            layer.refresh(&self.shared);
        }
    }

    /// Adds briefings loaded in the background and brings everything derived
    /// from the library up to date once for the whole batch.
    fn take_batch(&mut self, batch: LoadBatch) {
        let shared = &mut self.shared;
        let files = batch.files.len();
        let before = shared.library.briefings.len();
        for (path, loaded) in batch.files {
            shared.library_mut().add(&path, loaded);
        }
        // The loader found the batch's words; a briefing refused (its id
        // taken) leaves them out of step, and the next search catches up.
        let added = shared.library.briefings.len() - before;
        let found: usize = batch.words.iter().map(|w| w.briefings()).sum();
        if shared.text_index.briefings() == before && found == added {
            for words in batch.words {
                shared.text_index.join(words);
            }
        }
        // Only the new briefings' names: rebuilding them all per batch was
        // nearly all of the time the reader spent taking in a large library.
        shared.names.add(&shared.library.briefings[before..]);
        for (id, m) in batch.marks {
            shared.marks.entry(id).or_insert(m);
        }
        shared.set_aside.extend(batch.set_aside);
        if let Some(problem) = batch.problems.into_iter().next() {
            shared.message = Some(problem);
        }
        if let Some(p) = shared.loading.as_mut() {
            p.done += files;
            p.failed = shared.library.failures.len();
        }
        shared.filter_changed();
        self.refresh(Change::Added(before));
    }
}

impl App {
    /// Takes in the library as it is on disk now, keeping the reader's
    /// place by id: the library's selection, each open briefing's items and
    /// scroll, the layers that can follow their item; marks re-matched.
    fn take_reload(&mut self, reloaded: Reloaded) {
        // Mid-way through the first load, batches still to come would be
        // added to the new library twice: reload once the first load is done.
        if self.shared.loading.is_some() {
            self.shared.reload_after_load = true;
            return;
        }
        let Ok(new) = std::sync::Arc::try_unwrap(reloaded.library) else {
            return;
        };
        let old = std::mem::take(&mut self.shared.library);
        let (new, stale) = super::reload::merge(&old, new);
        let remap = super::reload::Remap::new(&old, &new);
        let selected_row = self.shelf().rows.get(self.shelf().selected).copied();
        self.shared.library = new.into();
        // Linked as it loaded; links still being found are of the old one.
        self.shared.generation += 1;
        self.shared.linking = None;
        self.shared.names = crate::query::ActorNames::new(&self.shared.library.briefings);
        for (id, m) in reloaded.marks {
            self.shared.marks.entry(id).or_insert(m);
        }
        let newly_stale: Vec<String> = stale
            .iter()
            .filter(|(p, _)| !self.shared.stale.contains_key(*p))
            .map(|(_, first)| first.clone())
            .collect();
        self.shared.stale = stale;
        // The words are of the old library: found again by the next search.
        self.shared.text_index = Default::default();
        self.shared.filter_changed();
        // What reopening the briefings says (marks on items gone) is the news.
        self.shared.message = None;
        // The library keeps its row by id; a briefing gone takes it to the top.
        if let Some(ScreenState::Library(shelf)) = self.screens.first_mut() {
            let kept = match selected_row {
                Some(Row::Briefing(i)) => remap.briefing(i).map(Row::Briefing),
                other => other,
            };
            if let (Some(row), Some(slot)) = (kept, shelf.rows.get_mut(shelf.selected)) {
                *slot = row;
            }
        }
        let mut gone = Vec::new();
        let mut screens = std::mem::take(&mut self.screens);
        screens.retain_mut(|screen| match screen {
            ScreenState::Library(_) => true,
            ScreenState::Briefing(r) => match r.reloaded(&mut self.shared, &remap) {
                Some(next) => {
                    **r = next;
                    true
                }
                None => {
                    gone.push(r.briefing);
                    false
                }
            },
            ScreenState::Overview(o) => o.reloaded(&self.shared, &remap),
            // Both are worked out again from the library, below.
            ScreenState::Dossier(_) | ScreenState::SearchResults(_) => true,
        });
        self.screens = screens;
        let shared = &self.shared;
        self.layers.retain_mut(|l| l.reloaded(shared, &remap));
        self.refresh(Change::Library);
        let mut said = format!("reloaded {} briefings", self.shared.library.briefings.len());
        if !gone.is_empty() {
            said += "; the briefing open is gone from disk";
        }
        if let Some(first) = newly_stale.first() {
            said = format!("⚠ kept the last good version: {first}");
        }
        if let Some(earlier) = self.shared.message.take() {
            said += &format!("; {earlier}");
        }
        self.shared.message = Some(text::clean(&said));
    }
}

/// Applies an action. The only place the reader's state changes.
pub fn update(app: &mut App, action: Action) {
    // What effects come to keeps the message of the key that asked for them
    // unless it has news of its own.
    if action != Action::CopyText {
        app.shared.yank_pending = false;
    }
    if !matches!(
        action,
        Action::Reloaded(_)
            | Action::Resize { .. }
            | Action::MarksSaved(_)
            | Action::SaveFailed { .. }
            | Action::LibraryFound { .. }
            | Action::Loaded(_)
            | Action::LoadDone
    ) {
        app.shared.message = None;
    }
    route(app, action);
}

/// Actions about the whole reader are taken here; the rest go down the
/// stack of layers, top first, and to the screen if none consumed them.
fn route(app: &mut App, action: Action) {
    let shared = &mut app.shared;
    match action {
        Action::Quit => app.quit(),
        Action::Notice(text) => shared.message = Some(text),
        Action::MarksSaved(saved) => shared.took_saved(saved),
        Action::SaveFailed { briefing, why } => shared.save_failed(briefing, why),
        Action::UnsavedKept(Ok(farewell)) => {
            shared.farewell = Some(farewell);
            shared.quit = true;
        }
        Action::UnsavedKept(Err(why)) => shared.message = Some(why),
        Action::SetFilter(filter) => {
            shared.filter = filter;
            app.apply(Outcome::Refresh);
        }
        Action::LibraryFound { files, failures } => {
            shared.loading = Some(Progress {
                total: files,
                done: 0,
                failed: failures.len(),
            });
            let library = shared.library_mut();
            library.failures.extend(failures);
            library.files = files;
            app.apply(Outcome::Refresh);
        }
        Action::Loaded(batch) => app.take_batch(batch),
        Action::Reloaded(reloaded) => app.take_reload(reloaded),
        Action::Reload => {
            shared.message = Some("reloading the library…".into());
            shared.effects.push(Effect::Reload);
        }
        Action::HistoryBack => app.travel(false),
        Action::HistoryForward => app.travel(true),
        Action::Linked(linked) => {
            if shared.linking != Some(linked.generation) || linked.generation != shared.generation {
                // Links of a library since replaced: the new one links itself.
                return;
            }
            shared.linking = None;
            match std::sync::Arc::try_unwrap(linked.links) {
                Ok(links) => shared.library_mut().set_links(links),
                Err(_) => shared.library_mut().link(),
            }
            app.refresh(Change::Library);
        }
        Action::LoadDone => {
            // Links between briefings (same_as) need every briefing loaded;
            // at 100,000 briefings finding them takes seconds, so the event
            // loop does it on a thread of its own (Action::Linked).
            shared.linking = Some(shared.generation);
            shared.effects.push(Effect::Link);
            shared.text_index.shrink();
            if std::mem::take(&mut shared.reload_after_load) {
                shared.effects.push(Effect::Reload);
            }
            if let Some(p) = shared.loading.take() {
                let loaded = shared.library.briefings.len();
                let mut said = format!("loaded {loaded} briefings");
                if p.failed > 0 {
                    said += &format!(", {} failed (listed at the end)", p.failed);
                }
                // What loading said (a marks file set aside, marks kept on
                // items that are gone) is news the analyst must not miss.
                let n = shared.set_aside.len();
                if n > 1 {
                    said += &format!("; {n} marks files were unreadable and set aside");
                }
                if let Some(earlier) = shared.message.take() {
                    said += &format!("; {earlier}");
                }
                shared.message = Some(text::clean(&said));
            }
        }
        // Not routed: everything recomputes from the new size.
        Action::Resize { width, height } => {
            shared.size = ratatui::layout::Rect::new(0, 0, width, height);
            app.refresh(Change::Resize);
        }
        action => {
            for i in (0..app.layers.len()).rev() {
                let step = app.layers[i].update(&mut app.shared, &action);
                if step.close {
                    app.layers.truncate(i);
                }
                app.apply(step.then);
                if step.handled == Handled::Consumed {
                    return;
                }
            }
            if let Action::Paste(_) = action {
                // Pasted text is text: with no field open it runs nothing.
                app.shared.message = Some("paste ignored: no text field is open".into());
                return;
            }
            let Some(screen) = app.screens.last_mut() else {
                return;
            };
            let outcome = screen.update(&mut app.shared, action);
            app.apply(outcome);
        }
    }
}

/// Draws the reader: the screen, then every layer over it, bottom to top.
pub fn view(app: &App, frame: &mut Frame) {
    let size = frame.area();
    if layout::too_small(size) {
        chrome::too_small(frame, size);
        return;
    }
    app.top().view(&app.shared, frame, app.context());
    for layer in &app.layers {
        layer.view(&app.shared, frame);
    }
    super::widgets::glyphs::steady(frame.buffer_mut());
}

/// The wrapped line holding byte `offset` of paragraph `para`.
pub use screens::briefing::line_of;
pub use screens::library::Row;

#[cfg(test)]
mod tests {
    use super::*;
    use crate::briefing::load::load_bytes;
    use std::path::Path;

    /// A batch of one loaded briefing, published on `date`.
    fn batch(id: &str, date: &str) -> LoadBatch {
        let source = format!(
            "format: debrief/1\nid: {id}\ntitle: Briefing {id}\npublished: {date}\narticle:\n  - text: Hi from {id}.\n"
        );
        let path = Path::new(id).with_extension("yaml");
        let loaded = load_bytes(&path, source.as_bytes());
        assert!(loaded.briefing.is_some(), "{:?}", loaded.diagnostics);
        // As the loader sends it: with its briefings' words.
        let words = crate::search::Words::of(loaded.briefing.as_ref());
        LoadBatch {
            files: vec![(path, loaded)],
            words: vec![words],
            ..LoadBatch::default()
        }
    }

    #[test]
    fn the_search_index_grows_with_each_batch_and_waits_when_a_briefing_is_refused() {
        let mut app = App::new(Library::default(), Theme::new(false), 80, 24);
        let mut two = batch("old", "2015-01-01");
        two.append(batch("new", "2024-01-01"));
        update(&mut app, Action::Loaded(two));
        assert_eq!(app.shared.text_index.briefings(), 2, "joined as it came");
        // Same id again, with another: one refused, so the words of the
        // two would be out of step with the library's one.
        let mut refused = batch("new", "2024-01-01");
        refused.append(batch("newest", "2025-01-01"));
        update(&mut app, Action::Loaded(refused));
        assert_eq!(app.shared.library.briefings.len(), 3);
        assert_eq!(
            app.shared.text_index.briefings(),
            2,
            "not joined out of step"
        );
        update(&mut app, Action::Search("from newest".into()));
        let ScreenState::SearchResults(results) = app.top() else {
            panic!("the results screen");
        };
        assert_eq!(results.hits.len(), 1, "the search caught up first");
        assert_eq!(app.shared.text_index.briefings(), 3);
    }

    /// Briefings arriving a few at a time, dates and titles repeating: the
    /// table the kept order gives is the one sorting everything at once
    /// gives, by date either way round, under a filter and by title.
    #[test]
    fn a_library_taken_in_batch_by_batch_sorts_as_the_whole_library_does() {
        let loaded: Vec<(std::path::PathBuf, crate::briefing::load::Loaded)> = (0..12)
            .map(|i| {
                let (date, title) = (["2020-05-01", "2019-01-01", "2021-03-03"][i % 3], ["Same", "Other"][i % 2]);
                let source = format!(
                    "format: debrief/1\nid: b{i}\ntitle: {title}\npublished: {date}\nactors:\n  - {{id: a{}, name: A{}, kind: government}}\narticle:\n  - text: Hi.\n",
                    i % 2,
                    i % 2
                );
                let path = std::path::PathBuf::from(format!("b{i:02}.yaml"));
                let l = load_bytes(&path, source.as_bytes());
                assert!(l.briefing.is_some(), "{:?}", l.diagnostics);
                (path, l)
            })
            .collect();
        let mut whole = Library::default();
        for (path, l) in loaded.clone() {
            whole.add(&path, l);
        }
        let mut at_once = App::new(whole, Theme::new(false), 100, 30);
        let mut batched = App::new(Library::default(), Theme::new(false), 100, 30);
        for chunk in loaded.chunks(5) {
            let files = chunk.to_vec();
            update(
                &mut batched,
                Action::Loaded(LoadBatch {
                    files,
                    ..LoadBatch::default()
                }),
            );
        }
        let rows = |app: &App| app.shelf().rows.clone();
        assert_eq!(rows(&batched), rows(&at_once), "newest first");
        let filter = crate::query::Filter {
            actors: ["a1".to_string()].into(),
            ..crate::query::Filter::default()
        };
        for app in [&mut at_once, &mut batched] {
            update(app, Action::ReverseSort);
        }
        assert_eq!(rows(&batched), rows(&at_once), "oldest first");
        for app in [&mut at_once, &mut batched] {
            update(app, Action::SetFilter(filter.clone()));
        }
        assert_eq!(rows(&batched).len(), 6);
        assert_eq!(rows(&batched), rows(&at_once), "filtered");
        for app in [&mut at_once, &mut batched] {
            update(app, Action::CycleSort);
        }
        assert_eq!(rows(&batched), rows(&at_once), "by title");
        // Ties stay in library order, as a stable sort of the whole keeps them.
        let ids: Vec<&str> = rows(&batched)
            .iter()
            .filter_map(|r| match r {
                Row::Briefing(i) => Some(batched.shared.library.briefings[*i].id.as_str()),
                Row::Failure(_) => None,
            })
            .collect();
        assert_eq!(ids, ["b1", "b3", "b5", "b7", "b9", "b11"]);
    }

    /// The bundled library, loaded batch by batch, is linked once the load
    /// is done by an effect whose links come back as an action; links of a
    /// library since replaced are not taken.
    #[test]
    fn the_loaded_library_is_linked_by_an_effect_and_stale_links_are_dropped() {
        let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("briefings");
        let whole = Library::load(
            std::slice::from_ref(&root),
            &crate::briefing::Limits::default(),
        );
        let (files, _) = crate::briefing::library::briefing_files(&[root]);
        let loaded = crate::briefing::library::load_all_with(
            &files,
            &crate::briefing::Limits::default(),
            &whole.registry,
        );
        assert!(loaded.iter().filter(|(_, l)| l.briefing.is_some()).count() > 3);
        let reader = |loaded: Vec<_>| {
            let mut app = App::new(Library::default(), Theme::new(false), 100, 30);
            app.shared.loading = Some(Progress::default());
            update(
                &mut app,
                Action::Loaded(LoadBatch {
                    files: loaded,
                    ..LoadBatch::default()
                }),
            );
            update(&mut app, Action::LoadDone);
            assert_eq!(app.shared.effects, vec![Effect::Link]);
            assert_eq!(app.shared.linking, Some(app.shared.generation));
            let effect = app.shared.effects.remove(0);
            let linked =
                super::super::effects::perform(&app, &effect, Path::new("."), time::Date::MIN)
                    .expect("the links, as an action");
            (app, linked)
        };
        let dossier_of = |library: &Library| {
            let actor = library
                .briefings
                .iter()
                .flat_map(|b| &b.actors)
                .next()
                .map(|a| a.id.to_string());
            let subject = crate::query::Filter {
                actors: actor.into_iter().collect(),
                ..Default::default()
            };
            crate::dossier::dossier(library, &subject)
        };
        let (mut app, linked) = reader(loaded.clone());
        update(&mut app, linked);
        assert_eq!(app.shared.linking, None);
        assert_eq!(app.shared.library.link_problems, whole.link_problems);
        assert_eq!(dossier_of(&app.shared.library), dossier_of(&whole));

        let loaded_again = loaded.clone();
        let (mut stale, linked) = reader(loaded);
        stale.shared.generation += 1;
        update(&mut stale, linked);
        assert_ne!(
            dossier_of(&stale.shared.library),
            dossier_of(&whole),
            "not taken"
        );

        // A batch while the thread still holds the library: the reader
        // changes a copy, and asks for that copy's links.
        let (mut app, old) = reader(Vec::new());
        let held = std::sync::Arc::clone(&app.shared.library);
        update(
            &mut app,
            Action::Loaded(LoadBatch {
                files: loaded_again,
                ..LoadBatch::default()
            }),
        );
        assert_eq!(app.shared.library.briefings.len(), whole.briefings.len());
        assert_eq!(held.briefings.len(), 0, "the thread's library is as it was");
        assert_eq!(app.shared.effects, vec![Effect::Link], "linked anew");
        drop(held);
        update(&mut app, old);
        assert_eq!(
            app.shared.linking,
            Some(app.shared.generation),
            "the old links are not taken"
        );
        let effect = app.shared.effects.remove(0);
        let linked = super::super::effects::perform(&app, &effect, Path::new("."), time::Date::MIN)
            .expect("the links");
        update(&mut app, linked);
        assert_eq!(app.shared.linking, None);
        assert_eq!(dossier_of(&app.shared.library), dossier_of(&whole));
    }

    fn selected_id(app: &App) -> Option<&str> {
        match app.shelf().rows.get(app.shelf().selected) {
            Some(Row::Briefing(i)) => Some(app.shared.library.briefings[*i].id.as_str()),
            _ => None,
        }
    }

    #[test]
    fn while_the_library_loads_the_selection_stays_at_the_top_until_the_reader_moves() {
        let mut app = App::new(Library::default(), Theme::new(false), 100, 30);
        update(&mut app, Action::Loaded(batch("old", "2015-01-01")));
        update(&mut app, Action::Loaded(batch("new", "2024-01-01")));
        assert_eq!(selected_id(&app), Some("new"), "the newest, at the top");

        update(&mut app, Action::Down);
        assert_eq!(selected_id(&app), Some("old"));
        update(&mut app, Action::Loaded(batch("newest", "2025-01-01")));
        assert_eq!(
            selected_id(&app),
            Some("old"),
            "the briefing the reader moved to"
        );
    }

    #[test]
    fn the_top_layer_gets_the_action_first_and_closing_it_uncovers_the_next() {
        let mut app = App::new(Library::default(), Theme::new(false), 100, 30);
        update(&mut app, Action::Help);
        update(&mut app, Action::OpenPicker);
        assert_eq!(app.popup(), Some(Popup::Help), "help swallowed f");
        assert_eq!(app.layers.len(), 1);
        update(&mut app, Action::Back);
        assert!(app.layers.is_empty());
        update(&mut app, Action::OpenPicker);
        assert!(app.picker().is_some());
        update(&mut app, Action::Type('x'));
        assert_eq!(app.picker().map(|p| p.query.text()), Some("x"));
        update(&mut app, Action::Quit);
        assert!(
            app.shared.quit,
            "modal layers never keep the reader from quitting"
        );
    }

    /// Keys become actions through the map in force, so a rebound key
    /// moves the selection and the old one does nothing.
    #[test]
    fn a_rebound_key_does_its_action_and_the_old_key_nothing() {
        let mut app = App::new(Library::default(), Theme::new(false), 100, 30);
        app.shared
            .keys
            .rebind("everywhere", "down", vec![Key::Char('J')])
            .expect("rebinds");
        update(&mut app, Action::Loaded(batch("old", "2015-01-01")));
        update(&mut app, Action::Loaded(batch("new", "2024-01-01")));
        assert_eq!(selected_id(&app), Some("new"));
        assert_eq!(app.action_for(Key::Char('j')), None);
        let down = app.action_for(Key::Char('J')).expect("J is bound");
        update(&mut app, down);
        assert_eq!(selected_id(&app), Some("old"));
        let help = app.shared.keys.help_sections();
        let everywhere = &help
            .iter()
            .find(|(t, _)| *t == "Everywhere")
            .expect("a section")
            .1;
        assert!(
            everywhere.contains(&("J".to_string(), "move down")),
            "{everywhere:?}"
        );
    }

    const LINKED_A: &str = "format: debrief/2\nid: a\ntitle: A\npublished: 2025-01-02\narticle:\n  - text: Hi.\nsources:\n  - id: s1\n    name: Wire\n    url: https://example.org/a\nclaims:\n  - id: c1\n    text: one\n    sources: [s1]\n    same_as: [b#c9]\n";
    const LINKED_B: &str = "format: debrief/2\nid: b\ntitle: B\npublished: 2024-01-01\narticle:\n  - text: Hi.\nclaims:\n  - id: c8\n    text: eight\n  - id: c9\n    text: nine\n";

    /// The library of `a` (newest, so first) and `b`, with `a` open on c1.
    fn linked_reader() -> App {
        let mut library = Library::default();
        for (name, src) in [("a.yaml", LINKED_A), ("b.yaml", LINKED_B)] {
            let path = Path::new(name);
            library.add(path, load_bytes(path, src.as_bytes()));
        }
        library.link();
        assert_eq!(library.briefings.len(), 2, "{:?}", library.failures);
        let mut app = App::new(library, Theme::new(false), 120, 40);
        update(&mut app, Action::Open);
        assert_eq!(app.briefing().map(|b| b.id.as_str()), Some("a"));
        app
    }

    fn where_now(app: &App) -> (Option<String>, Option<String>) {
        let here = app.here();
        (here.briefing, here.item.map(|t| t.to_string()))
    }

    #[test]
    fn enter_on_a_link_in_the_detail_follows_it_and_ctrl_o_comes_back() {
        let mut app = linked_reader();
        update(&mut app, Action::Open);
        let detail = app.layer::<Detail>().expect("the detail is open");
        assert_eq!(detail.links.len(), 2, "s1 and b#c9");
        update(&mut app, Action::Open);
        assert!(app.layers.is_empty(), "following closes the detail");
        assert_eq!(
            where_now(&app),
            (Some("a".into()), Some("source s1".into()))
        );
        update(&mut app, Action::HistoryBack);
        assert_eq!(where_now(&app), (Some("a".into()), Some("claim c1".into())));
        update(&mut app, Action::HistoryForward);
        assert_eq!(
            where_now(&app),
            (Some("a".into()), Some("source s1".into()))
        );
    }

    #[test]
    fn the_selected_link_of_the_detail_is_drawn_reversed_and_j_moves_it() {
        use ratatui::style::Modifier;
        let mut app = linked_reader();
        update(&mut app, Action::Open);
        let reversed_row = |app: &App| {
            let mut terminal = ratatui::Terminal::new(ratatui::backend::TestBackend::new(120, 40))
                .expect("terminal");
            terminal.draw(|f| view(app, f)).expect("draw");
            let buf = terminal.backend().buffer().clone();
            (0..buf.area.height).find_map(|y| {
                let text: String = (0..buf.area.width).map(|x| buf[(x, y)].symbol()).collect();
                let x = text.find("● ")?;
                let col = text[..x].chars().count() as u16;
                buf[(col + 2, y)]
                    .modifier
                    .contains(Modifier::REVERSED)
                    .then(|| text.trim().to_string())
            })
        };
        let first = reversed_row(&app).expect("a link drawn reversed");
        assert!(first.contains("s1 ·"), "{first}");
        update(&mut app, Action::Down);
        let second = reversed_row(&app).expect("a link drawn reversed");
        assert!(second.contains("b#c9"), "{second}");
    }

    #[test]
    fn a_same_as_link_opens_the_other_briefing_on_its_claim_and_back_returns() {
        let mut app = linked_reader();
        update(&mut app, Action::Open);
        update(&mut app, Action::Down);
        update(&mut app, Action::Open);
        assert_eq!(where_now(&app), (Some("b".into()), Some("claim c9".into())));
        assert_eq!(app.screens.len(), 2, "b in place of a, over the library");
        update(&mut app, Action::HistoryBack);
        assert_eq!(where_now(&app), (Some("a".into()), Some("claim c1".into())));
        update(&mut app, Action::HistoryBack);
        assert_eq!(
            app.screen(),
            Screen::Library,
            "and before that, the library"
        );
        update(&mut app, Action::HistoryBack);
        assert!(
            app.shared
                .message
                .as_deref()
                .is_some_and(|m| m.contains("nothing to go back to"))
        );
    }

    #[test]
    fn a_reload_keeps_the_open_item_by_id_and_a_file_that_now_fails_its_last_good_version() {
        let mut app = linked_reader();
        update(&mut app, Action::FocusSources);
        // a.yaml gains a claim before c1 and b.yaml breaks.
        let a2 = LINKED_A.replace("claims:\n", "claims:\n  - id: c0\n    text: zero\n");
        let mut library = Library::default();
        for (name, src) in [
            ("a.yaml", a2.as_str()),
            ("b.yaml", "format: debrief/2\ntitle: [\n"),
        ] {
            let path = Path::new(name);
            library.add(path, load_bytes(path, src.as_bytes()));
        }
        library.link();
        update(
            &mut app,
            Action::Reloaded(Reloaded {
                library: std::sync::Arc::new(library),
                marks: Vec::new(),
            }),
        );
        assert_eq!(
            where_now(&app),
            (Some("a".into()), Some("source s1".into()))
        );
        assert_eq!(
            app.briefing().map(|b| b.claims.len()),
            Some(2),
            "the new version shows"
        );
        assert_eq!(app.shared.library.briefings.len(), 2, "b kept as it was");
        assert!(app.shared.stale.contains_key(Path::new("b.yaml")));
        let said = app.shared.message.clone().unwrap_or_default();
        assert!(
            said.contains("kept the last good version") && said.contains("b.yaml"),
            "{said}"
        );
    }

    #[test]
    fn a_reload_during_the_first_load_waits_for_it_to_end() {
        let mut app = App::new(Library::default(), Theme::new(false), 100, 30);
        app.shared.loading = Some(Progress::default());
        update(&mut app, Action::Loaded(batch("old", "2015-01-01")));
        let mut library = Library::default();
        library.add(
            Path::new("x.yaml"),
            batch("new", "2024-01-01").files.remove(0).1,
        );
        update(
            &mut app,
            Action::Reloaded(Reloaded {
                library: std::sync::Arc::new(library),
                marks: Vec::new(),
            }),
        );
        assert_eq!(app.shared.library.briefings.len(), 1);
        assert_eq!(
            app.shared.library.briefings[0].id, "old",
            "not replaced mid-load"
        );
        assert!(app.shared.effects.is_empty());
        update(&mut app, Action::LoadDone);
        assert_eq!(
            app.shared.effects,
            vec![Effect::Link, Effect::Reload],
            "linked, and asked again once loaded"
        );
    }

    #[test]
    fn yu_copies_the_link_and_a_file_url_is_refused() {
        let mut app = linked_reader();
        update(&mut app, Action::FocusSources);
        let u = app.action_for(Key::Char('u'));
        assert_eq!(u, None, "u alone does nothing here");
        update(&mut app, Action::CopyText);
        assert_eq!(app.action_for(Key::Char('u')), Some(Action::CopyUrl));
        update(&mut app, Action::CopyUrl);
        assert_eq!(
            app.shared.effects.last(),
            Some(&Effect::Copy("https://example.org/a".into()))
        );
        assert_eq!(app.action_for(Key::Char('u')), None, "only right after y");
        app.shared.effects.clear();
        crate::tui::handoff::open_url(&mut app.shared, Some("file:///etc/passwd"));
        assert!(app.shared.effects.is_empty());
        assert!(
            app.shared
                .message
                .as_deref()
                .is_some_and(|m| m.contains("only http and https"))
        );
    }
    /// Three briefings with "needle" in them: `a` four times (p1, twice in
    /// p2, claim c1), `b` once (source s1), `c` once (p2); `d`, between `b`
    /// and `c` in the library, not at all.
    fn needles() -> App {
        let a = "format: debrief/1\nid: a\ntitle: A\npublished: 2025-01-03\narticle:\n  - text: One needle here.\n  - text: A needle and a needle.\nclaims:\n  - id: c1\n    text: A needle claim.\n";
        let b = "format: debrief/1\nid: b\ntitle: B\npublished: 2025-01-02\narticle:\n  - text: Nothing.\nsources:\n  - id: s1\n    name: Needle Wire\n";
        let c = "format: debrief/1\nid: c\ntitle: C\npublished: 2025-01-01\narticle:\n  - text: Nothing.\n  - text: needle at last\n";
        let d = "format: debrief/1\nid: d\ntitle: D\npublished: 2024-01-01\narticle:\n  - text: Nothing.\n";
        let mut library = Library::default();
        for (name, src) in [("a.yaml", a), ("b.yaml", b), ("d.yaml", d), ("c.yaml", c)] {
            let path = Path::new(name);
            library.add(path, load_bytes(path, src.as_bytes()));
        }
        assert_eq!(library.briefings.len(), 4, "{:?}", library.failures);
        App::new(library, Theme::new(false), 120, 40)
    }

    fn search_for(app: &mut App, query: &str) {
        update(app, Action::StartSearch);
        for c in query.chars() {
            update(app, Action::Type(c));
        }
        update(app, Action::ConfirmSearch);
    }

    /// The results' selection and the briefing open over them, with its match.
    fn at_hit(app: &App) -> (usize, Option<String>, Option<(usize, usize, usize)>) {
        let selected = app.screens.iter().find_map(|s| match s {
            ScreenState::SearchResults(r) => Some(r.selected),
            _ => None,
        });
        (
            selected.expect("the results under the briefing"),
            app.briefing().map(|b| b.id.to_string()),
            app.reader().and_then(|r| r.search.current),
        )
    }

    fn said(app: &App) -> String {
        app.shared.message.clone().unwrap_or_default()
    }

    #[test]
    fn n_in_a_briefing_opened_from_the_results_goes_on_through_the_librarys_hits() {
        let mut app = needles();
        search_for(&mut app, "needle");
        assert_eq!(app.screen(), Screen::SearchResults);
        update(&mut app, Action::Down);
        update(&mut app, Action::Open);
        assert_eq!(at_hit(&app), (1, Some("a".into()), Some((1, 2, 8))));
        assert!(
            said(&app).contains("match 2 of 4 · hit 2/6 in the library"),
            "{}",
            said(&app)
        );
        update(&mut app, Action::NextMatch);
        assert_eq!(at_hit(&app), (2, Some("a".into()), Some((1, 15, 21))));
        update(&mut app, Action::NextMatch);
        assert_eq!(at_hit(&app), (3, Some("a".into()), None));
        assert_eq!(app.current_item(), Some(Item::Claim(0)), "the claim's hit");
        assert_eq!(app.screens.len(), 3, "the same briefing, moved");

        // Past a's last hit: b, at its one hit, a source.
        update(&mut app, Action::NextMatch);
        assert_eq!(at_hit(&app), (4, Some("b".into()), None));
        assert_eq!(app.current_item(), Some(Item::Source(0)));
        assert_eq!(app.screens.len(), 3, "b in place of a, over the results");
        assert!(
            said(&app).contains("match 1 of 1 · hit 5/6 in the library"),
            "{}",
            said(&app)
        );
        update(&mut app, Action::NextMatch);
        assert_eq!(at_hit(&app), (5, Some("c".into()), Some((1, 0, 6))));
        assert!(!said(&app).contains("wrapped"), "{}", said(&app));

        // Round the library's end, and back.
        update(&mut app, Action::NextMatch);
        assert_eq!(at_hit(&app), (0, Some("a".into()), Some((0, 4, 10))));
        assert!(
            said(&app).contains("hit 1/6 in the library")
                && said(&app).contains("wrapped to the top of the library"),
            "{}",
            said(&app)
        );
        update(&mut app, Action::PrevMatch);
        assert_eq!(at_hit(&app), (5, Some("c".into()), Some((1, 0, 6))));
        assert!(
            said(&app).contains("wrapped to the bottom of the library"),
            "{}",
            said(&app)
        );
        // N from a briefing's first hit: the previous briefing at its last.
        update(&mut app, Action::PrevMatch);
        update(&mut app, Action::PrevMatch);
        assert_eq!(at_hit(&app), (3, Some("a".into()), None));
        assert_eq!(app.current_item(), Some(Item::Claim(0)));
        update(&mut app, Action::PrevMatch);
        assert_eq!(at_hit(&app), (2, Some("a".into()), Some((1, 15, 21))));

        // Esc clears the search, then the results show the hit last seen.
        update(&mut app, Action::Back);
        update(&mut app, Action::Back);
        assert_eq!(app.screen(), Screen::SearchResults);
        assert_eq!(at_hit(&app).0, 2);
    }

    #[test]
    fn opening_another_briefing_through_the_hits_is_history_and_a_step_within_one_is_not() {
        let mut app = needles();
        search_for(&mut app, "needle");
        update(&mut app, Action::Open);
        update(&mut app, Action::NextMatch);
        update(&mut app, Action::NextMatch);
        update(&mut app, Action::NextMatch);
        assert_eq!(where_now(&app), (Some("a".into()), Some("claim c1".into())));
        update(&mut app, Action::NextMatch);
        assert_eq!(
            where_now(&app),
            (Some("b".into()), Some("source s1".into()))
        );
        update(&mut app, Action::HistoryBack);
        assert_eq!(where_now(&app), (Some("a".into()), Some("claim c1".into())));
        assert_eq!(app.screen(), Screen::Briefing);
        update(&mut app, Action::HistoryBack);
        assert_eq!(
            app.screen(),
            Screen::SearchResults,
            "where Enter was pressed"
        );
        update(&mut app, Action::HistoryForward);
        assert_eq!(where_now(&app).0, Some("a".into()));
    }

    #[test]
    fn a_briefing_opened_from_the_library_still_goes_round_its_own_matches() {
        let mut app = needles();
        update(&mut app, Action::Open);
        assert_eq!(
            app.briefing().map(|b| b.id.as_str()),
            Some("a"),
            "the newest"
        );
        update(&mut app, Action::FocusArticle);
        search_for(&mut app, "needle");
        let current = |app: &App| app.reader().and_then(|r| r.search.current);
        assert_eq!(current(&app), Some((0, 4, 10)));
        update(&mut app, Action::NextMatch);
        assert_eq!(current(&app), Some((1, 2, 8)));
        // (Its n goes by line, as it always has: p2's second match shares the line.)
        update(&mut app, Action::NextMatch);
        assert_eq!(current(&app), Some((0, 4, 10)), "round to its first");
        let said = said(&app);
        assert!(
            said.contains("match 1 of 3") && said.ends_with("search wrapped to the top"),
            "{said}"
        );
        assert!(!said.contains("library"), "{said}");
        assert_eq!(app.screens.len(), 2, "no other briefing opened");
    }

    #[test]
    fn a_new_search_in_a_briefing_opened_from_the_results_is_its_own() {
        let mut app = needles();
        search_for(&mut app, "needle");
        update(&mut app, Action::Open);
        search_for(&mut app, "one");
        assert_eq!(app.reader().map(|r| r.search.across), Some(false));
        update(&mut app, Action::NextMatch);
        assert_eq!(at_hit(&app), (0, Some("a".into()), Some((0, 0, 3))));
        assert!(!said(&app).contains("library"), "{}", said(&app));
    }
}
