//! The reader's modules import in one direction: no import circle among the
//! modules of `src/tui` (each of `screens/` and `overlays/` counted as one),
//! and only `terminal.rs` talks to crossterm.

use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};

fn rust_files(dir: &Path, out: &mut Vec<PathBuf>) {
    for entry in std::fs::read_dir(dir).expect("read src/tui") {
        let path = entry.expect("an entry").path();
        if path.is_dir() {
            rust_files(&path, out);
        } else if path.extension().is_some_and(|e| e == "rs") {
            out.push(path);
        }
    }
}

/// The top-level module of `src/tui` a file belongs to.
fn module_of(root: &Path, file: &Path) -> String {
    let rel = file.strip_prefix(root).expect("under src/tui");
    let first = rel.components().next().expect("a component");
    let name = first.as_os_str().to_string_lossy();
    name.trim_end_matches(".rs").to_string()
}

/// Names after `prefix` in `source`, up to the first character not in an identifier.
fn names_after<'a>(source: &'a str, prefix: &str) -> Vec<&'a str> {
    source
        .match_indices(prefix)
        .map(|(i, _)| {
            let rest = &source[i + prefix.len()..];
            let end = rest
                .find(|c: char| !(c.is_ascii_alphanumeric() || c == '_'))
                .unwrap_or(rest.len());
            &rest[..end]
        })
        .filter(|n| !n.is_empty())
        .collect()
}

#[test]
fn the_reader_has_no_import_circle_and_only_the_terminal_touches_crossterm() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("src/tui");
    let mut files = Vec::new();
    rust_files(&root, &mut files);
    let mut graph: BTreeMap<String, BTreeSet<String>> = BTreeMap::new();
    for file in &files {
        let source = std::fs::read_to_string(file).expect("a source file");
        // Tests may reach anywhere; the code they test may not.
        let code = source.split("#[cfg(test)]").next().unwrap_or("");
        let from = module_of(&root, file);
        let top_level = file.parent() == Some(root.as_path());
        let mut to: Vec<&str> = names_after(code, "crate::tui::");
        if top_level && from != "mod" {
            to.extend(names_after(code, "super::"));
        }
        for t in to {
            if t != from && t.chars().next().is_some_and(|c| c.is_ascii_lowercase()) {
                graph.entry(from.clone()).or_default().insert(t.to_string());
            }
        }
        if from != "terminal" {
            assert!(
                !code.contains("crossterm::"),
                "{} uses crossterm; only terminal.rs may",
                file.display()
            );
        }
    }
    // Depth-first search for a path from a module back to itself.
    fn reaches(
        graph: &BTreeMap<String, BTreeSet<String>>,
        from: &str,
        goal: &str,
        seen: &mut BTreeSet<String>,
    ) -> bool {
        for next in graph.get(from).into_iter().flatten() {
            if next == goal {
                return true;
            }
            if seen.insert(next.clone()) && reaches(graph, next, goal, seen) {
                return true;
            }
        }
        false
    }
    for module in graph.keys() {
        assert!(
            !reaches(&graph, module, module, &mut BTreeSet::new()),
            "{module} imports itself through others: {graph:?}"
        );
    }
}
