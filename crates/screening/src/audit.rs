//! Where screenings are recorded: the [`AuditSink`] trait (implemented over the store's
//! hash-chained log) and an [`AuditQueue`] that writes records off the request path in group
//! commits.
//!
//! A screening service answers only once its record is committed: [`AuditQueue::submit`] hands
//! the record to one writer thread, which takes every record waiting (up to a batch limit),
//! appends them in one transaction, and only then calls each submitter back. Under load one
//! commit covers many requests, so the log's cost per request stays small; when the log cannot
//! be written every submitter is told, and the caller answers with an error, never with an
//! unrecorded result.

use std::sync::atomic::{AtomicBool, AtomicUsize, Ordering};
use std::sync::mpsc::{self, Receiver, SyncSender, TrySendError};
use std::sync::{Arc, Mutex};
use std::thread::JoinHandle;
use std::time::{Duration, Instant};

use namesake_store::{AuditEntry, Store};

use crate::Error;

/// Receives audit records. Must append all of `entries` or none (one transaction).
pub trait AuditSink: Send + Sync {
    /// Appends records to the log.
    fn append(&self, entries: &[AuditEntry]) -> Result<(), Error>;
}

impl<S: Store + ?Sized> AuditSink for S {
    fn append(&self, entries: &[AuditEntry]) -> Result<(), Error> {
        self.audit_append(entries)?;
        Ok(())
    }
}

/// What one group commit did, for metrics.
#[derive(Debug, Clone, Copy)]
pub struct CommitReport {
    /// Records written (or not).
    pub records: usize,
    /// Time spent in the sink.
    pub took: Duration,
    /// Whether they were committed.
    pub ok: bool,
}

/// Called with the outcome of the commit that covered a submitted record.
pub type Done = Box<dyn FnOnce(Result<(), Error>) + Send>;

/// Called after every commit.
pub type CommitHook = Arc<dyn Fn(CommitReport) + Send + Sync>;

struct Pending {
    entries: Vec<AuditEntry>,
    done: Done,
}

/// Bounds of an [`AuditQueue`].
#[derive(Debug, Clone, Copy)]
pub struct QueueLimits {
    /// Submissions waiting at most (beyond: [`Error::AuditQueueFull`]).
    pub capacity: usize,
    /// Records per commit at most.
    pub max_batch: usize,
}

impl Default for QueueLimits {
    fn default() -> Self {
        QueueLimits {
            capacity: 4096,
            max_batch: 1024,
        }
    }
}

/// A group-commit writer in front of an [`AuditSink`].
pub struct AuditQueue {
    tx: Mutex<Option<SyncSender<Pending>>>,
    depth: Arc<AtomicUsize>,
    healthy: Arc<AtomicBool>,
    writer: Mutex<Option<JoinHandle<()>>>,
    capacity: usize,
}

impl AuditQueue {
    /// Starts the writer thread.
    pub fn start(
        sink: Arc<dyn AuditSink>,
        limits: QueueLimits,
        on_commit: Option<CommitHook>,
    ) -> Result<AuditQueue, Error> {
        let (tx, rx) = mpsc::sync_channel(limits.capacity.max(1));
        let depth = Arc::new(AtomicUsize::new(0));
        let healthy = Arc::new(AtomicBool::new(true));
        let writer = Writer {
            rx,
            sink,
            depth: depth.clone(),
            healthy: healthy.clone(),
            max_batch: limits.max_batch.max(1),
            on_commit,
        };
        let handle = std::thread::Builder::new()
            .name("namesake-audit".into())
            .spawn(move || writer.run())
            .map_err(|e| Error::AuditClosed(format!("cannot start the audit writer: {e}")))?;
        Ok(AuditQueue {
            tx: Mutex::new(Some(tx)),
            depth,
            healthy,
            writer: Mutex::new(Some(handle)),
            capacity: limits.capacity,
        })
    }

    /// Queues records (written in one transaction, possibly with others); `done` is called
    /// once they are committed or have failed. Refused at once when the queue is full or closed
    /// (then `done` is not called).
    pub fn submit(&self, entries: Vec<AuditEntry>, done: Done) -> Result<(), Error> {
        let guard = self.tx.lock().unwrap_or_else(|p| p.into_inner());
        let Some(tx) = guard.as_ref() else {
            return Err(Error::AuditClosed("the audit log is shutting down".into()));
        };
        self.depth.fetch_add(1, Ordering::SeqCst);
        match tx.try_send(Pending { entries, done }) {
            Ok(()) => Ok(()),
            Err(e) => {
                self.depth.fetch_sub(1, Ordering::SeqCst);
                Err(match e {
                    TrySendError::Full(_) => Error::AuditQueueFull(self.capacity),
                    TrySendError::Disconnected(_) => {
                        Error::AuditClosed("the audit writer stopped".into())
                    }
                })
            }
        }
    }

    /// Submissions waiting for a commit.
    pub fn depth(&self) -> usize {
        self.depth.load(Ordering::SeqCst)
    }

