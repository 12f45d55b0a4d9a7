//! `cargo +nightly fuzz run amplify`: see `fuzz/README.md`.
#![no_main]

use libfuzzer_sys::fuzz_target;

#[path = "common.rs"]
mod common;

fuzz_target!(|data: &[u8]| {
    common::amplify(data);
});
