//! The rules of format debrief/2 (issue 13), one by one: for each, a small
//! briefing that breaks it and the exact place, severity and words of what is
//! reported; and the warnings about what a judgement rests on. Registry and
//! `same_as` rules need several files and are checked on a folder.

use std::path::Path;

use debrief::briefing::load::load_bytes;
use debrief::briefing::{
    AnalyticConfidence, ClaimKind, Diagnostic, Library, Likelihood, Limits, Loaded, Precision,
    Severity, Tlp,
};

const FILE: &str = "briefings/v2.yaml";

/// The YAML of an indented raw string, line 1 the first line written.
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

fn load(src: &str) -> Loaded {
    let loaded = load_bytes(Path::new(FILE), src.as_bytes());
    let has_error = loaded.diagnostics.iter().any(Diagnostic::is_error);
    assert_eq!(
        loaded.briefing.is_none(),
        has_error,
        "{:#?}",
        loaded.diagnostics
    );
    loaded
}

fn only(l: &Loaded, severity: Severity) -> Vec<&Diagnostic> {
    l.diagnostics
        .iter()
        .filter(|d| d.severity == severity)
        .collect()
}

/// The one diagnostic of that severity.
#[track_caller]
fn one(src: &str, severity: Severity) -> Diagnostic {
    let loaded = load(src);
    let found = only(&loaded, severity);
    assert_eq!(
        found.len(),
        1,
        "expected one {severity} in\n{src}\ngot {found:#?}"
    );
    found[0].clone()
}

