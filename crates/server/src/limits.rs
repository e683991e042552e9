//! Limits on what one client can take: connections, time, work per request and request rate.
//!
//! Every limit is configurable (the `[limits]` table of the config file) and every refusal names
//! the limit and its value: `{"error": {"status": 413, "message": "…", "field": "subjects",
//! "limit": {"name": "max_subjects", "value": 500}}}`.
//!
//! | limit | default | what happens |
//! |---|---|---|
//! | `header_read_timeout_ms` | 10 000 | a connection that has not sent a whole request head in time (including an idle keep-alive connection waiting for its next request, and the TLS handshake with `--tls-cert`) is closed |
//! | `request_timeout_ms` | 30 000 | a request not answered in time gets 408 |
//! | `max_connections` | 1 024 | connections beyond are closed at once |
//! | `max_concurrent_screenings` | 2 × cores | screening requests beyond wait (scoring always runs on the blocking pool) |
//! | `max_subjects` | 500 | 413 (subjects or queries in one request) |
//! | `max_names_per_subject` | 20 | 413 |
//! | `max_results` | 10 000 | 413 when subjects × limit exceeds it |
//! | `max_excluded_ids` | 1 000 | 413 (`exclude_entity_ids`) |
//! | `rate_per_minute` | 0 (off) | 429 with `Retry-After`, per API key |
//! | `audit_queue` | 4 096 | 503 when that many requests already wait for the audit log |

use std::collections::HashMap;
use std::future::Future;
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use axum::http::StatusCode;
use axum::Router;
use hyper_util::rt::{TokioIo, TokioTimer};
use hyper_util::service::TowerToHyperService;
use namesake_screening::QueueLimits;
use serde::Deserialize;
use tokio::sync::{OwnedSemaphorePermit, Semaphore};

use crate::error::{ApiError, ServerError};
use crate::tls::Tls;

/// The limits (see the module documentation for defaults).
#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct Limits {
    /// Time to receive a request head, in milliseconds (also how long an idle keep-alive
    /// connection is kept).
    pub header_read_timeout_ms: u64,
    /// Time to answer a request, in milliseconds.
    pub request_timeout_ms: u64,
    /// Open connections at most.
    pub max_connections: usize,
    /// Screening requests scored at once at most (others wait).
    pub max_concurrent_screenings: usize,
    /// Subjects (native) or queries (yente) in one request.
    pub max_subjects: usize,
    /// Names (full names and aliases) of one subject.
    pub max_names_per_subject: usize,
    /// Results one request may ask for: subjects × limit.
    pub max_results: usize,
    /// Entries of `exclude_entity_ids`.
    pub max_excluded_ids: usize,
    /// Requests per minute per API key (0: no limit).
    pub rate_per_minute: u32,
    /// Requests waiting for the audit log at most.
    pub audit_queue: usize,
}

impl Default for Limits {
    fn default() -> Self {
        let cores = std::thread::available_parallelism().map_or(2, |n| n.get());
        Limits {
            header_read_timeout_ms: 10_000,
            request_timeout_ms: 30_000,
            max_connections: 1024,
            max_concurrent_screenings: 2 * cores,
            max_subjects: crate::DEFAULT_MAX_BATCH,
            max_names_per_subject: 20,
            max_results: 10_000,
            max_excluded_ids: 1000,
            rate_per_minute: 0,
            audit_queue: 4096,
        }
    }
}

impl Limits {
    pub(crate) fn audit_queue(&self) -> QueueLimits {
        QueueLimits {
            capacity: self.audit_queue.max(1),
            ..QueueLimits::default()
        }
    }

    /// 413 when `got` exceeds the limit `name` (of value `max`); `field` is the request part.
    pub(crate) fn check(
        name: &'static str,
        max: usize,
        got: usize,
        field: &str,
        what: &str,
    ) -> Result<(), ApiError> {
        if got <= max {
            return Ok(());
        }
        Err(ApiError::new(
            StatusCode::PAYLOAD_TOO_LARGE,
            format!("too many {what}: {got} (limit {name} = {max})"),
        )
        .with_field(field)
        .with_limit(name, max as u64))
    }
}

/// Per-key request rates and the screening concurrency.
pub(crate) struct Limiter {
    rate_per_minute: u32,
    buckets: Mutex<HashMap<Arc<str>, Bucket>>,
    screenings: Arc<Semaphore>,
}

/// A token bucket: `rate_per_minute` tokens, refilled continuously.
struct Bucket {
    tokens: f64,
    at: Instant,
}

impl Limiter {
    pub(crate) fn new(l: &Limits) -> Limiter {
        Limiter {
            rate_per_minute: l.rate_per_minute,
            buckets: Mutex::new(HashMap::new()),
            screenings: Arc::new(Semaphore::new(l.max_concurrent_screenings.max(1))),
        }
    }

