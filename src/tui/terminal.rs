//! The only module that talks to the terminal: raw mode, the alternate
//! screen and mouse capture on the way in, all undone on the way out (also
//! on panic and on SIGTERM, SIGHUP, SIGINT, SIGQUIT) and while the reader is
//! suspended (Ctrl-z or SIGTSTP, back on SIGCONT); and the event loop, which
//! turns crossterm events into actions and redraws once per batch.
//!
//! A signal that ends the reader still saves what can be saved: the note
//! being written is kept as a draft, and marks that could not be saved are
//! written to a rescue folder whose path is printed on exit.

use std::io::{self, Stdout, Write};
use std::path::PathBuf;
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, AtomicUsize, Ordering};
use std::sync::mpsc::Receiver;
use std::time::Duration;

use crossterm::event::{
    self, DisableBracketedPaste, DisableMouseCapture, EnableBracketedPaste, EnableMouseCapture,
    Event, KeyCode, KeyEvent, KeyEventKind, KeyModifiers, MouseButton, MouseEventKind,
};
use crossterm::execute;
use crossterm::terminal::{
    EnterAlternateScreen, LeaveAlternateScreen, disable_raw_mode, enable_raw_mode,
};
use ratatui::Terminal;
use ratatui::backend::CrosstermBackend;

use super::action::{Action, Effect, LoadBatch};
use super::app::view;
use super::app::{App, update};
use super::effects;
use super::keymap::Key;
use super::loader::Reloader;
use super::widgets::hyperlinks;
use crate::text;
use crossterm::clipboard::CopyToClipboard;
use std::path::Path;

type Term = Terminal<CrosstermBackend<Stdout>>;

/// Puts the terminal back as it was. Safe to call more than once, and when
/// the terminal is already gone: every error is ignored.
pub fn restore() {
    let _ = disable_raw_mode();
    let mut out = io::stdout();
    let _ = execute!(
        out,
        DisableBracketedPaste,
        DisableMouseCapture,
        LeaveAlternateScreen,
        crossterm::cursor::Show
    );
    let _ = out.flush();
}

/// Restores the terminal before the default panic message is printed, so
/// the message lands on a usable screen.
fn install_panic_hook() {
    let previous = std::panic::take_hook();
    std::panic::set_hook(Box::new(move |info| {
        restore();
        previous(info);
    }));
}

fn init() -> io::Result<Term> {
    install_panic_hook();
    enter()?;
    Terminal::new(CrosstermBackend::new(io::stdout()))
}

/// Raw mode, the alternate screen, mouse reports: at start and on return
/// from a suspension.
fn enter() -> io::Result<()> {
    enable_raw_mode()?;
    let mut out = io::stdout();
    // Bracketed paste: pasted text arrives as one Paste event, never as keys.
    if let Err(e) = execute!(
        out,
        EnterAlternateScreen,
        EnableMouseCapture,
        EnableBracketedPaste
    ) {
        restore();
        return Err(e);
    }
    Ok(())
}

/// Stops the process as a shell's job control expects, with the terminal
/// handed back as it was; on `fg` (SIGCONT) takes it again and redraws all.
/// In raw mode Ctrl-z is a key, not a signal, so the reader does it itself.
fn suspend(terminal: &mut Term) -> io::Result<()> {
    restore();
    // SIGSTOP, not SIGTSTP: our own SIGTSTP handler would only call us again.
    let _ = signal_hook::low_level::raise(signal_hook::consts::SIGSTOP);
    enter()?;
    // Blank the screen and forget what was drawn, so the next frame is drawn
    // whole. Not `Terminal::clear`: it asks the terminal where its cursor
    // is, and a terminal that does not answer would end the reader.
    ratatui::backend::Backend::clear(terminal.backend_mut())?;
    terminal.swap_buffers();
    Ok(())
}

/// How long the event loop has to notice a signal before the watchdog ends
/// the process itself.
const GRACE: Duration = Duration::from_millis(1500);

