//! The app's clock: what "now" is for one running Lupa. Normally the system's time; set with
//! `LUPA_CLOCK__START` (or `lupa demo --today`, or `TestApp::spawn_at` in the tests) it starts
//! at a chosen instant and runs on from there, so a whole site can live on Christmas Eve or on
//! the night the clocks go back.
//!
//! `db::now()` reads the clock of the current app through a task-local that the request layer
//! (`layer`) sets around every request and `spawn` carries into the background workers; outside
//! any scope it is the system's time. It is per task, not per process, because the tests run
//! many apps at different instants in one process.
use std::future::Future;

use axum::{
    extract::{Request, State},
    middleware::Next,
    response::Response,
};
use chrono::{DateTime, TimeDelta, Utc};

/// A clock: the system's time moved by a fixed distance (zero for the system clock).
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Clock {
    offset: TimeDelta,
}

impl Clock {
    /// The system's time.
    pub const SYSTEM: Clock = Clock {
        offset: TimeDelta::zero(),
    };

    /// A clock that shows `start` now and runs on at the usual speed.
    pub fn starting_at(start: DateTime<Utc>) -> Clock {
        Clock {
            offset: start - Utc::now(),
        }
    }

    /// This clock's time.
    pub fn now(&self) -> DateTime<Utc> {
        Utc::now() + self.offset
    }
}

tokio::task_local! {
    static CURRENT: Clock;
}

/// The clock of the task that asks (the system's time outside any `scope`).
pub fn current() -> Clock {
    CURRENT.try_with(|c| *c).unwrap_or(Clock::SYSTEM)
}

/// The current clock's time (`db::now()` truncates it to seconds for storage).
pub fn now() -> DateTime<Utc> {
    current().now()
}

/// Run `work` with `clock` as its clock.
pub async fn scope<F: Future>(clock: Clock, work: F) -> F::Output {
    CURRENT.scope(clock, work).await
}

/// `tokio::spawn` that keeps the caller's clock: a spawned task does not inherit task-locals,
/// so background workers are started through this.
pub fn spawn<F>(work: F) -> tokio::task::JoinHandle<F::Output>
where
    F: Future + Send + 'static,
    F::Output: Send + 'static,
{
    tokio::spawn(CURRENT.scope(current(), work))
}

/// The request layer: every request runs on the app's clock.
pub async fn layer(State(clock): State<Clock>, request: Request, next: Next) -> Response {
    CURRENT.scope(clock, next.run(request)).await
}

#[cfg(test)]
mod tests {
    use super::*;

    fn at(s: &str) -> DateTime<Utc> {
        DateTime::parse_from_rfc3339(s).unwrap().to_utc()
    }

    #[test]
    fn a_started_clock_shows_its_start_and_runs_on() {
        let start = at("2026-12-24T22:30:00+02:00");
        let clock = Clock::starting_at(start);
        let shown = clock.now();
        assert!(
            shown >= start && shown - start < TimeDelta::seconds(5),
            "{shown}"
        );
        std::thread::sleep(std::time::Duration::from_millis(20));
        assert!(clock.now() > shown, "it runs on");
    }

    #[tokio::test]
    async fn now_is_the_scopes_clock_and_the_system_time_outside_any_scope() {
        let new_year = at("2026-12-31T23:30:00+02:00");
        let system = now();
        assert!((system - Utc::now()).abs() < TimeDelta::seconds(5));
        let inside = scope(Clock::starting_at(new_year), async { now() }).await;
        assert!(
            (inside - new_year).abs() < TimeDelta::seconds(5),
            "{inside}"
        );
        assert!(
            (now() - Utc::now()).abs() < TimeDelta::seconds(5),
            "the scope ended"
        );
    }

    #[tokio::test]
    async fn a_task_spawned_through_spawn_keeps_the_callers_clock() {
        let dst_end = at("2027-10-31T03:30:00+02:00");
        let (kept, lost) = scope(Clock::starting_at(dst_end), async {
            let kept = spawn(async { now() }).await.unwrap();
            let lost = tokio::spawn(async { now() }).await.unwrap();
            (kept, lost)
        })
        .await;
        assert!((kept - dst_end).abs() < TimeDelta::seconds(5), "{kept}");
        assert!((lost - Utc::now()).abs() < TimeDelta::seconds(5), "{lost}");
    }

    #[tokio::test]
    async fn two_scopes_at_once_keep_their_own_clocks() {
        let eve = at("2026-12-24T12:00:00+02:00");
        let sunday = at("2026-12-06T00:30:00+02:00");
        let (a, b) = tokio::join!(
            scope(Clock::starting_at(eve), async {
                tokio::task::yield_now().await;
                now()
            }),
            scope(Clock::starting_at(sunday), async {
                tokio::task::yield_now().await;
                now()
            }),
        );
        assert!((a - eve).abs() < TimeDelta::seconds(5));
        assert!((b - sunday).abs() < TimeDelta::seconds(5));
    }
}
