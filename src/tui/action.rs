//! Everything that can change the reader's state. Keys become actions through
//! the key map; mouse and resize events become actions in the event loop.

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Action {
    Quit,
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
    CycleSort,
    ReverseSort,
    StartSearch,
    NextMatch,
    PrevMatch,
    Overview,
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
    ExportMarkdown,
    ExportJson,
    /// Save the note being written.
    SaveNote,
    /// In the note editor: Enter, cursor keys, Delete.
    NewLine,
    CursorLeft,
    CursorRight,
    LineStart,
    LineEnd,
    Delete,
    /// What an effect (a save, an export) came to, for the status line.
    Notice(String),
    /// A character typed into the search line.
    Type(char),
    /// Backspace in the search line.
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