    /// False after a commit failed, true again after one succeeds.
    pub fn is_healthy(&self) -> bool {
        self.healthy.load(Ordering::SeqCst)
    }

    /// Refuses new records, writes those queued, and waits for the writer to finish.
    pub fn close(&self) {
        self.tx.lock().unwrap_or_else(|p| p.into_inner()).take();
        let handle = self.writer.lock().unwrap_or_else(|p| p.into_inner()).take();
        if let Some(h) = handle {
            let _ = h.join();
        }
    }
}

impl Drop for AuditQueue {
    fn drop(&mut self) {
        self.close();
    }
}

struct Writer {
    rx: Receiver<Pending>,
    sink: Arc<dyn AuditSink>,
    depth: Arc<AtomicUsize>,
    healthy: Arc<AtomicBool>,
    max_batch: usize,
    on_commit: Option<CommitHook>,
}

impl Writer {
    fn run(self) {
        // Ends when every sender is gone and the queue is drained.
        while let Ok(first) = self.rx.recv() {
            let mut batch = vec![first];
            let mut records = batch[0].entries.len();
            while records < self.max_batch {
                match self.rx.try_recv() {
                    Ok(p) => {
                        records += p.entries.len();
                        batch.push(p);
                    }
                    Err(_) => break,
                }
            }
            self.commit(batch, records);
        }
    }

    fn commit(&self, batch: Vec<Pending>, records: usize) {
        let mut entries = Vec::with_capacity(records);
        let mut dones = Vec::with_capacity(batch.len());
        for p in batch {
            entries.extend(p.entries);
            dones.push(p.done);
        }
        let started = Instant::now();
        let outcome =
            std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| self.sink.append(&entries)))
                .unwrap_or_else(|_| Err(Error::AuditClosed("the audit sink panicked".into())));
        let report = CommitReport {
            records,
            took: started.elapsed(),
            ok: outcome.is_ok(),
        };
        self.healthy.store(report.ok, Ordering::SeqCst);
        if let Some(hook) = &self.on_commit {
            hook(report);
        }
        self.depth.fetch_sub(dones.len(), Ordering::SeqCst);
        for done in dones {
            done(outcome.clone());
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::sync::atomic::AtomicU64;

    /// Counts appends; fails while `fail` is set.
    #[derive(Default)]
    struct Counting {
        records: AtomicUsize,
        commits: AtomicU64,
        fail: AtomicBool,
    }

    impl AuditSink for Counting {
        fn append(&self, entries: &[AuditEntry]) -> Result<(), Error> {
            if self.fail.load(Ordering::SeqCst) {
                return Err(Error::AuditClosed("disk full".into()));
            }
            std::thread::sleep(Duration::from_millis(5));
            self.records.fetch_add(entries.len(), Ordering::SeqCst);
            self.commits.fetch_add(1, Ordering::SeqCst);
            Ok(())
        }
    }

    fn entry() -> AuditEntry {
        AuditEntry {
            who: "t".into(),
            kind: "api".into(),
            subject: serde_json::json!({"name": "x"}),
            list_versions: serde_json::json!([]),
            threshold: 0.7,
            hits: Vec::new(),
        }
    }

    #[test]
    fn group_commit_writes_every_record_in_fewer_transactions() {
        let sink = Arc::new(Counting::default());
        let q = AuditQueue::start(sink.clone(), QueueLimits::default(), None).unwrap();
        let (tx, rx) = mpsc::channel();
        for _ in 0..200 {
            let tx = tx.clone();
            q.submit(
                vec![entry()],
                Box::new(move |r| tx.send(r.is_ok()).unwrap()),
            )
            .unwrap();
        }
        let oks: Vec<bool> = (0..200).map(|_| rx.recv().unwrap()).collect();
        assert!(oks.iter().all(|&ok| ok));
        assert_eq!(sink.records.load(Ordering::SeqCst), 200);
        assert!(
            sink.commits.load(Ordering::SeqCst) < 200,
            "records waiting together share a commit"
        );
        q.close();
        assert!(q.submit(vec![entry()], Box::new(|_| {})).is_err());
    }

    #[test]
    fn a_failed_commit_is_reported_to_every_submitter() {
        let sink = Arc::new(Counting::default());
        sink.fail.store(true, Ordering::SeqCst);
        let q = AuditQueue::start(sink.clone(), QueueLimits::default(), None).unwrap();
        let (tx, rx) = mpsc::channel();
        q.submit(vec![entry()], Box::new(move |r| tx.send(r).unwrap()))
            .unwrap();
        assert!(rx.recv().unwrap().is_err());
        assert!(!q.is_healthy());
    }

    #[test]
    fn close_flushes_what_is_queued() {
        let sink = Arc::new(Counting::default());
        let q = AuditQueue::start(sink.clone(), QueueLimits::default(), None).unwrap();
        for _ in 0..50 {
            q.submit(vec![entry()], Box::new(|_| {})).unwrap();
        }
        q.close();
        assert_eq!(sink.records.load(Ordering::SeqCst), 50);
        assert_eq!(q.depth(), 0);
    }
}
