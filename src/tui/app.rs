//! The reader's state and the one function that changes it.
//!
//! [`update`] takes an [`Action`] and never does I/O or touches the terminal,
//! so every behaviour of the reader is tested by feeding it actions. Derived
//! data (sorted rows, wrapped article lines, link sets, search matches) is
//! recomputed here when its inputs change, never while drawing.

use ratatui::layout::{Position, Rect};

use super::action::{Action, LoadBatch};
use super::annotate::{Effect, ExportFormat, ExportPrompt, NoteEditing};
use super::filtering::Picker;
use super::keymap::{self, Context, Key};
use super::layout::{self, BriefingLayout};
use super::theme::Theme;
use crate::briefing::links::{Item, Linked, Links};
use crate::briefing::{Briefing, Library};
use crate::marks::{Marks, Store};
use crate::query::{ActorNames, Facets, Filter, Visible};
use crate::stats::{self, Overview};
use crate::text;
use std::collections::HashMap;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Screen {
    Library,
    Briefing,
    Overview,
}

/// The panes of the briefing screen, in Tab order.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Pane {
    Article,
    Claims,
    Sources,
    Experts,
    Caveats,
}

impl Pane {
    pub const ALL: [Pane; 5] = [
        Pane::Article,
        Pane::Claims,
        Pane::Sources,
        Pane::Experts,
        Pane::Caveats,
    ];
    pub const LISTS: [Pane; 4] = [Pane::Claims, Pane::Sources, Pane::Experts, Pane::Caveats];

    pub fn title(self) -> &'static str {
        match self {
            Pane::Article => "Article",
            Pane::Claims => "Claims",
            Pane::Sources => "Sources",
            Pane::Experts => "Experts",
            Pane::Caveats => "Caveats",
        }
    }

    /// Position among the four lists; `None` for the article.
    pub fn list_index(self) -> Option<usize> {
        Pane::LISTS.iter().position(|p| *p == self)
    }

    pub fn item(self, index: usize) -> Option<Item> {
        match self {
            Pane::Article => None,
            Pane::Claims => Some(Item::Claim(index)),
            Pane::Sources => Some(Item::Source(index)),
            Pane::Experts => Some(Item::Expert(index)),
            Pane::Caveats => Some(Item::Caveat(index)),
        }
    }

    pub fn of(item: Item) -> Pane {
        match item {
            Item::Claim(_) => Pane::Claims,
            Item::Source(_) => Pane::Sources,
            Item::Expert(_) => Pane::Experts,
            Item::Caveat(_) => Pane::Caveats,
        }
    }
}

/// How far the background load has come.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Progress {
    pub total: usize,
    pub done: usize,
    pub failed: usize,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Popup {
    Help,
    Detail(Item),
}

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

#[derive(Debug, Clone)]
pub struct Shelf {
    pub rows: Vec<Row>,
    pub selected: usize,
    /// First row shown.
    pub offset: usize,
    pub sort: Sort,
    pub descending: bool,
    /// The facet sidebar has the focus rather than the table.
    pub facets_focused: bool,
    /// Position in [`App::facet_rows`].
    pub facet_selected: usize,
    pub facet_offset: usize,
}

/// One line of the wrapped article: a byte range of a paragraph's text, or
/// the blank line between paragraphs (`para` is `None`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ArticleLine {
    pub para: Option<usize>,
    pub start: usize,
    pub end: usize,
}

/// An anchored span of the article and the item it belongs to.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Mark {
    pub start: usize,
    pub end: usize,
    pub item: Item,
}

#[derive(Debug, Clone)]
pub struct Reader {
    /// Index of the open briefing in the library.
    pub briefing: usize,
    pub links: Links,
    pub focus: Pane,
    /// The list whose selection is the current item (the last list focused).
    pub current_list: Pane,
    pub selected: [usize; 4],
    /// First item shown, per list.
    pub offsets: [usize; 4],
    /// The items each list shows (all, or those related to the filter), by
    /// index into the briefing's list; `selected` and `offsets` are
    /// positions in these.
    pub rows: [Vec<usize>; 4],
    /// Which items the filter leaves visible.
    pub visible: Visible,
    /// The selection before a filter was set, restored when it is cleared.
    pub unfiltered: Option<Saved>,
    /// Items linked to the current item.
    pub linked: Linked,
    /// Anchored spans per paragraph, sorted by start.
    pub marks: Vec<Vec<Mark>>,
    /// The article wrapped at `wrap_width` columns.
    pub lines: Vec<ArticleLine>,
    pub wrap_width: u16,
    /// First article line shown.
    pub scroll: usize,
    /// The text on top as of the last wrap: (line it was shown at,
    /// paragraph, byte offset), so resizes do not creep up the article.
    pub wrap_top: Option<(usize, usize, usize)>,
}

/// Where the reader was in a briefing, by item rather than by position.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Saved {
    pub focus: Pane,
    pub current_list: Pane,
    /// Item index per list, when the list had a selection.
    pub items: [Option<usize>; 4],
    pub scroll: usize,
}

#[derive(Debug, Clone, Default)]
pub struct Search {
    /// The search line is open for typing.
    pub editing: bool,
    pub query: String,
    /// Matches in the article: paragraph, byte range.
    pub article: Vec<(usize, usize, usize)>,
}

