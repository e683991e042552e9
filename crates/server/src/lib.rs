//! The HTTP screening service: a yente-compatible matching API and namesake's native API over one
//! in-memory index, with API keys, limits, JSON errors, request logs and Prometheus metrics.
//!
//! The index sits behind an atomic pointer swap: a reload builds a new index on a low-priority
//! thread and swaps it in; requests in flight keep the index they started with, and the old index
//! is freed off the request path once they are done.
//!
//! ```no_run
//! use std::sync::Arc;
//! use namesake_server::{ApiKeys, Server, ServerOptions};
//! # async fn run() -> Result<(), Box<dyn std::error::Error>> {
//! let mut keys = ApiKeys::new();
//! keys.add_env_value("a-long-secret-key-0123")?;
//! let loader = Arc::new(|| -> Result<namesake_server::Loaded, String> {
//!     Err("load your lists here".into())
//! });
//! let server = Server::new(ServerOptions { keys, loader: Some(loader), ..Default::default() })?;
//! let listener = tokio::net::TcpListener::bind("127.0.0.1:8000").await?;
//! let reloading = server.clone();
//! tokio::spawn(async move { reloading.reload().await });
//! server.serve(listener, std::future::pending()).await?;
//! # Ok(()) }
//! ```
//!
//! Routes (all but `/healthz`, `/readyz` and `/openapi.json` need a key unless the server is open):
//!
//! | route | what |
//! |---|---|
//! | `POST /match/{dataset}` | yente matching: `{"queries": {KEY: {"schema", "properties"}}}` |
//! | `GET /search/{dataset}?q=` | name search |
//! | `GET /entities/{id}` | one listed entity as FtM |
//! | `GET /catalog`, `GET /algorithms` | yente metadata |
//! | `POST /v1/screen` | native screening: one subject or `{"subjects": [...]}` |
//! | `GET /v1/lists` | the loaded lists |
//! | `POST /v1/decisions` | record an analyst's decision (review role) |
//! | `GET /v1/subjects/{id}/decisions` | a subject's decisions (review role) |
//! | `POST /admin/reload` | reload the lists (admin role; 409 while one runs) |
//! | `GET /metrics` | Prometheus metrics |
//!
//! Every screening is recorded in the audit log (when one is configured) before it is answered;
//! when the log cannot be written the answer is 503. Responses name the list versions used.
//!
//! Errors are JSON: `{"error": {"status", "message", "field", "limit"}, "detail"}`. 400 malformed
//! JSON or values (the field is named), 401 no valid key, 403 the key's role does not allow the
//! route, 404 unknown dataset or entity, 409 a reload is running, 413 over a limit (named), 422
//! unknown or unscreenable schema, 429 rate limit (with `Retry-After`), 503 no index loaded yet or
//! the audit log cannot be written.
#![warn(missing_docs)]

mod audit;
pub mod config;
mod datasets;
mod decisions;
pub mod error;
mod extract;
pub mod ftm;
mod http;
pub mod limits;
pub mod metrics;
mod native;
mod openapi;
mod payments;
mod tls;
mod ui;
mod yente;

use std::future::Future;
use std::sync::Arc;
use std::time::{Duration, Instant, SystemTime, UNIX_EPOCH};

use arc_swap::ArcSwapOption;
use axum::Router;
use namesake_index::Index;
use namesake_screening::{AuditSink, DecisionBook, Screener, UsedVersion};
use namesake_store::Store;
use serde::Serialize;
use utoipa::ToSchema;

use crate::audit::Auditor;
pub use config::{
    key_digest_hex, ApiKeys, ConfigFile, Role, DEFAULT_MAX_BATCH, DEFAULT_MAX_BODY_BYTES,
};
pub use error::{ApiError, ServerError};
pub use limits::Limits;
pub use metrics::Metrics;
pub use openapi::openapi_json;
pub use tls::Tls;
pub use ui::UiOptions;

/// Builds a fresh index (re-reading the lists or the store): called for the first load and every
/// reload, in a blocking task.
pub type IndexLoader = Arc<dyn Fn() -> Result<Loaded, String> + Send + Sync>;

/// What a loader built: the index and the list versions it holds.
pub struct Loaded {
    /// The index.
    pub index: Index,
    /// The list versions it was built from (named in every response and audit record).
    pub versions: Vec<UsedVersion>,
}

