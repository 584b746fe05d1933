//! debrief: a terminal reader for annotated briefings.
//!
//! The domain ([`briefing`], [`text`], [`stats`], [`report`]) knows nothing
//! of the terminal; [`tui`] is the reader built on it, and `main.rs` the
//! command line.

pub mod briefing;
pub mod config;
pub mod country;
pub mod dossier;
pub mod export;
pub mod marks;
pub mod query;
pub mod report;
pub mod schema;
pub mod search;
pub mod stats;
pub mod stix;
pub mod taxii;
pub mod text;
pub mod tui;
