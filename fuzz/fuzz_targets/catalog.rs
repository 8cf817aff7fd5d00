//! `cargo +nightly fuzz run catalog`: the properties of [`errcat_fuzz::catalog`] on every input.
#![no_main]

libfuzzer_sys::fuzz_target!(|data: &[u8]| errcat_fuzz::catalog(data));
