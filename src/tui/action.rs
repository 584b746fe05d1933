//! Everything that can change the reader's state. Keys become actions through
//! the key map; mouse and resize events become actions in the event loop;
//! the background loader sends the library as actions too.

use std::path::PathBuf;

use crate::briefing::LoadFailure;
use crate::briefing::load::Loaded;
use crate::export::Scope;
use crate::marks::Marks;
use crate::query::Filter;

/// Work with the world outside the reader's state, done by the event loop
/// (in `tui::effects`) before it draws the next frame, so a mark is on
/// disk before the screen shows it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Effect {
    /// Write the marks of this briefing id.
    SaveMarks(String),
    /// Write every briefing's unsaved marks to a state folder the user typed.
    SaveUnsavedTo(PathBuf),
    /// Export the briefs of every briefing whose marks are unsaved.
    ExportUnsaved,
    /// Write the summary of the briefing at this index of the library.
    Export {
        briefing: usize,
        scope: Scope,
        format: ExportFormat,
    },
    /// Open an http(s) link (already checked) with $BROWSER or the system's opener.
    OpenUrl(String),
    /// Put text on the clipboard through the terminal (OSC 52).
    Copy(String),
    /// Suspend the reader and edit this file at this line in $VISUAL or $EDITOR.
    Edit { path: PathBuf, line: usize },
    /// Load the library again from disk (`R`, after an edit).
    Reload,
    /// Link the loaded library (`same_as`, corroboration), off the reader's
    /// thread where there is an event loop to take the links back.
    Link,
}

/// The links of the library numbered `generation` (`Shared::generation`),
/// found on a thread of their own.
#[derive(Debug, Clone)]
pub struct Linked {
    pub generation: u64,
    pub links: std::sync::Arc<crate::briefing::library::Links>,
}

/// The same links, found once: enough for tests.
impl PartialEq for Linked {
    fn eq(&self, other: &Self) -> bool {
        self.generation == other.generation && std::sync::Arc::ptr_eq(&self.links, &other.links)
    }
}

impl Eq for Linked {}

/// The formats the reader exports in: the command line's.
pub use crate::export::Format as ExportFormat;

/// Files loaded in the background, with their briefings' saved marks.
#[derive(Debug, Clone, Default)]
pub struct LoadBatch {
    pub files: Vec<(PathBuf, Loaded)>,
    /// Saved marks by briefing id.
    pub marks: Vec<(String, Marks)>,
    /// Marks files that could not be read, in words.
    pub problems: Vec<String>,
    /// Marks files set aside because they could not be read: the
    /// briefing's id, and where the file went and why.
    pub set_aside: Vec<(String, String)>,
    /// The words of the batch's briefings, for the library's search: one
    /// piece per batch the loader sent, in order.
    pub words: Vec<crate::search::Words>,
}

impl LoadBatch {
    /// Folds a later batch into this one, so the reader takes both at once.
    pub fn append(&mut self, later: LoadBatch) {
        self.files.extend(later.files);
        self.marks.extend(later.marks);
        self.problems.extend(later.problems);
        self.set_aside.extend(later.set_aside);
        self.words.extend(later.words);
    }
}

/// The library loaded again from disk, in the background, after a change
/// or `R`; with the saved marks of its briefings.
#[derive(Debug, Clone)]
pub struct Reloaded {
    /// Shared only to pass through the channel; the app takes it whole.
    pub library: std::sync::Arc<crate::briefing::Library>,
    pub marks: Vec<(String, Marks)>,
}

impl PartialEq for Reloaded {
    fn eq(&self, other: &Self) -> bool {
        std::sync::Arc::ptr_eq(&self.library, &other.library)
    }
}

impl Eq for Reloaded {}

/// The outcome of a save, as the reader takes it in.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SavedMarks {
    pub briefing: String,
    pub marks: Marks,
    /// Items another reader had changed since this one last read the file.
    pub from_others: usize,
    /// Items whose notes both readers changed; both texts are kept.
    pub conflicts: Vec<crate::marks::Target>,
    /// An unreadable file found at the save and moved aside, in words.
    pub set_aside: Option<String>,
}

/// Two batches are the same when they hold the same files: enough for tests,
/// and briefings themselves have no equality.
impl PartialEq for LoadBatch {
    fn eq(&self, other: &Self) -> bool {
        self.files.len() == other.files.len()
            && self.files.iter().zip(&other.files).all(|(a, b)| a.0 == b.0)
    }
}