pub struct App {
    pub library: Library,
    pub screen: Screen,
    /// Where the overview returns to, and what it counts.
    pub overview_of: Screen,
    /// The overview's counts, computed when the overview opens.
    pub overview: Overview,
    pub shelf: Shelf,
    pub reader: Option<Reader>,
    pub popup: Option<Popup>,
    pub popup_scroll: u16,
    pub search: Search,
    /// The actors and countries everything is narrowed to.
    pub filter: Filter,
    /// Briefings that match the filter, by index into the library.
    pub matching: Vec<usize>,
    /// The sidebar's counts under the filter.
    pub facets: Facets,
    pub names: ActorNames,
    /// The filter picker, while open.
    pub picker: Option<Picker>,
    /// Where marks are saved; `None` when no state folder could be found.
    pub store: Option<Store>,
    /// Marks and notes by briefing id.
    pub marks: HashMap<String, Marks>,
    /// Briefings whose marks could not be saved, and why: quitting asks.
    pub unsaved: std::collections::BTreeMap<String, String>,
    /// Briefings whose marks file was unreadable and set aside, and why.
    pub set_aside: HashMap<String, String>,
    /// The note being written, while the editor is open.
    pub note: Option<NoteEditing>,
    /// The export question, while it is asked.
    pub export_prompt: Option<ExportPrompt>,
    /// Files to write, for the event loop; see [`super::effects`].
    pub effects: Vec<Effect>,
    pub size: Rect,
    pub theme: Theme,
    /// While the library loads in the background: files loaded, of how many.
    pub loading: Option<Progress>,
    /// A one-line message for the status bar, cleared by the next key.
    pub message: Option<String>,
    pub quit: bool,
}

impl App {
    pub fn new(library: Library, theme: Theme, width: u16, height: u16) -> App {
        let mut app = App {
            library,
            screen: Screen::Library,
            overview_of: Screen::Library,
            overview: Overview::default(),
            shelf: Shelf {
                rows: Vec::new(),
                selected: 0,
                offset: 0,
                sort: Sort::Date,
                descending: true,
                facets_focused: false,
                facet_selected: 0,
                facet_offset: 0,
            },
            reader: None,
            popup: None,
            popup_scroll: 0,
            search: Search::default(),
            filter: Filter::default(),
            matching: Vec::new(),
            facets: Facets::default(),
            names: ActorNames::default(),
            picker: None,
            store: None,
            marks: HashMap::new(),
            unsaved: Default::default(),
            set_aside: HashMap::new(),
            note: None,
            export_prompt: None,
            effects: Vec::new(),
            size: Rect::new(0, 0, width, height),
            theme,
            loading: None,
            message: None,
            quit: false,
        };
        app.names = ActorNames::new(&app.library.briefings);
        app.filter_changed();
        app
    }

    /// Adds briefings loaded in the background and brings everything derived
    /// from the library up to date once for the whole batch.
    fn take_batch(&mut self, batch: LoadBatch) {
        let files = batch.files.len();
        let before = self.library.briefings.len();
        for (path, loaded) in batch.files {
            self.library.add(&path, loaded);
        }
        // Only the new briefings' names: rebuilding them all per batch was
        // nearly all of the time the reader spent taking in a large library.
        self.names.add(&self.library.briefings[before..]);
        for (id, m) in batch.marks {
            self.marks.entry(id).or_insert(m);
        }
        self.set_aside.extend(batch.set_aside);
        if let Some(problem) = batch.problems.into_iter().next() {
            self.message = Some(problem);
        }
        if let Some(p) = self.loading.as_mut() {
            p.done += files;
            p.failed = self.library.failures.len();
        }
        // A reader who has not moved sees the top of the list (the newest
        // first) as it fills; one who has keeps the briefing they are on.
        let at_top = self.shelf.selected == 0;
        self.filter_changed();
        if at_top {
            self.shelf.selected = 0;
            self.keep_shelf_selection_visible();
        }
    }

    /// Gives the reader the marks saved before, and where to save new ones.
    pub fn with_marks(mut self, store: Option<Store>, marks: HashMap<String, Marks>) -> App {
        self.store = store;
        self.marks = marks;
        self
    }

    pub fn briefing(&self) -> Option<&Briefing> {
        self.reader
            .as_ref()
            .and_then(|r| self.library.briefings.get(r.briefing))
    }

    /// The key map's context for the current state.
    pub fn context(&self) -> Context {
        if self.note.is_some() {
            return Context::Editor;
        }
        if self.export_prompt.is_some() {
            return Context::Prompt;
        }
        if self.picker.is_some() {
            return Context::Picker;
        }
        if self.popup.is_some() {
            return Context::Popup;
        }
        match self.screen {
            Screen::Library => Context::Library,
            Screen::Briefing => Context::Briefing,
            Screen::Overview => Context::Overview,
        }
    }

    /// The action a key stands for now: typed text while searching, else the key map's.
    pub fn action_for(&self, key: Key) -> Option<Action> {
        if self.search.editing {
            return match key {
                Key::Char(c) => Some(Action::Type(c)),
                Key::Backspace => Some(Action::Erase),
                Key::Enter => Some(Action::ConfirmSearch),
                Key::Esc => Some(Action::Back),
                Key::Ctrl('c') => Some(Action::Quit),
                _ => None,
            };
        }
        if self.note.is_some() {
            // Printable keys type; the rest come from the key map.
            return match key {
                Key::Char(c) => Some(Action::Type(c)),
                Key::Backspace => Some(Action::Erase),
                _ => keymap::action_for(Context::Editor, key),
            };
        }
        if self.picker.is_some() {
            // Printable keys narrow the list; the rest come from the key map.
            return match key {
                Key::Char(c) => Some(Action::Type(c)),
                Key::Backspace => Some(Action::Erase),
                _ => keymap::action_for(Context::Picker, key),
            };
        }
        keymap::action_for(self.context(), key)
    }

