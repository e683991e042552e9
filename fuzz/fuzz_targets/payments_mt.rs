#![no_main]
//! Fuzz target: the SWIFT MT reader (block splitting, headers, option F lines) never panics.
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let _ = namesake_payments::parse_batch(data, "fuzz-input", &Default::default());
    if let Ok(text) = std::str::from_utf8(data) {
        let _ = namesake_payments::mt::parse(text, "fuzz-input");
    }
});
