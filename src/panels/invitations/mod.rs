//! Invitations by email.
pub mod handlers;
pub mod service;