    pub(super) fn sort_rows(&mut self) {
        let keep = self.shelf.rows.get(self.shelf.selected).copied();
        let briefings = &self.library.briefings;
        let mut order: Vec<usize> = self.matching.clone();
        match self.shelf.sort {
            Sort::Date => order.sort_by(|&a, &b| {
                (briefings[a].published, &briefings[a].title)
                    .cmp(&(briefings[b].published, &briefings[b].title))
            }),
            Sort::Title => order.sort_by_cached_key(|&i| text::fold(&briefings[i].title)),
        }
        if self.shelf.descending {
            order.reverse();
        }
        self.shelf.rows = order
            .into_iter()
            .map(Row::Briefing)
            .chain((0..self.library.failures.len()).map(Row::Failure))
            .collect();
        self.shelf.selected = keep
            .and_then(|row| self.shelf.rows.iter().position(|r| *r == row))
            .unwrap_or(0);
        self.keep_shelf_selection_visible();
    }

    fn keep_shelf_selection_visible(&mut self) {
        let visible = layout::library(self.size, self.shelf.rows.len())
            .table_rows()
            .max(1);
        let shelf = &mut self.shelf;
        shelf.offset = keep_visible(shelf.selected, shelf.offset, visible);
    }

    fn open_briefing(&mut self, index: usize) {
        let Some(b) = self.library.briefings.get(index) else {
            return;
        };
        let mut marks = vec![Vec::new(); b.article.len()];
        let anchored = b
            .claims
            .iter()
            .enumerate()
            .map(|(i, c)| (Item::Claim(i), &c.anchor))
            .chain(
                b.experts
                    .iter()
                    .enumerate()
                    .map(|(i, e)| (Item::Expert(i), &e.anchor)),
            )
            .chain(
                b.caveats
                    .iter()
                    .enumerate()
                    .map(|(i, k)| (Item::Caveat(i), &k.anchor)),
            );
        for (item, anchor) in anchored {
            if let Some(span) = anchor.as_ref().and_then(|a| a.span)
                && let Some(list) = marks.get_mut(span.para)
            {
                list.push(Mark {
                    start: span.start,
                    end: span.end,
                    item,
                });
            }
        }
        for list in &mut marks {
            list.sort_by_key(|m| (m.start, std::cmp::Reverse(m.end)));
        }
        let first_list = Pane::LISTS
            .into_iter()
            .find(|p| self.list_len_of(b, *p) > 0)
            .unwrap_or(Pane::Claims);
        self.reader = Some(Reader {
            briefing: index,
            links: Links::new(b),
            focus: first_list,
            current_list: first_list,
            selected: [0; 4],
            offsets: [0; 4],
            rows: Pane::LISTS.map(|p| (0..self.list_len_of(b, p)).collect()),
            visible: Visible::all(b),
            unfiltered: None,
            linked: Linked::default(),
            marks,
            lines: Vec::new(),
            wrap_width: 0,
            scroll: 0,
            wrap_top: None,
        });
        self.screen = Screen::Briefing;
        self.search = Search::default();
        self.rewrap();
        self.apply_filter_to_reader();
        self.selection_changed();
        self.report_orphans();
    }

    fn list_len_of(&self, b: &Briefing, pane: Pane) -> usize {
        match pane {
            Pane::Article => 0,
            Pane::Claims => b.claims.len(),
            Pane::Sources => b.sources.len(),
            Pane::Experts => b.experts.len(),
            Pane::Caveats => b.caveats.len(),
        }
    }

    /// How many items the list shows (under the filter).
    pub fn list_len(&self, pane: Pane) -> usize {
        match (self.reader.as_ref(), pane.list_index()) {
            (Some(r), Some(li)) => r.rows[li].len(),
            _ => 0,
        }
    }

    /// The item shown at `position` in a list.
    pub fn item_at(&self, pane: Pane, position: usize) -> Option<Item> {
        let r = self.reader.as_ref()?;
        let index = *r.rows[pane.list_index()?].get(position)?;
        pane.item(index)
    }

    /// The item whose links are shown: the selection of the current list.
    pub fn current_item(&self) -> Option<Item> {
        let r = self.reader.as_ref()?;
        let li = r.current_list.list_index()?;
        self.item_at(r.current_list, r.selected[li])
    }

    pub fn briefing_layout(&self) -> BriefingLayout {
        layout::briefing(
            self.size,
            self.reader
                .as_ref()
                .map_or(Pane::Claims, |r| r.current_list),
        )
    }