#[track_caller]
fn assert_at(d: &Diagnostic, line: u32, column: u32, words: &[&str]) {
    assert_eq!((d.line, d.column), (line, column), "wrong place: {d:#?}");
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

/// A valid v2 briefing with one claim whose keys are `claim` (indented for
/// the claim's mapping) and sources as given.
fn with_claim(claim: &str) -> String {
    let mut src = y("
        format: debrief/2
        title: T
        article:
          - text: The group struck.
        sources:
          - {id: s1, name: S1, reliability: B}
          - {id: s2, name: S2, reliability: E}
          - {id: s3, name: S3, reliability: F}
        claims:
          - id: c1
            text: C
    ");
    for line in claim.lines().filter(|l| !l.trim().is_empty()) {
        src.push_str("    ");
        src.push_str(line.trim());
        src.push('\n');
    }
    src
}

// ---------------------------------------------------------------- valid

#[test]
fn every_v2_field_loads() {
    let src = y("
        format: debrief/2
        title: T
        published: 2021-06
        retrieved: 2025-06-02
        tlp: amber+strict
        retold: true
        article:
          - text: The group struck.
        actors:
          - {id: a1, name: A}
          - {id: a2, name: B}
        sources:
          - {id: s1, name: S1, reliability: B, published: 2021}
          - {id: s2, name: S2, reliability: B, derived_from: [s1]}
        claims:
          - id: c1
            text: C
            by: [a1, a2]
            kind: assessment
            likelihood: very-likely
            confidence: moderate
            stated: highly likely
            when: 2022/2025-05
            techniques: [T1584.008, T1566]
            same_as: [other-briefing#c2]
            sources: [s1]
    ");
    let loaded = load(&src);
    // The link into a briefing not loaded is checked library-wide, not here.
    assert!(loaded.diagnostics.is_empty(), "{:#?}", loaded.diagnostics);
    let b = loaded.briefing.expect("loads");
    assert_eq!(
        b.published.map(|d| d.to_string()).as_deref(),
        Some("2021-06")
    );
    assert_eq!(b.published.map(|d| d.precision()), Some(Precision::Month));
    assert_eq!(b.tlp, Some(Tlp::AmberStrict));
    assert!(b.retold);
    assert_eq!(
        b.sources[0].published.map(|d| d.to_string()).as_deref(),
        Some("2021")
    );
    assert_eq!(b.sources[1].derived_from.ids(&b.sources).next(), Some("s1"));
    let c = &b.claims[0];
    assert_eq!(c.by.len(), 2);
    assert_eq!(c.kind, ClaimKind::Assessment);
    assert_eq!(c.likelihood, Some(Likelihood::VeryLikely));
    assert_eq!(c.confidence, Some(AnalyticConfidence::Moderate));
    assert_eq!(c.stated(), Some("highly likely"));
    assert_eq!(
        c.when().map(|w| w.value.to_string()).as_deref(),
        Some("2022/2025-05")
    );
    assert_eq!(c.techniques().len(), 2);
    assert_eq!(c.same_as()[0].value.to_string(), "other-briefing#c2");
}

#[test]
fn undated_with_retrieved_loads_and_kind_defaults_to_reported() {
    let src = y("
        format: debrief/2
        title: T
        published: undated
        retrieved: 2025-06-02
        article:
          - text: Hi.
        claims:
          - {id: c1, text: C, sources: [s1]}
        sources:
          - {id: s1, name: S, reliability: A}
    ");
    let b = load(&src).briefing.expect("loads");
    assert!(b.undated);
    assert_eq!(b.published, None);
    assert_eq!(
        b.retrieved.map(|d| d.to_string()).as_deref(),
        Some("2025-06-02")
    );
    assert_eq!(b.claims[0].kind, ClaimKind::Reported);
}

// ---------------------------------------------------------------- dates

#[test]
fn undated_without_retrieved_is_an_error_at_published() {
    let src = y("
        format: debrief/2
        title: T
        published: undated
        article:
          - text: Hi.
    ");
    let d = one(&src, Severity::Error);
    assert_at(&d, 3, 1, &["`published: undated` needs `retrieved:`"]);
    assert_help(&d, &["retrieved: YYYY-MM-DD"]);
}

#[test]
fn a_date_must_exist_at_any_precision() {
    for (date, words) in [
        ("2025-02-30", "has no day 30"),
        ("2025-13", "01 to 12"),
        ("25", "year"),
    ] {
        let src =
            format!("format: debrief/2\ntitle: T\npublished: {date}\narticle:\n  - text: Hi.\n");
        let d = one(&src, Severity::Error);
        assert_at(&d, 3, 12, &[&format!("`{date}` is not a date"), words]);
        assert_help(&d, &["YYYY-MM"]);
    }
    // And where a source gives one.
    let src = y("
        format: debrief/2
        title: T
        article:
          - text: Hi.
        sources:
          - {id: s1, name: S, reliability: A, published: 2024-02-30}
    ");
    assert_at(
        &one(&src, Severity::Error),
        6,
        50,
        &["`2024-02-30` is not a date"],
    );
}

#[test]
fn undated_is_a_version_2_word_only() {
    let src = "format: debrief/1\ntitle: T\npublished: undated\narticle:\n  - text: Hi.\n";
    assert_at(
        &one(src, Severity::Error),
        3,
        12,
        &["`undated` is not a date"],
    );
}

#[test]
fn a_when_interval_must_not_end_before_it_starts() {
    let d = one(
        &with_claim("when: 2022-06/2022-05\nsources: [s1]"),
        Severity::Error,
    );
    // At the end date: the claim's first key is on line 12.
    assert_at(
        &d,
        12,
        19,
        &["claim `c1`", "ends (2022-05) before it starts (2022-06)"],
    );
    // The help says what to write: the same dates, the start first.
    assert_help(&d, &["wrong way round", "`2022-05/2022-06`"]);
    let d = one(
        &with_claim("when: 2022/2022-02-30\nsources: [s1]"),
        Severity::Error,
    );
    assert_at(&d, 12, 16, &["has no day 30"]);
    // Open ends are fine.
    let loaded = load(&with_claim("when: ../2024\nsources: [s1]"));
    assert!(loaded.briefing.is_some(), "{:#?}", loaded.diagnostics);
}

// ---------------------------------------------------------------- vocabularies

#[test]
fn likelihood_words_with_did_you_mean_for_typos_and_synonyms() {
    for (word, near) in [
        ("probable", "likely"),
        ("highly likely", "very-likely"),
        ("almost certainly", "almost-certain"),
        ("remote", "almost-no-chance"),
        ("likley", "likely"),
        ("very likely", "very-likely"),
    ] {
        let d = one(
            &with_claim(&format!("likelihood: {word}\nsources: [s1]")),
            Severity::Error,
        );
        assert_at(
            &d,
            12,
            17,
            &[&format!("claim `c1`: unknown likelihood `{word}`")],
        );
        assert_help(
            &d,
            &[
                &format!("did you mean `{near}`?"),
                "ICD 203",
                "roughly-even-chance",
            ],
        );
    }
}

#[test]
fn confidence_words_with_did_you_mean() {
    let d = one(
        &with_claim("confidence: medium\nsources: [s1]"),
        Severity::Error,
    );
    assert_at(&d, 12, 17, &["claim `c1`: unknown confidence `medium`"]);
    assert_help(&d, &["did you mean `moderate`?", "low, moderate, high"]);
    let d = one(
        &with_claim("confidence: hihg\nsources: [s1]"),
        Severity::Error,
    );
    assert_help(&d, &["did you mean `high`?"]);
}

#[test]
fn a_v1_confidence_word_in_a_v2_file_says_to_write_likelihood() {
    let d = one(
        &with_claim("confidence: likely\nsources: [s1]"),
        Severity::Error,
    );
    assert_at(&d, 12, 17, &["`confidence: likely` is a likelihood"]);
    assert_help(&d, &["write `likelihood: likely`", "low | moderate | high"]);
    let d = one(
        &with_claim("confidence: probable\nsources: [s1]"),
        Severity::Error,
    );
    assert_help(&d, &["write `likelihood: likely`"]);
}

#[test]
fn the_v2_keys_are_unknown_keys_in_a_v1_file() {
    let src = y("
        format: debrief/1
        title: T
        tlp: red
        article:
          - text: Hi.
    ");
    let d = one(&src, Severity::Error);
    assert_at(&d, 3, 1, &["unknown key `tlp` in the briefing"]);
}

#[test]
fn tlp_words_and_retold_a_boolean() {
    let src = "format: debrief/2\ntitle: T\ntlp: white\narticle:\n  - text: Hi.\n";
    let d = one(src, Severity::Error);
    assert_at(&d, 3, 6, &["unknown tlp `white`"]);
    assert_help(&d, &["clear, green, amber, amber+strict, red"]);
    let src = "format: debrief/2\ntitle: T\nretold: yes\narticle:\n  - text: Hi.\n";
    let d = one(src, Severity::Error);
    assert_at(&d, 3, 9, &["`retold` should be true or false"]);
}

#[test]
fn kind_is_reported_or_assessment() {
    let d = one(&with_claim("kind: opinion\nsources: [s1]"), Severity::Error);
    assert_at(&d, 12, 11, &["unknown kind `opinion`"]);
    assert_help(&d, &["reported, assessment"]);
}

#[test]
fn techniques_must_be_attack_ids() {
    let src = with_claim("techniques: [T1566, t1059, T1584.8, T1584.008]\nsources: [s1]");
    let loaded = load(&src);
    let errors = only(&loaded, Severity::Error);
    assert_eq!(errors.len(), 2, "{errors:#?}");
    assert_at(
        errors[0],
        12,
        25,
        &["`t1059` is not an ATT&CK technique id"],
    );
    assert_at(
        errors[1],
        12,
        32,
        &["`T1584.8` is not an ATT&CK technique id"],
    );
    assert_help(errors[0], &["T1584.008"]);
}

#[test]
fn by_is_one_id_or_a_list_each_checked() {
    let src = y("
        format: debrief/2
        title: T
        article:
          - text: Hi.
        actors:
          - {id: a1, name: A}
        claims:
          - {id: c1, text: C, by: [a1, a9], sources: []}
    ");
    let loaded = load(&src);
    let errors = only(&loaded, Severity::Error);
    assert_eq!(errors.len(), 1, "{errors:#?}");
    assert_at(
        errors[0],
        8,
        32,
        &["`by` names actor `a9` that is not defined"],
    );
    // An actor can also be defined once for the folder: the help says where.
    assert_help(errors[0], &["under `actors:` here", "`actors.yaml`"]);
}

#[test]
fn same_as_must_be_briefing_hash_claim() {
    let d = one(
        &with_claim("same_as: [other-c2]\nsources: [s1]"),
        Severity::Error,
    );
    assert_at(
        &d,
        12,
        15,
        &["`same_as` names `other-c2`, not BRIEFING-ID#CLAIM-ID"],
    );
}

// ---------------------------------------------------------------- provenance

#[test]
fn derived_from_names_sources_of_the_same_briefing() {
    let src = y("
        format: debrief/2
        title: T
        article:
          - text: Hi.
        sources:
          - {id: s1, name: S, reliability: B, derived_from: [s-gone]}
    ");
    let d = one(&src, Severity::Error);
    assert_at(
        &d,
        6,
        54,
        &["source `s1`: `derived_from` names source `s-gone` that is not defined"],
    );
}

#[test]
fn a_derived_from_cycle_is_an_error_naming_the_cycle() {
    let src = y("
        format: debrief/2
        title: T
        article:
          - text: Hi.
        sources:
          - {id: a, name: A, reliability: B, derived_from: [b]}
          - {id: b, name: B, reliability: B, derived_from: [c]}
          - {id: c, name: C, reliability: B, derived_from: [a]}
          - {id: d, name: D, reliability: B, derived_from: [d]}
    ");
    let loaded = load(&src);
    let errors = only(&loaded, Severity::Error);
    assert_eq!(errors.len(), 2, "{errors:#?}");
    assert_at(
        errors[0],
        8,
        53,
        &["source `c`: `derived_from` makes a cycle: a → b → c → a"],
    );
    assert_at(errors[1], 9, 53, &["cycle: d → d"]);
}

#[test]
fn a_very_likely_claim_from_one_origin_is_a_warning() {
    let src = y("
        format: debrief/2
        title: T
        article:
          - text: Hi.
        sources:
          - {id: gov, name: Government, reliability: B}
          - {id: reuters, name: Reuters, reliability: B, derived_from: [gov]}
          - {id: ap, name: AP, reliability: B, derived_from: [reuters]}
        claims:
          - id: c1
            text: C
            likelihood: very-likely
            sources: [reuters, ap, gov]
          - id: c2
            text: C
            likelihood: likely
            sources: [reuters, ap]
    ");
    let d = one(&src, Severity::Warning);
    assert_at(
        &d,
        10,
        5,
        &["claim `c1` is `very-likely`, but its 3 sources all come from one origin, `gov`"],
    );
    assert_help(&d, &["independent source"]);
    // Independent sources: no warning.
    let src = src.replace("derived_from: [reuters]", "");
    assert!(only(&load(&src), Severity::Warning).is_empty());
}

#[test]
fn high_confidence_on_e_and_f_sources_only_is_a_warning() {
    let d = one(
        &with_claim("likelihood: likely\nconfidence: high\nsources: [s2, s3]"),
        Severity::Warning,
    );
    assert_at(
        &d,
        10,
        5,
        &["claim `c1` has high confidence, but rests only on sources graded E or F"],
    );
    let loaded = load(&with_claim("confidence: high\nsources: [s1, s3]"));
    assert!(
        only(&loaded, Severity::Warning).is_empty(),
        "{:#?}",
        loaded.diagnostics
    );
}

// ---------------------------------------------------------------- library-wide

/// A folder of files, for rules that need more than one.
fn folder(files: &[(&str, &str)]) -> tempfile::TempDir {
    let dir = tempfile::tempdir().expect("temp dir");
    for (name, text) in files {
        let path = dir.path().join(name);
        if let Some(parent) = path.parent() {
            std::fs::create_dir_all(parent).expect("folder");
        }
        std::fs::write(path, text).expect("write");
    }
    dir
}

fn diagnostics_of(dir: &Path, file: &str) -> Vec<Diagnostic> {
    let lib = Library::load(&[dir.to_owned()], &Limits::default());
    lib.diagnostics()
        .into_iter()
        .filter(|d| d.file.ends_with(file))
        .cloned()
        .collect()
}

const OTHER: &str = "format: debrief/2\nid: other\ntitle: T\narticle:\n  - text: Hi.\nclaims:\n  - {id: c2, text: C, sources: []}\n";

#[test]
fn same_as_into_a_loaded_briefing_must_name_one_of_its_claims() {
    let here = "format: debrief/2\nid: here\ntitle: T\narticle:\n  - text: Hi.\nclaims:\n  - {id: c1, text: C, sources: [], same_as: [other#c2, other#c3]}\n";
    let dir = folder(&[("here.yaml", here), ("other.yaml", OTHER)]);
    let found: Vec<Diagnostic> = diagnostics_of(dir.path(), "here.yaml")
        .into_iter()
        .filter(|d| !d.message.contains("no source"))
        .collect();
    assert_eq!(found.len(), 1, "{found:#?}");
    assert_eq!(found[0].severity, Severity::Error);
    assert_at(
        &found[0],
        7,
        56,
        &[
            "`same_as` names `other#c3`, but briefing `other`",
            "has no claim `c3`",
        ],
    );
    assert_help(&found[0], &["the claims of `other` are: c2"]);
    let lib = Library::load(&[dir.path().to_owned()], &Limits::default());
    assert_eq!(
        lib.same_as.of("other", "c2").len(),
        1,
        "the good link holds both ways"
    );
}

#[test]
fn same_as_into_a_briefing_not_loaded_is_a_warning() {
    let here = "format: debrief/2\nid: here\ntitle: T\narticle:\n  - text: Hi.\nclaims:\n  - {id: c1, text: C, sources: [], same_as: [elsewhere#c1]}\n";
    let dir = folder(&[("here.yaml", here)]);
    let found: Vec<Diagnostic> = diagnostics_of(dir.path(), "here.yaml")
        .into_iter()
        .filter(|d| d.message.contains("same_as"))
        .collect();
    assert_eq!(found.len(), 1, "{found:#?}");
    assert_eq!(found[0].severity, Severity::Warning);
    assert_at(&found[0], 7, 46, &["no briefing `elsewhere` is loaded"]);
}

const REGISTRY: &str = "format: debrief-actors/1
actors:
  - id: apt31
    name: APT31
    kind: threat-group
    country: CN
    aliases: [ZIRCONIUM, Violet Typhoon]
  - id: cz-gov
    name: Czech government
    kind: government
    country: CZ
";

#[test]
fn registry_ids_need_no_definition_and_other_ids_still_do() {
    let b = "format: debrief/2\ntitle: T\narticle:\n  - text: Hi.\nclaims:\n  - {id: c1, text: C, by: cz-gov, actors: [apt31, apt40], sources: []}\n";
    let dir = folder(&[("actors.yaml", REGISTRY), ("sub/b.yaml", b)]);
    let found: Vec<Diagnostic> = diagnostics_of(dir.path(), "b.yaml")
        .into_iter()
        .filter(|d| d.is_error())
        .collect();
    assert_eq!(found.len(), 1, "{found:#?}");
    assert_at(
        &found[0],
        6,
        51,
        &["`actors` names actor `apt40` that is not defined"],
    );
}

#[test]
fn a_briefing_redefining_a_registry_actor_is_warned_with_the_registry_line_and_fields() {
    let b = "format: debrief/2\ntitle: T\narticle:\n  - text: Hi.\nactors:\n  - {id: apt31, name: APT 31, kind: threat-group, country: CN}\nclaims:\n  - {id: c1, text: C, actors: [apt31], sources: []}\n";
    let dir = folder(&[("actors.yaml", REGISTRY), ("b.yaml", b)]);
    let found: Vec<Diagnostic> = diagnostics_of(dir.path(), "b.yaml")
        .into_iter()
        .filter(|d| d.message.contains("registry"))
        .collect();
    assert_eq!(found.len(), 1, "{found:#?}");
    assert_eq!(found[0].severity, Severity::Warning);
    assert_at(
        &found[0],
        6,
        6,
        &[
            "actor `apt31` is defined in the actor registry at",
            "actors.yaml:3",
            "with a different name, aliases",
        ],
    );
    // The briefing's own definition wins inside it.
    let lib = Library::load(&[dir.path().to_owned()], &Limits::default());
    assert_eq!(
        lib.briefings[0].actor("apt31").map(|a| a.name.as_str()),
        Some("APT 31")
    );
}

#[test]
fn a_registry_applies_to_its_folder_and_below_only() {
    let b = "format: debrief/2\ntitle: T\narticle:\n  - text: Hi.\nclaims:\n  - {id: c1, text: C, by: cz-gov, sources: []}\n";
    let dir = folder(&[("one/actors.yaml", REGISTRY), ("two/b.yaml", b)]);
    let found: Vec<Diagnostic> = diagnostics_of(dir.path(), "b.yaml")
        .into_iter()
        .filter(|d| d.is_error())
        .collect();
    assert_eq!(found.len(), 1, "{found:#?}");
    assert_at(&found[0], 6, 27, &["actor `cz-gov` that is not defined"]);
}

#[test]
fn the_registry_is_checked_like_a_briefing() {
    let bad = "format: debrief-actors/1
actors:
  - id: apt31
    name: APT31
    aliases: [Violet Typhoon]
    colour: red
  - id: apt31
    name: APT31 again
  - id: uk-gov
    name: UK government
    country: UK
  - id: zirconium
    name: Zirconium group
    aliases: [violet typhoon]
";
    let dir = folder(&[("actors.yaml", bad)]);
    let found = diagnostics_of(dir.path(), "actors.yaml");
    let errors: Vec<&Diagnostic> = found.iter().filter(|d| d.is_error()).collect();
    assert_eq!(errors.len(), 4, "{errors:#?}");
    assert_at(errors[0], 6, 5, &["unknown key `colour` in actor `apt31`"]);
    assert_at(
        errors[1],
        7,
        5,
        &["duplicate actor id `apt31`: the actor at line 3"],
    );
    assert_at(
        errors[2],
        11,
        14,
        &["`UK` is not an ISO 3166-1 alpha-2 country code"],
    );
    assert_at(
        errors[3],
        12,
        5,
        &["actor `zirconium`: the alias `violet typhoon` is also an alias of `apt31` (line 3)"],
    );
    let dir = folder(&[("actors.yaml", "format: debrief/2\nactors: []\n")]);
    let found = diagnostics_of(dir.path(), "actors.yaml");
    assert_at(
        &found[0],
        1,
        9,
        &["unknown format `debrief/2` for an actor registry"],
    );
}
