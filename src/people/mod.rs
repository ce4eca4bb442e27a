//! People and organisations: accounts, invitations, personal settings, API tokens and the
//! admin pages for them.
pub mod handlers;
pub mod model;
pub mod service;
pub mod store;
