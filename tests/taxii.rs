//! `debrief publish` and `debrief fetch` against the OASIS reference TAXII
//! 2.1 server, medallion (from PyPI, memory backend), which the test starts
//! on 127.0.0.1 at a port chosen now and stops at the end. The library goes
//! up as one bundle, comes down page by page (the server's page is smaller
//! than the bundle) and its briefings export to the very bundle that went
//! up. scripts/stix-venv.sh installs medallion in the venv under the target
//! folder; where it cannot, the test says it is skipped and why.

mod installed;

use installed::root;
use std::io::Read;
use std::net::{TcpListener, TcpStream};
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

use assert_cmd::Command as Bin;

const COLLECTION: &str = "91a7b528-80eb-42ed-a74d-c6fbd5a26116";
const USER: &str = "analyst";
const PASSWORD: &str = "correct-horse-battery";

fn venv() -> Result<PathBuf, String> {
    installed::by_script("stix-venv.sh", &["taxii"])
}

/// The server, stopped when dropped.
struct Medallion {
    child: Child,
    port: u16,
    log: PathBuf,
}

impl Drop for Medallion {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

impl Medallion {
    fn start(venv: &Path, dir: &Path) -> Medallion {
        // A free port, chosen now: bound, read, let go for the server.
        let port = TcpListener::bind("127.0.0.1:0")
            .and_then(|l| l.local_addr())
            .expect("a free port")
            .port();
        let api = format!("http://127.0.0.1:{port}/api1/");
        let data = serde_json::json!({
            "/discovery": {"title": "debrief test", "default": api, "api_roots": [api]},
            "api1": {
                "information": {"title": "api1", "versions": ["application/taxii+json;version=2.1"],
                                 "max_content_length": 104857600},
                "status": [],
                "collections": [{
                    "id": COLLECTION, "title": "debrief briefings", "can_read": true, "can_write": true,
                    "media_types": ["application/stix+json;version=2.1"], "objects": [], "manifest": []
                }]
            }
        });
        let data_path = dir.join("data.json");
        std::fs::write(&data_path, data.to_string()).unwrap();
        let config = serde_json::json!({
            "backend": {"module": "medallion.backends.memory_backend", "module_class": "MemoryBackend",
                        "filename": data_path},
            "users": {USER: PASSWORD},
            // Smaller than the library's bundle, so a fetch must follow pages.
            "taxii": {"max_page_size": 25}
        });
        let config_path = dir.join("medallion.json");
        std::fs::write(&config_path, config.to_string()).unwrap();
        let log = dir.join("medallion.log");
        let child = Command::new(venv.join("bin/python"))
            .args([
                "-c",
                "import sys; from medallion.scripts.run import main; sys.exit(main())",
            ])
            .args(["--host", "127.0.0.1", "--port", &port.to_string()])
            .arg(&config_path)
            .stdout(Stdio::null())
            .stderr(std::fs::File::create(&log).unwrap())
            .spawn()
            .expect("medallion starts");
        let server = Medallion { child, port, log };
        let start = Instant::now();
        while TcpStream::connect(("127.0.0.1", port)).is_err() {
            assert!(
                start.elapsed() < Duration::from_secs(30),
                "medallion did not listen on {port}:\n{}",
                server.log_text()
            );
            std::thread::sleep(Duration::from_millis(100));
        }
        server
    }

    fn api(&self) -> String {
        format!("http://127.0.0.1:{}/api1/", self.port)
    }

    fn log_text(&self) -> String {
        let mut s = String::new();
        let _ = std::fs::File::open(&self.log).and_then(|mut f| f.read_to_string(&mut s));
        s
    }
}

fn debrief(user: Option<(&str, &str)>) -> Bin {
    let mut c = Bin::cargo_bin("debrief").expect("the binary is built");
    // The cache goes under target/, never the user's own.
    c.env("XDG_CACHE_HOME", env!("CARGO_TARGET_TMPDIR"));
    c.current_dir(root())
        .env_remove("DEBRIEF_TAXII_USER")
        .env_remove("DEBRIEF_TAXII_PASSWORD")
        .env("DEBRIEF_TAXII_NETRC", "/nonexistent");
    if let Some((u, p)) = user {
        c.env("DEBRIEF_TAXII_USER", u)
            .env("DEBRIEF_TAXII_PASSWORD", p);
    }
    c
}

fn export(paths: &[&Path], out: &Path) -> Vec<u8> {
    debrief(None)
        .args(["export", "--library"])
        .args(paths)
        .args(["--format", "stix", "-o"])
        .arg(out)
        .assert()
        .success();
    std::fs::read(out).unwrap()
}

#[test]
fn publish_then_fetch_gives_back_the_same_briefings() {
    let venv = match venv() {
        Ok(v) => v,
        Err(why) => {
            eprintln!("SKIPPED: medallion could not be installed: {why}");
            return;
        }
    };
    let tmp = tempfile::tempdir().unwrap();
    let server = Medallion::start(&venv, tmp.path());
    let api = server.api();
    let briefings = root().join("briefings");

    // Without credentials the server's refusal is shown in words, with its status.
    let out = debrief(None)
        .args(["publish", "--taxii", &api, "--collection", COLLECTION])
        .arg(&briefings)
        .output()
        .unwrap();
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(!out.status.success());
    assert!(stderr.contains("401"), "{stderr}");

    let out = debrief(Some((USER, PASSWORD)))
        .args(["publish", "--taxii", &api, "--collection", COLLECTION])
        .arg(&briefings)
        .output()
        .unwrap();
    let stdout = String::from_utf8_lossy(&out.stdout);
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(
        out.status.success(),
        "publish failed:\n{stderr}\n{}",
        server.log_text()
    );
    assert!(stdout.contains("0 refused"), "{stdout}{stderr}");
    assert!(!stdout.contains(PASSWORD) && !stderr.contains(PASSWORD));

    // A wrong collection is a 404 in words.
    let out = debrief(Some((USER, PASSWORD)))
        .args([
            "fetch",
            "--taxii",
            &api,
            "--collection",
            "no-such-collection",
            "-o",
        ])
        .arg(tmp.path().join("none"))
        .output()
        .unwrap();
    assert!(!out.status.success());
    assert!(String::from_utf8_lossy(&out.stderr).contains("404"));

    let fetched = tmp.path().join("fetched");
    let out = debrief(Some((USER, PASSWORD)))
        .args(["fetch", "--taxii", &api, "--collection", COLLECTION, "-o"])
        .arg(&fetched)
        .output()
        .unwrap();
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(
        out.status.success(),
        "fetch failed:\n{stderr}\n{}",
        server.log_text()
    );
    assert!(!stderr.contains("not imported"), "{stderr}");
    // Pages were followed: the server's page is 25 objects.
    assert!(
        server.log_text().contains("next="),
        "no second page was asked for"
    );

    let original = export(&[&briefings], &tmp.path().join("original.json"));
    let back = export(&[&fetched], &tmp.path().join("back.json"));
    assert!(
        original == back,
        "the fetched briefings export to a different bundle"
    );
    let files = std::fs::read_dir(&fetched).unwrap().count();
    assert_eq!(files, 13, "12 briefings and actors.yaml");
}
