//! `/metrics` in the Prometheus text format, on its own listener (`LUPA_METRICS__BIND`), never
//! on the site's port: requests by route pattern and status with latency histograms (counted
//! by `http::count_requests` on the site), and gauges sampled when it is read.
pub mod endpoint;
pub mod gauges;
pub mod http;
pub mod recorder;

pub use recorder::Metrics;
