//! JSON API v1 for scheduling polls, slot answers, workshops and registrations (the routes are
//! in `mod.rs`'s `api()`, where the OpenAPI check reads them).