impl Eq for LoadBatch {}

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Action {
    Quit,
    /// `q`: one level back (a popup, a briefing, the overview); from the library, quit.
    Leave,
    /// Esc: close the popup, cancel the search, or go back a screen.
    Back,
    Up,
    Down,
    PageUp,
    PageDown,
    Top,
    Bottom,
    /// Enter: open the selected briefing, or the selected item's detail.
    Open,
    NextPane,
    PrevPane,
    FocusArticle,
    FocusClaims,
    FocusSources,
    FocusExperts,
    FocusCaveats,
    /// `}` and `{`: the article's current paragraph, one on or one back.
    NextParagraph,
    PrevParagraph,
    CycleSort,
    ReverseSort,
    StartSearch,
    NextMatch,
    PrevMatch,
    Overview,
    /// `d` on the library: the dossier of the facet under the cursor, or of the filter.
    Dossier,
    Help,
    /// Add or remove the highlighted facet (library sidebar).
    Toggle,
    /// Open the picker of actors and countries to filter by.
    OpenPicker,
    ClearFilter,
    /// Mark or unmark the selected item (or the paragraph under the cursor).
    Mark,
    /// Write a note on the selected item.
    Annotate,
    /// Export the summary: asks what to export and in which format.
    Export,
    /// Export in the config's default format (Markdown unless it says otherwise).
    ExportDefault,
    ExportMarkdown,
    ExportJson,
    ExportHtml,
    ExportText,
    /// Save the note being written.
    SaveNote,
    /// In the note editor: Enter.
    NewLine,
    /// Editing in any text field (search, picker, note), readline style.
    CursorLeft,
    CursorRight,
    LineStart,
    LineEnd,
    WordBack,
    WordForward,
    Delete,
    /// Ctrl-u: delete to the start of the line.
    KillToStart,
    /// Ctrl-k: delete to the end of the line.
    KillToEnd,
    /// Ctrl-w: delete the word before the cursor.
    KillWordBack,
    /// Text pasted into the terminal (bracketed paste): text, never keys.
    Paste(String),
    /// The search line was confirmed with this text: the screen searches.
    Search(String),
    /// What an effect (a save, an export) came to, for the status line.
    Notice(String),
    /// A briefing's marks were saved: what is on disk now, with what other
    /// readers added, becomes the reader's.
    MarksSaved(SavedMarks),
    /// A briefing's marks could not be saved: they stay unsaved until a
    /// later save works, and quitting asks what to do with them.
    SaveFailed {
        briefing: String,
        why: String,
    },
    /// Quitting with unsaved marks: type a folder to save them in.
    SaveUnsavedTo,
    /// Quitting with unsaved marks: export them.
    ExportUnsaved,
    /// Quitting with unsaved marks: quit all the same, losing them.
    QuitLosing,
    /// Enter in a one-line field that asks for something.
    Submit,
    /// The marked view: the marked claims in the brief's order.
    Judgements,
    /// In the marked view: move the selected claim one place later or earlier.
    MoveLater,
    MoveEarlier,
    /// The unsaved marks were kept elsewhere (what to tell the user on the
    /// way out), or could not be (why): quitting goes on, or not.
    UnsavedKept(Result<String, String>),
    /// `O`: open the selected item's link (a source's, else the briefing's).
    OpenLink,
    /// `y`: copy the selected item as readable text.
    CopyText,
    /// `Y`: copy its reference, `briefing-id#c3`.
    CopyReference,
    /// `yu`: copy its link.
    CopyUrl,
    /// `e`: edit the briefing file at the selected item's line.
    EditFile,
    /// `R`: load the library again from disk.
    Reload,
    /// The library as it is on disk now.
    Reloaded(Reloaded),
    /// `Ctrl-o`: back to where the last move came from.
    HistoryBack,
    /// Forward again after going back.
    HistoryForward,
    /// Replace the filter (from the command line, or a test).
    SetFilter(Filter),
    /// The background loader found this many files, and these it could not list.
    LibraryFound {
        files: usize,
        failures: Vec<LoadFailure>,
    },
    Loaded(LoadBatch),
    LoadDone,
    /// The loaded library's links, from the thread that found them.
    Linked(Linked),
    /// A character typed into the open text field.
    Type(char),
    /// Backspace in the open text field.
    Erase,
    /// Enter in the search line.
    ConfirmSearch,
    Resize {
        width: u16,
        height: u16,
    },
    Click {
        column: u16,
        row: u16,
    },
    ScrollUp {
        column: u16,
        row: u16,
    },
    ScrollDown {
        column: u16,
        row: u16,
    },
}
