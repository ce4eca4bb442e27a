//! The integration tests: one binary, each test against a real Lupa on a fresh database.
mod helpers;

mod accessibility;
mod api;
mod auth;
mod blog;
mod cli;
mod comments;
mod email;
mod errors;
mod feeds;
mod health;
mod panels;
mod people;
mod polls;
mod search;
mod search_api;
mod search_durability;
mod search_relevance;
mod sessions;
mod setup;
mod smtp;
mod tasks_api;
mod workshop_agenda;
mod workshop_reminders;
mod workshops;
mod workshops_api;