/// Ends the process when the event loop cannot: once a signal has arrived
/// and the loop has not left within [`GRACE`], or once the terminal is gone.
/// Needed because when the terminal hangs up, crossterm 0.29 reads end-of-file
/// in a loop inside `event::poll` and never returns to us.
fn watch(caught: Arc<AtomicUsize>) {
    use std::io::IsTerminal;
    std::thread::spawn(move || {
        let mut since: Option<std::time::Instant> = None;
        loop {
            std::thread::sleep(Duration::from_millis(100));
            let signal = caught.load(Ordering::Relaxed);
            let gone = !io::stdin().is_terminal();
            if signal == 0 && !gone {
                continue;
            }
            let started = *since.get_or_insert_with(std::time::Instant::now);
            if gone || started.elapsed() >= GRACE {
                restore();
                let code = if signal == 0 {
                    129
                } else {
                    128 + signal as i32
                };
                std::process::exit(code);
            }
        }
    });
}

/// Why the reader stopped.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Exit {
    /// The user quit, with what to print on the way out.
    Quit { farewell: Option<String> },
    /// A termination signal arrived (its number), after the terminal was
    /// restored, and where marks that could not be saved were written.
    Signal {
        signal: i32,
        rescued: Option<Result<PathBuf, String>>,
    },
}

/// Runs the reader until the user quits or a termination signal arrives.
/// `loader` delivers the library when it loads in the background.
pub fn run(
    make_app: impl FnOnce(u16, u16) -> App,
    loader: Option<Receiver<Action>>,
) -> io::Result<Exit> {
    run_with(make_app, loader, None)
}

/// As [`run`], with a way to load the library again (`R`, after `e`).
pub fn run_with(
    make_app: impl FnOnce(u16, u16) -> App,
    loader: Option<Receiver<Action>>,
    reloader: Option<Reloader>,
) -> io::Result<Exit> {
    let caught = Arc::new(AtomicUsize::new(0));
    for signal in [
        signal_hook::consts::SIGTERM,
        signal_hook::consts::SIGHUP,
        signal_hook::consts::SIGINT,
        signal_hook::consts::SIGQUIT,
    ] {
        // The handler only stores the number; the loop sees it, leaves, restores.
        signal_hook::flag::register_usize(signal, Arc::clone(&caught), signal as usize)?;
    }
    let stop = Arc::new(AtomicBool::new(false));
    signal_hook::flag::register(signal_hook::consts::SIGTSTP, Arc::clone(&stop))?;
    watch(Arc::clone(&caught));
    let mut terminal = init()?;
    let signals = Signals {
        caught: &caught,
        stop: &stop,
    };
    let result = terminal.size().map(|size| {
        let mut app = make_app(size.width, size.height);
        let run = event_loop(
            &mut terminal,
            &mut app,
            &signals,
            loader.as_ref(),
            reloader.as_ref(),
        );
        (run, app)
    });
    restore();
    let (run, mut app) = result?;
    let signal = caught.load(Ordering::Relaxed);
    if signal == 0 {
        run?;
        return Ok(Exit::Quit {
            farewell: app.shared.farewell.take(),
        });
    }
    // Ended by a signal: the note being written and anything unsaved are
    // kept before the process goes, whatever the loop came to.
    app.keep_draft();
    run_effects(&mut app, None, None);
    Ok(Exit::Signal {
        signal: i32::try_from(signal).unwrap_or(i32::MAX),
        rescued: app.rescue(),
    })
}

/// What the signal handlers set, for the event loop to act on.
struct Signals<'a> {
    /// The number of a signal that ends the reader.
    caught: &'a AtomicUsize,
    /// SIGTSTP: suspend.
    stop: &'a AtomicBool,
}

fn event_loop(
    terminal: &mut Term,
    app: &mut App,
    signals: &Signals,
    loader: Option<&Receiver<Action>>,
    reloader: Option<&Reloader>,
) -> io::Result<()> {
    draw(terminal, app)?;
    // Links found on a thread of their own come back here.
    let (linked_tx, linked_rx) = std::sync::mpsc::channel();
    while !app.shared.quit && signals.caught.load(Ordering::Relaxed) == 0 {
        if signals.stop.swap(false, Ordering::Relaxed) {
            suspend(terminal)?;
            draw(terminal, app)?;
        }
        let mut dirty = take_loaded(app, loader);
        while let Ok(linked) = linked_rx.try_recv() {
            update(app, linked);
            dirty = true;
        }
        // Short waits while the library loads or links, so progress shows;
        // otherwise wake up now and then only to notice a signal.
        let wait = if app.shared.loading.is_some() || app.shared.linking.is_some() {
            30
        } else {
            200
        };
        if event::poll(Duration::from_millis(wait))? {
            // Drain everything waiting, then draw once.
            loop {
                let event = event::read()?;
                if is_suspend_key(&event) {
                    suspend(terminal)?;
                    dirty = true;
                } else if let Some(action) = translate(app, event) {
                    update(app, action);
                    dirty = true;
                }
                if app.shared.quit || !event::poll(Duration::ZERO)? {
                    break;
                }
            }
        }
        // Files first: a mark is on disk before the screen shows it.
        dirty |= run_effects(app, Some((terminal, &linked_tx)), reloader);
        if dirty && !app.shared.quit {
            draw(terminal, app)?;
        }
    }
    // Anything asked for by the last keys before quitting is still done.
    run_effects(app, None, None);
    Ok(())
}