    /// Wraps the article to the article pane's width, keeping the same text at the top.
    fn rewrap(&mut self) {
        let width = self.briefing_layout().article_text_width();
        let Some(index) = self.reader.as_ref().map(|r| r.briefing) else {
            return;
        };
        let Some(b) = self.library.briefings.get(index) else {
            return;
        };
        let Some(r) = self.reader.as_mut() else {
            return;
        };
        if r.wrap_width == width && !r.lines.is_empty() {
            return;
        }
        // Not scrolled since the last wrap: keep the text that was on top
        // then. The start of the current top line would be earlier text,
        // and the article would move up a line on every resize.
        let top = match r.wrap_top {
            Some((line, para, offset)) if line == r.scroll => Some((para, offset)),
            _ => r
                .lines
                .get(r.scroll)
                .and_then(|l| l.para.map(|p| (p, l.start))),
        };
        let mut lines = Vec::new();
        for (i, p) in b.article.iter().enumerate() {
            if i > 0 {
                lines.push(ArticleLine {
                    para: None,
                    start: 0,
                    end: 0,
                });
            }
            lines.extend(
                text::wrap(&p.text, width.into())
                    .into_iter()
                    .map(|l| ArticleLine {
                        para: Some(i),
                        start: l.start,
                        end: l.end,
                    }),
            );
        }
        r.lines = lines;
        r.wrap_width = width;
        r.scroll = match top {
            Some((para, offset)) => line_of(&r.lines, para, offset),
            None => r.scroll.min(r.lines.len().saturating_sub(1)),
        };
        r.wrap_top = top.map(|(para, offset)| (r.scroll, para, offset));
    }

    /// After the selection moved: new links, and the article brought to the item's anchor.
    pub(super) fn selection_changed(&mut self) {
        let item = self.current_item();
        let page = self.briefing_layout().article_rows();
        let span = item.and_then(|item| self.anchor_of(item));
        let Some(r) = self.reader.as_mut() else {
            return;
        };
        // Links to items the filter hides are not shown.
        r.linked = item.map(|i| r.links.of(i)).unwrap_or_default();
        let visible = &r.visible;
        r.linked
            .claims
            .retain(|&i| visible.contains(Item::Claim(i)));
        r.linked
            .sources
            .retain(|&i| visible.contains(Item::Source(i)));
        r.linked
            .experts
            .retain(|&i| visible.contains(Item::Expert(i)));
        r.linked
            .caveats
            .retain(|&i| visible.contains(Item::Caveat(i)));
        if let Some(span) = span {
            let line = line_of(&r.lines, span.para, span.start);
            let last = line_of(&r.lines, span.para, span.end.saturating_sub(1));
            if line < r.scroll || last >= r.scroll + page {
                // Put the anchor a third of the way down, so its context shows.
                r.scroll = line.saturating_sub(page / 3);
            }
        }
        self.keep_list_visible();
    }

    pub fn anchor_of(&self, item: Item) -> Option<crate::briefing::Span> {
        let b = self.briefing()?;
        let anchor = match item {
            Item::Claim(i) => b.claims.get(i)?.anchor.as_ref(),
            Item::Expert(i) => b.experts.get(i)?.anchor.as_ref(),
            Item::Caveat(i) => b.caveats.get(i)?.anchor.as_ref(),
            Item::Source(_) => None,
        };
        anchor?.span
    }

    fn keep_list_visible(&mut self) {
        let layout = self.briefing_layout();
        let Some(r) = self.reader.as_mut() else {
            return;
        };
        for (i, pane) in Pane::LISTS.into_iter().enumerate() {
            let visible = layout.list_items_visible(pane).max(1);
            if pane == r.current_list {
                r.offsets[i] = keep_visible(r.selected[i], r.offsets[i], visible);
                continue;
            }
            // In the other lists, bring the linked items into view when none shows.
            let linked: Vec<usize> = (0..r.rows[i].len())
                .filter(|&j| {
                    pane.item(r.rows[i][j])
                        .is_some_and(|item| r.linked.contains(item))
                })
                .collect();
            let shown = r.offsets[i]..r.offsets[i] + visible;
            if let Some(&first) = linked.first()
                && !linked.iter().any(|j| shown.contains(j))
            {
                r.offsets[i] = first.min(r.rows[i].len().saturating_sub(visible));
            }
        }
    }

    fn move_selection(&mut self, delta: isize, page: bool) {
        match self.screen {
            Screen::Library if self.shelf.facets_focused => {
                let rows = self.facet_rows().len();
                let visible = layout::library(self.size, self.shelf.rows.len())
                    .facets
                    .map_or(1, |f| usize::from(layout::inner(f).height).max(1));
                let step = if page { visible as isize } else { 1 };
                let shelf = &mut self.shelf;
                shelf.facet_selected = step_index(shelf.facet_selected, delta * step, rows);
                shelf.facet_offset =
                    keep_visible(shelf.facet_selected, shelf.facet_offset, visible);
            }
            Screen::Library => {
                let rows = self.shelf.rows.len();
                let step = if page {
                    layout::library(self.size, self.shelf.rows.len())
                        .table_rows()
                        .max(1) as isize
                } else {
                    1
                };
                self.shelf.selected = step_index(self.shelf.selected, delta * step, rows);
                self.keep_shelf_selection_visible();
            }
            Screen::Briefing => {
                let Some(focus) = self.reader.as_ref().map(|r| r.focus) else {
                    return;
                };
                let layout = self.briefing_layout();
                if focus == Pane::Article {
                    let page_rows = layout.article_rows().max(1);
                    let step = if page { page_rows as isize } else { 1 };
                    if let Some(r) = self.reader.as_mut() {
                        let max = r.lines.len().saturating_sub(page_rows);
                        r.scroll = step_index(r.scroll, delta * step, max + 1);
                    }
                    return;
                }
                let len = self.list_len(focus);
                let step = if page {
                    layout.list_items_visible(focus).max(1) as isize
                } else {
                    1
                };
                if let (Some(r), Some(i)) = (self.reader.as_mut(), focus.list_index()) {
                    r.selected[i] = step_index(r.selected[i], delta * step, len);
                }
                self.selection_changed();
            }
            Screen::Overview => {}
        }
    }

