//! The HTML brief in a real browser: Debian's Chromium, headless, opens it
//! with no console message (the brief's own Content-Security-Policy turns
//! any script or fetched resource into one) and prints it to PDF on A4 and
//! on Letter. Chromium comes from scripts/install-browser.sh (which .ci/run
//! runs); where it is not installed the test says so and is skipped.

use std::path::{Path, PathBuf};
use std::process::Command;

use debrief::briefing::{Library, Limits};
use debrief::export::{self, Format, Scope};
use debrief::marks::{Kind, Marks, Target};
use debrief::query::{ActorNames, Filter};

fn chromium() -> Option<PathBuf> {
    let found = Command::new("sh")
        .args(["-c", "command -v chromium || command -v chromium-browser"])
        .output()
        .ok()?;
    let path = String::from_utf8_lossy(&found.stdout).trim().to_owned();
    (!path.is_empty()).then(|| PathBuf::from(path))
}

/// Chromium as the workplace runs it: no sandbox as root, nothing fetched
/// in the background, a profile of its own.
fn headless(chromium: &Path, profile: &Path) -> Command {
    let mut cmd = Command::new(chromium);
    cmd.args([
        "--headless",
        "--no-sandbox",
        "--disable-gpu",
        "--disable-quic",
        "--no-first-run",
        "--disable-background-networking",
        "--disable-component-update",
        "--disable-sync",
        "--enable-logging=stderr",
        "--v=0",
    ])
    .arg(format!("--user-data-dir={}", profile.display()));
    cmd
}

/// The flagship's brief with three claims marked in a chosen order and a note.
fn flagship_html() -> String {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("briefings");
    let library = Library::load(&[root], &Limits::default());
    let b = library
        .briefings
        .iter()
        .find(|b| b.id == "cz-mfa-apt31-article")
        .expect("the flagship");
    let mut m = Marks::default();
    let ids: Vec<String> = b.claims.iter().take(3).map(|c| c.id.to_string()).collect();
    for id in &ids {
        m.toggle(&Target::new(Kind::Claim, id));
    }
    m.move_judgement(b, &ids[2], -2);
    m.set_note(
        &Target::new(Kind::Claim, &ids[0]),
        "Ask the ministry for the indicators before this goes further.",
    );
    let names = ActorNames::new(&library.briefings);
    let brief = export::brief(
        &[(b, &m)],
        &Filter::default(),
        &names,
        Scope::Marked,
        time::macros::date!(2026 - 12 - 02),
    );
    export::render(&brief, Format::Html).expect("renders")
}

#[test]
fn the_html_brief_renders_in_chromium_without_console_messages_and_prints() {
    let Some(chromium) = chromium() else {
        eprintln!(
            "SKIPPED: chromium is not installed (scripts/install-browser.sh installs it); the HTML brief was not opened in a browser"
        );
        return;
    };
    let dir = tempfile::tempdir().expect("temp dir");
    let page = dir.path().join("brief.html");
    std::fs::write(&page, flagship_html()).expect("write");
    let url = format!("file://{}", page.display());

    let shot = dir.path().join("shot.png");
    let out = headless(&chromium, &dir.path().join("profile"))
        .arg(format!("--screenshot={}", shot.display()))
        .arg("--window-size=900,1200")
        .arg(&url)
        .output()
        .expect("chromium runs");
    let log = String::from_utf8_lossy(&out.stderr);
    let console: Vec<&str> = log.lines().filter(|l| l.contains(":CONSOLE")).collect();
    assert!(
        console.is_empty(),
        "console messages:\n{}",
        console.join("\n")
    );
    assert!(
        std::fs::metadata(&shot).is_ok_and(|m| m.len() > 10_000),
        "no screenshot: {log}"
    );

    for (paper, width, height) in [("a4", "8.27", "11.69"), ("letter", "8.5", "11")] {
        let pdf = dir.path().join(format!("{paper}.pdf"));
        let out = headless(&chromium, &dir.path().join(format!("profile-{paper}")))
            .arg(format!("--print-to-pdf={}", pdf.display()))
            .arg("--no-pdf-header-footer")
            .arg(format!("--paper-width={width}"))
            .arg(format!("--paper-height={height}"))
            .arg(&url)
            .output()
            .expect("chromium prints");
        let bytes = std::fs::read(&pdf).unwrap_or_default();
        assert!(
            bytes.starts_with(b"%PDF") && bytes.len() > 5_000,
            "{paper}: no PDF: {}",
            String::from_utf8_lossy(&out.stderr)
        );
    }
}
