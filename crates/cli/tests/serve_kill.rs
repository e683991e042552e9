//! Issue 12: kill -9 of `namesake serve` under load loses no audited answer. The real binary
//! serves the UN list with its SQLite store; eight clients screen concurrently; the server is
//! killed with SIGKILL mid-load; then every request that got a 200 must have its audit record
//! (matched by the request id the server returned) and the chain must verify.
//!
//! Skipped, with the reason printed (a failure under CI), when `../shared/data` is missing.

use std::collections::HashSet;
use std::io::{BufRead, BufReader, Read, Write};
use std::net::TcpStream;
use std::process::{Child, Command, Stdio};
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use namesake_store::Store;

const KEY: &str = "kill-test-key-0123456789abcdef";
const CLIENTS: usize = 8;

/// Kills the server when the test ends, however it ends.
struct Guard(Child);

impl Drop for Guard {
    fn drop(&mut self) {
        let _ = self.0.kill();
        let _ = self.0.wait();
    }
}

/// A response's status and `x-request-id`.
struct Answer {
    status: u16,
    request_id: Option<String>,
}

/// One request on its own connection; `None` when the connection failed or was cut.
fn request(addr: &str, method: &str, path: &str, body: &str) -> Option<Answer> {
    let mut s = TcpStream::connect(addr).ok()?;
    s.set_read_timeout(Some(Duration::from_secs(10))).ok()?;
    write!(
        s,
        "{method} {path} HTTP/1.1\r\nHost: {addr}\r\nAuthorization: ApiKey {KEY}\r\n\
         Content-Type: application/json\r\nContent-Length: {}\r\nConnection: close\r\n\r\n{body}",
        body.len()
    )
    .ok()?;
    let mut buf = String::new();
    s.read_to_string(&mut buf).ok()?;
    let (head, _) = buf.split_once("\r\n\r\n")?;
    let status = head.split_whitespace().nth(1)?.parse().ok()?;
    let request_id = head.lines().find_map(|l| {
        let (k, v) = l.split_once(':')?;
        k.eq_ignore_ascii_case("x-request-id")
            .then(|| v.trim().to_string())
    });
    Some(Answer { status, request_id })
}

/// Starts `namesake serve` on the UN list with the store in `home`; the guard and its address.
fn start(un: &std::path::Path, home: &std::path::Path) -> (Guard, String) {
    let mut child = Command::new(env!("CARGO_BIN_EXE_namesake"))
        .args(["serve", "--addr", "127.0.0.1:0", "--list"])
        .arg(un)
        .env("NAMESAKE_API_KEYS", format!("kill-test:screen:{KEY}"))
        .env("NAMESAKE_HOME", home)
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
    std::thread::spawn(move || for _ in lines {});
    (guard, addr)
}

#[test]
fn kill_9_under_load_loses_no_audit_record_of_an_answered_screening() {
    let Some(un) = namesake_testdata::require_list("un_sc_consolidated_2026-02-27.xml") else {
        return;
    };
    let home = tempfile::tempdir().expect("temp dir");
    let (mut guard, addr) = start(&un, home.path());
    let started = Instant::now();
    while request(&addr, "GET", "/readyz", "").map(|a| a.status) != Some(200) {
        assert!(
            started.elapsed() < Duration::from_secs(300),
            "the UN list did not load in time"
        );
        std::thread::sleep(Duration::from_millis(100));
    }

    let answered = Arc::new(Mutex::new(Vec::<String>::new()));
    let stop = Arc::new(AtomicBool::new(false));
    let clients: Vec<_> = (0..CLIENTS)
        .map(|c| {
            let (addr, answered, stop) = (addr.clone(), answered.clone(), stop.clone());
            std::thread::spawn(move || {
                let mut i = 0;
                while !stop.load(Ordering::SeqCst) {
                    i += 1;
                    let body = format!(
                        r#"{{"queries": {{"q": {{"schema": "Person", "properties": {{"name": ["Client{c} Person{i} Abdul Rahman"]}}}}}}}}"#
                    );
                    let Some(a) = request(&addr, "POST", "/match/default", &body) else {
                        continue; // refused or cut by the kill: not answered
                    };
                    if a.status == 200 {
                        let id = a.request_id.expect("a 200 names its request id");
                        answered.lock().unwrap().push(id);
                    }
                }
            })
        })
        .collect();
    // Kill once the load is well under way.
    let load_started = Instant::now();
    while answered.lock().unwrap().len() < 300 {
        assert!(
            load_started.elapsed() < Duration::from_secs(120),
            "the server answered too few requests"
        );
        std::thread::sleep(Duration::from_millis(10));
    }
    guard.0.kill().expect("SIGKILL sent"); // Child::kill is SIGKILL on Unix
    let _ = guard.0.wait();
    // The clients keep trying for a moment: anything they get now is a refusal.
    std::thread::sleep(Duration::from_millis(200));
    stop.store(true, Ordering::SeqCst);
    for c in clients {
        c.join().expect("client thread");
    }
    let answered = answered.lock().unwrap().clone();

    let store = namesake_store::open_sqlite(&home.path().join("namesake.db")).expect("store opens");
    let mut audited = HashSet::new();
    let mut after = 0;
    loop {
        let page = store.audit_records(after, 1000).expect("audit records");
        let Some(last) = page.last() else { break };
        after = last.seq;
        for r in &page {
            let subject: serde_json::Value = serde_json::from_str(&r.subject).expect("JSON");
            if let Some(id) = subject["request_id"].as_str() {
                audited.insert(id.to_string());
            }
        }
    }
    let missing: Vec<&String> = answered
        .iter()
        .filter(|id| !audited.contains(*id))
        .collect();
    println!(
        "{} answered with 200 before the kill, {} audit records",
        answered.len(),
        audited.len()
    );
    assert!(
        missing.is_empty(),
        "{} of {} answered requests have no audit record, e.g. {:?}",
        missing.len(),
        answered.len(),
        &missing[..missing.len().min(5)]
    );
    assert!(matches!(
        store.audit_verify().expect("verify"),
        namesake_store::AuditCheck::Intact { .. }
    ));
}