    fn focus(&mut self, pane: Pane) {
        if let Some(r) = self.reader.as_mut() {
            r.focus = pane;
            if pane != Pane::Article {
                r.current_list = pane;
            }
        }
        // Narrow terminals show one list at a time; the visible one may change the layout.
        self.rewrap();
        self.selection_changed();
    }

    fn cycle_pane(&mut self, forward: bool) {
        if self.screen == Screen::Library {
            if layout::library(self.size, self.shelf.rows.len())
                .facets
                .is_some()
            {
                self.shelf.facets_focused = !self.shelf.facets_focused;
            } else {
                self.message =
                    Some("the facets show at 100 columns and wider; f picks a filter".into());
            }
            return;
        }
        let Some(focus) = self.reader.as_ref().map(|r| r.focus) else {
            return;
        };
        let i = Pane::ALL.iter().position(|p| *p == focus).unwrap_or(0);
        let n = Pane::ALL.len();
        let next = if forward {
            (i + 1) % n
        } else {
            (i + n - 1) % n
        };
        self.focus(Pane::ALL[next]);
    }

    fn open(&mut self) {
        match self.screen {
            Screen::Library if self.shelf.facets_focused => self.toggle_facet(),
            Screen::Library => match self.shelf.rows.get(self.shelf.selected) {
                Some(Row::Briefing(i)) => self.open_briefing(*i),
                Some(Row::Failure(_)) => {
                    self.message =
                        Some("this file did not load: its errors are shown below".into());
                }
                None => {}
            },
            Screen::Briefing => {
                let focus = self.reader.as_ref().map(|r| r.focus);
                if focus == Some(Pane::Article) {
                    self.message = Some("select an item in a list (Tab) to see its details".into());
                } else if let Some(item) = self.current_item() {
                    self.popup = Some(Popup::Detail(item));
                    self.popup_scroll = 0;
                }
            }
            Screen::Overview => {}
        }
    }

    fn back(&mut self) {
        if self.search.editing {
            self.search.editing = false;
            self.search.query.clear();
            return;
        }
        if self.popup.take().is_some() {
            return;
        }
        if !self.search.query.is_empty() {
            self.search = Search::default();
            return;
        }
        match self.screen {
            Screen::Overview => self.screen = self.overview_of,
            Screen::Briefing => {
                self.screen = Screen::Library;
                self.reader = None;
            }
            Screen::Library => {}
        }
    }

    fn confirm_search(&mut self) {
        self.search.editing = false;
        let query = self.search.query.clone();
        self.search.article = match self.briefing() {
            Some(b) => b
                .article
                .iter()
                .enumerate()
                .flat_map(|(i, p)| {
                    text::find_ignore_case(&p.text, &query)
                        .into_iter()
                        .map(move |(s, e)| (i, s, e))
                })
                .collect(),
            None => Vec::new(),
        };
        self.jump_to_match(true, true);
    }

    /// Whether a list item or library row contains the search text.
    pub fn item_matches(&self, item: Item) -> bool {
        if self.search.query.is_empty() || self.search.editing {
            return false;
        }
        self.briefing().is_some_and(|b| {
            let haystack = item_text(b, item);
            !text::find_ignore_case(&haystack, &self.search.query).is_empty()
        })
    }

    pub fn row_matches(&self, row: Row) -> bool {
        if self.search.query.is_empty() || self.search.editing {
            return false;
        }
        let haystack = match row {
            Row::Briefing(i) => match self.library.briefings.get(i) {
                Some(b) => format!(
                    "{} {} {} {}",
                    b.title,
                    b.outlet.as_deref().unwrap_or(""),
                    b.summary.as_deref().unwrap_or(""),
                    b.actors
                        .iter()
                        .map(|a| a.name.as_str())
                        .collect::<Vec<_>>()
                        .join(" ")
                ),
                None => return false,
            },
            Row::Failure(i) => match self.library.failures.get(i) {
                Some(f) => f.path.display().to_string(),
                None => return false,
            },
        };
        !text::find_ignore_case(&haystack, &self.search.query).is_empty()
    }

    /// Moves to the next (or previous) match after the current position;
    /// `from_here` includes the current position itself.
    fn jump_to_match(&mut self, forward: bool, from_here: bool) {
        if self.search.query.is_empty() {
            self.message = Some("no search: press / to search".into());
            return;
        }
        let found = match self.screen {
            Screen::Library => {
                let rows = self.shelf.rows.clone();
                let start = self.shelf.selected;
                let hit = next_index(start, rows.len(), forward, from_here, |i| {
                    self.row_matches(rows[i])
                });
                if let Some(i) = hit {
                    self.shelf.selected = i;
                    self.keep_shelf_selection_visible();
                }
                hit.is_some()
            }
            Screen::Briefing => self.jump_in_briefing(forward, from_here),
            Screen::Overview => false,
        };
        if !found {
            self.message = Some(format!("no match for “{}”", self.search.query));
        }
    }

