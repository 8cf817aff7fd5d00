//! `cargo +nightly fuzz run outcome`: the properties of [`errcat_fuzz::outcome`] on every input.
#![no_main]

libfuzzer_sys::fuzz_target!(|data: &[u8]| errcat_fuzz::outcome(data));
