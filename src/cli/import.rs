//! `debrief import BUNDLE.json [-o DIR]`: a STIX 2.1 bundle's reports as
//! version 2 briefings in DIR, their shared actors merged into DIR's
//! `actors.yaml` by name and alias. What could not be mapped is listed on
//! standard error; every file written is checked as `debrief check` would.
//! The mapping is `debrief::stix::import`; this is the file work around it.

use std::io::Read;
use std::path::{Path, PathBuf};
use std::process::ExitCode;

use debrief::briefing::registry::{REGISTRY_FILE, load_registry_file};
use debrief::briefing::{Library, Limits};
use debrief::stix::import::{self, ActorFile, Import, MAX_BUNDLE_BYTES};
use debrief::{report, text};

#[derive(clap::Args)]
pub struct Args {
    /// The STIX 2.1 bundle (JSON); `-` reads standard input
    bundle: PathBuf,
    /// The folder to write the briefings into (default: the current folder)
    #[arg(short = 'o', long = "output", value_name = "DIR", default_value = ".")]
    out: PathBuf,
    /// Replace briefing files that exist (never through a symbolic link)
    #[arg(long)]
    force: bool,
}

pub fn run(args: &Args, limits: &Limits) -> ExitCode {
    let bytes = match read_capped(&args.bundle) {
        Ok(b) => b,
        Err(why) => {
            eprintln!("debrief: {}: {why}", clean_path(&args.bundle));
            return ExitCode::from(1);
        }
    };
    let bundle = match import::read(&bytes) {
        Ok(v) => v,
        Err(why) => {
            eprintln!("debrief: {}: {why}", clean_path(&args.bundle));
            return ExitCode::from(1);
        }
    };
    write(import::import(&bundle), &args.out, args.force, limits)
}

fn read_capped(path: &Path) -> Result<Vec<u8>, String> {
    let mut bytes = Vec::new();
    let cap = MAX_BUNDLE_BYTES + 1;
    let read = if path.as_os_str() == "-" {
        std::io::stdin().lock().take(cap).read_to_end(&mut bytes)
    } else {
        std::fs::File::open(path).and_then(|f| f.take(cap).read_to_end(&mut bytes))
    };
    read.map_err(|e| format!("cannot read it: {}", text::one_line(&e.to_string())))?;
    Ok(bytes)
}

/// Writes an import into `dir`: the registry first, then each briefing,
/// then checks what was written. Shared with `debrief fetch`.
pub fn write(mut got: Import, dir: &Path, force: bool, limits: &Limits) -> ExitCode {
    let mut failed = false;
    for why in &got.unmapped {
        eprintln!("debrief: not imported: {}", text::one_line(why));
    }
    if got.briefings.is_empty() {
        eprintln!("debrief: the bundle has no report to make a briefing of");
        return ExitCode::from(1);
    }
    if let Err(e) = std::fs::create_dir_all(dir) {
        eprintln!(
            "debrief: {}: cannot make the folder: {}",
            clean_path(dir),
            text::one_line(&e.to_string())
        );
        return ExitCode::from(1);
    }
    let registry_path = dir.join(REGISTRY_FILE);
    let existing: Vec<ActorFile> = if registry_path.exists() {
        let (file, diags) = load_registry_file(&registry_path, limits);
        if diags.iter().any(|d| d.is_error()) || file.is_none() {
            eprintln!(
                "debrief: {}: has errors; fix them (`debrief check {}`) before importing into this folder",
                clean_path(&registry_path),
                clean_path(dir)
            );
            return ExitCode::from(1);
        }
        file.map(|f| f.actors.iter().map(ActorFile::from).collect())
            .unwrap_or_default()
    } else {
        Vec::new()
    };
    let (added, renames) = import::merge(&existing, &got.registry);
    say_merged(&renames, &existing);
    if !added.is_empty() {
        match add_to_registry(&registry_path, &added, existing.len(), limits) {
            Ok(()) => println!(
                "{}: {}",
                clean_path(&registry_path),
                text::count(added.len(), "actor added", "actors added")
            ),
            Err(why) => {
                eprintln!("debrief: {}: {why}", clean_path(&registry_path));
                return ExitCode::from(1);
            }
        }
    }
    let mut shared: Vec<ActorFile> = existing;
    shared.extend(added);
    let mut written: Vec<PathBuf> = Vec::new();
    for b in &mut got.briefings {
        b.rename_actors(&renames);
        // A briefing's own actor that the registry has by name or alias
        // uses the registry's; one whose id the registry uses for another is renamed.
        let (own, local_renames) = import::merge(&shared, &b.actors);
        say_merged(&local_renames, &shared);
        b.actors = own;
        b.rename_actors(&local_renames);
        let name = if import::is_file_safe(&b.id) {
            b.id.clone()
        } else {
            import::slug(&b.id)
        };
        let path = dir.join(format!("{name}.yaml"));
        let yaml = match b.to_yaml() {
            Ok(y) => y,
            Err(why) => {
                eprintln!(
                    "debrief: {}: cannot write it: {}",
                    clean_path(&path),
                    text::one_line(&why)
                );
                failed = true;
                continue;
            }
        };
        match super::export::write_file(&path, &yaml, force) {
            Ok(()) => {
                println!("{}", clean_path(&path));
                written.push(path);
            }
            Err(why) => {
                eprintln!("debrief: {}: {why}", clean_path(&path));
                failed = true;
            }
        }
    }
    // What was written checks as `debrief check` would check it, with the registry.
    if !written.is_empty() {
        let library = Library::load(&written, limits);
        let diags = library.diagnostics();
        if !diags.is_empty() {
            let mut err = std::io::stderr().lock();
            for d in &diags {
                let _ = report::write(&mut err, d, None);
            }
            failed |= diags.iter().any(|d| d.is_error());
        }
    }
    if failed {
        ExitCode::from(1)
    } else {
        ExitCode::SUCCESS
    }
}