    fn jump_in_briefing(&mut self, forward: bool, from_here: bool) -> bool {
        let Some(focus) = self.reader.as_ref().map(|r| r.focus) else {
            return false;
        };
        if let Some(li) = focus.list_index() {
            let len = self.list_len(focus);
            let start = self.reader.as_ref().map_or(0, |r| r.selected[li]);
            let hit = next_index(start, len, forward, from_here, |i| {
                self.item_at(focus, i)
                    .is_some_and(|item| self.item_matches(item))
            });
            if let Some(i) = hit {
                if let Some(r) = self.reader.as_mut() {
                    r.selected[li] = i;
                }
                self.selection_changed();
                return true;
            }
            return false;
        }
        // In the article: the next match below (or above) the top line.
        let Some(r) = self.reader.as_ref() else {
            return false;
        };
        let lines: Vec<usize> = self
            .search
            .article
            .iter()
            .map(|&(p, s, _)| line_of(&r.lines, p, s))
            .collect();
        if lines.is_empty() {
            return false;
        }
        let here = r.scroll + usize::from(!from_here && forward);
        let target = if forward {
            lines
                .iter()
                .copied()
                .find(|&l| l >= here)
                .unwrap_or(lines[0])
        } else {
            lines
                .iter()
                .rev()
                .copied()
                .find(|&l| l < r.scroll)
                .unwrap_or(lines[lines.len() - 1])
        };
        if let Some(r) = self.reader.as_mut() {
            r.scroll = target;
        }
        true
    }

    /// Hit-testing: what is under a mouse position on the briefing screen.
    fn pane_at(&self, column: u16, row: u16) -> Option<Pane> {
        let layout = self.briefing_layout();
        let at = Position::new(column, row);
        Pane::ALL
            .into_iter()
            .find(|p| layout.pane(*p).is_some_and(|r| r.contains(at)))
    }

    fn click(&mut self, column: u16, row: u16) {
        match self.screen {
            Screen::Library => {
                let l = layout::library(self.size, self.shelf.rows.len());
                if let Some(facets) = l.facets.map(layout::inner)
                    && facets.contains(Position::new(column, row))
                {
                    // A click on a facet toggles it, like a checkbox.
                    let i = self.shelf.facet_offset + usize::from(row - facets.y);
                    if i < self.facet_rows().len() {
                        self.shelf.facets_focused = true;
                        self.shelf.facet_selected = i;
                        self.toggle_facet();
                    }
                    return;
                }
                let table = l.table_body();
                if table.contains(Position::new(column, row)) {
                    self.shelf.facets_focused = false;
                    let i = self.shelf.offset + usize::from(row - table.y);
                    if i < self.shelf.rows.len() {
                        if i == self.shelf.selected {
                            self.open();
                        } else {
                            self.shelf.selected = i;
                        }
                    }
                }
            }
            Screen::Briefing => {
                let layout = self.briefing_layout();
                if let Some(tab) = layout.tab_at(column, row) {
                    self.focus(tab);
                    return;
                }
                let Some(pane) = self.pane_at(column, row) else {
                    return;
                };
                self.focus(pane);
                if let (Some(li), Some(body)) = (pane.list_index(), layout.list_body(pane)) {
                    if !body.contains(Position::new(column, row)) {
                        return;
                    }
                    let offset = self.reader.as_ref().map_or(0, |r| r.offsets[li]);
                    let i = offset + usize::from(row - body.y) / layout::ITEM_HEIGHT;
                    if i < self.list_len(pane) {
                        if let Some(r) = self.reader.as_mut() {
                            r.selected[li] = i;
                        }
                        self.selection_changed();
                    }
                }
            }
            Screen::Overview => {}
        }
    }

    fn wheel(&mut self, column: u16, row: u16, delta: isize) {
        if self.popup.is_some() {
            self.scroll_popup(delta * 3);
            return;
        }
        match self.screen {
            Screen::Library => self.move_selection(delta, false),
            Screen::Briefing => {
                let page = self.briefing_layout().article_rows();
                match self.pane_at(column, row) {
                    Some(Pane::Article) => {
                        if let Some(r) = self.reader.as_mut() {
                            let max = r.lines.len().saturating_sub(page);
                            r.scroll = step_index(r.scroll, delta * 3, max + 1);
                        }
                    }
                    Some(pane) => {
                        self.focus(pane);
                        self.move_selection(delta, false);
                    }
                    None => {}
                }
            }
            Screen::Overview => {}
        }
    }

    fn scroll_popup(&mut self, delta: isize) {
        let lines = super::view::popup::line_count(self, self.size);
        let max = lines.saturating_sub(super::view::popup::visible_rows(self.size));
        let n = self.popup_scroll.into();
        self.popup_scroll = u16::try_from(step_index(n, delta, max + 1)).unwrap_or(u16::MAX);
    }
}

