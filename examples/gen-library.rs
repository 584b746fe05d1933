//! Writes a synthetic library for benchmarks and scale tests:
//!
//! ```sh
//! cargo run --release --example gen-library -- 10000 /tmp/lib [--seed 7]
//! cargo run --release --example gen-library -- --big 5000000 /tmp/big
//! ```
//!
//! N briefings of about 25 KB each go into OUT, in folders by year; with
//! `--big BYTES`, one briefing whose article has at least BYTES of text.
//! The same seed always gives the same files. See `examples/synth/mod.rs`.

#[path = "synth/mod.rs"]
mod synth;

use std::path::PathBuf;
use std::process::ExitCode;
use std::time::Instant;

const USAGE: &str =
    "usage: gen-library N OUT [--seed S]\n       gen-library --big BYTES OUT [--seed S]";

fn main() -> ExitCode {
    let mut args = std::env::args().skip(1);
    let mut positional = Vec::new();
    let mut seed = 1u64;
    let mut big = false;
    while let Some(arg) = args.next() {
        match arg.as_str() {
            "--seed" => match args.next().and_then(|s| s.parse().ok()) {
                Some(s) => seed = s,
                None => return usage(),
            },
            "--big" => big = true,
            "-h" | "--help" => {
                println!("{USAGE}");
                return ExitCode::SUCCESS;
            }
            _ => positional.push(arg),
        }
    }
    let [n, out] = positional.as_slice() else {
        return usage();
    };
    let Ok(n) = n.parse::<usize>() else {
        return usage();
    };
    let out = PathBuf::from(out);
    let start = Instant::now();
    let result = if big {
        synth::write_big(&out, n, seed).and_then(|path| {
            let bytes = std::fs::metadata(&path)?.len();
            println!("wrote {} ({bytes} bytes)", path.display());
            Ok(())
        })
    } else {
        synth::write_library(&out, n, seed).map(|bytes| {
            println!(
                "wrote {n} briefings, {bytes} bytes ({:.1} KB each) into {} in {:.2} s",
                bytes as f64 / n.max(1) as f64 / 1000.0,
                out.display(),
                start.elapsed().as_secs_f64()
            );
        })
    };
    match result {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("gen-library: {}: {e}", out.display());
            ExitCode::FAILURE
        }
    }
}

fn usage() -> ExitCode {
    eprintln!("{USAGE}");
    ExitCode::from(2)
}
