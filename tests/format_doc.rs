//! docs/FORMAT.md's examples are valid: each whole file it shows checks with
//! no error and no warning. A new user writes a first briefing from them, so
//! an example that rots is a defect.

use std::path::Path;

use debrief::briefing::load::load_bytes;
use debrief::briefing::{FormatVersion, Library, Limits};

fn doc() -> String {
    let path = Path::new(env!("CARGO_MANIFEST_DIR")).join("docs/FORMAT.md");
    std::fs::read_to_string(path).expect("docs/FORMAT.md")
}

/// Every fenced YAML block of the page, in order.
fn yaml_blocks(doc: &str) -> Vec<String> {
    let mut blocks = Vec::new();
    let mut current: Option<String> = None;
    for line in doc.lines() {
        match (&mut current, line.trim_end()) {
            (None, "```yaml") => current = Some(String::new()),
            (Some(_), "```") => blocks.extend(current.take()),
            (Some(block), _) => {
                block.push_str(line);
                block.push('\n');
            }
            (None, _) => {}
        }
    }
    blocks
}

#[test]
fn the_files_the_page_places_in_a_library_check_clean_together() {
    let dir = tempfile::tempdir().expect("temp dir");
    let mut placed = Vec::new();
    for block in yaml_blocks(&doc()) {
        let Some(path) = block
            .lines()
            .next()
            .and_then(|l| l.strip_prefix("# "))
            .filter(|p| p.ends_with(".yaml"))
        else {
            continue;
        };
        let file = dir.path().join(path);
        std::fs::create_dir_all(file.parent().expect("a folder")).expect("folder");
        std::fs::write(&file, &block).expect("written");
        placed.push(path.to_owned());
    }
    assert_eq!(
        placed,
        [
            "briefings/cz-mfa-apt31-2025.yaml",
            "briefings/2025/actors.yaml",
            "briefings/2025/cz-2025-statement.yaml"
        ]
    );
    let lib = Library::load(&[dir.path().join("briefings")], &Limits::default());
    assert!(lib.diagnostics().is_empty(), "{:#?}", lib.diagnostics());
    assert_eq!(lib.briefings.len(), 2);
    assert!(lib.briefings.iter().all(|b| b.format == FormatVersion::V2));
    // The statement uses the registry's actors and links to the example both ways.
    let linked = lib.same_as.of("cz-mfa-apt31-2025", "c1");
    assert_eq!(linked.len(), 1, "{linked:?}");
    assert_eq!(linked[0].briefing, "cz-2025-statement");
}

#[test]
fn every_whole_briefing_on_the_page_checks_clean_alone() {
    let mut seen = [0, 0];
    for block in yaml_blocks(&doc()) {
        // Files placed in a library (`# path` first) are checked together above.
        if block.starts_with("# ") {
            continue;
        }
        let Some(first) = block.lines().next() else {
            continue;
        };
        if first.trim() != "format: debrief/2" && first.trim() != "format: debrief/1" {
            continue;
        }
        let loaded = load_bytes(Path::new("example.yaml"), block.as_bytes());
        assert!(
            loaded.diagnostics.is_empty(),
            "{block}\n{:#?}",
            loaded.diagnostics
        );
        let b = loaded.briefing.expect("loads");
        seen[usize::from(b.format == FormatVersion::V2)] += 1;
    }
    assert!(seen[0] >= 2 && seen[1] >= 1, "v1 and v2 examples: {seen:?}");
}
