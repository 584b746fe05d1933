//! Where everything goes on the screen, for a given terminal size. Pure, and
//! shared by drawing and by mouse hit-testing, so a click lands on what the
//! user sees; screens and overlays scroll by the same numbers they draw with.
//! Imports nothing of the reader but its vocabulary.

use ratatui::layout::{Constraint, Layout, Rect};

use crate::briefing::links::Item;

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

/// Below this the reader says the terminal is too small instead of drawing.
pub const MIN_WIDTH: u16 = 40;
pub const MIN_HEIGHT: u16 = 12;
/// From this width the briefing screen shows all four lists at once.
pub const WIDE: u16 = 120;
/// Below this width the article and the lists stack instead of standing side by side.
const SIDE_BY_SIDE: u16 = 70;
/// Rows a list item takes: a line of essentials and a line of text.
pub const ITEM_HEIGHT: usize = 2;

pub fn too_small(size: Rect) -> bool {
    size.width < MIN_WIDTH || size.height < MIN_HEIGHT
}

/// The title row, the body, and the status row.
pub fn chrome(size: Rect) -> (Rect, Rect, Rect) {
    let [header, body, status] = Layout::vertical([
        Constraint::Length(1),
        Constraint::Fill(1),
        Constraint::Length(1),
    ])
    .areas(size);
    (header, body, status)
}

#[derive(Debug, Clone, Copy)]
pub struct LibraryLayout {
    pub header: Rect,
    /// The facet sidebar, on terminals wide enough for it.
    pub facets: Option<Rect>,
    pub table: Rect,
    pub preview: Rect,
    pub status: Rect,
}

impl LibraryLayout {
    /// The table's rows inside its border, below its header row.
    pub fn table_body(&self) -> Rect {
        let inner = inner(self.table);
        Rect {
            y: inner.y.saturating_add(1),
            height: inner.height.saturating_sub(1),
            ..inner
        }
    }

    pub fn table_rows(&self) -> usize {
        self.table_body().height.into()
    }
}

/// Which columns the library table shows in a table `width` wide. They give
/// way in order of importance, the title last: the actors and the outlet
/// first (by width, as they need room to say anything), then the item
/// counts, the countries, the mark count and the date, each only while the
/// title keeps [`TITLE_LEAST`] columns.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct LibraryColumns {
    pub date: bool,
    pub marks: bool,
    pub countries: bool,
    pub counts: bool,
    pub outlet: bool,
    pub actors: bool,
}

/// Columns the library's title keeps before any other column shows.
pub const TITLE_LEAST: u16 = 20;
pub const DATE_WIDTH: u16 = 10;
pub const MARKS_WIDTH: u16 = 3;
pub const COUNTRIES_WIDTH: u16 = 12;
pub const COUNTS_WIDTH: u16 = 11;

pub fn library_columns(width: u16) -> LibraryColumns {
    // Inside the border and the selection marker.
    let mut room = width.saturating_sub(4).saturating_sub(TITLE_LEAST);
    let mut take = |w: u16| {
        let fits = room > w;
        if fits {
            room -= w + 1;
        }
        fits
    };
    let date = take(DATE_WIDTH);
    let marks = take(MARKS_WIDTH);
    let countries = take(COUNTRIES_WIDTH);
    let counts = take(COUNTS_WIDTH);
    LibraryColumns {
        date,
        marks,
        countries,
        counts,
        outlet: counts && width >= 110,
        actors: counts && width >= 150,
    }
}

/// From this width the library shows the facet sidebar.
pub const FACETS: u16 = 100;

/// The library screen for a table of `rows` rows: the table takes what its
/// rows need, up to all but the preview's share, and the preview the rest.
pub fn library(size: Rect, rows: usize) -> LibraryLayout {
    let (header, body, status) = chrome(size);
    let (facets, body) = if size.width >= FACETS {
        let [f, b] = Layout::horizontal([Constraint::Length(size.width / 4), Constraint::Fill(1)])
            .areas(body);
        (Some(f), b)
    } else {
        (None, body)
    };
    let preview_least = (body.height / 3).clamp(5, 12);
    let needed = u16::try_from(rows.saturating_add(3))
        .unwrap_or(u16::MAX)
        .max(4);
    let table_height = needed.min(body.height.saturating_sub(preview_least));
    let [table, preview] =
        Layout::vertical([Constraint::Length(table_height), Constraint::Fill(1)]).areas(body);
    LibraryLayout {
        header,
        facets,
        table,
        preview,
        status,
    }
}

