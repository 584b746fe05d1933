//! The note editor that `a` opens on the selected item or paragraph: a
//! multi-line text field; Ctrl-s keeps the note, Esc leaves the old one.

use std::any::Any;

use ratatui::Frame;
use ratatui::layout::Margin;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Clear, Paragraph};

use crate::marks::Target;
use crate::text;
use crate::tui::action::{Action, Effect};
use crate::tui::keymap::Context;
use crate::tui::layout;
use crate::tui::outcome::{Overlay, Step};
use crate::tui::shared::Shared;
use crate::tui::widgets::text_field::TextField;

/// The note being written, and what it belongs to.
#[derive(Debug, Clone)]
pub struct Note {
    pub briefing: String,
    pub target: Target,
    pub editor: TextField,
}

impl Note {
    /// Opens on the note `target` has now, if any.
    pub fn new(shared: &Shared, briefing: &str, target: Target) -> Note {
        // A draft kept when a signal stopped the reader is what was being
        // written last: the editor goes on from it.
        let draft = shared.marks_of(briefing).and_then(|m| m.draft(&target));
        let old = draft
            .or_else(|| shared.note(briefing, &target))
            .unwrap_or("");
        Note {
            briefing: briefing.to_owned(),
            editor: TextField::lines(old),
            target,
        }
    }

    /// Keeps the note; an empty note removes the old one.
    fn save(&self, shared: &mut Shared) {
        let text = self.editor.text().to_owned();
        let marks = shared.marks.entry(self.briefing.clone()).or_default();
        marks.set_note(&self.target, &text);
        marks.set_draft(&self.target, "");
        shared
            .effects
            .push(Effect::SaveMarks(self.briefing.clone()));
        shared.message = Some(if text.trim().is_empty() {
            format!("note removed from {}", self.target)
        } else {
            format!("note saved on {}", self.target)
        });
    }
}

impl Overlay for Note {
    fn update(&mut self, shared: &mut Shared, action: &Action) -> Step {
        match action {
            Action::SaveNote => {
                self.save(shared);
                Step::close()
            }
            Action::Back => {
                shared.message = Some("note not changed".into());
                Step::close()
            }
            other => {
                self.editor.apply(other);
                Step::consumed()
            }
        }
    }

    fn view(&self, shared: &Shared, frame: &mut Frame) {
        draw(self, shared, frame);
    }

    fn context(&self) -> Context {
        Context::Editor
    }

    fn as_any(&self) -> &dyn Any {
        self
    }
}

fn draw(editing: &Note, shared: &Shared, frame: &mut Frame) {
    let theme = shared.theme;
    let area = layout::note(shared.size);
    let inner = area.inner(Margin::new(2, 1));
    let width = usize::from(inner.width).max(1);
    frame.render_widget(Clear, area);
    frame.render_widget(
        Block::bordered()
            .title(format!(" Note on {} ", editing.target))
            .title_bottom(format!(" {} ", hints(shared, Context::Editor)))
            .border_style(theme.focused()),
        area,
    );
    // Wrap each line of the note; find the row and column of the cursor.
    let body = editing.editor.text();
    let cursor = editing.editor.cursor();
    let mut rows: Vec<String> = Vec::new();
    let mut cursor_at = (0usize, 0usize);
    let mut offset = 0;
    for line in body.split('\n') {
        let wrapped = text::wrap(line, width.saturating_sub(1));
        for (k, w) in wrapped.iter().enumerate() {
            let (start, end) = (offset + w.start, offset + w.end);
            let last = k + 1 == wrapped.len();
            if cursor >= start && (cursor < end || (cursor == end && last)) {
                cursor_at = (rows.len(), text::width(&body[start..cursor]));
            }
            rows.push(body[start..end].to_owned());
        }
        offset += line.len() + 1;
    }
    let height = usize::from(inner.height);
    let top = cursor_at.0.saturating_sub(height.saturating_sub(1));
    let lines: Vec<Line> = rows
        .iter()
        .enumerate()
        .skip(top)
        .take(height)
        .map(|(i, row)| {
            if i != cursor_at.0 {
                return Line::raw(row.clone());
            }
            // The cursor is drawn as a reversed cell, so it shows without colour.
            let mut before = String::new();
            let mut under = String::from(" ");
            let mut after = String::new();
            let mut used = 0;
            for g in unicode_segmentation::UnicodeSegmentation::graphemes(row.as_str(), true) {
                if used < cursor_at.1 {
                    before.push_str(g);
                } else if used == cursor_at.1 && under == " " && after.is_empty() {
                    under = g.to_owned();
                } else {
                    after.push_str(g);
                }
                used += text::width(g);
            }
            Line::from(vec![
                Span::raw(before),
                Span::styled(under, theme.selected()),
                Span::raw(after),
            ])
        })
        .collect();
    frame.render_widget(Paragraph::new(lines), inner);
}

fn hints(shared: &Shared, context: Context) -> String {
    shared
        .keys
        .hints(context)
        .into_iter()
        .map(|(k, h)| format!("{k} {h}"))
        .collect::<Vec<_>>()
        .join(" · ")
}
