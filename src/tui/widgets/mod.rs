//! Drawing parts more than one screen or overlay uses, and the one text field.

pub mod chrome;
pub mod corroboration;
pub mod glyphs;
pub mod hyperlinks;
pub mod items;
pub mod text_field;