impl From<Index> for Loaded {
    /// An index whose lists are named by code and publication date only (no store version).
    fn from(index: Index) -> Loaded {
        let versions = index
            .lists()
            .iter()
            .map(|m| UsedVersion {
                list: m.info.code.clone(),
                version: None,
                content_hash: String::new(),
                published: m.info.published.clone(),
                files: Vec::new(),
            })
            .collect();
        Loaded { index, versions }
    }
}

/// How to run the server.
#[derive(Clone)]
pub struct ServerOptions {
    /// Accepted API keys.
    pub keys: ApiKeys,
    /// Serve without authentication (local use).
    pub open: bool,
    /// Request body limit in bytes.
    pub max_body_bytes: usize,
    /// Most subjects in one request.
    pub max_batch: usize,
    /// Limits on connections, requests and work.
    pub limits: Limits,
    /// Where every screening is recorded before it is answered; `None` records nothing
    /// (embedding and tests only: `namesake serve` always records).
    pub audit: Option<Arc<dyn AuditSink>>,
    /// The store: analysts' decisions (read, and recorded by `POST /v1/decisions`) and, with
    /// `follow_store`, the list versions to serve.
    pub store: Option<Arc<dyn Store>>,
    /// Builds the index; `None` when the index is only ever set with [`Server::set_index`].
    pub loader: Option<IndexLoader>,
    /// Checks the store's list versions this often and reloads when they changed (imports by
    /// another process); the decisions are re-read at the same pace.
    pub follow_store: Option<Duration>,
    /// Serve HTTPS with this certificate (plain HTTP is then not served on the port).
    pub tls: Option<Tls>,
    /// The analyst's web UI under `/ui` (the four-eyes rule, sessions).
    pub ui: UiOptions,
}

impl Default for ServerOptions {
    fn default() -> Self {
        ServerOptions {
            keys: ApiKeys::new(),
            open: false,
            max_body_bytes: DEFAULT_MAX_BODY_BYTES,
            max_batch: DEFAULT_MAX_BATCH,
            limits: Limits::default(),
            audit: None,
            store: None,
            loader: None,
            follow_store: None,
            tls: None,
            ui: UiOptions::default(),
        }
    }
}

/// The index in service, the list versions it holds, and when it was loaded.
pub struct Snapshot {
    /// The screener over the index.
    pub screener: Screener,
    /// Seconds since the Unix epoch at load time.
    pub loaded_at: u64,
    /// 1 for the first index, +1 for every reload.
    pub generation: u64,
}

impl Snapshot {
    /// The index.
    pub fn index(&self) -> &Index {
        self.screener.index()
    }
}

/// Why a reload did not happen.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum ReloadError {
    /// Another reload is running (HTTP 409).
    #[error("a reload is already running")]
    Busy,
    /// The loader failed; the previous index stays in service.
    #[error("{0}")]
    Failed(String),
}

/// What a reload did.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct ReloadReport {
    /// Generation of the index now in service.
    pub generation: u64,
    /// Lists loaded.
    pub lists: usize,
    /// Entities loaded.
    pub entities: usize,
    /// Time taken, in milliseconds.
    pub millis: u64,
}

/// Frees a replaced index off the request path: waits (on a low-priority thread) until the
/// requests that still use it are done, then drops it, so that no request pays for freeing a
/// whole index.
fn retire(old: Arc<Snapshot>) {
    let spawned = std::thread::Builder::new()
        .name("namesake-retire".into())
        .spawn(move || {
            background_priority();
            let deadline = Instant::now() + Duration::from_secs(600);
            while Arc::strong_count(&old) > 1 && Instant::now() < deadline {
                std::thread::sleep(Duration::from_millis(5));
            }
            drop(old);
        });
    if let Err(e) = spawned {
        tracing::warn!(error = %e, "cannot start a thread to free the old index");
    }
}

/// Lowers the calling thread's scheduling priority (Linux: per-thread nice 10).
fn background_priority() {
    #[cfg(target_os = "linux")]
    // SAFETY: setpriority has no memory-safety preconditions; on Linux, who = 0 with
    // PRIO_PROCESS names the calling thread only.
    unsafe {
        libc::setpriority(libc::PRIO_PROCESS as _, 0, 10);
    }
}

/// Shared by every request.
pub(crate) struct AppState {
    pub(crate) index: ArcSwapOption<Snapshot>,
    pub(crate) opts: ServerOptions,
    pub(crate) metrics: Metrics,
    pub(crate) decisions: Arc<DecisionBook>,
    pub(crate) auditor: Auditor,
    pub(crate) limiter: limits::Limiter,
    /// False while the store cannot be read (`/readyz` fails).
    pub(crate) store_ok: std::sync::atomic::AtomicBool,
    started: u64,
    request_seq: std::sync::atomic::AtomicU64,
    reload_lock: tokio::sync::Mutex<()>,
    /// The web UI's sessions and alert queue.
    pub(crate) ui: ui::UiState,
}

