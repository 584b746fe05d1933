//! What the reader does with the outcome of saving marks: takes in what is
//! on disk now (other readers' marks too), says what came from elsewhere or
//! clashed, and keeps count of what could not be saved, so quitting asks and
//! a signal rescues it.

use std::path::{Path, PathBuf};

use super::action::{Effect, SavedMarks};
use super::app::App;
use super::overlays::note::Note;
use super::overlays::unsaved::UnsavedPrompt;
use super::shared::Shared;
use crate::marks::{Marks, Store};
use crate::text;

impl Shared {
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
                text::count(saved.from_others, "change", "changes")
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

    /// Writes every unsaved briefing's marks to a state folder at `dir`
    /// (its `marks/`), all of them, not only what changed.
    pub fn save_unsaved_to(&self, dir: &Path) -> Result<(), String> {
        let store = Store::at(&dir.join("marks"));
        let empty = Marks::default();
        for id in self.unsaved.keys() {
            let marks = self.marks.get(id).unwrap_or(&empty).detached();
            store
                .save(id, &marks)
                .map_err(|e| text::clean(&format!("could not write {}: {e}", dir.display())))?;
        }
        Ok(())
    }
}

impl App {
    /// Quits, unless marks are unsaved: then asks what to do with them.
    pub(super) fn quit(&mut self) {
        if self.shared.unsaved.is_empty() {
            self.shared.quit = true;
            return;
        }
        let asking = self.layers.iter().any(|l| l.as_any().is::<UnsavedPrompt>());
        if !asking {
            self.layers.push(Box::new(UnsavedPrompt::default()));
        }
    }

    /// Keeps the note being written as a draft of its item, to be saved:
    /// called when a signal ends the reader, so the text is not lost.
    pub fn keep_draft(&mut self) {
        let Some(note) = self
            .layers
            .iter()
            .find_map(|l| l.as_any().downcast_ref::<Note>())
            .cloned()
        else {
            return;
        };
        self.layers.retain(|l| !l.as_any().is::<Note>());
        let draft = note.editor.text();
        if draft.trim().is_empty() {
            return;
        }
        self.shared
            .marks
            .entry(note.briefing.clone())
            .or_default()
            .set_draft(&note.target, draft);
        self.shared.effects.push(Effect::SaveMarks(note.briefing));
    }

    /// Writes the marks that could not be saved into a fresh state folder
    /// under the temporary folder; where, or why not. None when all were saved.
    pub fn rescue(&self) -> Option<Result<PathBuf, String>> {
        if self.shared.unsaved.is_empty() {
            return None;
        }
        let stamp = std::time::SystemTime::now()
            .duration_since(std::time::UNIX_EPOCH)
            .map_or(0, |d| d.as_secs());
        let dir =
            std::env::temp_dir().join(format!("debrief-rescue-{}-{stamp}", std::process::id()));
        Some(self.shared.save_unsaved_to(&dir).map(|()| dir))
    }
}
