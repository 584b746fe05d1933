//! A pseudo-terminal tester for the real `debrief` binary.
//!
//! [`Tui::start`] runs the binary in a pty of a given size; a thread feeds
//! everything it prints into a `vt100` terminal emulator, so a test reads
//! the screen as a user would see it. Keys go in as raw bytes ([`keys`],
//! [`Tui::send`], [`Tui::send_keys`], [`Tui::click`]). [`Tui::wait_for`]
//! polls until the screen matches and has stopped changing; on timeout it
//! panics with the whole screen, so a failure shows what was there instead.
//! Modelled on television's `tests/common/mod.rs`.

#![allow(dead_code)] // each test binary uses a different part of the harness

use std::io::{Read, Write};
use std::num::NonZeroU16;
use std::sync::{Arc, Mutex, MutexGuard};
use std::thread::{self, JoinHandle};
use std::time::{Duration, Instant};

use portable_pty::{Child, CommandBuilder, ExitStatus, MasterPty, PtySize, native_pty_system};

/// How long a wait may take before the test fails. The debug binary opens
/// the bundled library in well under a second; this leaves room for a
/// loaded machine without letting a broken test hang.
pub const TIMEOUT: Duration = Duration::from_secs(5);

/// The screen counts as stable once nothing has been printed for this long:
/// the reader draws a batch of events in one frame, so a quiet spell means
/// the frame is complete.
const QUIET: Duration = Duration::from_millis(80);

const POLL: Duration = Duration::from_millis(10);

/// Bytes a terminal sends for keys (and what crossterm reads back).
pub mod keys {
    pub const ENTER: &str = "\r";
    pub const ESC: &str = "\x1b";
    pub const TAB: &str = "\t";
    pub const BACKTAB: &str = "\x1b[Z";
    pub const UP: &str = "\x1b[A";
    pub const DOWN: &str = "\x1b[B";
    pub const RIGHT: &str = "\x1b[C";
    pub const LEFT: &str = "\x1b[D";
    pub const CTRL_C: &str = "\x03";
}

/// What the reader thread shares with the test.
struct Shared {
    parser: vt100::Parser,
    last_output: Instant,
    /// Every byte the program printed, for sequences the emulator does not
    /// keep (OSC 52 clipboard writes).
    raw: Vec<u8>,
}

/// The `debrief` binary running in a pseudo-terminal.
pub struct Tui {
    shared: Arc<Mutex<Shared>>,
    master: Box<dyn MasterPty + Send>,
    writer: Box<dyn Write + Send>,
    child: Box<dyn Child + Send + Sync>,
    reader: Option<JoinHandle<()>>,
    status: Option<ExitStatus>,
    /// Last, so it is removed after the child is gone.
    _home: tempfile::TempDir,
}

impl Tui {
    /// Runs `debrief ARGS...` in the crate root, in a `cols` x `rows` terminal.
    pub fn start(args: &[&str], cols: u16, rows: u16) -> Tui {
        Tui::start_in(
            args,
            cols,
            rows,
            std::path::Path::new(env!("CARGO_MANIFEST_DIR")),
        )
    }

    /// Runs `debrief ARGS...` with `cwd` as its current folder (where the
    /// reader writes exports).
    pub fn start_in(args: &[&str], cols: u16, rows: u16, cwd: &std::path::Path) -> Tui {
        Tui::start_with(args, cols, rows, cwd, &[])
    }

