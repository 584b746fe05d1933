//! An item's full detail: its text, who asserts it, its quote, the analyst's
//! mark and note, and every item linked to it.

use std::any::Any;

use ratatui::Frame;
use ratatui::style::Style;
use ratatui::text::{Line, Span};

use super::scroll::Scrolled;
use crate::briefing::Briefing;
use crate::briefing::links::{Item, Links};
use crate::briefing::model::ClaimRef;
use crate::text;
use crate::tui::action::Action;
use crate::tui::handoff;
use crate::tui::keymap::Context;
use crate::tui::layout;
use crate::tui::outcome::{Nav, Outcome};
use crate::tui::outcome::{Overlay, Step};
use crate::tui::shared::Shared;
use crate::tui::theme::{Theme, Theme as T};
use crate::tui::widgets::items::{country_name, describe, target_of};

/// Where a line of the detail leads.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Link {
    /// An item of the same briefing.
    Item(Item),
    /// A claim of another briefing (`same_as`).
    SameAs(ClaimRef),
    /// A web page: opened, not followed.
    Url(String),
}

pub struct Detail {
    /// Index of the briefing in the library.
    pub briefing: usize,
    pub item: Item,
    body: Scrolled,
    /// The links of the detail, each with the line it starts on.
    pub links: Vec<(usize, Link)>,
    /// Position in `links` of the one Enter follows.
    pub selected: usize,
}

impl Detail {
    pub fn new(shared: &Shared, briefing: usize, item: Item) -> Detail {
        let mut detail = Detail {
            briefing,
            item,
            body: Scrolled::default(),
            links: Vec::new(),
            selected: 0,
        };
        detail.refresh(shared);
        detail
    }

    pub fn selected_link(&self) -> Option<&Link> {
        self.links.get(self.selected).map(|(_, l)| l)
    }

    /// j/k: the next or previous link, scrolled into view.
    fn step(&mut self, shared: &Shared, delta: isize) {
        let last = self.links.len().saturating_sub(1);
        self.selected = self.selected.saturating_add_signed(delta).min(last);
        let rows = layout::popup_rows(shared.size).max(1);
        let line = self.links[self.selected].0;
        let end = self
            .links
            .get(self.selected + 1)
            .map_or(line + 1, |(next, _)| *next)
            .min(line + rows);
        if line < self.body.scroll {
            self.body.scroll = line;
        } else if end > self.body.scroll + rows {
            self.body.scroll = end - rows;
        }
    }

    /// Enter: where the selected link leads, closing the detail.
    fn follow(&self, shared: &mut Shared) -> Step {
        match self.selected_link().cloned() {
            None => Step::close(),
            Some(Link::Item(item)) => Step::close().then(Outcome::Go(Nav::Item {
                briefing: self.briefing,
                item,
            })),
            Some(Link::SameAs(r)) => {
                let found = shared
                    .library
                    .briefings
                    .iter()
                    .position(|b| b.id == r.briefing)
                    .and_then(|bi| {
                        let ci = shared.library.briefings[bi]
                            .claims
                            .iter()
                            .position(|c| c.id == r.claim)?;
                        Some((bi, ci))
                    });
                match found {
                    Some((briefing, claim)) => Step::close().then(Outcome::Go(Nav::Item {
                        briefing,
                        item: Item::Claim(claim),
                    })),
                    None => {
                        shared.message =
                            Some(text::clean(&format!("{r} is not in the library loaded")));
                        Step::consumed()
                    }
                }
            }
            Some(Link::Url(url)) => {
                handoff::open_url(shared, Some(&url));
                Step::consumed()
            }
        }
    }
}

impl Overlay for Detail {
    fn update(&mut self, shared: &mut Shared, action: &Action) -> Step {
        let has_links = !self.links.is_empty();
        match action {
            Action::Open => return self.follow(shared),
            Action::Down if has_links => self.step(shared, 1),
            Action::Up if has_links => self.step(shared, -1),
            // g and G: the first or last link, and the top or the end in view.
            Action::Top if has_links => {
                self.selected = 0;
                self.body.scroll = 0;
            }
            Action::Bottom if has_links => {
                self.selected = self.links.len() - 1;
                // Scrolled to the end, where the last link is.
                self.body.update(shared, action, &[]);
            }
            Action::OpenLink => match self.selected_link() {
                Some(Link::Url(url)) => handoff::open_url(shared, Some(&url.clone())),
                _ => handoff::open(shared, self.briefing, Some(self.item)),
            },
            Action::CopyText => handoff::copy_text(shared, self.briefing, Some(self.item)),
            Action::CopyReference => {
                handoff::copy_reference(shared, self.briefing, Some(self.item))
            }
            Action::CopyUrl => handoff::copy_url(shared, self.briefing, Some(self.item)),
            _ => {
                return self
                    .body
                    .update(shared, action, &[Action::Back, Action::Help]);
            }
        }
        Step::consumed()
    }

