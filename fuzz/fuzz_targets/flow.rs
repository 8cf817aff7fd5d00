//! `cargo +nightly fuzz run flow`: the properties of [`errcat_fuzz::flow`] on every input.
#![no_main]

libfuzzer_sys::fuzz_target!(|data: &[u8]| errcat_fuzz::flow(data));
