//! Who is in a panel and how they get there.
pub mod handlers;
pub mod open_join;
pub mod service;
