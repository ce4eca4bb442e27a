//! A confirmed workshop: its page, registration with a waiting list, the participant list,
//! and the facilitators' new time or cancellation that everyone with a seat hears of.
pub mod api;
pub mod command;
pub mod handlers;
pub mod service;
