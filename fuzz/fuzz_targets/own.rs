#![no_main]
//! Fuzz target: the own-list CSV and JSON parsers never panic on arbitrary bytes.
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let p = std::path::Path::new("fuzz-input");
    let _ = namesake_sources::own::parse_csv(data, p);
    let _ = namesake_sources::own::parse_json(data, p);
});