#[derive(Debug, Clone, Copy)]
pub struct BriefingLayout {
    pub header: Rect,
    pub article: Rect,
    /// Claims, Sources, Experts, Caveats; `None` for a list hidden behind a tab.
    pub lists: [Option<Rect>; 4],
    /// The tab bar, when the lists are tabs.
    pub tabs: Option<Rect>,
    pub status: Rect,
}

impl BriefingLayout {
    pub fn pane(&self, pane: Pane) -> Option<Rect> {
        match pane.list_index() {
            None => Some(self.article),
            Some(i) => self.lists[i],
        }
    }

    /// Columns the article's text is wrapped to: inside the border, a space of margin each side.
    pub fn article_text_width(&self) -> u16 {
        self.article.width.saturating_sub(4).max(1)
    }

    /// Rows of article text visible at once.
    pub fn article_rows(&self) -> usize {
        inner(self.article).height.into()
    }

    pub fn list_body(&self, pane: Pane) -> Option<Rect> {
        self.pane(pane).filter(|_| pane != Pane::Article).map(inner)
    }

    pub fn list_items_visible(&self, pane: Pane) -> usize {
        self.list_body(pane)
            .map_or(0, |r| usize::from(r.height) / ITEM_HEIGHT)
    }

    /// The tab under a mouse position, when the lists are tabs labelled
    /// `widths` columns wide.
    pub fn tab_at(&self, column: u16, row: u16, widths: [u16; 4]) -> Option<Pane> {
        let at = ratatui::layout::Position::new(column, row);
        let slots = self.tab_slots(widths)?;
        let i = slots.iter().position(|slot| slot.contains(at))?;
        Pane::LISTS.get(i).copied()
    }

    /// The tab bar's four slots for labels `widths` columns wide: the room
    /// left is shared evenly between them and the two ends, so the gaps are
    /// equal whatever the labels say.
    pub fn tab_slots(&self, widths: [u16; 4]) -> Option<[Rect; 4]> {
        let bar = self.tabs?;
        let slot_widths = widths;
        let used: u16 = slot_widths.iter().sum();
        let gap = bar.width.saturating_sub(used) / 5;
        let mut x = bar.x.saturating_add(gap);
        Some(slot_widths.map(|w| {
            let w = w.min(bar.right().saturating_sub(x));
            let slot = Rect::new(x, bar.y, w, bar.height);
            x = x.saturating_add(w).saturating_add(gap);
            slot
        }))
    }
}

/// The briefing screen. `shown` is the list visible when the lists are tabs.
pub fn briefing(size: Rect, shown: Pane) -> BriefingLayout {
    let (header, body, status) = chrome(size);
    let mut lists = [None; 4];
    if size.width >= WIDE {
        let [article, right] =
            Layout::horizontal([Constraint::Percentage(48), Constraint::Percentage(52)])
                .areas(body);
        let [top, bottom] = Layout::vertical([Constraint::Ratio(1, 2); 2]).areas(right);
        let [a, b] = Layout::horizontal([Constraint::Ratio(1, 2); 2]).areas(top);
        let [c, d] = Layout::horizontal([Constraint::Ratio(1, 2); 2]).areas(bottom);
        lists = [Some(a), Some(b), Some(c), Some(d)];
        return BriefingLayout {
            header,
            article,
            lists,
            tabs: None,
            status,
        };
    }
    let (article, right) = if size.width >= SIDE_BY_SIDE {
        let [a, r] = Layout::horizontal([Constraint::Percentage(55), Constraint::Percentage(45)])
            .areas(body);
        (a, r)
    } else {
        let [a, r] =
            Layout::vertical([Constraint::Percentage(55), Constraint::Percentage(45)]).areas(body);
        (a, r)
    };
    let [tabs, list] = Layout::vertical([Constraint::Length(1), Constraint::Fill(1)]).areas(right);
    let shown = shown.list_index().unwrap_or(0);
    lists[shown] = Some(list);
    BriefingLayout {
        header,
        article,
        lists,
        tabs: Some(tabs),
        status,
    }
}

/// The overview's four charts.
pub fn overview(size: Rect) -> (Rect, [Rect; 4], Rect) {
    let (header, body, status) = chrome(size);
    let [top, bottom] = Layout::vertical([Constraint::Ratio(1, 2); 2]).areas(body);
    let [a, b] = Layout::horizontal([Constraint::Ratio(1, 2); 2]).areas(top);
    let [c, d] = Layout::horizontal([Constraint::Ratio(1, 2); 2]).areas(bottom);
    (header, [a, b, c, d], status)
}

