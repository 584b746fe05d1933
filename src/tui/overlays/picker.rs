//! The filter picker that `f` opens: type to narrow the actors and
//! countries, Enter to add or remove the highlighted one. The filter applies
//! at once, under it.

use std::any::Any;

use ratatui::Frame;
use ratatui::layout::Margin;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Clear, Paragraph};

use crate::briefing::Briefing;
use crate::tui::action::Action;
use crate::tui::keymap::Context;
use crate::tui::layout;
use crate::tui::outcome::{Outcome, Overlay, Step};
use crate::tui::shared::Shared;
use crate::tui::widgets::text_field::TextField;
use crate::{country, query, text};

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

pub struct Picker {
    pub query: TextField,
    pub choices: Vec<Choice>,
    /// Indices of the choices that match the query, in order.
    pub shown: Vec<usize>,
    pub selected: usize,
    pub offset: usize,
    /// The open briefing the picker narrows, or `None` for the library.
    briefing: Option<usize>,
    /// The filter in words with what it leaves, for the title.
    summary: Option<String>,
}

fn squeeze(s: &str) -> String {
    text::fold(s).replace(' ', "")
}

impl Picker {
    /// Every actor and country of the open briefing, or of the library.
    pub fn new(shared: &Shared, briefing: Option<usize>) -> Picker {
        let all = &shared.library.briefings;
        let one = briefing.and_then(|i| all.get(i));
        let briefings: Vec<&Briefing> = match one {
            Some(b) => vec![b],
            None => all.iter().collect(),
        };
        let mut choices: Vec<Choice> = Vec::new();
        for a in briefings.iter().flat_map(|b| &b.actors) {
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
                label: a.name.to_string(),
                detail: detail.join(" · "),
                keys: std::iter::once(a.id.as_str())
                    .chain(std::iter::once(a.name.as_str()))
                    .chain(a.aliases.iter().map(|a| a.as_str()))
                    .map(squeeze)
                    .collect(),
            });
        }
        choices.sort_by_key(|c| text::fold(&c.label));
        let mut codes: Vec<&str> = briefings.iter().flat_map(|b| b.countries()).collect();
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
            query: TextField::line(),
            choices,
            shown: Vec::new(),
            selected: 0,
            offset: 0,
            briefing,
            summary: None,
        };
        picker.narrow();
        picker.refresh(shared);
        picker
    }

    /// Shows the choices the typed text names: a part of any of their names,
    /// or, for whole names, what the query module would match.
    fn narrow(&mut self) {
        let q = squeeze(self.query.text());
        let resolved = country::resolve(self.query.text());
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

    fn move_by(&mut self, shared: &Shared, delta: isize) {
        let rows = layout::picker_rows(shared.size).max(1);
        let len = self.shown.len();
        if len == 0 {
            return;
        }
        self.selected = self.selected.saturating_add_signed(delta).min(len - 1);
        if self.selected < self.offset {
            self.offset = self.selected;
        } else if self.selected >= self.offset + rows {
            self.offset = self.selected + 1 - rows;
        }
    }

    pub fn current(&self) -> Option<&Choice> {
        self.shown
            .get(self.selected)
            .and_then(|&i| self.choices.get(i))
    }
}

/// Whether a choice is in the filter now.
pub fn chosen(shared: &Shared, choice: &Choice) -> bool {
    match choice.kind {
        ChoiceKind::Actor => shared.filter.actors.contains(&choice.key),
        ChoiceKind::Country => shared.filter.countries.contains(&choice.key),
    }
}

impl Overlay for Picker {
    fn update(&mut self, shared: &mut Shared, action: &Action) -> Step {
        let page = layout::picker_rows(shared.size).max(1) as isize;
        match action {
            Action::Back => return Step::close(),
            Action::Down | Action::ScrollDown { .. } => self.move_by(shared, 1),
            Action::Up | Action::ScrollUp { .. } => self.move_by(shared, -1),
            Action::PageDown => self.move_by(shared, page),
            Action::PageUp => self.move_by(shared, -page),
            Action::Open => {
                let Some(choice) = self.current().cloned() else {
                    return Step::consumed();
                };
                match choice.kind {
                    ChoiceKind::Actor => shared.filter.toggle_actor(&choice.key),
                    ChoiceKind::Country => shared.filter.toggle_country(&choice.key),
                }
                return Step::consumed().then(Outcome::Refresh);
            }
            other => {
                if self.query.apply(other) {
                    self.narrow();
                }
            }
        }
        Step::consumed()
    }

    fn view(&self, shared: &Shared, frame: &mut Frame) {
        draw(self, shared, frame);
    }

    fn context(&self) -> Context {
        Context::Picker
    }

    fn refresh(&mut self, shared: &Shared) {
        let hidden = self
            .briefing
            .and_then(|i| shared.library.briefings.get(i))
            .map(|b| query::visible(b, &shared.filter).hidden());
        self.summary = shared.filter_summary(hidden);
    }

    fn as_any(&self) -> &dyn Any {
        self
    }
}

fn draw(p: &Picker, shared: &Shared, frame: &mut Frame) {
    let theme = shared.theme;
    let size = shared.size;
    let area = layout::picker(size);
    let inner = area.inner(Margin::new(2, 1));
    let width = usize::from(inner.width);
    let title = match &p.summary {
        Some(summary) => format!(" {} ", text::truncate(summary, width.saturating_sub(2))),
        None => " Filter by actor or country ".to_string(),
    };
    frame.render_widget(Clear, area);
    frame.render_widget(
        Block::bordered().title(title).border_style(theme.focused()),
        area,
    );
    let mut lines = vec![
        Line::from(vec![
            Span::styled("› ", theme.key()),
            Span::raw(p.query.visible(width.saturating_sub(2)).0),
            Span::styled("▏", theme.key()),
        ]),
        Line::styled(
            text::truncate(
                &format!(
                    "{} of {} · type to narrow · Enter add/remove · Esc close",
                    p.shown.len(),
                    p.choices.len()
                ),
                width,
            ),
            theme.muted(),
        ),
    ];
    let rows = layout::picker_rows(size);
    if p.shown.is_empty() {
        lines.push(Line::styled("nothing matches", theme.muted()));
    }
    for (pos, &i) in p.shown.iter().enumerate().skip(p.offset).take(rows) {
        let Some(choice) = p.choices.get(i) else {
            continue;
        };
        let mark = if chosen(shared, choice) {
            "[x] "
        } else {
            "[ ] "
        };
        let kind = match choice.kind {
            ChoiceKind::Actor => "",
            ChoiceKind::Country => "",
        };
        // Cut in the middle: several actors differ only at the end of their names.
        let label = text::truncate_middle(
            &format!("{kind}{}", choice.label),
            width.saturating_sub(4) / 2,
        );
        let room = width.saturating_sub(4 + text::width(&label) + 2);
        let detail = text::truncate(&choice.detail, room);
        let mut line = Line::from(vec![
            Span::raw(mark),
            Span::raw(label),
            Span::raw("  "),
            Span::styled(detail, theme.muted()),
        ]);
        if chosen(shared, choice) {
            line = line.patch_style(theme.linked());
        }
        if pos == p.selected {
            let used: usize = line.spans.iter().map(|s| text::width(&s.content)).sum();
            line.spans
                .push(Span::raw(" ".repeat(width.saturating_sub(used))));
            line = line.patch_style(theme.selected());
        }
        lines.push(line);
    }
    frame.render_widget(Paragraph::new(lines), inner);
}