    /// As [`Tui::start_in`], with these environment variables set
    /// (`$BROWSER`, `$EDITOR`, ...); an empty value removes the variable.
    pub fn start_with(
        args: &[&str],
        cols: u16,
        rows: u16,
        cwd: &std::path::Path,
        env: &[(&str, &str)],
    ) -> Tui {
        let pair = native_pty_system()
            .openpty(size(cols, rows))
            .expect("open a pseudo-terminal");
        let mut cmd = CommandBuilder::new(env!("CARGO_BIN_EXE_debrief"));
        cmd.args(args);
        cmd.cwd(cwd);
        cmd.env("TERM", "xterm-256color");
        // Marks read the same with or without colour; keep runs alike anyway.
        cmd.env_remove("NO_COLOR");
        // Marks and notes the user keeps must not show up in (or be written
        // by) a test: the state directory is a fresh one, gone afterwards.
        let home = tempfile::tempdir().expect("a scratch home");
        cmd.env("HOME", home.path());
        cmd.env("XDG_STATE_HOME", home.path().join("state"));
        // Nor the user's config: none unless a test gives one (--config).
        cmd.env("XDG_CONFIG_HOME", home.path().join("config"));
        // Nor the user's cache of loaded briefings.
        cmd.env("XDG_CACHE_HOME", home.path().join("cache"));
        for (name, value) in env {
            if value.is_empty() {
                cmd.env_remove(name);
            } else {
                cmd.env(name, value);
            }
        }
        let child = pair.slave.spawn_command(cmd).expect("spawn debrief");
        // Only the child holds the slave side now, so the reader sees EOF
        // (EIO) when the child exits.
        drop(pair.slave);

        let shared = Arc::new(Mutex::new(Shared {
            parser: vt100::Parser::new(nonzero(rows), nonzero(cols), 0),
            last_output: Instant::now(),
            raw: Vec::new(),
        }));
        let mut output = pair.master.try_clone_reader().expect("pty reader");
        let feed = Arc::clone(&shared);
        let reader = thread::spawn(move || {
            let mut buf = [0u8; 16 * 1024];
            loop {
                match output.read(&mut buf) {
                    Ok(0) => break,
                    Ok(n) => {
                        let mut s = feed.lock().unwrap_or_else(|e| e.into_inner());
                        s.parser.process(&buf[..n]);
                        s.raw.extend_from_slice(&buf[..n]);
                        s.last_output = Instant::now();
                    }
                    Err(e) if e.kind() == std::io::ErrorKind::Interrupted => {}
                    Err(_) => break,
                }
            }
        });
        let writer = pair.master.take_writer().expect("pty writer");
        Tui {
            shared,
            master: pair.master,
            writer,
            child,
            reader: Some(reader),
            status: None,
            _home: home,
        }
    }

    fn lock(&self) -> MutexGuard<'_, Shared> {
        self.shared.lock().unwrap_or_else(|e| e.into_inner())
    }

    /// Writes raw bytes to the terminal, as if typed (or pasted) at once.
    pub fn send(&mut self, bytes: &str) {
        self.writer
            .write_all(bytes.as_bytes())
            .and_then(|()| self.writer.flush())
            .expect("write to the pty");
    }

    /// Sends keys one at a time with a pause between them. After Esc the
    /// pause is longer: crossterm reads Esc followed at once by another byte
    /// as Alt plus that key.
    pub fn send_keys(&mut self, keys: &[&str]) {
        for key in keys {
            self.send(key);
            let pause = if *key == keys::ESC { 150 } else { 15 };
            thread::sleep(Duration::from_millis(pause));
        }
    }

    /// A left click at a 0-based cell, as an SGR mouse press and release.
    pub fn click(&mut self, col: u16, row: u16) {
        let (x, y) = (col + 1, row + 1);
        self.send(&format!("\x1b[<0;{x};{y}M"));
        self.send(&format!("\x1b[<0;{x};{y}m"));
    }

    /// The emulator's screen now: text and terminal modes.
    pub fn vt_screen(&self) -> vt100::Screen {
        self.lock().parser.screen().clone()
    }

    /// Everything the program has printed so far, escape sequences and all.
    pub fn raw_output(&self) -> Vec<u8> {
        self.lock().raw.clone()
    }

    /// The text on screen now.
    pub fn shot(&self) -> Shot {
        Shot::of(self.lock().parser.screen())
    }

    /// Waits until the screen matches `what` and has stopped changing, and
    /// returns it. Panics after `timeout` with the screen as it was.
    pub fn wait_for(&self, what: impl Into<Expect>, timeout: Duration) -> Shot {
        let what = what.into();
        let start = Instant::now();
        loop {
            let (shot, quiet) = {
                let s = self.lock();
                (
                    Shot::of(s.parser.screen()),
                    s.last_output.elapsed() >= QUIET,
                )
            };
            if quiet && (what.check)(&shot) {
                return shot;
            }
            if start.elapsed() > timeout {
                panic!(
                    "timed out after {timeout:?} waiting for {}\n{}",
                    what.description,
                    shot.framed()
                );
            }
            thread::sleep(POLL);
        }
    }

    /// Resizes the terminal: the emulator first, then the pty, which sends
    /// the child SIGWINCH.
    pub fn resize(&mut self, cols: u16, rows: u16) {
        self.lock()
            .parser
            .screen_mut()
            .set_size(nonzero(rows), nonzero(cols));
        self.master
            .resize(size(cols, rows))
            .expect("resize the pty");
    }

    pub fn pid(&self) -> u32 {
        self.child.process_id().expect("the child has a pid")
    }

    /// Sends a signal by name (`TERM`, `HUP`, ...) with coreutils' `kill`.
    pub fn signal(&self, name: &str) {
        let status = std::process::Command::new("kill")
            .args(["-s", name, &self.pid().to_string()])
            .status()
            .expect("run kill");
        assert!(status.success(), "kill -s {name} failed: {status}");
    }

    /// Waits for the child to exit, then for its last output to reach the
    /// emulator. Panics with the screen when it does not exit in time.
    /// Whether the binary is still running (it has not exited, by any path).
    pub fn is_running(&mut self) -> bool {
        self.status.is_none() && self.child.try_wait().expect("poll the child").is_none()
    }

    pub fn wait_exit(&mut self, timeout: Duration) -> ExitStatus {
        let start = Instant::now();
        let status = loop {
            if let Some(status) = self.child.try_wait().expect("poll the child") {
                break status;
            }
            if start.elapsed() > timeout {
                panic!(
                    "debrief did not exit within {timeout:?}\n{}",
                    self.shot().framed()
                );
            }
            thread::sleep(POLL);
        };
        self.status = Some(status.clone());
        // The reader ends when the pty reports the child side closed.
        if let Some(reader) = self.reader.take() {
            let start = Instant::now();
            while !reader.is_finished() && start.elapsed() < Duration::from_secs(2) {
                thread::sleep(POLL);
            }
            if reader.is_finished() {
                let _ = reader.join();
            }
        }
        status
    }

    /// The pty's local modes (ICANON, ECHO, ISIG, ...) as flag names, read
    /// with `tcgetattr` on the master, which reports the terminal's settings
    /// (the ones the child changes for raw mode). The flags' type is nix's,
    /// which is not our dependency, so they are read through their `Debug`
    /// form rather than by naming `LocalFlags`.
    #[cfg(unix)]
    pub fn local_modes(&self) -> Vec<String> {
        let termios = self.master.get_termios().expect("termios of the pty");
        format!("{:?}", termios.local_flags)
            .split(|c: char| !(c.is_ascii_alphanumeric() || c == '_'))
            .filter(|w| !w.is_empty() && *w != "LocalFlags")
            .map(String::from)
            .collect()
    }
}

