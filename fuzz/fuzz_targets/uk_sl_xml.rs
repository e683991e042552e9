#![no_main]
//! Fuzz target: the uk_sl_xml parser never panics on arbitrary bytes.
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let _ = namesake_sources::uk_sl_xml::parse_bytes(data, std::path::Path::new("fuzz-input"));
});