/// The frame of a popup (help, an item's detail) on a screen of `size`.
pub fn popup(size: Rect) -> Rect {
    centered(
        size,
        size.width.saturating_sub(4).min(96),
        size.height.saturating_sub(2),
    )
}

/// Columns of text inside a popup: its border and a margin of one each side.
pub fn popup_text_width(size: Rect) -> usize {
    usize::from(popup(size).width.saturating_sub(4)).max(1)
}

/// Rows of content a popup shows at once.
pub fn popup_rows(size: Rect) -> usize {
    usize::from(popup(size).height.saturating_sub(2))
}

/// The filter picker's frame.
pub fn picker(size: Rect) -> Rect {
    centered(
        size,
        size.width.saturating_sub(4).min(76),
        size.height.saturating_sub(2).min(26),
    )
}

/// Rows of choices the picker shows at once, below its field and hint line.
pub fn picker_rows(size: Rect) -> usize {
    usize::from(picker(size).height.saturating_sub(4))
}

/// The note editor's frame.
pub fn note(size: Rect) -> Rect {
    centered(
        size,
        size.width.saturating_sub(4).min(80),
        14.min(size.height),
    )
}

/// The export question's frame.
pub fn prompt(size: Rect) -> Rect {
    centered(
        size,
        size.width.saturating_sub(4).min(72),
        7.min(size.height),
    )
}

/// A rectangle less its one-cell border.
pub fn inner(r: Rect) -> Rect {
    Rect {
        x: r.x.saturating_add(1),
        y: r.y.saturating_add(1),
        width: r.width.saturating_sub(2),
        height: r.height.saturating_sub(2),
    }
}

/// A centred rectangle of at most `width` x `height` inside `area`.
pub fn centered(area: Rect, width: u16, height: u16) -> Rect {
    let width = width.min(area.width);
    let height = height.min(area.height);
    Rect {
        x: area.x + (area.width - width) / 2,
        y: area.y + (area.height - height) / 2,
        width,
        height,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn wide_terminals_show_every_list_and_narrow_ones_tabs() {
        let wide = briefing(Rect::new(0, 0, 120, 40), Pane::Claims);
        assert!(wide.lists.iter().all(Option::is_some));
        assert!(wide.tabs.is_none());
        let narrow = briefing(Rect::new(0, 0, 80, 24), Pane::Sources);
        assert_eq!(narrow.lists.iter().filter(|l| l.is_some()).count(), 1);
        assert!(narrow.lists[1].is_some(), "the shown list is the sources");
        assert!(narrow.tabs.is_some());
    }

    #[test]
    fn tabs_are_hit_where_they_are_drawn() {
        let l = briefing(Rect::new(0, 0, 80, 24), Pane::Claims);
        let widths = [6, 5, 5, 6];
        let slots = l.tab_slots(widths).expect("tabs");
        for (slot, pane) in slots.iter().zip(Pane::LISTS) {
            assert_eq!(l.tab_at(slot.x, slot.y, widths), Some(pane));
            assert_eq!(l.tab_at(slot.right() - 1, slot.y, widths), Some(pane));
        }
        let gaps: Vec<u16> = slots.windows(2).map(|w| w[1].x - w[0].right()).collect();
        assert!(gaps.iter().all(|g| *g == gaps[0]), "even gaps: {gaps:?}");
    }

    #[test]
    fn library_columns_give_way_before_the_title() {
        let narrow = library_columns(40);
        assert!(narrow.date, "a date fits beside the title at 40");
        assert!(!narrow.countries && !narrow.counts && !narrow.outlet);
        let tiny = library_columns(24);
        assert_eq!(
            tiny,
            LibraryColumns {
                date: false,
                marks: false,
                countries: false,
                counts: false,
                outlet: false,
                actors: false
            }
        );
        let wide = library_columns(200);
        assert!(
            wide.date && wide.marks && wide.countries && wide.counts && wide.outlet && wide.actors
        );
    }

    #[test]
    fn tiny_sizes_do_not_panic() {
        for w in 0..20 {
            for h in 0..8 {
                let size = Rect::new(0, 0, w, h);
                let _ = library(size, 3).table_rows();
                let b = briefing(size, Pane::Claims);
                let _ = (b.article_rows(), b.article_text_width());
                let _ = overview(size);
                let _ = centered(size, 50, 50);
            }
        }
    }
}