/// Draws a frame; the links on it become OSC 8 hyperlinks.
fn draw(terminal: &mut Term, app: &App) -> io::Result<()> {
    terminal.draw(|f| {
        view(app, f);
        hyperlinks::link(f.buffer_mut(), &app.urls_shown());
    })?;
    Ok(())
}

/// Hands the reader whatever the background loader has finished, merging
/// batches so derived data is brought up to date once.
fn take_loaded(app: &mut App, loader: Option<&Receiver<Action>>) -> bool {
    let Some(rx) = loader else {
        return false;
    };
    let mut batch: Option<LoadBatch> = None;
    let mut any = false;
    while let Ok(action) = rx.try_recv() {
        any = true;
        match action {
            Action::Loaded(b) => match batch.as_mut() {
                Some(all) => all.append(b),
                None => batch = Some(b),
            },
            other => {
                if let Some(b) = batch.take() {
                    update(app, Action::Loaded(b));
                }
                update(app, other);
            }
        }
    }
    if let Some(b) = batch {
        update(app, Action::Loaded(b));
    }
    any
}

/// Performs the effects the state asked for, feeding back their outcome.
/// Those that need the terminal (copying, editing) are done only while the
/// loop holds it (`terminal` given).
fn run_effects(
    app: &mut App,
    mut terminal: Option<(&mut Term, &std::sync::mpsc::Sender<Action>)>,
    reloader: Option<&Reloader>,
) -> bool {
    if app.shared.effects.is_empty() {
        return false;
    }
    let export_dir = match &app.shared.export_dir {
        Some(dir) => dir.clone(),
        None => std::env::current_dir().unwrap_or_else(|_| ".".into()),
    };
    let today = time::OffsetDateTime::now_utc().date();
    while !app.shared.effects.is_empty() {
        let effect = app.shared.effects.remove(0);
        let outcome = match (&effect, terminal.as_mut()) {
            (Effect::Copy(content), Some(_)) => Some(copy(content)),
            (Effect::Edit { path, line }, Some((term, _))) => {
                Some(edit(term, path, *line, reloader))
            }
            (Effect::Link, Some((_, linked))) => Some(link_on_a_thread(app, (*linked).clone())),
            // On the way out nothing will show the links: not worth seconds.
            (Effect::Link, None) => Some(None),
            (Effect::Reload, _) => Some(match reloader {
                Some(r) => {
                    r.reload();
                    None
                }
                None => Some(Action::Notice("reloading is not available here".into())),
            }),
            (Effect::Copy(_) | Effect::Edit { .. }, None) => Some(None),
            _ => None,
        };
        if let Some(result) = outcome {
            if let Some(action) = result {
                update(app, action);
            }
            continue;
        }
        if let Some(action) = effects::perform(app, &effect, &export_dir, today) {
            update(app, action);
        }
    }
    true
}

/// Links the library on a thread of its own, which hands it back to the
/// reader once done (dropping its share first, so the reader holds the
/// library alone again and can take the links in).
fn link_on_a_thread(app: &App, linked: std::sync::mpsc::Sender<Action>) -> Option<Action> {
    let library = Arc::clone(&app.shared.library);
    let generation = app.shared.generation;
    let found = move |library: Arc<crate::briefing::Library>| {
        let links = library.links();
        drop(library);
        Action::Linked(crate::tui::action::Linked {
            generation,
            links: Arc::new(links),
        })
    };
    let spawned = std::thread::Builder::new()
        .name("debrief-link".into())
        .spawn(move || {
            let _ = linked.send(found(library));
        });
    match spawned {
        Ok(_) => None,
        // No thread to be had: link here, the reader waiting as it did before.
        Err(_) => Some(found(Arc::clone(&app.shared.library))),
    }
}

