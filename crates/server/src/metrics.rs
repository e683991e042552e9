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
        Metrics {
            registry,
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
                method: method.to_string(),
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
