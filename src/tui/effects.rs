//! Performs what the reader's state asked for: saving marks, writing an
//! export. File I/O lives here, not in `update`; the result comes back as an
//! action so the state shows it.

use std::io::Write;
use std::path::{Path, PathBuf};

use super::action::{Action, Effect, SavedMarks};
use super::app::App;
use crate::export;
use crate::marks::{self, Marks};
use crate::text;

/// Does one effect; the action it returns reports the outcome.
pub fn perform(app: &App, effect: &Effect, export_dir: &Path, today: time::Date) -> Option<Action> {
    let app = &app.shared;
    match effect {
        Effect::OpenUrl(url) => Some(Action::Notice(match open_url(url) {
            Ok(with) => text::clean(&format!("opened {url} with {with}")),
            Err(e) => text::clean(&format!("could not open {url}: {e}")),
        })),
        // The terminal's own: done in `tui::terminal` before it gets here.
        Effect::Copy(_) | Effect::Edit { .. } | Effect::Reload => None,
        // Where no event loop runs a thread for it (tests, the way out): here.
        Effect::Link => Some(Action::Linked(super::action::Linked {
            generation: app.generation,
            links: std::sync::Arc::new(app.library.links()),
        })),
        Effect::SaveMarks(id) => {
            let Some(store) = app.store.as_ref() else {
                return Some(Action::Notice(
                    "no state folder: marks last until you quit (give one with --state-dir)".into(),
                ));
            };
            let empty = Marks::default();
            let m = app.marks.get(id).unwrap_or(&empty);
            Some(match store.save(id, m) {
                Ok(saved) => Action::MarksSaved(SavedMarks {
                    briefing: id.clone(),
                    marks: saved.marks,
                    from_others: saved.from_others,
                    conflicts: saved.conflicts,
                    set_aside: saved.set_aside,
                }),
                Err(e) => Action::SaveFailed {
                    briefing: id.clone(),
                    why: text::clean(&format!(
                        "could not save marks to {}: {e}",
                        store.dir().display()
                    )),
                },
            })
        }
        Effect::SaveUnsavedTo(dir) => Some(Action::UnsavedKept(
            app.save_unsaved_to(dir).map(|()| {
                let dir = text::clean(&dir.display().to_string());
                format!("debrief: the unsaved marks are in {dir}; start with --state-dir {dir} to use them")
            }),
        )),
        Effect::ExportUnsaved => {
            let mut written = Vec::new();
            for id in app.unsaved.keys() {
                let Some(b) = app.library.briefings.iter().find(|b| b.id == id.as_str()) else {
                    continue;
                };
                let empty = Marks::default();
                let m = app.marks.get(id).unwrap_or(&empty);
                let brief = export::brief(
                    &[(b, m)],
                    &crate::query::Filter::default(),
                    &app.names,
                    export::Scope::Marked,
                    today,
                );
                let stem = format!("{}-brief", marks::file_stem(&b.id));
                let done = export::render(&brief, export::Format::Markdown)
                    .map_err(|e| e.to_string())
                    .and_then(|md| write_new(export_dir, &stem, "md", &md).map_err(|e| e.to_string()));
                match done {
                    Ok(path) => written.push(path.display().to_string()),
                    Err(e) => {
                        return Some(Action::UnsavedKept(Err(text::clean(&format!(
                            "could not export to {}: {e}",
                            export_dir.display()
                        )))));
                    }
                }
            }
            Some(Action::UnsavedKept(Ok(text::clean(&format!(
                "debrief: the unsaved marks were exported to {}",
                written.join(", ")
            )))))
        }
        Effect::Export {
            briefing,
            scope,
            format,
        } => {
            let b = app.library.briefings.get(*briefing)?;
            let empty = Marks::default();
            let m = app.marks.get(b.id.as_str()).unwrap_or(&empty);
            let brief = export::brief(&[(b, m)], &app.filter, &app.names, *scope, today);
            let content = match export::render(&brief, *format) {
                Ok(c) => c,
                Err(e) => return Some(Action::Notice(text::clean(&format!("could not export: {e}")))),
            };
            let stem = format!("{}-brief", marks::file_stem(&b.id));
            Some(Action::Notice(
                match write_new(export_dir, &stem, format.word(), &content) {
                    Ok(path) => {
                        let what = match scope {
                            export::Scope::Marked => {
                                text::count(brief.marked_count(), "marked item", "marked items")
                            }
                            export::Scope::All => text::count(brief.len(), "item", "items"),
                        };
                        text::clean(&format!("exported {what} to {}", path.display()))
                    }
                    Err(e) => text::clean(&format!(
                        "could not export to {}: {e}",
                        export_dir.display()
                    )),
                },
            ))
        }
    }
}

/// Writes `content` to `stem.ext` in `dir`, or `stem-2.ext`, `stem-3.ext`...
/// so an earlier export is never overwritten.
pub fn write_new(dir: &Path, stem: &str, ext: &str, content: &str) -> std::io::Result<PathBuf> {
    for n in 1..10_000 {
        let name = if n == 1 {
            format!("{stem}.{ext}")
        } else {
            format!("{stem}-{n}.{ext}")
        };
        let path = dir.join(name);
        match std::fs::OpenOptions::new()
            .write(true)
            .create_new(true)
            .open(&path)
        {
            Ok(mut f) => {
                f.write_all(content.as_bytes())?;
                f.sync_all()?;
                return Ok(std::path::absolute(&path).unwrap_or(path));
            }
            Err(e) if e.kind() == std::io::ErrorKind::AlreadyExists => continue,
            Err(e) => return Err(e),
        }
    }
    Err(std::io::Error::other("too many exports with this name"))
}

/// Opens a checked http(s) URL: with `$BROWSER` when set (the first of its
/// colon-separated list, its words split as the shell would not need to:
/// no shell runs), else the system's opener. Detached, its output away from
/// the screen. Says which program was used.
fn open_url(url: &str) -> Result<String, String> {
    let browser = std::env::var("BROWSER").unwrap_or_default();
    let first = browser.split(':').next().unwrap_or("").trim();
    if first.is_empty() {
        return open::that_detached(url)
            .map(|()| "the system's opener".to_string())
            .map_err(|e| e.to_string());
    }
    let mut words = first.split_whitespace();
    let program = words.next().unwrap_or(first);
    let mut args: Vec<String> = words.map(str::to_owned).collect();
    // As xdg-open's convention: `%s` in $BROWSER stands for the URL.
    if args.iter().any(|a| a.contains("%s")) {
        args = args.iter().map(|a| a.replace("%s", url)).collect();
    } else {
        args.push(url.to_owned());
    }
    std::process::Command::new(program)
        .args(&args)
        .stdin(std::process::Stdio::null())
        .stdout(std::process::Stdio::null())
        .stderr(std::process::Stdio::null())
        .spawn()
        .map(|mut child| {
            // Reaped when it ends, so no zombie stays behind.
            std::thread::spawn(move || child.wait());
            program.to_string()
        })
        .map_err(|e| format!("$BROWSER ({program}): {e}"))
}
