//! debrief: a terminal reader for annotated briefings.
//!
//! The domain ([`briefing`], [`text`], [`report`]) knows nothing of the
//! terminal; the command line in `main.rs` and the reader build on it.

pub mod briefing;
pub mod report;
pub mod text;
