//! Golden tests of the brief: a fixed briefing with fixed marks, order and
//! notes, exported on a fixed date in every format; what each format must
//! hold exactly once; templates that fail; hostile text made inert.

use std::path::Path;

use debrief::briefing::{Briefing, Library, Limits};
use debrief::export::{self, Brief, Format, Scope};
use debrief::marks::{Kind, Marks, Target};
use debrief::query::{ActorNames, Filter};
use time::macros::date;

fn load(name: &str) -> Briefing {
    // Relative, as a user gives it: the brief names the file so.
    let path = Path::new("tests/fixtures").join(name);
    let library = Library::load(&[path], &Limits::default());
    assert!(library.failures.is_empty(), "{:#?}", library.failures);
    library
        .briefings
        .into_iter()
        .next()
        .expect("the fixture loads")
}

/// Three claims marked and put in the order c3, c1, c2; a note on c1 (two
/// lines), on caveat k1 and on a source; a marked paragraph.
fn marks(b: &Briefing) -> Marks {
    let mut m = Marks::default();
    for id in ["c1", "c2", "c3"] {
        m.toggle(&Target::new(Kind::Claim, id));
    }
    m.toggle(&Target::new(Kind::Paragraph, "p2"));
    assert!(m.move_judgement(b, "c3", -2));
    m.set_note(
        &Target::new(Kind::Claim, "c1"),
        "Ask the ministry for the indicators.\nThe wires add nothing of their own.",
    );
    m.set_note(
        &Target::new(Kind::Caveat, "k1"),
        "Weakest point of the case.",
    );
    m.set_note(
        &Target::new(Kind::Source, "s-vendor"),
        "Vendor sells the tool it names.",
    );
    m
}

fn brief() -> Brief {
    let b = load("brief.yaml");
    let m = marks(&b);
    let names = ActorNames::new([&b]);
    export::brief(
        &[(&b, &m)],
        &Filter::default(),
        &names,
        Scope::Marked,
        date!(2025 - 06 - 01),
    )
}

fn rendered(format: Format) -> String {
    export::render(&brief(), format).expect("the built-in template renders")
}

#[test]
fn markdown() {
    insta::assert_snapshot!("brief.md", rendered(Format::Markdown));
}

#[test]
fn json() {
    insta::assert_snapshot!("brief.json", rendered(Format::Json));
}

#[test]
fn html() {
    insta::assert_snapshot!("brief.html", rendered(Format::Html));
}

#[test]
fn plain_text() {
    let txt = rendered(Format::Text);
    for line in txt.lines() {
        assert!(debrief::text::width(line) <= 72, "wider than 72: {line:?}");
    }
    assert!(
        !txt.contains("**") && !txt.contains("<"),
        "no markup:\n{txt}"
    );
    insta::assert_snapshot!("brief.txt", txt);
}

#[test]
fn the_brief_holds_the_judgements_in_the_analysts_order_with_their_basis() {
    let brief = brief();
    let b = &brief.briefings[0];
    let order: Vec<&str> = b.judgements.iter().map(|j| j.id.as_str()).collect();
    assert_eq!(order, ["c3", "c1", "c2"]);
    let c1 = &b.judgements[1];
    assert_eq!(c1.basis, "4 sources, 1 origin");
    assert_eq!(
        c1.estimate.as_deref(),
        Some("almost certain (high confidence)")
    );
    assert_eq!(
        c1.note.as_deref(),
        Some("Ask the ministry for the indicators.\nThe wires add nothing of their own.")
    );
    assert_eq!(b.judgements[0].kind, "assessment");
    assert_eq!(b.judgements[2].stated.as_deref(), Some("highly likely"));
    assert_eq!(b.date.as_deref(), Some("2025-05"));
    assert_eq!(
        brief.tlp.as_ref().map(|t| t.label.as_str()),
        Some("TLP:AMBER")
    );
    let refs: Vec<&str> = brief.sources.iter().map(|s| s.reference.as_str()).collect();
    assert_eq!(
        refs,
        ["S1", "S2", "S3", "S4", "S5"],
        "each source numbered once"
    );
    assert_eq!(
        brief
            .sources
            .iter()
            .find(|s| s.id == "s-wire1")
            .map(|s| s.via.clone()),
        Some(vec!["Ministry statement".to_string()])
    );
    assert_eq!(b.caveats.len(), 2, "k1 limits c1 and c3, k2 limits c2");
}

/// Whether every `needle` in `hay` has a backslash before it, so Markdown reads it as text.
fn every_escaped(hay: &str, needle: &str) -> bool {
    hay.match_indices(needle)
        .all(|(at, _)| hay[..at].ends_with('\\'))
}

