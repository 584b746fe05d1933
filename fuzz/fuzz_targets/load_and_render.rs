//! Bytes through load, validation and cleaning, then every screen of the
//! reader into a `TestBackend` at a size taken from the input. See
//! `../harness.rs` for what is checked and `../README.md` for how to run it.

#![no_main]

use libfuzzer_sys::fuzz_target;

#[path = "../harness.rs"]
mod harness;

fuzz_target!(|data: &[u8]| harness::check(data));
