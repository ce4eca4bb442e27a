//! The integration tests: one binary, each test against a real Lupa on a fresh database.
mod helpers;

mod accessibility;
mod api;
mod auth;
mod blog;
mod cli;
mod comments;
mod errors;
mod feeds;
mod health;
mod people;
mod search;
mod sessions;
mod setup;
mod smtp;
