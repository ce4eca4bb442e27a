//! A panel's settings: created and edited by admins, editors and its facilitators.
pub mod service;
