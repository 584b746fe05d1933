//! The format rules of DESIGN.md 1.2, one by one: for each, a small briefing
//! that breaks it, and the exact place, severity and words of what is reported.
//! Also the valid case: defaults, flowing text and resolved anchors.

use std::path::Path;

use debrief::briefing::load::load_bytes;
use debrief::briefing::{Briefing, Diagnostic, Loaded, Severity, Span};
use proptest::prelude::*;

const FILE: &str = "briefings/sample.yaml";

/// The YAML of an indented raw string: the first line break dropped and the
/// common indentation removed, so line 1 of the briefing is the first line
/// written in the test.
fn y(s: &str) -> String {
    let s = s
        .strip_prefix('\n')
        .unwrap_or(s)
        .trim_end_matches([' ', '\n']);
    let indent = s
        .lines()
        .filter(|l| !l.trim().is_empty())
        .map(|l| l.len() - l.trim_start_matches(' ').len())
        .min()
        .unwrap_or(0);
    let mut out = String::new();
    for line in s.lines() {
        out.push_str(line.get(indent..).unwrap_or(line.trim_start_matches(' ')));
        out.push('\n');
    }
    out
}

/// Loads bytes and checks what holds for every file: each diagnostic names
/// the file and a real place in it, and a briefing comes back exactly when
/// there is no error.
fn load_raw(bytes: &[u8]) -> Loaded {
    let loaded = load_bytes(Path::new(FILE), bytes);
    for d in &loaded.diagnostics {
        assert_eq!(d.file, Path::new(FILE), "{d:?}");
        assert!(d.line >= 1 && d.column >= 1, "no place: {d:?}");
        assert!(!d.message.is_empty(), "{d:?}");
    }
    let has_error = loaded.diagnostics.iter().any(Diagnostic::is_error);
    assert_eq!(
        loaded.briefing.is_none(),
        has_error,
        "a briefing loads exactly when there is no error: {:#?}",
        loaded.diagnostics
    );
    loaded
}

fn load(src: &str) -> Loaded {
    load_raw(src.as_bytes())
}

fn errors(l: &Loaded) -> Vec<&Diagnostic> {
    l.diagnostics.iter().filter(|d| d.is_error()).collect()
}

fn warnings(l: &Loaded) -> Vec<&Diagnostic> {
    l.diagnostics.iter().filter(|d| !d.is_error()).collect()
}

/// The only error of a briefing (warnings may come with it).
fn one_error(src: &str) -> Diagnostic {
    let loaded = load(src);
    let errors = errors(&loaded);
    assert_eq!(
        errors.len(),
        1,
        "expected one error in\n{src}\ngot {errors:#?}"
    );
    errors[0].clone()
}

/// A briefing that must load without a single diagnostic.
fn clean(src: &str) -> Briefing {
    let loaded = load(src);
    assert!(
        loaded.diagnostics.is_empty(),
        "expected no diagnostics in\n{src}\ngot {:#?}",
        loaded.diagnostics
    );
    loaded.briefing.expect("a briefing")
}

/// Asserts an error's place and the words its message must contain.
#[track_caller]
fn assert_error(d: &Diagnostic, line: u32, column: u32, words: &[&str]) {
    assert_eq!(d.severity, Severity::Error, "{d:?}");
    assert_eq!(
        (d.line, d.column),
        (line, column),
        "wrong place for {:?}",
        d.message
    );
    for w in words {
        assert!(d.message.contains(w), "message {:?} lacks {w:?}", d.message);
    }
}

#[track_caller]
fn assert_help(d: &Diagnostic, words: &[&str]) {
    let help = d
        .help
        .as_deref()
        .unwrap_or_else(|| panic!("no help: {d:?}"));
    for w in words {
        assert!(help.contains(w), "help {help:?} lacks {w:?}");
    }
}

const TOP_KEYS: &str = "format, id, title, outlet, published, url, summary, tags, actors, article, sources, claims, experts, caveats";

// ---------------------------------------------------------------- valid

