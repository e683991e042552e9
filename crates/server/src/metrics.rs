//! Prometheus metrics: requests by route and status, latency, the index's size and reloads.

use std::time::Duration;

use prometheus_client::encoding::EncodeLabelSet;
use prometheus_client::metrics::counter::Counter;
use prometheus_client::metrics::family::Family;
use prometheus_client::metrics::gauge::Gauge;
use prometheus_client::metrics::histogram::{exponential_buckets, Histogram};
use prometheus_client::registry::Registry;

/// Labels of a request counter.
#[derive(Clone, Debug, Hash, PartialEq, Eq, EncodeLabelSet)]
struct RequestLabels {
    method: String,
    route: String,
    status: u16,
}

/// Labels of the rejected-requests counter.
#[derive(Clone, Debug, Hash, PartialEq, Eq, EncodeLabelSet)]
struct RejectLabels {
    reason: String,
}

/// HTTP methods counted under their own name; any other is `OTHER` (a client inventing methods
/// must not create new series).
const METHODS: &[&str] = &[
    "GET", "HEAD", "POST", "PUT", "DELETE", "PATCH", "OPTIONS", "CONNECT", "TRACE",
];

/// The method label: the method, or `OTHER` outside the standard set.
pub fn method_label(method: &str) -> &str {
    if METHODS.contains(&method) {
        method
    } else {
        "OTHER"
    }
}

/// Labels of the latency histogram.
#[derive(Clone, Debug, Hash, PartialEq, Eq, EncodeLabelSet)]
struct RouteLabels {
    route: String,
}

fn latency_histogram() -> Histogram {
    // 0.1 ms … ~1.6 s.
    Histogram::new(exponential_buckets(0.0001, 2.0, 15))
}

/// The server's metrics, in their own registry (no global recorder, so several servers can run in
/// one process, as the tests do).
pub struct Metrics {
    registry: Registry,
    requests: Family<RequestLabels, Counter>,
    latency: Family<RouteLabels, Histogram, fn() -> Histogram>,
    subjects: Counter,
    entities: Gauge,
    names: Gauge,
    lists: Gauge,
    reloads: Counter,
    reload_failures: Counter,
    reload_seconds: Histogram,
    audit_records: Counter,
    audit_failures: Counter,
    audit_commit_seconds: Histogram,
    audit_queue: Gauge,
    rejected: Family<RejectLabels, Counter>,
}

impl std::fmt::Debug for Metrics {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("Metrics")
    }
}

impl Default for Metrics {
    fn default() -> Self {
        Self::new()
    }
}

impl Metrics {
    /// A fresh registry with every metric registered.
    pub fn new() -> Self {
        let mut registry = Registry::with_prefix("namesake");
        let requests = Family::<RequestLabels, Counter>::default();
        registry.register(
            "http_requests",
            "HTTP requests by route template, method and status",
            requests.clone(),
        );
        let latency = Family::<RouteLabels, Histogram, fn() -> Histogram>::new_with_constructor(
            latency_histogram,
        );
        registry.register(
            "http_request_duration_seconds",
            "Time from request to response, by route template",
            latency.clone(),
        );
        let subjects = Counter::default();
        registry.register(
            "screened_subjects",
            "Subjects screened (each query of a batch counts)",
            subjects.clone(),
        );
        let entities = Gauge::default();
        registry.register(
            "index_entities",
            "Entities in the loaded index",
            entities.clone(),
        );
        let names = Gauge::default();
        registry.register("index_names", "Names in the loaded index", names.clone());
        let lists = Gauge::default();
        registry.register("index_lists", "Lists in the loaded index", lists.clone());
        let reloads = Counter::default();
        registry.register(
            "index_reloads",
            "Successful index loads and reloads",
            reloads.clone(),
        );
        let reload_failures = Counter::default();
        registry.register(
            "index_reload_failures",
            "Failed reloads (the previous index stayed in service)",
            reload_failures.clone(),
        );
        let reload_seconds = Histogram::new(exponential_buckets(0.01, 2.0, 12));
        registry.register(
            "index_reload_duration_seconds",
            "Time to load or rebuild the index",
            reload_seconds.clone(),
        );
        let audit_records = Counter::default();
        registry.register(
            "audit_records",
            "Screening records committed to the audit log",
            audit_records.clone(),
        );
        let audit_failures = Counter::default();
        registry.register(
            "audit_commit_failures",
            "Audit commits that failed (their requests were answered 503)",
            audit_failures.clone(),
        );
        let audit_commit_seconds = Histogram::new(exponential_buckets(0.0001, 2.0, 15));
        registry.register(
            "audit_commit_duration_seconds",
            "Time to commit one group of audit records",
            audit_commit_seconds.clone(),
        );
        let audit_queue = Gauge::default();
        registry.register(
            "audit_queue_depth",
            "Requests waiting for their audit record to commit",
            audit_queue.clone(),
        );
        let rejected = Family::<RejectLabels, Counter>::default();
        registry.register(
            "rejected_requests",
            "Requests refused by a limit, by reason (rate, concurrency, size…)",
            rejected.clone(),
        );
        Metrics {
            registry,
            audit_records,
            audit_failures,
            audit_commit_seconds,
            audit_queue,
            rejected,
            requests,
            latency,
            subjects,
            entities,
            names,
            lists,
            reloads,
            reload_failures,
            reload_seconds,
        }
    }

    /// Counts one finished request.
    pub fn observe_request(&self, method: &str, route: &str, status: u16, took: Duration) {
        self.requests
            .get_or_create(&RequestLabels {
                method: method_label(method).to_string(),
                route: route.to_string(),
                status,
            })
            .inc();
        self.latency
            .get_or_create(&RouteLabels {
                route: route.to_string(),
            })
            .observe(took.as_secs_f64());
    }

    /// Counts screened subjects.
    pub fn add_subjects(&self, n: usize) {
        self.subjects.inc_by(n as u64);
    }

    /// Records a successful load of an index of this size.
    pub fn index_loaded(&self, lists: usize, entities: usize, names: usize, took: Duration) {
        self.lists.set(lists as i64);
        self.entities.set(entities as i64);
        self.names.set(names as i64);
        self.reloads.inc();
        self.reload_seconds.observe(took.as_secs_f64());
    }

    /// A hook for the audit writer: counts each commit and its time.
    pub fn audit_hook(&self) -> impl Fn(namesake_screening::CommitReport) + Send + Sync + 'static {
        let (records, failures, seconds) = (
            self.audit_records.clone(),
            self.audit_failures.clone(),
            self.audit_commit_seconds.clone(),
        );
        move |r| {
            if r.ok {
                records.inc_by(r.records as u64);
            } else {
                failures.inc();
            }
            seconds.observe(r.took.as_secs_f64());
        }
    }

    /// Sets the audit queue depth.
    pub fn audit_queue_depth(&self, depth: usize) {
        self.audit_queue.set(depth as i64);
    }

    /// Counts a request refused by a limit.
    pub fn rejected(&self, reason: &str) {
        self.rejected
            .get_or_create(&RejectLabels {
                reason: reason.to_string(),
            })
            .inc();
    }

    /// Records a failed reload.
    pub fn reload_failed(&self) {
        self.reload_failures.inc();
    }

    /// The metrics in the Prometheus text format.
    pub fn render(&self) -> String {
        let mut out = String::new();
        // Writing to a String cannot fail.
        let _ = prometheus_client::encoding::text::encode(&mut out, &self.registry);
        out
    }
}