impl Drop for Tui {
    fn drop(&mut self) {
        // A failed test must not leave the reader running. Kill before the
        // writer drops: portable-pty's writer sends newline and EOF on drop.
        if self.status.is_none() && matches!(self.child.try_wait(), Ok(None)) {
            let _ = self.child.kill();
            let _ = self.child.wait();
        }
    }
}

fn nonzero(n: u16) -> NonZeroU16 {
    NonZeroU16::new(n).expect("a terminal has at least one row and column")
}

fn size(cols: u16, rows: u16) -> PtySize {
    PtySize {
        rows,
        cols,
        pixel_width: 0,
        pixel_height: 0,
    }
}

/// A condition on the screen, with words to say what was awaited.
pub struct Expect {
    description: String,
    check: Box<dyn Fn(&Shot) -> bool>,
}

impl From<&str> for Expect {
    fn from(text: &str) -> Expect {
        let owned = text.to_string();
        Expect {
            description: format!("{text:?} on screen"),
            check: Box::new(move |s| s.contains(&owned)),
        }
    }
}

/// A condition given as a predicate.
pub fn when(description: &str, check: impl Fn(&Shot) -> bool + 'static) -> Expect {
    Expect {
        description: description.to_string(),
        check: Box::new(check),
    }
}

/// The text of a screen, one `char` per cell, so a column in a row's
/// chars is a column on screen.
#[derive(Clone, Debug)]
pub struct Shot {
    pub rows: Vec<String>,
}

impl Shot {
    fn of(screen: &vt100::Screen) -> Shot {
        let (rows, cols) = screen.size();
        let rows = (0..rows.get())
            .map(|r| {
                (0..cols.get())
                    .map(|c| {
                        screen
                            .cell(r, c)
                            .and_then(|cell| cell.contents().chars().next())
                            .unwrap_or(' ')
                    })
                    .collect()
            })
            .collect();
        Shot { rows }
    }

    pub fn contains(&self, text: &str) -> bool {
        self.rows.iter().any(|r| r.contains(text))
    }

