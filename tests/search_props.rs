//! The search index finds exactly what the plain scan finds, in the same
//! order, on the bundled library: for any piece of any text (cut anywhere,
//! in any case, its spaces turned into line breaks), for phrases of several
//! words, and for text that is nowhere. And the briefings it says hold a
//! phrase (the library's `/`) are those `query::text_matches` says hold it,
//! titles, summaries, outlets and tags included.

use std::path::PathBuf;
use std::sync::OnceLock;

use debrief::briefing::{Library, Limits};
use debrief::query;
use debrief::search::{self, Index, Place};
use proptest::prelude::*;

fn library() -> &'static (Library, Index) {
    static LIBRARY: OnceLock<(Library, Index)> = OnceLock::new();
    LIBRARY.get_or_init(|| {
        let root = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("briefings");
        let library = Library::load(&[root], &Limits::default());
        assert!(library.briefings.len() >= 10, "the bundled library loads");
        // Searched as the reader searches: its prose on disk (briefing::stow).
        assert!(
            library.briefings[0].article[0].text.is_stowed()
                || std::env::var_os("DEBRIEF_HOLD_TEXT").is_some(),
            "the library's prose is stowed"
        );
        let index = Index::new(&library.briefings);
        (library, index)
    })
}

/// Every text searched, in order.
fn texts() -> &'static Vec<String> {
    static TEXTS: OnceLock<Vec<String>> = OnceLock::new();
    TEXTS.get_or_init(|| {
        let (library, _) = library();
        library
            .briefings
            .iter()
            .flat_map(|b| {
                let fields = [Some(&b.title), b.summary.as_ref(), b.outlet.as_ref()]
                    .into_iter()
                    .flatten()
                    .chain(&b.tags)
                    .map(|t| t.to_string());
                fields.chain(Place::all(b).map(move |p| p.text(b).to_owned()))
            })
            .filter(|t| !t.is_empty())
            .collect()
    })
}

fn same_hits(query: &str) -> Result<(), TestCaseError> {
    let (library, index) = library();
    let scanned = search::scan(&library.briefings, query);
    let indexed = index.search(&library.briefings, query);
    prop_assert_eq!(indexed, scanned, "query {:?}", query);
    let asked: Vec<bool> = library
        .briefings
        .iter()
        .map(|b| query::text_matches(b, query))
        .collect();
    let holding = index.briefings_holding(&library.briefings, query);
    prop_assert_eq!(holding, asked, "briefings holding {:?}", query);
    Ok(())
}

/// A piece of `t` from about `from` for about `len` characters.
fn piece(t: &str, from: usize, len: usize) -> String {
    let chars: Vec<char> = t.chars().collect();
    let from = from % chars.len().max(1);
    let to = (from + 1 + len % 40).min(chars.len());
    chars[from..to].iter().collect()
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(400))]

    #[test]
    fn any_piece_of_any_text(pick in any::<usize>(), from in any::<usize>(), len in any::<usize>(), upper in any::<bool>(), breaks in any::<bool>()) {
        let t = &texts()[pick % texts().len()];
        let mut q = piece(t, from, len);
        if upper {
            q = q.to_uppercase();
        }
        if breaks {
            q = q.replace(' ', "\n  ");
        }
        same_hits(&q)?;
    }

    #[test]
    fn made_up_text(q in "[a-zé ,.]{1,12}") {
        same_hits(&q)?;
    }
}

#[test]
fn words_phrases_and_nothing() {
    for q in [
        "APT31",
        "apt31,",
        "home routers",
        "the",
        "e",
        ".",
        "Lipavsky",
        "lipavský",
        "ministry of foreign",
        "of the",
        "xyzzy never written",
        "  ",
        "",
    ] {
        same_hits(q).unwrap_or_else(|e| panic!("{e}"));
    }
}
