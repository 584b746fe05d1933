//! The reader. State and its changes in [`app`], drawing in [`view`], keys in
//! [`keymap`], screen geometry in [`layout`]; only [`terminal`] touches the
//! terminal, so everything else is tested by rendering into a `TestBackend`.

pub mod action;
pub mod annotate;
pub mod app;
pub mod editor;
pub mod effects;
pub mod filtering;
pub mod keymap;
pub mod layout;
pub mod loader;
mod saving;
pub mod terminal;
pub mod theme;
pub mod view;

pub use action::Action;
pub use app::{App, update};
pub use view::view;
