//! The library's actor registry: a file named `actors.yaml`
//! (`format: debrief-actors/1`) defines actors once for every briefing in its
//! folder and below, so seven files that speak of APT31 speak of one actor.
//!
//! A version 2 briefing may use a registry id anywhere an actor id goes
//! without defining it: at load, [`apply`] copies the registry actors it
//! names into its `actors` (marked with the registry's path), so the
//! validator, filters, facets, counts and exports see them like its own. A
//! briefing that defines an actor the registry has keeps its own definition
//! inside it, with a warning naming the registry's line and what differs.
//! Version 1 files define their actors themselves, as they always did, and
//! load the same wherever they are; the registry still makes one actor of
//! their ids for filters and names.

use std::collections::{HashMap, HashSet};
use std::path::{Path, PathBuf};

use super::diagnostic::{Diagnostic, Diagnostics};
use super::library::LoadFailure;
use super::load::{self, Limits};
use super::model::{Actor, Briefing, FormatVersion};
use super::{decode, validate};
use crate::text;

/// The name that makes a file a registry rather than a briefing.
pub const REGISTRY_FILE: &str = "actors.yaml";

/// Is this file an actor registry by its name?
pub fn is_registry_file(path: &Path) -> bool {
    path.file_name().is_some_and(|n| n == REGISTRY_FILE)
}

/// One `actors.yaml` and the folder it applies to.
#[derive(Debug, Clone)]
pub struct RegistryFile {
    pub path: PathBuf,
    /// The folder it applies to (and below), made absolute to compare.
    pub dir: PathBuf,
    pub actors: Vec<Actor>,
}

/// Every registry of a library.
#[derive(Debug, Clone, Default)]
pub struct Registry {
    pub files: Vec<RegistryFile>,
}

impl Registry {
    /// The registries that apply under `paths`: those among `found` (the
    /// files a library walk met) and those in the folders above each path.
    /// Problems in a registry are returned to be shown; the actors that
    /// could be read still apply, so one bad entry does not turn every
    /// briefing's references into errors too.
    pub fn load(
        paths: &[PathBuf],
        found: &[PathBuf],
        limits: &Limits,
    ) -> (Registry, Vec<LoadFailure>, Vec<Diagnostic>) {
        let mut candidates: Vec<PathBuf> = found.to_vec();
        for p in paths {
            let start = if p.is_dir() {
                Some(p.as_path())
            } else {
                p.parent()
            };
            let start = start.map(absolute);
            for dir in start.iter().flat_map(|d| d.ancestors()) {
                let file = dir.join(REGISTRY_FILE);
                if file.is_file() {
                    candidates.push(file);
                }
            }
        }
        let mut seen = HashSet::new();
        let mut registry = Registry::default();
        let mut failures = Vec::new();
        let mut warnings = Vec::new();
        for path in candidates {
            if !seen.insert(absolute(&path)) {
                continue;
            }
            let (file, diagnostics) = load_registry_file(&path, limits);
            if diagnostics.iter().any(Diagnostic::is_error) {
                failures.push(LoadFailure {
                    path: path.clone(),
                    diagnostics,
                });
            } else {
                warnings.extend(diagnostics);
            }
            if let Some(file) = file {
                registry.files.push(file);
            }
        }
        // Nearest first when several apply: the deeper folder is the more specific.
        registry
            .files
            .sort_by_key(|f| std::cmp::Reverse(f.dir.components().count()));
        (registry, failures, warnings)
    }

    pub fn is_empty(&self) -> bool {
        self.files.iter().all(|f| f.actors.is_empty())
    }

    /// The registry actors that apply to the briefing at `path`, each id
    /// once, from the nearest registry that defines it.
    pub fn for_file(&self, path: &Path) -> Vec<&Actor> {
        if self.files.is_empty() {
            return Vec::new();
        }
        let path = absolute(path);
        let mut ids = HashSet::new();
        self.files
            .iter()
            .filter(|f| path.starts_with(&f.dir))
            .flat_map(|f| &f.actors)
            .filter(|a| ids.insert(a.id.as_str()))
            .collect()
    }

    /// Every registry actor of the library, nearest registries first.
    pub fn actors(&self) -> impl Iterator<Item = &Actor> {
        self.files.iter().flat_map(|f| &f.actors)
    }

    /// The registry's actor with this id, if any registry defines it.
    pub fn actor(&self, id: &str) -> Option<&Actor> {
        self.actors().find(|a| a.id == id)
    }
}

/// Absolute, for comparing folders; the path as given if that fails.
fn absolute(path: &Path) -> PathBuf {
    std::fs::canonicalize(path)
        .or_else(|_| std::path::absolute(path))
        .unwrap_or_else(|_| path.to_owned())
}

/// Loads and checks one `actors.yaml`, as `debrief check` does a briefing:
/// unknown keys, missing names, duplicate ids, bad countries, and an alias
/// that two actors share.
pub fn load_registry_file(path: &Path, limits: &Limits) -> (Option<RegistryFile>, Vec<Diagnostic>) {
    let mut diags = Diagnostics::new(path);
    let Some(bytes) = load::read_bytes(path, limits, &mut diags) else {
        return (None, diags.into_sorted());
    };
    let Some(mut actors) = registry_actors(&bytes, &mut diags) else {
        return (None, diags.into_sorted());
    };
    for a in &mut actors {
        a.registry = Some(path.to_owned());
    }
    let dir = absolute(path.parent().unwrap_or(Path::new(".")));
    let file = RegistryFile {
        path: path.to_owned(),
        dir,
        actors,
    };
    (Some(file), diags.into_sorted())
}

