//! Every screening is recorded before it is answered (fail-closed).
//!
//! Handlers hand their audit records to [`Auditor::commit`], which queues them for the
//! screening crate's group-commit writer and waits until the transaction holding them has
//! committed. When the log cannot be written (or its queue is full) the request is answered 503,
//! never with an unrecorded result.

use std::sync::Arc;

use axum::http::StatusCode;
use namesake_screening::{AuditQueue, AuditSink, CommitReport, QueueLimits};
use namesake_store::AuditEntry;

use crate::error::ApiError;
use crate::metrics::Metrics;

/// The server's audit log: a group-commit queue over a sink, or nothing (embedding and tests
/// that ask for no audit log).
pub(crate) struct Auditor {
    queue: Option<AuditQueue>,
}

impl Auditor {
    /// Starts the writer over `sink` (none: screenings are not recorded).
    pub(crate) fn start(
        sink: Option<Arc<dyn AuditSink>>,
        limits: QueueLimits,
        metrics: &Metrics,
    ) -> Result<Auditor, namesake_screening::Error> {
        let Some(sink) = sink else {
            return Ok(Auditor { queue: None });
        };
        let hook: Arc<dyn Fn(CommitReport) + Send + Sync> = Arc::new(metrics.audit_hook());
        Ok(Auditor {
            queue: Some(AuditQueue::start(sink, limits, Some(hook))?),
        })
    }

    /// Records waiting for a commit.
    pub(crate) fn depth(&self) -> usize {
        self.queue.as_ref().map_or(0, AuditQueue::depth)
    }

    /// False while the last commit failed.
    pub(crate) fn is_healthy(&self) -> bool {
        self.queue.as_ref().is_none_or(AuditQueue::is_healthy)
    }

    /// Writes the records and returns once they are committed; 503 when they cannot be.
    pub(crate) async fn commit(&self, entries: Vec<AuditEntry>) -> Result<(), ApiError> {
        let Some(queue) = &self.queue else {
            return Ok(());
        };
        if entries.is_empty() {
            return Ok(());
        }
        let (tx, rx) = tokio::sync::oneshot::channel();
        queue
            .submit(
                entries,
                Box::new(move |r| {
                    let _ = tx.send(r);
                }),
            )
            .map_err(unavailable)?;
        match rx.await {
            Ok(Ok(())) => Ok(()),
            Ok(Err(e)) => Err(unavailable(e)),
            Err(_) => Err(unavailable(namesake_screening::Error::AuditClosed(
                "the audit writer stopped".into(),
            ))),
        }
    }

    /// Refuses new records and writes those queued (at shutdown).
    pub(crate) fn close(&self) {
        if let Some(q) = &self.queue {
            q.close();
        }
    }
}

fn unavailable(e: namesake_screening::Error) -> ApiError {
    tracing::error!(error = %e, "the audit log cannot be written: screening refused");
    ApiError::new(
        StatusCode::SERVICE_UNAVAILABLE,
        format!("the audit log cannot be written, so no screening result is given: {e}"),
    )
}