    fn reloaded(&mut self, _shared: &Shared, remap: &crate::tui::reload::Remap) -> bool {
        match (
            remap.briefing(self.briefing),
            remap.item(self.briefing, self.item),
        ) {
            (Some(b), Some(item)) => {
                self.briefing = b;
                self.item = item;
                true
            }
            _ => false,
        }
    }

    fn view(&self, shared: &Shared, frame: &mut Frame) {
        let title = match self.item {
            Item::Claim(_) => " Claim ",
            Item::Source(_) => " Source ",
            Item::Expert(_) => " Expert ",
            Item::Caveat(_) => " Caveat ",
        };
        let highlight = self.links.get(self.selected).map(|(line, _)| *line);
        self.body.view_marked(shared, frame, title, highlight);
    }

    fn context(&self) -> Context {
        Context::Popup
    }

    fn refresh(&mut self, shared: &Shared) {
        let width = layout::popup_text_width(shared.size);
        let (mut lines, links) = match shared.library.briefings.get(self.briefing) {
            Some(b) => detail_lines(shared, b, self.item, width),
            None => Default::default(),
        };
        // A claim's group across the library, after what links from it.
        if let Item::Claim(c) = self.item {
            lines.extend(crate::tui::widgets::corroboration::lines(
                shared,
                self.briefing,
                c,
                width,
            ));
        }
        self.body.replace(shared, lines);
        self.links = links;
        self.selected = self.selected.min(self.links.len().saturating_sub(1));
    }

    fn as_any(&self) -> &dyn Any {
        self
    }
}

/// Wraps `s` to `width`, each line styled `style`, with `indent` before each.
fn wrapped(s: &str, width: usize, indent: &str, style: Style) -> Vec<Line<'static>> {
    let flowing = text::flow(s);
    let room = width.saturating_sub(text::width(indent)).max(1);
    text::wrap(&flowing, room)
        .into_iter()
        .map(|l| {
            Line::from(vec![
                Span::raw(indent.to_owned()),
                Span::styled(flowing[l.start..l.end].to_owned(), style),
            ])
        })
        .collect()
}

fn field(theme: Theme, label: &str, value: &str, width: usize) -> Vec<Line<'static>> {
    let mut lines = wrapped(&format!("{label}: {value}"), width, "", Style::new());
    if let Some(first) = lines.first_mut() {
        // Label in the muted style: rebuild the first line's spans around it.
        let content: String = first.spans.iter().map(|s| s.content.as_ref()).collect();
        if let Some(rest) = content.strip_prefix(&format!("{label}:")) {
            *first = Line::from(vec![
                Span::styled(format!("{label}:"), theme.muted()),
                Span::raw(rest.to_owned()),
            ]);
        }
    }
    lines
}

