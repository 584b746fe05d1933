//! The reader's filter: what it narrows (library rows, facet counts, the
//! items of the open briefing), the facet sidebar, and the picker that `f`
//! opens. Matching itself is [`crate::query`]'s; this only applies it.

use super::app::{App, Saved, Screen};
use crate::briefing::Briefing;
use crate::query::{self, Facet};
use crate::{country, text};

/// Something the picker can add to the filter.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Choice {
    pub kind: ChoiceKind,
    /// Actor id or country code.
    pub key: String,
    pub label: String,
    /// Kind, country, aliases: what helps tell two choices apart.
    pub detail: String,
    /// Folded, space-free forms the typed text is looked for in.
    keys: Vec<String>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ChoiceKind {
    Actor,
    Country,
}

#[derive(Debug, Clone, Default)]
pub struct Picker {
    pub query: String,
    pub choices: Vec<Choice>,
    /// Indices of the choices that match the query, in order.
    pub shown: Vec<usize>,
    pub selected: usize,
    pub offset: usize,
}

fn squeeze(s: &str) -> String {
    text::fold(s).replace(' ', "")
}

impl Picker {
    /// Every actor and country of `briefings`, actors first.
    fn new<'a>(briefings: impl IntoIterator<Item = &'a Briefing> + Clone) -> Picker {
        let mut choices: Vec<Choice> = Vec::new();
        for a in briefings.clone().into_iter().flat_map(|b| &b.actors) {
            if choices
                .iter()
                .any(|c| c.kind == ChoiceKind::Actor && c.key == a.id)
            {
                continue;
            }
            let mut detail: Vec<String> = Vec::new();
            if let Some(k) = a.kind {
                detail.push(k.word().to_owned());
            }
            if let Some(c) = &a.country {
                detail.push(c.value.to_string());
            }
            if !a.aliases.is_empty() {
                detail.push(format!("aka {}", a.aliases.join(", ")));
            }
            choices.push(Choice {
                kind: ChoiceKind::Actor,
                key: a.id.to_string(),
                label: a.name.clone(),
                detail: detail.join(" · "),
                keys: std::iter::once(a.id.as_str())
                    .chain(std::iter::once(a.name.as_str()))
                    .chain(a.aliases.iter().map(String::as_str))
                    .map(squeeze)
                    .collect(),
            });
        }
        choices.sort_by_key(|c| text::fold(&c.label));
        let mut codes: Vec<&str> = briefings.into_iter().flat_map(|b| b.countries()).collect();
        codes.sort_unstable();
        codes.dedup();
        for code in codes {
            let name = country::name(code);
            choices.push(Choice {
                kind: ChoiceKind::Country,
                key: code.to_owned(),
                label: name.clone(),
                detail: format!("country {code}"),
                keys: vec![squeeze(code), squeeze(&name)],
            });
        }
        let mut picker = Picker {
            choices,
            ..Picker::default()
        };
        picker.narrow();
        picker
    }

    /// Shows the choices the typed text names: a part of any of their names,
    /// or, for whole names, what the query module would match.
    fn narrow(&mut self) {
        let q = squeeze(&self.query);
        let resolved = country::resolve(&self.query);
        // How well a choice answers the query: exactly (a whole name, or the
        // country the text names), by a part of a name, or by a slip in a
        // long actor name ("judgement panda"); None when it does not.
        let rank = |c: &Choice| -> Option<u8> {
            if q.is_empty() {
                return Some(1);
            }
            let exact = c.keys.contains(&q)
                || (c.kind == ChoiceKind::Country && resolved == Some(c.key.as_str()));
            if exact {
                Some(0)
            } else if c.keys.iter().any(|k| k.contains(&q)) {
                Some(1)
            } else if c.kind == ChoiceKind::Actor
                && c.keys
                    .iter()
                    .any(|k| strsim::levenshtein(k, &q) <= q.len() / 8)
            {
                Some(2)
            } else {
                None
            }
        };
        let mut ranked: Vec<(u8, usize)> = self
            .choices
            .iter()
            .enumerate()
            .filter_map(|(i, c)| rank(c).map(|r| (r, i)))
            .collect();
        // Stable: within a rank, choices keep their order (actors A-Z, then countries).
        ranked.sort_by_key(|(r, _)| *r);
        self.shown = ranked.into_iter().map(|(_, i)| i).collect();
        self.selected = 0;
        self.offset = 0;
    }

    pub fn current(&self) -> Option<&Choice> {
        self.shown
            .get(self.selected)
            .and_then(|&i| self.choices.get(i))
    }
}

/// One row of the library's facet sidebar.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum FacetRow {
    Actor(usize),
    Country(usize),
}

impl App {
    /// Recomputes what depends on the filter: matching briefings, facet
    /// counts, library rows, and the open briefing's items.
    pub(super) fn filter_changed(&mut self) {
        // From the library's index of actors and countries: the same answer as
        // walking every claim of every briefing, a tenth of the time.
        self.matching = query::matching(&self.library, &self.filter);
        self.facets = query::library_facets(&self.library, &self.matching, &self.filter);
        self.shelf.facet_selected = self
            .shelf
            .facet_selected
            .min(self.facet_rows().len().saturating_sub(1));
        self.sort_rows();
        if self.reader.is_some() {
            self.apply_filter_to_reader();
            self.selection_changed();
        }
    }

