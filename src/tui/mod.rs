//! The reader.
//!
//! **Flow.** The event loop in [`terminal`] turns a terminal event into a
//! [`keymap::Key`], and the key map, in the context of the top layer (or of
//! the screen when no layer is open), into an [`Action`]; mouse, resize,
//! paste and the background loader become actions too. [`app::update`]
//! takes actions about the whole reader itself (quit, resize, loading) and
//! hands the rest to the overlay stack, top first: each layer answers
//! Consumed or Passed ([`outcome::Step`]), and what passes every layer goes
//! to the screen on top. Screens and layers ask for in-memory follow-ups as
//! an [`outcome::Outcome`] (go to a screen, push a layer, the filter
//! changed, another action) that the app applies, and for outside work as
//! an [`action::Effect`] (save marks, export) that the loop performs in
//! [`effects`] before it draws once for the whole batch of events.
//!
//! **Layers of code.** Each imports only those before it: `action`,
//! `keymap`, `theme`, `history` → `shared` (what every part reads) → `layout`,
//! `widgets`, `reload` → `handoff`, `outcome` → `overlays::*` →
//! `screens::*` → `app` → `effects`, `loader` → `terminal`. Only `terminal` touches crossterm.
//!
//! **Invariants.** `update` is pure and `view` only reads; geometry is in
//! `layout`, shared by drawing, scrolling and hit-testing; derived data
//! (sorted rows, wrapped lines, link sets, popup lines) is recomputed when
//! its inputs change (`refresh` on screens and layers), never per frame.
//!
//! **Adding a screen:** a module in `screens/` with `State`, `update`,
//! `view` and `refresh`; a variant of `screens::ScreenState` and
//! `screens::Screen`; a `outcome::Nav` variant that `App::go` turns into
//! it; a `keymap::Context` with its default bindings; a snapshot test.
//! **Adding an overlay:** a module in `overlays/` with a type that
//! implements `outcome::Overlay` (modal layers consume every action; the
//! app has already taken quitting), its `keymap::Context` and bindings; a
//! screen (or another layer) opens it with `Outcome::Push(Box::new(..))`.

pub mod action;
pub mod app;
pub mod effects;
pub mod handoff;
pub mod history;
pub mod keymap;
pub mod layout;
pub mod loader;
pub mod outcome;
pub mod overlays;
pub mod reload;
mod saving;
pub mod screens;
pub mod shared;
pub mod terminal;
pub mod theme;
pub mod widgets;

pub use action::Action;
pub use app::{App, update, view};