/// Applies an action. The only place the reader's state changes.
pub fn update(app: &mut App, action: Action) {
    // What effects come to is for the reader as a whole, whatever is open,
    // and keeps the message of the key that asked for them unless it has news.
    match action {
        Action::MarksSaved(saved) => return app.took_saved(saved),
        Action::SaveFailed { briefing, why } => return app.save_failed(briefing, why),
        _ => {}
    }
    if !matches!(action, Action::Resize { .. }) {
        app.message = None;
    }
    if let Some(editing) = app.note.as_mut() {
        let e = &mut editing.editor;
        match action {
            Action::Type(c) => e.insert(c),
            Action::NewLine => e.insert('\n'),
            Action::Erase => e.backspace(),
            Action::Delete => e.delete(),
            Action::CursorLeft => e.left(),
            Action::CursorRight => e.right(),
            Action::Up => e.vertical(false),
            Action::Down => e.vertical(true),
            Action::LineStart => e.home(),
            Action::LineEnd => e.end(),
            Action::SaveNote => app.save_note(),
            // Esc leaves the old note as it was.
            Action::Back => {
                app.note = None;
                app.message = Some("note not changed".into());
            }
            Action::Quit => app.quit = true,
            _ => {}
        }
        if !matches!(action, Action::Resize { .. }) {
            return;
        }
    }
    if app.export_prompt.is_some() {
        match action {
            Action::ExportMarkdown => app.export(ExportFormat::Markdown),
            Action::ExportJson => app.export(ExportFormat::Json),
            Action::Back => app.export_prompt = None,
            Action::Quit => app.quit = true,
            _ => {}
        }
        if !matches!(action, Action::Resize { .. }) {
            return;
        }
    }
    if app.picker.is_some() {
        let page = super::view::picker::visible_rows(app.size).max(1) as isize;
        match action {
            Action::Type(c) => app.picker_type(Some(c)),
            Action::Erase => app.picker_type(None),
            Action::Down | Action::ScrollDown { .. } => app.picker_move(1),
            Action::Up | Action::ScrollUp { .. } => app.picker_move(-1),
            Action::PageDown => app.picker_move(page),
            Action::PageUp => app.picker_move(-page),
            Action::Open => app.picker_toggle(),
            Action::Back => app.picker = None,
            Action::Quit => app.quit = true,
            _ => {}
        }
        if !matches!(action, Action::Resize { .. }) {
            return;
        }
    }
    if app.popup.is_some() {
        match action {
            Action::Back | Action::Help | Action::Open => app.popup = None,
            Action::Down => app.scroll_popup(1),
            Action::Up => app.scroll_popup(-1),
            Action::PageDown => app.scroll_popup(10),
            Action::PageUp => app.scroll_popup(-10),
            Action::Top => app.popup_scroll = 0,
            Action::Bottom => app.scroll_popup(isize::MAX / 2),
            Action::Quit => app.quit = true,
            Action::Resize { .. } | Action::ScrollUp { .. } | Action::ScrollDown { .. } => {}
            _ => return,
        }
        if !matches!(
            action,
            Action::Resize { .. } | Action::ScrollUp { .. } | Action::ScrollDown { .. }
        ) {
            return;
        }
    }
    match action {
        Action::Quit => app.quit = true,
        Action::Back => app.back(),
        Action::Down => app.move_selection(1, false),
        Action::Up => app.move_selection(-1, false),
        Action::PageDown => app.move_selection(1, true),
        Action::PageUp => app.move_selection(-1, true),
        Action::Top => app.move_selection(isize::MIN / 2, false),
        Action::Bottom => app.move_selection(isize::MAX / 2, false),
        Action::Open => app.open(),
        Action::Toggle => {
            if app.screen == Screen::Library && app.shelf.facets_focused {
                app.toggle_facet();
            }
        }
        Action::OpenPicker => app.open_picker(),
        Action::Mark => app.toggle_mark(),
        Action::Annotate => app.start_note(),
        Action::Export => app.ask_export(),
        Action::Notice(text) => app.message = Some(text),
        // Taken in before any layer sees them.
        Action::MarksSaved(_) | Action::SaveFailed { .. } => {}
        Action::SetFilter(filter) => {
            app.filter = filter;
            app.filter_changed();
        }
        Action::LibraryFound { files, failures } => {
            app.loading = Some(Progress {
                total: files,
                done: 0,
                failed: failures.len(),
            });
            app.library.failures.extend(failures);
            app.library.files = files;
            app.filter_changed();
        }
        Action::Loaded(batch) => app.take_batch(batch),
        Action::LoadDone => {
            if let Some(p) = app.loading.take() {
                app.message.get_or_insert_with(|| {
                    format!(
                        "loaded {} briefings{}",
                        app.library.briefings.len(),
                        if p.failed > 0 {
                            format!(", {} failed (listed at the end)", p.failed)
                        } else {
                            String::new()
                        }
                    )
                });
            }
        }
        // Only meaningful in the editor and the export question, handled above.
        Action::SaveNote
        | Action::NewLine
        | Action::CursorLeft
        | Action::CursorRight
        | Action::LineStart
        | Action::LineEnd
        | Action::Delete
        | Action::ExportMarkdown
        | Action::ExportJson => {}
        Action::ClearFilter => app.clear_filter(),
        Action::NextPane => app.cycle_pane(true),
        Action::PrevPane => app.cycle_pane(false),
        Action::FocusArticle => app.focus(Pane::Article),
        Action::FocusClaims => app.focus(Pane::Claims),
        Action::FocusSources => app.focus(Pane::Sources),
        Action::FocusExperts => app.focus(Pane::Experts),
        Action::FocusCaveats => app.focus(Pane::Caveats),
        Action::CycleSort => {
            app.shelf.sort = match app.shelf.sort {
                Sort::Date => Sort::Title,
                Sort::Title => Sort::Date,
            };
            // Newest first for dates, A to Z for titles: what a reader expects of each.
            app.shelf.descending = app.shelf.sort == Sort::Date;
            app.sort_rows();
        }
        Action::ReverseSort => {
            app.shelf.descending = !app.shelf.descending;
            app.sort_rows();
        }
        Action::StartSearch => {
            if app.screen != Screen::Overview {
                app.search = Search {
                    editing: true,
                    ..Search::default()
                };
            }
        }
        Action::Type(c) => {
            if app.search.editing && !text::is_hostile(c) {
                app.search.query.push(c);
            }
        }
        Action::Erase => {
            app.search.query.pop();
        }
        Action::ConfirmSearch => app.confirm_search(),
        Action::NextMatch => app.jump_to_match(true, false),
        Action::PrevMatch => app.jump_to_match(false, false),
        Action::Overview => {
            if app.screen != Screen::Overview {
                app.overview_of = app.screen;
                app.overview = match app.briefing().filter(|_| app.screen == Screen::Briefing) {
                    Some(b) => stats::overview([b]),
                    None => stats::overview(&app.library.briefings),
                };
                app.screen = Screen::Overview;
            }
        }
        Action::Help => {
            app.popup = Some(Popup::Help);
            app.popup_scroll = 0;
        }
        Action::Resize { width, height } => {
            app.size = Rect::new(0, 0, width, height);
            app.keep_shelf_selection_visible();
            app.rewrap();
            app.keep_list_visible();
            if let Some(r) = app.reader.as_mut() {
                let page = layout::briefing(app.size, r.current_list).article_rows();
                r.scroll = r.scroll.min(r.lines.len().saturating_sub(page.max(1)));
            }
        }
        Action::Click { column, row } => app.click(column, row),
        Action::ScrollUp { column, row } => app.wheel(column, row, -1),
        Action::ScrollDown { column, row } => app.wheel(column, row, 1),
    }
}

