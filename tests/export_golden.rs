//! Golden tests of the exported summary: a fixed briefing with fixed marks
//! and notes, exported on a fixed date, as Markdown and as JSON.

use std::path::Path;

use debrief::briefing::{Library, Limits};
use debrief::export::{self, Scope};
use debrief::marks::{Kind, Marks, Target};
use debrief::query::{ActorNames, Filter};
use time::macros::date;

fn fixture() -> debrief::briefing::Briefing {
    let path = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/export.yaml");
    let library = Library::load(&[path], &Limits::default());
    assert!(library.failures.is_empty(), "{:#?}", library.failures);
    library
        .briefings
        .into_iter()
        .next()
        .expect("the fixture loads")
}

/// Two claims, an expert, a caveat and a paragraph marked; notes on a claim
/// (two lines, with Markdown in it) and on a source; one mark on an item the
/// briefing no longer has.
fn marks() -> Marks {
    let mut m = Marks::default();
    for (kind, id) in [
        (Kind::Claim, "c1"),
        (Kind::Claim, "c2"),
        (Kind::Expert, "e1"),
        (Kind::Caveat, "k2"),
        (Kind::Paragraph, "p2"),
        (Kind::Claim, "c-gone"),
    ] {
        m.toggle(&Target::new(kind, id));
    }
    m.set_note(
        &Target::new(Kind::Claim, "c1"),
        "Ask the ministry for the *indicators*.\n# Not a heading",
    );
    m.set_note(
        &Target::new(Kind::Source, "s2"),
        "Vendor has a commercial interest.",
    );
    m
}

fn summary(filter: &Filter, scope: Scope) -> export::Summary {
    let b = fixture();
    let names = ActorNames::new([&b]);
    export::summary(&b, &marks(), filter, &names, scope, date!(2025 - 06 - 01))
}

#[test]
fn markdown_of_the_marked_items() {
    insta::assert_snapshot!(
        "marked.md",
        export::markdown(&summary(&Filter::default(), Scope::Marked))
    );
}

#[test]
fn json_of_the_marked_items() {
    insta::assert_snapshot!(
        "marked.json",
        export::json(&summary(&Filter::default(), Scope::Marked))
    );
}

#[test]
fn markdown_of_everything_under_a_filter() {
    let filter = Filter {
        actors: ["apt31".to_string()].into(),
        ..Filter::default()
    };
    let s = summary(&filter, Scope::All);
    assert_eq!(s.filter.as_deref(), Some("APT31"));
    let ids: Vec<&str> = s.claims.iter().map(|c| c.id.as_str()).collect();
    assert_eq!(
        ids,
        ["c1", "c2"],
        "c3 does not involve APT31; unmarked c-items would be in"
    );
    assert!(s.sources.is_empty(), "s3 belongs to c3 only");
    insta::assert_snapshot!("all_under_apt31.md", export::markdown(&s));
}

#[test]
fn what_the_summary_holds() {
    let s = summary(&Filter::default(), Scope::Marked);
    let ids: Vec<&str> = s.claims.iter().map(|c| c.id.as_str()).collect();
    assert_eq!(ids, ["c1", "c2"], "marked claims only, in briefing order");
    let c1 = &s.claims[0];
    assert_eq!(c1.by, ["Ministry of Foreign Affairs | CZ"]);
    // Summary version 2: v1's `confidence` word is the likelihood.
    assert_eq!(c1.likelihood.as_deref(), Some("likely"));
    assert_eq!(c1.confidence, None);
    let grades: Vec<_> = c1
        .sources
        .iter()
        .map(|x| x.reliability.as_deref())
        .collect();
    assert_eq!(grades, [Some("B"), Some("C")]);
    assert_eq!(c1.caveats.len(), 1);
    assert_eq!(s.experts.len(), 1);
    assert!(s.caveats.is_empty(), "k2 is given under c2, not again");
    assert_eq!(s.passages.len(), 1);
    assert_eq!(s.notes.len(), 2);
    assert_eq!(s.missing, ["claim c-gone"], "the orphaned mark is reported");
    assert_eq!(s.marked_count(), 5);
}

#[test]
fn no_text_from_the_briefing_opens_markdown_structure() {
    let md = export::markdown(&summary(&Filter::default(), Scope::Marked));
    let headings: Vec<&str> = md.lines().filter(|l| l.starts_with('#')).collect();
    assert_eq!(
        headings,
        [
            "# Ministry \\*names\\* \\[APT31\\] \\# for the \\<b\\>intrusion\\</b\\>",
            "## Claims",
            "### ★ c1 · likely",
            "### ★ c2 · roughly-even-chance",
            "## Expert views",
            "## Marked passages",
            "## Analyst's notes",
        ],
        "only our own headings:\n{md}"
    );
    assert!(!md.contains("<b>"), "no raw HTML");
    assert!(md.contains("[Read the article](<https://example.org/story?id=1&x=2>)"));
    assert!(
        md.chars().all(|c| c == '\n' || !c.is_control()),
        "no control characters"
    );
}