#[test]
fn a_minimal_briefing_loads_with_defaults() {
    let b = clean(&y("
        format: debrief/1
        title: Czechia attributes an intrusion
        article:
          - text: |
              The attack   was
                traced back to APT31.
          - text: >
              Second    paragraph,
              folded.
    "));
    assert_eq!(b.id, "sample", "the id defaults to the file stem");
    assert_eq!(b.path, Path::new(FILE));
    assert_eq!(b.title, "Czechia attributes an intrusion");
    assert_eq!(b.article.len(), 2);
    assert_eq!(b.article[0].id, "p1");
    assert_eq!(b.article[1].id, "p2");
    assert_eq!(b.article[0].text, "The attack was traced back to APT31.");
    assert_eq!(b.article[1].text, "Second paragraph, folded.");
    assert_eq!(b.outlet, None);
    assert_eq!(b.published, None);
    assert!(b.tags.is_empty() && b.actors.is_empty() && b.sources.is_empty());
    assert!(b.claims.is_empty() && b.experts.is_empty() && b.caveats.is_empty());
}

#[test]
fn a_full_briefing_loads_with_every_field_and_resolved_anchors() {
    let b = clean(&y(r#"
        format: debrief/1
        id: cz-mfa-2025
        title: T
        outlet: Example Wire
        published: 2025-05-28
        url: https://example.org/story
        summary: >
          Two
          lines.
        tags: [attribution, espionage]
        actors:
          - id: apt31
            name: APT31
            kind: threat-group
            country: CN
            aliases: [ZIRCONIUM, Violet Typhoon]
            refs: [mitre:G0128]
          - id: cz-mfa
            name: Czech Ministry of Foreign Affairs
            kind: government
            country: CZ
        article:
          - id: intro
            text: The ministry said the attack was traced back to APT31.
          - text: |
              Experts say indicators can
              mask their origins.
        sources:
          - id: s-gov
            name: Government statement
            kind: official
            reliability: B
            url: https://example.org/gov
            actor: cz-mfa
        claims:
          - id: c1
            text: The government attributes the intrusion to APT31.
            quote: "traced back to"
            para: intro
            by: cz-mfa
            actors: [apt31, cz-mfa]
            countries: [CZ, CN]
            confidence: likely
            sources: [s-gov]
            caveats: [k1]
        experts:
          - id: e1
            name: A. Researcher
            affiliation: Example University
            says: Indicators can be spoofed.
            quote: "can mask"
            stance: cautions
            on: [c1]
        caveats:
          - id: k1
            text: Indicators can be imitated.
            quote: origins
            applies_to: [c1]
            raised_by: e1
    "#));
    assert_eq!(b.id, "cz-mfa-2025");
    assert_eq!(b.summary.as_deref(), Some("Two lines."));
    assert_eq!(
        b.published.map(|d| d.to_string()).as_deref(),
        Some("2025-05-28")
    );
    assert_eq!(b.tags, ["attribution", "espionage"]);
    assert_eq!(b.article[0].id, "intro");
    assert_eq!(b.article[1].id, "p2", "default ids count every paragraph");
    assert_eq!(b.countries(), ["CN", "CZ"]);

    let span = |anchor: &Option<debrief::briefing::Anchor>| {
        anchor
            .as_ref()
            .and_then(|a| a.span)
            .expect("a resolved span")
    };
    let c1 = span(&b.claims[0].anchor);
    let start = b.article[0].text.find("traced").unwrap();
    assert_eq!(
        c1,
        Span::new(0, start, start + "traced back to".len()).unwrap()
    );
    let e1 = span(&b.experts[0].anchor);
    assert_eq!(e1.para(), 1);
    assert_eq!(&b.article[1].text[e1.range()], "can mask");
    let k1 = span(&b.caveats[0].anchor);
    assert_eq!(&b.article[1].text[k1.range()], "origins");
}

#[test]
fn integers_read_as_text_and_yaml_1_1_booleans_are_words() {
    // `NO` is Norway, not `false`; `1984` is a title.
    let b = clean(&y("
        format: debrief/1
        title: 1984
        actors:
          - id: no-gov
            name: Norwegian government
            kind: government
            country: NO
        article:
          - text: The government said yes.
        claims:
          - id: c1
            text: C.
            by: no-gov
            countries: [NO, GB, CZ, US, FI, FR, BE, CN]
            sources: [s1]
        sources:
          - id: s1
            name: S
            reliability: F
    "));
    assert_eq!(b.title, "1984");
    assert_eq!(b.actors[0].country.as_ref().unwrap().value, "NO");
    assert_eq!(b.claims[0].countries.len(), 8);
}

// ---------------------------------------------------------------- unknown keys

#[test]
fn an_unknown_top_level_key_names_the_key_the_nearest_and_the_allowed_keys() {
    let d = one_error(&y("
        format: debrief/1
        title: T
        tittle: Another
        article:
          - text: Hi.
    "));
    assert_error(&d, 3, 1, &["unknown key `tittle`", "briefing"]);
    assert_eq!(d.length, 6, "the whole key is underlined");
    assert_help(&d, &["did you mean `title`?", TOP_KEYS]);
}

#[test]
fn an_unknown_key_with_nothing_near_still_lists_the_allowed_keys() {
    let d = one_error(&y("
        format: debrief/1
        title: T
        zzz: 1
        article:
          - text: Hi.
    "));
    assert_error(&d, 3, 1, &["unknown key `zzz`"]);
    assert_help(&d, &[TOP_KEYS]);
    assert!(!d.help.unwrap().contains("did you mean"));
}

#[test]
fn unknown_keys_inside_every_kind_of_item_are_all_reported_with_the_allowed_keys() {
    let loaded = load(&y("
        format: debrief/1
        title: T
        article:
          - text: The attack was traced back to APT31.
            ids: p1
        actors:
          - id: a1
            name: A
            contry: CZ
        sources:
          - id: s1
            name: S
            reliabilty: B
            actor: a1
        claims:
          - id: c1
            text: C.
            qoute: traced back
            sources: [s1]
            by: a1
        experts:
          - id: e1
            name: E
            stanse: supports
            on: [c1]
        caveats:
          - id: k1
            text: K.
            aplies_to: [c1]
    "));
    let errors = errors(&loaded);
    let expected = [
        (5, "ids", "paragraph 1 of the list", "id", "id, text"),
        (
            9,
            "contry",
            "actor `a1`",
            "country",
            "id, name, kind, country, aliases, refs",
        ),
        (
            13,
            "reliabilty",
            "source `s1`",
            "reliability",
            "id, name, kind, reliability, url, actor",
        ),
        (
            18,
            "qoute",
            "claim `c1`",
            "quote",
            "id, text, quote, prefix, suffix, para, by, actors, countries, confidence, sources, caveats",
        ),
        (
            24,
            "stanse",
            "expert `e1`",
            "stance",
            "id, name, affiliation, says, quote, prefix, suffix, para, stance, on",
        ),
        (
            29,
            "aplies_to",
            "caveat `k1`",
            "applies_to",
            "id, text, quote, prefix, suffix, para, applies_to, raised_by",
        ),
    ];
    assert_eq!(errors.len(), expected.len(), "{errors:#?}");
    for (d, (line, key, owner, near, allowed)) in errors.iter().zip(expected) {
        assert_error(d, line, 5, &[&format!("unknown key `{key}`"), owner]);
        assert_help(d, &[&format!("did you mean `{near}`?"), allowed]);
    }
}

// ---------------------------------------------------------------- missing keys

#[test]
fn each_missing_top_level_key_is_reported_at_the_top_of_the_file() {
    let cases = [
        (
            "format",
            "title: T\narticle:\n  - text: Hi.\n",
            "format: debrief/1",
        ),
        (
            "title",
            "format: debrief/1\narticle:\n  - text: Hi.\n",
            "title",
        ),
        ("article", "format: debrief/1\ntitle: T\n", "article:"),
    ];
    for (key, src, help) in cases {
        let d = one_error(src);
        assert_error(&d, 1, 1, &[&format!("missing required key `{key}`")]);
        assert_help(&d, &[help]);
    }
    let all = load("outlet: Example Wire\n");
    assert_eq!(errors(&all).len(), 3, "each missing key is its own error");
}

#[test]
fn missing_required_keys_of_items_are_reported_at_the_item() {
    let loaded = load(&y("
        format: debrief/1
        title: T
        article:
          - id: p1
          - text: Fine.
        actors:
          - name: A
          - id: a2
        sources:
          - id: s1
            reliability: A
        claims:
          - text: C.
            sources: [s1]
          - id: c2
            sources: [s1]
        experts:
          - id: e1
        caveats:
          - id: k1
    "));
    let errors = errors(&loaded);
    let expected = [
        (4, "paragraph `p1`", "text"),
        (7, "actor 1 of the list", "id"),
        (8, "actor `a2`", "name"),
        (10, "source `s1`", "name"),
        (13, "claim 1 of the list", "id"),
        (15, "claim `c2`", "text"),
        (18, "expert `e1`", "name"),
        (20, "caveat `k1`", "text"),
    ];
    assert_eq!(errors.len(), expected.len(), "{errors:#?}");
    for (d, (line, owner, key)) in errors.iter().zip(expected) {
        assert_error(
            d,
            line,
            5,
            &[owner, &format!("missing required key `{key}`")],
        );
        assert_help(d, &[&format!("`{key}: ...`")]);
    }
}

#[test]
fn a_required_key_written_without_a_value_is_reported_at_the_key() {
    let loaded = load("format:\ntitle:\narticle:\n");
    let errors = errors(&loaded);
    assert_eq!(errors.len(), 3, "{errors:#?}");
    for (d, (line, key)) in errors
        .iter()
        .zip([(1, "format"), (2, "title"), (3, "article")])
    {
        assert_error(d, line, 1, &[&format!("`{key}`"), "no value"]);
    }
    assert_help(errors[0], &["debrief/1"]);
}

#[test]
fn an_article_without_paragraphs_or_with_an_empty_one_is_an_error() {
    let d = one_error("format: debrief/1\ntitle: T\narticle: []\n");
    assert_error(&d, 3, 10, &["the article has no paragraphs"]);

    let d = one_error("format: debrief/1\ntitle: T\narticle:\n  - text: \"   \"\n");
    assert_error(&d, 4, 11, &["paragraph", "text is empty"]);
}

// ---------------------------------------------------------------- wrong types

#[test]
fn wrong_types_are_reported_at_the_value_with_what_was_found() {
    let loaded = load(&y("
        format: debrief/1
        title: [a, b]
        tags: espionage
        outlet: true
        url: 1.5
        actors:
          id: a1
          name: A
        article:
          - text: Hi.
        claims:
          - id: c1
            text:
              nested: mapping
            sources: [[s1]]
            countries: CZ
    "));
    let errors = errors(&loaded);
    let expected: [(u32, u32, &[&str]); 7] = [
        (2, 8, &["`title` should be text", "found a list"]),
        (3, 7, &["`tags` should be a list", "found text"]),
        (4, 9, &["`outlet` should be text", "the boolean `true`"]),
        (5, 6, &["`url` should be text", "the number `1.5`"]),
        (7, 3, &["`actors` should be a list", "found a mapping"]),
        (14, 7, &["`text` should be text", "found a mapping"]),
        (
            15,
            15,
            &["an item of `sources` should be text", "found a list"],
        ),
    ];
    assert_eq!(errors.len(), expected.len() + 1, "{errors:#?}");
    for (d, (line, column, words)) in errors.iter().zip(expected) {
        assert_error(d, line, column, words);
    }
    assert_error(
        errors[7],
        16,
        16,
        &["`countries` should be a list", "found text"],
    );
    assert_help(errors[2], &["quotes"]);
    assert_help(errors[3], &["quotes"]);
}

#[test]
fn an_item_that_is_not_a_mapping_is_one_clear_error() {
    let d = one_error(&y("
        format: debrief/1
        title: T
        article:
          - Just a sentence, not a paragraph.
    "));
    assert_error(
        &d,
        4,
        5,
        &[
            "paragraph 1 of the list should be a mapping of keys",
            "found text",
        ],
    );
    assert_help(&d, &["id, text"]);
}

// ---------------------------------------------------------------- dates and format

#[test]
fn bad_dates_are_errors_at_the_date() {
    for bad in ["2025-02-30", "2025/05/28", "28.5.2025", "2025-5-28"] {
        let d = one_error(&format!(
            "format: debrief/1\ntitle: T\npublished: {bad}\narticle:\n  - text: Hi.\n"
        ));
        assert_error(&d, 3, 12, &[&format!("`{bad}` is not a date")]);
        assert_eq!(d.length as usize, bad.len());
        assert_help(&d, &["YYYY-MM-DD"]);
    }
}

#[test]
fn real_dates_load_quoted_or_not() {
    for (written, date) in [
        ("2024-02-29", "2024-02-29"),
        ("\"2025-05-28\"", "2025-05-28"),
    ] {
        let b = clean(&format!(
            "format: debrief/1\ntitle: T\npublished: {written}\narticle:\n  - text: Hi.\n"
        ));
        assert_eq!(b.published.unwrap().to_string(), date);
    }
}

#[test]
fn an_unknown_format_is_an_error_at_the_value() {
    let d = one_error("format: debrief/3\ntitle: T\narticle:\n  - text: Hi.\n");
    assert_error(&d, 1, 9, &["unknown format `debrief/3`"]);
    assert_help(&d, &["debrief/1"]);
    assert_eq!(d.length, 9);
}

// ---------------------------------------------------------------- ids

#[test]
fn duplicate_ids_within_a_section_and_across_sections_are_errors() {
    let loaded = load(&y("
        format: debrief/1
        title: T
        actors:
          - id: x
            name: A
          - id: x
            name: B
        article:
          - id: s1
            text: Hi.
        sources:
          - id: s1
            name: S
            reliability: B
    "));
    let errors = errors(&loaded);
    assert_eq!(errors.len(), 2, "{errors:#?}");
    assert_error(
        errors[0],
        6,
        5,
        &["duplicate id `x`", "the actor at line 4"],
    );
    assert_error(
        errors[1],
        12,
        5,
        &["duplicate id `s1`", "the paragraph at line 9"],
    );
    assert_help(errors[1], &["unique across the whole briefing"]);
}

#[test]
fn a_default_paragraph_id_collides_like_any_other() {
    let d = one_error(&y("
        format: debrief/1
        title: T
        article:
          - text: Hi.
        claims:
          - id: p1
            text: C.
    "));
    assert_error(&d, 6, 5, &["duplicate id `p1`", "paragraph"]);
}

#[test]
fn a_duplicate_is_reported_at_its_id_wherever_the_id_is_written() {
    let d = one_error(&y("
        format: debrief/1
        title: T
        actors:
          - id: x
            name: A
          - name: B
            kind: person
            id: x
        article:
          - text: Hi.
    "));
    assert_error(&d, 8, 5, &["duplicate id `x`", "the actor at line 4"]);
}

#[test]
fn empty_ids_are_errors() {
    let d = one_error("format: debrief/1\nid: \"\"\ntitle: T\narticle:\n  - text: Hi.\n");
    assert_error(&d, 2, 5, &["the briefing's id is empty"]);
    assert_help(&d, &["file name"]);

    let loaded = load(&y(r#"
        format: debrief/1
        title: T
        article:
          - id: " "
            text: Hi.
        actors:
          - id: ""
            name: A
    "#));
    let errors = errors(&loaded);
    assert_eq!(errors.len(), 2, "{errors:#?}");
    assert_error(
        errors[0],
        4,
        9,
        &["paragraph 1 of the list has an empty id"],
    );
    assert_error(errors[1], 7, 9, &["actor 1 of the list has an empty id"]);
}

// ---------------------------------------------------------------- references

#[test]
fn every_kind_of_dangling_reference_is_reported_at_the_id() {
    let loaded = load(&y("
        format: debrief/1
        title: T
        actors:
          - id: a1
            name: A
        article:
          - text: The attack was traced back to APT31 by the ministry.
        sources:
          - id: s1
            name: S
            reliability: B
            actor: nobody
        claims:
          - id: c1
            text: C.
            by: a2
            actors: [a1, ghost]
            sources: [s1, s9]
            caveats: [k9]
            quote: traced back
            para: p7
        experts:
          - id: e1
            name: E
            on: [c1, c5]
        caveats:
          - id: k1
            text: K.
            applies_to: [c1, c8]
            raised_by: e5
    "));
    let errors = errors(&loaded);
    let expected = [
        (12, 12, "source `s1`", "actor", "actor `nobody`", "a1"),
        (16, 9, "claim `c1`", "by", "actor `a2`", "a1"),
        (17, 18, "claim `c1`", "actors", "actor `ghost`", "a1"),
        (18, 19, "claim `c1`", "sources", "source `s9`", "s1"),
        (19, 15, "claim `c1`", "caveats", "caveat `k9`", "k1"),
        (21, 11, "claim `c1`", "para", "paragraph `p7`", "p1"),
        (25, 14, "expert `e1`", "on", "claim `c5`", "c1"),
        (29, 22, "caveat `k1`", "applies_to", "claim `c8`", "c1"),
        (30, 16, "caveat `k1`", "raised_by", "expert `e5`", "e1"),
    ];
    assert_eq!(errors.len(), expected.len(), "{errors:#?}");
    for (d, (line, column, owner, key, what, defined)) in errors.iter().zip(expected) {
        assert_error(
            d,
            line,
            column,
            &[owner, &format!("`{key}`"), what, "not defined"],
        );
        assert_help(d, &[defined]);
    }
}

#[test]
fn a_dangling_para_of_an_expert_or_caveat_is_reported_and_the_quote_not_searched() {
    let loaded = load(&y("
        format: debrief/1
        title: T
        article:
          - text: Hi there.
        experts:
          - id: e1
            name: E
            quote: Hi
            para: p2
        caveats:
          - id: k1
            text: K.
            quote: there
            para: intro
    "));
    let errors = errors(&loaded);
    assert_eq!(errors.len(), 2, "{errors:#?}");
    assert_error(
        errors[0],
        9,
        11,
        &["expert `e1`", "`para`", "paragraph `p2`"],
    );
    assert_error(
        errors[1],
        14,
        11,
        &["caveat `k1`", "`para`", "paragraph `intro`"],
    );
    assert_help(errors[0], &["p1"]);
}

#[test]
fn a_near_miss_reference_suggests_the_id_meant() {
    let d = one_error(&y("
        format: debrief/1
        title: T
        actors:
          - id: cz-mfa
            name: Ministry
        article:
          - text: Hi.
        claims:
          - id: c1
            text: C.
            by: cz-mfaa
    "));
    assert_error(&d, 11, 9, &["`by`", "actor `cz-mfaa`", "not defined"]);
    assert_help(&d, &["did you mean `cz-mfa`?"]);
}

#[test]
fn a_reference_to_the_wrong_kind_of_item_is_an_error() {
    let loaded = load(&y("
        format: debrief/1
        title: T
        actors:
          - id: a1
            name: A
        article:
          - text: Hi.
        sources:
          - id: s1
            name: S
            reliability: B
        claims:
          - id: c1
            text: C.
            quote: Hi
            para: c1
            by: s1
            sources: [a1]
        experts:
          - id: e1
            name: E
            on: [k1]
        caveats:
          - id: k1
            text: K.
            raised_by: c1
    "));
    let errors = errors(&loaded);
    let expected = [
        (
            16,
            11,
            "`para` names `c1`, which is a claim, not a paragraph",
            "p1",
        ),
        (
            17,
            9,
            "`by` names `s1`, which is a source, not an actor",
            "a1",
        ),
        (
            18,
            15,
            "`sources` names `a1`, which is an actor, not a source",
            "s1",
        ),
        (
            22,
            10,
            "`on` names `k1`, which is a caveat, not a claim",
            "c1",
        ),
        (
            26,
            16,
            "`raised_by` names `c1`, which is a claim, not an expert",
            "e1",
        ),
    ];
    assert_eq!(errors.len(), expected.len(), "{errors:#?}");
    for (d, (line, column, message, defined)) in errors.iter().zip(expected) {
        assert_error(d, line, column, &[message]);
        assert_help(d, &[defined]);
    }
}

// ---------------------------------------------------------------- countries

#[test]
fn countries_must_be_iso_alpha_2_in_capitals_with_a_suggestion() {
    let loaded = load(&y("
        format: debrief/1
        title: T
        actors:
          - id: a1
            name: A
            country: UK
          - id: a2
            name: B
            country: cz
          - id: a3
            name: C
            country: Czechia
          - id: a4
            name: D
            country: XX
        article:
          - text: Hi.
        claims:
          - id: c1
            text: C.
            actors: [a1, a2, a3, a4]
            countries: [CZ, Czechia, CZE]
            sources: []
    "));
    let errors = errors(&loaded);
    let expected = [
        (6, 14, "UK", "`GB`"),
        (9, 14, "cz", "`CZ`"),
        (12, 14, "Czechia", "`CZ`"),
        (15, 14, "XX", "two-letter code"),
        (22, 21, "Czechia", "`CZ`"),
        (22, 30, "CZE", "`CZ`"),
    ];
    assert_eq!(errors.len(), expected.len(), "{errors:#?}");
    for (d, (line, column, code, help)) in errors.iter().zip(expected) {
        assert_error(
            d,
            line,
            column,
            &[&format!(
                "`{code}` is not an ISO 3166-1 alpha-2 country code"
            )],
        );
        assert_help(d, &[help]);
    }
}

// ---------------------------------------------------------------- vocabularies

#[test]
fn unknown_vocabulary_words_list_the_allowed_words() {
    let loaded = load(&y("
        format: debrief/1
        title: T
        actors:
          - id: a1
            name: A
            kind: hacker
        article:
          - text: Hi.
        sources:
          - id: s1
            name: S
            reliability: G
            kind: blog
            actor: a1
          - id: s2
            name: S
            reliability: b
        claims:
          - id: c1
            text: C.
            confidence: probable
            sources: [s1]
          - id: c2
            text: C.
            confidence: likley
            sources: [s1]
        experts:
          - id: e1
            name: E
            stance: agrees
    "));
    let errors = errors(&loaded);
    let icd = "almost-no-chance, very-unlikely, unlikely, roughly-even-chance, likely, very-likely, almost-certain";
    let expected: [(u32, u32, &str, &[&str]); 7] = [
        (
            6,
            11,
            "actor `a1`: unknown kind `hacker`",
            &["threat-group, government, agency, organisation, company, person, alliance"],
        ),
        (
            12,
            18,
            "source `s1`: unknown reliability `G`",
            &["A, B, C, D, E, F"],
        ),
        (
            13,
            11,
            "source `s1`: unknown kind `blog`",
            &["official, media, vendor, research, expert, anonymous, document"],
        ),
        (
            17,
            18,
            "source `s2`: unknown reliability `b`",
            &["did you mean `B`?", "A, B, C, D, E, F"],
        ),
        (21, 17, "claim `c1`: unknown confidence `probable`", &[icd]),
        (
            25,
            17,
            "claim `c2`: unknown confidence `likley`",
            &["did you mean `likely`?", icd],
        ),
        (
            30,
            13,
            "expert `e1`: unknown stance `agrees`",
            &["supports, cautions, disputes, neutral"],
        ),
    ];
    assert_eq!(errors.len(), expected.len(), "{errors:#?}");
    for (d, (line, column, message, help)) in errors.iter().zip(expected) {
        assert_error(d, line, column, &[message]);
        assert_help(d, help);
    }
    assert!(
        !errors[1].help.as_deref().unwrap().contains("did you mean"),
        "nothing is near `G`"
    );
    // A grade that is written but wrong is an error, not also a "no grade" warning.
    assert!(
        warnings(&loaded)
            .iter()
            .all(|w| !w.message.contains("reliability")),
        "{:#?}",
        warnings(&loaded)
    );
}

#[test]
fn every_word_of_every_vocabulary_is_accepted() {
    use debrief::briefing::{ActorKind, Likelihood, Reliability, SourceKind, Stance};
    let mut src = y("
        format: debrief/1
        title: T
        article:
          - text: Hi.
    ");
    let mut actors = String::from("actors:\n");
    for (i, kind) in ActorKind::WORDS.iter().enumerate() {
        actors += &format!("  - {{id: a{i}, name: A, kind: {kind}}}\n");
    }
    let mut sources = String::from("sources:\n");
    for (i, kind) in SourceKind::WORDS.iter().enumerate() {
        let grade = Reliability::WORDS[i % Reliability::WORDS.len()];
        sources += &format!(
            "  - {{id: s{i}, name: S, kind: {kind}, reliability: {grade}, actor: a{i}}}\n"
        );
    }
    let mut claims = String::from("claims:\n");
    for (i, word) in Likelihood::WORDS.iter().enumerate() {
        claims += &format!("  - {{id: c{i}, text: C, confidence: {word}, sources: [s0]}}\n");
    }
    let mut experts = String::from("experts:\n");
    for (i, word) in Stance::WORDS.iter().enumerate() {
        experts += &format!("  - {{id: e{i}, name: E, stance: {word}}}\n");
    }
    src += &(actors + &sources + &claims + &experts);
    let b = clean(&src);
    assert_eq!(b.actors.len(), ActorKind::ALL.len());
    assert_eq!(
        b.claims
            .iter()
            .map(|c| c.likelihood.unwrap())
            .collect::<Vec<_>>(),
        Likelihood::ALL
    );
    assert_eq!(b.experts.len(), Stance::ALL.len());
}

// ---------------------------------------------------------------- anchors

const QUOTED_ARTICLE: &str = "
    format: debrief/1
    title: T
    article:
      - text: |
          The group struck again. Then the group
          left the network.
      - id: second
        text: Ministr Lipavský předvolal velvyslance. 中国大使 spoke. The group hid.
    ";

/// The article above, then `claims:` with the given items (written from
/// column 0; indented here by two), then any further sections.
fn with_claims(claims: &str, rest: &str) -> String {
    let mut src = y(QUOTED_ARTICLE) + "claims:\n";
    for line in y(claims).lines() {
        src += &format!("  {line}\n");
    }
    src + &y(rest)
}

#[test]
fn a_quote_not_in_the_article_is_an_error_at_the_quote() {
    let d = one_error(&with_claims(
        "
        - id: c1
          text: C.
          quote: not in the text
        ",
        "",
    ));
    assert_error(&d, 12, 12, &["claim `c1`", "quote is not found"]);
    assert_eq!(d.length, 15, "the whole quote is underlined");
    assert_help(&d, &["exact words"]);
}

#[test]
fn a_quote_differing_only_in_case_or_in_the_wrong_paragraph_says_so() {
    let loaded = load(&with_claims(
        "
        - id: c1
          text: C.
          quote: THE GROUP STRUCK
        - id: c2
          text: C.
          quote: hid
          para: p1
        ",
        "",
    ));
    let errors = errors(&loaded);
    assert_eq!(errors.len(), 2, "{errors:#?}");
    assert_error(errors[0], 12, 12, &["quote is not found"]);
    assert_help(errors[0], &["`p1`", "capital letters"]);
    assert_error(errors[1], 15, 12, &["quote is not found"]);
    assert_help(
        errors[1],
        &["`second`", "not in the paragraph named by `para`"],
    );
}

#[test]
fn an_ambiguous_quote_says_how_often_and_where() {
    let loaded = load(&with_claims(
        "
        - id: c1
          text: C.
          quote: group
        - id: c2
          text: C.
          quote: the group
          para: p1
          prefix: Then
          suffix: network
        - id: c3
          text: C.
          quote: The group
        ",
        "",
    ));
    let errors = errors(&loaded);
    assert_eq!(errors.len(), 3, "{errors:#?}");
    assert_error(
        errors[0],
        12,
        12,
        &[
            "claim `c1`",
            "ambiguous: it occurs 3 times (in p1 twice, second)",
        ],
    );
    assert_help(errors[0], &["para:", "prefix:", "suffix:"]);
    // A prefix and suffix that fit no occurrence: not found, and why.
    assert_error(errors[1], 15, 12, &["claim `c2`", "not found"]);
    assert_help(errors[1], &["prefix/suffix"]);
    assert_error(
        errors[2],
        21,
        12,
        &["claim `c3`", "ambiguous: it occurs 2 times (in p1, second)"],
    );
}

#[test]
fn para_prefix_and_suffix_disambiguate_and_any_script_resolves() {
    let b = clean(&with_claims(
        r#"
        - id: c1
          text: C.
          quote: group
          para: second
          sources: [s1]
        - id: c2
          text: C.
          quote: group
          prefix: "Then the"
          sources: [s1]
        - id: c3
          text: C.
          quote: group
          suffix: left   the
          para: p1
          sources: [s1]
        - id: c4
          text: C.
          quote: "Lipavský předvolal"
          sources: [s1]
        - id: c5
          text: C.
          quote: 中国大使
          sources: [s1]
        - id: c6
          text: C.
          quote: "the group\n  left"
          sources: [s1]
        "#,
        "
        sources:
          - id: s1
            name: S
            reliability: C
        ",
    ));
    let spans: Vec<Span> = b
        .claims
        .iter()
        .map(|c| c.anchor.as_ref().and_then(|a| a.span).expect("resolved"))
        .collect();
    let p1 = &b.article[0].text;
    let p2 = &b.article[1].text;
    assert_eq!(
        p1,
        "The group struck again. Then the group left the network."
    );
    let text = |s: Span| &b.article[s.para()].text[s.range()];

    assert_eq!(spans[0].para(), 1);
    assert_eq!(spans[0].start(), p2.find("group").unwrap());
    let second = p1.rfind("group").unwrap();
    assert_eq!(spans[1], Span::new(0, second, second + 5).unwrap());
    assert_eq!(spans[2], spans[1], "suffix picks the same one as prefix");
    assert_eq!(text(spans[3]), "Lipavský předvolal");
    assert_eq!(spans[3].start(), "Ministr ".len());
    assert_eq!(text(spans[4]), "中国大使");
    assert_eq!(spans[4].start(), p2.find('中').unwrap());
    assert_eq!(
        text(spans[5]),
        "the group left",
        "a line break in the article and a run of spaces in the quote both read as one space"
    );
}

// ---------------------------------------------------------------- warnings

#[test]
fn the_three_warnings_are_warnings_and_the_briefing_still_loads() {
    let loaded = load(&y("
        format: debrief/1
        title: T
        actors:
          - id: used
            name: Used
          - id: lonely
            name: Lonely
        article:
          - text: Hi.
        sources:
          - id: s1
            name: S
            actor: used
        claims:
          - id: c1
            text: C.
          - id: c2
            text: C.
            sources: []
          - id: c3
            text: C.
            sources: [s1]
    "));
    assert!(errors(&loaded).is_empty(), "{:#?}", loaded.diagnostics);
    let b = loaded
        .briefing
        .as_ref()
        .expect("warnings do not stop a briefing");
    assert_eq!(b.claims.len(), 3);
    let w = warnings(&loaded);
    let expected = [
        (6, "actor `lonely` is never referenced", "`by`"),
        (11, "source `s1` has no reliability grade", "A-F"),
        (15, "claim `c1` has no source", "sources:"),
        (17, "claim `c2` has no source", "sources:"),
    ];
    assert_eq!(w.len(), expected.len(), "{w:#?}");
    for (d, (line, message, help)) in w.iter().zip(expected) {
        assert_eq!(d.severity, Severity::Warning);
        assert_eq!((d.line, d.column), (line, 5), "{d:?}");
        assert!(d.message.contains(message), "{d:?}");
        assert_help(d, &[help]);
    }
}

#[test]
fn an_actor_referenced_only_by_a_claim_is_not_warned_about() {
    clean(&y("
        format: debrief/1
        title: T
        actors:
          - id: by-only
            name: A
          - id: involved-only
            name: B
        article:
          - text: Hi.
        sources:
          - id: s1
            name: S
            reliability: A
        claims:
          - id: c1
            text: C.
            by: by-only
            actors: [involved-only]
            sources: [s1]
    "));
}

// ---------------------------------------------------------------- many problems

#[test]
fn several_problems_in_one_file_are_all_reported_each_at_its_line() {
    let loaded = load(&y("
        format: debrief/1
        title: T
        published: 2025/05/28
        article:
          - text: The attack was traced back to APT31.
        actors:
          - id: a1
            name: A
            country: UK
        claims:
          - id: c1
            text: C.
            by: a1
            confidense: likely
            quote: traced forward
    "));
    let errors = errors(&loaded);
    assert_eq!(errors.len(), 4, "{errors:#?}");
    assert_error(errors[0], 3, 12, &["not a date"]);
    assert_error(errors[1], 9, 14, &["`UK`", "country code"]);
    assert_error(errors[2], 14, 5, &["unknown key `confidense`"]);
    assert_error(errors[3], 15, 12, &["quote is not found"]);
}

// ---------------------------------------------------------------- the file itself

#[test]
fn a_yaml_syntax_error_is_reported_with_line_and_column() {
    let d = one_error("format: debrief/1\ntitle: \"unclosed\narticle:\n  - text: Hi.\n");
    assert_error(&d, 2, 8, &["invalid YAML", "quote"]);

    let d = one_error("format: debrief/1\ntitle: T\narticle:\n  - text: Hi.\n   bad: indent\n");
    assert_error(&d, 5, 4, &["invalid YAML"]);
    // The parser's words, then what to do in plain ones (yaml.rs has the
    // usual mistakes one by one).
    assert_help(&d, &["the keys of one item line up under its first key"]);
}

#[test]
fn a_repeated_key_is_an_error_at_the_second() {
    let d = one_error("format: debrief/1\ntitle: T\ntitle: U\narticle:\n  - text: Hi.\n");
    assert_error(&d, 3, 1, &["duplicate key `title`"]);
    assert!(!d.message.contains("DuplicateKeyPolicy"), "{d:?}");
    assert_help(&d, &["once"]);
}

#[test]
fn several_yaml_documents_are_an_error_at_the_separator() {
    let one = "format: debrief/1\ntitle: T\narticle:\n  - text: Hi.\n";
    for (src, line) in [
        (format!("{one}---\n{one}"), 5),
        (format!("{one}---\n"), 5),
        (format!("---\n{one}---\n{one}"), 6),
    ] {
        let d = one_error(&src);
        assert_error(&d, line, 1, &["more than one YAML document"]);
        assert!(!d.message.contains("from_str"), "{d:?}");
        assert_help(&d, &["`---`"]);
    }
    // One document that starts with a marker is one document.
    clean(&format!("---\n{one}"));
}

#[test]
fn an_empty_file_is_a_clear_error() {
    for src in ["", "\n\n", "   \n", "# only a comment\n"] {
        let d = one_error(src);
        assert_error(&d, 1, 1, &[]);
        assert!(
            d.message.contains("empty") || d.message.contains("no content"),
            "{src:?}: {d:?}"
        );
        assert_help(&d, &["format: debrief/1", "title", "article"]);
    }
}

#[test]
fn invalid_utf8_is_reported_where_it_starts() {
    let loaded = load_raw(b"format: debrief/1\ntitle: \xff\xfe\narticle:\n  - text: Hi.\n");
    let errors = errors(&loaded);
    assert_eq!(errors.len(), 1);
    assert_error(errors[0], 2, 8, &["not valid UTF-8"]);
    assert_help(errors[0], &["UTF-8"]);

    // The column counts characters, not bytes: `title: Čína ` is 12 of them,
    // then a control character, then half a character.
    let mut bytes = "title: Čína \u{1}".as_bytes().to_vec();
    bytes.push(0xc3);
    let loaded = load_raw(&bytes);
    let load_errors: Vec<&Diagnostic> = loaded.diagnostics.iter().collect();
    assert_error(load_errors[0], 1, 14, &["not valid UTF-8"]);
}

#[test]
fn a_top_level_that_is_not_a_mapping_is_a_clear_error() {
    for (src, found) in [
        ("- format: debrief/1\n- title: T\n", "found a list"),
        ("just a sentence\n", "found text"),
        ("42\n", "found the number `42`"),
    ] {
        let d = one_error(src);
        assert_error(
            &d,
            1,
            1,
            &["the briefing should be a mapping of keys", found],
        );
        assert_help(&d, &[TOP_KEYS]);
    }
}

#[test]
fn a_key_that_is_not_a_name_is_an_error() {
    let d = one_error("format: debrief/1\ntitle: T\n1: x\narticle:\n  - text: Hi.\n");
    assert_error(&d, 3, 1, &["a key in the briefing is the number `1`"]);
}

#[test]
fn hostile_characters_never_reach_a_message() {
    // A bidi override gets through YAML and is removed at load.
    let d = one_error(
        "format: debrief/1\ntitle: T\nti\u{202e}tel\u{2066}: x\narticle:\n  - text: Hi.\n",
    );
    assert_error(&d, 3, 1, &["unknown key `titel`"]);
    assert!(!d.message.contains('\u{202e}') && !d.message.contains('\u{2066}'));
    assert_help(&d, &["did you mean `title`?"]);
    // A control character is refused where it stands, named, never sent.
    for (c, name) in [
        ('\u{1b}', "U+001B"),
        ('\u{7f}', "U+007F"),
        ('\u{9b}', "U+009B"),
        ('\u{0}', "U+0000"),
    ] {
        let d = one_error(&format!(
            "format: debrief/1\ntitle: Čí{c}[2J\narticle:\n  - text: Hi.\n"
        ));
        assert_error(&d, 2, 10, &["control character", name]);
        assert!(!d.message.contains(c), "{d:?}");
    }
}

// ---------------------------------------------------------------- never panics

const FULL: &str = "format: debrief/1
id: x
title: T
published: 2025-05-28
tags: [a, b]
actors:
  - id: a1
    name: Ministr Lipavský
    kind: government
    country: CZ
article:
  - text: |
      The attack was traced back to APT31. 中国大使 spoke.
sources:
  - {id: s1, name: S, kind: official, reliability: B, actor: a1}
claims:
  - id: c1
    text: C.
    quote: \"traced back\"
    by: a1
    sources: [s1]
    caveats: [k1]
    confidence: likely
experts:
  - {id: e1, name: E, stance: cautions, on: [c1], quote: spoke}
caveats:
  - {id: k1, text: K, applies_to: [c1], raised_by: e1}
";

#[test]
fn the_full_sample_is_clean() {
    clean(FULL);
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(512))]

    /// Any prefix of a valid briefing, cut anywhere (even inside a character),
    /// loads or fails with located errors; never a panic.
    #[test]
    fn any_truncation_is_reported_not_panicked_on(cut in 0..FULL.len()) {
        load_raw(&FULL.as_bytes()[..cut]);
    }

    /// A valid briefing with one byte replaced by any byte.
    #[test]
    fn any_one_byte_change_is_reported_not_panicked_on(at in 0..FULL.len(), byte in any::<u8>()) {
        let mut bytes = FULL.as_bytes().to_vec();
        bytes[at] = byte;
        load_raw(&bytes);
    }

    /// A valid briefing with one line removed.
    #[test]
    fn any_missing_line_is_reported_not_panicked_on(line in 0..FULL.lines().count()) {
        let src: String = FULL
            .lines()
            .enumerate()
            .filter(|(i, _)| *i != line)
            .map(|(_, l)| format!("{l}\n"))
            .collect();
        load(&src);
    }
}

#[test]
fn a_misspelt_required_key_is_one_error_not_two() {
    // `tittle` is an unknown key *and* leaves `title` missing; the typo
    // explains both, so only it is reported.
    let d = one_error(&y("
        format: debrief/1
        tittle: A typo
        article:
          - text: Some words.
    "));
    assert_error(&d, 2, 1, &["unknown key `tittle`"]);
    assert_help(&d, &["did you mean `title`?"]);
    let d = one_error(&y("
        format: debrief/1
        title: t
        article:
          - text: Some words.
        claims:
          - id: c1
            txet: the claim
    "));
    assert_error(&d, 7, 5, &["unknown key `txet`", "claim `c1`"]);
}