/// All the text of an item, for search.
pub fn item_text(b: &Briefing, item: Item) -> String {
    match item {
        Item::Claim(i) => b.claims.get(i).map(|c| c.text.clone()),
        Item::Source(i) => b.sources.get(i).map(|s| s.name.clone()),
        Item::Expert(i) => b.experts.get(i).map(|e| {
            format!(
                "{} {} {}",
                e.name,
                e.affiliation.as_deref().unwrap_or(""),
                e.says.as_deref().unwrap_or("")
            )
        }),
        Item::Caveat(i) => b.caveats.get(i).map(|k| k.text.clone()),
    }
    .unwrap_or_default()
}

/// The wrapped line holding byte `offset` of paragraph `para`. A binary
/// search: lines run in (paragraph, offset) order, so a 5 MB article's
/// hundred thousand lines cost some twenty steps.
pub fn line_of(lines: &[ArticleLine], para: usize, offset: usize) -> usize {
    // The order key of a line; the blank line after a paragraph sorts last in it.
    let key = |i: usize| match lines[i].para {
        Some(p) => (p, lines[i].start),
        None => (
            i.checked_sub(1).and_then(|j| lines[j].para).unwrap_or(0),
            usize::MAX,
        ),
    };
    // The first line past (para, offset); the one before it holds the offset.
    let (mut lo, mut hi) = (0, lines.len());
    while lo < hi {
        let mid = lo + (hi - lo) / 2;
        if key(mid) <= (para, offset) {
            lo = mid + 1;
        } else {
            hi = mid;
        }
    }
    match lo.checked_sub(1) {
        Some(i) if lines[i].para == Some(para) => i,
        // Before the paragraph's first line: that first line.
        _ => lo.min(lines.len().saturating_sub(1)),
    }
}

/// `index + delta`, held within `0..len`.
fn step_index(index: usize, delta: isize, len: usize) -> usize {
    if len == 0 {
        return 0;
    }
    index.saturating_add_signed(delta).min(len - 1)
}

/// The first row shown so that `selected` is among `visible` rows from it.
fn keep_visible(selected: usize, offset: usize, visible: usize) -> usize {
    if selected < offset {
        selected
    } else if selected >= offset + visible {
        selected + 1 - visible
    } else {
        offset
    }
}

/// The next index from `start` (wrapping around) for which `hit` holds.
fn next_index(
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

#[cfg(test)]
mod tests {
    use super::*;
    use crate::briefing::load::load_bytes;
    use std::path::Path;

    /// A batch of one loaded briefing, published on `date`.
    fn batch(id: &str, date: &str) -> LoadBatch {
        let source = format!(
            "format: debrief/1\nid: {id}\ntitle: Briefing {id}\npublished: {date}\narticle:\n  - text: Hi.\n"
        );
        let path = Path::new(id).with_extension("yaml");
        let loaded = load_bytes(&path, source.as_bytes());
        assert!(loaded.briefing.is_some(), "{:?}", loaded.diagnostics);
        LoadBatch {
            files: vec![(path, loaded)],
            ..LoadBatch::default()
        }
    }

    fn selected_id(app: &App) -> Option<&str> {
        match app.shelf.rows.get(app.shelf.selected) {
            Some(Row::Briefing(i)) => Some(app.library.briefings[*i].id.as_str()),
            _ => None,
        }
    }

    #[test]
    fn while_the_library_loads_the_selection_stays_at_the_top_until_the_reader_moves() {
        let mut app = App::new(Library::default(), Theme { color: false }, 100, 30);
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
    fn line_of_finds_the_line_by_paragraph_and_offset() {
        let line = |para: Option<usize>, start: usize, end: usize| ArticleLine { para, start, end };
        let lines = [
            line(Some(0), 0, 10),
            line(Some(0), 11, 20),
            line(None, 0, 0),
            line(Some(1), 0, 8),
            line(Some(1), 9, 15),
            line(Some(1), 16, 30),
        ];
        assert_eq!(line_of(&lines, 0, 0), 0);
        assert_eq!(line_of(&lines, 0, 10), 0);
        assert_eq!(line_of(&lines, 0, 11), 1);
        assert_eq!(line_of(&lines, 0, 99), 1);
        assert_eq!(line_of(&lines, 1, 0), 3);
        assert_eq!(line_of(&lines, 1, 15), 4);
        assert_eq!(line_of(&lines, 1, 29), 5);
        assert_eq!(line_of(&[], 0, 0), 0);
    }
}