    /// Narrows the open briefing's lists to the items related to the filter,
    /// keeping each list's selection where it can; clearing the filter brings
    /// back the selection from before it was set.
    pub(super) fn apply_filter_to_reader(&mut self) {
        let Some(index) = self.reader.as_ref().map(|r| r.briefing) else {
            return;
        };
        let Some(b) = self.library.briefings.get(index) else {
            return;
        };
        let narrowed = !(self.filter.actors.is_empty() && self.filter.countries.is_empty());
        let visible = query::visible(b, &self.filter);
        let Some(r) = self.reader.as_mut() else {
            return;
        };
        let before: [Option<usize>; 4] =
            std::array::from_fn(|li| r.rows[li].get(r.selected[li]).copied());
        let restore = if narrowed {
            if r.unfiltered.is_none() {
                r.unfiltered = Some(Saved {
                    focus: r.focus,
                    current_list: r.current_list,
                    items: before,
                    scroll: r.scroll,
                });
            }
            None
        } else {
            r.unfiltered.take()
        };
        let lists = [
            &visible.claims,
            &visible.sources,
            &visible.experts,
            &visible.caveats,
        ];
        for (li, shown) in lists.iter().enumerate() {
            r.rows[li] = (0..shown.len()).filter(|&i| shown[i]).collect();
            let wanted = restore.as_ref().map_or(before[li], |s| s.items[li]);
            r.selected[li] = match wanted {
                // The same item, or the next one still shown, or the last.
                Some(item) => r.rows[li]
                    .iter()
                    .position(|&i| i >= item)
                    .unwrap_or(r.rows[li].len().saturating_sub(1)),
                None => 0,
            };
            r.offsets[li] = 0;
        }
        r.visible = visible;
        if let Some(saved) = restore {
            r.focus = saved.focus;
            r.current_list = saved.current_list;
            r.scroll = saved.scroll;
        }
    }

    /// The sidebar's rows: countries (a short list), then actors.
    pub fn facet_rows(&self) -> Vec<FacetRow> {
        (0..self.facets.countries.len())
            .map(FacetRow::Country)
            .chain((0..self.facets.actors.len()).map(FacetRow::Actor))
            .collect()
    }

    pub fn facet(&self, row: FacetRow) -> Option<&Facet> {
        match row {
            FacetRow::Actor(i) => self.facets.actors.get(i),
            FacetRow::Country(i) => self.facets.countries.get(i),
        }
    }

    pub(super) fn toggle_facet(&mut self) {
        let Some(row) = self.facet_rows().get(self.shelf.facet_selected).copied() else {
            return;
        };
        let Some(key) = self.facet(row).map(|f| f.key.clone()) else {
            return;
        };
        match row {
            FacetRow::Actor(_) => self.filter.toggle_actor(&key),
            FacetRow::Country(_) => self.filter.toggle_country(&key),
        }
        self.filter_changed();
        // Keep the cursor on the facet just toggled, wherever it sorted to.
        if let Some(pos) = self
            .facet_rows()
            .iter()
            .position(|r| self.facet(*r).is_some_and(|f| f.key == key))
        {
            self.shelf.facet_selected = pos;
        }
    }

    pub(super) fn clear_filter(&mut self) {
        if self.filter.is_empty() {
            self.message = Some("no filter to clear".into());
            return;
        }
        self.filter = query::Filter::default();
        self.filter_changed();
        self.message = Some("filter cleared".into());
    }

    pub(super) fn open_picker(&mut self) {
        let picker = match self.briefing() {
            Some(b) => Picker::new([b]),
            None => Picker::new(&self.library.briefings),
        };
        self.picker = Some(picker);
    }

    pub(super) fn picker_type(&mut self, c: Option<char>) {
        if let Some(p) = self.picker.as_mut() {
            match c {
                Some(c) if !text::is_hostile(c) => p.query.push(c),
                Some(_) => return,
                None => {
                    p.query.pop();
                }
            }
            p.narrow();
        }
    }

    pub(super) fn picker_move(&mut self, delta: isize) {
        let rows = super::view::picker::visible_rows(self.size);
        if let Some(p) = self.picker.as_mut() {
            let len = p.shown.len();
            if len == 0 {
                return;
            }
            p.selected = p.selected.saturating_add_signed(delta).min(len - 1);
            if p.selected < p.offset {
                p.offset = p.selected;
            } else if p.selected >= p.offset + rows.max(1) {
                p.offset = p.selected + 1 - rows.max(1);
            }
        }
    }

    pub(super) fn picker_toggle(&mut self) {
        let Some(choice) = self.picker.as_ref().and_then(|p| p.current()).cloned() else {
            return;
        };
        match choice.kind {
            ChoiceKind::Actor => self.filter.toggle_actor(&choice.key),
            ChoiceKind::Country => self.filter.toggle_country(&choice.key),
        }
        self.filter_changed();
    }

    /// Whether a picker choice is in the filter now.
    pub fn chosen(&self, choice: &Choice) -> bool {
        match choice.kind {
            ChoiceKind::Actor => self.filter.actors.contains(&choice.key),
            ChoiceKind::Country => self.filter.countries.contains(&choice.key),
        }
    }

    /// "APT31, Czechia · 23 items hidden": the filter in words, for headers.
    pub fn filter_summary(&self) -> Option<String> {
        if self.filter.is_empty() {
            return None;
        }
        let what = self.filter.describe(&self.names);
        let hidden = self.reader.as_ref().map_or(0, |r| r.visible.hidden());
        Some(match (self.screen, hidden) {
            (Screen::Briefing, 0) => format!("filter: {what} · nothing hidden"),
            (Screen::Briefing, 1) => format!("filter: {what} · 1 item hidden"),
            (Screen::Briefing, n) => format!("filter: {what} · {n} items hidden"),
            _ => format!(
                "filter: {what} · {} of {} briefings",
                self.matching.len(),
                self.library.briefings.len()
            ),
        })
    }
}
