//! The library as one body of evidence on the command line: `debrief
//! dossier` (its origin counts worked out here again, independently, from
//! the YAML), `debrief search`, and the warnings `check` adds across files.

use std::collections::{BTreeMap, BTreeSet};
use std::path::Path;

use assert_cmd::Command;
use serde_json::Value;

fn debrief() -> Command {
    let mut cmd = Command::cargo_bin("debrief").expect("the binary is built");
    // The cache goes under target/, never the user's own.
    cmd.env("XDG_CACHE_HOME", env!("CARGO_TARGET_TMPDIR"));
    cmd.current_dir(env!("CARGO_MANIFEST_DIR"));
    cmd
}

fn yaml(text: &str) -> Value {
    let options = serde_saphyr::options! { strict_booleans: true };
    serde_saphyr::from_str_with_options(text, options).expect("YAML that serde-saphyr reads")
}

/// The bundled briefings as plain YAML values, by briefing id.
fn bundled() -> BTreeMap<String, Value> {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("briefings");
    let mut all = BTreeMap::new();
    for entry in std::fs::read_dir(dir).expect("the bundled library") {
        let path = entry.expect("an entry").path();
        if path.file_name().is_some_and(|n| n == "actors.yaml") {
            continue;
        }
        let v = yaml(&std::fs::read_to_string(&path).expect("readable"));
        let id = v["id"].as_str().map_or_else(
            || path.file_stem().unwrap().to_string_lossy().into_owned(),
            str::to_string,
        );
        all.insert(id, v);
    }
    all
}

fn list<'a>(v: &'a Value, key: &str) -> Vec<&'a Value> {
    v[key]
        .as_array()
        .map(|a| a.iter().collect())
        .unwrap_or_default()
}

fn words(v: &Value) -> Vec<String> {
    match v {
        Value::String(s) => vec![s.clone()],
        Value::Array(a) => a
            .iter()
            .filter_map(|x| x.as_str().map(String::from))
            .collect(),
        _ => vec![],
    }
}

/// What makes two sources one, as the format documents it: the same name
/// (case and punctuation aside), or the same URL with the same actor.
fn keys(source: &Value) -> Vec<String> {
    let name: String = source["name"]
        .as_str()
        .unwrap_or_default()
        .to_lowercase()
        .split(|c: char| !c.is_alphanumeric())
        .filter(|w| !w.is_empty())
        .collect::<Vec<_>>()
        .join(" ");
    let mut keys = vec![format!("n {name}")];
    if let Some(url) = source["url"].as_str() {
        let url = url
            .trim_start_matches("https://")
            .trim_start_matches("http://");
        let url = url.trim_start_matches("www.").trim_end_matches('/');
        keys.push(format!(
            "u {} {url}",
            source["actor"].as_str().unwrap_or("")
        ));
    }
    keys
}

/// Which sources of the library are one: each source's class, the smallest
/// (briefing, id) among all sources it shares a name or URL with, directly
/// or through others, found by merging until nothing changes.
fn classes(lib: &BTreeMap<String, Value>) -> BTreeMap<(String, String), (String, String)> {
    let all: Vec<((String, String), Vec<String>)> = lib
        .iter()
        .flat_map(|(bid, b)| {
            list(b, "sources").into_iter().map(move |s| {
                (
                    (bid.clone(), s["id"].as_str().unwrap_or("").to_string()),
                    keys(s),
                )
            })
        })
        .collect();
    let mut class: BTreeMap<(String, String), (String, String)> =
        all.iter().map(|(at, _)| (at.clone(), at.clone())).collect();
    loop {
        let mut changed = false;
        for (a, ka) in &all {
            for (b, kb) in &all {
                if ka.iter().any(|k| kb.contains(k)) && class[b] < class[a] {
                    let lower = class[b].clone();
                    class.insert(a.clone(), lower);
                    changed = true;
                }
            }
        }
        if !changed {
            return class;
        }
    }
}

/// The origins of one source, followed by hand through `derived_from` in
/// its briefing and, through the sources it is one with, in every other.
fn origins(
    lib: &BTreeMap<String, Value>,
    class: &BTreeMap<(String, String), (String, String)>,
    at: (String, String),
    seen: &mut BTreeSet<(String, String)>,
    out: &mut BTreeSet<(String, String)>,
) {
    let me = class[&at].clone();
    if !seen.insert(me.clone()) {
        return;
    }
    let mut parents = Vec::new();
    for (other, c) in class {
        if *c != me {
            continue;
        }
        let s = list(&lib[&other.0], "sources")
            .into_iter()
            .find(|s| s["id"] == other.1.as_str())
            .unwrap();
        for p in words(&s["derived_from"]) {
            parents.push((other.0.clone(), p));
        }
    }
    if parents.is_empty() {
        out.insert(me);
        return;
    }
    for p in parents {
        origins(lib, class, p, seen, out);
    }
}