/// Occurrences of `needle` in `hay`.
fn count(hay: &str, needle: &str) -> usize {
    hay.matches(needle).count()
}

#[test]
fn each_caveat_expert_and_source_appears_once_in_markdown_and_html() {
    let b = load("brief.yaml");
    for format in [Format::Markdown, Format::Html] {
        let out = rendered(format);
        for k in &b.caveats {
            assert_eq!(
                count(&out, &k.text),
                1,
                "{:?}: caveat {} in\n{out}",
                format,
                k.id
            );
        }
        for e in &b.experts {
            assert_eq!(
                count(&out, e.says.as_deref().unwrap_or("")),
                1,
                "{format:?}: expert {}",
                e.id
            );
        }
        let brief = brief();
        for s in &brief.sources {
            let row = match format {
                Format::Html => format!("<td>{}</td><td>{}", s.reference, s.name),
                _ => format!("| {} | {}", s.reference, s.name),
            };
            assert_eq!(count(&out, &row), 1, "{format:?}: source {}\n{out}", s.id);
            // Elsewhere only its reference and, for a relay, its name in `via`.
            let relays = brief
                .sources
                .iter()
                .filter(|x| x.via.contains(&s.name))
                .count();
            assert_eq!(
                count(&out, &s.name),
                1 + relays,
                "{format:?}: {} named elsewhere",
                s.id
            );
        }
        assert_eq!(
            count(&out, "Ask the ministry for the indicators."),
            1,
            "the note once, under its claim"
        );
    }
}

#[test]
fn a_template_error_names_the_line_column_and_what_is_missing() {
    let e = export::render_template(
        &brief(),
        "mine.md",
        "# {{ title }}\n\n{{ briefings[0].sumary }}\n",
    )
    .expect_err("a typo");
    assert_eq!((e.name.as_str(), e.line), ("mine.md", 3));
    assert!(e.column >= 1, "{e}");
    assert!(
        e.message.contains("sumary") || e.message.contains("context does not have"),
        "{e}"
    );
}

#[test]
fn hostile_text_in_every_field_comes_out_inert_in_every_format() {
    let b = load("hostile-brief.yaml");
    let mut m = Marks::default();
    for c in &b.claims {
        m.toggle(&Target::new(Kind::Claim, &c.id));
        m.set_note(
            &Target::new(Kind::Claim, &c.id),
            "<script>alert(1)</script>\n# note \u{1b}[31m",
        );
    }
    let names = ActorNames::new([&b]);
    let brief = export::brief(
        &[(&b, &m)],
        &Filter::default(),
        &names,
        Scope::All,
        date!(2025 - 06 - 01),
    );
    for format in Format::ALL {
        let out = export::render(&brief, format).expect("renders");
        assert!(
            out.chars().all(|c| c == '\n' || !c.is_control()),
            "{format:?}: a control character"
        );
        assert!(!out.contains('\u{202e}'), "{format:?}: a bidi override");
        match format {
            Format::Html => {
                assert!(!out.contains("<script"), "raw HTML in HTML:\n{out}");
                assert!(!out.contains("<img"), "raw HTML in HTML");
                assert!(!out.contains("href=\"javascript"), "a script link");
            }
            Format::Markdown => {
                assert!(
                    every_escaped(&out, "<script"),
                    "raw HTML in Markdown:\n{out}"
                );
                assert!(every_escaped(&out, "<img"), "raw HTML in Markdown:\n{out}");
                for (at, _) in out.match_indices("](javascript") {
                    let open = out[..at].rfind('[').expect("a bracket opens it");
                    assert!(out[..open].ends_with('\\'), "a script link:\n{out}");
                }
                let headings: Vec<&str> = out.lines().filter(|l| l.starts_with('#')).collect();
                for h in &headings {
                    assert!(
                        h.starts_with("# \\")
                            || [
                                "## Bottom line",
                                "## Key judgements",
                                "## Caveats",
                                "## Experts",
                                "## Sources",
                                "## Marked passages"
                            ]
                            .contains(h)
                            || h.starts_with("# Ministry"),
                        "a heading from the briefing: {h}\n{out}"
                    );
                }
            }
            Format::Json => {
                let v: serde_json::Value = serde_json::from_str(&out).expect("valid JSON");
                assert!(
                    v["briefings"][0]["link"].is_null(),
                    "a javascript: URL is no link"
                );
            }
            // STIX is not a brief format (not in Format::ALL): tests/stix_validate.rs checks it.
            Format::Text | Format::Stix => {}
        }
    }
}
