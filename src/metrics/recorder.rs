//! This node's metrics registry: one Prometheus recorder per app, not the process-wide one,
//! so two apps in one process (the tests' nodes) count apart. Below `AppState`.
use std::{sync::Arc, time::Duration};

use metrics::{Key, Label, Level, Metadata, Recorder};
use metrics_exporter_prometheus::{
    Matcher, PrometheusBuilder, PrometheusHandle, PrometheusRecorder,
};

/// Requests served, by method, route pattern and status.
pub const REQUESTS: &str = "lupa_http_requests_total";
/// How long requests took, by method and route pattern.
pub const REQUEST_SECONDS: &str = "lupa_http_request_duration_seconds";

/// Visitors' page requests the page cache answered (`result="hit"`) or rendered
/// (`result="miss"`).
pub const PAGE_CACHE: &str = "lupa_page_cache_requests_total";

/// Histogram buckets for request latency, in seconds (5 ms to 10 s).
const LATENCY_BUCKETS: &[f64] = &[
    0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1.0, 2.5, 5.0, 10.0,
];

const METADATA: Metadata<'static> = Metadata::new("lupa", Level::INFO, Some("lupa::metrics"));

/// The recorder and its renderer; cheap to clone.
#[derive(Clone)]
pub struct Metrics {
    recorder: Arc<PrometheusRecorder>,
    handle: PrometheusHandle,
}

impl Default for Metrics {
    fn default() -> Self {
        Self::new()
    }
}

impl Metrics {
    pub fn new() -> Self {
        let recorder = PrometheusBuilder::new()
            .set_buckets_for_metric(Matcher::Full(REQUEST_SECONDS.to_owned()), LATENCY_BUCKETS)
            .expect("the latency buckets are not empty")
            .build_recorder();
        let handle = recorder.handle();
        Self {
            recorder: Arc::new(recorder),
            handle,
        }
    }

    /// Count one request and record how long it took.
    pub fn request(&self, method: &str, route: &str, status: u16, elapsed: Duration) {
        let labels = |extra: Option<Label>| {
            let mut l = vec![
                Label::new("method", method.to_owned()),
                Label::new("route", route.to_owned()),
            ];
            l.extend(extra);
            l
        };
        let status = Label::new("status", status.to_string());
        self.recorder
            .register_counter(&Key::from_parts(REQUESTS, labels(Some(status))), &METADATA)
            .increment(1);
        self.recorder
            .register_histogram(&Key::from_parts(REQUEST_SECONDS, labels(None)), &METADATA)
            .record(elapsed.as_secs_f64());
    }

    /// Count one cacheable request by whether the page cache had it.
    pub fn page_cache(&self, result: &'static str) {
        let labels = vec![Label::new("result", result)];
        self.recorder
            .register_counter(&Key::from_parts(PAGE_CACHE, labels), &METADATA)
            .increment(1);
    }

    /// Set a gauge (sampled when `/metrics` is read).
    pub fn gauge(&self, name: &'static str, labels: &[(&'static str, &str)], value: f64) {
        let labels: Vec<Label> = labels
            .iter()
            .map(|(k, v)| Label::new(*k, (*v).to_owned()))
            .collect();
        self.recorder
            .register_gauge(&Key::from_parts(name, labels), &METADATA)
            .set(value);
    }

    /// Everything recorded so far, in the Prometheus text format.
    pub fn render(&self) -> String {
        self.handle.run_upkeep();
        self.handle.render()
    }
}
