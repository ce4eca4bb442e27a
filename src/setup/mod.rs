//! The one-time setup form shown on an empty database: network name, default language and the
//! first administrator with their organisation.
pub mod handlers;
pub mod page;
pub mod service;
