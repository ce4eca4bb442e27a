//! Finding a time for a workshop: a scheduling poll (not a panel task) with candidate times
//! that members answer yes, if need be, or no; a facilitator confirms one, which makes the
//! workshop.
pub mod api;
pub mod command;
pub mod handlers;
pub mod service;
