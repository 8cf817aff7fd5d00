//! `cargo +nightly fuzz run replay`: the properties of [`errcat_fuzz::replay`] on every input.
#![no_main]

libfuzzer_sys::fuzz_target!(|data: &[u8]| errcat_fuzz::replay(data));
