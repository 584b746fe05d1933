//! The only module that talks to the terminal: raw mode, the alternate
//! screen and mouse capture on the way in, all undone on the way out (also
//! on panic and on SIGTERM, SIGHUP, SIGINT); and the event loop, which turns
//! crossterm events into actions and redraws once per batch.

use std::io::{self, Stdout, Write};
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};
use std::time::Duration;

use crossterm::event::{
    self, DisableMouseCapture, EnableMouseCapture, Event, KeyCode, KeyEvent, KeyEventKind,
    KeyModifiers, MouseButton, MouseEventKind,
};
use crossterm::execute;
use crossterm::terminal::{
    EnterAlternateScreen, LeaveAlternateScreen, disable_raw_mode, enable_raw_mode,
};
use ratatui::Terminal;
use ratatui::backend::CrosstermBackend;

use super::action::Action;
use super::app::{App, update};
use super::effects;
use super::keymap::Key;
use super::view::view;

type Term = Terminal<CrosstermBackend<Stdout>>;

/// Puts the terminal back as it was. Safe to call more than once, and when
/// the terminal is already gone: every error is ignored.
pub fn restore() {
    let _ = disable_raw_mode();
    let mut out = io::stdout();
    let _ = execute!(
        out,
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
    enable_raw_mode()?;
    let mut out = io::stdout();
    if let Err(e) = execute!(out, EnterAlternateScreen, EnableMouseCapture) {
        restore();
        return Err(e);
    }
    Terminal::new(CrosstermBackend::new(out))
}

/// Runs the reader until the user quits or a termination signal arrives.
pub fn run(make_app: impl FnOnce(u16, u16) -> App) -> io::Result<()> {
    let stop = Arc::new(AtomicBool::new(false));
    for signal in [
        signal_hook::consts::SIGTERM,
        signal_hook::consts::SIGHUP,
        signal_hook::consts::SIGINT,
    ] {
        signal_hook::flag::register(signal, Arc::clone(&stop))?;
    }
    let mut terminal = init()?;
    let result = terminal.size().and_then(|size| {
        let mut app = make_app(size.width, size.height);
        event_loop(&mut terminal, &mut app, &stop)
    });
    restore();
    result
}

fn event_loop(terminal: &mut Term, app: &mut App, stop: &AtomicBool) -> io::Result<()> {
    terminal.draw(|f| view(app, f))?;
    while !app.quit && !stop.load(Ordering::Relaxed) {
        run_effects(app);
        // Wake up now and then to notice a signal even without input.
        if !event::poll(Duration::from_millis(200))? {
            continue;
        }
        // Drain everything waiting, then draw once.
        let mut dirty = false;
        loop {
            if let Some(action) = translate(app, event::read()?) {
                update(app, action);
                dirty = true;
            }
            if app.quit || !event::poll(Duration::ZERO)? {
                break;
            }
        }
        // Files first: a mark is on disk before the screen shows it.
        run_effects(app);
        if dirty && !app.quit {
            terminal.draw(|f| view(app, f))?;
        }
    }
    // Anything asked for by the last keys before quitting is still done.
    run_effects(app);
    Ok(())
}

/// Performs the effects the state asked for, feeding back their outcome.
fn run_effects(app: &mut App) {
    let export_dir = std::env::current_dir().unwrap_or_else(|_| ".".into());
    let today = time::OffsetDateTime::now_utc().date();
    while !app.effects.is_empty() {
        let effect = app.effects.remove(0);
        if let Some(action) = effects::perform(app, &effect, &export_dir, today) {
            update(app, action);
        }
    }
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
        _ => None,
    }
}

fn to_key(key: KeyEvent) -> Option<Key> {
    let ctrl = key.modifiers.contains(KeyModifiers::CONTROL);
    Some(match key.code {
        KeyCode::Char(c) if ctrl => Key::Ctrl(c.to_ascii_lowercase()),
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