fn padded(date: &str) -> String {
    // A timeline date: the interval's start, or its end when the start is open.
    let first = date.split('/').find(|p| *p != "..").unwrap_or("");
    match first.len() {
        4 => format!("{first}-00-00"),
        7 => format!("{first}-00"),
        _ => first.to_string(),
    }
}

#[test]
fn the_apt31_dossier_lists_every_claim_in_date_order_with_origins_counted_from_the_yaml() {
    let out = debrief()
        .args([
            "dossier",
            "briefings",
            "--actor",
            "apt31",
            "--format",
            "json",
        ])
        .assert()
        .success();
    let json: Value = serde_json::from_slice(&out.get_output().stdout).expect("JSON");
    assert_eq!(json["subject"], "APT31");
    let entries = json["entries"].as_array().expect("entries");
    let lib = bundled();

    // Every claim whose `by` or `actors` names apt31, each once.
    let mut expected: BTreeSet<String> = BTreeSet::new();
    for (bid, b) in &lib {
        for c in list(b, "claims") {
            if words(&c["by"])
                .iter()
                .chain(&words(&c["actors"]))
                .any(|a| a == "apt31")
            {
                expected.insert(format!("{bid}#{}", c["id"].as_str().unwrap()));
            }
        }
    }
    let listed: BTreeSet<String> = entries
        .iter()
        .map(|e| {
            format!(
                "{}#{}",
                e["briefing"].as_str().unwrap(),
                e["claim"].as_str().unwrap()
            )
        })
        .collect();
    assert_eq!(listed.len(), entries.len(), "each claim once");
    assert_eq!(listed, expected);

    // Date order: each row where its group's earliest member falls.
    let mut group_date: BTreeMap<String, String> = BTreeMap::new();
    for e in entries {
        let d = padded(e["date"].as_str().unwrap());
        let lead = e["group"][0].as_str().unwrap().to_string();
        let g = group_date.entry(lead).or_insert(d.clone());
        if d < *g {
            *g = d;
        }
    }
    let dates: Vec<&String> = entries
        .iter()
        .map(|e| &group_date[e["group"][0].as_str().unwrap()])
        .collect();
    assert!(dates.windows(2).all(|w| w[0] <= w[1]), "{dates:?}");

    // Sources and origins across each claim's group, from the YAML.
    let class = classes(&lib);
    let mut checked_a_relay = false;
    for e in entries {
        let mut sources = BTreeSet::new();
        let mut found = BTreeSet::new();
        let class = &class;
        for member in e["group"].as_array().unwrap() {
            let (bid, cid) = member.as_str().unwrap().split_once('#').unwrap();
            let claim = list(&lib[bid], "claims")
                .into_iter()
                .find(|c| c["id"] == cid)
                .expect("the group's claim");
            for s in words(&claim["sources"]) {
                let at = (bid.to_string(), s.clone());
                sources.insert(class[&at].clone());
                origins(&lib, class, at, &mut BTreeSet::new(), &mut found);
            }
        }
        let at = format!("{}#{}", e["briefing"], e["claim"]);
        assert_eq!(
            e["origins"].as_u64(),
            Some(found.len() as u64),
            "origins of {at}: {found:?}"
        );
        assert_eq!(
            e["sources"].as_u64(),
            Some(sources.len() as u64),
            "sources of {at}"
        );
        checked_a_relay |= found.len() < sources.len();
    }
    assert!(checked_a_relay, "some claim rests on relays of one origin");
}

#[test]
fn an_unknown_actor_exits_1_with_the_closest_names() {
    let out = debrief()
        .args(["dossier", "briefings", "--actor", "apt32"])
        .assert()
        .code(1);
    let err = String::from_utf8_lossy(&out.get_output().stderr).into_owned();
    assert!(
        err.contains("no actor matches “apt32”") && err.contains("closest: APT3"),
        "{err}"
    );
    let out = debrief()
        .args(["dossier", "briefings", "--country", "Czechoslovakia"])
        .assert()
        .code(1);
    let err = String::from_utf8_lossy(&out.get_output().stderr).into_owned();
    assert!(err.contains("closest:"), "{err}");
    debrief().args(["dossier", "briefings"]).assert().code(2);
}

#[test]
fn the_markdown_dossier_reads_by_year_with_its_corroboration() {
    let out = debrief()
        .args(["dossier", "briefings", "--country", "CZ"])
        .assert()
        .success();
    let md = String::from_utf8_lossy(&out.get_output().stdout).into_owned();
    assert!(md.starts_with("# Dossier: Czechia\n"), "{md}");
    assert!(md.contains("\n## 2025\n"), "{md}");
    assert!(
        md.contains(" sources · 1 origin"),
        "the relayed Czech statement: {md}"
    );
}