    /// Takes one request from `key`'s allowance; 429 with the seconds to wait otherwise.
    pub(crate) fn admit(&self, key: &Arc<str>) -> Result<(), ApiError> {
        if self.rate_per_minute == 0 {
            return Ok(());
        }
        let rate = f64::from(self.rate_per_minute);
        let now = Instant::now();
        let mut all = self.buckets.lock().unwrap_or_else(|p| p.into_inner());
        let b = all.entry(key.clone()).or_insert(Bucket {
            tokens: rate,
            at: now,
        });
        b.tokens = (b.tokens + now.duration_since(b.at).as_secs_f64() * rate / 60.0).min(rate);
        b.at = now;
        if b.tokens >= 1.0 {
            b.tokens -= 1.0;
            return Ok(());
        }
        let wait = ((1.0 - b.tokens) * 60.0 / rate).ceil().max(1.0) as u64;
        Err(ApiError::new(
            StatusCode::TOO_MANY_REQUESTS,
            format!(
                "rate limit reached for this key: rate_per_minute = {}; retry in {wait} s",
                self.rate_per_minute
            ),
        )
        .with_limit("rate_per_minute", u64::from(self.rate_per_minute))
        .with_retry_after(wait))
    }

    /// A place among the screenings running at once (waits for one).
    pub(crate) async fn screening(&self) -> Result<OwnedSemaphorePermit, ApiError> {
        self.screenings.clone().acquire_owned().await.map_err(|_| {
            ApiError::new(
                StatusCode::SERVICE_UNAVAILABLE,
                "the server is shutting down",
            )
        })
    }
}

/// Serves `app` on `listener` (over TLS when `tls` is given): at most `max_connections` at once,
/// each closed when its TLS handshake or request head takes longer than the header-read timeout;
/// requests answered 408 after the request timeout. When `shutdown` resolves, stops accepting and
/// waits for the requests in flight.
pub(crate) async fn serve(
    listener: tokio::net::TcpListener,
    app: Router,
    limits: &Limits,
    tls: Option<Tls>,
    shutdown: impl Future<Output = ()> + Send + 'static,
) -> Result<(), ServerError> {
    let app = app.layer(tower_http::timeout::TimeoutLayer::with_status_code(
        StatusCode::REQUEST_TIMEOUT,
        Duration::from_millis(limits.request_timeout_ms),
    ));
    let conns = Arc::new(Semaphore::new(limits.max_connections.max(1)));
    let header_timeout = Duration::from_millis(limits.header_read_timeout_ms.max(1));
    let graceful = hyper_util::server::graceful::GracefulShutdown::new();
    tokio::pin!(shutdown);
    loop {
        let (stream, _) = tokio::select! {
            accepted = listener.accept() => match accepted {
                Ok(a) => a,
                Err(e) => {
                    // Out of file descriptors and the like: wait a little rather than spin.
                    tracing::warn!(error = %e, "accept failed");
                    tokio::time::sleep(Duration::from_millis(50)).await;
                    continue;
                }
            },
            _ = &mut shutdown => break,
        };
        let Ok(permit) = conns.clone().try_acquire_owned() else {
            tracing::warn!(
                max_connections = limits.max_connections,
                "connection refused: max_connections reached"
            );
            drop(stream);
            continue;
        };
        let _ = stream.set_nodelay(true);
        let conn = Connection {
            app: app.clone(),
            header_timeout,
            watcher: graceful.watcher(),
        };
        let tls = tls.clone();
        tokio::spawn(async move {
            match tls {
                None => conn.serve(stream).await,
                Some(tls) => {
                    // The handshake counts against the header-read timeout: a client that opens
                    // a connection and sends nothing is closed as on plain HTTP.
                    match tokio::time::timeout(header_timeout, tls.acceptor.accept(stream)).await {
                        Ok(Ok(stream)) => conn.serve(stream).await,
                        Ok(Err(e)) => tracing::debug!(error = %e, "TLS handshake failed"),
                        Err(_) => tracing::debug!("TLS handshake timed out"),
                    }
                }
            }
            drop(permit);
        });
    }
    drop(listener);
    graceful.shutdown().await;
    Ok(())
}

/// What serving one accepted connection needs.
struct Connection {
    app: Router,
    header_timeout: Duration,
    watcher: hyper_util::server::graceful::Watcher,
}

impl Connection {
    /// Serves HTTP/1.1 on `io` until the client closes it, a timeout closes it, or shutdown.
    async fn serve<I>(self, io: I)
    where
        I: tokio::io::AsyncRead + tokio::io::AsyncWrite + Unpin + Send + 'static,
    {
        let service = TowerToHyperService::new(self.app);
        let conn = hyper::server::conn::http1::Builder::new()
            .timer(TokioTimer::new())
            .header_read_timeout(self.header_timeout)
            .serve_connection(TokioIo::new(io), service);
        let _ = self.watcher.watch(conn).await;
    }
}
