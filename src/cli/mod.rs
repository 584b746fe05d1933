//! The commands other than the reader, for scripts and pipelines.

pub mod export;
pub mod list;
