//! Issue 12: 1,000 connections that trickle a request head one byte a second do not stop `/match`
//! from answering, and the server closes each of them at the header-read timeout (2 s here).
//! Bounded: on loopback, the clients stop when closed or after 10 s, the test within 20 s.
//!
//! The p99 of `/match` with and without the slow clients is printed, not asserted: the machine
//! is shared, and a timing bound would fail on someone else's build.

mod common;

use std::time::{Duration, Instant};

use common::*;
use namesake_server::{Limits, Server, ServerOptions};
use tokio::io::{AsyncReadExt, AsyncWriteExt};

const WANTED: usize = 1000;
const HEADER_TIMEOUT: Duration = Duration::from_secs(2);

/// The soft limit on open files (`/proc/self/limits`), when it can be read.
fn open_files_limit() -> Option<usize> {
    let limits = std::fs::read_to_string("/proc/self/limits").ok()?;
    let line = limits.lines().find(|l| l.starts_with("Max open files"))?;
    let soft = line.split_whitespace().nth(3)?;
    if soft == "unlimited" {
        return Some(usize::MAX);
    }
    soft.parse().ok()
}

/// How many slow connections this process can hold: each takes a descriptor on both ends.
fn connection_count() -> usize {
    match open_files_limit() {
        Some(limit) if limit < 2 * WANTED + 200 => {
            let n = limit.saturating_sub(200) / 2;
            println!(
                "ulimit -n is {limit}: each connection takes two descriptors here (client and \
                 server), so {n} slow connections instead of {WANTED}"
            );
            n
        }
        _ => WANTED,
    }
}

/// Opens a connection and sends one byte of a request head a second until the server closes it;
/// how long after connecting it was closed (`None`: still open after 10 s).
async fn trickle(addr: std::net::SocketAddr) -> Option<Duration> {
    let mut s = tokio::net::TcpStream::connect(addr).await.ok()?;
    let started = Instant::now();
    let head =
        b"GET /healthz HTTP/1.1\r\nHost: x\r\nX-Pad: aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa\r\n\r\n";
    let mut buf = [0u8; 256];
    for byte in head.iter() {
        if s.write_all(std::slice::from_ref(byte)).await.is_err() {
            return Some(started.elapsed());
        }
        // Wait a second, or less if the server closes the connection meanwhile.
        match tokio::time::timeout(Duration::from_secs(1), s.read(&mut buf)).await {
            Ok(Ok(0)) | Ok(Err(_)) => return Some(started.elapsed()),
            Ok(Ok(_)) => {} // a 408 before closing: read on
            Err(_) => {}
        }
        if started.elapsed() > Duration::from_secs(10) {
            return None;
        }
    }
    None
}

/// Latencies of `n` sequential single-name `/match` requests, sorted; panics on any non-200.
async fn match_latencies(c: &reqwest::Client, base: &str, n: usize) -> Vec<Duration> {
    let body = match_body(
        "Person",
        serde_json::json!({"name": ["Abdul Rahman Yasin Qaderi"]}),
    );
    let mut took = Vec::with_capacity(n);
    for _ in 0..n {
        let started = Instant::now();
        let resp = auth(c.post(format!("{base}/match/default")))
            .json(&body)
            .send()
            .await
            .expect("/match answers");
        assert_eq!(resp.status(), 200);
        let _ = resp.bytes().await;
        took.push(started.elapsed());
    }
    took.sort();
    took
}

fn p99(sorted: &[Duration]) -> Duration {
    sorted[(sorted.len() * 99 / 100).min(sorted.len() - 1)]
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn slow_clients_are_closed_at_the_header_read_timeout_and_match_keeps_answering() {
    let test_started = Instant::now();
    let count = connection_count();
    let server = Server::new(ServerOptions {
        limits: Limits {
            header_read_timeout_ms: HEADER_TIMEOUT.as_millis() as u64,
            max_connections: count + 64,
            ..Limits::default()
        },
        ..options()
    })
    .unwrap();
    server.set_index(synthetic(0));
    let base = start(&server).await;
    let addr: std::net::SocketAddr = base.trim_start_matches("http://").parse().unwrap();
    let c = client();
    let unloaded = match_latencies(&c, &base, 200).await;

    let slow: Vec<_> = (0..count).map(|_| tokio::spawn(trickle(addr))).collect();
    // Let the connections open, then screen while they trickle (before the timeout closes them).
    tokio::time::sleep(Duration::from_millis(300)).await;
    let loaded = match_latencies(&c, &base, 200).await;
    let loaded_took = test_started.elapsed();

    let mut closed_after = Vec::with_capacity(count);
    for t in slow {
        closed_after.push(t.await.expect("client task"));
    }
    println!(
        "/match p99: {:?} unloaded, {:?} with {count} slow connections (p50 {:?} / {:?}); \
         loaded phase ended {:?} into the test",
        p99(&unloaded),
        p99(&loaded),
        unloaded[unloaded.len() / 2],
        loaded[loaded.len() / 2],
        loaded_took
    );
    let open = closed_after.iter().filter(|c| c.is_none()).count();
    assert_eq!(open, 0, "{open} slow connections were never closed");
    let mut times: Vec<Duration> = closed_after.into_iter().flatten().collect();
    times.sort();
    println!(
        "slow connections closed after {:?} (first) … {:?} (last)",
        times[0],
        times[times.len() - 1]
    );
    // Closed by the header-read timeout: not before it, and not long after it.
    assert!(
        times[0] >= HEADER_TIMEOUT - Duration::from_millis(100),
        "a slow connection was closed early, after {:?}",
        times[0]
    );
    assert!(
        times[times.len() - 1] <= HEADER_TIMEOUT + Duration::from_secs(4),
        "a slow connection stayed open {:?}",
        times[times.len() - 1]
    );
    assert!(test_started.elapsed() < Duration::from_secs(20));
}
