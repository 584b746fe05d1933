//! The briefing screen: the article beside its claims, sources, experts and
//! caveats (or their tabs on narrow terminals). Selecting an item scrolls
//! the article to its anchor and marks every linked item; the filter narrows
//! the lists to what it involves; space marks, `a` writes a note, `x` exports.

mod article;
mod lists;
mod view;

pub use view::view;

use ratatui::layout::Position;

use super::{Change, keep_visible, match_notice, next_index, step_index, wrapped};
use crate::briefing::links::{Item, Linked, Links};
use crate::briefing::{Briefing, Span};
use crate::export::Scope;
use crate::marks::{Kind, Marks, Target};
use crate::query::{self, Visible};
use crate::search::{Hit, Place};
use crate::text;
use crate::tui::action::{Action, Effect};
use crate::tui::handoff;
use crate::tui::layout::{self, BriefingLayout, ITEM_HEIGHT, Pane};
use crate::tui::outcome::{At, Nav, Outcome};
use crate::tui::overlays::{
    detail::Detail, export::ExportPrompt, help::Help, note::Note, picker::Picker,
    search::SearchLine,
};
use crate::tui::shared::Shared;
use crate::tui::widgets::items::target_of;

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
    pub query: String,
    /// Matches in the article: paragraph, byte range.
    pub article: Vec<(usize, usize, usize)>,
    /// The match jumped to last, shown selected among the others.
    pub current: Option<(usize, usize, usize)>,
    /// The query is the library's, and this briefing was opened from its
    /// search results (the screen under it): `n`/`N` go on through the
    /// library's hits there instead of round this briefing's matches.
    pub across: bool,
}

#[derive(Debug, Clone)]
pub struct State {
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
    /// The article's current paragraph, set by `{`, `}` and clicks; `None`
    /// means the first paragraph at the top of the pane.
    pub para_cursor: Option<usize>,
    pub search: Search,
}

