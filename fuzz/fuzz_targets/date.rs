#![no_main]
//! Fuzz target: date parsing never panics and what it accepts is ordered.
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let Ok(s) = std::str::from_utf8(data) else { return };
    if let Ok(d) = namesake_model::DateSpec::parse(s) {
        assert!(d.from <= d.to);
    }
});
