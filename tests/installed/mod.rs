//! The real tools the tests check our output with (the STIX validator,
//! misp-stix, medallion, yaml-language-server), installed by a script of
//! scripts/ that prints where they are; one way to ask it, for every test
//! that needs one.

#![allow(dead_code)] // each test binary uses a part

use std::path::{Path, PathBuf};
use std::process::Command;

pub fn root() -> &'static Path {
    Path::new(env!("CARGO_MANIFEST_DIR"))
}

/// Runs `scripts/SCRIPT ARGS...`, which installs a tool (or finds it
/// installed) and prints its folder: that folder, or the script's own
/// words for why there is none, for the test to say it is skipped.
pub fn by_script(script: &str, args: &[&str]) -> Result<PathBuf, String> {
    let out = Command::new("bash")
        .arg(root().join("scripts").join(script))
        .args(args)
        .current_dir(root())
        .output()
        .map_err(|e| format!("cannot run scripts/{script}: {e}"))?;
    if !out.status.success() {
        return Err(String::from_utf8_lossy(&out.stderr).trim().to_owned());
    }
    let path = PathBuf::from(String::from_utf8_lossy(&out.stdout).trim());
    Ok(if path.is_absolute() {
        path
    } else {
        root().join(path)
    })
}