impl AppState {
    /// A fresh request id: the process start time and a counter.
    pub(crate) fn next_request_id(&self) -> String {
        use std::sync::atomic::Ordering;
        format!(
            "{}-{}",
            self.started,
            self.request_seq.fetch_add(1, Ordering::Relaxed)
        )
    }

    /// The index in service, or 503.
    pub(crate) fn snapshot(&self) -> Result<Arc<Snapshot>, ApiError> {
        self.index.load_full().ok_or_else(ApiError::not_ready)
    }
}

/// The screening server. Cheap to clone (one shared state).
#[derive(Clone)]
pub struct Server {
    state: Arc<AppState>,
}

impl Server {
    /// A server without an index yet (`/readyz` answers 503 until one is set or loaded).
    /// Refuses to be built with no key unless `open`.
    pub fn new(opts: ServerOptions) -> Result<Server, ServerError> {
        if opts.keys.is_empty() && !opts.open {
            return Err(ServerError::NoKeys);
        }
        let metrics = Metrics::new();
        let auditor = Auditor::start(opts.audit.clone(), opts.limits.audit_queue(), &metrics)
            .map_err(|e| ServerError::Audit(e.to_string()))?;
        let decisions = match &opts.store {
            Some(store) => store
                .decisions()
                .map_err(|e| ServerError::Audit(format!("cannot read the decisions: {e}")))?,
            None => Default::default(),
        };
        Ok(Server {
            state: Arc::new(AppState {
                index: ArcSwapOption::empty(),
                limiter: limits::Limiter::new(&opts.limits),
                opts,
                metrics,
                decisions: Arc::new(DecisionBook::new(decisions)),
                auditor,
                store_ok: std::sync::atomic::AtomicBool::new(true),
                started: SystemTime::now()
                    .duration_since(UNIX_EPOCH)
                    .map_or(0, |d| d.as_secs()),
                request_seq: std::sync::atomic::AtomicU64::new(1),
                reload_lock: tokio::sync::Mutex::new(()),
                ui: ui::UiState::default(),
            }),
        })
    }

    /// The routes, with every middleware, ready to serve.
    pub fn router(&self) -> Router {
        http::router(self.state.clone())
    }

    /// Puts an index in service (requests in flight keep the previous one).
    pub fn set_index(&self, index: Index) -> ReloadReport {
        self.install(Loaded::from(index), Duration::ZERO)
    }

    /// Puts an index and the list versions it holds in service.
    pub fn set_loaded(&self, loaded: Loaded) -> ReloadReport {
        self.install(loaded, Duration::ZERO)
    }

    fn install(&self, loaded: Loaded, took: Duration) -> ReloadReport {
        let Loaded { index, versions } = loaded;
        let generation = self
            .state
            .index
            .load()
            .as_ref()
            .map_or(1, |s| s.generation + 1);
        let entities = index.entities().len();
        let lists = index.lists().len();
        self.state
            .metrics
            .index_loaded(lists, entities, index.name_count(), took);
        let loaded_at = SystemTime::now()
            .duration_since(UNIX_EPOCH)
            .map_or(0, |d| d.as_secs());
        let screener = Screener::new(Arc::new(index), versions, self.state.decisions.clone());
        let old = self.state.index.swap(Some(Arc::new(Snapshot {
            screener,
            loaded_at,
            generation,
        })));
        if let Some(old) = old {
            retire(old);
        }
        ReloadReport {
            generation,
            lists,
            entities,
            millis: took.as_millis() as u64,
        }
    }

    /// Whether an index is in service.
    pub fn is_ready(&self) -> bool {
        self.state.index.load().is_some()
    }