/// Puts `content` on the clipboard through the terminal: OSC 52, which
/// terminals and tmux pass on over SSH too. Nothing says whether the
/// terminal took it, so a failure is only a failure to write.
fn copy(content: &str) -> Option<Action> {
    let mut out = io::stdout();
    match execute!(out, CopyToClipboard::to_clipboard_from(content.as_bytes())) {
        Ok(()) => None,
        Err(e) => Some(Action::Notice(text::clean(&format!("could not copy: {e}")))),
    }
}

/// Hands the terminal to the user's editor on `path` at `line`, takes it
/// back, and asks for the library to be loaded again.
///
/// `$VISUAL`, else `$EDITOR`, else `vi`, run by `sh -c` as git does, so
/// `EDITOR="code --wait"` works; the line and the path are arguments, never
/// part of the command text.
fn edit(
    terminal: &mut Term,
    path: &Path,
    line: usize,
    reloader: Option<&Reloader>,
) -> Option<Action> {
    let editor = ["VISUAL", "EDITOR"]
        .iter()
        .filter_map(|v| std::env::var(v).ok())
        .find(|e| !e.trim().is_empty())
        .unwrap_or_else(|| "vi".into());
    restore();
    let status = std::process::Command::new("sh")
        .arg("-c")
        .arg(format!("{editor} \"$@\""))
        .arg("debrief-editor")
        .arg(format!("+{line}"))
        .arg(path)
        .status();
    let back = enter().and_then(|()| {
        ratatui::backend::Backend::clear(terminal.backend_mut())?;
        terminal.swap_buffers();
        Ok(())
    });
    if let Err(e) = back {
        return Some(Action::Notice(text::clean(&format!(
            "could not take the terminal back: {e}"
        ))));
    }
    let said = match status {
        Ok(s) if s.success() => None,
        Ok(s) => Some(format!("{editor} ended with {s}")),
        Err(e) => Some(format!("could not run {editor}: {e}")),
    };
    if let Some(r) = reloader {
        r.reload();
    }
    said.map(|s| Action::Notice(text::clean(&s)))
}

fn translate(app: &App, event: Event) -> Option<Action> {
    match event {
        Event::Key(key) if key.kind != KeyEventKind::Release => {
            to_key(key).and_then(|k| app.action_for(k))
        }
        Event::Mouse(m) => {
            let (column, row) = (m.column, m.row);
            match m.kind {
                MouseEventKind::Down(MouseButton::Left) => Some(Action::Click { column, row }),
                MouseEventKind::ScrollUp => Some(Action::ScrollUp { column, row }),
                MouseEventKind::ScrollDown => Some(Action::ScrollDown { column, row }),
                _ => None,
            }
        }
        Event::Resize(width, height) => Some(Action::Resize { width, height }),
        Event::Paste(text) => Some(Action::Paste(text)),
        _ => None,
    }
}

fn is_suspend_key(event: &Event) -> bool {
    matches!(event, Event::Key(k) if k.kind != KeyEventKind::Release
        && k.code == KeyCode::Char('z')
        && k.modifiers.contains(KeyModifiers::CONTROL))
}

fn to_key(key: KeyEvent) -> Option<Key> {
    let ctrl = key.modifiers.contains(KeyModifiers::CONTROL);
    let alt = key.modifiers.contains(KeyModifiers::ALT);
    Some(match key.code {
        KeyCode::Char(c) if ctrl => Key::Ctrl(c.to_ascii_lowercase()),
        KeyCode::Char(c) if alt => Key::Alt(c),
        KeyCode::Char(c) => Key::Char(c),
        KeyCode::Enter => Key::Enter,
        KeyCode::Esc => Key::Esc,
        KeyCode::Tab => Key::Tab,
        KeyCode::BackTab => Key::BackTab,
        KeyCode::Backspace => Key::Backspace,
        KeyCode::Up => Key::Up,
        KeyCode::Down => Key::Down,
        KeyCode::Left => Key::Left,
        KeyCode::Right => Key::Right,
        KeyCode::PageUp => Key::PageUp,
        KeyCode::PageDown => Key::PageDown,
        KeyCode::Home => Key::Home,
        KeyCode::End => Key::End,
        KeyCode::Delete => Key::Delete,
        _ => return None,
    })
}