impl State {
    /// Opens the briefing at `index`; `None` when there is none.
    pub fn open(shared: &mut Shared, index: usize) -> Option<State> {
        let b = shared.library.briefings.get(index)?;
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
                && let Some(list) = marks.get_mut(span.para())
            {
                list.push(Mark {
                    start: span.start(),
                    end: span.end(),
                    item,
                });
            }
        }
        for list in &mut marks {
            list.sort_by_key(|m| (m.start, std::cmp::Reverse(m.end)));
        }
        let first_list = Pane::LISTS
            .into_iter()
            .find(|p| list_len_of(b, *p) > 0)
            .unwrap_or(Pane::Claims);
        let mut state = State {
            briefing: index,
            links: Links::new(b),
            focus: first_list,
            current_list: first_list,
            selected: [0; 4],
            offsets: [0; 4],
            rows: Pane::LISTS.map(|p| (0..list_len_of(b, p)).collect()),
            visible: Visible::all(b),
            unfiltered: None,
            linked: Linked::default(),
            marks,
            lines: Vec::new(),
            wrap_width: 0,
            scroll: 0,
            wrap_top: None,
            para_cursor: None,
            search: Search::default(),
        };
        state.rewrap(shared);
        state.apply_filter(shared);
        state.selection_changed(shared);
        state.report_orphans(shared);
        Some(state)
    }

    /// Opens the briefing at `index` at a claim, selected, for the dossier.
    pub fn open_at(shared: &mut Shared, index: usize, at: At) -> Option<State> {
        let mut state = State::open(shared, index)?;
        match at {
            At::Claim(c) => {
                let li = Pane::Claims.list_index().unwrap_or(0);
                match state.rows[li].iter().position(|&i| i == c) {
                    Some(position) => {
                        state.focus = Pane::Claims;
                        state.current_list = Pane::Claims;
                        state.selected[li] = position;
                        state.keep_lists_visible(shared);
                        state.selection_changed(shared);
                    }
                    None => {
                        shared.message =
                            Some("that claim is hidden by the filter here: F clears it".into())
                    }
                }
            }
        }
        Some(state)
    }

    /// Opens the briefing of `hit`, a hit of the library's search for
    /// `query`, at the hit: its search set to the query and going on
    /// through the library's hits ([`Search::across`]).
    pub fn open_hit(shared: &mut Shared, hit: &Hit, query: &str) -> Option<State> {
        let mut state = State::open(shared, hit.briefing)?;
        state.set_search(shared, query.to_owned());
        state.search.across = true;
        state.show_hit(shared, hit);
        Some(state)
    }

    /// Shows a hit of the library's search in this briefing: a match in the
    /// article selected at the top of the pane, or the item that holds it
    /// selected in its list.
    pub fn show_hit(&mut self, shared: &mut Shared, hit: &Hit) {
        if let Place::Paragraph(para) = hit.place {
            self.focus = Pane::Article;
            self.scroll = line_of(&self.lines, para, hit.start);
            self.search.current = Some((para, hit.start, hit.end));
            self.para_cursor = Some(para);
        } else if let Some(item) = hit.place.item() {
            self.search.current = None;
            self.select(shared, item);
        }
    }

    pub fn briefing<'a>(&self, shared: &'a Shared) -> Option<&'a Briefing> {
        shared.library.briefings.get(self.briefing)
    }

    /// How many items the list shows (under the filter).
    pub fn list_len(&self, pane: Pane) -> usize {
        pane.list_index().map_or(0, |li| self.rows[li].len())
    }

    /// The item shown at `position` in a list.
    pub fn item_at(&self, pane: Pane, position: usize) -> Option<Item> {
        let index = *self.rows[pane.list_index()?].get(position)?;
        pane.item(index)
    }

    /// The item whose links are shown: the selection of the current list.
    pub fn current_item(&self) -> Option<Item> {
        let li = self.current_list.list_index()?;
        self.item_at(self.current_list, self.selected[li])
    }

    pub fn layout(&self, shared: &Shared) -> BriefingLayout {
        layout::briefing(shared.size, self.current_list)
    }

    /// The article's current paragraph: the one moved to with `{` `}` or
    /// clicked, while it shows; else the first one at the top of the pane.
    pub fn cursor_paragraph(&self) -> Option<usize> {
        self.para_cursor
            .or_else(|| self.lines.iter().skip(self.scroll).find_map(|l| l.para))
    }

    /// After scrolling: a current paragraph scrolled out of sight gives way
    /// to the one at the top, so space never marks text the reader cannot see.
    fn keep_cursor_in_view(&mut self, shared: &Shared) {
        let Some(p) = self.para_cursor else {
            return;
        };
        let rows = self.layout(shared).article_rows().max(1);
        let shown = self
            .lines
            .iter()
            .skip(self.scroll)
            .take(rows)
            .any(|l| l.para == Some(p));
        if !shown {
            self.para_cursor = None;
        }
    }

    /// `}` / `{`: the next or previous paragraph becomes current, scrolled into view.
    fn step_paragraph(&mut self, shared: &Shared, forward: bool) {
        let count = self.briefing(shared).map_or(0, |b| b.article.len());
        let Some(now) = self.cursor_paragraph() else {
            return;
        };
        let next = if forward {
            (now + 1).min(count.saturating_sub(1))
        } else {
            now.saturating_sub(1)
        };
        self.focus = Pane::Article;
        self.para_cursor = Some(next);
        let rows = self.layout(shared).article_rows().max(1);
        let first = line_of(&self.lines, next, 0);
        let last = self
            .lines
            .iter()
            .rposition(|l| l.para == Some(next))
            .unwrap_or(first);
        if first < self.scroll {
            self.scroll = first;
        } else if last >= self.scroll + rows {
            let last_top = self.lines.len().saturating_sub(rows);
            self.scroll = first.min(last_top);
        }
    }

    pub fn marks_of<'a>(&self, shared: &'a Shared) -> Option<&'a Marks> {
        shared.marks_of(&self.briefing(shared)?.id)
    }

    pub fn is_marked(&self, shared: &Shared, target: &Target) -> bool {
        self.marks_of(shared).is_some_and(|m| m.is_marked(target))
    }

    pub fn target_of(&self, shared: &Shared, item: Item) -> Option<Target> {
        target_of(self.briefing(shared)?, item)
    }

    pub fn anchor_of(&self, shared: &Shared, item: Item) -> Option<Span> {
        let b = self.briefing(shared)?;
        let anchor = match item {
            Item::Claim(i) => b.claims.get(i)?.anchor.as_ref(),
            Item::Expert(i) => b.experts.get(i)?.anchor.as_ref(),
            Item::Caveat(i) => b.caveats.get(i)?.anchor.as_ref(),
            Item::Source(_) => None,
        };
        anchor?.span
    }

    /// The tab bar's labels in `width` columns: the longest form that lets
    /// all four fit, "Claims 14 ●3" (●3: items linked to the current
    /// one), "Cla 14 ●3", "Claims 14", "Cla 14", "Cl".
    pub fn tab_labels(&self, width: u16) -> [String; 4] {
        let linked = |pane: Pane| {
            (0..self.list_len(pane))
                .filter_map(|i| self.item_at(pane, i))
                .filter(|item| self.linked.contains(*item))
                .count()
        };
        let forms = |pane: Pane| {
            let (title, n) = (pane.title(), self.list_len(pane));
            let links = match linked(pane) {
                0 => String::new(),
                k => format!(" {}{k}", crate::tui::theme::Theme::LINK_MARK),
            };
            [
                format!("{title} {n}{links}"),
                format!("{} {n}{links}", &title[..3]),
                format!("{title} {n}"),
                format!("{} {n}", &title[..3]),
                title[..2].to_string(),
            ]
        };
        let all = Pane::LISTS.map(forms);
        // The labels and at least a column between each two.
        for level in 0..5 {
            let labels = all.clone().map(|f| f[level].clone());
            let needed: usize = labels.iter().map(|l| text::width(l)).sum::<usize>() + 3;
            if needed <= usize::from(width) {
                return labels;
            }
        }
        all.map(|f| f[4].clone())
    }

    /// Lines of text each item of a list gets in `body`, by position: `None`
    /// when the items do not all fit at two lines each (then each shows one
    /// line of text and the list scrolls). When they fit, the rows left over
    /// go round the items one line at a time, so a claim shows its whole
    /// text, wrapped, when there is room.
    pub fn text_heights(
        &self,
        shared: &Shared,
        pane: Pane,
        body: ratatui::layout::Rect,
    ) -> Option<Vec<usize>> {
        let b = self.briefing(shared)?;
        let len = self.list_len(pane);
        let height = usize::from(body.height);
        if len == 0 || len * ITEM_HEIGHT > height {
            return None;
        }
        let width = usize::from(body.width).saturating_sub(3).max(1);
        let full: Vec<usize> = (0..len)
            .filter_map(|i| self.item_at(pane, i))
            .map(|item| {
                let (_, _, body_text) = crate::tui::widgets::items::describe(b, item);
                text::wrap(&body_text, width).len().max(1)
            })
            .collect();
        let mut rows = vec![1; full.len()];
        let mut spare = height - len * ITEM_HEIGHT;
        let mut grew = true;
        while spare > 0 && grew {
            grew = false;
            for (r, f) in rows.iter_mut().zip(&full) {
                if spare > 0 && *r < *f {
                    *r += 1;
                    spare -= 1;
                    grew = true;
                }
            }
        }
        Some(rows)
    }

    /// The list position drawn at `row` rows into a list's body.
    fn item_at_row(
        &self,
        shared: &Shared,
        pane: Pane,
        body: ratatui::layout::Rect,
        row: usize,
    ) -> usize {
        let li = pane.list_index().unwrap_or(0);
        let Some(heights) = self.text_heights(shared, pane, body) else {
            return self.offsets[li] + row / ITEM_HEIGHT;
        };
        let mut top = 0;
        for (i, h) in heights.iter().enumerate() {
            if row < top + 1 + h {
                return i;
            }
            top += 1 + h;
        }
        usize::MAX
    }

    /// Whether a list item contains the search text.
    pub fn item_matches(&self, shared: &Shared, item: Item) -> bool {
        if self.search.query.is_empty() {
            return false;
        }
        self.briefing(shared).is_some_and(|b| {
            let haystack = item_text(b, item);
            !text::find_ignore_case(&haystack, &self.search.query).is_empty()
        })
    }

    /// "filter: APT31 · 23 items hidden", under a filter.
    pub fn filter_summary(&self, shared: &Shared) -> Option<String> {
        shared.filter_summary(Some(self.visible.hidden()))
    }

    /// Wraps the article to the article pane's width, keeping the same text at the top.
    fn rewrap(&mut self, shared: &Shared) {
        let width = self.layout(shared).article_text_width();
        let Some(b) = shared.library.briefings.get(self.briefing) else {
            return;
        };
        if self.wrap_width == width && !self.lines.is_empty() {
            return;
        }
        // Not scrolled since the last wrap: keep the text that was on top
        // then. The start of the current top line would be earlier text,
        // and the article would move up a line on every resize.
        let top = match self.wrap_top {
            Some((line, para, offset)) if line == self.scroll => Some((para, offset)),
            _ => self
                .lines
                .get(self.scroll)
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
        self.lines = lines;
        self.wrap_width = width;
        self.scroll = match top {
            Some((para, offset)) => line_of(&self.lines, para, offset),
            None => self.scroll.min(self.lines.len().saturating_sub(1)),
        };
        self.wrap_top = top.map(|(para, offset)| (self.scroll, para, offset));
    }

    /// After the selection moved: new links, and the article brought to the item's anchor.
    fn selection_changed(&mut self, shared: &Shared) {
        let item = self.current_item();
        let page = self.layout(shared).article_rows();
        let span = item.and_then(|item| self.anchor_of(shared, item));
        // Links to items the filter hides are not shown.
        self.linked = item.map(|i| self.links.of(i)).unwrap_or_default();
        let visible = &self.visible;
        let linked = &mut self.linked;
        linked.claims.retain(|&i| visible.contains(Item::Claim(i)));
        linked
            .sources
            .retain(|&i| visible.contains(Item::Source(i)));
        linked
            .experts
            .retain(|&i| visible.contains(Item::Expert(i)));
        linked
            .caveats
            .retain(|&i| visible.contains(Item::Caveat(i)));
        if let Some(span) = span {
            let line = line_of(&self.lines, span.para(), span.start());
            let last = line_of(&self.lines, span.para(), span.end().saturating_sub(1));
            if line < self.scroll || last >= self.scroll + page {
                // Put the anchor a third of the way down, so its context
                // shows, but never past the article's end (as `G` stops).
                let last_top = self.lines.len().saturating_sub(page.max(1));
                self.scroll = line.saturating_sub(page / 3).min(last_top);
            }
        }
        self.keep_lists_visible(shared);
    }

    fn keep_lists_visible(&mut self, shared: &Shared) {
        let layout = self.layout(shared);
        for (i, pane) in Pane::LISTS.into_iter().enumerate() {
            let visible = layout.list_items_visible(pane).max(1);
            if pane == self.current_list {
                self.offsets[i] = keep_visible(self.selected[i], self.offsets[i], visible);
                continue;
            }
            // In the other lists, bring the linked items into view when none shows.
            let linked: Vec<usize> = (0..self.rows[i].len())
                .filter(|&j| {
                    pane.item(self.rows[i][j])
                        .is_some_and(|item| self.linked.contains(item))
                })
                .collect();
            let shown = self.offsets[i]..self.offsets[i] + visible;
            if let Some(&first) = linked.first()
                && !linked.iter().any(|j| shown.contains(j))
            {
                self.offsets[i] = first.min(self.rows[i].len().saturating_sub(visible));
            }
        }
    }

    /// Narrows the lists to the items related to the filter, keeping each
    /// list's selection where it can; clearing the filter brings back the
    /// selection from before it was set.
    fn apply_filter(&mut self, shared: &Shared) {
        let Some(b) = shared.library.briefings.get(self.briefing) else {
            return;
        };
        let narrowed = !(shared.filter.actors.is_empty() && shared.filter.countries.is_empty());
        let visible = query::visible(b, &shared.filter);
        let before: [Option<usize>; 4] =
            std::array::from_fn(|li| self.rows[li].get(self.selected[li]).copied());
        let restore = if narrowed {
            if self.unfiltered.is_none() {
                self.unfiltered = Some(Saved {
                    focus: self.focus,
                    current_list: self.current_list,
                    items: before,
                    scroll: self.scroll,
                });
            }
            None
        } else {
            self.unfiltered.take()
        };
        let lists = [
            &visible.claims,
            &visible.sources,
            &visible.experts,
            &visible.caveats,
        ];
        for (li, shown) in lists.iter().enumerate() {
            self.rows[li] = (0..shown.len()).filter(|&i| shown[i]).collect();
            let wanted = restore.as_ref().map_or(before[li], |s| s.items[li]);
            self.selected[li] = match wanted {
                // The same item, or the next one still shown, or the last.
                Some(item) => self.rows[li]
                    .iter()
                    .position(|&i| i >= item)
                    .unwrap_or(self.rows[li].len().saturating_sub(1)),
                None => 0,
            };
            self.offsets[li] = 0;
        }
        self.visible = visible;
        if let Some(saved) = restore {
            self.focus = saved.focus;
            self.current_list = saved.current_list;
            self.scroll = saved.scroll;
        }
    }

    fn move_selection(&mut self, shared: &Shared, delta: isize, page: bool) {
        let layout = self.layout(shared);
        if self.focus == Pane::Article {
            let page_rows = layout.article_rows().max(1);
            let step = if page { page_rows as isize } else { 1 };
            let max = self.lines.len().saturating_sub(page_rows);
            self.scroll = step_index(self.scroll, delta * step, max + 1);
            return;
        }
        let focus = self.focus;
        let len = self.list_len(focus);
        let step = if page {
            layout.list_items_visible(focus).max(1) as isize
        } else {
            1
        };
        if let Some(i) = focus.list_index() {
            self.selected[i] = step_index(self.selected[i], delta * step, len);
        }
        self.selection_changed(shared);
    }

    fn focus(&mut self, shared: &Shared, pane: Pane) {
        self.focus = pane;
        if pane != Pane::Article {
            self.current_list = pane;
        }
        // Narrow terminals show one list at a time; the visible one may change the layout.
        self.rewrap(shared);
        self.selection_changed(shared);
    }

    fn cycle_pane(&mut self, shared: &Shared, forward: bool) {
        let i = Pane::ALL.iter().position(|p| *p == self.focus).unwrap_or(0);
        let n = Pane::ALL.len();
        let next = if forward {
            (i + 1) % n
        } else {
            (i + n - 1) % n
        };
        self.focus(shared, Pane::ALL[next]);
    }

    /// What `space` and `a` act on: the paragraph when the article has the
    /// focus, else the selected item.
    pub fn current_target(&self, shared: &Shared) -> Option<Target> {
        if self.focus == Pane::Article {
            let b = self.briefing(shared)?;
            let p = b.article.get(self.cursor_paragraph()?)?;
            return Some(Target::new(Kind::Paragraph, &p.id));
        }
        self.target_of(shared, self.current_item()?)
    }

    fn toggle_mark(&mut self, shared: &mut Shared) {
        let (Some(target), Some(id)) = (
            self.current_target(shared),
            self.briefing(shared).map(|b| b.id.to_string()),
        ) else {
            shared.message = Some("nothing selected to mark".into());
            return;
        };
        let now = shared.marks.entry(id.clone()).or_default().toggle(&target);
        shared.effects.push(Effect::SaveMarks(id));
        let count = match (self.briefing(shared), self.marks_of(shared)) {
            (Some(b), Some(m)) => m.tally(b).to_string(),
            _ => "0 marked".into(),
        };
        shared.message = Some(if now {
            format!("★ marked {target} · {count}")
        } else {
            format!("unmarked {target} · {count}")
        });
    }

    fn start_note(&self, shared: &mut Shared) -> Outcome {
        let (Some(target), Some(id)) = (
            self.current_target(shared),
            self.briefing(shared).map(|b| b.id.to_string()),
        ) else {
            shared.message = Some("nothing selected to write a note on".into());
            return Outcome::NONE;
        };
        if shared
            .marks_of(&id)
            .and_then(|m| m.draft(&target))
            .is_some()
        {
            shared.message = Some(
                "continuing the draft kept when debrief was stopped; Esc keeps it a draft".into(),
            );
        }
        Outcome::Push(Box::new(Note::new(shared, &id, target)))
    }

    /// `x`: the marked items if any are shown, else every item under the filter.
    fn ask_export(&self, shared: &Shared) -> Outcome {
        let shown: Vec<Item> = Pane::LISTS
            .iter()
            .enumerate()
            .flat_map(|(li, pane)| self.rows[li].iter().filter_map(|&i| pane.item(i)))
            .collect();
        let marked = shown
            .iter()
            .filter(|item| {
                self.target_of(shared, **item)
                    .is_some_and(|t| self.is_marked(shared, &t))
            })
            .count()
            + self.marks_of(shared).map_or(0, |m| {
                m.marked().filter(|t| t.kind == Kind::Paragraph).count()
            });
        let (scope, count) = if marked > 0 {
            (Scope::Marked, marked)
        } else {
            (Scope::All, shown.len())
        };
        Outcome::Push(Box::new(ExportPrompt {
            briefing: self.briefing,
            scope,
            count,
        }))
    }

    /// Marks and notes of the briefing whose items are gone, in words.
    fn report_orphans(&self, shared: &mut Shared) {
        let (Some(b), Some(m)) = (self.briefing(shared), self.marks_of(shared)) else {
            return;
        };
        let orphans: Vec<String> = m.orphans(b).iter().map(|t| t.to_string()).collect();
        if !orphans.is_empty() {
            shared.message = Some(match orphans.len() {
                1 => format!(
                    "a mark or note is on an item this briefing no longer has ({}); it is kept",
                    orphans[0]
                ),
                n => format!(
                    "{n} marks or notes are on items this briefing no longer has ({}); they are kept",
                    orphans.join(", ")
                ),
            });
        }
    }

    fn confirm_search(&mut self, shared: &mut Shared, query: String) {
        self.set_search(shared, query);
        self.jump_to_match(shared, true, true);
    }

    /// The search is `query`: its matches in the article found, none jumped to yet.
    fn set_search(&mut self, shared: &Shared, query: String) {
        self.search.article = match self.briefing(shared) {
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
        self.search.query = query;
    }

    /// `n` or `N`: the next match here, or the library's next hit when the
    /// search is the library's.
    fn next_match(&mut self, shared: &mut Shared, forward: bool) -> Outcome {
        if self.search.across {
            return Outcome::Go(Nav::SearchHit(if forward { 1 } else { -1 }));
        }
        self.jump_to_match(shared, forward, false);
        Outcome::NONE
    }

    /// Moves to the next (or previous) match after the current position;
    /// `from_here` includes the current position itself.
    fn jump_to_match(&mut self, shared: &mut Shared, forward: bool, from_here: bool) {
        if self.search.query.is_empty() {
            shared.message = Some("no search: press / to search".into());
            return;
        }
        shared.message = Some(match self.jump(shared, forward, from_here) {
            Some((position, total, went_round)) => match_notice(
                &shared.keys,
                &self.search.query,
                position,
                total,
                forward,
                went_round,
            ),
            None => format!("no match for “{}”", self.search.query),
        });
    }

    /// Jumps to a match: (its place among the matches, how many, whether it wrapped).
    fn jump(
        &mut self,
        shared: &Shared,
        forward: bool,
        from_here: bool,
    ) -> Option<(usize, usize, bool)> {
        let focus = self.focus;
        if let Some(li) = focus.list_index() {
            let len = self.list_len(focus);
            let hits = |i: usize| {
                self.item_at(focus, i)
                    .is_some_and(|item| self.item_matches(shared, item))
            };
            let start = self.selected[li];
            let i = next_index(start, len, forward, from_here, hits)?;
            let all: Vec<usize> = (0..len).filter(|&j| hits(j)).collect();
            let position = all.iter().position(|&j| j == i).map_or(0, |p| p + 1);
            self.selected[li] = i;
            self.selection_changed(shared);
            return Some((position, all.len(), wrapped(start, i, forward, from_here)));
        }
        // In the article: the next match below (or above) the top line.
        let lines: Vec<usize> = self
            .search
            .article
            .iter()
            .map(|&(p, s, _)| line_of(&self.lines, p, s))
            .collect();
        if lines.is_empty() {
            return None;
        }
        let here = self.scroll + usize::from(!from_here && forward);
        let (k, went_round) = if forward {
            match lines.iter().position(|&l| l >= here) {
                Some(k) => (k, false),
                None => (0, true),
            }
        } else {
            match lines.iter().rposition(|&l| l < self.scroll) {
                Some(k) => (k, false),
                None => (lines.len() - 1, true),
            }
        };
        self.scroll = lines[k];
        self.search.current = self.search.article.get(k).copied();
        Some((k + 1, lines.len(), went_round))
    }

    /// Hit-testing: what is under a mouse position.
    fn pane_at(&self, shared: &Shared, column: u16, row: u16) -> Option<Pane> {
        let layout = self.layout(shared);
        let at = Position::new(column, row);
        Pane::ALL
            .into_iter()
            .find(|p| layout.pane(*p).is_some_and(|r| r.contains(at)))
    }

    fn click(&mut self, shared: &mut Shared, column: u16, row: u16) -> Outcome {
        let layout = self.layout(shared);
        let widths = layout
            .tabs
            .map(|bar| self.tab_labels(bar.width).map(|s| text::width(&s) as u16))
            .unwrap_or_default();
        if let Some(tab) = layout.tab_at(column, row, widths) {
            self.focus(shared, tab);
            return Outcome::NONE;
        }
        let Some(pane) = self.pane_at(shared, column, row) else {
            return Outcome::NONE;
        };
        self.focus(shared, pane);
        if pane == Pane::Article {
            // A click on a paragraph makes it the current one.
            let text = layout::inner(layout.article);
            if text.contains(Position::new(column, row)) {
                let line = self.scroll + usize::from(row - text.y);
                if let Some(p) = self.lines.get(line).and_then(|l| l.para) {
                    self.para_cursor = Some(p);
                }
            }
            return Outcome::NONE;
        }
        if let (Some(li), Some(body)) = (pane.list_index(), layout.list_body(pane)) {
            if !body.contains(Position::new(column, row)) {
                return Outcome::NONE;
            }
            let i = self.item_at_row(shared, pane, body, usize::from(row - body.y));
            if i < self.list_len(pane) {
                if i == self.selected[li] {
                    return self.open_detail(shared);
                }
                self.selected[li] = i;
                self.selection_changed(shared);
            }
        }
        Outcome::NONE
    }

    fn wheel(&mut self, shared: &Shared, column: u16, row: u16, delta: isize) {
        let page = self.layout(shared).article_rows();
        match self.pane_at(shared, column, row) {
            Some(Pane::Article) => {
                let max = self.lines.len().saturating_sub(page);
                self.scroll = step_index(self.scroll, delta * 3, max + 1);
            }
            Some(pane) => {
                self.focus(shared, pane);
                self.move_selection(shared, delta, false);
            }
            None => {}
        }
    }

    fn open_detail(&self, shared: &mut Shared) -> Outcome {
        if self.focus == Pane::Article {
            shared.message = Some("select an item in a list (Tab) to see its details".into());
            return Outcome::NONE;
        }
        match self.current_item() {
            Some(item) => Outcome::Push(Box::new(Detail::new(shared, self.briefing, item))),
            None => Outcome::NONE,
        }
    }
}

impl State {
    /// Follows a link to `item`: its list gets the focus and the item the selection.
    pub fn select(&mut self, shared: &mut Shared, item: Item) {
        let (pane, index) = match item {
            Item::Claim(i) => (Pane::Claims, i),
            Item::Source(i) => (Pane::Sources, i),
            Item::Expert(i) => (Pane::Experts, i),
            Item::Caveat(i) => (Pane::Caveats, i),
        };
        let Some(li) = pane.list_index() else { return };
        match self.rows[li].iter().position(|&i| i == index) {
            Some(position) => {
                self.selected[li] = position;
                self.focus(shared, pane);
            }
            None => {
                shared.message = Some("the filter hides that item (F clears the filter)".into())
            }
        }
    }

    /// Selects an item (or the paragraph) by id, as history recorded it.
    pub fn select_target(&mut self, shared: &mut Shared, target: &Target) {
        let Some(b) = self.briefing(shared) else {
            return;
        };
        let id = target.id.as_str();
        let item = match target.kind {
            Kind::Claim => b.claims.iter().position(|c| c.id == id).map(Item::Claim),
            Kind::Source => b.sources.iter().position(|x| x.id == id).map(Item::Source),
            Kind::Expert => b.experts.iter().position(|x| x.id == id).map(Item::Expert),
            Kind::Caveat => b.caveats.iter().position(|x| x.id == id).map(Item::Caveat),
            Kind::Paragraph => {
                if let Some(p) = b.article.iter().position(|p| p.id == id) {
                    self.focus(shared, Pane::Article);
                    self.para_cursor = Some(p);
                }
                return;
            }
        };
        match item {
            Some(item) => self.select(shared, item),
            None => {
                shared.message = Some(text::clean(&format!(
                    "{target} is no longer in the briefing"
                )))
            }
        }
    }

    /// This briefing as it is in the reloaded library: the same items
    /// selected (by id), the same pane, the article where it was. `None`
    /// when the briefing is gone.
    pub fn reloaded(
        &self,
        shared: &mut Shared,
        remap: &crate::tui::reload::Remap,
    ) -> Option<State> {
        let index = remap.briefing(self.briefing)?;
        let mut next = State::open(shared, index)?;
        for (li, pane) in Pane::LISTS.into_iter().enumerate() {
            let same = self
                .item_at(pane, self.selected[li])
                .and_then(|item| remap.item(self.briefing, item));
            if let Some(pos) = same.and_then(|item| {
                next.rows[li]
                    .iter()
                    .position(|&i| pane.item(i) == Some(item))
            }) {
                next.selected[li] = pos;
            } else {
                next.selected[li] = self.selected[li].min(next.rows[li].len().saturating_sub(1));
            }
            next.offsets[li] = self.offsets[li];
        }
        next.focus = self.focus;
        next.current_list = self.current_list;
        let paragraphs = next.briefing(shared).map_or(0, |b| b.article.len());
        next.para_cursor = self.para_cursor.filter(|&p| p < paragraphs);
        next.rewrap(shared);
        next.selection_changed(shared);
        next.scroll = self.scroll.min(next.lines.len().saturating_sub(1));
        next.keep_cursor_in_view(shared);
        Some(next)
    }

    /// What `O`, `y`, `Y`, `e` act on: the selected item, or the briefing
    /// itself when the article has the focus.
    fn handed_item(&self) -> Option<Item> {
        if self.focus == Pane::Article {
            None
        } else {
            self.current_item()
        }
    }
}

fn list_len_of(b: &Briefing, pane: Pane) -> usize {
    match pane {
        Pane::Article => 0,
        Pane::Claims => b.claims.len(),
        Pane::Sources => b.sources.len(),
        Pane::Experts => b.experts.len(),
        Pane::Caveats => b.caveats.len(),
    }
}

pub fn refresh(state: &mut State, shared: &mut Shared, change: Change) {
    match change {
        Change::Filter => {
            state.apply_filter(shared);
            state.selection_changed(shared);
        }
        Change::Added(_) | Change::Library => {}
        Change::Resize => {
            state.rewrap(shared);
            state.keep_lists_visible(shared);
            let page = state.layout(shared).article_rows();
            state.scroll = state
                .scroll
                .min(state.lines.len().saturating_sub(page.max(1)));
            state.keep_cursor_in_view(shared);
        }
    }
}

pub fn update(state: &mut State, shared: &mut Shared, action: Action) -> Outcome {
    let outcome = handle(state, shared, action);
    state.keep_cursor_in_view(shared);
    outcome
}

fn handle(state: &mut State, shared: &mut Shared, action: Action) -> Outcome {
    match action {
        Action::NextParagraph => state.step_paragraph(shared, true),
        Action::PrevParagraph => state.step_paragraph(shared, false),
        Action::Down => state.move_selection(shared, 1, false),
        Action::Up => state.move_selection(shared, -1, false),
        Action::PageDown => state.move_selection(shared, 1, true),
        Action::PageUp => state.move_selection(shared, -1, true),
        Action::Top => state.move_selection(shared, isize::MIN / 2, false),
        Action::Bottom => state.move_selection(shared, isize::MAX / 2, false),
        Action::Open => return state.open_detail(shared),
        Action::NextPane => state.cycle_pane(shared, true),
        Action::PrevPane => state.cycle_pane(shared, false),
        Action::FocusArticle => state.focus(shared, Pane::Article),
        Action::FocusClaims => state.focus(shared, Pane::Claims),
        Action::FocusSources => state.focus(shared, Pane::Sources),
        Action::FocusExperts => state.focus(shared, Pane::Experts),
        Action::FocusCaveats => state.focus(shared, Pane::Caveats),
        Action::Mark => state.toggle_mark(shared),
        Action::OpenLink => handoff::open(shared, state.briefing, state.handed_item()),
        Action::CopyText => handoff::copy_text(shared, state.briefing, state.handed_item()),
        Action::CopyReference => {
            handoff::copy_reference(shared, state.briefing, state.handed_item())
        }
        Action::CopyUrl => handoff::copy_url(shared, state.briefing, state.handed_item()),
        Action::EditFile => handoff::edit(shared, state.briefing, state.handed_item()),
        Action::Annotate => return state.start_note(shared),
        Action::Export => return state.ask_export(shared),
        Action::Judgements => {
            return Outcome::Push(Box::new(crate::tui::overlays::judgements::Judgements::new(
                state.briefing,
            )));
        }
        Action::OpenPicker => {
            return Outcome::Push(Box::new(Picker::new(shared, Some(state.briefing))));
        }
        Action::ClearFilter => return super::clear_filter(shared),
        Action::StartSearch => {
            state.search = Search::default();
            return Outcome::Push(Box::<SearchLine>::default());
        }
        Action::Search(query) => state.confirm_search(shared, query),
        Action::NextMatch => return state.next_match(shared, true),
        Action::PrevMatch => return state.next_match(shared, false),
        Action::Overview => return Outcome::Go(Nav::Overview),
        Action::Help => return Outcome::Push(Box::new(Help::new(shared))),
        Action::Back => {
            if state.search.query.is_empty() {
                return Outcome::Go(Nav::Back);
            }
            state.search = Search::default();
        }
        Action::Leave => return Outcome::Go(Nav::Back),
        Action::Click { column, row } => return state.click(shared, column, row),
        Action::ScrollUp { column, row } => state.wheel(shared, column, row, -1),
        Action::ScrollDown { column, row } => state.wheel(shared, column, row, 1),
        _ => {}
    }
    Outcome::NONE
}

/// All the text of an item, for search.
pub fn item_text(b: &Briefing, item: Item) -> String {
    match item {
        Item::Claim(i) => b.claims.get(i).map(|c| c.text.to_string()),
        Item::Source(i) => b.sources.get(i).map(|s| s.name.clone()),
        Item::Expert(i) => b.experts.get(i).map(|e| {
            format!(
                "{} {} {}",
                e.name,
                e.affiliation.as_deref().unwrap_or(""),
                e.says.as_deref().unwrap_or("")
            )
        }),
        Item::Caveat(i) => b.caveats.get(i).map(|k| k.text.to_string()),
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

#[cfg(test)]
mod tests {
    use super::*;

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