    /// The first (row, column) where `text` starts.
    pub fn find(&self, text: &str) -> Option<(u16, u16)> {
        self.rows.iter().enumerate().find_map(|(r, line)| {
            line.find(text)
                .map(|byte| (r as u16, line[..byte].chars().count() as u16))
        })
    }

    pub fn last_row(&self) -> &str {
        self.rows.last().map_or("", String::as_str)
    }

    /// The bordered pane whose title starts with `title`.
    pub fn pane(&self, title: &str) -> Option<Pane> {
        let (top, left) = self.find(&format!("┌ {title}"))?;
        let chars = |r: u16| -> Vec<char> { self.rows[usize::from(r)].chars().collect() };
        let top_row = chars(top);
        let right = (usize::from(left) + 1..top_row.len()).find(|&c| top_row[c] == '┐')?;
        let bottom = (top + 1..self.rows.len() as u16)
            .find(|&r| chars(r).get(usize::from(left)) == Some(&'└'))?;
        let title = top_row[usize::from(left) + 1..right]
            .iter()
            .collect::<String>()
            .trim_matches(|c| c == '─' || c == ' ')
            .to_string();
        let lines = (top + 1..bottom)
            .map(|r| chars(r)[usize::from(left) + 1..right].iter().collect())
            .collect();
        Some(Pane {
            title,
            top,
            left,
            lines,
        })
    }

    /// The screen with a frame and row numbers, for failure messages.
    pub fn framed(&self) -> String {
        let width = self.rows.first().map_or(0, |r| r.chars().count());
        let rule = "-".repeat(width);
        let mut out = format!("    +{rule}+\n");
        for (i, row) in self.rows.iter().enumerate() {
            out.push_str(&format!("{i:>3} |{row}|\n"));
        }
        out.push_str(&format!("    +{rule}+"));
        out
    }
}

/// A bordered pane of the screen: its title and the lines inside the border.
#[derive(Clone, Debug)]
pub struct Pane {
    pub title: String,
    /// Screen row of the top border.
    pub top: u16,
    /// Screen column of the left border.
    pub left: u16,
    pub lines: Vec<String>,
}

impl Pane {
    /// The text inside, lines joined by single spaces, scroll bars and
    /// border glyphs left out: wrapped text reads as one run.
    pub fn text(&self) -> String {
        squash(
            &self
                .lines
                .iter()
                .map(|l| l.trim_end_matches(['│', '║', '█', ' ']))
                .collect::<Vec<_>>()
                .join(" "),
        )
    }

    /// The screen row of the `i`-th line inside.
    pub fn row_of(&self, i: usize) -> u16 {
        self.top + 1 + i as u16
    }

    pub fn line_with(&self, text: &str) -> Option<usize> {
        self.lines.iter().position(|l| l.contains(text))
    }
}

/// Runs of whitespace as one space, trimmed.
pub fn squash(text: &str) -> String {
    text.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// The terminal is as it was before the reader started: main screen, no
/// mouse reporting, cursor shown, line discipline cooked again.
pub fn assert_restored(tui: &Tui) {
    let vt = tui.vt_screen();
    let screen = tui.shot().framed();
    assert!(
        !vt.alternate_screen(),
        "still on the alternate screen\n{screen}"
    );
    assert_eq!(
        vt.mouse_protocol_mode(),
        vt100::MouseProtocolMode::None,
        "mouse reporting still on\n{screen}"
    );
    assert!(!vt.hide_cursor(), "the cursor is still hidden\n{screen}");
    #[cfg(unix)]
    {
        let modes = tui.local_modes();
        for flag in ["ICANON", "ECHO"] {
            assert!(
                modes.iter().any(|m| m == flag),
                "raw mode still on: {flag} not in the pty's local modes {modes:?}"
            );
        }
    }
}

/// Checks the reader really took the terminal over, so the restore checks
/// after it exits mean something.
pub fn assert_taken_over(tui: &Tui) {
    let vt = tui.vt_screen();
    assert!(
        vt.alternate_screen(),
        "the reader is not on the alternate screen"
    );
    assert_ne!(
        vt.mouse_protocol_mode(),
        vt100::MouseProtocolMode::None,
        "the reader did not turn mouse reporting on"
    );
    assert!(vt.hide_cursor(), "the reader did not hide the cursor");
    #[cfg(unix)]
    {
        let modes = tui.local_modes();
        assert!(
            !modes.iter().any(|m| m == "ICANON" || m == "ECHO"),
            "the pty is not in raw mode while the reader runs: {modes:?}"
        );
    }
}
