//! `namesake serve`: the HTTP screening service.
//!
//! Binds first, then loads the lists in the background (`/readyz` answers 503 until the index is
//! in service). Without `--list` it serves the store's current list versions and follows the
//! store: new versions imported by another process (`namesake update`, `import`) are put in
//! service within `--follow-secs`, and decisions recorded elsewhere apply as soon. Every
//! screening is recorded in the store's audit log before it is answered. `POST /admin/reload` and
//! SIGHUP reload at once. Ctrl-C or SIGTERM stops accepting connections, finishes the requests in
//! flight and writes the audit records still queued.

use std::io::IsTerminal;
use std::path::PathBuf;
use std::sync::Arc;
use std::time::Duration;

use anyhow::Context;
use namesake_server::{ApiKeys, ConfigFile, Loaded, Server, ServerOptions};

use crate::args::{ListSource, ServeArgs};
use crate::loading::check_paths;
use crate::store_cmds::{open_store, ScreenContext};
use crate::Outcome;

const DEFAULT_ADDR: &str = "127.0.0.1:8000";

/// The index and its list versions, from list files or the store's current versions.
fn load(source: &ListSource, db: Option<&str>) -> anyhow::Result<Loaded> {
    let ctx = if source.lists.is_empty() {
        ScreenContext::from_store(db, source.no_cache, true)?
    } else {
        ScreenContext::from_files(source, db, true)?
    };
    let versions =
        serde_json::from_value(ctx.list_versions).context("the list versions of the index")?;
    Ok(Loaded {
        index: ctx.index,
        versions,
    })
}

pub fn run(a: ServeArgs, db: Option<&str>) -> anyhow::Result<Outcome> {
    // Held until the server stops: dropping it flushes the log writer.
    let _log_guard = init_logging();
    let config = match &a.config {
        Some(p) => ConfigFile::load(p)?,
        None => ConfigFile::default(),
    };
    let mut keys = ApiKeys::new();
    if let Some(p) = &a.config {
        keys.add_config(&config, &p.display().to_string())?;
    }
    if let Ok(v) = std::env::var("NAMESAKE_API_KEYS") {
        keys.add_env_value(&v)?;
    }
    let lists: Vec<PathBuf> = if a.lists.is_empty() {
        config.lists.clone()
    } else {
        a.lists.clone()
    };
    check_paths(&lists)?;
    // The audit log and the decisions; without list files, the lists too.
    let store: Arc<namesake_store::SqlStore> = Arc::new(open_store(db)?);
    let follow = lists
        .is_empty()
        .then(|| Duration::from_secs(a.follow_secs.max(1)));
    let addr = a
        .addr
        .clone()
        .or(config.addr.clone())
        .unwrap_or_else(|| DEFAULT_ADDR.to_string());
    let source = ListSource {
        lists,
        no_cache: a.no_cache,
    };
    let db = db.map(String::from);
    let loader: namesake_server::IndexLoader =
        Arc::new(move || load(&source, db.as_deref()).map_err(|e| format!("{e:#}")));
    let opts = ServerOptions {
        keys,
        open: a.open,
        max_body_bytes: config
            .max_body_bytes
            .unwrap_or(namesake_server::DEFAULT_MAX_BODY_BYTES),
        max_batch: config
            .max_batch
            .unwrap_or(namesake_server::DEFAULT_MAX_BATCH),
        limits: config.limits.clone(),
        audit: Some(store.clone()),
        store: Some(store),
        loader: Some(loader),
        follow_store: follow,
        tls: tls(&a)?,
        ui: config.ui.clone(),
    };
    let key_count = opts.keys.len();
    let server = Server::new(opts)?;
    if a.open {
        eprintln!(
            "warning: --open: serving WITHOUT authentication; anyone who can reach {addr} can screen. Use only on a trusted machine."
        );
    }
    let runtime = tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .build()
        .context("cannot start the async runtime")?;
    let scheme = if a.tls_cert.is_some() {
        "https"
    } else {
        "http"
    };
    runtime.block_on(serve(server, addr, scheme, key_count))?;
    Ok(Outcome::NoHit)
}

