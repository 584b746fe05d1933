//! The domain: what a briefing is, how a file becomes one, and how a folder
//! becomes a library. Knows nothing of terminals.

pub mod anchor;
pub mod at;
pub mod cache;
pub mod codes;
pub mod corroboration;
pub mod date;
pub mod decode;
pub mod diagnostic;
pub mod fix;
pub mod involves;
pub mod library;
pub mod links;
pub mod load;
pub mod model;
pub mod origins;
pub mod refs;
pub mod registry;
pub mod same_as;
pub mod stow;
pub mod validate;
pub mod yaml;

pub use diagnostic::{Diagnostic, Edit, Fix, Severity};
pub use library::{Library, LoadFailure};
pub use load::{Limits, Loaded, load_file};
pub use model::*;
