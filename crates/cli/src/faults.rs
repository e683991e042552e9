//! Pauses at the points where a crash matters, for the tests that kill namesake there (the
//! store's import has its own, `NAMESAKE_TEST_PAUSE_IMPORT`).

/// Seconds `rescreen` sleeps after its run is committed, before it writes its alerts.
pub const PAUSE_DELIVERY_ENV: &str = "NAMESAKE_TEST_PAUSE_DELIVERY";

/// Sleeps the seconds `var` names, saying so on stderr (a test waits for that line).
pub fn pause(var: &str, at: &str) {
    if let Some(secs) = std::env::var(var).ok().and_then(|s| s.parse::<u64>().ok()) {
        eprintln!("namesake: pausing {secs}s {at} ({var})");
        std::thread::sleep(std::time::Duration::from_secs(secs));
    }
}
