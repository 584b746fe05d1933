//! Properties of fixing: whatever synonym, country name or near quote a
//! claim holds, however it is quoted, in a block or a flow mapping, with
//! or without a comment after it, the fixed text loads with no error, means
//! what the fix says, and differs from the source only inside the spans the
//! fixes name (and the spaces before a lined-up comment).

use std::path::Path;

use debrief::briefing::LIKELIHOOD_SYNONYMS;
use debrief::briefing::fix::apply;
use debrief::briefing::load::load_bytes;
use proptest::prelude::*;

const ARTICLE: &str = "format: debrief/2\ntitle: T\npublished: 2025-05-28\narticle:\n  - text: >\n      The ministry said it \u{201c}was the work of GN9\u{201d} \u{2014} a crew it\n      did not name.\nsources:\n  - {id: s1, name: S, kind: official, reliability: B}\n";

/// A value written in one of YAML's three one-line styles (plain only
/// where plain can hold it).
fn written(value: &str, style: u8) -> String {
    match style {
        0 if !value.starts_with('"') => value.to_owned(),
        1 => format!("'{}'", value.replace('\'', "''")),
        _ => serde_json::to_string(value).expect("a JSON string"),
    }
}

fn quotes() -> impl Strategy<Value = (&'static str, &'static str)> {
    prop_oneof![
        Just((
            "\"was the work of GN 9\"",
            "\u{201c}was the work of GN9\u{201d}"
        )),
        Just(("GN9\" - a crew", "GN9\u{201d} \u{2014} a crew")),
        Just(("THE MINISTRY said", "The ministry said")),
        Just(("a  crew it did   not", "a crew it did not")),
    ]
}

fn countries() -> impl Strategy<Value = (&'static str, &'static str)> {
    prop_oneof![
        Just(("Czechia", "CZ")),
        Just(("cz", "CZ")),
        Just(("CZE", "CZ")),
        Just(("uk", "GB")),
        Just(("China", "CN")),
        Just(("Czech Republic", "CZ")),
    ]
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(64))]

    #[test]
    fn fixed_files_load_clean_and_change_only_the_fixed_spans(
        synonym in 0..LIKELIHOOD_SYNONYMS.len(),
        (quote, quote_fixed) in quotes(),
        (country, code) in countries(),
        styles in proptest::array::uniform3(0u8..3),
        flow in any::<bool>(),
        comment in proptest::option::of((1usize..6, "[a-z ]{0,12}")),
    ) {
        let (phrase, likelihood) = LIKELIHOOD_SYNONYMS[synonym];
        let after = comment
            .as_ref()
            .map(|(spaces, words)| format!("{}# {words}", " ".repeat(*spaces)))
            .unwrap_or_default();
        let (l, q, c) = (
            written(phrase, styles[0]),
            written(quote, styles[1]),
            written(country, styles[2]),
        );
        let claim = if flow {
            format!("claims:\n  - {{id: c1, text: C, sources: [s1], likelihood: {l}, quote: {q}, countries: [{c}]}}{after}\n")
        } else {
            format!("claims:\n  - id: c1\n    text: C\n    sources: [s1]\n    likelihood: {l}{after}\n    quote: {q}{after}\n    countries: [{c}]{after}\n")
        };
        let source = format!("{ARTICLE}{claim}");
        let loaded = load_bytes(Path::new("t.yaml"), source.as_bytes());
        let applied = apply(&source, &loaded.diagnostics);
        prop_assert!(applied.left.is_empty(), "{:?}\n{source}", applied.left);

        let fixed = load_bytes(Path::new("t.yaml"), applied.text.as_bytes());
        let errors: Vec<_> = fixed.diagnostics.iter().filter(|d| d.is_error()).collect();
        prop_assert!(errors.is_empty(), "{errors:?}\n{}", applied.text);
        let b = fixed.briefing.expect("loads");
        let c1 = &b.claims[0];
        prop_assert_eq!(c1.likelihood, Some(likelihood));
        prop_assert_eq!(
            c1.anchor.as_ref().map(|a| a.quote.value.as_str()),
            Some(quote_fixed)
        );
        prop_assert_eq!(c1.countries.iter().next(), Some(code));
        prop_assert!(c1.anchor.as_ref().is_some_and(|a| a.span.is_some()));

        // Nothing changed but the edits (and the spaces before a comment):
        // the source with the edits spliced in is the fixed text.
        let mut edits: Vec<_> = applied
            .made
            .iter()
            .filter_map(|d| d.fix.as_ref()?.edit.clone())
            .collect();
        edits.sort_by_key(|e| e.start);
        let mut spliced = String::new();
        let mut at = 0;
        for e in &edits {
            prop_assert_eq!(&source[e.start..e.end], e.original.as_str());
            spliced.push_str(&source[at..e.start]);
            spliced.push_str(&e.replacement);
            at = e.end;
        }
        spliced.push_str(&source[at..]);
        let squeeze = |s: &str| s.split(' ').filter(|w| !w.is_empty()).collect::<Vec<_>>().join(" ");
        prop_assert_eq!(squeeze(&applied.text), squeeze(&spliced));
        prop_assert_eq!(applied.text.lines().count(), source.lines().count());
        // Every comment survives, word for word.
        let comments = |s: &str| s.lines().filter_map(|l| l.find("# ").map(|i| l[i..].to_owned())).collect::<Vec<_>>();
        prop_assert_eq!(comments(&applied.text), comments(&source));
    }
}
