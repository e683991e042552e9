//! Progress of a long batch: a bar on a terminal; on a pipe or a log file, one line every few
//! seconds (`NAMESAKE_PROGRESS_SECS`, default 5), so that a job's log shows it is alive.

use std::io::IsTerminal;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::mpsc::{self, RecvTimeoutError, Sender};
use std::sync::Arc;
use std::thread::JoinHandle;
use std::time::{Duration, Instant};

/// Seconds between progress lines when stderr is no terminal.
const DEFAULT_EVERY_SECS: u64 = 5;

/// A running batch's progress report.
pub struct Progress {
    bar: Option<indicatif::ProgressBar>,
    done: Arc<AtomicUsize>,
    ticker: Option<(Sender<()>, JoinHandle<()>)>,
}

impl Progress {
    /// Starts reporting on `total` rows.
    pub fn start(total: usize) -> Progress {
        let done = Arc::new(AtomicUsize::new(0));
        if std::io::stderr().is_terminal() {
            let b = indicatif::ProgressBar::new(total as u64);
            b.set_style(
                indicatif::ProgressStyle::with_template(&crate::i18n::t("progress_bar"))
                    .unwrap_or_else(|_| indicatif::ProgressStyle::default_bar()),
            );
            return Progress {
                bar: Some(b),
                done,
                ticker: None,
            };
        }
        let every = std::env::var("NAMESAKE_PROGRESS_SECS")
            .ok()
            .and_then(|s| s.parse::<f64>().ok())
            .filter(|s| *s > 0.0)
            .map_or(
                Duration::from_secs(DEFAULT_EVERY_SECS),
                Duration::from_secs_f64,
            );
        let (stop, stopped) = mpsc::channel::<()>();
        let counter = done.clone();
        let handle = std::thread::spawn(move || {
            let started = Instant::now();
            while let Err(RecvTimeoutError::Timeout) = stopped.recv_timeout(every) {
                let n = counter.load(Ordering::Relaxed);
                let secs = started.elapsed().as_secs_f64().max(1e-9);
                eprintln!(
                    "{}",
                    crate::i18n::t("progress_line")
                        .replace("{done}", &n.to_string())
                        .replace("{total}", &total.to_string())
                        .replace(
                            "{pct}",
                            &format!("{:.0}", 100.0 * n as f64 / total.max(1) as f64)
                        )
                        .replace("{rate}", &format!("{:.0}", n as f64 / secs))
                );
            }
        });
        Progress {
            bar: None,
            done,
            ticker: Some((stop, handle)),
        }
    }

    /// One more row done.
    pub fn inc(&self) {
        self.done.fetch_add(1, Ordering::Relaxed);
        if let Some(b) = &self.bar {
            b.inc(1);
        }
    }

    /// Stops reporting.
    pub fn finish(self) {
        if let Some(b) = self.bar {
            b.finish_and_clear();
        }
        if let Some((stop, handle)) = self.ticker {
            let _ = stop.send(());
            let _ = handle.join();
        }
    }
}