#[test]
fn search_prints_path_line_col_across_a_line_break() {
    let out = debrief()
        .args(["search", "He WROTE that the", "briefings"])
        .assert()
        .success();
    let stdout = String::from_utf8_lossy(&out.get_output().stdout).into_owned();
    assert_eq!(
        stdout.lines().next().unwrap_or_default(),
        "briefings/cz-2025-official-attribution.yaml:45:70: …inese ambassador. He wrote that the attackers had been spotted while t…",
    );
    let err = String::from_utf8_lossy(&out.get_output().stderr).into_owned();
    assert!(err.contains("1 hit in 1 briefing"), "{err}");

    let out = debrief()
        .args(["search", "lipavsky", "--format", "json"])
        .assert()
        .success();
    let json: Value = serde_json::from_slice(&out.get_output().stdout).expect("JSON");
    let first = &json[0];
    assert_eq!(first["file"], "briefings/cz-2025-official-attribution.yaml");
    assert_eq!(
        (first["line"].as_u64(), first["column"].as_u64()),
        (Some(45), Some(28))
    );
    assert_eq!(first["paragraph"], "p3");
    let [s, e] = [
        first["match"][0].as_u64().unwrap() as usize,
        first["match"][1].as_u64().unwrap() as usize,
    ];
    let snippet: Vec<char> = first["snippet"].as_str().unwrap().chars().collect();
    assert_eq!(snippet[s..e].iter().collect::<String>(), "Lipavský");

    debrief()
        .args(["search", "no such phrase anywhere"])
        .assert()
        .code(1);
}

/// Three briefings, one chain: a statement, Reuters relaying it, AP relaying
/// Reuters, and a `very-likely` grade on the group.
fn chain_library(dir: &Path) {
    let brief = |id: &str, sources: &str, claims: &str| {
        format!(
            "format: debrief/2\nid: {id}\ntitle: T\npublished: 2024\narticle:\n  - text: Hi.\nsources:\n{sources}claims:\n{claims}"
        )
    };
    let files = [
        (
            "a.yaml",
            brief(
                "a",
                "  - {id: gov, name: Government statement, reliability: B}\n",
                "  - {id: c1, text: X, sources: [gov], likelihood: very-likely, same_as: [b#c1]}\n",
            ),
        ),
        (
            "b.yaml",
            brief(
                "b",
                "  - {id: gov, name: Government statement, reliability: C}\n  - {id: r, name: Reuters, reliability: B, derived_from: [gov]}\n",
                "  - {id: c1, text: X, sources: [r], same_as: [c#c1]}\n",
            ),
        ),
        (
            "c.yaml",
            brief(
                "c",
                "  - {id: r, name: Reuters, reliability: B}\n  - {id: ap, name: AP, reliability: B, derived_from: [r]}\n",
                "  - {id: c1, text: X, sources: [ap]}\n",
            ),
        ),
    ];
    for (name, text) in files {
        std::fs::write(dir.join(name), text).expect("written");
    }
}

#[test]
fn check_warns_across_briefings_naming_every_place() {
    let dir = tempfile::tempdir().expect("a temporary folder");
    chain_library(dir.path());
    let out = debrief()
        .current_dir(dir.path())
        .args(["check", "."])
        .assert()
        .success();
    let stdout = String::from_utf8_lossy(&out.get_output().stdout).into_owned();
    let line = |needle: &str| {
        stdout
            .lines()
            .find(|l| l.contains(needle))
            .unwrap_or_else(|| panic!("{needle} in:\n{stdout}"))
            .to_string()
    };
    assert_eq!(
        line("rest on one origin"),
        "./a.yaml:10:6: warning: claim `c1` is graded very-likely, but all 3 claims of its `same_as` group rest on one origin, `Government statement` (./a.yaml:8:6): `a#c1` (./a.yaml:10:6), `b#c1` (./b.yaml:11:6), `c#c1` (./c.yaml:11:6)"
    );
    assert_eq!(
        line("derives from nothing here"),
        "./c.yaml:8:6: warning: source `r` derives from nothing here, but briefing `b` says where it got its information (./b.yaml:9:59); across the library it comes from `Government statement` (./a.yaml:8:6)"
    );
    assert_eq!(
        line("graded B here"),
        "./a.yaml:8:6: warning: source `gov` (Government statement) is graded B here and differently elsewhere: C in `b` (./b.yaml:8:6)"
    );
    assert!(
        stdout.ends_with("checked 3 files: 0 errors, 3 warnings\n"),
        "{stdout}"
    );
}
