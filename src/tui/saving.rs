//! What the reader does with the outcome of saving marks: takes in what is
//! on disk now (other readers' marks too), says what came from elsewhere or
//! clashed, and keeps count of what could not be saved, so quitting can ask.

use std::path::PathBuf;

use super::action::SavedMarks;
use super::annotate::Effect;
use super::app::App;
use crate::marks::{Marks, Store};
use crate::text;

impl App {
    pub(super) fn took_saved(&mut self, saved: SavedMarks) {
        self.unsaved.remove(&saved.briefing);
        let mut said = Vec::new();
        if let Some(why) = saved.set_aside {
            self.set_aside.insert(saved.briefing.clone(), why.clone());
            said.push(why);
        }
        if let Some(first) = saved.conflicts.first() {
            said.push(format!(
                "{first}: its note was changed in another debrief too; both texts are kept in it",
            ));
        }
        if saved.from_others > 0 {
            said.push(format!(
                "took in {} from another debrief on this state folder",
                plural(saved.from_others, "change")
            ));
        }
        self.marks.insert(saved.briefing, saved.marks);
        if !said.is_empty() {
            self.message = Some(text::clean(&said.join("; ")));
        }
    }

    pub(super) fn save_failed(&mut self, briefing: String, why: String) {
        self.message = Some(format!(
            "{why}; kept here and saved again at the next change"
        ));
        self.unsaved.insert(briefing, why);
    }
}

fn plural(n: usize, word: &str) -> String {
    if n == 1 {
        format!("1 {word}")
    } else {
        format!("{n} {word}s")
    }
}

impl App {
    /// Keeps the note being written as a draft of its item, to be saved:
    /// called when a signal ends the reader, so the text is not lost.
    pub fn keep_draft(&mut self) {
        let Some(editing) = self.note.take() else {
            return;
        };
        let draft = editing.editor.text().to_owned();
        if draft.trim().is_empty() {
            return;
        }
        self.marks
            .entry(editing.briefing.clone())
            .or_default()
            .set_draft(&editing.target, &draft);
        self.effects.push(Effect::SaveMarks(editing.briefing));
    }

    /// Writes the marks that could not be saved into a fresh state folder
    /// under the temporary folder, as marks files a reader can be started
    /// on (`--state-dir`); where, or why not. None when all were saved.
    pub fn rescue(&self) -> Option<Result<PathBuf, String>> {
        if self.unsaved.is_empty() {
            return None;
        }
        let stamp = std::time::SystemTime::now()
            .duration_since(std::time::UNIX_EPOCH)
            .map_or(0, |d| d.as_secs());
        let dir =
            std::env::temp_dir().join(format!("debrief-rescue-{}-{stamp}", std::process::id()));
        let store = Store::at(&dir.join("marks"));
        let empty = Marks::default();
        for id in self.unsaved.keys() {
            let marks = self.marks.get(id).unwrap_or(&empty).detached();
            if let Err(e) = store.save(id, &marks) {
                return Some(Err(format!("could not write {}: {e}", dir.display())));
            }
        }
        Some(Ok(dir))
    }
}