/// The certificate and key of `--tls-cert`/`--tls-key`, when given.
fn tls(a: &ServeArgs) -> anyhow::Result<Option<namesake_server::Tls>> {
    match (&a.tls_cert, &a.tls_key) {
        (Some(cert), Some(key)) => Ok(Some(namesake_server::Tls::from_pem_files(cert, key)?)),
        _ => Ok(None),
    }
}

async fn serve(server: Server, addr: String, scheme: &str, key_count: usize) -> anyhow::Result<()> {
    let listener = tokio::net::TcpListener::bind(&addr)
        .await
        .map_err(|source| namesake_server::ServerError::Bind {
            addr: addr.clone(),
            source,
        })?;
    let local = listener.local_addr()?;
    // The address line is read by scripts that start the server on port 0.
    eprintln!(
        "{}",
        crate::i18n::tf(
            "serve_listening",
            &[("scheme", &scheme), ("addr", &local), ("keys", &key_count)]
        )
    );
    server.reload_on_sighup()?;
    server.follow_store();
    let (fatal_tx, mut fatal_rx) = tokio::sync::mpsc::channel::<String>(1);
    let loading = server.clone();
    tokio::spawn(async move {
        if let Err(e) = loading.reload().await {
            let _ = fatal_tx.send(e.to_string()).await;
        }
    });
    let (stop_tx, stop_rx) = tokio::sync::oneshot::channel::<()>();
    let fatal = tokio::spawn(async move {
        // The sender is dropped when the first load succeeds: then only a signal stops us.
        let failed = async {
            match fatal_rx.recv().await {
                Some(msg) => msg,
                None => std::future::pending().await,
            }
        };
        let outcome = tokio::select! {
            msg = failed => Some(msg),
            _ = shutdown_signal() => None,
        };
        let _ = stop_tx.send(());
        outcome
    });
    server
        .serve(listener, async move {
            let _ = stop_rx.await;
        })
        .await?;
    if let Ok(Some(msg)) = fatal.await {
        anyhow::bail!(crate::i18n::tf("serve_cannot_load", &[("error", &msg)]));
    }
    eprintln!("{}", crate::i18n::t("serve_stopped"));
    Ok(())
}

async fn shutdown_signal() {
    #[cfg(unix)]
    {
        use tokio::signal::unix::{signal, SignalKind};
        match signal(SignalKind::terminate()) {
            Ok(mut term) => {
                tokio::select! {
                    _ = tokio::signal::ctrl_c() => {}
                    _ = term.recv() => {}
                }
            }
            Err(_) => {
                let _ = tokio::signal::ctrl_c().await;
            }
        }
    }
    #[cfg(not(unix))]
    {
        let _ = tokio::signal::ctrl_c().await;
    }
}

/// Structured logs on stderr; level from `NAMESAKE_LOG` or `RUST_LOG` (default `info`). Lines are
/// written by a background thread, so that a slow stderr never holds a request up.
fn init_logging() -> tracing_appender::non_blocking::WorkerGuard {
    let filter = std::env::var("NAMESAKE_LOG")
        .or_else(|_| std::env::var("RUST_LOG"))
        .unwrap_or_else(|_| "info".to_string());
    let filter = tracing_subscriber::EnvFilter::try_new(&filter)
        .unwrap_or_else(|_| tracing_subscriber::EnvFilter::new("info"));
    let (writer, guard) = tracing_appender::non_blocking(std::io::stderr());
    let _ = tracing_subscriber::fmt()
        .with_env_filter(filter)
        .with_writer(writer)
        .with_ansi(std::io::stderr().is_terminal())
        .with_target(true)
        .try_init();
    guard
}
