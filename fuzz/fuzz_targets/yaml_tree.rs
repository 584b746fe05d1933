//! The YAML tree builder (`src/briefing/yaml.rs`) against the reading it
//! replaced: serde-saphyr deserialising a located tree through serde, with the
//! options the loader used. For any text both read, the trees must be equal,
//! every position included; a text one refuses, the other must refuse too,
//! but for the differences the builder makes on purpose (see
//! [`deliberate`]). Much faster per input than `load_and_render`, so it
//! reaches far deeper into YAML syntax.

#![no_main]

use std::path::Path;

use debrief::briefing::Located;
use debrief::briefing::diagnostic::Diagnostics;
use debrief::briefing::yaml::{self, Node};
use libfuzzer_sys::fuzz_target;

mod oracle;

fuzz_target!(|data: &[u8]| {
    let Ok(source) = std::str::from_utf8(data) else {
        return;
    };
    // What the loader refuses before it parses.
    if source.trim().is_empty() || debrief::text::first_control(source).is_some() {
        return;
    }
    let mut diags = Diagnostics::new(Path::new("f.yaml"));
    let ours = yaml::parse(source, &mut diags);
    let theirs = oracle::parse(source);
    match (ours, theirs) {
        (Some(ours), Ok(theirs)) => {
            if matches!(theirs.value, Node::Null) && matches!(ours.value, Node::Null) {
                return; // No content: the place of nothing does not matter.
            }
            assert_eq!(
                render(&ours),
                render(&theirs),
                "the trees differ for {source:?}"
            );
        }
        (None, Err(_)) => {}
        (Some(ours), Err(theirs)) => assert!(
            deliberate(&theirs, source),
            "serde-saphyr refused what the builder read: {theirs} for {source:?}, read as {ours:?}"
        ),
        (None, Ok(theirs)) => {
            let ours = diags.into_sorted();
            let message = &ours[0].message;
            assert!(
                message.contains("more than") || message.contains("nests deeper"),
                "the builder refused what serde-saphyr read: {message} for {source:?}, read as {theirs:?}"
            );
        }
    }
});

/// A tree as text, so that NaN equals NaN.
fn render(node: &Located<Node>) -> String {
    format!("{node:?}")
}

/// Refusals of serde-saphyr that the builder does not share, on purpose:
/// its limits count a little differently (events, not values), a merge key
/// (`<<`) with something other than mappings is an ordinary key, and a tag
/// is part of a key (serde-saphyr's duplicate check drops some, `!include`).
fn deliberate(error: &str, source: &str) -> bool {
    (error.contains("duplicate mapping key") && source.contains('!'))
        || error.contains("merge")
        || error.contains("budget")
        || error.contains("Budget")
        || error.contains("alias")
        || error.contains("recursion limit")
}
