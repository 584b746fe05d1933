//! What the reader does with the outcome of saving marks: takes in what is
//! on disk now (other readers' marks too), says what came from elsewhere or
//! clashed, and keeps count of what could not be saved, so quitting can ask.

use super::action::SavedMarks;
use super::app::App;
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