type Lines = (Vec<Line<'static>>, Vec<(usize, Link)>);

fn detail_lines(shared: &Shared, b: &Briefing, item: Item, width: usize) -> Lines {
    let theme = shared.theme;
    let mut links: Vec<(usize, Link)> = Vec::new();
    let (essentials, id, body) = describe(b, item);
    let mut lines = wrapped(&format!("{id} · {essentials}"), width, "", theme.title());
    lines.push(Line::default());
    lines.extend(wrapped(&body, width, "", Style::new()));
    lines.push(Line::default());

    let quote = |anchor: &Option<crate::briefing::Anchor>| {
        anchor.as_ref().map(|a| {
            let para = a
                .span
                .and_then(|s| b.article.get(s.para()))
                .map_or(String::new(), |p| format!(" ({})", p.id));
            format!("“{}”{para}", a.quote.value)
        })
    };
    match item {
        Item::Claim(i) => {
            if let Some(c) = b.claims.get(i) {
                if !c.by.is_empty() {
                    let by: Vec<&str> = c.by.of(&b.actors).map(|a| a.name.as_str()).collect();
                    lines.extend(field(theme, "Asserted by", &by.join(", "), width));
                }
                lines.extend(field(theme, "Kind", c.kind.word(), width));
                if let Some(l) = c.likelihood {
                    lines.extend(field(theme, "Likelihood", l.word(), width));
                }
                if let Some(k) = c.confidence {
                    lines.extend(field(theme, "Confidence", k.word(), width));
                }
                if let Some(stated) = c.stated() {
                    lines.extend(field(theme, "Source's words", stated, width));
                }
                if let Some(when) = c.when() {
                    lines.extend(field(theme, "When", &when.value.to_string(), width));
                }
                let actors: Vec<&str> = c.actors.of(&b.actors).map(|a| a.name.as_str()).collect();
                if !actors.is_empty() {
                    lines.extend(field(theme, "Actors", &actors.join(", "), width));
                }
                let countries: Vec<String> = c.countries.iter().map(country_name).collect();
                if !countries.is_empty() {
                    lines.extend(field(theme, "Countries", &countries.join(", "), width));
                }
                if let Some(q) = quote(&c.anchor) {
                    lines.extend(field(theme, "Quote", &q, width));
                }
            }
        }
        Item::Source(i) => {
            if let Some(s) = b.sources.get(i) {
                if let Some(a) = &s.actor {
                    lines.extend(field(
                        theme,
                        "Actor",
                        &b.actor(&a.value)
                            .map_or(a.value.to_string(), |x| x.name.to_string()),
                        width,
                    ));
                }
                if let Some(u) = &s.url {
                    links.push((lines.len(), Link::Url(u.clone())));
                    lines.extend(field(theme, "Link", u, width));
                }
            }
        }
        Item::Expert(i) => {
            if let Some(e) = b.experts.get(i)
                && let Some(q) = quote(&e.anchor)
            {
                lines.extend(field(theme, "Quote", &q, width));
            }
        }
        Item::Caveat(i) => {
            if let Some(k) = b.caveats.get(i) {
                if let Some(q) = quote(&k.anchor) {
                    lines.extend(field(theme, "Quote", &q, width));
                }
                if k.anchor.is_none() && k.raised_by.is_none() {
                    lines.extend(field(theme, "Raised by", "the analyst", width));
                }
            }
        }
    }

    if let Some(target) = target_of(b, item) {
        if shared.is_marked(&b.id, &target) {
            lines.push(Line::default());
            lines.push(Line::styled(format!("{} marked", T::MARK), theme.marked()));
        }
        if let Some(note) = shared.note(&b.id, &target) {
            lines.push(Line::default());
            lines.push(Line::styled("Your note (a to edit)", theme.title()));
            for l in note.lines() {
                lines.extend(wrapped(l, width, "  ", Style::new()));
            }
        }
    }

    let linked = Links::new(b).of(item);
    let groups = [
        (
            "Claims",
            linked
                .claims
                .iter()
                .map(|i| Item::Claim(*i))
                .collect::<Vec<_>>(),
        ),
        (
            "Sources",
            linked.sources.iter().map(|i| Item::Source(*i)).collect(),
        ),
        (
            "Experts",
            linked.experts.iter().map(|i| Item::Expert(*i)).collect(),
        ),
        (
            "Caveats",
            linked.caveats.iter().map(|i| Item::Caveat(*i)).collect(),
        ),
    ];
    for (title, items) in groups {
        if items.is_empty() {
            continue;
        }
        lines.push(Line::default());
        lines.push(Line::styled(
            format!("{title} linked ({})", items.len()),
            theme.title(),
        ));
        for linked_item in items {
            links.push((lines.len(), Link::Item(linked_item)));
            lines.extend(linked_line(b, linked_item, width, theme));
        }
    }
    // The same claim in other briefings, whichever side wrote the link.
    if let Item::Claim(i) = item
        && let Some(c) = b.claims.get(i)
    {
        let same = shared.library.same_as.of(&b.id, &c.id);
        let mut refs: Vec<ClaimRef> = same.into_iter().cloned().collect();
        for r in c.same_as() {
            if !refs.contains(&r.value) {
                refs.push(r.value.clone());
            }
        }
        if !refs.is_empty() {
            lines.push(Line::default());
            lines.push(Line::styled(
                format!("Same as, in other briefings ({})", refs.len()),
                theme.title(),
            ));
            for r in refs {
                let other = shared.library.briefings.iter().find(|o| o.id == r.briefing);
                let said = match other.and_then(|o| o.claims.iter().find(|k| k.id == r.claim)) {
                    Some(k) => k.text.clone(),
                    None if other.is_some() => "(no such claim there)".into(),
                    None => "(briefing not loaded)".into(),
                };
                links.push((lines.len(), Link::SameAs(r.clone())));
                lines.extend(wrapped(
                    &format!("{} {r} · {said}", T::LINK_MARK),
                    width,
                    "",
                    theme.linked(),
                ));
            }
        }
    }
    (lines, links)
}

fn linked_line(b: &Briefing, item: Item, width: usize, theme: Theme) -> Vec<Line<'static>> {
    let (essentials, id, body) = describe(b, item);
    let mut lines = wrapped(&format!("{id} · {essentials}"), width, "  ", theme.linked());
    if let Some(first) = lines.first_mut().and_then(|l| l.spans.first_mut()) {
        *first = Span::styled(format!("{} ", T::LINK_MARK), theme.linked());
    }
    lines.extend(wrapped(&body, width, "  ", Style::new()));
    lines
}
