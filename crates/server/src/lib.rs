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
//! let loader = Arc::new(|| -> Result<namesake_index::Index, String> {
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
//! | `POST /admin/reload` | reload the lists (always needs a key) |
//! | `GET /metrics` | Prometheus metrics |
//!
//! Errors are JSON: `{"error": {"status", "message", "field"}, "detail"}`. 400 malformed JSON or
//! values (the field is named), 401 no valid key, 404 unknown dataset or entity, 413 body or batch
//! too large, 422 unknown or unscreenable schema, 503 no index loaded yet.
#![warn(missing_docs)]

pub mod audit;
pub mod config;
pub mod error;
pub mod ftm;
mod http;
pub mod metrics;
mod native;
mod openapi;
mod payments;
mod yente;

use std::future::Future;
use std::sync::Arc;
use std::time::{Duration, Instant, SystemTime, UNIX_EPOCH};

use arc_swap::ArcSwapOption;
use axum::Router;
use namesake_index::Index;
use serde::Serialize;
use utoipa::ToSchema;

pub use audit::{NoLog, ScreeningLog};
pub use config::{key_digest_hex, ApiKeys, ConfigFile, DEFAULT_MAX_BATCH, DEFAULT_MAX_BODY_BYTES};
pub use error::{ApiError, ServerError};
pub use metrics::Metrics;
pub use openapi::openapi_json;

/// Builds a fresh index (re-reading the lists): called for the first load and every reload,
/// in a blocking task.
pub type IndexLoader = Arc<dyn Fn() -> Result<Index, String> + Send + Sync>;

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
    /// Where screenings are recorded.
    pub log: Arc<dyn ScreeningLog>,
    /// Builds the index; `None` when the index is only ever set with [`Server::set_index`].
    pub loader: Option<IndexLoader>,
}

impl Default for ServerOptions {
    fn default() -> Self {
        ServerOptions {
            keys: ApiKeys::new(),
            open: false,
            max_body_bytes: DEFAULT_MAX_BODY_BYTES,
            max_batch: DEFAULT_MAX_BATCH,
            log: Arc::new(NoLog),
            loader: None,
        }
    }
}

/// The loaded index and when it was loaded.
pub struct Snapshot {
    /// The index.
    pub index: Index,
    /// Seconds since the Unix epoch at load time.
    pub loaded_at: u64,
    /// 1 for the first index, +1 for every reload.
    pub generation: u64,
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
    reload_lock: tokio::sync::Mutex<()>,
}

impl AppState {
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
        Ok(Server {
            state: Arc::new(AppState {
                index: ArcSwapOption::empty(),
                opts,
                metrics: Metrics::new(),
                reload_lock: tokio::sync::Mutex::new(()),
            }),
        })
    }

    /// The routes, with every middleware, ready to serve.
    pub fn router(&self) -> Router {
        http::router(self.state.clone())
    }

    /// Puts an index in service (requests in flight keep the previous one).
    pub fn set_index(&self, index: Index) -> ReloadReport {
        self.install(index, Duration::ZERO)
    }

    fn install(&self, index: Index, took: Duration) -> ReloadReport {
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
        let old = self.state.index.swap(Some(Arc::new(Snapshot {
            index,
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
    /// one at a time; on failure (or a panic in the loader) the previous index stays in service.
    pub async fn reload(&self) -> Result<ReloadReport, String> {
        let Some(loader) = self.state.opts.loader.clone() else {
            return Err("this server has no list loader: nothing to reload".into());
        };
        let _guard = self.state.reload_lock.lock().await;
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
            .map_err(|e| format!("cannot start the loading thread: {e}"))?;
        let built = rx
            .await
            .map_err(|_| "the loading thread stopped".to_string())
            .and_then(|r| r);
        match built {
            Ok(index) => {
                let report = self.install(index, started.elapsed());
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
                Err(e)
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

    /// Serves on `listener` until `shutdown` resolves, then finishes the requests in flight.
    pub async fn serve(
        self,
        listener: tokio::net::TcpListener,
        shutdown: impl Future<Output = ()> + Send + 'static,
    ) -> Result<(), ServerError> {
        let app = self.router();
        axum::serve(listener, app)
            .with_graceful_shutdown(shutdown)
            .await?;
        Ok(())
    }
}
