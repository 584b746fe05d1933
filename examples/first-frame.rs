//! Time to the reader's first frame, in a pseudo-terminal: starts the
//! release binary on a library, feeds what it prints to a terminal emulator
//! (vt100), and measures until the screen shows the library header
//! ("debrief · Library"); then until the background load has finished (the
//! header's "loading n/m files" is gone), then quits with `q`. One second
//! into the load it types `?` and measures until the help is on screen: the
//! reader must answer keys while it loads.
//!
//! ```sh
//! cargo build --release
//! cargo run --release --example first-frame -- LIBRARY [--runs 10] [--size 250x80]
//! ```
//!
//! Prints each run and the median, and the median's ratio to the 100 ms
//! budget. The state folder is a fresh temporary one, so saved marks of the
//! user are neither read nor written.

use std::io::{Read, Write};
use std::num::NonZeroU16;
use std::path::PathBuf;
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use portable_pty::{CommandBuilder, PtySize, native_pty_system};

const HEADER: &str = "debrief · Library";
const HELP: &str = "Help · Esc closes";
const BUDGET: Duration = Duration::from_millis(100);
const TIMEOUT: Duration = Duration::from_secs(120);

struct Run {
    first_frame: Duration,
    /// From `?` typed one second into the load to the help on screen.
    key_while_loading: Option<Duration>,
    loaded: Option<Duration>,
}

fn main() {
    let mut args = std::env::args().skip(1);
    let mut library = None;
    let mut runs = 10;
    let (mut cols, mut rows) = (250u16, 80u16);
    let mut bin = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("target/release/debrief");
    while let Some(arg) = args.next() {
        match arg.as_str() {
            "--runs" => runs = args.next().and_then(|s| s.parse().ok()).unwrap_or(runs),
            "--bin" => bin = args.next().map(PathBuf::from).unwrap_or(bin),
            "--size" => {
                if let Some((c, r)) = args.next().as_deref().and_then(|s| s.split_once('x')) {
                    cols = c.parse().unwrap_or(cols);
                    rows = r.parse().unwrap_or(rows);
                }
            }
            _ => library = Some(arg),
        }
    }
    let Some(library) = library else {
        eprintln!("usage: first-frame LIBRARY [--runs N] [--size COLSxROWS] [--bin PATH]");
        std::process::exit(2);
    };
    let mut results = Vec::new();
    for i in 0..runs {
        let run = run_once(&bin, &library, cols, rows);
        println!(
            "run {}: first frame {:.1} ms, `?` answered while loading in {}, library loaded {}",
            i + 1,
            ms(run.first_frame),
            run.key_while_loading
                .map_or("(not seen)".into(), |d| format!("{:.1} ms", ms(d))),
            run.loaded
                .map_or("(not seen)".into(), |d| format!("{:.0} ms", ms(d)))
        );
        results.push(run);
    }
    let mut first: Vec<Duration> = results.iter().map(|r| r.first_frame).collect();
    first.sort();
    let median = first[first.len() / 2];
    let mut loaded: Vec<Duration> = results.iter().filter_map(|r| r.loaded).collect();
    loaded.sort();
    println!(
        "median first frame: {:.1} ms = {:.2} x the 100 ms budget (min {:.1}, max {:.1})",
        ms(median),
        median.as_secs_f64() / BUDGET.as_secs_f64(),
        ms(first[0]),
        ms(first[first.len() - 1])
    );
    let mut keys: Vec<Duration> = results.iter().filter_map(|r| r.key_while_loading).collect();
    keys.sort();
    if let Some(k) = keys.get(keys.len() / 2) {
        println!("median answer to a key while loading: {:.1} ms", ms(*k));
    }
    if let Some(l) = loaded.get(loaded.len() / 2) {
        println!("median until loaded: {:.0} ms", ms(*l));
    }
}

fn nonzero(n: u16) -> NonZeroU16 {
    NonZeroU16::new(n).unwrap_or(NonZeroU16::MIN)
}

fn ms(d: Duration) -> f64 {
    d.as_secs_f64() * 1000.0
}

fn run_once(bin: &PathBuf, library: &str, cols: u16, rows: u16) -> Run {
    let pair = native_pty_system()
        .openpty(PtySize {
            rows,
            cols,
            pixel_width: 0,
            pixel_height: 0,
        })
        .expect("open a pseudo-terminal");
    let home = tempfile::tempdir().expect("a scratch home");
    let mut cmd = CommandBuilder::new(bin);
    cmd.arg(library);
    if let Ok(dir) = std::env::current_dir() {
        cmd.cwd(dir);
    }
    cmd.env("TERM", "xterm-256color");
    cmd.env("HOME", home.path());
    cmd.env("XDG_STATE_HOME", home.path().join("state"));
    let parser = Arc::new(Mutex::new(vt100::Parser::new(
        nonzero(rows),
        nonzero(cols),
        0,
    )));
    let start = Instant::now();
    let mut child = pair.slave.spawn_command(cmd).expect("spawn debrief");
    drop(pair.slave);
    let mut output = pair.master.try_clone_reader().expect("pty reader");
    let feed = Arc::clone(&parser);
    let reader = std::thread::spawn(move || {
        let mut buf = [0u8; 64 * 1024];
        loop {
            match output.read(&mut buf) {
                Ok(0) | Err(_) => break,
                Ok(n) => feed
                    .lock()
                    .unwrap_or_else(|e| e.into_inner())
                    .process(&buf[..n]),
            }
        }
    });
    let screen = || {
        parser
            .lock()
            .unwrap_or_else(|e| e.into_inner())
            .screen()
            .contents()
    };
    let mut writer = pair.master.take_writer().expect("pty writer");
    let mut first_frame = None;
    let mut key_sent: Option<Instant> = None;
    let mut key_while_loading = None;
    let mut loaded = None;
    while start.elapsed() < TIMEOUT {
        let text = screen();
        if first_frame.is_none() && text.contains(HEADER) {
            first_frame = Some(start.elapsed());
        }
        if first_frame.is_some() && text.contains("loading ") {
            match key_sent {
                None if start.elapsed() > Duration::from_secs(1) => {
                    let _ = writer.write_all(b"?");
                    let _ = writer.flush();
                    key_sent = Some(Instant::now());
                }
                Some(sent) if key_while_loading.is_none() && text.contains(HELP) => {
                    key_while_loading = Some(sent.elapsed());
                    let _ = writer.write_all(b"\x1b");
                    let _ = writer.flush();
                }
                _ => {}
            }
        }
        if first_frame.is_some() && !text.contains("loading ") && text.contains("briefings") {
            loaded = Some(start.elapsed());
            break;
        }
        if first_frame.is_none() && matches!(child.try_wait(), Ok(Some(_))) {
            break;
        }
        std::thread::sleep(Duration::from_micros(500));
    }
    let Some(first_frame) = first_frame else {
        let _ = child.kill();
        panic!("no first frame within {TIMEOUT:?}:\n{}", screen());
    };
    // Esc then q at once would read as Alt-q.
    std::thread::sleep(Duration::from_millis(200));
    let _ = writer.write_all(b"q");
    let _ = writer.flush();
    let deadline = Instant::now() + Duration::from_secs(10);
    loop {
        if let Ok(Some(_)) = child.try_wait() {
            break;
        }
        if Instant::now() > deadline {
            let _ = child.kill();
            let _ = child.wait();
            break;
        }
        std::thread::sleep(Duration::from_millis(5));
    }
    drop(pair.master);
    let _ = reader.join();
    Run {
        first_frame,
        key_while_loading,
        loaded,
    }
}
