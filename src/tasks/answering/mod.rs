//! Answering a task: the answer form's page and the one parser of answers.
pub mod handlers;
pub mod model;
