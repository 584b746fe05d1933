//! Marks, notes and exports in the reader. The state changes here; the
//! writing of files is asked for as an [`Effect`] that the event loop
//! performs (see [`super::effects`]) before it draws the next frame, so a
//! mark is on disk before the screen shows it.

use super::app::{App, Pane};
use super::editor::Editor;
use crate::briefing::links::Item;
use crate::export::Scope;
use crate::marks::{Kind, Marks, Target};

/// Work with the world outside the reader's state, done by the event loop.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Effect {
    /// Write the marks of this briefing id.
    SaveMarks(String),
    /// Write the summary of the open briefing.
    Export { scope: Scope, format: ExportFormat },
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ExportFormat {
    Markdown,
    Json,
}

/// The note being written, and what it belongs to.
#[derive(Debug, Clone)]
pub struct NoteEditing {
    pub briefing: String,
    pub target: Target,
    pub editor: Editor,
}

/// The question `x` asks: export what, in which format.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ExportPrompt {
    pub scope: Scope,
    /// How many items that would export.
    pub count: usize,
}

impl App {
    /// The marks of the open briefing (empty when none were made).
    pub fn briefing_marks(&self) -> Option<&Marks> {
        let b = self.briefing()?;
        self.marks.get(b.id.as_str())
    }

    pub fn is_marked(&self, target: &Target) -> bool {
        self.briefing_marks().is_some_and(|m| m.is_marked(target))
    }

    /// The target of an item of the open briefing.
    pub fn target_of(&self, item: Item) -> Option<Target> {
        let b = self.briefing()?;
        Some(match item {
            Item::Claim(i) => Target::new(Kind::Claim, &b.claims.get(i)?.id),
            Item::Source(i) => Target::new(Kind::Source, &b.sources.get(i)?.id),
            Item::Expert(i) => Target::new(Kind::Expert, &b.experts.get(i)?.id),
            Item::Caveat(i) => Target::new(Kind::Caveat, &b.caveats.get(i)?.id),
        })
    }

    /// The paragraph under the article's cursor: the one at the top of the pane.
    pub fn cursor_paragraph(&self) -> Option<usize> {
        let r = self.reader.as_ref()?;
        r.lines.iter().skip(r.scroll).find_map(|l| l.para)
    }

    /// What `space` and `a` act on: the paragraph when the article has the
    /// focus, else the selected item.
    fn current_target(&self) -> Option<Target> {
        let r = self.reader.as_ref()?;
        if r.focus == Pane::Article {
            let b = self.briefing()?;
            let p = b.article.get(self.cursor_paragraph()?)?;
            return Some(Target::new(Kind::Paragraph, &p.id));
        }
        self.target_of(self.current_item()?)
    }

    pub(super) fn toggle_mark(&mut self) {
        let (Some(target), Some(id)) = (
            self.current_target(),
            self.briefing().map(|b| b.id.to_string()),
        ) else {
            self.message = Some("nothing selected to mark".into());
            return;
        };
        let now = self.marks.entry(id.clone()).or_default().toggle(&target);
        self.effects.push(Effect::SaveMarks(id));
        let count = match (self.briefing(), self.briefing_marks()) {
            (Some(b), Some(m)) => m.tally(b).to_string(),
            _ => "0 marked".into(),
        };
        self.message = Some(if now {
            format!("★ marked {target} · {count}")
        } else {
            format!("unmarked {target} · {count}")
        });
    }

    pub(super) fn start_note(&mut self) {
        let (Some(target), Some(id)) = (
            self.current_target(),
            self.briefing().map(|b| b.id.to_string()),
        ) else {
            self.message = Some("nothing selected to write a note on".into());
            return;
        };
        let marks = self.marks.get(&id);
        // A draft kept when a signal stopped the reader is what was being
        // written last: the editor goes on from it.
        let draft = marks.and_then(|m| m.draft(&target));
        let old = draft
            .or_else(|| marks.and_then(|m| m.note(&target)))
            .unwrap_or("");
        if draft.is_some() {
            self.message = Some(
                "continuing the draft kept when debrief was stopped; Esc keeps it a draft".into(),
            );
        }
        self.note = Some(NoteEditing {
            briefing: id,
            editor: Editor::new(old),
            target,
        });
    }

    /// Keeps the note; an empty note removes the old one.
    pub(super) fn save_note(&mut self) {
        let Some(editing) = self.note.take() else {
            return;
        };
        let text = editing.editor.text().to_owned();
        let marks = self.marks.entry(editing.briefing.clone()).or_default();
        marks.set_note(&editing.target, &text);
        marks.set_draft(&editing.target, "");
        self.effects.push(Effect::SaveMarks(editing.briefing));
        self.message = Some(if text.trim().is_empty() {
            format!("note removed from {}", editing.target)
        } else {
            format!("note saved on {}", editing.target)
        });
    }

    /// `x`: the marked items if any are shown, else every item under the filter.
    pub(super) fn ask_export(&mut self) {
        let Some(r) = self.reader.as_ref() else {
            self.message = Some("open a briefing to export its summary".into());
            return;
        };
        let shown: Vec<Item> = Pane::LISTS
            .iter()
            .enumerate()
            .flat_map(|(li, pane)| r.rows[li].iter().filter_map(|&i| pane.item(i)))
            .collect();
        let marked = shown
            .iter()
            .filter(|item| self.target_of(**item).is_some_and(|t| self.is_marked(&t)))
            .count()
            + self.briefing_marks().map_or(0, |m| {
                m.marked().filter(|t| t.kind == Kind::Paragraph).count()
            });
        self.export_prompt = Some(if marked > 0 {
            ExportPrompt {
                scope: Scope::Marked,
                count: marked,
            }
        } else {
            ExportPrompt {
                scope: Scope::All,
                count: shown.len(),
            }
        });
    }

    pub(super) fn export(&mut self, format: ExportFormat) {
        if let Some(prompt) = self.export_prompt.take() {
            self.effects.push(Effect::Export {
                scope: prompt.scope,
                format,
            });
        }
    }

    /// Marks and notes of the open briefing whose items are gone, in words.
    pub(super) fn report_orphans(&mut self) {
        let (Some(b), Some(m)) = (self.briefing(), self.briefing_marks()) else {
            return;
        };
        let orphans: Vec<String> = m.orphans(b).iter().map(|t| t.to_string()).collect();
        if !orphans.is_empty() {
            self.message = Some(format!(
                "{} mark(s) or note(s) are on items this briefing no longer has ({}); they are kept",
                orphans.len(),
                orphans.join(", ")
            ));
        }
    }
}
