//! `namesake serve` end to end: the binary on a free port with the real UN list, driven by the
//! official `yente-client` package (crates/server/tests/yente_client/screen_un.py).
//!
//! Skipped, with the reason printed, when `../shared/data`, python3 or yente-client is missing.

use std::io::{BufRead, BufReader, Read, Write};
use std::net::TcpStream;
use std::path::PathBuf;
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

const KEY: &str = "yente-client-test-key-0123456789";

/// Kills the server when the test ends, however it ends.
struct Guard(Child);

impl Drop for Guard {
    fn drop(&mut self) {
        let _ = self.0.kill();
        let _ = self.0.wait();
    }
}

/// Status code and body of a plain HTTP GET (with the key).
fn get(addr: &str, path: &str) -> Option<(u16, String)> {
    let mut s = TcpStream::connect(addr).ok()?;
    s.set_read_timeout(Some(Duration::from_secs(5))).ok()?;
    write!(
        s,
        "GET {path} HTTP/1.1\r\nHost: {addr}\r\nAuthorization: ApiKey {KEY}\r\nConnection: close\r\n\r\n"
    )
    .ok()?;
    let mut buf = String::new();
    s.read_to_string(&mut buf).ok()?;
    let status = buf.split_whitespace().nth(1)?.parse().ok()?;
    let body = buf.split_once("\r\n\r\n").map(|(_, b)| b.to_string())?;
    Some((status, body))
}

fn get_status(addr: &str, path: &str) -> Option<u16> {
    get(addr, path).map(|(s, _)| s)
}

#[test]
fn serve_refuses_to_start_without_keys() {
    let list = std::env::temp_dir().join("namesake-serve-nokeys.csv");
    std::fs::write(&list, "name\nx\n").expect("temp file");
    let out = Command::new(env!("CARGO_BIN_EXE_namesake"))
        .args(["serve", "--addr", "127.0.0.1:0", "--list"])
        .arg(&list)
        .env_remove("NAMESAKE_API_KEYS")
        .output()
        .expect("runs");
    assert_eq!(out.status.code(), Some(2));
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(
        err.contains("no API key") && err.contains("--open"),
        "{err}"
    );
}

#[test]
fn yente_client_screens_through_match() {
    let Some(un) = namesake_testdata::require_list("un_sc_consolidated_2026-02-27.xml") else {
        return;
    };
    let python = std::env::var("PYTHON").unwrap_or_else(|_| "python3".into());
    match Command::new(&python)
        .args(["-c", "import yente_client"])
        .output()
    {
        Ok(o) if o.status.success() => {}
        Ok(_) => {
            namesake_testdata::skip("the yente-client Python package (pip install yente-client)");
            return;
        }
        Err(e) => {
            namesake_testdata::skip(&format!("{python} ({e})"));
            return;
        }
    }
    let home = tempfile::tempdir().expect("temp dir");
    // The key comes from a config file, as its SHA-256 (printf %s KEY | sha256sum).
    let config = home.path().join("namesake.toml");
    std::fs::write(
        &config,
        format!(
            "[[api_keys]]\nname = \"yente-client\"\nsha256 = \"{}\"\n",
            namesake_server::key_digest_hex(KEY)
        ),
    )
    .expect("config written");
    let mut child = Command::new(env!("CARGO_BIN_EXE_namesake"))
        .args(["serve", "--addr", "127.0.0.1:0", "--config"])
        .arg(&config)
        .arg("--list")
        .arg(&un)
        .env_remove("NAMESAKE_API_KEYS")
        .env("NAMESAKE_HOME", home.path())
        .env("NAMESAKE_LOG", "warn")
        .stdout(Stdio::null())
        .stderr(Stdio::piped())
        .spawn()
        .expect("namesake serve starts");
    let stderr = child.stderr.take().expect("stderr");
    let guard = Guard(child);
    let mut lines = BufReader::new(stderr).lines();
    let addr = loop {
        let line = lines
            .next()
            .expect("the server printed its address")
            .expect("readable stderr");
        if let Some(rest) = line.strip_prefix("listening on http://") {
            break rest
                .split_whitespace()
                .next()
                .unwrap_or_default()
                .to_string();
        }
    };
    // Keep draining stderr so the server never blocks on a full pipe.
    std::thread::spawn(move || for _ in lines {});
    let started = Instant::now();
    while get_status(&addr, "/readyz") != Some(200) {
        assert!(
            started.elapsed() < Duration::from_secs(300),
            "the UN list did not load in time"
        );
        std::thread::sleep(Duration::from_millis(200));
    }
    let script =
        PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../server/tests/yente_client/screen_un.py");
    let out = Command::new(&python)
        .arg(&script)
        .args(["--base-url", &format!("http://{addr}"), "--api-key", KEY])
        .output()
        .expect("the script runs");
    let stdout = String::from_utf8_lossy(&out.stdout);
    let stderr = String::from_utf8_lossy(&out.stderr);
    println!("{stdout}");
    if out.status.code() == Some(77) {
        namesake_testdata::skip(&format!("yente-client: {stdout}"));
        return;
    }
    assert!(
        out.status.success(),
        "yente-client check failed:\n{stdout}\n{stderr}"
    );
    assert!(stdout.contains("OK"), "{stdout}");

    // SIGHUP reloads the lists: the index generation goes up.
    let generation = |addr: &str| -> Option<u64> {
        let (_, body) = get(addr, "/v1/lists")?;
        let v: serde_json::Value = serde_json::from_str(&body).ok()?;
        v["generation"].as_u64()
    };
    assert_eq!(generation(&addr), Some(1));
    let hup = Command::new("kill")
        .args(["-HUP", &guard.0.id().to_string()])
        .status();
    if hup.is_ok_and(|s| s.success()) {
        let started = Instant::now();
        while generation(&addr) != Some(2) {
            assert!(
                started.elapsed() < Duration::from_secs(120),
                "SIGHUP did not reload"
            );
            std::thread::sleep(Duration::from_millis(100));
        }
    } else {
        eprintln!("skipping the SIGHUP check: cannot run kill");
    }
    drop(guard);
}