    /// Rebuilds the index with the loader on a low-priority thread and swaps it in. Reloads run
    /// one at a time: while one runs, another is refused ([`ReloadError::Busy`]); on failure (or
    /// a panic in the loader) the previous index stays in service.
    pub async fn reload(&self) -> Result<ReloadReport, ReloadError> {
        let Some(loader) = self.state.opts.loader.clone() else {
            return Err(ReloadError::Failed(
                "this server has no list loader: nothing to reload".into(),
            ));
        };
        let Ok(_guard) = self.state.reload_lock.try_lock() else {
            return Err(ReloadError::Busy);
        };
        let started = Instant::now();
        tracing::info!("loading lists");
        // A thread of its own at a lower priority: building an index takes a core for a while,
        // and requests must keep theirs.
        let (tx, rx) = tokio::sync::oneshot::channel();
        std::thread::Builder::new()
            .name("namesake-reload".into())
            .spawn(move || {
                background_priority();
                let built = std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| loader()))
                    .unwrap_or_else(|_| Err("the list loader panicked".into()));
                let _ = tx.send(built);
            })
            .map_err(|e| ReloadError::Failed(format!("cannot start the loading thread: {e}")))?;
        let built = rx
            .await
            .map_err(|_| "the loading thread stopped".to_string())
            .and_then(|r| r);
        match built {
            Ok(loaded) => {
                let report = self.install(loaded, started.elapsed());
                tracing::info!(
                    generation = report.generation,
                    lists = report.lists,
                    entities = report.entities,
                    millis = report.millis,
                    "index in service"
                );
                Ok(report)
            }
            Err(e) => {
                self.state.metrics.reload_failed();
                tracing::error!(error = %e, "reload failed; the previous index stays in service");
                Err(ReloadError::Failed(e))
            }
        }
    }

    /// Reloads on every SIGHUP, for as long as the runtime runs (Unix only; elsewhere a no-op).
    pub fn reload_on_sighup(&self) -> Result<(), ServerError> {
        #[cfg(unix)]
        {
            use tokio::signal::unix::{signal, SignalKind};
            let mut hup = signal(SignalKind::hangup())?;
            let server = self.clone();
            tokio::spawn(async move {
                while hup.recv().await.is_some() {
                    tracing::info!("SIGHUP: reloading the lists");
                    let _ = server.reload().await;
                }
            });
        }
        Ok(())
    }

    /// The metrics registry (for embedding).
    pub fn metrics(&self) -> &Metrics {
        &self.state.metrics
    }

    /// Serves on `listener` until `shutdown` resolves, then finishes the requests in flight and
    /// writes the audit records still queued.
    pub async fn serve(
        self,
        listener: tokio::net::TcpListener,
        shutdown: impl Future<Output = ()> + Send + 'static,
    ) -> Result<(), ServerError> {
        let app = self.router();
        let opts = &self.state.opts;
        let served = limits::serve(listener, app, &opts.limits, opts.tls.clone(), shutdown).await;
        self.flush_audit().await;
        served
    }

    /// Writes the audit records still queued and refuses new ones (at shutdown).
    pub async fn flush_audit(&self) {
        let state = self.state.clone();
        let _ = tokio::task::spawn_blocking(move || state.auditor.close()).await;
    }

    /// Follows the store (when [`ServerOptions::follow_store`] is set): every period, reads the
    /// current list versions and reloads when they differ from those in service, and re-reads
    /// the decisions. A store that cannot be read makes `/readyz` fail until it can again.
    pub fn follow_store(&self) {
        let (Some(store), Some(every)) =
            (self.state.opts.store.clone(), self.state.opts.follow_store)
        else {
            return;
        };
        let server = self.clone();
        tokio::spawn(async move {
            let mut tick = tokio::time::interval(every);
            tick.set_missed_tick_behavior(tokio::time::MissedTickBehavior::Delay);
            loop {
                tick.tick().await;
                let s = store.clone();
                let read = tokio::task::spawn_blocking(move || {
                    Ok::<_, namesake_store::StoreError>((s.current_versions()?, s.decisions()?))
                })
                .await;
                let ok = matches!(read, Ok(Ok(_)));
                server
                    .state
                    .store_ok
                    .store(ok, std::sync::atomic::Ordering::SeqCst);
                let Ok(Ok((current, decisions))) = read else {
                    tracing::warn!("cannot read the store; retrying");
                    continue;
                };
                server.state.decisions.replace(decisions);
                if server.serves_other_versions(&current) {
                    tracing::info!("the store has new list versions: reloading");
                    let _ = server.reload().await;
                }
            }
        });
    }

    /// Whether the index in service was built from other versions than `current`.
    fn serves_other_versions(&self, current: &[namesake_store::ListVersion]) -> bool {
        let Some(snap) = self.state.index.load_full() else {
            return true;
        };
        let ids = |v: &[UsedVersion]| {
            let mut ids: Vec<(String, Option<i64>)> =
                v.iter().map(|u| (u.list.clone(), u.version)).collect();
            ids.sort();
            ids
        };
        let now: Vec<UsedVersion> = current.iter().map(UsedVersion::from_store).collect();
        ids(snap.screener.versions()) != ids(&now)
    }
}
