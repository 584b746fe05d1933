//! Everything that can change the reader's state. Keys become actions through
//! the key map; mouse and resize events become actions in the event loop.

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
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
