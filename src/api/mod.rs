//! The JSON API under `/api/v1`: bearer-token callers, posts and comments, and the OpenAPI
//! document that describes it (`openapi.json`).
pub mod auth;
pub mod handlers;
pub mod model;
pub mod openapi;
