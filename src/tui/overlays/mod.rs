//! The layers of the overlay stack, one module each. Each implements
//! [`crate::tui::outcome::Overlay`]: it owns its state, handles the actions
//! that reach it (the top layer first), and draws over the screen.

pub mod detail;
pub mod export;
pub mod help;
pub mod judgements;
pub mod note;
pub mod picker;
pub mod scroll;
pub mod search;
pub mod unsaved;