/// Adds actors to `actors.yaml`: a new file, or list items appended to the
/// one there, which keeps its comments and layout. The result is read back;
/// if it does not hold every actor, the file is put back as it was.
fn add_to_registry(
    path: &Path,
    added: &[ActorFile],
    before: usize,
    limits: &Limits,
) -> Result<(), String> {
    let fresh = import::registry_yaml(added)?;
    let old = match std::fs::symlink_metadata(path) {
        Ok(m) if m.file_type().is_symlink() => {
            return Err("is a symbolic link; debrief does not write through one".into());
        }
        Ok(_) => Some(
            std::fs::read_to_string(path)
                .map_err(|e| format!("cannot read it: {}", text::one_line(&e.to_string())))?,
        ),
        Err(_) => None,
    };
    let content = match &old {
        None => fresh,
        Some(old) => {
            let items = fresh
                .split_once("actors:\n")
                .map(|(_, items)| items)
                .unwrap_or_default();
            let indent = item_indent(old);
            let mut out = old.clone();
            if !out.ends_with('\n') {
                out.push('\n');
            }
            for line in items.lines() {
                out.push_str(&indent);
                out.push_str(line);
                out.push('\n');
            }
            out
        }
    };
    super::export::write_file(path, &content, true)?;
    let (file, diags) = load_registry_file(path, limits);
    let count = file.map_or(0, |f| f.actors.len());
    if count != before + added.len() || diags.iter().any(|d| d.is_error()) {
        if let Some(old) = &old {
            super::export::write_file(path, old, true)?;
        }
        return Err(
            "the actors could not be added to it (its list is not the last thing in it?); it is as it was"
                .into(),
        );
    }
    Ok(())
}

/// The indentation of the list items under `actors:` (none if there are none).
fn item_indent(registry: &str) -> String {
    let mut after = false;
    for line in registry.lines() {
        if line.starts_with("actors:") {
            after = true;
            continue;
        }
        let trimmed = line.trim_start();
        if after && trimmed.starts_with("- ") {
            return line[..line.len() - trimmed.len()].to_owned();
        }
    }
    String::new()
}

/// Says which imported actors became which actors of the registry, and
/// which were renamed because the registry uses their id for another.
fn say_merged(renames: &std::collections::HashMap<String, String>, registry: &[ActorFile]) {
    let mut list: Vec<(&String, &String)> = renames.iter().collect();
    list.sort();
    for (from, to) in list {
        let what = if registry.iter().any(|a| &a.id == to) {
            "is the actor of actors.yaml with the same name or alias; that definition is used"
        } else {
            "is renamed: actors.yaml has another actor with its id"
        };
        eprintln!(
            "debrief: note: actor `{}` → `{}`: {what}",
            text::one_line(from),
            text::one_line(to)
        );
    }
}

fn clean_path(p: &Path) -> String {
    text::one_line(&p.display().to_string())
}