/// The actors of a registry's text, checked, with the fixes of its
/// problems placed; `None` when it is not a registry at all.
fn registry_actors(bytes: &[u8], diags: &mut Diagnostics) -> Option<Vec<Actor>> {
    let actors = load::tree(bytes, diags).and_then(|root| decode::registry(&root, diags));
    let actors = actors.map(|mut actors| {
        check(&mut actors, diags);
        actors
    });
    load::place_fixes(bytes, diags);
    actors
}

/// The problems of a registry held in memory, as `check` reports them with
/// the file: what `check --fix` reads between its rounds.
pub fn registry_diagnostics(path: &Path, bytes: &[u8]) -> Vec<Diagnostic> {
    let mut diags = Diagnostics::new(path);
    registry_actors(bytes, &mut diags);
    diags.into_sorted()
}

fn check(actors: &mut Vec<Actor>, diags: &mut Diagnostics) {
    let mut first: HashMap<String, (String, u32)> = HashMap::new();
    let mut ids: HashMap<&str, u32> = HashMap::new();
    let mut duplicate = Vec::new();
    for (i, a) in actors.iter().enumerate() {
        if a.id.is_empty() {
            continue;
        }
        if let Some(line) = ids.get(a.id.as_str()) {
            diags
                .error(
                    a.pos,
                    format!(
                        "duplicate actor id `{}`: the actor at line {line} already uses it",
                        a.id
                    ),
                )
                .with_help("an id names one actor across the library: keep one definition")
                .underline(text::width(&a.id));
            duplicate.push(i);
        } else {
            ids.insert(&a.id, a.pos.line);
        }
        if let Some(code) = &a.country {
            validate::check_country(code, diags);
        }
        for alias in &a.aliases {
            let key = text::fold(alias).replace(' ', "");
            match first.get(&key) {
                Some((other, line)) if other != a.id.as_str() => {
                    diags
                        .error(
                            a.pos,
                            format!(
                                "actor `{}`: the alias `{alias}` is also an alias of `{other}` (line {line})",
                                a.id
                            ),
                        )
                        .with_help("an alias must name one actor, or a filter by it finds both: keep it on one")
                        .underline(text::width(&a.id));
                }
                Some(_) => {}
                None => {
                    first.insert(key, (a.id.to_string(), a.pos.line));
                }
            }
        }
    }
    for i in duplicate.into_iter().rev() {
        actors.remove(i);
    }
}

/// Brings the registry into a briefing being loaded: the registry actors
/// it names and does not define, copied in; and, in a version 2 file, a
/// warning for each actor it defines that the registry defines too.
pub fn apply(b: &mut Briefing, registry: &[&Actor], diags: &mut Diagnostics) {
    if registry.is_empty() {
        return;
    }
    let by_id: HashMap<&str, &Actor> = registry.iter().map(|a| (a.id.as_str(), *a)).collect();
    if b.format == FormatVersion::V2 {
        for own in &b.actors {
            let Some(theirs) = by_id.get(own.id.as_str()) else {
                continue;
            };
            let differ = differences(own, theirs);
            let at = theirs.registry.as_ref().map_or(String::new(), |p| {
                format!("{}:{}", p.display(), theirs.pos.line)
            });
            let what = if differ.is_empty() {
                "the same".to_string()
            } else {
                format!("with a different {}", differ.join(", "))
            };
            diags
                .warning(
                    own.pos,
                    format!(
                        "actor `{}` is defined in the actor registry at {at}; defined here again, {what}",
                        own.id
                    ),
                )
                .with_help("remove this definition to use the registry's, which the whole library shares; this briefing uses its own meanwhile")
                .underline(text::width(&own.id));
        }
    }
    if b.format == FormatVersion::V1 {
        return;
    }
    let local: HashSet<&str> = b
        .actors
        .iter()
        .map(|a| a.id.as_str())
        .chain(b.article.iter().map(|p| p.id.as_str()))
        .chain(b.sources.iter().map(|s| s.id.as_str()))
        .chain(b.claims.iter().map(|c| c.id.as_str()))
        .chain(b.experts.iter().map(|e| e.id.as_str()))
        .chain(b.caveats.iter().map(|k| k.id.as_str()))
        .collect();
    let mut wanted: Vec<&str> = b
        .claims
        .iter()
        .flat_map(|c| c.by.as_written().iter().chain(c.actors.as_written()))
        .chain(b.sources.iter().filter_map(|s| s.actor.as_ref()))
        .map(|r| r.value.as_str())
        .filter(|id| !local.contains(id))
        .collect();
    wanted.sort_unstable();
    wanted.dedup();
    let added: Vec<Actor> = wanted
        .into_iter()
        .filter_map(|id| by_id.get(id).map(|a| (*a).clone()))
        .collect();
    b.actors.extend(added);
}

/// The fields in which a briefing's definition of an actor differs from the registry's.
fn differences(own: &Actor, theirs: &Actor) -> Vec<&'static str> {
    let mut out = Vec::new();
    if own.name != theirs.name {
        out.push("name");
    }
    if own.kind != theirs.kind {
        out.push("kind");
    }
    if own.country.as_ref().map(|c| &c.value) != theirs.country.as_ref().map(|c| &c.value) {
        out.push("country");
    }
    if own.aliases != theirs.aliases {
        out.push("aliases");
    }
    if own.refs != theirs.refs {
        out.push("refs");
    }
    out
}
